import Foundation
import Testing

/// Options a format would ignore are usage errors (exit 64); a filter that matches nothing
/// gives the same in every format: an empty result, exit 0, a note on standard error
/// (docs/output.md). `--from/--to` select episodes by the report's rule in every command.
@Suite struct UsageAndFilterTests {
    static let sample = repositoryPath("Datasets/sample-practice/observations.csv")
    static let goals = repositoryPath("Datasets/sample-practice/goals.csv")

    @Test(arguments: [
        ["check", sample, "--format", "chart"], ["measures", "--format", "chart"],
        ["change", sample, "--summary", "--format", "chart"], ["change", sample, "--paired", "--format", "chart"],
        ["flags", sample, "--fit-only", "--format", "table"], ["gas", goals, "--goals", "--format", "chart"],
        ["change", sample, "--from", "2025-13-01"], ["trend", sample, "--from", "2025-06-01", "--to", "2025-01-01"],
    ]) func ignoredOptionsAreUsageErrors(args: [String]) throws {
        let r = try runHeadway(args)
        #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Every format: exit 0, nothing but an empty result, and the note.
    @Test(arguments: ["csv", "table", "chart"]) func filterMatchingNothingIsEmptyInEveryFormat(format: String) throws {
        let runs: [[String]] = [
            ["flags", Self.sample, "--client", "NOPE"],
            ["trend", Self.sample, "--client", "NOPE"],
            ["change", Self.sample, "--from", "1990-01-01", "--to", "1990-12-31"],
            ["flags", Self.sample, "--client", "C000001", "--from", "1990-01-01", "--to", "1990-12-31"],
        ]
        for args in runs {
            let r = try runHeadway(args + ["--format", format])
            #expect(r.status == 0, "\(args) \(format): \(r.stderr)")
            #expect(r.stderr.contains("matches nothing; the result is empty"), "\(args) \(format): \(r.stderr)")
            if format == "csv" { #expect(r.stdout.split(separator: "\n").count == 1, "\(args): header only") }
            if format == "chart" { #expect(r.stdout.isEmpty, "\(args)") }
        }
        let gas = try runHeadway(["gas", Self.goals, "--client", "NOPE", "--format", format == "chart" ? "csv" : format])
        #expect(gas.status == 0 && gas.stderr.contains("--client NOPE matches nothing"))
    }

    /// `--from/--to`: the episodes whose latest dated score falls in the period, kept whole
    /// (checked against the per-episode dates of the unfiltered run), in change, trend and flags.
    @Test func periodSelectsEpisodesByTheirLastScore() throws {
        func rows(_ text: String) -> [[String: String]] {
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        }
        let all = rows(try runHeadway(["change", Self.sample, "--format", "csv"]).stdout)
        let some = rows(try runHeadway(["change", Self.sample, "--from", "2025-03-01", "--to", "2025-05-31", "--format", "csv"]).stdout)
        // The last score of an episode is at least its post date (post = last by default).
        let expected = all.filter { $0["status"] == "ok" && $0["post_date"]! >= "2025-03-01" && $0["post_date"]! <= "2025-05-31" }
        #expect(!some.isEmpty && some.count < all.count)
        #expect(some.filter { $0["status"] == "ok" }.map { $0["client_id"]! + $0["episode_id"]! + $0["measure"]! }
                == expected.map { $0["client_id"]! + $0["episode_id"]! + $0["measure"]! })
        // Kept whole: the pre score may lie before the period.
        #expect(some.contains { ($0["pre_date"] ?? "") < "2025-03-01" })
        let trend = rows(try runHeadway(["trend", Self.sample, "--from", "2025-03-01", "--to", "2025-05-31", "--format", "csv"]).stdout)
        #expect(trend.count == some.count)
        let gas = rows(try runHeadway(["gas", Self.goals, "--from", "2025-03-01", "--to", "2025-05-31", "--format", "csv"]).stdout)
        #expect(!gas.isEmpty && gas.allSatisfy { $0["review_date"]! >= "2025-03-01" && $0["review_date"]! <= "2025-05-31" })
    }
}
