import Foundation
import HeadwayCSV
import Testing
@testable import Headway

@Suite struct PlansLoaderTests {
    let good = """
    client_id,episode_id,plan_date,interventions,modality,sessions_per_month,next_review,reason
    C1,E1,2025-01-06,CBT;sleep hygiene,CBT,4,2025-02-17,initial
    C1,E1,2025-02-10,CBT;sleep hygiene;medication review,CBT,4,2025-03-10,flag
    C1,E1,2025-03-10,CBT;sleep hygiene;medication review,CBT,4,2025-04-21,review
    C2,,2025-01-08,interpersonal therapy,IPT,2,,initial
    """

    @Test func readsVersionsInDateOrder() throws {
        let set = try PlansLoader().load(text: good)
        #expect(set.counts.accepted == 4 && set.counts.rejected == 0 && set.counts.balanced)
        #expect(set.histories.count == 2)
        let h = try #require(set.history(GoalEpisodeKey(clientID: "C1", episodeID: "E1")))
        #expect(h.versions.map(\.reason) == ["initial", "flag", "review"])
        #expect(h.versions[1].interventionList == ["CBT", "sleep hygiene", "medication review"])
        // The review kept the plan: one change only.
        #expect(h.changes.count == 1 && h.changes[0].reason == "flag")
        #expect(h.isChange(1) && !h.isChange(2))
        #expect(h.current(on: CivilCalendar.days(year: 2025, month: 2, day: 20))?.reason == "flag")
        #expect(h.current(on: CivilCalendar.days(year: 2025, month: 1, day: 1)) == nil)
        // Episode defaults to "1", frequency and blank next review.
        let c2 = try #require(set.history(GoalEpisodeKey(clientID: "C2", episodeID: "1")))
        #expect(c2.versions[0].sessionsPerMonth == 2 && c2.versions[0].nextReview == nil)
    }

    @Test func strictStopsWithLineAndColumn() throws {
        let bad = "client_id,plan_date,sessions_per_month,next_review\nC1,2025-01-06,4,2025-02-01\nC1,2025-02-30,4,\n"
        do {
            _ = try PlansLoader().load(text: bad, name: "plans.csv")
            Issue.record("expected an error")
        } catch let e as CSVError {
            #expect(e.line == 3 && e.column == 2)
            #expect("\(e)".contains("plans.csv:3:2"))
            #expect(!"\(e)".contains("C1"))
        }
    }

    @Test func lenientKeepsEveryRejectionAndBalances() throws {
        let text = """
        client_id,plan_date,sessions_per_month,next_review,reason
        C1,2025-01-06,4,2025-02-01,initial
        ,2025-01-06,4,,initial
        C2,,4,,initial
        C3,2025-01-06,forty,,initial
        C4,2025-01-06,32,,initial
        C5,2025-01-06,4,2025-01-01,initial
        C1,2025-01-06,2,,again
        C6,2025-01-06,4,,initial,extra
        ,,,,
        C7,2025/13/01,4,,initial
        """
        let set = try PlansLoader(mode: .lenient).load(text: text)
        #expect(set.counts.rowsRead == 10)
        #expect(set.counts.accepted == 1 && set.counts.emptyRows == 1 && set.counts.rejected == 8)
        #expect(set.counts.balanced)
        let reasons = set.rejections.map(\.reason)
        #expect(reasons[0] == "missing client_id")
        #expect(reasons[1] == "missing plan_date")
        #expect(reasons[2].contains("not a number from 0 to 31"))
        #expect(reasons[3].contains("not a number from 0 to 31"))
        #expect(reasons[4].contains("before plan_date"))
        #expect(reasons[5].contains("duplicate plan row: line 2"))
        #expect(reasons[6].contains("6 fields"))
        #expect(set.rejections.map(\.column) == [1, 2, 3, 3, 4, 2, 0, 2])
    }

    @Test func headerNeedsClientAndPlanDate() throws {
        #expect(throws: CSVError.self) { _ = try PlansLoader().load(text: "client_id,modality\nC1,CBT\n") }
        #expect(throws: CSVError.self) { _ = try PlansLoader().load(text: "client_id,plan_date\n") }
    }

    @Test func changeIgnoresOrderAndCase() {
        let k = GoalEpisodeKey(clientID: "C", episodeID: "1")
        let a = PlanVersion(episode: k, day: 1, interventions: "CBT; Sleep hygiene", modality: "CBT", sessionsPerMonth: 4)
        var b = PlanVersion(episode: k, day: 2, interventions: "sleep hygiene|cbt", modality: "cbt", sessionsPerMonth: 4)
        #expect(!b.changes(from: a))
        b.sessionsPerMonth = 2
        #expect(b.changes(from: a))
    }

    @Test func goalTargetsAreReadAndChecked() throws {
        let text = """
        client_id,goal_id,review,attained,target_date,target_level
        C1,G1,1,-1,2025-03-01,1
        C1,G1,2,0,,
        C1,G2,1,0,2025-03-01,3
        C1,G3,1,0,2025-04-01,
        C1,G3,2,1,2025-05-01,
        C1,G4,1,0,not a date,
        """
        let set = try GoalsLoader(mode: .lenient).load(text: text)
        #expect(set.counts.accepted == 3 && set.counts.rejected == 3 && set.counts.balanced)
        let g1 = try #require(set.goals.first { $0.goalID == "G1" })
        #expect(g1.targetDay == CivilCalendar.days(year: 2025, month: 3, day: 1) && g1.targetLevel == 1)
        #expect(set.rejections[0].reason.contains("target_level 3 is outside"))
        #expect(set.rejections[1].reason.contains("target_date differs from line 5"))
        #expect(set.rejections.map(\.column) == [6, 5, 5])
    }
}
