import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Headway

/// The repository root, from this file's path.
private func repoPath(_ relative: String) -> String {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)   // Tests/HeadwayTests/ReportTests.swift
    return parts.joined(separator: "/") + "/" + relative
}

private func tempCSV(_ text: String) -> String {
    let path = "/tmp/headway-report-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).csv"
    let f = fopen(path, "w")!
    fputs(text, f)
    fclose(f)
    return path
}

/// Ten PHQ-9 episodes, three scores each (weeks 0, 1, 3). With the published threshold
/// (change ≥ 6) and cut-off (≥ 10 clinical): recovered 1, 2, 7, 10; improved 4; unchanged
/// 3, 8, 9; deteriorated 5; harmed 6.
private let numbersRows: [(Int, Int, Int)] = [(20, 15, 8), (18, 14, 9), (15, 12, 12), (22, 20, 14), (12, 13, 19),
                                              (6, 8, 13), (16, 10, 4), (11, 11, 10), (25, 22, 21), (14, 9, 7)]
private func numbersCSV(clinician: (Int) -> String = { _ in "T1" }) -> String {
    var s = "client_id,clinician_id,measure,date,score\n"
    for (i, r) in numbersRows.enumerated() {
        for (d, v) in zip(["2024-01-01", "2024-01-08", "2024-01-22"], [r.0, r.1, r.2]) {
            s += "C\(i + 1),\(clinician(i)),PHQ-9,\(d),\(v)\n"
        }
    }
    return s
}

@Suite struct ReportTests {
    func row(_ r: PracticeReport, _ section: String, _ metric: String, group: String = "all", measure: String? = nil) -> ReportRow? {
        r.rows.first { $0.section == section && $0.metric == metric && $0.group == group && (measure == nil || $0.measure == measure!) }
    }

    /// Independent values (Python 3, numpy 2, scipy 1.x):
    /// ```
    /// x = pre, y = post; d = (y-x).mean()/x.std(ddof=1)           # -0.7491246216975584
    /// r = np.corrcoef(x, y)[0,1]                                    # 0.19733663515469407
    /// se = np.sqrt(2*(1-r)/n + d**2/(2*n)); d ± norm.ppf(.975)*se   # [-1.6002818482861934, 0.10203260489107646]
    /// srm = (y-x).mean()/(y-x).std(ddof=1)                          # -0.6079087699858412
    /// binomtest(4, 10).proportion_ci(.95, 'wilson')                 # (0.16818032970623614, 0.6873262302663417)
    /// np.mean([np.polyfit([0,1,3], r, 1)[0] for r in rows])         # -1.321428571428571 per week
    /// ```
    /// CI of d: the large-sample SE for the paired pre/post d (Becker 1988; Borenstein et al. 2009).
    @Test func numbersAgreeWithIndependentComputation() throws {
        let path = tempCSV(numbersCSV())
        defer { unlink(path) }
        var o = ReportOptions()
        o.minCell = 1
        let r = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        func v(_ m: String, _ s: String = "outcomes") -> Double { row(r, s, m)?.value ?? .nan }
        #expect(abs(v("pre_mean") - 15.9) < 1e-12)
        #expect(abs(v("pre_sd") - 5.606543795720617) < 1e-9)
        #expect(abs(v("post_mean") - 11.7) < 1e-12)
        #expect(abs(v("post_sd") - 5.2925524193068805) < 1e-9)
        #expect(abs(v("change_mean") + 4.2) < 1e-12)
        #expect(abs(v("change_sd") - 6.908931417616861) < 1e-9)
        let d = try #require(row(r, "outcomes", "effect_size_d"))
        #expect(abs(d.value! + 0.7491246216975584) < 1e-9)
        #expect(abs(d.ciLow! + 1.6002818482861934) < 1e-9)
        #expect(abs(d.ciHigh! - 0.10203260489107646) < 1e-9)
        #expect(abs(v("srm") + 0.6079087699858412) < 1e-9)
        let rec = try #require(row(r, "outcomes", "recovered"))
        #expect(rec.count == 4 && rec.n == 10)
        #expect(abs(rec.ciLow! - 0.16818032970623614) < 1e-9)
        #expect(abs(rec.ciHigh! - 0.6873262302663417) < 1e-9)
        #expect(row(r, "outcomes", "improved")?.count == 1)
        #expect(row(r, "outcomes", "unchanged")?.count == 3)
        #expect(row(r, "outcomes", "deteriorated")?.count == 1)
        #expect(row(r, "outcomes", "harmed")?.count == 1)
        #expect(row(r, "outcomes", "reliable_improvement")?.count == 5)
        #expect(abs(v("slope_per_week_mean") + 1.321428571428571) < 1e-9)
        #expect(v("clients", "activity") == 10)
        #expect(v("scores", "activity") == 30)
        #expect(v("median_sessions_per_episode", "activity") == 3)
        // Intervals: ten of 7 days and ten of 14 days: median (7 + 14) / 2.
        #expect(v("median_days_between_scores", "activity") == 10.5)
        #expect(v("paired_data_rate", "activity") == 1)
    }

    /// A clinician with 3 episodes: every count of 3 is hidden, and so is the other
    /// clinician's count in the same column, so that "all − T1" cannot reveal it.
    @Test func smallCellCannotBeRecoveredFromTotals() throws {
        let path = tempCSV(numbersCSV { $0 < 7 ? "T1" : "T2" })
        defer { unlink(path) }
        var o = ReportOptions()
        o.by = .clinician
        let r = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        let t2 = try #require(row(r, "activity", "episodes", group: "T2"))
        #expect(t2.suppressed && t2.value == nil)
        #expect(row(r, "activity", "episodes", group: "T1")?.suppressed == true)
        #expect(row(r, "activity", "episodes")?.value == 10)
        // Within a row of categories: no line of published counts has exactly one hidden member.
        for g in ["all", "T1", "T2"] {
            let cats = ["recovered", "improved", "unchanged", "deteriorated", "harmed"].compactMap { row(r, "outcomes", $0, group: g) }
            #expect(cats.count == 5, "\(g)")      // otherwise the check below would pass on an empty list
            #expect(cats.filter(\.suppressed).count != 1)
        }
        // The CSV never holds a value for a suppressed row.
        #expect(r.rows.contains { $0.suppressed } && r.rows.contains { $0.kind == .count && !$0.suppressed })
        for x in r.rows where x.suppressed { #expect(x.value == nil && x.count == nil && x.n == nil && x.ciLow == nil) }
        // Every count below 5 that is shown would be a failure.
        for x in r.rows where x.kind == .count && !x.suppressed { #expect((x.value ?? 0) >= 5) }
    }

    @Test func complementarySuppressionRule() {
        var c = SuppressionTable()
        let a = c.add(3), b = c.add(10), d = c.add(7), total = c.add(20)
        c.line([a, b, d, total])
        c.suppress(minimum: 5)
        #expect(c.hidden[a])
        #expect(c.hidden[d])          // the next smallest
        #expect(!c.hidden[b] && !c.hidden[total])
    }

    /// scipy.stats.binomtest(k, n, p).pvalue: (4,10,.5) 0.75390625; (30,100,.45) 0.0024740516470749276;
    /// (70,100,.45) 5.318013262795529e-07; (0,20,.1) 0.25452997802490435; (520,1000,.5) 0.2174482932041415.
    @Test func exactBinomialTestMatchesScipy() {
        let cases: [(Int, Int, Double, Double)] = [(4, 10, 0.5, 0.75390625), (30, 100, 0.45, 0.0024740516470749276),
                                                   (70, 100, 0.45, 5.318013262795529e-07), (0, 20, 0.1, 0.25452997802490435),
                                                   (520, 1000, 0.5, 0.2174482932041415)]
        for (k, n, p, expected) in cases {
            let got = ReportStatistics.binomialTwoSided(k: k, n: n, p0: p)!
            #expect(abs(got - expected) <= 1e-9 * max(1, expected) + 1e-12, "binomtest(\(k), \(n), \(p))")
        }
    }

    @Test func mediansFromCounts() {
        #expect(ReportStatistics.median(counts: [0, 1, 1, 1]) == 2)
        #expect(ReportStatistics.median(counts: [0, 2, 0, 2]) == 2)
        #expect(ReportStatistics.median(counts: []) == nil)
    }

    /// The streaming report's per-episode categories equal `ChangeAnalysis.run` on the
    /// sample practice (default options), read in one part and in two parallel parts.
    @Test(arguments: [1, 2])
    func categoriesAgreeWithChangeAnalysis(parts: Int) throws {
        let path = repoPath("Datasets/sample-practice/observations.csv")
        let set = try ObservationLoader(catalog: .builtin).load(path: path)
        let expected = ChangeAnalysis.run(episodes: set.episodes, catalog: .builtin, options: ChangeOptions()).episodes
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        let got = try ReportAnalysis.categories(path: path, catalog: .builtin, options: o)
        #expect(got.count == expected.count)
        var clientNumber: [String: Int] = [:]
        for e in set.episodes where clientNumber[e.key.clientID] == nil { clientNumber[e.key.clientID] = clientNumber.count }
        for (g, e) in zip(got, expected) {
            #expect(g.0 == clientNumber[e.key.clientID] && g.1 == e.key.episodeID && g.2 == e.key.measure)
            #expect(g.3 == e.category)
        }
    }

    /// One part or two: the same rows.
    @Test func parallelReadGivesTheSameReport() throws {
        let path = repoPath("Datasets/sample-practice/observations.csv")
        var o = ReportOptions()
        o.by = .clinician
        o.parts = 1
        let one = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        o.parts = 2
        o.parallelThreshold = 0
        let two = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        #expect(two.parts == 2 && one.parts == 1)
        #expect(one.rows.count == two.rows.count)
        for (a, b) in zip(one.rows, two.rows) {
            #expect(a.metric == b.metric && a.group == b.group && a.suppressed == b.suppressed && a.count == b.count && a.n == b.n)
            if let x = a.value, let y = b.value { #expect(abs(x - y) <= 1e-9 * max(1, abs(x))) } else { #expect(a.value == b.value) }
        }
    }

    @Test func strictModeReportsTheFirstInvalidRowWithItsLine() throws {
        let path = tempCSV("client_id,measure,session,score\nC1,PHQ-9,1,20\nC1,PHQ-9,2,99\n")
        defer { unlink(path) }
        #expect(throws: (any Error).self) { try ReportAnalysis.run(path: path, catalog: .builtin) }
        var lenient = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient)
        #expect(lenient.counts.rejected == 1 && lenient.rejections.first?.line == 3)
        lenient.rows.removeAll()
    }

    /// Duplicates anywhere in an episode (not only adjacent rows) are rejected exactly as
    /// the general loader rejects them, in one part and in two parts, including a
    /// duplicate whose two rows fall in different parts, sessions beyond the 64-bit window
    /// and date-only rows far apart (the overflow set).
    @Test(arguments: [1, 2])
    func duplicatesMatchTheLoader(parts: Int) throws {
        var text = "client_id,measure,session,date,score\n"
        // Client A: session 2 repeated after session 3 (not adjacent), and session 70 twice.
        text += "A,PHQ-9,1,2025-01-06,20\nA,PHQ-9,2,2025-01-13,18\nA,PHQ-9,3,2025-01-20,15\nA,PHQ-9,2,2025-01-13,17\n"
        text += "A,PHQ-9,70,2026-05-01,9\nA,PHQ-9,70,2026-05-01,9\n"
        // Filler so that the split falls inside client B's rows.
        for c in 0..<40 { text += "F\(c),GAD-7,1,2025-02-03,12\nF\(c),GAD-7,2,2025-02-10,10\n" }
        // Client B: date-only rows (no session) spread over a year, one date repeated at the end:
        // the first and last B rows sit in different halves of the file.
        text += "B,GAD-7,,2025-01-06,15\nB,GAD-7,,2025-09-01,11\n"
        for c in 40..<80 { text += "F\(c),GAD-7,1,2025-02-03,12\nF\(c),GAD-7,2,2025-02-10,10\n" }
        text += "B,GAD-7,,2025-01-06,14\nB,GAD-7,,2025-09-01,11\n"
        let path = tempCSV(text)
        defer { unlink(path) }
        let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        #expect(loaded.counts.rejected == 4)
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        let report = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient, options: o)
        #expect(report.counts == loaded.counts)
        #expect(report.rejections.map(\.line).sorted() == loaded.rejections.map(\.line))
    }
}
