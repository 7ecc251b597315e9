import Foundation
import Testing

/// Issue 18 items 6 and 9: every numeric input is bounded, no conversion to Int traps (exit
/// 132, SIGILL) and no NaN or infinity reaches an output; every option of every command is
/// bounded, with the bound in its help.
@Suite struct NumericBoundsTests {
    /// A small episode file: two PHQ-9 episodes.
    static let observations = """
    client_id,measure,session,date,score
    c1,PHQ-9,1,2025-01-01,20
    c1,PHQ-9,2,2025-01-08,15
    c1,PHQ-9,3,2025-01-15,10
    c1,PHQ-9,4,2025-01-22,8
    c2,PHQ-9,1,2025-01-01,18
    c2,PHQ-9,2,2025-01-08,19
    c2,PHQ-9,3,2025-01-15,21

    """

    func write(_ text: String, _ name: String) throws -> String {
        let path = temporaryPath("bounds-\(UUID().uuidString)-\(name)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// No crash (132 = SIGILL from a Swift trap, 139 = SIGSEGV), no NaN or infinity printed.
    func expectClean(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status != 132 && r.status != 134 && r.status != 139 && r.status < 128,
                "crashed with \(r.status): \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
        let text = (r.stdout + r.stderr).lowercased()
        for bad in ["nan", "inf ", "-inf", "infinity", "fatal error"] {
            #expect(!text.contains(bad), "output contains \(bad)", sourceLocation: sourceLocation)
        }
    }

    // MARK: item 6

    /// `gas --goals` trapped converting a weight of 1e19 to Int (exit 132); now the weight is
    /// refused with its line and the largest weight.
    @Test func hugeGoalWeightIsRefused() throws {
        let goals = try write("""
        client_id,episode_id,goal_id,weight,baseline,review,review_date,attained
        C1,1,G1,1e19,-1,1,2024-03-01,-2
        C1,1,G2,1,-1,1,2024-03-01,1

        """, "goals.csv")
        for extra in [["--goals"], []] {
            let r = try runHeadway(["gas", goals, "--format", "csv"] + extra)
            expectClean(r)
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains(":2:") && r.stderr.contains("largest weight, 1000000"), "\(r.stderr)")
        }
    }

    /// Weights of 1e308 overflowed Σw² and gave a NaN GAS T, written as an empty cell with a
    /// status that hid the failure; now they are refused.
    @Test func weightsThatOverflowAreRefused() throws {
        let goals = try write("""
        client_id,episode_id,goal_id,weight,baseline,review,review_date,attained
        C1,1,G1,1e308,-1,1,2024-03-01,-2
        C1,1,G2,1e308,-1,1,2024-03-01,1

        """, "goals.csv")
        let r = try runHeadway(["gas", goals, "--format", "csv"])
        expectClean(r)
        #expect(r.status == 1)
        #expect(r.stderr.contains("weight"), "\(r.stderr)")
        // Lenient: both rows rejected, nothing scored from them.
        let l = try runHeadway(["gas", goals, "--format", "csv", "--lenient"])
        expectClean(l)
        #expect(!l.stdout.contains("C1,1,"), "\(l.stdout)")
    }

    /// Charts with `--clinical-sd 1e308` printed "cut-off nan" (or -inf) in the legend; the
    /// norms are now bounded to ±1e9 with a clear error.
    @Test(arguments: [["--clinical-sd", "1e308"], ["--functional-sd", "1e308"], ["--clinical-mean", "1e308"],
                      ["--functional-mean=-1e300"], ["--clinical-sd", "0"], ["--pct-improvement", "1e300", "--method", "percentage"]])
    func hugeNormsAreRefused(option: [String]) throws {
        let obs = try write(Self.observations, "obs.csv")
        let r = try runHeadway(["change", obs, "--format", "chart", "--cutoff", "c"] + option)
        expectClean(r)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(option[0].split(separator: "=")[0]) && !r.stderr.contains("Missing value"), "\(r.stderr)")
    }

    /// The largest norms accepted still give a finite cut-off in the chart legend and CSV.
    @Test func largestNormsGiveFiniteCutoffs() throws {
        let obs = try write(Self.observations, "obs.csv")
        for format in ["chart", "csv"] {
            let r = try runHeadway(["change", obs, "--format", format, "--cutoff", "c", "--clinical-sd", "1e9",
                                    "--clinical-mean", "1e9", "--functional-mean=-1e9", "--functional-sd", "1e9"])
            expectClean(r)
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    /// A user catalog at the edge of the number range (scores up to 1e9) draws trend, change
    /// and flags charts without trapping.
    @Test func largestScoresDrawCharts() throws {
        let catalog = try write("name,min,max,direction,reliable_change,clinical_mean,clinical_sd\nBIG,-1000000000,1000000000,lower,1,0,1000000000\n", "cat.csv")
        let obs = try write("""
        client_id,measure,session,date,score
        c1,BIG,1,2025-01-01,1000000000
        c1,BIG,2,2025-01-08,-1000000000
        c1,BIG,3,2025-01-15,999999999
        c1,BIG,4,2025-01-22,-999999999

        """, "obs.csv")
        for args in [["trend", obs, "--format", "chart", "--client", "c1"],
                     ["change", obs, "--format", "chart"],
                     ["flags", obs, "--format", "chart", "--client", "c1"],
                     ["trend", obs, "--format", "csv"], ["change", obs, "--format", "csv"]] {
            let r = try runHeadway(args + ["--measures", catalog])
            expectClean(r)
        }
    }

    // MARK: item 9

    /// `simulate --clinicians 9223372036854775807` crashed (SIGSEGV); `--start-date 9999-12-31`
    /// wrote years that wrapped to 0001. Both are refused with the range.
    @Test(arguments: [["--clinicians", "9223372036854775807"], ["--sites", "9223372036854775807"],
                      ["--clients", "9223372036854775807"], ["--start-date", "9999-12-31"], ["--start-date", "0001-01-01"]])
    func simulateOptionsAreBounded(option: [String]) throws {
        let r = try runHeadway(["simulate", "--clients", "2"] + option)
        expectClean(r)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(option[0]) && r.stderr.contains(" and ") || r.stderr.contains(" to "), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// The latest start date accepted gives four-digit years in order (no wrap to 0001).
    @Test func latestStartDateDoesNotWrap() throws {
        let r = try runHeadway(["simulate", "--clients", "20", "--start-date", "9000-12-31"])
        #expect(r.status == 0, "\(r.stderr)")
        let years = r.stdout.split(separator: "\n").dropFirst().compactMap { line -> Int? in
            let fields = line.split(separator: ",").map(String.init)
            guard let d = fields.first(where: { $0.count == 10 && Array($0)[4] == "-" }) else { return nil }
            return Int(String(d.prefix(4)))
        }
        #expect(!years.isEmpty)
        #expect(years.allSatisfy { $0 >= 9000 && $0 <= 9999 }, "\(Set(years))")
    }

    /// Chart sizes had no upper bound (`--width 100000000` allocated a huge grid).
    @Test(arguments: [["trend", "--width", "100000000"], ["trend", "--height", "100000000"],
                      ["change", "--width", "1001"], ["flags", "--height", "501"], ["report", "--width", "1001"]])
    func chartSizesAreBounded(args: [String]) throws {
        let obs = try write(Self.observations, "obs.csv")
        var a: [String] = [args[0], obs] + Array(args.dropFirst())
        if args[0] != "report" { a += ["--format", "chart"] }
        if args[0] == "trend" || args[0] == "flags" { a += ["--client", "c1"] }
        let r = try runHeadway(a)
        expectClean(r)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("between"), "\(r.stderr)")
    }

    /// Flags, report and gas counts and days are bounded too.
    @Test(arguments: [["flags", "--overdue-days", "9223372036854775807"], ["flags", "--at-session", "1000001"],
                      ["flags", "--min-episodes", "9223372036854775807"], ["flags", "--current-scores", "100000"],
                      ["flags", "--gas-below", "1e308"], ["flags", "--no-improvement-z", "1e308"],
                      ["report", "--min-cell", "9223372036854775807"], ["report", "--open-within", "9223372036854775807"],
                      ["gas", "--min-cell", "9223372036854775807"], ["gas", "--gbo-threshold", "1e308"],
                      ["trend", "--goal", "1e308"], ["trend", "--lrr-d", "1e308"]])
    func otherOptionsAreBounded(args: [String]) throws {
        let obs = try write(Self.observations, "obs.csv")
        let r = try runHeadway([args[0], obs] + Array(args.dropFirst()))
        expectClean(r)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(args[1]) || r.stderr.contains("threshold"), "\(r.stderr)")
    }

    /// Every bound is in the help text of its option.
    @Test func boundsAreInTheHelp() throws {
        let expected: [String: [String]] = [
            "simulate": ["1 to 100000", "0 to 100000000", "1 to 10000", "years 1900 to 9000"],
            "trend": ["30 to 1000", "12 to 500"],
            "change": ["at most 1e9", "-1e9 to 1e9"],
            "flags": ["1 to 36500", "1 to 1000000", "0 to 200"],
            "report": ["40 to 1000", "1 to 1000000", "0 to 36500"],
            "gas": ["at most 10", "0 to 1000000"],
        ]
        for (command, phrases) in expected {
            let r = try runHeadway([command, "--help"], environment: ["COLUMNS": "400"])
            for p in phrases { #expect(r.stdout.contains(p), "\(command) --help lacks '\(p)'") }
        }
    }
}

/// Issue 19: shell completion scripts come from the binary's own argument definitions
/// (scripts/completions-and-manual installs them with the man page).
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) throws {
        let r = try runHeadway(["--generate-completion-script", shell])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("headway"))
        for command in ["change", "trend", "flags", "report", "simulate"] {
            #expect(r.stdout.contains(command), "\(shell) completion lacks \(command)")
        }
        #expect(r.stdout.contains("clinical-sd"))
    }
}
