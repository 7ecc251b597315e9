import Foundation
import Testing

@Suite struct ReportCommandTests {
    let sample = repositoryPath("Datasets/sample-practice/observations.csv")
    let goals = repositoryPath("Datasets/sample-practice/goals.csv")

    @Test func sampleReportAsCSVHasNoClientIDs() throws {
        let r = try runHeadway(["report", sample, "--goals", goals, "--by", "clinician", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "section,group_by,group,measure,metric,value,count,n,ci_low,ci_high,suppressed,expected,p_value,comparison")
        #expect(!r.stdout.contains("C000"))
        #expect(r.stdout.contains("outcomes,practice,all,PHQ-9,recovered,"))
        #expect(r.stdout.contains("talking_therapies,practice,all,PHQ-9+GAD-7,recovery,"))
        #expect(r.stdout.contains("goals,practice,all,GAS,gas_t_median,"))
        // Suppressed rows carry no numbers (and there are some: clinicians' small cells).
        #expect(lines.contains { $0.contains(",true,") })
        for line in lines where line.contains(",true,") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(f[5].isEmpty && f[6].isEmpty && f[7].isEmpty && f[8].isEmpty && f[9].isEmpty)
        }
    }

    @Test func tableAndChartFitEightyColumns() throws {
        for format in ["table", "chart"] {
            let r = try runHeadway(["report", sample, "--goals", goals, "--format", format])
            #expect(r.status == 0, "\(r.stderr)")
            for line in r.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(format): \(line)") }
        }
    }

    @Test func outputDirectoryWritesEverySectionAtomically() throws {
        let dir = temporaryPath("report-out")
        let r = try runHeadway(["report", sample, "--goals", goals, "--output", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["activity.csv", "charts.txt", "goals.csv", "outcomes.csv", "talking_therapies.csv"])
    }

    @Test func benchmarkMarksRates() throws {
        let bench = temporaryPath("bench.csv")
        try "metric,measure,expected\nrecovered,PHQ-9,0.5\nunchanged,PHQ-9,66%\n".write(toFile: bench, atomically: true, encoding: .utf8)
        let r = try runHeadway(["report", sample, "--benchmark", bench, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        // 15.6% recovered against 50% expected: significantly below; 66.4% unchanged against 66%: as expected.
        // Exact two-sided binomial p-values, scipy: binomtest(47, 301, 0.5).pvalue = 1.6293615847806426e-35,
        // binomtest(200, 301, 0.66).pvalue = 0.9032424135327776; printed with 6 significant digits
        // (Python '%.6g': 1.62936e-35 and 0.903242).
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let recovered = lines.first { $0.hasPrefix("outcomes,practice,all,PHQ-9,recovered,") }
        let unchanged = lines.first { $0.hasPrefix("outcomes,practice,all,PHQ-9,unchanged,") }
        #expect(recovered?.hasSuffix(",47,301,0.119501,0.201457,false,0.500000,1.62936e-35,below") == true, "\(recovered ?? "")")
        #expect(unchanged?.hasSuffix(",200,301,0.609334,0.715425,false,0.660000,0.903242,as_expected") == true, "\(unchanged ?? "")")
    }

    /// python3: hmac.new(b'pepper-pepper-pepper', b'C000001', hashlib.sha256).hexdigest()[:16] == '83e702e88d779b85'
    @Test func pseudonymizedChangeOutput() throws {
        let r = try runHeadway(["change", sample, "--pseudonymize", "--salt", "pepper-pepper-pepper", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\n83e702e88d779b85,E1,GAD-7,"))
        #expect(!r.stdout.contains("C000001"))
        let env = try runHeadway(["trend", sample, "--pseudonymize", "--format", "csv"], environment: ["HEADWAY_SALT": "pepper-pepper-pepper"])
        #expect(env.status == 0 && env.stdout.contains("83e702e88d779b85"))
        let missing = try runHeadway(["gas", goals, "--pseudonymize"], environment: ["HEADWAY_SALT": ""])
        #expect(missing.status != 0)
        // flags: same keyed hash, so the files join; goals are still matched on the real ids.
        let flags = try runHeadway(["flags", sample, "--all-episodes", "--goals", goals, "--pseudonymize", "--salt", "pepper-pepper-pepper", "--format", "csv"])
        #expect(flags.status == 3, "\(flags.stderr)")        // the sample practice has red episodes
        #expect(flags.stdout.contains("\n83e702e88d779b85,E1,"))
        #expect(!flags.stdout.contains("C000"))
    }

    /// Issue 18 item 16: a short salt is refused with a usage error naming the minimum.
    @Test func shortSaltIsRefused() throws {
        let r = try runHeadway(["change", sample, "--pseudonymize", "--salt", "x", "--format", "csv"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("at least 16"))
        #expect(r.stdout.isEmpty)
        let env = try runHeadway(["trend", sample, "--pseudonymize", "--format", "csv"], environment: ["HEADWAY_SALT": "short"])
        #expect(env.status == 64 && env.stderr.contains("at least 16"))
    }
}

@Suite struct ReportCoursesTests {
    /// Courses of treatment (client, episode id) across measures, per site, counted independently:
    /// python3: len({(r['client_id'], r['episode_id']) for r in rows if r['site'] == s}) for s in S1..S3
    /// -> 96, 106, 114; practice 316 (the `episodes` of `headway check`).
    @Test func coursesPerSite() throws {
        let path = repositoryPath("Datasets/sample-practice/observations.csv")
        let r = try runHeadway(["report", path, "--by", "site", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        for (group, n) in [("practice,all", 316), ("site,S1", 96), ("site,S2", 106), ("site,S3", 114)] {
            #expect(r.stdout.contains("activity,\(group),,courses,\(n),"), "\(group)")
        }
    }
}

@Suite struct ReportSuppressionLeakTests {
    /// Clinician A has 3 clients and B has 7, each with two dated PHQ-9 scores. A's counts are
    /// below 5 and hidden; B's are hidden by complementary suppression (practice total 10).
    /// No shown number may give A's 3 or B's 7 back: not the n of a statistic row
    /// (episodes with a slope, intervals between scores) either.
    @Test func statisticRowsDoNotRevealHiddenCounts() throws {
        var text = "client_id,clinician_id,measure,date,score\n"
        for i in 0..<10 {
            let clinician = i < 3 ? "A" : "B"
            text += "C\(i),\(clinician),PHQ-9,2025-01-06,\(15 + i % 5)\nC\(i),\(clinician),PHQ-9,2025-01-20,\(10 + i % 4)\n"
        }
        let path = temporaryPath("leak.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runHeadway(["report", path, "--by", "clinician", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let header = r.stdout.split(separator: "\n")[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var checked = 0
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f[col["group_by"]!] == "clinician" else { continue }
            checked += 1
            for name in ["value", "count", "n"] {
                let v = f[col[name]!]
                if f[col["metric"]!].hasPrefix("median") || f[col["metric"]!].hasSuffix("_mean") || f[col["metric"]!].hasSuffix("_sd") {
                    if name == "value" { continue }   // means and medians of >= 5 people are shown
                }
                #expect(v != "3" && v != "7", "\(line)")
            }
        }
        #expect(checked > 10)
    }
}

@Suite struct ReportJacobsonLegendTests {
    /// The practice Jacobson plot's legend gives episode counts (47 PHQ-9 episodes recovered, as
    /// `headway change --summary` counts them, although fewer distinct points are drawn) and
    /// never a count the report suppresses (harmed 1, deteriorated 11 by complementary suppression).
    @Test func legendCountsEpisodesAndHonoursSuppression() throws {
        let path = repositoryPath("Datasets/sample-practice/observations.csv")
        let shared = try runHeadway(["report", path, "--format", "chart"])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(shared.stdout.contains("R recovered 47  I improved 42  U unchanged 200\n"))
        #expect(shared.stdout.contains("S suppressed: deteriorated, harmed (counts hidden)"))
        #expect(!shared.stdout.contains("H harmed"))
        let all = try runHeadway(["report", path, "--format", "chart", "--min-cell", "1"])
        #expect(all.stdout.contains("R recovered 47  I improved 42  U unchanged 200  D deteriorated 11  H harmed 1"))
        let change = try runHeadway(["change", path, "--summary", "--measure", "PHQ-9", "--format", "csv", "--min-cell", "0"])
        #expect(change.stdout.contains(",PHQ-9,recovered,47,301,") && change.stdout.contains(",PHQ-9,harmed,1,301,"))
    }
}
