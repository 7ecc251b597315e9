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
        let r = try runHeadway(["check", fixture("defects.csv"), "--lenient", "--require-scores", "--rejects", rejects, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("14 rows read, 3 accepted, 11 rejected"))
        #expect(r.stdout.contains("rows_read,,14\nrows_accepted,,3\nrows_rejected,,11\n"))
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 12)   // header + 11 rejected rows
        #expect(lines[0] == "line,column,field,reason,Patient ID,Measure,Score,Date,Session,Therapist")
    }

    @Test func readsStandardInput() throws {
        let r = try runHeadway(["check", "-", "--format", "csv"], stdin: "client_id,measure,session,score\nA,PHQ-9,1,12\nA,PHQ-9,2,8\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("file,,<stdin>\nrows_read,,2\n"))
        // Per measure, what the table shows: rows, episodes, clients, mean score.
        #expect(r.stdout.contains("rows,PHQ-9,2\nepisodes,PHQ-9,1\nclients,PHQ-9,1\nmean_score,PHQ-9,10.000000\n"))
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

@Suite struct CheckSamplePracticeTests {
    /// The sample practice summary: counts independently recomputed with
    /// python3 -c "import csv; r=list(csv.DictReader(open('Datasets/sample-practice/observations.csv'))); \
    ///   print(len(r), len({x['client_id'] for x in r}), len({(x['client_id'],x['episode_id']) for x in r}), \
    ///   min(x['date'] for x in r), max(x['date'] for x in r))"
    ///   -> 3022 300 316 2024-01-09 2026-10-29
    @Test func summaryOfTheSamplePractice() throws {
        let r = try runHeadway(["check", repositoryPath("Datasets/sample-practice/observations.csv"), "--format", "csv"])
        #expect(r.status == 0)
        let metrics = Dictionary(uniqueKeysWithValues: r.stdout.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let parts = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return (parts[0] + (parts[1].isEmpty ? "" : ":" + parts[1]), parts.count > 2 ? parts[2] : "")
        })
        #expect(metrics["rows_read"] == "3022")
        #expect(metrics["rows_rejected"] == "0")
        #expect(metrics["clients"] == "300")
        #expect(metrics["episodes"] == "316")
        #expect(metrics["series"] == "632")
        #expect(metrics["clinicians"] == "12")
        #expect(metrics["sites"] == "3")
        #expect(metrics["first_date"] == "2024-01-09")
        #expect(metrics["last_date"] == "2026-10-29")
    }
}
