import Foundation
import Testing

@Suite struct ReportHTMLCommandTests {
    let sample = repositoryPath("Datasets/sample-practice/observations.csv")
    let goals = repositoryPath("Datasets/sample-practice/goals.csv")

    @Test func htmlReportIsOneSelfContainedFile() throws {
        let path = temporaryPath("report.html")
        let r = try runHeadway(["report", sample, "--goals", goals, "--format", "html", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("<svg") && html.contains("<style>") && !html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("C000"))
        #expect(html.contains("fewer than 5"))
        #expect(!r.stderr.contains("C000"))
    }

    @Test func internalAudienceAndPeriod() throws {
        let r = try runHeadway(["report", sample, "--format", "html", "--audience", "internal", "--from", "2025-01-01", "--to", "2025-06-30"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Internal — not for publication"))
        #expect(r.stdout.contains("2025-01-01 to 2025-06-30"))
        #expect(!r.stdout.contains("fewer than"))
        #expect(!r.stdout.contains("C000"))
    }

    @Test func badDatesAndHTMLElsewhereAreClearErrors() throws {
        let bad = try runHeadway(["report", sample, "--from", "2025-02-30"])
        #expect(bad.status != 0 && bad.stderr.contains("--from: expected a date YYYY-MM-DD"))
        let order = try runHeadway(["report", sample, "--from", "2025-03-01", "--to", "2025-01-01"])
        #expect(order.status != 0 && order.stderr.contains("--from is after --to"))
        let change = try runHeadway(["change", sample, "--format", "html"])
        #expect(change.status != 0 && change.stderr.contains("--format html is available for `headway report` only"))
    }

    @Test func tableUsesPlainEnglishAndSparklineIgnoresStrayDates() throws {
        let t = try runHeadway(["report", sample, "--format", "table"])
        #expect(t.stdout.contains("Paired data rate") && !t.stdout.contains("paired_data_rate"))
        // The sample has a few scores dated 2026-02…2026-10 (fewer than 5 episodes a month): the
        // sparkline ends at 2026-01, the last month with at least 5 episodes.
        let c = try runHeadway(["report", sample, "--format", "chart"])
        #expect(c.stdout.contains("2025-02 … 2026-01"))
    }
}

@Suite struct ReportHTMLBenchmarkTests {
    // scipy: binomtest(48, 294, 0.5).pvalue = 3.267e-33 (below); binomtest(140, 300, 0.45).pvalue = 0.562 (not different).
    @Test func tilesShowTargetsAndVerdicts() throws {
        let bench = temporaryPath("bench.csv")
        try "metric,expected,section\nrecovery,0.5,talking_therapies\nreliable_improvement,0.45,talking_therapies\n"
            .write(toFile: bench, atomically: true, encoding: .utf8)
        let r = try runHeadway(["report", repositoryPath("Datasets/sample-practice/observations.csv"), "--benchmark", bench, "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("48 of 294<br/>Target 50.0%: significantly below target"))
        #expect(r.stdout.contains("140 of 300<br/>Target 45.0%: not significantly different from target"))
    }
}

@Suite struct ReportHTMLOneReadTests {
    /// Standard input can be read only once: the HTML report (clinician and site funnels) renders
    /// from `-` and shows the same report as from the file, apart from the file's name.
    @Test func htmlReportReadsItsInputOnce() throws {
        let sample = repositoryPath("Datasets/sample-practice/observations.csv")
        let csv = try String(contentsOfFile: sample, encoding: .utf8)
        let piped = try runHeadway(["report", "-", "--format", "html"], stdin: csv)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains(") by site") && piped.stdout.contains(") by clinician"))
        let file = try runHeadway(["report", sample, "--format", "html"])
        #expect(file.status == 0, "\(file.stderr)")
        #expect(piped.stdout.count > 10_000)
        // The service is named after the input: "standard input" or the file's name.
        let a = piped.stdout.replacingOccurrences(of: "standard input", with: "FILE")
        let b = file.stdout.replacingOccurrences(of: "observations.csv", with: "FILE")
        #expect(a == b)
    }
}
