import Testing

/// Colour is only for terminals: ANSI escapes appear with --color always and never otherwise.
@Suite struct ColourTests {
    @Test func flagsTableColoursStatusesOnlyWhenAsked() throws {
        let always = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table", "--color", "always"])
        #expect(always.stdout.contains("\u{1B}[31;1mred\u{1B}[0m"))
        let never = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table", "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}["))
        // auto: standard output is a pipe here, so no colour.
        let auto = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table"])
        #expect(!auto.stdout.contains("\u{1B}["))
        #expect(never.stdout == auto.stdout)
    }
}

/// `--charset ascii` gives pure ASCII charts for terminals without UTF-8, on every command that draws.
@Suite struct AsciiChartTests {
    @Test func everyChartCommandCanDrawInASCII() throws {
        let obs = repositoryPath("Datasets/sample-practice/observations.csv")
        let goals = repositoryPath("Datasets/sample-practice/goals.csv")
        let runs: [[String]] = [
            ["trend", obs, "--client", "C000002", "--measure", "PHQ-9", "--format", "chart", "--charset", "ascii"],
            ["change", obs, "--measure", "PHQ-9", "--format", "chart", "--charset", "ascii"],
            ["gas", goals, "--client", "C000002", "--format", "chart", "--charset", "ascii"],
            ["report", obs, "--format", "chart", "--charset", "ascii"],
            ["flags", obs, "--as-of", "2025-06-30", "--client", "C000122", "--format", "chart", "--charset", "ascii"],
        ]
        for args in runs {
            let r = try runHeadway(args)
            #expect(r.status == 0 || (args[0] == "flags" && r.status == 3), "\(args[0]): \(r.stderr)")
            #expect(!r.stdout.isEmpty, "\(args[0])")
            #expect(r.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(args[0]) printed non-ASCII bytes")
        }
    }
}
