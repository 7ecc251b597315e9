/// One record of a CSV file, valid only inside the callback that receives it.
///
/// Fields are views into the reader's buffer: no `String` is built unless
/// asked for. Quoted fields are already unescaped (`""` becomes `"`).
public struct CSVRecord {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let bounds: UnsafeBufferPointer<Int>   // start0, end0, start1, end1, ...

    /// 1-based physical line on which the record starts.
    public let line: Int
    /// Number of fields.
    public let count: Int
    /// Set when the record is malformed (e.g. text after a closing quote).
    /// The reader still delivers it so lenient callers can reject it with its line.
    public let malformed: String?
    /// The 1-based field ``malformed`` is about (invalid UTF-8), or 0 for the whole record.
    public let malformedField: Int

    @inlinable
    init(base: UnsafePointer<UInt8>, bounds: UnsafeBufferPointer<Int>, line: Int, malformed: String?, malformedField: Int = 0) {
        self.base = base
        self.bounds = bounds
        self.line = line
        self.count = bounds.count / 2
        self.malformed = malformed
        self.malformedField = malformedField
    }

    /// The bytes of field `i` (0-based). Empty for a field beyond `count`.
    @inlinable @inline(__always)
    public subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0, i < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let s = bounds[2 &* i], e = bounds[2 &* i &+ 1]
        return UnsafeBufferPointer(start: base + s, count: e &- s)
    }

    /// Field `i` decoded as UTF-8 (invalid bytes are repaired), or "" beyond `count`.
    public func string(_ i: Int) -> String {
        String(decoding: self[i], as: UTF8.self)
    }

    /// Whether field `i` is absent or contains only spaces.
    @inlinable @inline(__always)
    public func isBlank(_ i: Int) -> Bool {
        let f = self[i]
        for b in f where b != 0x20 && b != 0x09 { return false }
        return true
    }
}

/// Field values quoted in messages: at most a short prefix, so that a huge field is never
/// echoed whole, and on one line.
public enum FieldExcerpt {
    /// The most characters of a field a message quotes.
    public static let maxCharacters = 40

    /// `"value"`, or `"first 40 characters…" (N bytes)` for a longer field. Control
    /// characters (line ends, tabs inside the value) are shown as `\n`, `\r`, `\t` or `\u{XX}`,
    /// and a double quote as `\"`. Decodes at most a few hundred bytes whatever the field's size.
    public static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let prefix = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, maxCharacters * 4 + 4)])
        let text = String(decoding: prefix, as: UTF8.self)
        var out = "\""
        var n = 0
        var cut = false
        for ch in text.unicodeScalars {
            if n == maxCharacters { cut = true; break }
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if ch.value < 0x20 || ch.value == 0x7F { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
            n += 1
        }
        if prefix.count < bytes.count { cut = true }
        out += cut ? "…\" (\(bytes.count) bytes)" : "\""
        return out
    }

    /// The field trimmed and unquoted when it is short and printable (a number in
    /// "score 30 is outside …"), otherwise ``quoted(_:)-swift.type.method``.
    public static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var s = 0, e = bytes.count
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        let t = UnsafeBufferPointer(rebasing: bytes[s..<e])
        if t.count <= maxCharacters, t.allSatisfy({ $0 >= 0x21 && $0 < 0x7F && $0 != 0x22 }) { return String(decoding: t, as: UTF8.self) }
        return quoted(bytes)
    }

    /// Names (of header fields) for a message: each short one as is, a long one as an excerpt,
    /// at most 30 of them.
    public static func list(_ names: [String]) -> String {
        var parts = names.prefix(30).map { $0.utf8.count <= maxCharacters && !$0.unicodeScalars.contains { $0.value < 0x20 } ? $0 : quoted($0) }
        if names.count > 30 { parts.append("… \(names.count - 30) more") }
        return parts.joined(separator: ", ")
    }

    /// As ``quoted(_:)-swift.type.method`` for a string.
    public static func quoted(_ text: String) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { quoted(UnsafeBufferPointer($0)) }
    }
}

extension CSVRecord {
    /// Field `i` quoted for a message (see ``FieldExcerpt``); `""` beyond `count`.
    public func quoted(_ i: Int) -> String { FieldExcerpt.quoted(self[i]) }
}

extension CSVRecord {
    /// Calls `body` with a record built in memory from `fields` (bytes, copied as they are), on
    /// `line`: how a wide sheet's row is handed to a loader as long rows, each valid only inside
    /// `body` like any record.
    public static func withFields<R>(_ fields: [[UInt8]], line: Int, malformed: String? = nil, malformedField: Int = 0,
                                     _ body: (CSVRecord) throws -> R) rethrows -> R {
        var bytes: [UInt8] = []
        var bounds: [Int] = []
        bounds.reserveCapacity(fields.count * 2)
        for f in fields {
            bounds.append(bytes.count)
            bytes.append(contentsOf: f)
            bounds.append(bytes.count)
        }
        bytes.append(0)                       // a valid base address even when every field is empty
        return try bytes.withUnsafeBufferPointer { b in
            try bounds.withUnsafeBufferPointer { bd in
                try body(CSVRecord(base: b.baseAddress!, bounds: bd, line: line, malformed: malformed, malformedField: malformedField))
            }
        }
    }

    /// As ``withFields(_:line:malformed:malformedField:_:)`` for text fields.
    public static func withFields<R>(strings: [String], line: Int, _ body: (CSVRecord) throws -> R) rethrows -> R {
        try withFields(strings.map { Array($0.utf8) }, line: line, body)
    }
}
