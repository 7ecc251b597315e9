import Foundation
import Testing

@Suite struct ReviewCommandTests {
    let sample = repositoryPath("Datasets/sample-practice")

    func sampleArgs(_ extra: [String]) -> [String] {
        ["review", sample + "/observations.csv", "--goals", sample + "/goals.csv", "--plans", sample + "/plans.csv"] + extra
    }

    /// The page of the example client, UTF-8 and ASCII, against golden files (inspected
    /// by eye in an 80×24 tmux pane; see docs/review.md).
    @Test func samplePracticeClientPage() throws {
        let r = try runHeadway(sampleArgs(["--client", "C000017"]))
        #expect(r.status == 0, "\(r.stderr)")
        try expectGoldenOutput(r.stdout, "review-C000017.txt")
        let a = try runHeadway(sampleArgs(["--client", "C000017", "--charset", "ascii"]))
        #expect(a.status == 0)
        #expect(a.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(a.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try expectGoldenOutput(a.stdout, "review-C000017-ascii.txt")
        // The other episode.
        let e1 = try runHeadway(sampleArgs(["--client", "C000017", "--episode", "E1"]))
        #expect(e1.status == 0 && e1.stdout.contains("episode E1"))
    }

    @Test func fixtureClientWithTargetsAndOverduePlan() throws {
        let d = fixture("review")
        let r = try runHeadway(["review", d + "/observations.csv", "--goals", d + "/goals.csv", "--plans", d + "/plans.csv", "--client", "C1"])
        #expect(r.status == 0, "\(r.stderr)")
        try expectGoldenOutput(r.stdout, "review-fixture-C1.txt")
        #expect(r.stdout.contains("OVERDUE 7 d"))
    }

    @Test func errorsAreClearAndNameNoClient() throws {
        let d = fixture("review")
        let none = try runHeadway(["review", d + "/observations.csv", "--client", "C9"])
        #expect(none.status == 1 && !none.stderr.contains("C9"))
        let noEpisode = try runHeadway(["review", d + "/observations.csv", "--client", "C1", "--episode", "E7"])
        #expect(noEpisode.status == 1 && noEpisode.stderr.contains("episodes: E1"))
        let usage = try runHeadway(["review", d + "/observations.csv"])
        #expect(usage.status == 64)
        let badPlans = temporaryPath("bad-plans.csv")
        try "client_id,plan_date\nC1,2025-02-30\n".write(toFile: badPlans, atomically: true, encoding: .utf8)
        let bad = try runHeadway(["review", d + "/observations.csv", "--plans", badPlans, "--client", "C1"])
        #expect(bad.status == 1 && bad.stderr.contains("bad-plans.csv:2:2"))
    }

    @Test func htmlPageAndCaseload() throws {
        let out = temporaryPath("review-caseload")
        let r = try runHeadway(sampleArgs(["--clinician", "T03", "--output", out, "--format", "html"]))
        #expect(r.status == 0, "\(r.stderr)")
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("C000017-E2.html"))
        // Red rows come first.
        let firstRed = index.range(of: "<tr><td><span class=\"badge red\">")
        let firstGreen = index.range(of: "<tr><td><span class=\"badge green\">")
        if let a = firstRed, let b = firstGreen { #expect(a.lowerBound < b.lowerBound) }
        let page = try String(contentsOfFile: out + "/C000017-E2.html", encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        // Pseudonymized: no client id anywhere in the index or in file names.
        let p = temporaryPath("review-caseload-p")
        let ps = try runHeadway(sampleArgs(["--clinician", "T03", "--output", p, "--pseudonymize", "--salt", "0123456789abcdef0123"]))
        #expect(ps.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: p)
        #expect(!files.contains { $0.contains("C0") })
        let pindex = try String(contentsOfFile: p + "/index.txt", encoding: .utf8)
        #expect(!pindex.contains("C0"))
        for f in files {
            let text = try String(contentsOfFile: p + "/" + f, encoding: .utf8)
            #expect(!text.contains("C000"))
        }
    }

    /// The page and index parse without a single error in html5lib's strict mode (as
    /// scripts/check_report_render.py checks the report); skipped when html5lib is missing.
    @Test func htmlIsValidHTML5() throws {
        let probe = try runProcess("/usr/bin/env", ["python3", "-c", "import html5lib"])
        guard probe.status == 0 else { return }
        let out = temporaryPath("review-html5")
        let r = try runHeadway(sampleArgs(["--clinician", "T03", "--output", out, "--format", "html"]))
        #expect(r.status == 0)
        let check = "import html5lib,sys\nfor f in sys.argv[1:]:\n    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(open(f,'rb').read())\n"
        let v = try runProcess("/usr/bin/env", ["python3", "-c", check, out + "/index.html", out + "/C000017-E2.html"])
        #expect(v.status == 0, "\(v.stderr)")
    }

    @Test func plansComparisonAndFlagsPlanReminders() throws {
        let p = try runHeadway(["plans", sample + "/observations.csv", "--plans", sample + "/plans.csv", "--by", "modality"])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("DID ADJUSTING HELP?") && p.stdout.contains("confounding by indication"))
        #expect(p.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(!p.stdout.contains("C000"))
        let d = fixture("review")
        let f = try runHeadway(["flags", d + "/observations.csv", "--goals", d + "/goals.csv", "--plans", d + "/plans.csv", "--format", "csv"])
        #expect(f.status == 3)   // red from GAD-7, not from the plan dates
        #expect(f.stdout.contains("plan review due: next review was 2025-01-22 (5 days ago)"))
        #expect(f.stdout.contains("goal G1 past its target date 2025-01-20"))
    }
}
