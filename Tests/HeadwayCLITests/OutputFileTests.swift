import Foundation
import Testing

/// `--output FILE` on every command (atomic: a failed run leaves no file) and
/// `report --output DIR` written as a whole (no file of an earlier run survives).
@Suite struct OutputFileTests {
    static let sample = repositoryPath("Datasets/sample-practice/observations.csv")
    static let goals = repositoryPath("Datasets/sample-practice/goals.csv")

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// The file holds exactly what standard output would, and standard output stays empty.
    @Test(arguments: [
        ["change", sample, "--summary"], ["check", sample], ["flags", fixture("flags-small.csv")],
        ["gas", goals, "--summary"], ["measures"], ["trend", fixture("trend-small.csv")],
    ]) func outputFileHoldsStandardOutput(args: [String]) throws {
        let piped = try runHeadway(args + ["--format", "csv"])
        let path = temporaryPath("out-\(args[0]).csv")
        let r = try runHeadway(args + ["--format", "csv", "--output", path])
        #expect(r.status == piped.status, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(Self.read(path) == piped.stdout && !piped.stdout.isEmpty)
        // Without --format: a file gets CSV, as a pipe does.
        let auto = try runHeadway(args + ["--output", path])
        #expect(auto.status == piped.status && Self.read(path) == piped.stdout)
    }

    /// A failed run leaves no file (not even an empty one), and an earlier file stays as it was.
    @Test(arguments: ["change", "check", "flags", "trend"]) func failedRunLeavesNoFile(command: String) throws {
        let bad = temporaryPath("bad-\(command).csv")
        try "client_id,measure,session,score\nc1,PHQ-9,1,5\nc1,PHQ-9,x,6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let path = temporaryPath("failed-\(command).csv")
        try? FileManager.default.removeItem(atPath: path)
        let r = try runHeadway([command, bad, "--output", path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
        try "earlier\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try runHeadway([command, bad, "--output", path])
        #expect(Self.read(path) == "earlier\n")
        // Only this test's temporary files: other tests write atomically into the same folder at the same time.
        let dir = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !($0.hasPrefix(name) && $0.contains(".tmp-")) })
    }

    /// `report --output DIR`: a later run without --goals/--flags leaves no goals.csv or
    /// flags.csv behind; a failed run leaves the earlier set whole; a folder with other files
    /// is refused and left alone.
    @Test func reportDirectoryIsReplacedAsAWhole() throws {
        let dir = temporaryPath("report-set")
        try? FileManager.default.removeItem(atPath: dir)
        let first = try runHeadway(["report", Self.sample, "--goals", Self.goals, "--flags", "--output", dir])
        #expect(first.status == 0, "\(first.stderr)")
        let all = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(all == ["activity.csv", "charts.txt", "flags.csv", "goals.csv", "outcomes.csv", "talking_therapies.csv"])
        let second = try runHeadway(["report", Self.sample, "--output", dir + "/"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["activity.csv", "charts.txt", "outcomes.csv", "talking_therapies.csv"])
        let outcomes = Self.read(dir + "/outcomes.csv")
        // A failed run (bad input) changes nothing.
        let bad = temporaryPath("report-bad.csv")
        try "client_id,measure,session,score\nc1,PHQ-9,1,5\nc1,PHQ-9,x,6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try runHeadway(["report", bad, "--output", dir])
        #expect(failed.status == 1)
        #expect(Self.read(dir + "/outcomes.csv") == outcomes)
        // A folder holding someone else's file is refused, untouched.
        let other = temporaryPath("report-other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try "keep\n".write(toFile: other + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = try runHeadway(["report", Self.sample, "--output", other])
        #expect(refused.status == 2 && refused.stderr.contains("notes.txt"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["notes.txt"])
        let parent = (dir as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).allSatisfy { !$0.hasPrefix(".report-set.") })
    }
}
