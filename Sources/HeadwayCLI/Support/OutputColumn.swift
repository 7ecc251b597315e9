import Headway
import HeadwayCSV

/// One column of a per-episode CSV or table: a snake_case name and how to print a row's
/// value with a given number of decimals. Shared by `trend` and `flags`.
struct OutputColumn<Row>: Sendable {
    let name: String
    let value: @Sendable (Row, Int) -> String

    init(name: String, value: @escaping @Sendable (Row, Int) -> String) {
        self.name = name
        self.value = value
    }

    /// A number with the chosen decimals (empty when absent or not finite).
    static func number(_ name: String, _ f: @escaping @Sendable (Row) -> Double?) -> OutputColumn {
        OutputColumn(name: name) { row, digits in CellText.number(f(row), digits) }
    }

    /// Text (empty when absent).
    static func text(_ name: String, _ f: @escaping @Sendable (Row) -> String?) -> OutputColumn {
        OutputColumn(name: name) { row, _ in f(row) ?? "" }
    }
}

/// How cells print: fixed decimals, ISO dates, `true`/`false`.
enum CellText {
    static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        return NumberFormat.fixed(v, decimals: digits)
    }
    static func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "" }
    static func bool(_ v: Bool?) -> String? { v.map { $0 ? "true" : "false" } }
}
