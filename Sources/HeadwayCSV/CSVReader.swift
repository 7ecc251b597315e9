#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming, byte-level RFC 4180 reader.
///
/// - Reads fixed-size chunks (1 MiB by default) from a file descriptor, so memory
///   does not grow with the file; a record longer than the buffer grows it.
/// - Handles quoted fields, doubled quotes, embedded commas and newlines, CRLF or
///   LF line ends, and a leading UTF-8 byte-order mark.
/// - Builds no `String` per field: each ``CSVRecord`` is a view into the buffer.
/// - Blank lines (no bytes between line ends, or only a carriage return) are skipped and
///   not counted as records. A line holding only `""` is not blank: it is a record of one
///   empty field, which a loader then accepts or rejects like any other row.
///
/// - Bounds memory: a field longer than ``CSVLimits/maxFieldBytes`` makes its record
///   malformed (rejected like any malformed row); a record longer than
///   ``CSVLimits/maxRecordBytes`` stops the read with an error, since it cannot be held.
/// - Reads until its buffer is full (or the input ends) before scanning a partial record
///   again, so a long record arriving in small pieces from a pipe is scanned in linear time.
///
/// Line numbers are physical: a quoted newline advances the count, so a reported
/// line is where a text editor shows the record.
public final class CSVReader {
    public let name: String
    /// Field and record length limits (set before ``forEachRecord(_:)``).
    public var limits = CSVLimits()
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var memory: [UInt8]?          // in-memory source (tests, small inputs)
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 256
    private var boundsCount = 0
    private var eof = false
    /// Bytes still to read from a byte range (``init(path:offset:length:firstLine:)``); unlimited otherwise.
    private var remaining = Int.max
    private var firstLine = 1
    private var skipsByteOrderMark = true
    /// After ``forEachRecord(_:)``: the physical line number just past the last record read
    /// (for a byte range: `firstLine` plus the line ends consumed).
    public private(set) var endLine = 1

    /// Opens `path` for reading; `-` means standard input.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            name = "<stdin>"
        } else {
            let d = open(path, O_RDONLY)
            guard d >= 0 else {
                throw CSVError(file: path, line: 0, column: 0,
                               reason: "cannot open file: \(String(cString: strerror(errno)))")
            }
            fd = d
            ownsDescriptor = true
            name = path
        }
        capacity = max(chunkSize, 4)
        buffer = .allocate(capacity: capacity)
        bounds = .allocate(capacity: 256)
    }

    /// Reads only the bytes `offset ..< offset + length` of the file at `path`, so that a file
    /// can be split at record boundaries and the parts read in parallel. Records are numbered
    /// from `firstLine`; a byte-order mark is skipped only at offset 0. The caller must choose
    /// `offset` at the start of a record (e.g. just after a line feed that is not inside quotes).
    public convenience init(path: String, offset: Int, length: Int, firstLine: Int = 1, chunkSize: Int = 1 << 20) throws {
        try self.init(path: path, chunkSize: chunkSize)
        guard offset >= 0, length >= 0, lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            throw CSVError(file: path, line: 0, column: 0, reason: "cannot seek to byte \(offset)")
        }
        remaining = length
        self.firstLine = firstLine
        skipsByteOrderMark = offset == 0
    }

    /// Reads from bytes in memory (for tests and small inputs).
    public init(bytes: [UInt8], name: String = "<memory>", chunkSize: Int = 1 << 20) {
        fd = -1
        ownsDescriptor = false
        memory = bytes
        self.name = name
        capacity = max(chunkSize, 4)
        buffer = .allocate(capacity: capacity)
        bounds = .allocate(capacity: 256)
    }

    /// Reads from a string in memory.
    public convenience init(string: String, name: String = "<memory>", chunkSize: Int = 1 << 20) {
        self.init(bytes: Array(string.utf8), name: name, chunkSize: chunkSize)
    }

    deinit {
        buffer.deallocate()
        bounds.deallocate()
        if ownsDescriptor { close(fd) }
    }

    private var memoryOffset = 0
    /// Test hook: the most bytes one read returns (a pipe returns at most 64 KiB per read).
    var maxReadBytes = Int.max
    /// Bytes scanned so far, partial records counted each time they are scanned again
    /// (tests check that this stays linear in the input size).
    private(set) var scannedBytes = 0

    /// Appends up to `capacity - filled` bytes; returns the number read (0 at end).
    private func fill(at filled: Int) throws -> Int {
        let room = min(capacity - filled, remaining, maxReadBytes)
        if room == 0 { return 0 }
        if let mem = memory {
            let n = min(room, mem.count - memoryOffset)
            if n > 0 {
                mem.withUnsafeBufferPointer { src in
                    (buffer + filled).update(from: src.baseAddress! + memoryOffset, count: n)
                }
                memoryOffset += n
            }
            return n
        }
        while true {
            let n = read(fd, buffer + filled, room)
            if n >= 0 { if remaining != Int.max { remaining -= n }; return n }
            if errno == EINTR { continue }
            throw CSVError(file: name, line: 0, column: 0,
                           reason: "read error: \(String(cString: strerror(errno)))")
        }
    }

    private func recordTooLong(_ line: Int) -> CSVError {
        CSVError(file: name, line: line, column: 0,
                 reason: "the record starting on this line is longer than \(limits.maxRecordBytes) bytes, the limit per record (raise it with --max-record-bytes N)")
    }

    /// Reads until the buffer is full or the input ends (then sets `eof`); returns the bytes held.
    /// Scanning only full buffers (or the end) keeps rescans of a partial record geometric.
    private func fillBuffer(from filled: Int) throws -> Int {
        var filled = filled
        while filled < capacity {
            let n = try fill(at: filled)
            if n == 0 { eof = true; break }
            filled += n
        }
        return filled
    }

    /// Calls `body` once per record, in file order.
    ///
    /// Throws ``CSVError`` for an unterminated quoted field at end of input and for
    /// I/O errors; rethrows what `body` throws. A record with stray text after a
    /// closing quote is delivered with ``CSVRecord/malformed`` set.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        var filled = try fillBuffer(from: 0)
        var start = 0
        // Skip a UTF-8 byte-order mark.
        if skipsByteOrderMark, filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        var line = firstLine
        defer { endLine = line }
        var escapedFields: [Int] = []

        while true {
            let scan = scanRecord(from: start, filled: filled, line: line, escapedFields: &escapedFields)
            switch scan {
            case .needMore:
                scannedBytes &+= filled - start
                // Move the partial record to the front, grow if full, refill.
                let partial = filled - start
                if start > 0 {
                    if partial > 0 { buffer.update(from: buffer + start, count: partial) }
                    start = 0
                    filled = partial
                }
                if filled > limits.maxRecordBytes { throw recordTooLong(line) }
                if filled == capacity {
                    let newCapacity = capacity * 2
                    let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                    nb.update(from: buffer, count: filled)
                    buffer.deallocate()
                    buffer = nb
                    capacity = newCapacity
                }
                filled = try fillBuffer(from: filled)
            case .end:
                return
            case let .record(next, newlines, malformed):
                scannedBytes &+= next - start
                if next - start > limits.maxRecordBytes { throw recordTooLong(line) }
                let bp = bounds
                // Unescape doubled quotes in place, now that the record is complete.
                for f in escapedFields {
                    var r = bp[2 * f], w = r
                    let e = bp[2 * f + 1]
                    while r < e {
                        let b = buffer[r]
                        buffer[w] = b
                        w += 1
                        r += (b == 0x22) ? 2 : 1
                    }
                    bp[2 * f + 1] = w
                }
                let n = boundsCount
                // A blank line has no bytes at all; `""` (an empty quoted field) is a record.
                let blank = n == 2 && bp[0] == bp[1] && malformed == nil && !firstFieldQuoted
                if !blank {
                    try body(CSVRecord(base: UnsafePointer(buffer), bounds: UnsafeBufferPointer(start: bp, count: n), line: line, malformed: malformed ?? overlongField))
                }
                line += newlines
                start = next
            }
        }
    }

    /// Set by ``push(_:_:_:)`` for the first field of a record over ``CSVLimits/maxFieldBytes``.
    private var overlongField: String? = nil

    @inline(__always)
    private func push(_ n: inout Int, _ a: Int, _ b: Int) {
        if b - a > limits.maxFieldBytes, overlongField == nil {
            overlongField = "field \(n / 2 + 1) is \(b - a) bytes long, over the limit of \(limits.maxFieldBytes) bytes per field (raise it with --max-field-bytes N)"
        }
        if n + 2 > boundsCapacity {
            let nb = UnsafeMutablePointer<Int>.allocate(capacity: boundsCapacity * 2)
            nb.update(from: bounds, count: n)
            bounds.deallocate()
            bounds = nb
            boundsCapacity *= 2
        }
        bounds[n] = a
        bounds[n + 1] = b
        n += 2
    }

    /// Whether the last scanned record's first field was quoted (so `""` alone is not a blank line).
    private var firstFieldQuoted = false

    private enum Scan {
        case needMore
        case end
        case record(next: Int, newlines: Int, malformed: String?)
    }

    /// Scans one record from `start` without modifying the buffer.
    private func scanRecord(from start: Int, filled: Int, line: Int, escapedFields: inout [Int]) -> Scan {
        var n = 0
        defer { boundsCount = n }
        if !escapedFields.isEmpty { escapedFields.removeAll(keepingCapacity: true) }
        firstFieldQuoted = false
        overlongField = nil
        let atEOF = eof
        if start >= filled { return atEOF ? .end : .needMore }
        var i = start
        var newlines = 0
        var malformed: String? = nil
        let buf = buffer
        while true {
            if i < filled, buf[i] == 0x22 {
                // Quoted field: find the closing quote, skipping doubled quotes.
                let fieldStart = i + 1
                var j = fieldStart
                var escaped = false
                var closed = false
                var inner = 0
                while j < filled {
                    let b = buf[j]
                    if b == 0x22 {
                        if j + 1 < filled {
                            if buf[j + 1] == 0x22 { escaped = true; j += 2; continue }
                            closed = true
                        } else if atEOF {
                            closed = true
                        }
                        break
                    }
                    if b == 0x0A { inner += 1 }
                    j += 1
                }
                if !closed {
                    if atEOF {
                        return .record(next: filled, newlines: newlines + inner,
                                       malformed: "unterminated quoted field \(n / 2 + 1): the opening quote has no closing quote before the end of the file")
                    }
                    return .needMore
                }
                // After the closing quote: expect a comma, a line end or end of input.
                var k = j + 1
                var stray = false
                while k < filled, buf[k] != 0x2C, buf[k] != 0x0A {
                    if buf[k] != 0x0D { stray = true }
                    k += 1
                }
                if k >= filled && !atEOF { return .needMore }
                if stray && malformed == nil {
                    malformed = "unexpected text after the closing quote of field \(n / 2 + 1)"
                }
                if escaped { escapedFields.append(n / 2) }
                if n == 0 { firstFieldQuoted = true }
                push(&n, fieldStart, j)
                newlines += inner
                if k >= filled { return .record(next: k, newlines: newlines, malformed: malformed) }
                if buf[k] == 0x0A { return .record(next: k + 1, newlines: newlines + 1, malformed: malformed) }
                i = k + 1
            } else {
                // Unquoted field: up to the next comma or line feed, eight bytes at a time
                // while a whole word is in the buffer (SWAR: a byte equal to ',' or '\n'
                // becomes zero after the XOR; the lowest flagged byte is the first match).
                var j = i
                var found = false
                while j &+ 8 <= filled {
                    let w = UnsafeRawPointer(buf + j).loadUnaligned(as: UInt64.self)
                    let c = w ^ 0x2C2C_2C2C_2C2C_2C2C, n = w ^ 0x0A0A_0A0A_0A0A_0A0A
                    let m = ((c &- 0x0101_0101_0101_0101) & ~c | (n &- 0x0101_0101_0101_0101) & ~n) & 0x8080_8080_8080_8080
                    if m != 0 {
                        j &+= m.trailingZeroBitCount >> 3
                        found = true
                        break
                    }
                    j &+= 8
                }
                if !found {
                    while j < filled {
                        let b = buf[j]
                        if b == 0x2C || b == 0x0A { break }
                        j += 1
                    }
                }
                if j >= filled && !atEOF { return .needMore }
                var end = j
                if end > i, buf[end - 1] == 0x0D { end -= 1 }
                push(&n, i, end)
                if j >= filled { return .record(next: j, newlines: newlines, malformed: malformed) }
                if buf[j] == 0x0A { return .record(next: j + 1, newlines: newlines + 1, malformed: malformed) }
                i = j + 1
            }
            // After a comma: a field always follows, possibly empty at end of input.
            if i >= filled {
                if !atEOF { return .needMore }
                push(&n, i, i)
                return .record(next: i, newlines: newlines, malformed: malformed)
            }
        }
    }
}
