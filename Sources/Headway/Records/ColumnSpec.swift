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

    /// Resolves `headers` against `specs`. `mapping` (`--column client_id="Client Name"`) names
    /// the header of a column explicitly (canonical name → header text, matched exactly after
    /// trimming, else case-insensitively after normalising); a mapped header wins over aliases.
    /// - Throws: `CSVError` when two header fields name the same column, or a mapping names an
    ///   unknown column or a header that is not there (listing the headers and the closest one).
    public init(headers: [String], specs: [ColumnSpec], file: String, line: Int, mapping: [String: String] = [:]) throws {
        self.headers = headers
        self.fieldCount = headers.count
        var mapped = Set<Int>()
        for (canonical, wanted) in mapping.sorted(by: { $0.key < $1.key }) {
            guard specs.contains(where: { $0.name == canonical }) else {
                throw CSVError(file: file, line: line, column: 0,
                               reason: "--column \(canonical)=…: unknown column name \(FieldExcerpt.quoted(canonical)) (columns of this file: \(specs.map(\.name).joined(separator: ", ")))")
            }
            let t = wanted.trimmingSpaces()
            guard let i = headers.firstIndex(where: { $0.trimmingSpaces() == t }) ?? headers.firstIndex(where: { ColumnSpec.normalise($0) == ColumnSpec.normalise(t) }) else {
                let near = Suggestions.closest(t, among: headers.map { ($0, [$0]) }).map { "; closest: \(FieldExcerpt.quoted($0))" } ?? ""
                throw CSVError(file: file, line: line, column: 0,
                               reason: "--column \(canonical)=\(FieldExcerpt.quoted(wanted)): the header has no such column (found: \(FieldExcerpt.list(headers))\(near))")
            }
            index[canonical] = i
            mapped.insert(i)
        }
        var lookup: [String: String] = [:]
        for spec in specs {
            lookup[spec.name] = spec.name
            for a in spec.aliases { lookup[ColumnSpec.normalise(a)] = spec.name }
        }
        for (i, h) in headers.enumerated() where !mapped.contains(i) {
            guard let canonical = lookup[ColumnSpec.normalise(h)], mapping[canonical] == nil else { continue }
            if let first = index[canonical] {
                throw CSVError(file: file, line: line, column: i + 1,
                               reason: "header \(FieldExcerpt.quoted(h)) names column '\(canonical)' again (already field \(first + 1), \(FieldExcerpt.quoted(headers[first])))")
            }
            index[canonical] = i
        }
    }

    public subscript(_ name: String) -> Int? { index[name] }

    /// The message for missing required columns: what is missing, the headers found, the
    /// closest header to each missing column, and how to map one.
    public static func missingColumns(_ missing: [String], specs: [ColumnSpec], headers: [String]) -> String {
        var near: [String] = []
        for m in missing {
            for name in m.split(separator: " ").map(String.init) where name != "or" {
                guard let spec = specs.first(where: { $0.name == name }), let h = Suggestions.header(for: spec, in: headers) else { continue }
                near.append("\(name): \(FieldExcerpt.quoted(h))?")
            }
        }
        let closest = near.isEmpty ? "" : "; closest: " + near.joined(separator: ", ")
        return "header lacks required column(s): \(missing.joined(separator: ", ")) (found: \(FieldExcerpt.list(headers))\(closest)); name a column's header with --column NAME=\"Header\""
    }
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

/// Counts that must balance: every data row read is accepted, skipped or rejected.
///
/// Skipped rows are not errors: a row whose cells are all empty (the `,,,,` rows spreadsheets
/// leave after the data) and, in an observations file, a row with a client and measure but a
/// blank score (a measure not administered at that session; an error under `--require-scores`).
/// Blank lines (no bytes at all) are not rows; the reader counts them apart (``blankLines``).
public struct LoadCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
    /// Rows skipped: ``emptyRows`` + ``notAdministered`` + the ``skippedByRule`` counts.
    public var skipped: Int { emptyRows + notAdministered + skippedByRule.values.reduce(0, +) }
    /// Resources skipped by a rule of the FHIR reader, counted per reason ("status
    /// entered-in-error", "unknown code http://loinc.org|8867-4", ...); empty for CSV input.
    public var skippedByRule: [String: Int] = [:]
    /// Rows whose every cell is empty or spaces.
    public var emptyRows = 0
    /// Observation rows with a blank score (measure not administered).
    public var notAdministered = 0
    /// Lines with no bytes, which the reader skips (not counted in ``rowsRead``).
    public var blankLines = 0
    public init() {}
    public var balanced: Bool { accepted + skipped + rejected == rowsRead }

    /// Adds the counts of another part of the same input (the parallel readers' merge).
    public mutating func add(_ other: LoadCounts) {
        rowsRead += other.rowsRead
        accepted += other.accepted
        rejected += other.rejected
        emptyRows += other.emptyRows
        notAdministered += other.notAdministered
        blankLines += other.blankLines
        skippedByRule.merge(other.skippedByRule, uniquingKeysWith: +)
    }
}

extension CSVRecord {
    /// Whether the record has more than one field and every one is empty or spaces (an Excel
    /// `,,,,` row). A line holding only `""` is one field: a row that is read and rejected.
    public var isEmptyRow: Bool {
        if count < 2 { return false }
        for i in 0..<count where !isBlank(i) { return false }
        return malformed == nil
    }
}

extension CSVRecord {
    /// All fields as strings (for rejects output).
    public func allStrings() -> [String] { (0..<count).map { string($0) } }
}
