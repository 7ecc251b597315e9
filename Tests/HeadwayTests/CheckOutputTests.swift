// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Headway
import HeadwayCSV

/// `headway check`'s output from the library (``CheckOutput``), on a file small enough to count by hand.
struct CheckOutputTests {
    /// Six rows, by hand (no Headway code involved):
    /// - PHQ-9: client A, episodes 1 (20, 14) and 2 (9): rows 3, episodes 2, clients 1,
    ///   mean (20 + 14 + 9) / 3 = 43 / 3 = 14.3333…
    /// - GAD-7: client B, episode 1 (12); client C, episode 1 (7, 8): rows 3, episodes 2,
    ///   clients 2, mean (12 + 7 + 8) / 3 = 27 / 3 = 9.
    /// - File: clients A, B, C = 3; courses (client, episode id) A/1, A/2, B/1, C/1 = 4; series
    ///   (client, episode, measure) = 4; 2 measures; no clinician, site or date; highest session 2.
    private static let csv = """
        client_id,episode_id,measure,score,session
        A,1,PHQ-9,20,1
        A,1,PHQ-9,14,2
        A,2,PHQ-9,9,1
        B,1,GAD-7,12,1
        C,1,GAD-7,7,1
        C,1,GAD-7,8,2

        """

    private static func summary() throws -> FileSummary {
        let path = "/tmp/headway-check-output-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).csv"
        let f = try #require(fopen(path, "w"))
        fputs(csv, f)
        fclose(f)
        defer { unlink(path) }
        return try FileSummary.read(path: path, catalog: .builtin)
    }

    private static func value(_ rows: [CheckOutput.Row], _ metric: String, _ measure: String = "") -> String? {
        rows.first { $0.metric == metric && $0.measure == measure }?.value
    }

    @Test func rowsMatchTheHandCount() throws {
        let rows = CheckOutput.rows(try Self.summary(), digits: 6)
        let v = { (metric: String, measure: String) in Self.value(rows, metric, measure) }
        #expect(v("rows", "PHQ-9") == "3" && v("episodes", "PHQ-9") == "2" && v("clients", "PHQ-9") == "1")
        #expect(v("rows", "GAD-7") == "3" && v("episodes", "GAD-7") == "2" && v("clients", "GAD-7") == "2")
        #expect(abs(Double(try #require(v("mean_score", "PHQ-9")))! - 43.0 / 3) < 1e-6)
        #expect(abs(Double(try #require(v("mean_score", "GAD-7")))! - 9) < 1e-6)
        #expect(v("rows_read", "") == "6" && v("rows_accepted", "") == "6" && v("rows_rejected", "") == "0")
        #expect(v("clients", "") == "3" && v("episodes", "") == "4" && v("series", "") == "4" && v("measures", "") == "2")
        #expect(v("clinicians", "") == "0" && v("sites", "") == "0")
        #expect(v("first_date", "") == "" && v("max_session", "") == "2" && v("layout", "") == "long")
        // Measures by name; four lines each; the file-wide metrics first.
        #expect(rows.filter { !$0.measure.isEmpty }.map(\.measure) == ["GAD-7", "GAD-7", "GAD-7", "GAD-7", "PHQ-9", "PHQ-9", "PHQ-9", "PHQ-9"])
        #expect(rows.first?.metric == "file")
    }

    @Test func csvHasTheRowsUnderOneHeader() throws {
        let s = try Self.summary()
        let (w, text) = CSVWriter.inMemory()
        try CheckOutput.writeCSV(s, digits: 2, to: w)
        let lines = text().split(separator: "\n").map(String.init)
        #expect(lines.first == "metric,measure,value")
        #expect(lines.count == 1 + CheckOutput.rows(s, digits: 2).count)
        #expect(lines.contains("mean_score,PHQ-9,14.33"))
        #expect(lines.contains("clients,GAD-7,2"))
    }

    @Test func tableFitsTheWidthAndShowsTheMeans() throws {
        let s = try Self.summary()
        for width in [80, 60] {
            let text = CheckOutput.table(s, width: width)
            #expect(text.contains("14.33") && text.contains("9.00"))
            for line in text.split(separator: "\n") { #expect(line.count <= width) }
        }
    }

    /// Caseload page names: unsafe characters become `_`, a taken name gets `-2`.
    @Test func caseloadFileNames() {
        var taken = Set<String>()
        #expect(ReviewCaseload.fileName(label: "A b/é", episode: "1", extension: "txt", taken: &taken) == "A_b__-1.txt")
        #expect(ReviewCaseload.fileName(label: "A b/é", episode: "1", extension: "txt", taken: &taken) == "A_b__-1-2.txt")
        #expect(ReviewCaseload.fileName(label: "C-01", episode: "e_2", extension: "html", taken: &taken) == "C-01-e_2.html")
        #expect(taken.count == 3)
    }
}
