import Testing
import HeadwayCSV
@testable import Headway

@Suite struct GoalsLoaderTests {
    static let good = """
    client_id,clinician_id,site,episode_id,goal_id,description,importance,difficulty,baseline,review,review_date,attained
    C1,T1,North,1,G1,"Sleep, better",3,2,-1,1,2024-02-01,0
    C1,T1,North,1,G2,Walk daily,3,2,-2,1,2024-02-01,1
    C1,T1,North,1,G1,"Sleep, better",3,2,-1,2,2024-03-01,1
    C1,T1,North,1,G2,Walk daily,3,2,-2,2,2024-03-01,as expected
    """

    @Test func loadsGoalsWithRatingsInOrder() throws {
        let set = try GoalsLoader().load(text: Self.good)
        #expect(set.counts.rowsRead == 4 && set.counts.accepted == 4 && set.counts.balanced)
        #expect(set.goals.count == 2)
        let g1 = set.goals[0]
        #expect(g1.goalID == "G1" && g1.description == "Sleep, better" && g1.weight == 6 && g1.baseline == -1)
        #expect(g1.ratings.map(\.value) == [0, 1] && g1.ratings.map(\.review) == [1, 2])
        #expect(set.goals[1].ratings.map(\.value) == [1, 0])   // "as expected" → 0
        #expect(set.episodes.count == 1)
    }

    @Test func strictStopsAtFirstBadRowWithLocation() {
        let text = Self.good + "\nC2,T1,North,1,G1,x,3,2,-1,1,2024-02-01,3\n"
        #expect {
            try GoalsLoader().load(text: text, name: "g.csv")
        } throws: { e in
            "\(e)".contains("g.csv:6:12") && "\(e)".contains("outside −2…+2")
        }
    }

    @Test func lenientRejectsEachBadRowWithReason() throws {
        let text = """
        client_id,goal_id,importance,difficulty,weight,baseline,review,attained,scale,goal_score
        A,G1,3,2,,-1,1,3,,
        A,G2,4,1,,-1,1,0,,
        A,G3,,2,,-1,1,0,,
        A,G4,1,1,,0,1,0,,
        A,G5,,,-2,-1,1,0,,
        A,G6,1,1,,-1,x,0,,
        A,G7,1,1,,-1,1,0,,
        A,G7,1,1,,-1,1,1,,
        A,G8,1,1,,-1,1,0,,
        A,G8,2,1,,-1,2,0,,
        A,G9,,,,,1,,gbo,11
        A,G9,,,,,2,,gbo,4
        A,G10,,,,,1,,fancy,4
        A,G11,1,1,,-1,1,no change,,
        A,G12,1,1,,,1,no change,,
        """
        let set = try GoalsLoader(mode: .lenient).load(text: text)
        #expect(set.counts.balanced)
        #expect(set.counts.rowsRead == 15)
        let reasons = Dictionary(uniqueKeysWithValues: set.rejections.map { ($0.line, $0.reason) })
        #expect(reasons[2]?.contains("outside −2…+2") == true)
        #expect(reasons[3]?.contains("importance 4 is outside 0–3") == true)
        #expect(reasons[4]?.contains("missing importance") == true)
        #expect(reasons[5]?.contains("baseline 0 is not −1 or −2") == true)
        #expect(reasons[6]?.contains("weight") == true)
        #expect(reasons[7]?.contains("review") == true)
        #expect(reasons[9]?.contains("duplicate goal row") == true && reasons[9]?.contains("line 8") == true)
        #expect(reasons[11]?.contains("differ from line 10") == true)
        #expect(reasons[12]?.contains("outside 0–10") == true)
        #expect(reasons[14]?.contains("not gas or gbo") == true)
        #expect(reasons[16]?.contains("no baseline") == true)
        #expect(set.rejections.count == 11)
        #expect(set.counts.accepted == 4)
        let g11 = set.goals.first { $0.goalID == "G11" }
        #expect(g11?.ratings.first?.value == -1)
        let g9 = set.goals.first { $0.goalID == "G9" }
        #expect(g9?.scale == .gbo && g9?.ratings.map(\.value) == [4])
    }

    @Test func headerErrors() {
        #expect(throws: CSVError.self) { try GoalsLoader().load(text: "client_id,attained,review\nA,0,1\n") }
        #expect(throws: CSVError.self) { try GoalsLoader().load(text: "client_id,goal_id,attained\nA,G,0\n") }
        #expect(throws: CSVError.self) { try GoalsLoader().load(text: "client_id,goal_id,review,attained\n") }
    }

    @Test func aliasesAndReviewDatesOnly() throws {
        let text = """
        Patient ID,Goal,Date,Attainment,Goal Weight
        P,G1,2024-01-10,-1,2
        P,G1,2024-02-10,+1,2
        """
        let set = try GoalsLoader().load(text: text)
        #expect(set.goals.count == 1 && set.goals[0].explicitWeight == 2)
        #expect(set.goals[0].ratings.map(\.value) == [-1, 1])
        #expect(set.goals[0].ratings[1].key == .date(CivilCalendar.days(year: 2024, month: 2, day: 10)))
    }
}
