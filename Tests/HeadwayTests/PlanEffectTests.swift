import Foundation
import HeadwayCSV
import Testing
@testable import Headway

@Suite struct PlanEffectTests {
    /// scipy 1.x: `stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)` gives
    /// difference −1.0380952, CI (−1.9754759, −0.1007145), df 8.98889.
    @Test func welchIntervalMatchesScipy() throws {
        let a = [-1.2, -0.4, -2.1, -0.9, -1.5, 0.3], b = [-0.2, 0.4, -0.8, 0.1, 0.6, -0.5, 0.9]
        let w = try #require(PlanEffect.welch(a, b))
        #expect(abs(w.difference - -1.0380952380952382) < 1e-12)
        #expect(abs(w.lower - -1.9754759402408997) < 1e-6 && abs(w.upper - -0.10071453594957669) < 1e-6)
        #expect(abs(w.df - 8.988893865986398) < 1e-9)
        #expect(PlanEffect.welch([1], [1, 2]) == nil)
    }

    /// statsmodels 0.14: `confint_proportions_2indep(14, 40, 7, 50, method='newcomb', compare='diff')`
    /// gives (0.0327929, 0.3802229) for 0.35 − 0.14.
    @Test func newcombeIntervalMatchesStatsmodels() throws {
        let n = try #require(PlanEffect.newcombe(14, 40, 7, 50))
        #expect(abs(n.difference - 0.21) < 1e-12)
        #expect(abs(n.lower - 0.03279287134343356) < 1e-6 && abs(n.upper - 0.3802229355882836) < 1e-6)
    }

    /// A known effect recovered under randomised adjustment: simulated PHQ-9 courses (headway
    /// simulate, 3,000 clients), the engine's first red/yellow flag, then a random half of the
    /// flagged episodes get a plan change the day after the flag and every later score is lowered
    /// by δ·(weeks since the change) (δ = 1 and 0 points per week; unclamped, unrounded, so the
    /// true difference of mean post-change slopes is exactly −δ). The Welch interval of the slope
    /// difference must cover −δ. (With `simulate --adjustment-effect`, the simulator's own flag
    /// rule decides, and the comparison is confounded by indication: see docs/plans.md.)
    /// The simulated practice, its engine and each episode's first flag, computed once for both cases.
    static let base = Result { () throws -> (ObservationSet, FlagEngine, [Int: Int]) in
        var bytes: [UInt8] = []
        try PracticeSimulator(options: SimulationOptions(clients: 3000, seed: 9)).run(observations: { bytes.append(contentsOf: $0) }, truth: nil, goals: nil)
        let set = try ObservationLoader(catalog: .builtin, mode: .strict).load(text: String(decoding: bytes, as: UTF8.self))
        let engine = FlagEngine.prepare(episodes: set.episodes, catalog: .builtin, options: FlagOptions())
        var flags: [Int: Int] = [:]
        for (i, e) in set.episodes.enumerated() where e.key.measure == "PHQ-9" {
            if let f = PlanEffect.firstFlag(e, engine: engine) { flags[i] = f.index }
        }
        return (set, engine, flags)
    }

    @Test(arguments: [1.0, 0.0])
    func knownEffectIsRecoveredWhenAdjustmentIsRandomised(delta: Double) throws {
        let (set, engine, flags) = try Self.base.get()
        var rng = Xoshiro256StarStar(seed: 2026, stream: 0)
        var episodes = set.episodes
        var plans: [GoalEpisodeKey: PlanHistory] = [:]
        var adjustedCount = 0
        for i in episodes.indices where episodes[i].key.measure == "PHQ-9" {
            let e = episodes[i]
            let key = GoalEpisodeKey(clientID: e.key.clientID, episodeID: e.key.episodeID)
            var versions = [PlanVersion(episode: key, day: e.firstDay!, interventions: "CBT", modality: "CBT", sessionsPerMonth: 4, reason: "initial")]
            if let f = flags[i], rng.chance(0.5) {
                let change = e.scores[f].day! + 1
                versions.append(PlanVersion(episode: key, day: change, interventions: "CBT;medication review", modality: "CBT", sessionsPerMonth: 4, reason: "flag"))
                for j in (f + 1)..<e.scores.count {
                    episodes[i].scores[j].value -= delta * Double(e.scores[j].day! - change) / 7
                }
                adjustedCount += 1
            }
            plans[key] = PlanHistory(episode: key, versions: versions)
        }
        #expect(adjustedCount > 300)
        let r = PlanEffect.analyse(episodes: episodes, engine: engine, plans: plans, measure: "PHQ-9")
        let all = r.rows[0]
        #expect(all.adjusted > 200 && all.notAdjusted > 200 && !all.suppressed)
        let lo = try #require(all.slopeLower), hi = try #require(all.slopeUpper)
        #expect(lo <= -delta && -delta <= hi, "slope difference interval \(lo) to \(hi) should cover \(-delta)")
        #expect(hi - lo < 1)
    }

    @Test func groupsBelowTheMinimumAreSuppressed() throws {
        let k = GoalEpisodeKey(clientID: "C1", episodeID: "1")
        let r = PlanEffect.row("x", [FlaggedEpisode(key: EpisodeKey(clientID: "C1", episodeID: "1", measure: "PHQ-9"), flagIndex: 1, flagDay: 0,
                                                    flagStatus: .red, adjusted: true, slopePerWeek: -1, reliablyImproved: true,
                                                    intake: 20, changeToFlag: 6, weeksToFlag: 1)], minimumCell: 5)
        _ = k
        #expect(r.suppressed && r.slopeDifference == nil && r.improvedDifference == nil)
    }
}
