import Foundation
import HeadwayCSV
import Testing
@testable import Headway

@Suite struct FlagCurveTests {
    static var samplePractice: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/sample-practice/observations.csv").path
    }

    /// The expected-curve fit on Datasets/sample-practice against an independent numpy fit
    /// (Benchmarks/expected-curve-check.py: completed = no score within 90 days of the newest date,
    /// ≥ 3 scores; rows = scores after the first; design [1, x0, ln t, x0·ln t];
    /// `np.linalg.lstsq(X, y)`; σ = √(SSR/(n − 4))). Output of the script:
    ///   GAD-7: episodes=289 rows=1186 b=[1.5646788409511319, 0.8558495199417234, 1.9051716573496298, -0.25659431802017474] sigma=3.3332663233798043
    ///   PHQ-9: episodes=289 rows=1177 b=[2.391184515853079, 0.8499940936829664, 0.5868035038365526, -0.15116377185950491] sigma=3.8932117159461592
    @Test func fitMatchesNumpyOnSamplePractice() throws {
        let set = try ObservationLoader(catalog: .builtin, mode: .strict).load(path: Self.samplePractice)
        let engine = FlagEngine.prepare(episodes: set.episodes, catalog: .builtin, options: FlagOptions())
        let expected: [String: ([Double], Double, Int, Int)] = [
            "GAD-7": ([1.5646788409511319, 0.8558495199417234, 1.9051716573496298, -0.25659431802017474], 3.3332663233798043, 289, 1186),
            "PHQ-9": ([2.391184515853079, 0.8499940936829664, 0.5868035038365526, -0.15116377185950491], 3.8932117159461592, 289, 1177),
        ]
        for (m, (b, sigma, n, rows)) in expected {
            let c = try #require(engine.curves[m])
            for j in 0..<4 { #expect(abs(c.coefficients[j] - b[j]) < 1e-9, "\(m) b\(j)") }
            #expect(abs(c.pooledSigma - sigma) < 1e-9)
            #expect(c.episodes == n && c.rows == rows)
            #expect(c.sessionSigma.values.reduce(0) { $0 + $1.n } == rows)
        }
    }

    @Test func tooFewEpisodesAndSingularDesign() {
        let e = Episode(key: EpisodeKey(clientID: "A", episodeID: "1", measure: "PHQ-9"),
                        scores: [Score(value: 10, session: 1), Score(value: 9, session: 2), Score(value: 8, session: 3)])
        #expect(RecoveryCurve.fit(measure: "PHQ-9", episodes: [e], minEpisodes: 2) == .failure(.tooFewEpisodes(1, 2)))
        // Every intake equal: x0 and the constant are collinear.
        #expect(RecoveryCurve.fit(measure: "PHQ-9", episodes: Array(repeating: e, count: 5), minEpisodes: 2) == .failure(.singular))
    }

    /// The fit takes its rows in blocks of 256 episodes on several threads: the curve is the same
    /// bits for any thread count (the blocks are fixed and merged in order), and the numpy fit's
    /// values above hold with more than one block (here 1,000 episodes: four blocks).
    @Test func fitIsTheSameForAnyThreadCount() throws {
        var episodes: [Episode] = []
        for i in 0..<1_000 {
            let x0 = Double(5 + i % 20)
            let scores = (1...(2 + i % 7)).map { s in
                Score(value: max(0, x0 - Double(s) * Double(i % 3) + Double((i * 7 + s * 13) % 5) - 2), session: s)
            }
            episodes.append(Episode(key: EpisodeKey(clientID: "C\(i)", episodeID: "1", measure: "PHQ-9"), scores: ScoreList(scores)))
        }
        let one = RecoveryCurve.fit(measure: "PHQ-9", episodes: episodes, minEpisodes: 2, threads: 1)
        guard case .success(let curve) = one else { Issue.record("no curve: \(one)"); return }
        #expect(curve.episodes == 1_000 && curve.rows == episodes.reduce(0) { $0 + $1.scores.count - 1 })
        for t in [2, 3, 8] { #expect(RecoveryCurve.fit(measure: "PHQ-9", episodes: episodes, minEpisodes: 2, threads: t) == one, "threads \(t)") }
    }

    /// Scores so large that the squared residuals overflow: no curve (a singular fit, as the
    /// whole-design fit reported non-finite results), never a σ of inf or NaN.
    @Test func overflowingResidualsGiveNoCurve() {
        var episodes: [Episode] = []
        for i in 0..<40 {
            var scores: [Score] = []
            for s in 1...4 {
                let step: Int = (i * 7 + s * 3) % 11 + 1
                scores.append(Score(value: Double(step) * 1e200, session: s))
            }
            episodes.append(Episode(key: EpisodeKey(clientID: "C\(i)", episodeID: "1", measure: "PHQ-9"), scores: ScoreList(scores)))
        }
        #expect(RecoveryCurve.fit(measure: "PHQ-9", episodes: episodes, minEpisodes: 2) == .failure(.singular))
    }

    /// Scores that follow a curve exactly (every score equal to the intake): the residual SD is 0
    /// up to rounding, so there is no curve ("the residual SD is 0"), not a σ of 1e-15 whose
    /// colours depend on the coefficients' last bits.
    @Test func exactFitGivesZeroSigma() {
        var episodes: [Episode] = []
        for i in 0..<60 {
            let x0 = Double(5 + i % 15)
            episodes.append(Episode(key: EpisodeKey(clientID: "C\(i)", episodeID: "1", measure: "PHQ-9"),
                                    scores: ScoreList((1...4).map { Score(value: x0, session: $0) })))
        }
        #expect(RecoveryCurve.fit(measure: "PHQ-9", episodes: episodes, minEpisodes: 2) == .failure(.zeroSigma))
    }

    @Test func curvesFileRoundTrip() throws {
        let c = RecoveryCurve(measure: "PHQ-9", coefficients: [2.5, 0.85, 0.5, -0.15], pooledSigma: 3.9,
                              sessionSigma: [2: .init(sigma: 3.2, n: 280), 3: .init(sigma: 3.5, n: 282)],
                              episodes: 289, rows: 1177, rSquared: 0.34)
        let (w, text) = CSVWriter.inMemory()
        try RecoveryCurveFile.write([c], to: w, digits: 6)
        try w.flush()
        let back = try RecoveryCurveFile.load(text: text())
        #expect(back["PHQ-9"] == c)
        #expect(text().hasPrefix("measure,session,n,sigma,b0,b1,b2,b3,episodes,r_squared\nPHQ-9,,1177,3.900000,"))
        #expect(throws: CSVError.self) { try RecoveryCurveFile.load(text: "measure,session,n,sigma,b0,b1,b2,b3,episodes,r_squared\nPHQ-9,,10,0,1,1,1,1,5,0\n") }
        #expect(throws: CSVError.self) { try RecoveryCurveFile.load(text: "measure,n\nPHQ-9,3\n") }
    }

    /// The percentile labels the review page prints (ordinals as written in English: 91st, 92nd,
    /// 93rd, 11th–13th); the default yellow limit is the 78th (issue 17's chosen default).
    @Test func percentileLabels() {
        #expect(FlagOptions.percentileLabel(0.78) == "78th")
        #expect(FlagOptions.percentileLabel(0.90) == "90th")
        #expect(FlagOptions.percentileLabel(0.91) == "91st")
        #expect(FlagOptions.percentileLabel(0.92) == "92nd")
        #expect(FlagOptions.percentileLabel(0.93) == "93rd")
        #expect(FlagOptions.percentileLabel(0.785) == "78.5th")
        #expect(FlagOptions().yellowLabel == "78th" && FlagOptions().redLabel == "90th")
    }
}

/// Curves files may name a measure by an alias; the canonical spelling wins when both appear.
@Suite struct CurveAliasTests {
    static let header = "measure,session,n,sigma,b0,b1,b2,b3,episodes,r_squared\n"

    @Test func aliasesResolveAndTheCanonicalSpellingWins() throws {
        // b0 18 under "phq9", 20 under "PHQ-9": the canonical row must win, in either file order.
        for rows in [["phq9,,40,3.5,18,1,0,0,12,0.5", "PHQ-9,,40,3.5,20,1,0,0,12,0.5"],
                     ["PHQ-9,,40,3.5,20,1,0,0,12,0.5", "phq9,,40,3.5,18,1,0,0,12,0.5"]] {
            let raw = try RecoveryCurveFile.load(text: Self.header + rows.joined(separator: "\n") + "\n")
            let curves = RecoveryCurveFile.canonical(raw, catalog: .builtin)
            #expect(curves.keys.sorted() == ["PHQ-9"])
            #expect(curves["PHQ-9"]?.coefficients.first == 20)
        }
        let alias = try RecoveryCurveFile.load(text: Self.header + "gad7,,30,3.0,12,1,0,0,9,0.4\n")
        #expect(RecoveryCurveFile.canonical(alias, catalog: .builtin).keys.sorted() == ["GAD-7"])
    }
}
