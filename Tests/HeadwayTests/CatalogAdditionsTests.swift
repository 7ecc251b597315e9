// Measures added for issue 19 ("Catalog"): ranges and cut-off boundaries as published
// (citations in Sources/Headway/Catalog/CATALOG.md and in each measure's sources).
import Testing
@testable import Headway

@Suite("Catalog additions (issue 19)")
struct CatalogAdditionsTests {
    let c = MeasureCatalog.builtin

    @Test func rangesAndDirections() throws {
        // (name, min, max, direction): WSAS 5 items 0-8 (Mundt et al. 2002); EPDS 10 items 0-3 (Cox et al. 1987);
        // SDQ total difficulties 4 scales 0-10 (Goodman 1997); HoNOS 12 scales 0-4 (Wing et al. 1998; METeOR 575161);
        // RCADS 47 items 0-3 (User's Guide 2020); SRS 4 items 0-10 (Duncan et al. 2003).
        let expected: [(String, Double, Double, ScoreDirection)] = [
            ("WSAS", 0, 40, .lowerIsBetter), ("EPDS", 0, 30, .lowerIsBetter), ("SDQ", 0, 40, .lowerIsBetter),
            ("HoNOS", 0, 48, .lowerIsBetter), ("RCADS", 0, 141, .lowerIsBetter), ("SRS", 0, 40, .higherIsBetter),
            ("PHQ-2", 0, 6, .lowerIsBetter),
        ]
        for (name, lo, hi, dir) in expected {
            let m = try #require(c.measure(named: name), "\(name)")
            #expect(m.minScore == lo && m.maxScore == hi && m.direction == dir, "\(name)")
            #expect(m.sources["range"] != nil)
        }
        #expect(c.measure(named: "Session Rating Scale")?.name == "SRS")
        #expect(c.measure(named: "edinburgh postnatal depression scale")?.name == "EPDS")
    }

    @Test func cutoffBoundaries() throws {
        let epds = try #require(c.measure(named: "EPDS"))      // 12/13: 13 and above (Cox et al. 1987)
        #expect(epds.isClinical(13) == true)
        #expect(epds.isClinical(12) == false)
        let sdq = try #require(c.measure(named: "SDQ"))        // UK parent bands: 17-40 abnormal
        #expect(sdq.isClinical(17) == true)
        #expect(sdq.isClinical(16) == false)
        let srs = try #require(c.measure(named: "SRS"))        // 36 or below flags the session
        #expect(srs.isClinical(36) == true)
        #expect(srs.isClinical(36.5) == false)
        let phq2 = try #require(c.measure(named: "PHQ-2"))     // >= 3 (Kroenke et al. 2003)
        #expect(phq2.isClinical(3) == true)
        #expect(phq2.isClinical(2) == false)
        for name in ["WSAS", "HoNOS", "RCADS"] { #expect(c.measure(named: name)?.cutoff == nil, "\(name): no caseness cut-off") }
        #expect(c.measure(named: "WSAS")?.reliability == 0.73)
        #expect(c.measure(named: "EPDS")?.reliability == 0.87)
        #expect(c.measure(code: "71354-5", kind: .loincPanel)?.name == "EPDS")
    }
}
