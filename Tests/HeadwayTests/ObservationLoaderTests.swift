import Testing
import HeadwayCSV
@testable import Headway

/// A file with one row of each kind of defect the loader recognises (plus valid rows).
let defectFixture = """
Patient ID,Measure,Score,Date,Session,Therapist
C1,PHQ-9,18,2025-01-06,1,T1
C1,PHQ-9,12,2025-01-13,2,T1
C1,GAD-7,14,2025-01-06,1,T1
C2,phq9,30,2025-01-06,1,T2
C2,PHQ-9,abc,2025-01-06,2,T2
C3,XYZ,3,2025-01-06,1,T2
C3,PHQ-9,4,2025-02-30,1,T2
C3,PHQ-9,5,,,T2
,PHQ-9,5,2025-01-01,1,T2
C1,PHQ-9,11,2025-01-13,2,T1
C4,PHQ-9,5,2025-01-01,x,T2
C4,PHQ-9,5,2025-01-01,1,T2,extra
C5,"PHQ-9"x,5,2025-01-01,1,T2
C6,GAD-7,,2025-01-01,1,T2

"""

@Suite struct ObservationLoaderTests {
    let loader = ObservationLoader(catalog: .builtin, mode: .lenient)

    @Test func tenKindsOfDefectsGiveElevenClearRejectionsAndNothingIsLost() throws {
        let set = try loader.load(text: defectFixture, name: "defects.csv")
        #expect(set.counts.rowsRead == 14)
        #expect(set.counts.accepted == 3)
        #expect(set.counts.rejected == 11)
        #expect(set.counts.balanced)
        let got = set.rejections.map { "\($0.line):\($0.column):\($0.field)" }
        #expect(got == ["5:3:score", "6:3:score", "7:2:measure", "8:4:date", "9:4:date", "10:1:client_id",
                        "11:0:", "12:5:session", "13:7:", "14:0:", "15:3:score"])
        let reasons = set.rejections.map(\.reason)
        #expect(reasons[0].contains("outside PHQ-9's range 0–27"))
        #expect(reasons[1].contains("not a number"))
        #expect(reasons[2].contains("unknown measure \"XYZ\""))
        #expect(reasons[3].contains("not a valid ISO 8601 date"))
        #expect(reasons[4].contains("missing date and session"))
        #expect(reasons[5].contains("missing client_id"))
        #expect(reasons[6].contains("duplicate row") && reasons[6].contains("(PHQ-9) and session 2") && !reasons[6].contains("C1"))
        #expect(reasons[7].contains("session \"x\""))
        #expect(reasons[8].contains("7 fields but the header has 6"))
        #expect(reasons[9].contains("after the closing quote"))
        #expect(reasons[10].contains("missing score"))
        // Every rejection carries the original row for the rejects file.
        #expect(set.rejections.allSatisfy { !$0.raw.isEmpty })
    }

    @Test func strictStopsAtTheFirstErrorWithFileLineColumn() {
        let strict = ObservationLoader(catalog: .builtin, mode: .strict)
        #expect(throws: CSVError(file: "defects.csv", line: 5, column: 3, reason: "score 30 is outside PHQ-9's range 0–27")) {
            try strict.load(text: defectFixture, name: "defects.csv")
        }
    }

    @Test func aliasesCaseAndColumnOrder() throws {
        let text = "Score,SESSION,instrument,Client,unused\n12,1,PHQ-9,A,x\n8,2,PHQ-9,A,y\n"
        let set = try loader.load(text: text)
        #expect(set.episodes.count == 1)
        #expect(set.episodes[0].key == EpisodeKey(clientID: "A", episodeID: "1", measure: "PHQ-9"))
        #expect(set.episodes[0].scores.map(\.value) == [12, 8])
    }

    @Test func scoresAreSortedInTimeOrderAndEpisodesSeparate() throws {
        let text = "client_id,episode_id,measure,date,score\nA,2,GAD-7,2025-03-01,5\nA,1,GAD-7,2025-01-20,9\nA,1,GAD-7,2025-01-06,15\n"
        let set = try loader.load(text: text)
        #expect(set.episodes.map(\.key.episodeID) == ["1", "2"])
        #expect(set.episodes[0].scores.map(\.value) == [15, 9])
        #expect(set.episodes[0].scores.map(\.day) == [20094, 20108])
    }

    @Test func fileLevelErrors() {
        #expect(throws: CSVError.self) { try loader.load(text: "") }
        #expect(throws: CSVError(file: "<memory>", line: 1, column: 0, reason: "header only: the file has no data rows")) {
            try loader.load(text: "client_id,measure,score,date\n")
        }
        #expect(throws: CSVError.self) { try loader.load(text: "client_id,measure,score\nA,PHQ-9,3\n") }  // no date or session
        #expect(throws: CSVError.self) { try loader.load(text: "client,patient_id,measure,score,session\n") }  // client twice
    }

    @Test func phaseAndStatusColumns() throws {
        let text = "client_id,measure,session,score,phase,status\nA,PHQ-9,1,20,A,open\nA,PHQ-9,2,12,B,open\nA,PHQ-9,3,10,Q,open\n"
        let set = try loader.load(text: text)
        #expect(set.episodes[0].scores.map(\.phase) == [.baseline, .treatment])
        #expect(set.episodes[0].status == .open)
        #expect(set.rejections.map(\.field) == ["phase"])
    }

    @Test func userCatalogAddsMeasures() throws {
        var catalog = MeasureCatalog.builtin
        try UserCatalog.apply(text: "name,min,max,direction\nMYSCALE,0,10,higher\n", to: &catalog)
        let set = try ObservationLoader(catalog: catalog).load(text: "client_id,measure,session,score\nA,myscale,1,7\n")
        #expect(set.episodes[0].key.measure == "MYSCALE")
        #expect(throws: CSVError.self) { try UserCatalog.apply(text: "name,min,max,direction\nBAD,5,1,higher\n", to: &catalog) }
    }
}
