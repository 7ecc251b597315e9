import Foundation
import HeadwayCSV
import Testing
@testable import Headway

/// The review page's domain logic on a hand-made client whose numbers can be checked by hand.
@Suite struct ReviewTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HeadwayCLITests/Fixtures/review").path

    func context(asOf: Int? = nil) throws -> ReviewContext {
        let obs = try ObservationLoader(catalog: .builtin, mode: .strict).load(path: Self.dir + "/observations.csv")
        let goals = try GoalsLoader().load(path: Self.dir + "/goals.csv")
        let plans = try PlansLoader().load(path: Self.dir + "/plans.csv")
        var o = FlagOptions()
        o.asOf = asOf
        return try ReviewContext.prepare(episodes: obs.episodes, catalog: .builtin, options: o, goals: goals.goals, plans: plans.histories)
    }

    func day(_ s: String) -> Int { Array(s.utf8).withUnsafeBufferPointer { FieldParser.isoDate($0)! } }

    /// GAD-7 6, 8, 11, 12: the published reliable change is 4 points (catalog), so sessions 3 (+5)
    /// and 4 (+6) are reliably worse and the current score (11 + 12)/2 = 11.5 is too: red since
    /// session 3. PHQ-9 18 → 7: −11 ≥ 6 points and below the cut-off 10: recovered.
    /// GAS T at review 2 (levels 0, −1, +1, unit weights): Σx = 0, so T = 50 exactly (Kiresuk &
    /// Sherman 1968); at review 1 (−1, −1, 0), ρ = 0.3: 50 − 10·2/√(0.7·3 + 0.3·9) = 40.87.
    @Test func oneStatusCombinesMeasuresAndGoals() throws {
        let page = try #require(try context().page(client: "C1"))
        #expect(page.statusLine == "red: GAD-7 reliably worse than at intake since session 3; goals at or above expected (GAS T 50 at review 2); PHQ-9 recovered")
        #expect(page.status == .red && page.isOpen)
        #expect(abs(page.gasReviews[0].t! - 40.8713) < 1e-3 && abs(page.gasReviews[1].t! - 50) < 1e-9)
        // Reminders are not colours: plan review 5 days overdue, goal G1 7 days past its date.
        #expect(page.planReviewOverdue == 5)
        #expect(page.reminders.count == 2)
        #expect(page.goals.map(\.overdueDays) == [7, nil, nil])
        #expect(page.goals.map(\.reached) == [false, false, true])
        // G2 has a target date and no level: GAS target 0 (the expected outcome).
        #expect(page.goals[1].targetLevel == 0)
        // Since the plan in force (2025-01-14): green then (GAD-7 +2, PHQ-9 −4), red now.
        #expect(page.sinceDay == day("2025-01-14") && page.statusAtSince == .green)
        #expect(page.changesSince.contains("GAD-7: 2 new scores (sessions 3-4), 8 -> 12 (+4)"))
        // Plan versions sit between sessions 2 and 3 on the time axis.
        let gad = try #require(page.measures.first { $0.measure == "GAD-7" })
        #expect(gad.planMarks.map(\.beforePoint) == [0, 2] && gad.planMarks[1].isChange)
    }

    /// One day earlier the plan review is not yet overdue... and a target date not yet passed is not overdue.
    @Test func remindersOnBothSidesOfTheirDates() throws {
        let before = try #require(try context(asOf: day("2025-01-20")).page(client: "C1"))
        #expect(before.planReviewOverdue == nil)          // next review 2025-01-22 > as-of (v1's 2025-01-20 is no longer current)
        #expect(before.goals[0].overdueDays == nil)       // G1 target 2025-01-20: not after it
        let after = try #require(try context(asOf: day("2025-01-23")).page(client: "C1"))
        #expect(after.planReviewOverdue == 1)
        #expect(after.goals[0].overdueDays == 3)
    }

    @Test func sinceOptionAndUnknownEpisode() throws {
        let c = try context()
        let page = try #require(c.page(client: "C1", since: day("2025-01-06")))
        #expect(page.sinceSource == "--since")
        #expect(page.changesSince.contains("plan v2 on 2025-01-14: changed (client request)"))
        #expect(c.page(client: "C1", episode: "E9") == nil)
        #expect(c.page(client: "nobody") == nil)
        #expect(c.caseload(clinician: "T1").map(\.clientID) == ["C1", "C2"])
    }

    @Test func textFitsTheWidth() throws {
        let page = try #require(try context().page(client: "C1"))
        let text = ReviewText.render(page)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func indexPutsRedFirstThenNextReview() throws {
        let c = try context()
        let entries = c.caseload(clinician: "T1").compactMap { k in c.page(client: k.clientID, episode: k.episodeID).map { ReviewIndexEntry(page: $0, label: k.clientID, file: k.clientID + ".html") } }
        let sorted = ReviewIndex.sorted(entries)
        #expect(sorted.map(\.label) == ["C1", "C2"])
        let html = ReviewIndex.html(entries, clinician: "T1", asOf: c.asOf)
        #expect(html.contains("href=\"C1.html\"") && !html.contains("http"))
    }
}
