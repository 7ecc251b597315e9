import Foundation
import HeadwayCSV
import Testing
@testable import Headway

@Suite struct SimulatePlansTests {
    func run(_ o: SimulationOptions) throws -> (obs: [UInt8], goals: [UInt8], truth: [UInt8], plans: [UInt8]) {
        var obs: [UInt8] = [], goals: [UInt8] = [], truth: [UInt8] = [], plans: [UInt8] = []
        try PracticeSimulator(options: o).run(observations: { obs.append(contentsOf: $0) }, truth: { truth.append(contentsOf: $0) },
                                              goals: { goals.append(contentsOf: $0) }, plans: { plans.append(contentsOf: $0) })
        return (obs, goals, truth, plans)
    }

    @Test func plansDoNotChangeObservationsOrGoals() throws {
        let plain = try run(SimulationOptions(clients: 200, seed: 11))
        var o = SimulationOptions(clients: 200, seed: 11)
        o.includePlans = true
        let withPlans = try run(o)
        #expect(plain.plans.isEmpty)
        #expect(plain.obs == withPlans.obs && plain.goals == withPlans.goals && plain.truth == withPlans.truth)
        // The plans file loads strictly and every episode has an initial plan on its intake day.
        let plans = try PlansLoader().load(text: String(decoding: withPlans.plans, as: UTF8.self))
        let observations = try ObservationLoader(catalog: .builtin, mode: .strict).load(text: String(decoding: withPlans.obs, as: UTF8.self))
        var intake: [GoalEpisodeKey: Int] = [:]
        for e in observations.episodes {
            let k = GoalEpisodeKey(clientID: e.key.clientID, episodeID: e.key.episodeID)
            intake[k] = min(intake[k] ?? Int.max, e.firstDay!)
        }
        #expect(plans.histories.count == intake.count)
        for h in plans.histories {
            #expect(h.versions[0].reason == "initial")
            #expect(h.versions[0].day == intake[h.episode])
            for (i, v) in h.versions.enumerated() where v.reason == "flag" || v.reason == "client request" { #expect(h.isChange(i)) }
            for (i, v) in h.versions.enumerated() where v.reason == "review" { #expect(!h.isChange(i)) }
        }
        #expect(plans.histories.contains { $0.versions.contains { $0.reason == "flag" } })
    }

    /// With an adjustment effect, scores move only after a plan change, and never up: the noise
    /// draws are the same, the expected score is lower by effect × weeks since the change.
    @Test func adjustmentEffectMovesOnlyScoresAfterAChange() throws {
        var o = SimulationOptions(clients: 300, seed: 5)
        o.includePlans = true
        let base = try run(o)
        o.adjustmentEffect = 1
        let helped = try run(o)
        #expect(base.plans == helped.plans && base.goals == helped.goals)
        let plans = try PlansLoader().load(text: String(decoding: base.plans, as: UTF8.self))
        var changeDay: [GoalEpisodeKey: Int] = [:]
        for h in plans.histories { if let c = h.changes.first { changeDay[h.episode] = c.day } }
        let a = try ObservationLoader(catalog: .builtin, mode: .strict).load(text: String(decoding: base.obs, as: UTF8.self)).episodes
        let b = try ObservationLoader(catalog: .builtin, mode: .strict).load(text: String(decoding: helped.obs, as: UTF8.self)).episodes
        #expect(a.count == b.count)
        var lowered = 0
        for (x, y) in zip(a, b) {
            #expect(x.key == y.key && x.scores.count == y.scores.count)
            let change = changeDay[GoalEpisodeKey(clientID: x.key.clientID, episodeID: x.key.episodeID)]
            for (s, t) in zip(x.scores, y.scores) {
                if let c = change, s.day! > c {
                    #expect(t.value <= s.value)
                    if t.value < s.value { lowered += 1 }
                } else {
                    #expect(t.value == s.value)
                }
            }
        }
        #expect(lowered > 50)
    }
}
