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
    // The buffer is raw memory owned by the writer (a pointer, its length and capacity): a cell
    // reserves room once and writes its separator and digits straight into it, without an
    // `Array` append per byte or per cell. No run-time exclusivity checks on these and the field
    // count: they are touched on every cell (the checks cost about a tenth of a CSV's formatting
    // time), only by this writer's own methods, and no method opens an access to them while
    // calling out (the sink is lent the bytes after `count` is reset, and cannot reach these).
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int
    /// Receives full buffers: the writer's own bytes, lent for the call (no copy per flush).
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    @exclusivity(unchecked) private var fieldsInRecord = 0
    private var flushThreshold = 1 << 16

    /// Writes to a file descriptor (1 = standard output).
    public convenience init(fileDescriptor fd: Int32) {
        self.init(borrowing: { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: "<output>", line: 0, column: 0, reason: "write error: \(String(cString: strerror(errno)))")
                }
                off += n
            }
        })
    }

    /// Writes to a closure receiving chunks of bytes (each a copy it may keep).
    public convenience init(sink: @escaping ([UInt8]) throws -> Void) {
        self.init(borrowing: { try sink(Array($0.bindMemory(to: UInt8.self))) })
    }

    /// Writes to a closure that is lent each chunk of bytes for the duration of the call: the
    /// writer's own buffer (or a block of ``append(recordsOf:)``'s), not a copy. The closure
    /// must not keep the pointer, nor write to this writer. `initialCapacity` is the buffer's
    /// first size in bytes (it grows as needed).
    public init(borrowing sink: @escaping (UnsafeRawBufferPointer) throws -> Void, initialCapacity: Int? = nil) {
        self.sink = sink
        capacity = max(initialCapacity ?? 0, flushThreshold + 1024)
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// A writer that only collects records, for ``append(recordsOf:)`` into another writer
    /// (rows formatted on several threads, written in input order).
    /// `initialCapacity` is the buffer's first size in bytes: about what the records will take
    /// spares the copies of growing it.
    public static func records(initialCapacity: Int? = nil) -> CSVWriter {
        let w = CSVWriter(borrowing: { _ in }, initialCapacity: initialCapacity)
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

    /// Room for `n` more bytes: where to write them (then add what was written to `count`).
    @inline(__always)
    private func room(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity &- count < n { grow(n) }
        return base + count
    }

    @inline(never)
    private func grow(_ n: Int) {
        let newCapacity = max(capacity * 2, count + n)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    /// The separator before a field (none before the first), as a byte count at `p`.
    @inline(__always)
    private func separator(at p: UnsafeMutablePointer<UInt8>) -> Int {
        defer { fieldsInRecord += 1 }
        if fieldsInRecord > 0 { p[0] = 0x2C; return 1 }
        return 0
    }

    private func separator() {
        count += separator(at: room(1))
    }

    /// `count` empty fields (a block of columns a row has no values for).
    public func emptyFields(_ count: Int) {
        guard count > 0 else { return }
        let commas = fieldsInRecord > 0 ? count : count - 1
        room(commas).initialize(repeating: 0x2C, count: commas)
        self.count += commas
        fieldsInRecord += count
    }

    /// A text field, quoted when needed.
    public func field(_ s: String) {
        var s = s   // `withUTF8` needs a variable; a native string is not copied
        s.withUTF8 { text($0) }
    }

    /// A text field from its UTF-8 bytes: copied while looking for a byte that needs quoting
    /// (one pass), written again quoted in the rare case that one does.
    private func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        let sep = fieldsInRecord > 0 ? 1 : 0
        fieldsInRecord += 1
        let p = room(sep + n)
        if sep == 1 { p.pointee = 0x2C }
        let q = p + sep
        var needsQuotes = false
        for k in 0..<n {
            let u = utf8[k]
            q[k] = u
            if u == 0x2C || u == 0x22 || u == 0x0A || u == 0x0D { needsQuotes = true }
        }
        if !needsQuotes {
            count += sep + n
            return
        }
        let r = room(sep + 2 * n + 2)   // may move the buffer: the separator again
        if sep == 1 { r.pointee = 0x2C }
        var i = sep
        r[i] = 0x22; i += 1
        for u in utf8 {
            if u == 0x22 { r[i] = 0x22; i += 1 }
            r[i] = u; i += 1
        }
        r[i] = 0x22; i += 1
        count += i
    }

    /// An optional text field; `nil` is written empty.
    public func field(_ s: String?) {
        if let s { field(s) } else { separator() }
    }

    public func field(_ v: Int) {
        let p = room(22)
        let i = separator(at: p)
        count += i + Self.writeInt(v, to: p + i)
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
        let p = room(NumberText.maxLength + 1)
        var i = separator(at: p)
        if let v { i += NumberText.writeFixed(v, decimals: decimals, to: p + i) }   // nothing for a non-finite v
        count += i
    }

    /// A number with `digits` significant digits as C's `printf("%.*g")`
    /// (``NumberText/appendSignificant(_:digits:to:)``); `nil` and non-finite values are written empty.
    public func field(significant v: Double?, digits: Int) {
        let p = room(NumberText.maxLength + 1)
        var i = separator(at: p)
        if let v { i += NumberText.writeSignificant(v, digits: digits, to: p + i) }   // nothing for a non-finite v
        count += i
    }

    /// Appends the bytes written so far by `other` (whole records) and empties it: rows formatted
    /// on other threads join the output in order.
    ///
    /// A block at least as large as the flush threshold goes to the sink straight from `other`'s
    /// buffer (after what this writer holds), without a copy into this one.
    public func append(recordsOf other: CSVWriter) throws {
        guard other !== self else { return }
        let n = other.count
        if n >= flushThreshold {
            try flush()
            other.count = 0
            try sink(UnsafeRawBufferPointer(start: other.base, count: n))
            return
        }
        room(n).update(from: other.base, count: n)
        count += n
        other.count = 0
        if count >= flushThreshold { try flush() }
    }

    /// A date as `YYYY-MM-DD` from days since 1970-01-01; `nil` is written empty.
    public func field(date days: Int?) {
        guard let days else { separator(); return }
        let (y, m, d) = CivilCalendar.components(days: days)
        guard (0...9999).contains(y) else {
            field(CivilCalendar.isoString(days: days))
            return
        }
        // YYYY-MM-DD as zero-padded digits (what `isoString` builds, without its four `String`s).
        let p = room(11)
        let i = separator(at: p)
        let q = p + i, pairs = NumberText.tables.pairs
        NumberText.writeDigits(UInt64(y), count: 4, endingAt: q + 4, pairs: pairs)
        q[4] = 0x2D
        NumberText.writeDigits(UInt64(m), count: 2, endingAt: q + 7, pairs: pairs)
        q[7] = 0x2D
        NumberText.writeDigits(UInt64(d), count: 2, endingAt: q + 10, pairs: pairs)
        count += i + 10
    }

    public func row(_ fields: [String]) throws {
        for f in fields { field(f) }
        try endRecord()
    }

    /// Ends the record with LF (the Unix convention; RFC 4180 readers accept it).
    public func endRecord() throws {
        room(1).pointee = 0x0A
        count += 1
        fieldsInRecord = 0
        if count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        guard count > 0 else { return }
        let n = count
        count = 0   // before the call: a sink that throws leaves nothing to write twice
        try sink(UnsafeRawBufferPointer(start: base, count: n))
    }

    /// The decimal digits of `v` (at most 20 bytes, with a sign) at `out`; returns their count.
    @inline(__always)
    private static func writeInt(_ v: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        if v < 0 { out[0] = 0x2D; i = 1 }
        let x = v.magnitude
        let pow10u = NumberText.tables.pow10u
        var digits = 1
        while digits < 20 && x >= pow10u[digits] { digits += 1 }
        NumberText.writeDigits(UInt64(x), count: digits, endingAt: out + i + digits, pairs: NumberText.tables.pairs)
        return i + digits
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
