import HeadwayCSV

/// A column a Headway input file may carry: its canonical name and the header
/// spellings accepted for it.
///
/// Headers are matched case-insensitively after trimming and turning spaces and
/// hyphens into underscores, so `Patient ID`, `patient-id` and `PATIENT_ID` all
/// mean `client_id`. Unknown columns are ignored; column order is free.
public struct ColumnSpec: Sendable, Hashable {
    public let name: String
    public let aliases: [String]

    public init(_ name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }

    /// The normalised form used for header matching.
    public static func normalise(_ header: String) -> String {
        var out = ""
        for ch in header.lowercased() {
            switch ch {
            case " ", "-", ".": out.append("_")
            default: out.append(ch)
            }
        }
        while out.hasPrefix("_") { out.removeFirst() }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }
}

/// Where each known column sits in a file's header (0-based field indices).
public struct HeaderMap: Sendable {
    public private(set) var index: [String: Int] = [:]
    public let fieldCount: Int
    public let headers: [String]

    /// Resolves `headers` against `specs`.
    /// - Throws: ``CSVError`` when two header fields name the same column.
    public init(headers: [String], specs: [ColumnSpec], file: String, line: Int) throws {
        self.headers = headers
        self.fieldCount = headers.count
        var lookup: [String: String] = [:]
        for spec in specs {
            lookup[spec.name] = spec.name
            for a in spec.aliases { lookup[ColumnSpec.normalise(a)] = spec.name }
        }
        for (i, h) in headers.enumerated() {
            guard let canonical = lookup[ColumnSpec.normalise(h)] else { continue }
            if let first = index[canonical] {
                throw CSVError(file: file, line: line, column: i + 1,
                               reason: "header \(FieldExcerpt.quoted(h)) names column '\(canonical)' again (already field \(first + 1), \(FieldExcerpt.quoted(headers[first])))")
            }
            index[canonical] = i
        }
    }

    public subscript(_ name: String) -> Int? { index[name] }
}

/// How a loader treats invalid rows.
public enum ValidationMode: String, Sendable, CaseIterable {
    /// Stop at the first invalid row with `file:line:column: reason`.
    case strict
    /// Skip invalid rows, keeping each with its line and reason.
    case lenient
}

/// An input row that was not accepted, with where and why.
public struct Rejection: Sendable, Equatable {
    public var line: Int
    /// 1-based field number of the offending value (0: the whole row).
    public var column: Int
    public var field: String
    public var reason: String
    /// The row's fields as read, so a rejects file can be corrected and re-read.
    public var raw: [String]

    public init(line: Int, column: Int, field: String, reason: String, raw: [String]) {
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
        self.raw = raw
    }

    public func error(file: String) -> CSVError {
        CSVError(file: file, line: line, column: column, reason: reason)
    }
}

/// Counts that must balance: every data row read is either accepted or rejected.
public struct LoadCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
    public init() {}
    public var balanced: Bool { accepted + rejected == rowsRead }
}

extension CSVRecord {
    /// All fields as strings (for rejects output).
    public func allStrings() -> [String] { (0..<count).map { string($0) } }
}
