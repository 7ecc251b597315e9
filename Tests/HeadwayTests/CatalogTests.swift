import Testing
@testable import Headway

@Suite("Measure catalog")
struct CatalogTests {
    let catalog = MeasureCatalog.builtin

    @Test("required built-in measures are present", arguments: [
        "PHQ-9", "GAD-7", "CORE-10", "CORE-OM", "OQ-45.2", "ORS", "K10", "WEMWBS", "SWEMWBS",
        "BDI-II", "PCL-5", "HAMD", "WHO-5", "SHAPS", "DAS", "GDS",
    ])
    func present(name: String) {
        #expect(catalog.measure(named: name)?.name == name)
    }

    @Test("lookup by aliases and normalised spellings", arguments: [
        ("phq9", "PHQ-9"), ("PHQ-9", "PHQ-9"), ("phq_9", "PHQ-9"), ("PHQ 9", "PHQ-9"), ("p.h.q.9", "PHQ-9"),
        ("gad7", "GAD-7"), ("core10", "CORE-10"), ("CORE OM", "CORE-OM"), ("oq45", "OQ-45.2"),
        ("OQ-45", "OQ-45.2"), ("outcome rating scale", "ORS"), ("k-10", "K10"), ("bdi2", "BDI-II"),
        ("pcl5", "PCL-5"), ("HAM-D", "HAMD"), ("hdrs", "HAMD"), ("who5", "WHO-5"), ("swemwbs", "SWEMWBS"),
        ("dyadic adjustment scale", "DAS"), ("msi-gds", "GDS"),
    ])
    func lookup(query: String, expected: String) {
        #expect(catalog.measure(named: query)?.name == expected)
    }

    @Test func unknownNameIsNil() {
        #expect(catalog.measure(named: "XYZ-12") == nil)
        #expect(catalog.measure(named: "") == nil)
        #expect(catalog.measure(named: " - ") == nil)
    }

    @Test func namesAndAliasesAreUnambiguous() {
        var seen: [String: String] = [:]
        for m in catalog.measures {
            for n in [m.name] + m.aliases {
                let key = MeasureCatalog.normalize(n)
                if let other = seen[key], other != m.name {
                    Issue.record("\(n) names both \(other) and \(m.name)")
                }
                seen[key] = m.name
            }
        }
    }

    @Test func phq9Caseness() throws {
        let phq = try #require(catalog.measure(named: "PHQ-9"))
        #expect(phq.isClinical(10) == true)
        #expect(phq.isClinical(9) == false)
        #expect(phq.isClinical(27) == true)
        #expect(phq.minScore == 0 && phq.maxScore == 27)
        #expect(phq.direction == .lowerIsBetter)
        #expect(phq.reliableChange == 6)
    }

    @Test func gad7Caseness() throws {
        let gad = try #require(catalog.measure(named: "GAD-7"))
        #expect(gad.isClinical(8) == true)
        #expect(gad.isClinical(7) == false)
        #expect(gad.maxScore == 21 && gad.reliableChange == 4)
    }

    @Test func orsHigherIsBetterBoundary() throws {
        let ors = try #require(catalog.measure(named: "ORS"))
        #expect(ors.direction == .higherIsBetter)
        #expect(ors.isClinical(25) == false)
        #expect(ors.isClinical(24) == true)
        #expect(ors.isClinical(24.9) == true)
        #expect(ors.isClinical(30) == false)
        #expect(ors.reliableChange == 5)
    }

    @Test func otherBoundaries() throws {
        #expect(catalog.measure(named: "CORE-10")?.isClinical(11) == true)
        #expect(catalog.measure(named: "CORE-10")?.isClinical(10) == false)
        #expect(catalog.measure(named: "OQ-45.2")?.isClinical(64) == true)
        #expect(catalog.measure(named: "OQ-45.2")?.isClinical(63) == false)
        #expect(catalog.measure(named: "CORE-OM")?.isClinical(10) == true)
        #expect(catalog.measure(named: "WHO-5")?.isClinical(13) == false)
        #expect(catalog.measure(named: "WHO-5")?.isClinical(12) == true)
        #expect(catalog.measure(named: "K10")?.isClinical(30) == nil)
    }

    @Test func higherIsBetterWithClinicalCutoff() {
        let m = Measure(name: "X", minScore: 0, maxScore: 10, direction: .higherIsBetter, cutoff: 5, cutoffIsClinical: true)
        #expect(m.isClinical(5) == true)
        #expect(m.isClinical(6) == false)
        #expect(m.isClinical(4) == true)
    }

    @Test func everyParameterHasASource() {
        for m in catalog.measures {
            #expect(m.sources["range"]?.isEmpty == false, "\(m.name) range")
            for p in m.presentParameters {
                #expect(m.sources[p]?.isEmpty == false, "\(m.name): \(p) has no citation")
            }
            // No stray citations for parameters that are nil.
            let known = Set(["range", "direction"] + m.presentParameters)
            for key in m.sources.keys {
                #expect(known.contains(key), "\(m.name): citation for absent \(key)")
            }
            #expect(!m.fullName.isEmpty)
            #expect(!m.notes.isEmpty, "\(m.name) should explain what is missing")
        }
    }

    @Test func rangesAreSane() {
        for m in catalog.measures {
            #expect(m.minScore < m.maxScore, "\(m.name)")
            if let c = m.cutoff { #expect(c >= m.minScore && c <= m.maxScore, "\(m.name) cutoff") }
            if let r = m.reliability { #expect(r > 0 && r < 1, "\(m.name) reliability") }
            for sd in [m.clinicalSD, m.functionalSD].compactMap({ $0 }) { #expect(sd > 0, "\(m.name) SD") }
            for mean in [m.clinicalMean, m.functionalMean].compactMap({ $0 }) {
                #expect(mean >= m.minScore && mean <= m.maxScore, "\(m.name) mean")
            }
            if let rc = m.reliableChange { #expect(rc > 0 && rc < m.maxScore - m.minScore, "\(m.name) RC") }
            // Clinical and functional norms, when both present, lie on the expected sides.
            if let cm = m.clinicalMean, let fm = m.functionalMean {
                #expect(m.direction == .lowerIsBetter ? cm > fm : cm < fm, "\(m.name) norms")
            }
        }
    }

    @Test func specValuesKept() throws {
        let c = catalog
        #expect(c.measure(named: "CORE-10")?.cutoff == 11)
        #expect(c.measure(named: "CORE-OM")?.cutoff == 10)
        #expect(c.measure(named: "CORE-OM")?.maxScore == 40)
        #expect(c.measure(named: "OQ-45.2")?.maxScore == 180)
        #expect(c.measure(named: "OQ-45.2")?.reliableChange == 14)
        #expect(c.measure(named: "ORS")?.cutoff == 25)
        #expect(c.measure(named: "K10")?.minScore == 10)
        #expect(c.measure(named: "K10")?.maxScore == 50)
        #expect(c.measure(named: "WEMWBS")?.minScore == 14)
        #expect(c.measure(named: "SWEMWBS")?.maxScore == 35)
        #expect(c.measure(named: "BDI-II")?.maxScore == 63)
        #expect(c.measure(named: "PCL-5")?.cutoff == 33)
        #expect(c.measure(named: "WHO-5")?.direction == .higherIsBetter)
        #expect(c.measure(named: "SHAPS")?.maxScore == 14)
        #expect(c.measure(named: "DAS")?.maxScore == 151)
        #expect(c.measure(named: "DAS")?.direction == .higherIsBetter)
        #expect(c.measure(named: "GDS")?.direction == .lowerIsBetter)
    }

    // MARK: - Overrides

    static func row(_ line: Int, _ pairs: KeyValuePairs<String, String>) -> CatalogRow {
        var values: [String: String] = [:]
        var columns: [String: Int] = [:]
        for (k, v) in pairs { values[k] = v }
        for (i, c) in MeasureCatalog.catalogColumns.enumerated() { columns[c] = i + 1 }
        return CatalogRow(line: line, values: values, columns: columns)
    }

    static func col(_ field: String) -> Int { (MeasureCatalog.catalogColumns.firstIndex(of: field) ?? -1) + 1 }

    @Test func overrideExistingReliability() throws {
        var c = MeasureCatalog.builtin
        try c.apply([Self.row(2, ["name": "phq9", "reliability": "0.84", "source": "Local audit 2024", "cutoff": ""])])
        let phq = try #require(c.measure(named: "PHQ-9"))
        #expect(phq.reliability == 0.84)
        #expect(phq.sources["reliability"] == "Local audit 2024")
        // Untouched fields keep their built-in values and citations.
        #expect(phq.cutoff == 10)
        #expect(phq.reliableChange == 6)
        #expect(phq.sources["cutoff"] == MeasureCatalog.builtin.measure(named: "PHQ-9")?.sources["cutoff"])
        #expect(c.measures.count == MeasureCatalog.builtin.measures.count)
        #expect(c.measures.map(\.name) == MeasureCatalog.builtin.measures.map(\.name))
    }

    @Test func overrideAddsAliasesAndBoundary() throws {
        var c = MeasureCatalog.builtin
        try c.apply([Self.row(3, ["name": "ORS", "aliases": "ors total; outcome-rating", "cutoff_is_clinical": "yes"])])
        let ors = try #require(c.measure(named: "orstotal"))
        #expect(ors.name == "ORS")
        #expect(ors.aliases.contains("Outcome Rating Scale"))
        #expect(ors.isClinical(25) == true)
    }

    @Test func addNewMeasure() throws {
        var c = MeasureCatalog.builtin
        try c.apply([Self.row(4, [
            "name": "PSYCHLOPS", "aliases": "psychlops|PSY-LOPS", "full_name": "Psychological Outcome Profiles",
            "min": "0", "max": "20", "direction": "lower", "reliability": ".79", "cutoff": "6",
            "cutoff_is_clinical": "1", "reliable_change": "4", "clinical_mean": "14.1", "clinical_sd": "3.5",
            "functional_mean": "4", "functional_sd": "3", "source": "Ashworth et al. 2005", "notes": "user supplied",
        ])])
        let m = try #require(c.measure(named: "psy_lops"))
        #expect(m.name == "PSYCHLOPS")
        #expect(m.maxScore == 20 && m.direction == .lowerIsBetter && m.reliability == 0.79)
        #expect(m.isClinical(6) == true && m.isClinical(5) == false)
        #expect(c.measures.last?.name == "PSYCHLOPS")
        for p in m.presentParameters { #expect(m.sources[p] == "Ashworth et al. 2005") }
        #expect(m.notes == "user supplied")
    }

    @Test func newMeasureWithoutSourceCitesTheLine() throws {
        var c = MeasureCatalog.builtin
        try c.apply([Self.row(9, ["name": "NEW", "min": "1", "max": "5", "direction": "Higher", "cutoff": "3"])])
        let m = try #require(c.measure(named: "new"))
        #expect(m.direction == .higherIsBetter)
        #expect(m.sources["cutoff"] == "user catalog line 9")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let values: [String: String]
        let field: String
        let reasonContains: String
        var testDescription: String { "\(field): \(reasonContains)" }
    }

    @Test("validation errors carry line, column and field", arguments: [
        Bad(values: ["name": "PHQ-9", "reliability": "abc"], field: "reliability", reasonContains: "not a number"),
        Bad(values: ["name": "PHQ-9", "reliability": "1.2"], field: "reliability", reasonContains: "between 0 and 1"),
        Bad(values: ["name": "PHQ-9", "reliability": "0"], field: "reliability", reasonContains: "between 0 and 1"),
        Bad(values: ["name": "PHQ-9", "reliability": "1"], field: "reliability", reasonContains: "between 0 and 1"),
        Bad(values: ["name": "PHQ-9", "clinical_sd": "0"], field: "clinical_sd", reasonContains: "greater than 0"),
        Bad(values: ["name": "PHQ-9", "functional_sd": "-1"], field: "functional_sd", reasonContains: "greater than 0"),
        Bad(values: ["name": "PHQ-9", "clinical_mean": "1,5"], field: "clinical_mean", reasonContains: "not a number"),
        Bad(values: ["name": "PHQ-9", "cutoff": "28"], field: "cutoff", reasonContains: "outside"),
        Bad(values: ["name": "PHQ-9", "cutoff": "-1"], field: "cutoff", reasonContains: "outside"),
        Bad(values: ["name": "PHQ-9", "max": "5"], field: "max", reasonContains: "outside"),
        Bad(values: ["name": "PHQ-9", "min": "30"], field: "min", reasonContains: "less than max"),
        Bad(values: ["name": "NEW", "min": "5", "max": "5", "direction": "lower"], field: "max", reasonContains: "less than max"),
        Bad(values: ["name": "PHQ-9", "direction": "sideways"], field: "direction", reasonContains: "unknown direction"),
        Bad(values: ["name": "PHQ-9", "cutoff_is_clinical": "maybe"], field: "cutoff_is_clinical", reasonContains: "true/false"),
        Bad(values: ["name": "PHQ-9", "reliable_change": "0"], field: "reliable_change", reasonContains: "greater than 0"),
        Bad(values: ["name": "PHQ-9", "min": "inf"], field: "min", reasonContains: "not a number"),
        Bad(values: ["name": "", "min": "0"], field: "name", reasonContains: "name"),
        Bad(values: ["name": "NEW", "max": "10", "direction": "lower"], field: "min", reasonContains: "minimum"),
        Bad(values: ["name": "NEW", "min": "0", "direction": "lower"], field: "max", reasonContains: "maximum"),
        Bad(values: ["name": "NEW", "min": "0", "max": "10"], field: "direction", reasonContains: "direction"),
        Bad(values: ["name": "NEW", "min": "0", "max": "10", "direction": "lower", "aliases": "phq9"], field: "aliases", reasonContains: "PHQ-9"),
    ])
    func validation(bad: Bad) {
        var c = MeasureCatalog.builtin
        let row = CatalogRow(line: 7, values: bad.values, columns: Dictionary(uniqueKeysWithValues: MeasureCatalog.catalogColumns.enumerated().map { ($1, $0 + 1) }))
        do {
            try c.apply([row])
            Issue.record("expected an error for \(bad.field)")
        } catch let e as CatalogError {
            #expect(e.line == 7)
            #expect(e.field == bad.field)
            #expect(e.column == Self.col(bad.field))
            #expect(e.reason.contains(bad.reasonContains), "\(e.reason)")
            #expect(e.description.contains("line 7"))
            #expect(e.description.contains("column \(Self.col(bad.field))"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // Nothing changed.
        #expect(c.measures == MeasureCatalog.builtin.measures)
    }

    @Test func newMeasureMissingDirectionIsAnError() {
        var c = MeasureCatalog.builtin
        let row = CatalogRow(line: 12, values: ["name": "FOO", "min": "0", "max": "10"], columns: ["name": 1, "min": 2, "max": 3])
        #expect(throws: CatalogError(line: 12, column: 0, field: "direction", reason: "new measure \"FOO\" needs a direction (lower or higher)")) {
            try c.apply([row])
        }
    }

    @Test func applyIsAllOrNothing() {
        var c = MeasureCatalog.builtin
        let good = Self.row(2, ["name": "PHQ-9", "reliability": "0.5"])
        let bad = Self.row(3, ["name": "GAD-7", "reliability": "2"])
        #expect(throws: CatalogError.self) { try c.apply([good, bad]) }
        #expect(c.measure(named: "PHQ-9")?.reliability == 0.89)
    }

    // MARK: - Table

    @Test func tableListsEveryMeasureWithPlainNumbers() throws {
        let (header, rows) = catalog.table()
        #expect(header.contains("citations"))
        #expect(!header.contains("source"))
        #expect(header.count == MeasureCatalog.catalogColumns.count)
        #expect(rows.count == catalog.measures.count)
        for r in rows { #expect(r.count == header.count) }
        func cell(_ measure: String, _ column: String) -> String? {
            guard let ri = rows.firstIndex(where: { $0[0] == measure }), let ci = header.firstIndex(of: column) else { return nil }
            return rows[ri][ci]
        }
        #expect(cell("PHQ-9", "min") == "0")
        #expect(cell("PHQ-9", "max") == "27")
        #expect(cell("PHQ-9", "reliability") == "0.89")
        #expect(cell("PHQ-9", "functional_mean") == "2.91")
        #expect(cell("PHQ-9", "cutoff") == "10")
        #expect(cell("PHQ-9", "cutoff_is_clinical") == "true")
        #expect(cell("ORS", "cutoff_is_clinical") == "false")
        #expect(cell("ORS", "direction") == "higher")
        #expect(cell("K10", "cutoff") == "")
        #expect(cell("K10", "cutoff_is_clinical") == "")
        #expect(cell("PHQ-9", "aliases")?.contains("PHQ9|") == true)
        #expect(cell("PHQ-9", "citations")?.contains("reliability: Kroenke") == true)
    }

    @Test func formatting() {
        #expect(formatNumber(nil) == "")
        #expect(formatNumber(0.84) == "0.84")
        #expect(formatNumber(10) == "10")
        #expect(formatNumber(-3) == "-3")
        #expect(formatNumber(2.5) == "2.5")
    }
}
