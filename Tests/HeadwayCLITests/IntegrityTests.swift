import Foundation
import Testing

/// Writes `text` to a fresh temporary file and returns its path.
private func writeTemp(_ name: String, _ text: String) throws -> String {
    let path = temporaryPath(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Issue 18: data integrity and privacy of every command that reads observations.
@Suite struct IntegrityCLITests {
    /// Same client, measure and session on two different dates, in date order: a duplicate
    /// for every command (issue 18 item 1: `check`, `change`, `trend` and `flags` kept both).
    static let inOrderDuplicate = """
    client_id,measure,session,date,score
    SECRET-ID-42,PHQ-9,1,2025-01-01,5
    SECRET-ID-42,PHQ-9,1,2025-01-02,6
    SECRET-ID-42,PHQ-9,2,2025-01-09,4

    """

    @Test(arguments: ["check", "change", "trend", "flags", "report"])
    func inOrderDuplicateIsRejectedByEveryCommand(command: String) throws {
        let path = try writeTemp("dup-\(command).csv", Self.inOrderDuplicate)
        var args = [command, path, "--lenient", "--format", "csv"]
        if command == "flags" { args.append("--all-episodes") }
        let r = try runHeadway(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("3 rows read, 2 accepted, 1 rejected"), "\(command): \(r.stderr)")
        #expect(r.stderr.contains(":3:0: duplicate row"), "\(command): \(r.stderr)")
        // Strict: the later line is the error.
        let strict = try runHeadway([command, path] + (command == "flags" ? ["--all-episodes"] : []))
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(path):3:0: duplicate row"), "\(command): \(strict.stderr)")
    }

    /// Issue 18 item 14: no client id on standard error from `report`, in strict mode and in
    /// the lenient summary, with or without --pseudonymize, for observations and goals.
    @Test func reportNeverPrintsClientIds() throws {
        let path = try writeTemp("dup-report.csv", Self.inOrderDuplicate)
        let goals = try writeTemp("dup-goals.csv", """
        client_id,goal_id,review,attained,importance,difficulty,baseline
        SECRET-ID-42,G1,1,0,1,1,-1
        SECRET-ID-42,G1,1,1,1,1,-1

        """)
        for extra in [[String](), ["--lenient"], ["--lenient", "--goals", goals], ["--goals", goals]] {
            let r = try runHeadway(["report", path, "--format", "csv"] + extra)
            #expect(!r.stderr.contains("SECRET-ID-42"), "\(extra): \(r.stderr)")
            #expect(r.stderr.contains("duplicate"), "\(extra): \(r.stderr)")
        }
        let g = try runHeadway(["gas", goals])
        #expect(g.status == 1 && g.stderr.contains("dup-goals.csv:3:0: duplicate goal row: line 2"), "\(g.stderr)")
        #expect(!g.stderr.contains("SECRET-ID-42"))
    }

    /// Issue 18 item 14, systematically: every kind of invalid row, with the client id in every
    /// row, through every command that reads observations or goals, strict and lenient, with
    /// and without --pseudonymize: the id never reaches standard error.
    @Test func noCommandPrintsClientIdsOnStandardError() throws {
        let id = "SECRET-ID-42"
        let obs = try writeTemp("hostile-obs.csv", """
        client_id,measure,session,date,score,phase,status,episode_id
        \(id),PHQ-9,1,2025-01-01,5,A,open,EPI-SECRET
        \(id),PHQ-9,1,2025-01-02,6,A,open,EPI-SECRET
        \(id),PHQ-9,2,2025-01-09,40,B,open,EPI-SECRET
        \(id),PHQ-9,3,2025-02-30,4,B,open,EPI-SECRET
        \(id),NOPE,3,2025-01-16,4,B,open,EPI-SECRET
        \(id),PHQ-9,x,2025-01-16,4,B,open,EPI-SECRET
        \(id),PHQ-9,4,2025-01-23,4,Q,open,EPI-SECRET
        \(id),PHQ-9,5,2025-01-30,4,B,maybe,EPI-SECRET
        \(id),PHQ-9,6,2025-02-06,4,B,open,EPI-SECRET,extra
        \(id),"PHQ-9"x,7,2025-02-13,4,B,open,EPI-SECRET
        \(id),PHQ-9,8,2025-02-20,abc,B,open,EPI-SECRET
        \(id),PHQ-9,9,,,B,open,EPI-SECRET
        ""
        \(id),PHQ-9,10,2025-03-06,3,B,open,EPI-SECRET

        """)
        let goals = try writeTemp("hostile-goals.csv", """
        client_id,goal_id,review,attained,importance,difficulty,baseline,episode_id
        \(id),G1,1,0,1,1,-1,EPI-SECRET
        \(id),G1,1,1,1,1,-1,EPI-SECRET
        \(id),G1,0x10,1,1,1,-1,EPI-SECRET
        \(id),G1,2,1,1,2,-1,EPI-SECRET
        \(id),G1,3,5,1,1,-1,EPI-SECRET

        """)
        let salt = ["--pseudonymize", "--salt", "a-long-enough-salt-value"]
        var runs: [[String]] = []
        for mode in [[String](), ["--lenient"]] {
            for command in ["check", "change", "trend", "report"] {
                runs.append([command, obs, "--format", "csv"] + mode)
            }
            runs.append(["flags", obs, "--all-episodes", "--format", "csv"] + mode)
            runs.append(["change", obs, "--format", "csv"] + mode + salt)
            runs.append(["trend", obs, "--format", "csv"] + mode + salt)
            runs.append(["report", obs, "--goals", goals, "--format", "csv"] + mode)
            runs.append(["gas", goals, "--format", "csv"] + mode)
            runs.append(["gas", goals, "--format", "csv"] + mode + salt)
        }
        for args in runs {
            let r = try runHeadway(args)
            #expect(!r.stderr.isEmpty, "\(args)")
            #expect(!r.stderr.contains("SECRET"), "\(args): \(r.stderr)")
        }
    }

    /// Issue 18 item 4: the rejects file holds a duplicate row exactly as read, with its
    /// phase, status and unknown columns.
    @Test func rejectsFileKeepsTheOriginalRowOfADuplicate() throws {
        let path = try writeTemp("dup-raw.csv", """
        client_id,measure,session,date,score,phase,status,note
        A,PHQ-9,1,2025-01-01,5,A,open,first
        A,PHQ-9,2,2025-01-08,7,B,open,second
        A,PHQ-9,1,2025-01-03, 6 ,B,closed,"free, text"

        """)
        let rejects = temporaryPath("dup-raw-rejects.csv")
        let r = try runHeadway(["check", path, "--lenient", "--rejects", rejects, "--format", "csv"])
        #expect(r.status == 0)
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.last?.hasSuffix(",A,PHQ-9,1,2025-01-03, 6 ,B,closed,\"free, text\"") == true, "\(lines)")
    }
}

@Suite struct LimitsCLITests {
    /// Issue 18 item 8: the field limit has an option to raise it.
    @Test func maxFieldBytesOption() throws {
        let path = temporaryPath("long-field.csv")
        try ("client_id,measure,session,score,note\nA,PHQ-9,1,5," + String(repeating: "n", count: 70_000) + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let strict = try runHeadway(["check", path, "--format", "csv"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("long-field.csv:2:0: field 5 is 70000 bytes long, over the limit of 65536 bytes per field"), "\(strict.stderr)")
        #expect(strict.stderr.utf8.count < 400)
        let raised = try runHeadway(["check", path, "--format", "csv", "--max-field-bytes", "100000"])
        #expect(raised.status == 0, "\(raised.stderr)")
        let record = try runHeadway(["check", path, "--format", "csv", "--max-field-bytes", "100", "--max-record-bytes", "1000"])
        #expect(record.status == 1 && record.stderr.contains(":2:0: the record starting on this line is longer than 1000 bytes"), "\(record.stderr)")
        let bad = try runHeadway(["check", path, "--max-field-bytes", "0"])
        #expect(bad.status == 64)
    }
}
