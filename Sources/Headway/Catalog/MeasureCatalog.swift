import HeadwayCSV
// SPDX-License-Identifier: GPL-3.0-or-later
// The measure catalog: the built-in measures, lookup by name or alias, user overrides
// from catalog rows, and a listing table.

/// One row of a user catalog CSV, already split by the caller into header -> raw value.
public struct CatalogRow: Sendable, Hashable {
    /// 1-based line number in the source file.
    public var line: Int
    /// Lower-case header name -> raw string value.
    public var values: [String: String]
    /// Lower-case header name -> 1-based column index, for error messages.
    public var columns: [String: Int]

    public init(line: Int, values: [String: String], columns: [String: Int] = [:]) {
        self.line = line
        self.values = values
        self.columns = columns
    }
}

/// A problem in one cell (or row) of a user catalog.
public struct CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public let line: Int
    /// 1-based column index; 0 when the column is absent from the file.
    public let column: Int
    /// The catalog column (header name) at fault.
    public let field: String
    public let reason: String

    public init(line: Int, column: Int, field: String, reason: String) {
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if column > 0 {
            return "catalog line \(line), column \(column) (\(field)): \(reason)"
        }
        return "catalog line \(line) (\(field)): \(reason)"
    }
}

/// The set of known measures.
public struct MeasureCatalog: Sendable {
    /// Measures in a stable display order.
    public var measures: [Measure] { didSet { lookup = NameLookup(measures) } }
    /// Hashed name and alias lookup, rebuilt whenever `measures` is set (a linear search per
    /// lookup made an 8,000-measure user catalog take 32 s to load).
    private var lookup: NameLookup

    public init(measures: [Measure]) {
        self.measures = measures
        lookup = NameLookup(measures)
    }

    /// Normalised names and aliases to measure indices; a name wins over an alias and, among
    /// equals, the earlier measure wins (the order of a linear search).
    struct NameLookup: Sendable {
        var names: [String: Int] = [:]
        var aliases: [String: Int] = [:]
        /// Terminology codes: "loinc|CODE", "loinc-panel|CODE", "snomed|CODE" -> measure index.
        var codes: [String: Int] = [:]
        init(_ measures: [Measure]) {
            for (i, m) in measures.enumerated() { add(m, at: i) }
        }
        mutating func add(_ m: Measure, at i: Int) {
            for c in m.loinc where codes["loinc|" + c] == nil { codes["loinc|" + c] = i }
            for c in m.loincPanel where codes["loinc-panel|" + c] == nil { codes["loinc-panel|" + c] = i }
            for c in m.snomed where codes["snomed|" + c] == nil { codes["snomed|" + c] = i }
            let n = MeasureCatalog.normalize(m.name)
            if names[n] == nil { names[n] = i }
            for a in m.aliases {
                let k = MeasureCatalog.normalize(a)
                if aliases[k] == nil { aliases[k] = i }
            }
        }
        func index(_ key: String) -> Int? { names[key] ?? aliases[key] }
    }

    /// The catalog shipped with Headway (see CATALOG.md for values and citations).
    public static let builtin = MeasureCatalog(measures: BuiltinMeasures.all)

    /// Every number of a user catalog (score range, norms, cut-off, reliable change) lies in
    /// `−10⁹…10⁹`: scores, their differences and squares then stay finite and exact enough,
    /// and no range or count derived from them can overflow.
    public static let numberLimit = 1e9

    /// The columns of a user catalog CSV (lower-case headers).
    public static let catalogColumns: [String] = [
        "name", "aliases", "full_name", "min", "max", "direction", "reliability",
        "clinical_mean", "clinical_sd", "functional_mean", "functional_sd", "cutoff",
        "cutoff_is_clinical", "reliable_change", "loinc", "loinc_panel", "snomed", "source", "notes",
    ]

    /// Lower-cases and drops spaces, '-', '_' and '.': "PHQ-9", "phq_9", "Phq 9" -> "phq9".
    public static func normalize(_ name: String) -> String {
        String(name.lowercased().filter { !($0 == " " || $0 == "-" || $0 == "_" || $0 == "." || $0.isWhitespace) })
    }

    /// The kinds of terminology code the catalog holds for a measure.
    public enum CodeKind: String, Sendable {
        /// A LOINC code of the total score.
        case loinc
        /// A LOINC code of the measure's panel (questionnaire).
        case loincPanel = "loinc-panel"
        /// A SNOMED CT concept id of the total score.
        case snomed
    }

    /// The measure that lists `code` among its codes of `kind` (the first such measure).
    public func measure(code: String, kind: CodeKind) -> Measure? {
        lookup.codes[kind.rawValue + "|" + code].map { measures[$0] }
    }

    /// The measure whose name or one of whose aliases matches `named` after normalising.
    public func measure(named: String) -> Measure? {
        index(named: named).map { measures[$0] }
    }

    func index(named: String) -> Int? {
        let key = Self.normalize(named)
        guard !key.isEmpty else { return nil }
        return lookup.index(key)
    }

    /// Applies user catalog rows in order: a row whose `name` matches an existing measure
    /// (by name or alias) overrides only the fields present and non-empty in the row; any
    /// other row adds a new measure, which needs `name`, `min`, `max` and `direction`.
    /// Aliases in an override are added to the existing ones. The row's `source` (or
    /// "user catalog line N" when empty) becomes the citation of every field it sets.
    /// All-or-nothing: on the first error nothing is changed and the error is thrown.
    public mutating func apply(_ overrides: [CatalogRow]) throws {
        var work = Work(measures: measures, lookup: lookup)
        for row in overrides {
            try work.applyRow(row)
        }
        measures = work.measures
    }

    /// The measures and their lookup while rows are applied (setting `measures` once at the end
    /// keeps the whole apply O(rows), not O(rows × measures)).
    private struct Work {
        var measures: [Measure]
        var lookup: NameLookup
        func index(named: String) -> Int? {
            let key = MeasureCatalog.normalize(named)
            return key.isEmpty ? nil : lookup.index(key)
        }
        static func normalize(_ s: String) -> String { MeasureCatalog.normalize(s) }
        static func parseDirection(_ t: String) -> ScoreDirection? { MeasureCatalog.parseDirection(t) }
        static func parseBool(_ t: String) -> Bool? { MeasureCatalog.parseBool(t) }

    mutating func applyRow(_ row: CatalogRow) throws {
        let reader = RowReader(row: row)
        guard let name = reader.text("name") else {
            throw reader.error("name", "a catalog row needs a measure name")
        }
        let existing = index(named: name)
        var m: Measure
        if let existing {
            m = measures[existing]
        } else {
            guard reader.text("min") != nil else {
                throw reader.error("min", "new measure \(FieldExcerpt.quoted(name)) needs a minimum score")
            }
            guard reader.text("max") != nil else {
                throw reader.error("max", "new measure \(FieldExcerpt.quoted(name)) needs a maximum score")
            }
            guard reader.text("direction") != nil else {
                throw reader.error("direction", "new measure \(FieldExcerpt.quoted(name)) needs a direction (lower or higher)")
            }
            m = Measure(name: name, minScore: 0, maxScore: 1, direction: .lowerIsBetter)
        }
        let citation = reader.text("source") ?? "user catalog line \(row.line)"

        if let aliases = reader.text("aliases") {
            let parts = aliases.split(whereSeparator: { $0 == "|" || $0 == ";" })
                .map { $0.trimmingSpaces() }
                .filter { !$0.isEmpty }
            for alias in parts where !m.aliases.contains(where: { Self.normalize($0) == Self.normalize(alias) }) {
                if let other = index(named: alias), other != existing {
                    throw reader.error("aliases", "alias \(FieldExcerpt.quoted(alias)) already names \(measures[other].name)")
                }
                m.aliases.append(alias)
            }
        }
        if let fullName = reader.text("full_name") { m.fullName = fullName }
        var rangeSet = false
        if let v = try reader.number("min") { m.minScore = v; rangeSet = true }
        if let v = try reader.number("max") { m.maxScore = v; rangeSet = true }
        if rangeSet { m.sources["range"] = citation }
        if let d = reader.text("direction") {
            guard let dir = Self.parseDirection(d) else {
                throw reader.error("direction", "unknown direction \(FieldExcerpt.quoted(d)) (expected lower or higher)")
            }
            m.direction = dir
            m.sources["direction"] = citation
        }
        if let v = try reader.number("reliability") {
            guard v > 0, v < 1 else {
                throw reader.error("reliability", "reliability \(formatNumber(v)) must lie strictly between 0 and 1")
            }
            m.reliability = v
            m.sources["reliability"] = citation
        }
        if let v = try reader.number("clinical_mean") { m.clinicalMean = v; m.sources["clinicalMean"] = citation }
        if let v = try reader.number("clinical_sd") {
            guard v > 0 else { throw reader.error("clinical_sd", "standard deviation \(formatNumber(v)) must be greater than 0") }
            m.clinicalSD = v
            m.sources["clinicalSD"] = citation
        }
        if let v = try reader.number("functional_mean") { m.functionalMean = v; m.sources["functionalMean"] = citation }
        if let v = try reader.number("functional_sd") {
            guard v > 0 else { throw reader.error("functional_sd", "standard deviation \(formatNumber(v)) must be greater than 0") }
            m.functionalSD = v
            m.sources["functionalSD"] = citation
        }
        if let v = try reader.number("cutoff") { m.cutoff = v; m.sources["cutoff"] = citation }
        if let t = reader.text("cutoff_is_clinical") {
            guard let b = Self.parseBool(t) else {
                throw reader.error("cutoff_is_clinical", "\(FieldExcerpt.quoted(t)) is not true/false/yes/no/1/0")
            }
            m.cutoffIsClinical = b
        }
        if let v = try reader.number("reliable_change") {
            guard v > 0 else { throw reader.error("reliable_change", "reliable change \(formatNumber(v)) must be greater than 0") }
            m.reliableChange = v
            m.sources["reliableChange"] = citation
        }
        for (column, key) in [("loinc", "loinc"), ("loinc_panel", "loincPanel"), ("snomed", "snomed")] {
            guard let t = reader.text(column) else { continue }
            let codes = t.split(whereSeparator: { $0 == "|" || $0 == ";" }).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            for c in codes {
                let ok = column == "snomed" ? MeasureCatalog.isSNOMEDConceptID(c) : MeasureCatalog.isLOINCCode(c)
                guard ok else {
                    throw reader.error(column, column == "snomed"
                        ? "\(FieldExcerpt.quoted(c)) is not a SNOMED CT concept id (6 to 18 digits)"
                        : "\(FieldExcerpt.quoted(c)) is not a LOINC code (digits, a hyphen and a check digit, e.g. 44261-6)")
                }
            }
            switch column {
            case "loinc": m.loinc = codes
            case "loinc_panel": m.loincPanel = codes
            default: m.snomed = codes
            }
            m.sources[key] = citation
        }
        if let notes = reader.text("notes") {
            m.notes = m.notes.isEmpty || existing == nil ? notes : m.notes + " User note: " + notes
        }

        // Whole-measure checks, after merging.
        guard m.minScore < m.maxScore else {
            let field = reader.text("max") != nil ? "max" : "min"
            throw reader.error(field, "min (\(formatNumber(m.minScore))) must be less than max (\(formatNumber(m.maxScore)))")
        }
        if let c = m.cutoff, c < m.minScore || c > m.maxScore {
            let field = reader.text("cutoff") != nil ? "cutoff" : (reader.text("max") != nil ? "max" : "min")
            throw reader.error(field, "cutoff \(formatNumber(c)) lies outside the score range [\(formatNumber(m.minScore)), \(formatNumber(m.maxScore))]")
        }

        if let existing {
            measures[existing] = m
            lookup.add(m, at: existing)
        } else {
            measures.append(m)
            lookup.add(m, at: measures.count - 1)
        }
    }
    }

    /// A LOINC code: 1 to 7 digits, a hyphen and one check digit (the LOINC mod-10 check digit
    /// is verified: LOINC Users' Guide, "Calculating Mod 10 check digits").
    public static func isLOINCCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...7).contains(parts[0].count), parts[1].count == 1,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let check = parts[1].first, check.isASCII, check.isNumber
        else { return false }
        return loincCheckDigit(String(parts[0])) == Int(String(check))
    }

    /// The LOINC mod-10 check digit of the digits before the hyphen: from the rightmost digit,
    /// every other digit (the 1st, 3rd, ...) is doubled and the digits of the doubled number are
    /// summed with the remaining digits; the check digit is (10 - sum mod 10) mod 10.
    static func loincCheckDigit(_ digits: String) -> Int {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            let d = Int(String(ch))!
            if i % 2 == 0 {
                let dd = 2 * d
                sum += dd / 10 + dd % 10
            } else {
                sum += d
            }
        }
        return (10 - sum % 10) % 10
    }

    /// A SNOMED CT concept id as written in FHIR: 6 to 18 digits, no leading zero.
    public static func isSNOMEDConceptID(_ code: String) -> Bool {
        (6...18).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber } && !code.hasPrefix("0")
    }

    static func parseDirection(_ text: String) -> ScoreDirection? {
        switch normalize(text) {
        case "lower", "lowerisbetter", "low": return .lowerIsBetter
        case "higher", "higherisbetter", "high": return .higherIsBetter
        default: return nil
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingSpaces().lowercased() {
        case "true", "yes", "1", "y", "t": return true
        case "false", "no", "0", "n", "f": return false
        default: return nil
        }
    }

    /// The catalog as a table for listing: the catalog columns with `source` replaced by
    /// `citations` ("field: citation" joined by "; "), numbers written plainly ("0.84",
    /// "10") and empty cells for missing values.
    public func table() -> (header: [String], rows: [[String]]) {
        let header = Self.catalogColumns.map { $0 == "source" ? "citations" : $0 }
        let order = ["range", "direction", "reliability", "clinicalMean", "clinicalSD",
                     "functionalMean", "functionalSD", "cutoff", "reliableChange", "loinc", "loincPanel", "snomed"]
        let rows = measures.map { m -> [String] in
            let extra = m.sources.keys.filter { !order.contains($0) }.sorted()
            let citations = (order + extra).compactMap { key in m.sources[key].map { "\(key): \($0)" } }
                .joined(separator: "; ")
            return [
                m.name,
                m.aliases.joined(separator: "|"),
                m.fullName,
                formatNumber(m.minScore),
                formatNumber(m.maxScore),
                m.direction.rawValue,
                formatNumber(m.reliability),
                formatNumber(m.clinicalMean),
                formatNumber(m.clinicalSD),
                formatNumber(m.functionalMean),
                formatNumber(m.functionalSD),
                formatNumber(m.cutoff),
                m.cutoff == nil ? "" : (m.cutoffIsClinical ? "true" : "false"),
                formatNumber(m.reliableChange),
                m.loinc.joined(separator: "|"),
                m.loincPanel.joined(separator: "|"),
                m.snomed.joined(separator: "|"),
                citations,
                m.notes,
            ]
        }
        return (header, rows)
    }
}

/// A number written plainly: "10" for integral values, otherwise the shortest
/// round-tripping decimal ("0.84", "2.91"); "" for nil.
func formatNumber(_ value: Double?) -> String {
    guard let value else { return "" }
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        return String(Int64(value))
    }
    return String(value)
}

/// Typed access to one catalog row's cells, producing `CatalogError`s.
private struct RowReader {
    let row: CatalogRow

    /// The trimmed value of `field`, or nil when absent or empty.
    func text(_ field: String) -> String? {
        guard let raw = row.values[field] else { return nil }
        let t = raw.trimmingSpaces()
        return t.isEmpty ? nil : t
    }

    func number(_ field: String) throws -> Double? {
        guard let t = text(field) else { return nil }
        guard let v = Double(t), v.isFinite else {
            throw error(field, "\(FieldExcerpt.quoted(t)) is not a number")
        }
        guard abs(v) <= MeasureCatalog.numberLimit else {
            throw error(field, "\(formatNumber(v)) is outside the catalog's number range −10⁹…10⁹")
        }
        return v
    }

    func error(_ field: String, _ reason: String) -> CatalogError {
        CatalogError(line: row.line, column: row.columns[field] ?? 0, field: field, reason: reason)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
