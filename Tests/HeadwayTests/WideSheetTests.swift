import Testing
import HeadwayCSV
@testable import Headway

/// Wide sheets (one column per measure, or per review) read as long data (docs/input.md, "Wide sheets").
@Suite struct WideSheetTests {
    static let measures = """
    Client,Date,PHQ-9,GAD7 score,Notes
    W1,2025-01-06,18,15,first
    W1,2025-02-03,12,,GAD-7 not given
    W1,2025-03-03,7,6,
    W2,2025-01-08,20,17,
    ,,,,
    """

    @Test func measureColumnsBecomeLongRowsWithEachCellARow() throws {
        let set = try ObservationLoader(catalog: .builtin).load(text: Self.measures, name: "wide.csv")
        let layout = try #require(set.wide)
        #expect(layout.kind == .measures && !layout.requested)
        #expect(layout.values.map(\.keys) == [["PHQ-9"], ["GAD-7"]])     // "GAD7 score" is GAD-7 (trailing "score" dropped)
        #expect(layout.longHeader == ["Client", "Date", "Notes", "measure", "score"])
        // 5 data rows × 2 measure columns = 10 rows read: 7 accepted, 1 blank cell (not
        // administered), 2 cells of the all-empty row.
        #expect(set.counts.rowsRead == 10 && set.counts.accepted == 7 && set.counts.notAdministered == 1 && set.counts.emptyRows == 2)
        #expect(set.counts.balanced)
        let byKey = Dictionary(uniqueKeysWithValues: set.episodes.map { ("\($0.key.clientID) \($0.key.measure)", $0.scores.map(\.value)) })
        #expect(byKey["W1 PHQ-9"] == [18, 12, 7])
        #expect(byKey["W1 GAD-7"] == [15, 6])
        #expect(byKey["W2 PHQ-9"] == [20] && byKey["W2 GAD-7"] == [17])
        // Scores keep the sheet's lines.
        #expect(set.episodes.first { $0.key.measure == "GAD-7" && $0.key.clientID == "W1" }!.scores.map(\.line) == [2, 4])
    }

    @Test func errorsNameTheSheetsLineAndColumn() throws {
        let bad = "client_id,date,PHQ-9,GAD-7\nA,2025-01-01,10,x\n"
        #expect {
            try ObservationLoader(catalog: .builtin).load(text: bad, name: "w.csv")
        } throws: { e in
            "\(e)".hasPrefix("w.csv:2:4: score \"x\" is not a number")
        }
        var lenient = ObservationLoader(catalog: .builtin, mode: .lenient)
        lenient.wide = true
        let set = try lenient.load(text: bad + "B,2025-01-02,99,3\n", name: "w.csv")
        #expect(set.rejections.map(\.line) == [2, 3])
        #expect(set.rejections.map(\.column) == [4, 3])       // GAD-7 "x" in column 4; PHQ-9 99 (> 27) in column 3
        #expect(set.rejections[0].raw == ["A", "2025-01-01", "GAD-7", "x"])   // the long row, under the long header
        #expect(set.header == ["client_id", "date", "measure", "score"])
        #expect(set.counts.rowsRead == 4 && set.counts.accepted == 2 && set.counts.balanced)
    }

    @Test func aHeaderNearAMeasureIsAnErrorWithDidYouMean() {
        #expect {
            try ObservationLoader(catalog: .builtin).load(text: "client_id,date,PHQ-9,GAD7 totl\nA,2025-01-01,1,2\n", name: "w.csv")
        } throws: { e in
            "\(e)".hasPrefix("w.csv:1:4: wide sheet: header \"GAD7 totl\" is not a measure of the catalog: did you mean GAD-7?")
        }
        #expect {
            try ObservationLoader(catalog: .builtin).load(text: "client_id,date,PHQ-9,PHQ9 total\nA,2025-01-01,1,2\n", name: "w.csv")
        } throws: { e in
            "\(e)".contains("w.csv:1:4: header \"PHQ9 total\" names measure PHQ-9 again")
        }
    }

    @Test func wideOptionOnALongFileIsAnError() {
        var loader = ObservationLoader(catalog: .builtin)
        loader.wide = true
        #expect {
            try loader.load(text: "client_id,date,measure,score\nA,2025-01-01,PHQ-9,3\n", name: "l.csv")
        } throws: { e in
            "\(e)".contains("l.csv:1:0: --wide: the header has a \"measure\" column")
        }
        // Without the option a long file is read as before.
        #expect((try? ObservationLoader(catalog: .builtin).load(text: "client_id,date,measure,score\nA,2025-01-01,PHQ-9,3\n"))?.wide == nil)
    }

    @Test func aWideRowWithTooManyFieldsIsRejectedPerCell() throws {
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: "client_id,session,PHQ-9,GAD-7\nA,1,3,4,extra\nA,2,2,2\n")
        #expect(set.counts.rowsRead == 4 && set.counts.rejected == 2 && set.counts.accepted == 2 && set.counts.balanced)
        #expect(set.rejections[0].reason.contains("row has 5 fields but the header has 4"))
    }

    // MARK: GAS

    static let reviews = """
    client_id,goal,description,importance,difficulty,Baseline,Review 1,Review 2,Outcome
    G1,1,Return to work,2,2,-1,-1,0,1
    G1,2,Sleep through,1,2,-2,-1,,0
    G1,3,Walk daily,2,1,-1,0,1,2
    G2,1,Cook a meal,1,1,-2,-2,-1,
    """

    @Test func reviewColumnsAndOutcomeBecomeReviews() throws {
        let set = try GoalsLoader().load(text: Self.reviews, name: "gas.csv")
        let layout = try #require(set.wide)
        #expect(layout.kind == .reviews)
        #expect(layout.values.map(\.keys) == [["1", ""], ["2", ""], ["3", ""]])   // Outcome = the review after the last
        // 4 rows × 3 review columns = 12 rows read; 2 blank cells are goals not rated.
        #expect(set.counts.rowsRead == 12 && set.counts.accepted == 10 && set.counts.notAdministered == 2 && set.counts.balanced)
        let g12 = try #require(set.goals.first { $0.episode.clientID == "G1" && $0.goalID == "2" })
        #expect(g12.ratings.map(\.review) == [1, 3] && g12.ratings.map(\.value) == [-1, 0] && g12.baseline == -2 && g12.weight == 2)
    }

    /// T on the rated goals, with how many of how many were rated. Expected values from the
    /// Kiresuk & Sherman (1968) formula T = 50 + 10 Σwx / √((1−ρ)Σw² + ρ(Σw)²), ρ = 0.3, computed
    /// with numpy:
    ///   T([0,1],[4,2]) = 54.016096644512494, T([-1,-1],[4,2]) = 37.95171006646252,
    ///   T([1,0,2],[4,2,2]) = 63.333333333333336, T([-1,-1,0],[4,2,2]) = 40.0
    @Test func aGoalNotRatedIsVisible() throws {
        let set = try GoalsLoader().load(text: Self.reviews, name: "gas.csv")
        let reviews = try GoalAnalysis.run(set.goals).filter { $0.episode.clientID == "G1" }
        #expect(reviews.map(\.review) == [1, 2, 3])
        let r1 = reviews[0], r2 = reviews[1], r3 = reviews[2]
        #expect(r1.goalsRated == 3 && r1.goalsTotal == 3 && r1.status == "ok")
        #expect(abs(r1.tAttained! - 40.0) < 1e-9)
        #expect(r2.goalsRated == 2 && r2.goalsTotal == 3 && r2.status == "not_all_rated")
        #expect(abs(r2.tAttained! - 54.016096644512494) < 1e-9)
        #expect(abs(r2.tBaseline! - 37.95171006646252) < 1e-9)
        #expect(r3.goalsRated == 3 && r3.status == "ok" && abs(r3.tAttained! - 63.333333333333336) < 1e-9)
        let latest = GoalAnalysis.latestGAS(try GoalAnalysis.run(set.goals))
        let g2 = try #require(latest.first { $0.episode.clientID == "G2" })
        #expect(g2.review == 2 && g2.goalsRated == 1 && g2.goalsTotal == 1)
    }

    @Test func datedReviewHeadersAndAnOutcomeOnlySheet() throws {
        let dated = "client_id,goal_id,baseline,2025-01-10,2025-03-14\nA,1,-1,0,1\nA,2,-2,-1,\n"
        let set = try GoalsLoader().load(text: dated)
        #expect(set.wide?.values.map(\.keys) == [["", "2025-01-10"], ["", "2025-03-14"]])
        #expect(set.goals[0].ratings.map(\.day) == [CivilCalendar.days(year: 2025, month: 1, day: 10), CivilCalendar.days(year: 2025, month: 3, day: 14)])
        #expect(set.counts.notAdministered == 1 && set.counts.balanced)
        // dmy headers with --date-format
        var dmy = GoalsLoader()
        dmy.dateFormat = .dmy
        #expect(try dmy.load(text: "client_id,goal_id,10/01/2025\nA,1,0\n").goals[0].ratings[0].day == CivilCalendar.days(year: 2025, month: 1, day: 10))
        // An Outcome beside dated reviews has no date: an error, not a guess.
        #expect {
            try GoalsLoader().load(text: "client_id,goal_id,2025-01-10,Outcome\nA,1,0,1\n", name: "g.csv")
        } throws: { e in "\(e)".contains("g.csv:1:4: wide GAS sheet: the \"Outcome\" column has no review date") }
        // client, goal, baseline, outcome: rated once, at review 1, with --wide (without it the
        // missing review column is an error: GoalsLoaderTests.headerErrors).
        var wide = GoalsLoader()
        wide.wide = true
        let once = try wide.load(text: "Client,Goal,Baseline,Outcome\nA,1,-1,1\nA,2,-2,0\n", name: "o.csv").goals
        #expect(once.count == 2 && once.allSatisfy { $0.ratings.map(\.review) == [1] } && once.map { $0.ratings[0].value } == [1, 0])
    }

    @Test func didYouMeanForGoalRatingsAndScales() {
        #expect {
            try GoalsLoader().load(text: "client_id,goal_id,review,attained\nA,1,1,much btter than expected\n", name: "g.csv")
        } throws: { e in "\(e)".contains("g.csv:2:4: attained \"much btter than expected\" is not a level −2…+2 or a known verbal rating (did you mean \"much better than expected\"?)") }
        #expect {
            try GoalsLoader().load(text: "client_id,goal_id,review,attained,scale\nA,1,1,0,gass\n", name: "g.csv")
        } throws: { e in "\(e)".contains("g.csv:2:5: scale \"gass\" is not gas or gbo (did you mean gas?)") }
    }
}
