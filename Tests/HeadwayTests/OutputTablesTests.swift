import HeadwayCSV
import Testing
@testable import Headway

/// The outputs of `change` and `flags` in the library (issue 19: `ChangeOutput`, `FlagsOutput`).
/// The CSV writes numbers straight into the writer's bytes; those bytes must equal the text of
/// the same columns (the table path), and each reliable-change column keeps one unit.
@Suite struct OutputTablesTests {
    static func csv(_ write: (CSVWriter) throws -> Void) rethrows -> String {
        let (w, text) = CSVWriter.inMemory()
        try write(w)
        return text()
    }

    static func lines(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// claus_2020 HAMD (40 pairs) under a z method, the one-sided HA, the percentage criterion and
    /// `published` (HAMD has no published threshold: every row `no_threshold`, thresholds empty).
    @Test(arguments: [ChangeMethod.jt, .ha, .percentage, .published])
    func changeDirectWriteEqualsText(method: ChangeMethod) throws {
        let episodes = ChangePercentageTests.clausEpisodes()
        let options = ChangeOptions(method: method, reliability: 0.8)
        let r = ChangeAnalysis.run(episodes: episodes, catalog: .builtin, options: options)
        let plan = ChangeAnalysis.plan(episodes: episodes, catalog: .builtin, options: options, threads: 2)
        for digits in [0, 3, 6] {
            let written = try Self.csv { try ChangeOutput.writeEpisodes(r, to: $0, digits: digits) }
            // Rows made as they are written (`headway change`'s CSV, no table of rows kept): the same bytes.
            for threads in [1, 2] {
                #expect(try Self.csv { try ChangeOutput.writeEpisodes(episodes, plan: plan, to: $0, digits: digits, threads: threads) } == written,
                        "\(method) digits \(digits) streamed on \(threads) threads")
            }
            let t = ChangeOutput.episodes(r, digits: digits)
            #expect(written == Self.lines(t.header, t.rows), "\(method) digits \(digits)")
            #expect(t.header == ChangeOutput.episodeHeader)
        }
    }

    /// The per-episode CSV formatted on several threads is the one-thread CSV, byte for byte (issue 12:
    /// output never depends on the thread count). 40 × 150 = 6,000 episodes: three 2,048-row blocks
    /// of output and two 4,096-episode blocks of analysis.
    @Test func changeRowsOnThreadsEqualOneThread() throws {
        let base = ChangePercentageTests.clausEpisodes()
        var episodes: [Episode] = []
        for k in 0..<150 {
            for var e in base {
                e.key.clientID += "-\(k)"
                episodes.append(e)
            }
        }
        let r = ChangeAnalysis.run(episodes: episodes, catalog: .builtin, options: ChangeOptions(method: .jt, reliability: 0.8))
        let one = try Self.csv { try ChangeOutput.writeEpisodes(r, to: $0, digits: 6, threads: 1) }
        for threads in [2, 3, 8] {
            #expect(try Self.csv { try ChangeOutput.writeEpisodes(r, to: $0, digits: 6, threads: threads) } == one)
            // The analysis on several threads (rows built and classified in blocks) gives the same rows.
            let rt = ChangeAnalysis.run(episodes: episodes, catalog: .builtin, options: ChangeOptions(method: .jt, reliability: 0.8), threads: threads)
            #expect(try Self.csv { try ChangeOutput.writeEpisodes(rt, to: $0, digits: 9, threads: 1) }
                    == Self.csv { try ChangeOutput.writeEpisodes(r, to: $0, digits: 9, threads: 1) })
        }
        #expect(one.split(separator: "\n").count == 6_001)
    }

    /// Jacobson–Truax: RC = change / S_diff and threshold_points = critical z · S_diff (Jacobson &
    /// Truax 1991), so change = rci_z · threshold_points / rci_critical_z on every row; the
    /// percentage columns stay empty. S_diff here: √2 · S1 · √(1 − .8) with S1 the sample SD of
    /// the 40 pre scores.
    @Test func jacobsonTruaxUnits() throws {
        let r = ChangeAnalysis.run(episodes: ChangePercentageTests.clausEpisodes(), catalog: .builtin,
                                   options: ChangeOptions(method: .jt, reliability: 0.8))
        let p = try #require(r.parameters["HAMD"])
        for e in r.episodes {
            let z = try #require(e.rciZ), crit = try #require(e.rciCriticalZ), points = try #require(e.thresholdPoints(p))
            #expect(abs(crit - 1.959963984540054) < 1e-12)   // scipy norm.ppf(.975)
            #expect(abs(z * points / crit - (e.change ?? .nan)) < 1e-9)
            #expect(e.changePercent == nil && e.thresholdPercentImprovement == nil && e.thresholdPercentDeterioration(p) == nil)
        }
        let pct = ChangeAnalysis.run(episodes: ChangePercentageTests.clausEpisodes(), catalog: .builtin,
                                     options: ChangeOptions(method: .percentage, percentImprovement: 30, percentDeterioration: 20))
        let q = pct.parameters["HAMD"]
        #expect(pct.episodes.allSatisfy { $0.rciZ == nil && $0.thresholdPoints(q) == nil && $0.changePercent == $0.rci })
        #expect(pct.episodes.allSatisfy { $0.thresholdPercentImprovement == 30 && $0.thresholdPercentDeterioration(q) == 20 })
    }

    /// The flags CSV (both layouts) written into the writer equals the columns' text.
    @Test func flagsDirectWriteEqualsText() throws {
        var o = FlagOptions()
        o.scope = .allEpisodes
        let episodes = ChangePercentageTests.clausEpisodes()
        let engine = FlagEngine.prepare(episodes: episodes, catalog: .builtin, options: o)
        let results = engine.run(episodes)
        #expect(results.count == 40)
        let written = try Self.csv { try FlagsOutput.write(results, columns: FlagsOutput.measureColumns, to: $0, digits: 3) }
        // Text cells that need quoting (the reasons) are quoted by the writer in both paths.
        let (w, text) = CSVWriter.inMemory()
        try w.row(FlagsOutput.measureColumns.map(\.name))
        for r in results { try w.row(FlagsOutput.measureColumns.map { $0.value(r, 3) }) }
        #expect(written == text())
        let clients = ClientFlag.group(results)
        let writtenClients = try Self.csv { try FlagsOutput.write(clients, columns: FlagsOutput.clientColumns, to: $0, digits: 3) }
        let (w2, text2) = CSVWriter.inMemory()
        try w2.row(FlagsOutput.clientColumns.map(\.name))
        for c in clients { try w2.row(FlagsOutput.clientColumns.map { $0.value(c, 3) }) }
        #expect(writtenClients == text2())
    }
}
