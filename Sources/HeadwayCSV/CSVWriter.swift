#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered RFC 4180 writer.
///
/// Fields are quoted only when they contain a comma, a quote, CR or LF; quotes are
/// doubled. Numbers use `.` as the decimal point and a fixed number of decimals.
/// A non-finite number is written as an empty field (callers never pass one:
/// results are validated upstream; this is a last line of defence against
/// emitting NaN or inf).
public final class CSVWriter {
    // No run-time exclusivity checks on the buffer and the field count: they are touched on every
    // cell (the checks cost about a tenth of a CSV's formatting time), only by this writer's own
    // methods, and no method opens an access to them while calling out (the sink is called on a copy).
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    @exclusivity(unchecked) private var fieldsInRecord = 0
    private var flushThreshold = 1 << 16

    /// Writes to a file descriptor (1 = standard output).
    public convenience init(fileDescriptor fd: Int32) {
        self.init { chunk in
            try chunk.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let n = write(fd, raw.baseAddress! + off, raw.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw CSVError(file: "<output>", line: 0, column: 0, reason: "write error: \(String(cString: strerror(errno)))")
                    }
                    off += n
                }
            }
        }
    }

    /// Writes to a closure receiving chunks of bytes.
    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        bytes.reserveCapacity(flushThreshold + 1024)
    }

    /// A writer that only collects records, for ``append(recordsOf:)`` into another writer
    /// (rows formatted on several threads, written in input order).
    public static func records() -> CSVWriter {
        let w = CSVWriter { _ in }
        w.flushThreshold = Int.max
        return w
    }

    /// Collects everything in memory; read it with ``contents``.
    public static func inMemory() -> (CSVWriter, () -> String) {
        final class Box: @unchecked Sendable { var data: [UInt8] = [] }
        let box = Box()
        let w = CSVWriter { box.data.append(contentsOf: $0) }
        return (w, { try? w.flush(); return String(decoding: box.data, as: UTF8.self) })
    }

    private func separator() {
        if fieldsInRecord > 0 { bytes.append(0x2C) }
        fieldsInRecord += 1
    }

    /// `count` empty fields (a block of columns a row has no values for).
    public func emptyFields(_ count: Int) {
        guard count > 0 else { return }
        if fieldsInRecord > 0 {
            bytes.append(contentsOf: repeatElement(0x2C, count: count))
        } else {
            bytes.append(contentsOf: repeatElement(0x2C, count: count - 1))
        }
        fieldsInRecord += count
    }

    /// A text field, quoted when needed.
    public func field(_ s: String) {
        separator()
        var needsQuotes = false
        for u in s.utf8 where u == 0x2C || u == 0x22 || u == 0x0A || u == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            bytes.append(contentsOf: s.utf8)
            return
        }
        bytes.append(0x22)
        for u in s.utf8 {
            if u == 0x22 { bytes.append(0x22) }
            bytes.append(u)
        }
        bytes.append(0x22)
    }

    /// An optional text field; `nil` is written empty.
    public func field(_ s: String?) {
        if let s { field(s) } else { separator() }
    }

    public func field(_ v: Int) {
        separator()
        appendInt(v)
    }

    public func field(_ v: Int?) {
        if let v { field(v) } else { separator() }
    }

    public func field(_ v: Bool?) {
        if let v { field(v ? "true" : "false") } else { separator() }
    }

    /// A number with exactly `decimals` digits after the point (round half away
    /// from zero); `nil` and non-finite values are written empty; `-0` prints as `0`.
    public func field(_ v: Double?, decimals: Int) {
        separator()
        guard let v, v.isFinite else { return }
        NumberText.appendFixed(v, decimals: decimals, to: &bytes)
    }

    /// A number with `digits` significant digits as C's `printf("%.*g")`
    /// (``NumberText/appendSignificant(_:digits:to:)``); `nil` and non-finite values are written empty.
    public func field(significant v: Double?, digits: Int) {
        separator()
        guard let v, v.isFinite else { return }
        NumberText.appendSignificant(v, digits: digits, to: &bytes)
    }

    /// Appends the bytes written so far by `other` (whole records) and empties it: rows formatted
    /// on other threads join the output in order.
    public func append(recordsOf other: CSVWriter) throws {
        // Each access to a buffer is on its own (no access to one buffer while another is open),
        // so that the optimizer can drop the run-time exclusivity checks of `bytes` everywhere.
        let records = other.takeBytes()
        bytes.append(contentsOf: records)
        if bytes.count >= flushThreshold { try flush() }
    }

    /// A date as `YYYY-MM-DD` from days since 1970-01-01; `nil` is written empty.
    public func field(date days: Int?) {
        separator()
        guard let days else { return }
        let (y, m, d) = CivilCalendar.components(days: days)
        guard (0...9999).contains(y) else {
            bytes.append(contentsOf: CivilCalendar.isoString(days: days).utf8)
            return
        }
        // YYYY-MM-DD as digits (what `isoString` builds, without its four `String`s).
        bytes.append(UInt8(truncatingIfNeeded: y / 1000) &+ 0x30)
        bytes.append(UInt8(truncatingIfNeeded: y / 100 % 10) &+ 0x30)
        bytes.append(UInt8(truncatingIfNeeded: y / 10 % 10) &+ 0x30)
        bytes.append(UInt8(truncatingIfNeeded: y % 10) &+ 0x30)
        bytes.append(0x2D)
        bytes.append(UInt8(truncatingIfNeeded: m / 10) &+ 0x30)
        bytes.append(UInt8(truncatingIfNeeded: m % 10) &+ 0x30)
        bytes.append(0x2D)
        bytes.append(UInt8(truncatingIfNeeded: d / 10) &+ 0x30)
        bytes.append(UInt8(truncatingIfNeeded: d % 10) &+ 0x30)
    }

    public func row(_ fields: [String]) throws {
        for f in fields { field(f) }
        try endRecord()
    }

    /// Ends the record with LF (the Unix convention; RFC 4180 readers accept it).
    public func endRecord() throws {
        bytes.append(0x0A)
        fieldsInRecord = 0
        if bytes.count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        guard !bytes.isEmpty else { return }
        let chunk = bytes   // the sink is called outside any access to `bytes` (see `append(recordsOf:)`)
        try sink(chunk)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The bytes written so far, leaving the buffer empty.
    private func takeBytes() -> [UInt8] {
        let out = bytes
        bytes = []
        return out
    }

    private func appendInt(_ v: Int) {
        if v == 0 { bytes.append(0x30); return }
        var x = v.magnitude
        if v < 0 { bytes.append(0x2D) }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            while x > 0 { t[n] = UInt8(x % 10) + 0x30; x /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(t[k]) }
        }
    }
}

/// Fixed-precision number formatting used by every CSV and table output.
public enum NumberFormat {
    /// `v` with exactly `decimals` digits after the point, half away from zero.
    /// Values too large for exact scaling fall back to `String(describing:)`.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        var b: [UInt8] = []
        b.reserveCapacity(24)
        NumberText.appendFixed(v, decimals: decimals, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// The previous, String-building implementation of ``fixed(_:decimals:)``, kept as the
    /// reference the byte-buffer version is tested against.
    static func fixedReference(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return "" }
        let d = max(0, min(decimals, 12))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return String(v) }
        var units = UInt64(scaled)
        let negative = v < 0 && units != 0
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var k = 0
        repeat {
            digits.append(UInt8(units % 10) + 0x30)
            units /= 10
            k += 1
            if k == d && d > 0 { digits.append(0x2E) }
        } while units > 0 || k <= d
        if negative { digits.append(0x2D) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
