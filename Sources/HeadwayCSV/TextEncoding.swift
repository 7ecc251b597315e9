/// The character encoding of an input file.
///
/// Headway works in UTF-8. A file in another encoding is transcoded to UTF-8 in memory before
/// it is parsed (so a transcoded file must fit in memory; spreadsheet exports do). Without
/// `--encoding`, a file is read as UTF-8, except that a UTF-16 byte-order mark (`FF FE` or
/// `FE FF`, which Excel's "Unicode text" export writes) selects UTF-16. UTF-8 is validated as
/// it is read: a byte sequence that is not UTF-8 makes its row invalid (the error in strict
/// mode), never a replacement character, so two different names can never be merged into one.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// UTF-16; the byte order comes from the byte-order mark, little-endian without one (Windows).
    case utf16 = "utf-16"
    /// Windows code page 1252 (Western European; Excel's "CSV" on Windows). Its five
    /// undefined bytes (81, 8D, 8F, 90, 9D) map to the C1 controls of the same value, as in
    /// the WHATWG Encoding Standard.
    case windows1252 = "windows-1252"
    /// ISO 8859-1: each byte is the code point of the same value.
    case latin1 = "latin-1"

    /// Accepts common spellings: `utf8`, `UTF-16LE`, `cp1252`, `iso-8859-1`, …
    public init?(name: String) {
        let n = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        switch n {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16", "utf-16le", "utf-16be", "unicode": self = .utf16
        case "windows-1252", "cp1252", "cp-1252", "win-1252", "windows1252": self = .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        default: return nil
        }
    }

    /// Code points of Windows-1252 bytes 0x80–0x9F (the rest equal Latin-1).
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    @inline(__always)
    static func appendUTF8(_ c: UInt32, to out: inout [UInt8]) {
        if c < 0x80 {
            out.append(UInt8(c))
        } else if c < 0x800 {
            out.append(UInt8(0xC0 | (c >> 6))); out.append(UInt8(0x80 | (c & 0x3F)))
        } else if c < 0x10000 {
            out.append(UInt8(0xE0 | (c >> 12))); out.append(UInt8(0x80 | ((c >> 6) & 0x3F))); out.append(UInt8(0x80 | (c & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (c >> 18))); out.append(UInt8(0x80 | ((c >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F))); out.append(UInt8(0x80 | (c & 0x3F)))
        }
    }

    /// `bytes` (a whole file) as UTF-8, without a byte-order mark.
    /// - Throws: ``CSVError`` (line and column where the problem is) for an unpaired UTF-16
    ///   surrogate or an odd number of UTF-16 bytes.
    public func transcode(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        switch self {
        case .utf8:
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            return bom ? Array(bytes[3...]) : bytes
        case .latin1:
            for b in bytes { Self.appendUTF8(UInt32(b), to: &out) }
        case .windows1252:
            for b in bytes {
                Self.appendUTF8(b >= 0x80 && b <= 0x9F ? Self.cp1252High[Int(b) - 0x80] : UInt32(b), to: &out)
            }
        case .utf16:
            var i = 0
            var bigEndian = false
            if bytes.count >= 2 {
                if bytes[0] == 0xFF && bytes[1] == 0xFE { i = 2 } else if bytes[0] == 0xFE && bytes[1] == 0xFF { i = 2; bigEndian = true }
            }
            var line = 1, field = 1
            func unit(_ k: Int) -> UInt32 {
                bigEndian ? UInt32(bytes[k]) << 8 | UInt32(bytes[k + 1]) : UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k])
            }
            while i + 1 < bytes.count {
                var c = unit(i)
                i += 2
                if c >= 0xD800 && c <= 0xDBFF, i + 1 < bytes.count, case let lo = unit(i), lo >= 0xDC00 && lo <= 0xDFFF {
                    c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00)
                    i += 2
                } else if c >= 0xD800 && c <= 0xDFFF {
                    throw CSVError(file: file, line: line, column: field,
                                   reason: "invalid UTF-16: unpaired surrogate \(Self.hex(UInt8(c >> 8))) \(Self.hex(UInt8(c & 0xFF))) at byte \(i - 2) of the file (is it really UTF-16? try --encoding utf-8 or windows-1252)")
                }
                if c == 0x0A { line += 1; field = 1 } else if c == 0x2C || c == 0x09 || c == 0x3B { field += 1 }
                Self.appendUTF8(c, to: &out)
            }
            if i < bytes.count {
                throw CSVError(file: file, line: line, column: 0,
                               reason: "invalid UTF-16: the file has an odd number of bytes (is it really UTF-16? try --encoding utf-8 or windows-1252)")
            }
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let d = Array("0123456789ABCDEF")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }
}

/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// Whether all `count` bytes at `p` are ASCII, eight at a time.
    @inline(__always)
    public static func isASCII(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        var acc: UInt64 = 0
        let r = UnsafeRawPointer(p)
        while i &+ 8 <= count {
            acc |= r.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count { acc |= UInt64(p[i]); i &+= 1 }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// The first invalid sequence in `f`: its offset and its bytes (the lead byte and the
    /// continuation bytes that follow it, at most 4), or nil when `f` is valid UTF-8.
    public static func firstInvalid(_ f: UnsafeBufferPointer<UInt8>) -> (offset: Int, bytes: [UInt8])? {
        var i = 0
        let n = f.count
        while i < n {
            let b = f[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: need = -1
            }
            var ok = need > 0 && i + need < n
            if ok {
                for k in 1...need {
                    let c = f[i + k]
                    let (l, h) = k == 1 ? (lo, hi) : (UInt8(0x80), UInt8(0xBF))
                    if c < l || c > h { ok = false; break }
                }
            }
            if !ok {
                var bytes = [b]
                var k = i + 1
                while k < n, bytes.count < 4, f[k] & 0xC0 == 0x80 { bytes.append(f[k]); k += 1 }
                return (i, bytes)
            }
            i += need + 1
        }
        return nil
    }

    /// The message for an invalid sequence in field `field` (1-based). Quotes no text of the
    /// field (it may be a client id), only the offending bytes in hexadecimal.
    public static func message(field: Int, offset: Int, bytes: [UInt8]) -> String {
        let hex = bytes.map { TextEncoding.hex($0) }.joined(separator: " ")
        return "invalid UTF-8 in field \(field) (byte\(bytes.count > 1 ? "s" : "") \(hex) at byte \(offset + 1) of the field): the file is not UTF-8 (Excel's \"CSV\" on Windows writes Windows-1252): read it with --encoding windows-1252 (or latin-1, utf-16), or save it from the spreadsheet as \"CSV UTF-8\""
    }
}

/// The decimal separator of number fields.
public enum DecimalSeparator: String, Sendable, CaseIterable {
    case point, comma
}

/// How an input file is written: encoding, field delimiter and decimal separator.
/// `nil` means "decide from the file" (see ``CSVReader``).
public struct CSVFormat: Sendable, Equatable {
    /// nil: UTF-8, or UTF-16 when the file starts with a UTF-16 byte-order mark.
    public var encoding: TextEncoding?
    /// nil: detected from the header line (`,`, `;` or tab, whichever is most frequent there; `,` on a tie).
    public var delimiter: UInt8?
    /// nil: comma when the delimiter is `;` (European spreadsheets), point otherwise.
    public var decimal: DecimalSeparator?

    /// For an .xlsx input: the sheet to read (a name or a 1-based number; nil: the first). Read
    /// by the input layer that opens files (Headway's `InputFile`), not by ``CSVReader``.
    public var sheet: String? = nil

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, decimal: DecimalSeparator? = nil) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimal = decimal
    }

    /// A delimiter given on the command line: `,`, `;`, `tab` or `\t`, `|`.
    public static func delimiter(named s: String) -> UInt8? {
        switch s.lowercased() {
        case ",", "comma": return 0x2C
        case ";", "semicolon": return 0x3B
        case "tab", "\\t", "\t": return 0x09
        case "|", "pipe": return 0x7C
        default: return nil
        }
    }

    /// How a delimiter byte is named in messages.
    public static func name(ofDelimiter d: UInt8) -> String {
        switch d {
        case 0x2C: return "comma"
        case 0x3B: return "semicolon"
        case 0x09: return "tab"
        case 0x7C: return "pipe"
        default: return "byte \(TextEncoding.hex(d))"
        }
    }
}

/// How a file was read: what ``CSVReader`` used and whether it was detected (for summaries).
public struct CSVReadInfo: Sendable, Equatable {
    public var encoding: TextEncoding = .utf8
    public var encodingFromByteOrderMark = false
    public var delimiter: UInt8 = 0x2C
    public var delimiterDetected = false
    public var decimal: DecimalSeparator = .point
    /// The sheet read, for an .xlsx workbook (then there is no text encoding or delimiter).
    public var sheet: String? = nil
    public init() {}

    /// `utf-16 (byte-order mark)`, `windows-1252 (--encoding)`, `utf-8`.
    /// Not a delimited text file: e.g. `FHIR R4 JSON` (set by the FHIR reader); `nil` for CSV and xlsx.
    public var container: String? = nil

    public var encodingDescription: String {
        if let container { return "utf-8 (\(container))" }
        if let sheet { return "xlsx (sheet \(sheet))" }
        return encoding.rawValue + (encodingFromByteOrderMark ? " (byte-order mark)" : "")
    }
    /// `semicolon (detected)` or `comma (--delimiter)`.
    public var delimiterDescription: String {
        if let container { return "none (\(container))" }
        if sheet != nil { return "none (xlsx cells)" }
        return CSVFormat.name(ofDelimiter: delimiter) + (delimiterDetected ? " (detected)" : " (--delimiter)")
    }
}
