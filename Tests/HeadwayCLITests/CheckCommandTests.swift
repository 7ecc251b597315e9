import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func strictStopsWithFileLineColumnAndExitOne() throws {
        let r = try runHeadway(["check", fixture("defects.csv")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("defects.csv:5:3: score 30 is outside PHQ-9's range 0–27"))
        #expect(r.stdout.isEmpty)
    }

    @Test func lenientWritesEveryRejectedRowAndBalances() throws {
        let rejects = temporaryPath("rejects.csv")
        let r = try runHeadway(["check", fixture("defects.csv"), "--lenient", "--rejects", rejects, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("14 rows read, 3 accepted, 11 rejected"))
        #expect(r.stdout.contains("rows_read,14\nrows_accepted,3\nrows_rejected,11\n"))
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 12)   // header + 11 rejected rows
        #expect(lines[0] == "line,column,field,reason,Patient ID,Measure,Score,Date,Session,Therapist")
    }

    @Test func readsStandardInput() throws {
        let r = try runHeadway(["check", "-", "--format", "csv"], stdin: "client_id,measure,session,score\nA,PHQ-9,1,12\nA,PHQ-9,2,8\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("file,<stdin>\nrows_read,2\n"))
    }

    @Test func missingFileIsAnIOError() throws {
        let r = try runHeadway(["check", "/nonexistent.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent.csv:0:0: cannot open file"))
    }

    @Test func rejectsWithoutLenientIsAUsageError() throws {
        let r = try runHeadway(["check", fixture("defects.csv"), "--rejects", "x.csv"])
        #expect(r.status == 64)
    }
}
