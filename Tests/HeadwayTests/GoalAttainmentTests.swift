import Testing
import HeadwayCSV
@testable import Headway

@Suite struct GoalAttainmentTests {
    static let text = """
    client_id,clinician_id,site,goal_id,importance,difficulty,baseline,review,review_date,attained
    C1,T1,North,G1,3,2,-1,1,2024-02-01,1
    C1,T1,North,G2,3,2,-2,1,2024-02-03,0
    C1,T1,North,G3,0,3,-1,1,2024-02-01,-2
    C1,T1,North,G1,3,2,-1,2,2024-03-01,2
    C1,T1,North,G2,3,2,-2,2,2024-03-01,-2
    C2,T2,South,G1,0,2,-1,1,2024-02-01,1
    C3,T2,South,G1,,,,1,2024-02-01,1
    """

    @Test func perClientReview() throws {
        let set = try GoalsLoader().load(text: Self.text)
        let reviews = try GoalAnalysis.run(set.goals)
        #expect(reviews.count == 4)
        let r1 = reviews[0]
        #expect(r1.episode.clientID == "C1" && r1.review == 1 && r1.status == "ok")
        #expect(r1.goalsRated == 3 && r1.goalsScored == 2 && r1.goalsNotRated == 0)
        #expect(r1.day == CivilCalendar.days(year: 2024, month: 2, day: 3))
        // G3 has importance 0: left out. Weights 6, 6; x = (1, 0): 50 + 60/√93.6.
        #expect(abs(r1.tAttained! - 56.20173672946042) < 1e-12)
        // Baseline x = (−1, −2): 50 − 180/√93.6 (python: 50-180/math.sqrt(93.6) = 31.39478981161873).
        #expect(abs(r1.tBaseline! - 31.39478981161873) < 1e-12)
        #expect(abs(r1.tChange! - (56.20173672946042 - 31.39478981161873)) < 1e-12)
        #expect(r1.percentAtOrAboveExpected == 100 && r1.percentImproved == 100)
        #expect(r1.anyGoalAtMinusTwo == false)   // G3 at −2 has weight 0: not scored
        #expect(r1.goals.map(\.status) == ["ok", "ok", "zero_weight"])

        let r2 = reviews[1]
        #expect(r2.review == 2 && r2.goalsScored == 2 && r2.goalsNotRated == 1)
        // x = (2, −2) with equal weights: T = 50.
        #expect(abs(r2.tAttained! - 50) < 1e-12)
        #expect(r2.percentAtOrAboveExpected == 50 && r2.percentImproved == 50 && r2.anyGoalAtMinusTwo == true)

        let c2 = reviews[2]
        #expect(c2.status == "no_scorable_goals" && c2.tAttained == nil && c2.goalsScored == 0 && c2.percentImproved == nil)
        let c3 = reviews[3]
        #expect(c3.status == "no_baseline" && abs(c3.tAttained! - 60) < 1e-12 && c3.tBaseline == nil && c3.tChange == nil)

        let latest = GoalAnalysis.latestGAS(reviews)
        #expect(latest.count == 3)
        #expect(latest[0].review == 2 && latest[0].anyGoalAtMinusTwo && abs(latest[0].tAttained! - 50) < 1e-12 && latest[0].goalsScored == 2)
        #expect(latest[1].tAttained == nil && latest[1].status == "no_scorable_goals")
    }

    @Test func rhoIsValidated() throws {
        let set = try GoalsLoader().load(text: Self.text)
        #expect(throws: GoalError.self) { try GoalAnalysis.run(set.goals, rho: 1) }
        #expect(throws: GoalError.self) { try GoalAnalysis.run(set.goals, gboThreshold: 0) }
        let r = try GoalAnalysis.run(set.goals, rho: 0)
        // ρ = 0, weights 6, 6, x = (1, 0): 50 + 60/√72.
        #expect(abs(r[0].tAttained! - (50 + 60 / 72.0.squareRoot())) < 1e-12)
    }

    @Test func goalBasedOutcomes() throws {
        // GBO change per goal; reliable change when |change| ≥ 2.45, i.e. ≥ 3 points
        // (Edbrooke-Childs et al. 2015).
        let text = """
        client_id,goal_id,scale,baseline,review,goal_score
        Y1,G1,gbo,,0,2
        Y1,G2,gbo,,0,5
        Y1,G1,gbo,,1,4
        Y1,G2,gbo,,1,8
        Y1,G1,gbo,,2,7
        Y1,G2,gbo,,2,2
        Y2,G1,gbo,3,1,5
        """
        let set = try GoalsLoader().load(text: text)
        let reviews = try GoalAnalysis.run(set.goals)
        #expect(reviews.count == 4)
        #expect(reviews[0].status == "baseline_only" && reviews[0].gboMeanScore == 3.5 && reviews[0].gboMeanChange == nil)
        let r1 = reviews[1]
        #expect(r1.goals.map(\.change) == [2, 3])
        #expect(r1.goals.map(\.reliableChange) == [.unchanged, .improved])
        #expect(r1.gboMeanChange == 2.5 && r1.gboMeanBaseline == 3.5 && r1.gboReliablyImproved == 1 && r1.gboReliablyDeteriorated == 0)
        let r2 = reviews[2]
        #expect(r2.goals.map(\.change) == [5, -3] && r2.gboMeanChange == 1)
        #expect(r2.gboReliablyImproved == 1 && r2.gboReliablyDeteriorated == 1)
        #expect(reviews[3].goals[0].change == 2 && reviews[3].goals[0].reliableChange == .unchanged)
        #expect(GBO.reliableChange(2) == .unchanged && GBO.reliableChange(3) == .improved && GBO.reliableChange(-3) == .deteriorated)
        #expect(GBO.reliableChange(2, threshold: 2) == .improved)
        #expect(GoalAnalysis.latestGAS(reviews).isEmpty)
    }
}

