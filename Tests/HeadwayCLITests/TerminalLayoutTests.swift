import Foundation
import Testing

/// Tables at the terminal's width, against panes captured from real 80- and 60-column tmux
/// terminals (`scripts/capture-terminal-goldens`, which runs each command in a detached
/// `tmux new-session -x W -y 24` pane, so the width comes from the terminal, and keeps
/// `tmux capture-pane -p`). Here standard output is a pipe, so the same width is given with
/// `COLUMNS`: equal text means the table fitted the pane, no line wrapped.
@Suite struct TerminalLayoutTests {
    static let sample = repositoryPath("Datasets/sample-practice/observations.csv")
    static let cases: [(String, [String])] = [
        ("flags", ["flags", sample, "--format", "table", "--color", "never"]),
        ("flags-all", ["flags", sample, "--all-episodes", "--clinician", "T01", "--format", "table", "--color", "never"]),
        ("flags-per-measure", ["flags", sample, "--all-episodes", "--clinician", "T01", "--per-measure", "--format", "table", "--color", "never"]),
        ("report", ["report", sample, "--format", "table"]),
        ("trend", ["trend", sample, "--format", "table"]),
        ("change", ["change", sample, "--format", "table"]),
    ]

    /// What `tmux capture-pane -p` keeps: no trailing spaces, no trailing blank lines.
    static func pane(_ s: String) -> String {
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line)
            while l.last == " " { l.removeLast() }
            return l
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [80, 60]) func matchesTmuxPane(width: Int) throws {
        for (name, args) in Self.cases {
            let r = try runHeadway(args, environment: ["COLUMNS": String(width)])
            #expect(r.status == 0 || r.status == 3, "\(name): \(r.stderr)")
            let text = Self.pane(r.stdout)
            #expect(text.split(separator: "\n").allSatisfy { $0.unicodeScalars.count <= width }, "\(name) at \(width): a line is too wide")
            let golden = try String(contentsOfFile: fixture("terminal/\(name)-\(width).txt"), encoding: .utf8)
            #expect(text == golden, "\(name) at \(width) columns differs from Fixtures/terminal/\(name)-\(width).txt")
        }
    }

    /// At 30 columns the change table's essentials (client_id 9, episode_id 10, measure 7,
    /// category 12, 3 gaps of 2: 44 columns) do not fit: one block per record, every column.
    @Test func verticalWhenEssentialsDoNotFit() throws {
        let r = try runHeadway(["change", Self.sample, "--format", "table"], environment: ["COLUMNS": "30"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "-[ RECORD 1 ]" + String(repeating: "-", count: 17))
        #expect(lines.contains("client_id        C000001"))
        #expect(lines.contains("category         improved"))
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 30 })
        #expect(!r.stdout.contains("Not shown"))
    }

    /// Without a terminal or COLUMNS the width is 80; a COLUMNS that is not a positive number is ignored.
    @Test func defaultWidth() throws {
        let a = try runHeadway(["trend", Self.sample, "--format", "table"], environment: ["COLUMNS": "80"])
        let b = try runHeadway(["trend", Self.sample, "--format", "table"], environment: ["COLUMNS": "wide"])
        #expect(a.stdout == b.stdout)
    }
}

/// The progress line: drawn on standard error only when it is a terminal, never with --quiet.
/// `HEADWAY_PROGRESS_AFTER=0` draws from the start (the default waits one second); the loader
/// reports every 4,096 rows, so the input has more.
@Suite(.serialized) struct ProgressLineTests {
    static func bigInput() throws -> String {
        let path = temporaryPath("progress-input.csv")
        if !FileManager.default.fileExists(atPath: path) {
            let r = try runHeadway(["simulate", "--clients", "1500", "--seed", "7", "--output", path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return path
    }

    @Test func nothingWhenStandardErrorIsAPipe() throws {
        let input = try Self.bigInput()
        let r = try runHeadway(["check", input, "--format", "csv"], environment: ["HEADWAY_PROGRESS_AFTER": "0"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
    }

    /// Under a pseudo-terminal (`script`), standard error is a terminal: the line appears, redrawn
    /// with a carriage return and erased at the end; `--quiet` suppresses it.
    @Test func drawnOnATerminalUnlessQuiet() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let input = try Self.bigInput()
        let headway = productsDirectory.appendingPathComponent("headway").path
        let shown = try runProcess("/usr/bin/script", ["-qec", "'\(headway)' check '\(input)' --format csv >/dev/null", "/dev/null"],
                                   environment: ["HEADWAY_PROGRESS_AFTER": "0"])
        #expect(shown.stdout.contains("\rreading: 4,096 rows"))
        #expect(shown.stdout.contains("\r\u{1B}[K"))
        let quiet = try runProcess("/usr/bin/script", ["-qec", "'\(headway)' check '\(input)' --format csv --quiet >/dev/null", "/dev/null"],
                                   environment: ["HEADWAY_PROGRESS_AFTER": "0"])
        #expect(!quiet.stdout.contains("reading:"))
    }
}
