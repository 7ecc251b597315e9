// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV
import Testing
@testable import Headway

/// The command outputs that live in the library (Sources/Headway/Output), called as an embedder
/// would, checked against values computed independently of Headway.
@Suite struct OutputLibraryTests {
    /// CSV text → header-keyed rows (these outputs have no quoted fields).
    private func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { line in
            #expect(line.count == header.count)
            return Dictionary(uniqueKeysWithValues: zip(header, line))
        }
    }

    private func close(_ s: String?, _ expected: Double, _ tol: Double = 1e-6) -> Bool {
        guard let s, let v = Double(s) else { return false }
        return abs(v - expected) <= tol * max(1, abs(expected))
    }

    private func episode(_ client: String, _ values: [Double]) -> Episode {
        Episode(key: EpisodeKey(clientID: client, episodeID: "1", measure: "PHQ-9"),
                scores: values.indices.map { Score(value: values[$0], day: nil, session: $0 + 1, line: $0 + 2) })
    }

    /// PHQ-9 20, 17, 15, 11 at sessions 1–4. numpy 2.4: `np.polyfit([1,2,3,4], [20,17,15,11], 1)`
    /// = [-2.9, 23.0]; Mann–Kendall S = −6 (all 6 pairs decrease, Kendall 1938); scores are
    /// whole, so they print as integers (docs/output.md).
    @Test func trendCSVRowOfAFourPointSeries() throws {
        let (w, text) = CSVWriter.inMemory()
        try TrendOutput.writeCSV(episodes: [episode("C1", [20, 17, 15, 11])], catalog: .builtin, options: TrendOptions(),
                                 threads: 1, digits: 6, to: w)
        let r = try #require(rows(text()).first)
        #expect(close(r["ols_slope"], -2.9))
        #expect(close(r["ols_intercept"], 23.0))
        #expect(r["mk_s"] == "-6")
        #expect(r["n"] == "4" && r["time_unit"] == "session")
        #expect(r["first_score"] == "20" && r["last_score"] == "11")
        #expect(r["direction"] == "lower_is_better")
        #expect(r["nap"] == "")   // no phases: the single-case columns are present and empty
    }

    /// The streamed CSV does not depend on the thread count (blocks of 512 episodes written in order).
    @Test func trendCSVIsTheSameOnOneAndFourThreads() throws {
        var episodes: [Episode] = []
        for i in 0..<1500 {
            let values: [Double] = [Double(20 - i % 7), Double(15 + i % 5), Double(10 + i % 3), 9]
            episodes.append(episode("C\(i)", values))
        }
        func csv(_ threads: Int) throws -> String {
            let (w, text) = CSVWriter.inMemory()
            try TrendOutput.writeCSV(episodes: episodes, catalog: .builtin, options: TrendOptions(), threads: threads, digits: 6, to: w)
            return text()
        }
        let one = try csv(1)
        #expect(one == (try csv(4)))
        #expect(one.split(separator: "\n").count == 1501)
    }

    /// Two equally weighted goals, baseline −1 each, attained +1 and 0 at review 1; ρ = 0.3.
    /// Kiresuk & Sherman (1968) T = 50 + 10 Σwx / √((1−ρ)Σw² + ρ(Σw)²) (Python 3, math only):
    /// attained 50 + 10·1/√(0.7·2 + 0.3·4) = 56.20173672946042, baseline 50 + 10·(−2)/√2.6 =
    /// 37.59652654107916. Both goals are at or above expected and above baseline: proportions 1
    /// (0–1 in CSV, docs/output.md), no goal at −2.
    @Test func gasReviewCSVRow() throws {
        let goals = """
        client_id,episode_id,goal_id,baseline,review,attained
        C1,1,G1,-1,1,1
        C1,1,G2,-1,1,0
        """
        let set = try GoalsLoader(mode: .strict).load(text: goals)
        let reviews = try GoalAnalysis.run(set.goals, rho: 0.3)
        let out = GASOutput(digits: 6, grouping: .all, suppression: try SmallCellSuppression(), charset: .unicode, width: 80)
        let (w, text) = CSVWriter.inMemory()
        try out.writeReviewCSV(reviews, to: w)
        let r = try #require(rows(text()).first)
        #expect(close(r["t_attained"], 56.20173672946042))
        #expect(close(r["t_baseline"], 37.59652654107916))
        #expect(close(r["t_change"], 56.20173672946042 - 37.59652654107916))
        #expect(close(r["prop_at_or_above_expected"], 1) && close(r["prop_improved"], 1))
        #expect(r["any_goal_at_minus2"] == "false" && r["goals_scored"] == "2" && r["status"] == "ok")
    }
}
