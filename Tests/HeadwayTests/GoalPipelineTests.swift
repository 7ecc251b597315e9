import Testing
@testable import Headway

/// The whole goals pipeline on simulated goals: every row loads, every value is finite.
@Suite struct GoalPipelineTests {
    @Test func simulatedGoalsRunWithoutErrors() throws {
        var goals: [UInt8] = []
        try PracticeSimulator(options: SimulationOptions(clients: 300, seed: 7)).run(
            observations: { _ in }, truth: nil, goals: { goals.append(contentsOf: $0) })
        let set = try GoalsLoader(mode: .strict).load(text: String(decoding: goals, as: UTF8.self))
        #expect(set.counts.rejected == 0 && set.counts.balanced && !set.goals.isEmpty)
        let reviews = try GoalAnalysis.run(set.goals)
        #expect(!reviews.isEmpty)
        for r in reviews {
            for v in [r.tAttained, r.tBaseline, r.tChange, r.percentImproved, r.percentAtOrAboveExpected].compactMap({ $0 }) {
                #expect(v.isFinite)
            }
            if r.status == "ok" {
                #expect(r.tAttained != nil && r.tBaseline != nil && r.goalsScored > 0)
                // Baseline levels are −1/−2, so baseline T is always below 50.
                #expect(r.tBaseline! < 50)
            } else {
                #expect(r.status == "no_scorable_goals" && r.tAttained == nil)
            }
        }
        let latest = GoalAnalysis.latestGAS(reviews)
        #expect(latest.count == Set(reviews.map(\.episode)).count)
        let summary = GoalSummary.run(latest, by: .site, suppression: try SmallCellSuppression())
        #expect(summary.last?.group == "all" && summary.last?.status == "ok")
        #expect(summary.allSatisfy { [$0.tMean, $0.srm, $0.changeSD].allSatisfy { $0.value?.isFinite ?? true } })
    }
}
