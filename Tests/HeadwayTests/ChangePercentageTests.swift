import Testing
@testable import Headway

/// The percentage-change criterion (`ChangeMethod.percentage`): a responder has at least X %
/// change from the pre score in the better direction (clinicalsignificance `cs_percentage`;
/// e.g. the ≥ 50 % PHQ-9/HAMD reduction "response" criterion).
///
/// Independent values, numpy on the 40 claus_2020 HAMD pairs of ChangeClausData.swift (lower is better):
/// ```
/// pct = 100*(x2-x1)/x1; better = -pct
/// d = np.where(better >= imp, 'improved', np.where(-better >= det, 'deteriorated', 'unchanged'))
/// # imp 50, det 50 -> improved 16, unchanged 24, deteriorated 0
/// # imp 50, det 30 -> 16 / 24 / 0      imp 30, det 20 -> 25 / 14 / 1
/// # client 1 (25 -> 13) -48.0, client 13 (24 -> 30) 25.0, client 21 (28 -> 14) exactly -50.0
/// ```
/// The first two agree with clinicalsignificance's published test snapshot
/// (tests/testthat/_snaps/cs_percentage.md: pct_improvement .5 -> 16/24/0; with pct_deterioration .3 -> 16/24/0).
/// With cut-off c (Mf 8, Sf 8; clinical norms = sample pre M and SD, c = 19.886998076050197):
/// ```
/// cp = x1 >= c; fp = ~(x2 >= c)
/// cat = np.select([(d=='improved')&cp&fp, d=='improved', d=='unchanged', (d=='deteriorated')&cp],
///                 ['recovered','improved','unchanged','deteriorated'], 'harmed')
/// # recovered 16, improved 0, unchanged 24, deteriorated 0, harmed 0
/// scipy.stats.binomtest(16, 40).proportion_ci(method='wilson') -> (0.26348325684291923, 0.554041063396538)
/// ```
@Suite struct ChangePercentageTests {
    static func clausEpisodes() -> [Episode] {
        claus2020HAMD.map { row in
            Episode(key: EpisodeKey(clientID: row.id, episodeID: "1", measure: "HAMD"), group: row.group,
                    scores: [Score(value: row.pre, session: 1), Score(value: row.post, session: 4)])
        }
    }

    static func directionCounts(_ r: ChangeResult) -> [Int] {
        ReliableDirection.allCases.map { d in r.episodes.filter { $0.reliableDirection == d }.count }
    }

    @Test(arguments: [(50.0, nil, [16, 24, 0]), (50, 30, [16, 24, 0]), (30, 20, [25, 14, 1])] as [(Double, Double?, [Int])])
    func clausCounts(improvement: Double, deterioration: Double?, expected: [Int]) {
        let o = ChangeOptions(method: .percentage, percentImprovement: improvement, percentDeterioration: deterioration)
        let r = ChangeAnalysis.run(episodes: Self.clausEpisodes(), catalog: .builtin, options: o)
        #expect(Self.directionCounts(r) == expected)
        // No reliability or SD needed; HAMD's published cut-off (>= 8) gives the clinical categories.
        #expect(r.episodes.allSatisfy { $0.method == .percentage && $0.status == .ok && $0.cutoff == 8 })
        #expect(r.episodes.allSatisfy { $0.threshold == improvement })
    }

    /// The index is the percent change; a change of exactly the threshold counts ("at least").
    @Test func percentValuesAndBoundary() throws {
        let r = ChangeAnalysis.run(episodes: Self.clausEpisodes(), catalog: .builtin,
                                   options: ChangeOptions(method: .percentage, percentImprovement: 50))
        func row(_ id: String) throws -> EpisodeChange { try #require(r.episodes.first { $0.key.clientID == id }) }
        #expect(abs(try #require(try row("1").rci) - -48.0) < 1e-12)
        #expect(abs(try #require(try row("13").rci) - 25.0) < 1e-12)
        #expect(try row("21").rci == -50.0)
        #expect(try row("21").reliableDirection == .improved)
        #expect(try row("1").reliableDirection == .unchanged)
    }

    @Test func combinedWithCutoffC() throws {
        let o = ChangeOptions(method: .percentage, cutoff: .c, functionalMean: 8, functionalSD: 8, percentImprovement: 50)
        let r = ChangeAnalysis.run(episodes: Self.clausEpisodes(), catalog: .builtin, options: o)
        #expect(abs(try #require(r.parameters["HAMD"]?.cutoff?.value) - 19.886998076050197) < 1e-9)
        #expect(ChangeCategory.allCases.map { c in r.episodes.filter { $0.category == c }.count } == [16, 0, 24, 0, 0])
        let s = ChangeSummary.categories(r)
        let rec = try #require(s.first { $0.category == .recovered })
        #expect(rec.count == 16 && rec.total == 40)
        let ci = try #require(rec.interval)
        #expect(abs(ci.lower - 0.26348325684291923) < 1e-9 && abs(ci.upper - 0.554041063396538) < 1e-9)
    }

    /// ORS (higher is better, published cut-off 25): by hand, percent = 100·(post − pre)/pre.
    /// a 20 → 30: +50 % improved, clinical pre (< 25), functional post → recovered.
    /// b 10 → 14: +40 %: unchanged at 50 %, improved (not recovered: 14 < 25) at 40 %.
    /// c 30 → 15: −50 % from a functional pre score → harmed.
    /// d 0 → 10: pre 0, percentage undefined → status undefined_percentage, no category.
    /// e 16 → 8: −50 % from a clinical pre score → deteriorated.
    /// f 20 → 12: −40 %: unchanged with deterioration at 50 %, deteriorated at 40 %.
    @Test func higherIsBetterAndZeroPre() throws {
        let pairs: [(String, Double, Double)] = [("a", 20, 30), ("b", 10, 14), ("c", 30, 15), ("d", 0, 10), ("e", 16, 8), ("f", 20, 12)]
        let eps = pairs.map { id, x1, x2 in
            Episode(key: EpisodeKey(clientID: id, episodeID: "1", measure: "ORS"), scores: [Score(value: x1, session: 1), Score(value: x2, session: 2)])
        }
        var o = ChangeOptions(method: .percentage, percentImprovement: 50)
        var r = ChangeAnalysis.run(episodes: eps, catalog: .builtin, options: o)
        #expect(r.episodes.map(\.category) == [.recovered, .unchanged, .harmed, nil, .deteriorated, .unchanged])
        #expect(r.episodes.map(\.status) == [.ok, .ok, .ok, .undefinedPercentage, .ok, .ok])
        #expect(r.episodes[3].rci == nil && r.episodes[3].reliableDirection == nil)
        #expect(r.episodes.map(\.rci) == [50, 40, -50, nil, -50, -40])
        // The undefined row is not counted in the summary's total.
        #expect(ChangeSummary.categories(r).allSatisfy { $0.total == 5 })
        o.percentImprovement = 40
        o.percentDeterioration = 40
        r = ChangeAnalysis.run(episodes: eps, catalog: .builtin, options: o)
        #expect(r.episodes.map(\.category) == [.recovered, .improved, .harmed, nil, .deteriorated, .deteriorated])
    }

    /// Negative pre scores (possible on user measures) make the percentage meaningless too.
    @Test func negativePreIsUndefined() {
        let p = ReliableChangeParameters(method: .percentage, direction: .higherIsBetter, criticalValue: 0,
                                         sample: SampleStatistics(n: 1), percentImprovement: 50)
        #expect(throws: ChangeProblem.undefinedPercentage) { try p.index(pre: -5, post: 5) }
        #expect(throws: ChangeProblem.undefinedPercentage) { try p.index(pre: 0, post: 5) }
        #expect(throws: ChangeProblem.undefinedPercentage) { try p.index(pre: 1e-310, post: 5) }   // 5e312 %: not finite
        #expect((try? p.index(pre: 4, post: 6)) == 50)
    }
}
