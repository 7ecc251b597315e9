import Foundation
import Testing

@Suite struct TrendCommandTests {
    /// The Parker, Vannest & Davis (2011) A/B series (Datasets/single-case-example): every published
    /// single-case value appears in the CSV (nap 0.916667, nap_se 0.069007, CI 0.597319–0.985998,
    /// tau 0.833333, tau_u 0.738095, pnd 0.714286, pem 1, pand 0.846154, ird 0.690476).
    @Test func singleCaseExampleGolden() throws {
        let r = try runHeadway(["trend", repositoryPath("Datasets/single-case-example/observations.csv"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let fields = Dictionary(uniqueKeysWithValues: zip(lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init),
                                                          lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        for (k, v) in ["nap": "0.916667", "nap_se": "0.069007", "nap_ci_lower": "0.597319", "nap_ci_upper": "0.985998",
                       "tau": "0.833333", "tau_u": "0.738095", "pnd": "0.714286", "pem": "1.000000",
                       "pand": "0.846154", "ird": "0.690476", "status": "ok", "interpretation": "improving"] {
            #expect(fields[k] == v, "\(k)")
        }
        try expectGoldenOutput(r.stdout, "trend-single-case.csv")
    }

    @Test func oneRowPerEpisodeWithStatus() throws {
        let r = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "csv", "--digits", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4)                                   // header + A/GAD-7, A/PHQ-9, B/PHQ-9
        #expect(lines[0].contains(",nap,"))                         // the single-case block is always there (empty without phases)
        #expect(lines[1].hasPrefix("A,1,GAD-7,2,2025-01-06,2025-01-13,weeks,15,14,insufficient_data,,"))   // whole scores as integers
        #expect(lines[2].contains(",improving,"))
        // B (PHQ-9 9, 12, 11, 15, 18 at weeks 0, 1, 3, 4, 6): the OLS CI excludes 0 but Mann–Kendall
        // does not reach α = .05, so the rule (both must agree) gives "no_clear_trend". Python:
        //   t=np.array([0,1,3,4,6.]); y=np.array([9,12,11,15,18.]); r=stats.linregress(t,y)
        //   r.slope ± stats.t.ppf(.975,3)*r.stderr -> [0.281467, 2.437831]; S = 8, Var S = 5·4·15/18,
        //   z = (8−1)/sqrt(Var S) = 1.714643, p = 2*stats.norm.sf(z) = 0.086411.
        //   OLS p = r.pvalue = 0.027767044; p-values print with --digits significant digits
        //   ('%.4g': 0.02777 and 0.08641), other numbers with --digits decimals.
        #expect(lines[3].hasPrefix("B,1,PHQ-9,5,2025-01-08,2025-02-19,weeks,9,18,ok,1.3596,"))
        #expect(lines[3].contains(",0.2815,2.4378,0.02777,"))
        #expect(lines[3].contains(",1.7146,0.08641,"))
        #expect(lines[3].contains(",no_clear_trend,") && !lines[3].contains(",worsening,"))
        try expectGoldenOutput(r.stdout, "trend-small.csv")
    }

    @Test func tableHasSparklines() throws {
        let r = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "table"], environment: ["COLUMNS": "200"])
        #expect(r.status == 0)
        // Block characters ▁ (U+2581) to █ (U+2588), drawn against the measure's range.
        #expect(r.stdout.contains("scores") && r.stdout.unicodeScalars.contains { (0x2581...0x2588).contains($0.value) })
    }

    @Test func asciiChartGolden() throws {
        let r = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "chart", "--client", "A", "--measure", "phq9",
                                "--charset", "ascii"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(r.stdout.split(separator: "\n", omittingEmptySubsequences: false).count - 1 == 24)
        try expectGoldenOutput(r.stdout, "trend-chart-A-phq9.txt")
    }

    @Test func chartNeedsClient() throws {
        let r = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "chart"])
        #expect(r.status == 64)
        let none = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "chart", "--client", "Z"])
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("note: --client Z matches nothing"))
    }

    @Test func sessionTimeAndRobustColumns() throws {
        let r = try runHeadway(["trend", fixture("trend-small.csv"), "--format", "csv", "--time", "session", "--robust"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines[2].contains(",session,"))
        let header = lines[0].split(separator: ",").map(String.init)
        let robust = try #require(header.firstIndex(of: "robust_slope"))
        #expect(!lines[2].split(separator: ",", omittingEmptySubsequences: false)[robust].isEmpty)
    }
}

@Suite struct TrendLevelTests {
    /// --level 0.90 on y = 28, 25, 24, 27, 30, 30, 29 (t = 1..7): scipy
    /// r = linregress(t, y); q = t.ppf(0.95, 5); r.slope ∓ q*r.stderr = [-0.098528, 1.455671].
    @Test func confidenceLevelOption() throws {
        let path = temporaryPath("level.csv")
        try "client_id,measure,session,score\nA,WEMWBS,1,28\nA,WEMWBS,2,25\nA,WEMWBS,3,24\nA,WEMWBS,4,27\nA,WEMWBS,5,30\nA,WEMWBS,6,30\nA,WEMWBS,7,29\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runHeadway(["trend", path, "--level", "0.9", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(",0.678571,0.385648,-0.098528,1.455671,0.138802,"))
        let bad = try runHeadway(["trend", path, "--level", "1.5"])
        #expect(bad.status == 64)
    }
}

/// Issue 11: `--improvement` leaves the trend interpretation alone; `--mk-method` and the modified
/// Mann–Kendall columns.
@Suite struct TrendMannKendallMethodTests {
    private func table(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    private func sessionsCSV(_ client: String, _ measure: String, _ scores: [Int]) -> String {
        scores.enumerated().map { "\(client),\(measure),\($0 + 1),\($1)\n" }.joined()
    }

    /// ORS (higher is better) falling 30 → 17 over 7 sessions: worsening, with or without
    /// `--improvement decrease` (it printed "improving" beside direction=higher_is_better).
    /// scipy: OLS slope −2.214286, 95% CI [−2.356512, −2.072060]; pymannkendall `original_test` p 0.002667.
    @Test func improvementDoesNotFlipTheTrend() throws {
        let csv = "client_id,measure,session,score\n" + sessionsCSV("A", "ORS", [30, 28, 26, 24, 21, 19, 17])
        for extra in [[], ["--improvement", "decrease"], ["--improvement", "increase"]] {
            let r = try runHeadway(["trend", "-", "--format", "csv"] + extra, stdin: csv)
            #expect(r.status == 0, "\(r.stderr)")
            let row = try #require(table(r.stdout).first)
            #expect(row["direction"] == "higher_is_better")
            #expect(row["interpretation"] == "worsening", "\(extra)")
        }
    }

    /// PHQ-9 15, 17, 17, 16, 14, 15, 16, 16, 17, 18, 20, 23 (sessions 1…12) and a 2-score episode.
    /// pymannkendall 1.4.3 (`hamed_rao_modification_test`, `trend_free_pre_whitening_modification_test`)
    /// and numpy (Yue–Wang AR(1): Sen slope 0.5, r₁ = 0.541367, n/n* = 2.932103):
    ///   original S 33, p 0.025181; Hamed–Rao Var S 379.244111, z 1.643200, p 0.100341;
    ///   Yue–Wang z 1.307347, p 0.191095; TFPW S 39, Var S 165, z 2.958296, p 0.003093.
    /// OLS 95% CI [0.121902, 0.815161] excludes 0, so the interpretation follows the chosen test.
    @Test func mkMethodDrivesInterpretationAndColumnsAreFixed() throws {
        let csv = "client_id,measure,session,score\n" + sessionsCSV("A", "PHQ-9", [15, 17, 17, 16, 14, 15, 16, 16, 17, 18, 20, 23])
            + sessionsCSV("B", "PHQ-9", [12, 10])
        var headers: Set<String> = []
        for (method, expected) in [("original", "worsening"), ("hamed-rao", "no_clear_trend"), ("yue-wang", "no_clear_trend"),
                                   ("tfpw", "worsening")] {
            let r = try runHeadway(["trend", "-", "--format", "csv", "--mk-method", method], stdin: csv)
            #expect(r.status == 0, "\(r.stderr)")
            headers.insert(String(r.stdout.prefix { $0 != "\n" }))
            let rows = table(r.stdout)
            let a = try #require(rows.first { $0["client_id"] == "A" })
            #expect(a["interpretation"] == expected, "\(method)")
            #expect(a["mk_method"] == method)
            let num = { (k: String) in Double(a[k] ?? "") ?? .nan }
            #expect(abs(num("mk_p") - 0.025181) < 1e-6)
            #expect(abs(num("mk_hr_var_s") - 379.244111) < 1e-6 && abs(num("mk_hr_z") - 1.643200) < 1e-6)
            #expect(abs(num("mk_hr_p") - 0.100341) < 1e-6)
            #expect(abs(num("mk_yw_z") - 1.307347) < 1e-6 && abs(num("mk_yw_p") - 0.191095) < 1e-6)
            #expect(a["mk_tfpw_s"] == "39" && abs(num("mk_tfpw_var_s") - 165) < 1e-6)
            #expect(abs(num("mk_tfpw_z") - 2.958296) < 1e-6 && abs(num("mk_tfpw_p") - 0.003093) < 1e-6)
            #expect(abs(num("lag1_autocorrelation") - 0.541367) < 1e-6)
            // Two scores: every modified column is empty, none is NaN.
            let b = try #require(rows.first { $0["client_id"] == "B" })
            #expect(b["status"] == "insufficient_data")
            for k in ["lag1_autocorrelation", "mk_hr_z", "mk_hr_p", "mk_yw_z", "mk_yw_p", "mk_tfpw_s", "mk_tfpw_p"] { #expect(b[k] == "") }
            #expect(!r.stdout.lowercased().contains("nan") && !r.stdout.contains("inf"))
        }
        #expect(headers.count == 1)     // the columns never depend on the method or the data
        let only2 = try runHeadway(["trend", "-", "--format", "csv"], stdin: "client_id,measure,session,score\n" + sessionsCSV("B", "PHQ-9", [12, 10]))
        #expect(headers.first == String(only2.stdout.prefix { $0 != "\n" }))
        let bad = try runHeadway(["trend", "-", "--mk-method", "sen"], stdin: csv)
        #expect(bad.status == 64 && bad.stderr.contains("mk-method"))
    }
}
