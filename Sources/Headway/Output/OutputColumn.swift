#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// One column of a per-episode CSV or table: a snake_case name and how to print a row's
/// value with a given number of decimals. Shared by every command's CSV and table output
/// (docs/output.md): the column definitions live in the library, the CLI only writes them.
public struct OutputColumn<Row>: Sendable {
    public let name: String
    public let value: @Sendable (Row, Int) -> String
    /// Writes the cell straight into a CSV writer (numbers as digits in its byte buffer, no
    /// `String` per cell); the same text as `value`.
    public let write: @Sendable (Row, Int, CSVWriter) -> Void

    public init(name: String, value: @escaping @Sendable (Row, Int) -> String) {
        self.name = name
        self.value = value
        write = { row, digits, w in w.field(value(row, digits)) }
    }

    public init(name: String, value: @escaping @Sendable (Row, Int) -> String, write: @escaping @Sendable (Row, Int, CSVWriter) -> Void) {
        self.name = name
        self.value = value
        self.write = write
    }

    /// Writes `row`'s cells of `columns` into `w`, in order (one CSV record's fields; the caller
    /// ends the record). The columns are read in place: a `for c in columns` loop copied each
    /// column, retaining and releasing its name and closures once per cell, which was a fifth of
    /// writing tens of millions of cells.
    @inline(__always)
    public static func write(_ columns: [OutputColumn], _ row: Row, digits: Int, to w: CSVWriter) {
        columns.withUnsafeBufferPointer { columns in
            for k in columns.indices { columns[k].write(row, digits, w) }
        }
    }

    /// A number with the chosen decimals (empty when absent or not finite).
    public static func number(_ name: String, _ f: @escaping @Sendable (Row) -> Double?) -> OutputColumn {
        OutputColumn(name: name, value: { row, digits in CellText.number(f(row), digits) },
                     write: { row, digits, w in w.field(f(row), decimals: digits) })
    }

    /// A score: an integer when whole (`21`, as every command writes scores), else the chosen
    /// decimals (docs/output.md).
    public static func score(_ name: String, _ f: @escaping @Sendable (Row) -> Double?) -> OutputColumn {
        OutputColumn(name: name, value: { row, digits in CellText.score(f(row), digits) }, write: { row, digits, w in
            writeScore(f(row), digits: digits, to: w)
        })
    }

    /// ``CellText/score(_:_:)`` as digits in the writer's buffer: an integer when whole (below
    /// 1e15), else `digits` decimals; empty when absent or not finite.
    @inline(__always)
    public static func writeScore(_ v: Double?, digits: Int, to w: CSVWriter) {
        guard let v, v.isFinite else { w.field(nil as String?); return }
        if v == v.rounded(), abs(v) < 1e15 { w.field(Int(v)) } else { w.field(v, decimals: digits) }
    }

    /// A p-value (or another value that can be tiny) with `digits` significant digits, see
    /// ``CellText/significant(_:_:)``.
    public static func pValue(_ name: String, _ f: @escaping @Sendable (Row) -> Double?) -> OutputColumn {
        OutputColumn(name: name, value: { row, digits in CellText.significant(f(row), digits) },
                     write: { row, digits, w in w.field(significant: f(row), digits: digits) })
    }

    /// An integer (empty when absent), written as digits.
    public static func integer(_ name: String, _ f: @escaping @Sendable (Row) -> Int?) -> OutputColumn {
        OutputColumn(name: name, value: { row, _ in f(row).map(String.init) ?? "" }, write: { row, _, w in w.field(f(row)) })
    }

    /// A date as ISO 8601 `YYYY-MM-DD` from days since 1970-01-01 (empty when absent), written as digits.
    public static func date(_ name: String, _ f: @escaping @Sendable (Row) -> Int?) -> OutputColumn {
        OutputColumn(name: name, value: { row, _ in CellText.date(f(row)) }, write: { row, _, w in w.field(date: f(row)) })
    }

    /// Text (empty when absent).
    public static func text(_ name: String, _ f: @escaping @Sendable (Row) -> String?) -> OutputColumn {
        OutputColumn(name: name, value: { row, _ in f(row) ?? "" }, write: { row, _, w in w.field(f(row)) })
    }
}

/// How cells print: fixed decimals, significant digits for p-values, ISO dates, `true`/`false`.
public enum CellText {
    public static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        return NumberFormat.fixed(v, decimals: digits)
    }

    /// `v` with `digits` significant digits (at least 1), exactly as C's `printf("%.*g")`:
    /// plain decimals for 1e-4 ≤ |v| < 10^digits, scientific notation otherwise, trailing zeros
    /// dropped. So a p-value of 1.144585e-07 keeps its digits (`1.14459e-07` with the default
    /// `--digits 6`) where fixed decimals would print `0.000000`; 0.05 prints `0.05`.
    /// Empty when absent or not finite.
    public static func significant(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        return NumberText.significant(v, digits: digits)
    }
    public static func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "" }

    /// A score: an integer when whole (below 1e15), else ``number(_:_:)``.
    public static func score(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return number(v, digits)
    }
    public static func bool(_ v: Bool?) -> String? { v.map { $0 ? "true" : "false" } }
}
