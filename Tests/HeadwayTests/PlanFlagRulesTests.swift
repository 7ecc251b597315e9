import Foundation
import HeadwayCSV
import Testing
@testable import Headway

/// Plan and goal dates are reminders of their own, on both sides of each date, never a colour.
@Suite struct PlanFlagRulesTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HeadwayCLITests/Fixtures/review").path

    func day(_ s: String) -> Int { Array(s.utf8).withUnsafeBufferPointer { FieldParser.isoDate($0)! } }

    func results(asOf: String) throws -> [FlagResult] {
        let obs = try ObservationLoader(catalog: .builtin, mode: .strict).load(path: Self.dir + "/observations.csv")
        let goals = try GoalsLoader().load(path: Self.dir + "/goals.csv")
        let plans = try PlansLoader().load(path: Self.dir + "/plans.csv")
        var o = FlagOptions()
        o.asOf = day(asOf)
        var engine = FlagEngine.prepare(episodes: obs.episodes, catalog: .builtin, options: o)
        let without = engine.run(obs.episodes)
        engine.planRules = PlanFlagRules(plans: plans.histories, goals: goals.goals)
        let with = engine.run(obs.episodes)
        // Never a colour.
        #expect(with.map(\.status) == without.map(\.status))
        return with.filter { $0.key.clientID == "C1" }
    }

    @Test func planReviewAndGoalTargetDates() throws {
        // C1's plan v2 (2025-01-14) is due for review on 2025-01-22; goal G1's target is +1 by 2025-01-20.
        let onTime = try results(asOf: "2025-01-20")
        #expect(onTime.allSatisfy { $0.planReviewDue == nil && $0.goalTargetDue == nil })
        let dayAfterTarget = try results(asOf: "2025-01-21")
        #expect(dayAfterTarget.allSatisfy { $0.planReviewDue == nil && $0.goalTargetDue == 1 })
        #expect(dayAfterTarget[0].reason.contains("goal G1 past its target date 2025-01-20"))
        let late = try results(asOf: "2025-01-27")
        #expect(late.allSatisfy { $0.planReviewDue == 5 && $0.goalTargetDue == 7 })
        #expect(late[0].reason.contains("plan review due: next review was 2025-01-22 (5 days ago)"))
        // G3 reached its target (0 by 2025-01-24: +1 at review 2) and is not named.
        #expect(!late[0].reason.contains("G3"))
    }
}
