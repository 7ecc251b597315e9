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
    /// Encoding, delimiter and decimal separator (set before ``forEachRecord(_:)``; nil fields
    /// are decided from the file). A byte-range reader never detects: give it the whole file's.
    public var format = CSVFormat()
    /// The encoding the file was read in (valid once the first record is delivered).
    public private(set) var encoding: TextEncoding = .utf8
    /// Whether ``encoding`` came from a byte-order mark rather than from ``format``.
    public private(set) var encodingFromByteOrderMark = false
    /// The field delimiter in use (valid once the first record is delivered).
    public private(set) var delimiter: UInt8 = 0x2C
    /// Whether ``delimiter`` was detected from the header rather than given.
    public private(set) var delimiterDetected = false
    /// The decimal separator of number fields (``CSVFormat/decimal``, else comma with `;`).
    public var decimal: DecimalSeparator { format.decimal ?? (delimiter == 0x3B ? .comma : .point) }
    /// What the reader used (valid once the first record is delivered).
    public var info: CSVReadInfo {
        var i = CSVReadInfo()
        i.encoding = encoding
        i.encodingFromByteOrderMark = encodingFromByteOrderMark
        i.delimiter = delimiter
        i.delimiterDetected = delimiterDetected
        i.decimal = decimal
        i.sheet = sheet
        return i
    }
    /// Blank lines skipped so far (lines with no bytes, or only a carriage return).
    public private(set) var blankLines = 0
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

    /// Rows already split into cells (a spreadsheet's sheet), each delivered as a record on its
    /// own line number (its row number in the sheet); no delimiter, encoding or quoting applies.
    private var sheetRows: [(line: Int, cells: [String])]? = nil
    /// The sheet the rows came from (``init(rows:name:sheet:)``), for ``info``.
    public private(set) var sheet: String? = nil

    /// Reads rows already split into cells (an .xlsx sheet): each is a record whose line is the
    /// row's number in the sheet, so messages name the sheet's row and column. Numbers are read
    /// with a decimal point unless ``format`` says otherwise.
    public convenience init(rows: [(line: Int, cells: [String])], name: String, sheet: String) {
        self.init(bytes: [], name: name)
        sheetRows = rows
        self.sheet = sheet
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

    /// Grows and fills the buffer until it holds the whole first line (or the input ends, or the
    /// line passes the record limit), so that delimiter detection sees the same header whatever
    /// the buffer size (found by the fuzzer with a 4-byte buffer).
    private func fillFirstLine(from start: Int, filled: Int) throws -> Int {
        var filled = filled
        while !eof, filled - start <= limits.maxRecordBytes, !holdsLineEnd(from: start, filled: filled) {
            if filled == capacity {
                let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                nb.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = nb
                capacity *= 2
            }
            filled = try fillBuffer(from: filled)
        }
        return filled
    }

    /// Whether `buffer[start..<filled]` holds a line feed outside quotes (the end of the header).
    private func holdsLineEnd(from start: Int, filled: Int) -> Bool {
        var quoted = false
        for i in start..<filled {
            if buffer[i] == 0x22 { quoted.toggle() } else if buffer[i] == 0x0A, !quoted { return true }
        }
        return false
    }

    /// Calls `body` once per record, in file order.
    ///
    /// Throws ``CSVError`` for an unterminated quoted field at end of input and for
    /// I/O errors; rethrows what `body` throws. A record with stray text after a
    /// closing quote is delivered with ``CSVRecord/malformed`` set.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        if let rows = sheetRows {
            delimiter = 0x2C
            for r in rows {
                try CSVRecord.withFields(r.cells.map { Array($0.utf8) }, line: r.line, body)
                endLine = r.line + 1
            }
            return
        }
        var filled = try fillBuffer(from: 0)
        var start = 0
        filled = try decodeIfNeeded(filled)
        // Skip a UTF-8 byte-order mark.
        if skipsByteOrderMark, filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        if let d = format.delimiter {
            delimiter = d
        } else if skipsByteOrderMark {
            filled = try fillFirstLine(from: start, filled: filled)
            delimiter = detectDelimiter(from: start, filled: filled)
            delimiterDetected = true
        }
        var line = firstLine
        defer { endLine = line }
        var escapedFields: [Int] = []
        // The limits do not change during a read: plain locals keep class-property accesses (and
        // their exclusivity checks) out of the per-record path.
        let maxRecord = limits.maxRecordBytes, maxField = limits.maxFieldBytes
        var scanned = 0
        let delim = delimiter   // a local: a class property read per record costs an exclusivity check
        let plain = usesPlainScan
        defer { scannedBytes &+= scanned }

        while true {
            let scan = scanRecord(from: start, filled: filled, line: line, escapedFields: &escapedFields, delimiter: delim, plain: plain)
            switch scan {
            case .needMore:
                scanned &+= filled - start
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
            case let .record(next, newlines, malformed, quotedFirst, high):
                scanned &+= next - start
                if next - start > maxRecord { throw recordTooLong(line) }
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
                let blank = n == 2 && bp[0] == bp[1] && malformed == 0 && !quotedFirst
                if blank { blankLines += 1 }
                if !blank {
                    var problem = malformed == 0 ? nil : Self.malformedMessage(malformed)
                    if problem == nil, next - start > maxField { problem = overlongField(bp, n, maxField: maxField) }
                    var problemField = 0
                    // UTF-8 validation: one pass of 8-byte words over the record proves the common
                    // all-ASCII case; only a record with a high bit is decoded field by field.
                    if high & 0x8080_8080_8080_8080 != 0 {
                        for f in 0..<(n / 2) {
                            let field = UnsafeBufferPointer(start: UnsafePointer(buffer + bp[2 * f]), count: bp[2 * f + 1] - bp[2 * f])
                            if let bad = UTF8Validation.firstInvalid(field) {
                                problem = UTF8Validation.message(field: f + 1, offset: bad.offset, bytes: bad.bytes)
                                problemField = f + 1
                                break
                            }
                        }
                    }
                    if let problem {
                        try body(CSVRecord(base: UnsafePointer(buffer), bounds: UnsafeBufferPointer(start: bp, count: n), line: line, malformed: problem, malformedField: problemField))
                    } else {
                        // A literal nil: the record then holds no string to release after the call.
                        try body(CSVRecord(base: UnsafePointer(buffer), bounds: UnsafeBufferPointer(start: bp, count: n), line: line, malformed: nil, malformedField: 0))
                    }
                }
                line += newlines
                start = next
            }
        }
    }

    /// Transcodes the whole input to UTF-8 in memory when ``format`` names another encoding or
    /// the input starts with a UTF-16 byte-order mark; returns the bytes now in the buffer.
    private func decodeIfNeeded(_ filled: Int) throws -> Int {
        guard skipsByteOrderMark else { encoding = format.encoding ?? .utf8; return filled }
        let utf16BOM = filled >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))
        var enc = format.encoding ?? .utf8
        if format.encoding == nil || format.encoding == .utf16, utf16BOM { enc = .utf16; encodingFromByteOrderMark = true }
        encoding = enc
        if enc == .utf8 { return filled }
        var all = Array(UnsafeBufferPointer(start: buffer, count: filled))
        var f = filled
        while !eof {
            f = try fillBuffer(from: 0)
            all.append(contentsOf: UnsafeBufferPointer(start: buffer, count: f))
        }
        memory = try enc.transcode(all, file: name)
        memoryOffset = 0
        eof = false
        remaining = Int.max
        return try fillBuffer(from: 0)
    }

    /// The most frequent of `,` `;` and tab on the first line (outside quotes); `,` on a tie or none.
    private func detectDelimiter(from start: Int, filled: Int) -> UInt8 {
        var comma = 0, semicolon = 0, tab = 0
        var quoted = false
        var i = start
        while i < filled {
            let b = buffer[i]
            if b == 0x22 { quoted.toggle() } else if !quoted {
                if b == 0x0A { break }
                if b == 0x2C { comma += 1 } else if b == 0x3B { semicolon += 1 } else if b == 0x09 { tab += 1 }
            }
            i += 1
        }
        if semicolon > comma && semicolon >= tab { return 0x3B }
        if tab > comma && tab > semicolon { return 0x09 }
        return 0x2C
    }

    /// The first field of the record in `bounds[0..<n]` longer than `maxField` bytes, as a message.
    /// Called only for records longer than `maxField` (no shorter record can hold such a field),
    /// so the per-field scan stays free of the check.
    private func overlongField(_ bp: UnsafeMutablePointer<Int>, _ n: Int, maxField: Int) -> String? {
        for f in 0..<(n / 2) where bp[2 * f + 1] - bp[2 * f] > maxField {
            return "field \(f + 1) is \(bp[2 * f + 1] - bp[2 * f]) bytes long, over the limit of \(maxField) bytes per field (raise it with --max-field-bytes N)"
        }
        return nil
    }

    /// Doubles the field bounds' capacity, keeping the first `n` entries.
    private func growBounds(_ n: Int) {
        let nb = UnsafeMutablePointer<Int>.allocate(capacity: boundsCapacity * 2)
        nb.update(from: bounds, count: n)
        bounds.deallocate()
        bounds = nb
        boundsCapacity *= 2
    }

    @inline(__always)
    private func push(_ n: inout Int, _ a: Int, _ b: Int) {
        if n + 2 > boundsCapacity { growBounds(n) }
        bounds[n] = a
        bounds[n + 1] = b
        n += 2
    }

    private static func malformedMessage(_ code: Int) -> String {
        code < 0
            ? "unterminated quoted field \(-code): the opening quote has no closing quote before the end of the file"
            : "unexpected text after the closing quote of field \(code)"
    }

    private enum Scan {
        case needMore
        case end
        /// `malformed`: 0 for a well-formed record, `+k` for text after the closing quote of field k,
        /// `-k` for an unterminated quoted field k (a plain integer keeps the enum trivial to copy
        /// on the per-record path; ``malformedMessage(_:)`` builds the text).
        case record(next: Int, newlines: Int, malformed: Int, quotedFirst: Bool, high: UInt64)
    }

    /// Scans one record from `start` without modifying the buffer. The comma case is its own
    /// specialisation, so the common file scans with constant delimiter patterns.
    private func scanRecord(from start: Int, filled: Int, line: Int, escapedFields: inout [Int], delimiter: UInt8, plain: Bool) -> Scan {
        if delimiter == 0x2C { return scan(from: start, filled: filled, escapedFields: &escapedFields, delim: 0x2C, plain: plain) }
        return scan(from: start, filled: filled, escapedFields: &escapedFields, delim: delimiter, plain: plain)
    }

    /// Test hook: whether ``scanPlain(from:filled:delimWord:n:high:)`` is tried before the
    /// general scan (tests compare the records read with and without it).
    var usesPlainScan = true

    /// Bytes that are zero in `x`, as their high bits (exact: no borrow runs from one byte into
    /// the next, so every flagged byte is a zero byte, not only the lowest).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// The zero bytes of `x` as high bits, plus possibly bytes above a zero byte (a borrow
    /// runs into them): the lowest flag is the lowest zero byte, and there is a flag below
    /// any position exactly when there is a zero byte below it.
    @inline(__always)
    private static func someZeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The fast path of the scan: a record that has no quote and no carriage return and whose
    /// line feed lies in the buffer, found eight bytes at a time in one pass (a word's
    /// delimiters are taken from its mask lowest first, so a short field costs no load of its
    /// own). Pushes the field bounds, ORs the words read into `high`, and returns the offset
    /// after the line feed; returns nil as soon as it meets a quote, a carriage return or the
    /// end of the whole words in the buffer, and the general scan then reads the record from
    /// its start. Without quotes or carriage returns the general scan cuts the same fields
    /// (at each delimiter and at the line feed), so the two cannot disagree.
    @inline(__always)
    private func scanPlain(from start: Int, filled: Int, delimWord: UInt64, n: inout Int, high: inout UInt64) -> Int? {
        // A delimiter that is itself a quote, CR or LF keeps to the general scan.
        let d = UInt8(truncatingIfNeeded: delimWord)
        if d == 0x22 || d == 0x0D || d == 0x0A { return nil }
        let buf = buffer
        var i = start
        var fieldStart = start
        var acc: UInt64 = 0
        while i &+ 8 <= filled {
            let w = UnsafeRawPointer(buf + i).loadUnaligned(as: UInt64.self)
            acc |= w
            // Quotes, CRs and line feeds with the cheaper test, whose false flags all lie above
            // a true one: the lowest line feed is exact, and so is whether any quote or CR lies
            // before it. Delimiters need the exact test: every one of them is used.
            let special = Self.someZeroBytes(w ^ 0x2222_2222_2222_2222) | Self.someZeroBytes(w ^ 0x0D0D_0D0D_0D0D_0D0D)
            let lineFeeds = Self.someZeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
            var delims = Self.zeroBytes(w ^ delimWord)
            // Only the bytes before the first line feed belong to this record.
            let before = lineFeeds == 0 ? UInt64.max : (UInt64(1) &<< UInt64(lineFeeds.trailingZeroBitCount)) &- 1
            if special & before != 0 { return nil }
            delims &= before
            // A word ends at most nine fields (eight delimiters, then the line feed): room for
            // them once per word, so the stores below need no capacity check each.
            if n &+ 18 > boundsCapacity { growBounds(n) }
            let bp = bounds
            while delims != 0 {
                let k = i &+ (delims.trailingZeroBitCount &>> 3)
                bp[n] = fieldStart
                bp[n &+ 1] = k
                n &+= 2
                fieldStart = k &+ 1
                delims &= delims &- 1
            }
            if lineFeeds != 0 {
                let k = i &+ (lineFeeds.trailingZeroBitCount &>> 3)
                bp[n] = fieldStart
                bp[n &+ 1] = k
                n &+= 2
                high |= acc
                return k &+ 1
            }
            i &+= 8
        }
        return nil
    }

    @inline(__always)
    private func scan(from start: Int, filled: Int, escapedFields: inout [Int], delim: UInt8, plain: Bool) -> Scan {
        var n = 0
        // OR of the bytes scanned (whole words in the SWAR loop, so a few bytes past a field may
        // count too): no high bit means the record is ASCII and needs no UTF-8 validation.
        var high: UInt64 = 0
        defer { boundsCount = n }
        if !escapedFields.isEmpty { escapedFields.removeAll(keepingCapacity: true) }
        var quotedFirst = false
        let atEOF = eof
        if start >= filled { return atEOF ? .end : .needMore }
        let buf = buffer
        let delimWord = UInt64(delim) &* 0x0101_0101_0101_0101
        if plain, let next = scanPlain(from: start, filled: filled, delimWord: delimWord, n: &n, high: &high) {
            return .record(next: next, newlines: 1, malformed: 0, quotedFirst: false, high: high)
        }
        n = 0
        high = 0
        var i = start
        var newlines = 0
        var malformed = 0
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
                    high |= UInt64(b)
                    j += 1
                }
                if !closed {
                    if atEOF {
                        return .record(next: filled, newlines: newlines + inner,
                                       malformed: -(n / 2 + 1),
                                       quotedFirst: quotedFirst, high: high)
                    }
                    return .needMore
                }
                // After the closing quote: expect a comma, a line end or end of input.
                var k = j + 1
                var stray = false
                while k < filled, buf[k] != delim, buf[k] != 0x0A {
                    if buf[k] != 0x0D { stray = true }
                    k += 1
                }
                if k >= filled && !atEOF { return .needMore }
                if stray && malformed == 0 {
                    malformed = n / 2 + 1
                }
                if escaped { escapedFields.append(n / 2) }
                if n == 0 { quotedFirst = true }
                push(&n, fieldStart, j)
                newlines += inner
                if k >= filled { return .record(next: k, newlines: newlines, malformed: malformed, quotedFirst: quotedFirst, high: high) }
                if buf[k] == 0x0A { return .record(next: k + 1, newlines: newlines + 1, malformed: malformed, quotedFirst: quotedFirst, high: high) }
                i = k + 1
            } else {
                // Unquoted field: up to the next comma or line feed, eight bytes at a time
                // while a whole word is in the buffer (SWAR: a byte equal to ',' or '\n'
                // becomes zero after the XOR; the lowest flagged byte is the first match).
                var j = i
                var found = false
                while j &+ 8 <= filled {
                    let w = UnsafeRawPointer(buf + j).loadUnaligned(as: UInt64.self)
                    high |= w
                    let c = w ^ delimWord, n = w ^ 0x0A0A_0A0A_0A0A_0A0A
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
                        if b == delim || b == 0x0A { break }
                        high |= UInt64(b)
                        j += 1
                    }
                }
                if j >= filled && !atEOF { return .needMore }
                var end = j
                if end > i, buf[end - 1] == 0x0D { end -= 1 }
                push(&n, i, end)
                if j >= filled { return .record(next: j, newlines: newlines, malformed: malformed, quotedFirst: quotedFirst, high: high) }
                if buf[j] == 0x0A { return .record(next: j + 1, newlines: newlines + 1, malformed: malformed, quotedFirst: quotedFirst, high: high) }
                i = j + 1
            }
            // After a comma: a field always follows, possibly empty at end of input.
            if i >= filled {
                if !atEOF { return .needMore }
                push(&n, i, i)
                return .record(next: i, newlines: newlines, malformed: malformed, quotedFirst: quotedFirst, high: high)
            }
        }
    }
}
