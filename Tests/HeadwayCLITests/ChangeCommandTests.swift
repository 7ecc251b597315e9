import Foundation
import Testing

/// `headway change` on the embedded claus_2020 HAMD fixture (Claus, Wager & Bonnet,
/// clinicalsignificance R package dataset claus_2020, trial data OSF osf.io/rc754; see
/// Fixtures/claus-2020-hamd.README.md) and on Datasets/jacobson-truax-1991.
@Suite struct ChangeCommandTests {
    static let base = ["change", fixture("claus-2020-hamd.csv"), "--pre", "session:1", "--post", "session:4", "--reliability", "0.8", "--format", "csv"]

    /// Rows as dictionaries keyed by the header.
    func table(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    func count(_ rows: [[String: String]], _ column: String, _ value: String) -> Int {
        rows.filter { $0[column] == value }.count
    }

    /// clinicalsignificance published counts (improved/unchanged/deteriorated), r .80, sample SD.
    @Test(arguments: [
        ("jt", 29, 10, 1), ("gln", 29, 10, 1), ("hll", 12, 16, 12), ("en", 32, 5, 3), ("nk", 28, 11, 1), ("ha", 32, 7, 1),
    ])
    func methodCounts(method: String, improved: Int, unchanged: Int, deteriorated: Int) throws {
        var args = Self.base + ["--method", method]
        if method == "nk" { args += ["--post-reliability", "0.5"] }
        let r = try runHeadway(args)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = table(r.stdout)
        #expect(rows.count == 40)
        #expect(count(rows, "reliable_change", "improved") == improved)
        #expect(count(rows, "reliable_change", "unchanged") == unchanged)
        #expect(count(rows, "reliable_change", "deteriorated") == deteriorated)
    }

    /// Cut-off c with Mf 8, Sf 8: 19.887; JT 26/3/10/1/0; HA 23/9/7/1/0, changed 90.31 %, functional 75.55 %.
    @Test func clinicalSignificance() throws {
        let cut = ["--cutoff", "c", "--functional-mean", "8", "--functional-sd", "8"]
        let jt = table(try runHeadway(Self.base + ["--method", "jt"] + cut).stdout)
        #expect(jt.allSatisfy { abs(Double($0["cutoff"]!)! - 19.887) < 5e-4 })
        #expect(["recovered", "improved", "unchanged", "deteriorated", "harmed"].map { count(jt, "category", $0) } == [26, 3, 10, 1, 0])
        let s = table(try runHeadway(Self.base + ["--method", "ha", "--summary", "--min-cell", "0", "--digits", "4"] + cut).stdout)
        #expect(s.map { $0["count"]! }.prefix(5) == ["23", "9", "7", "1", "0"])
        #expect(s.first { $0["category"] == "ha_group_changed" }?["proportion"] == "0.9031")
        #expect(s.first { $0["category"] == "ha_group_functional" }?["proportion"] == "0.7555")
        #expect(s[0]["total"] == "40")
    }

    /// Percentage criterion on claus_2020 HAMD, ≥ 50 % reduction: improved/unchanged/deteriorated
    /// 16/24/0 (clinicalsignificance cs_percentage snapshot and numpy, see ChangePercentageTests);
    /// client 21 (28 → 14) is exactly −50 % and counts. With cut-off c (Mf 8, Sf 8): recovered 16 of 40,
    /// Wilson 95 % (scipy binomtest(16, 40).proportion_ci(method='wilson')) 26.348326 %–55.404106 %.
    @Test func percentageCriterion() throws {
        let r = try runHeadway(Self.base + ["--method", "percentage", "--pct-improvement", "50"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = table(r.stdout)
        #expect(["improved", "unchanged", "deteriorated"].map { count(rows, "reliable_change", $0) } == [16, 24, 0])
        let c21 = try #require(rows.first { $0["client_id"] == "21" })
        #expect(c21["change_percent"] == "-50" && c21["threshold_percent_improvement"] == "50" && c21["method"] == "percentage" && c21["reliable_change"] == "improved")
        #expect(c21["threshold_percent_deterioration"] == "50")   // defaults to the improvement threshold
        // Percent is not a z nor points: those columns stay empty under the percentage criterion.
        #expect(rows.allSatisfy { $0["rci_z"] == "" && $0["rci_critical_z"] == "" && $0["threshold_points"] == "" })
        let c1 = try #require(rows.first { $0["client_id"] == "1" })
        #expect(c1["change_percent"] == "-48" && c1["reliable_change"] == "unchanged")
        let det = table(try runHeadway(Self.base + ["--method", "percentage", "--pct-improvement", "30", "--pct-deterioration", "20"]).stdout)
        #expect(["improved", "unchanged", "deteriorated"].map { count(det, "reliable_change", $0) } == [25, 14, 1])
        #expect(det.allSatisfy { $0["threshold_percent_improvement"] == "30" && $0["threshold_percent_deterioration"] == "20" })
        let s = table(try runHeadway(Self.base + ["--method", "percentage", "--cutoff", "c", "--functional-mean", "8", "--functional-sd", "8", "--summary", "--min-cell", "0"]).stdout)
        let rec = try #require(s.first { $0["category"] == "recovered" })
        #expect(rec["count"] == "16" && rec["total"] == "40" && rec["proportion"] == "0.400000")
        #expect(abs(Double(rec["ci_low"]!)! - 0.26348325684291923) < 1e-6 && abs(Double(rec["ci_high"]!)! - 0.554041063396538) < 1e-6)
    }

    /// A pre score of 0: the percentage is undefined, the row says so and has no category.
    @Test func percentageWithZeroPre() throws {
        let csv = "client_id,measure,session,score\na,PHQ-9,1,0\na,PHQ-9,2,5\nb,PHQ-9,1,20\nb,PHQ-9,2,10\n"
        let r = try runHeadway(["change", "-", "--method", "percentage", "--format", "csv"], stdin: csv)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = table(r.stdout)
        #expect(rows.map { $0["status"]! } == ["undefined_percentage", "ok"])
        #expect(rows[0]["change_percent"] == "" && rows[0]["category"] == "" && rows[1]["category"] == "improved")
        #expect(rows[1]["change_percent"] == "-50")
        #expect(!r.stdout.lowercased().contains("nan") && !r.stdout.contains("inf"))
    }

    /// `--sd norm` on HAMD, which has no clinical SD in the catalog: `missing_sd`, not `zero_sd`.
    @Test func normSDMissing() throws {
        let rows = table(try runHeadway(Self.base + ["--method", "jt", "--sd", "norm"]).stdout)
        #expect(rows.count == 40 && rows.allSatisfy { $0["status"] == "missing_sd" && $0["rci_z"] == "" && $0["threshold_points"] == "" && $0["rci_critical_z"] == "" })
        let ok = table(try runHeadway(Self.base + ["--method", "jt", "--sd", "norm", "--clinical-sd", "3.340121"]).stdout)
        #expect(ok.allSatisfy { $0["status"] == "ok" })
    }

    @Test func summaryByGroup() throws {
        let s = table(try runHeadway(Self.base + ["--method", "jt", "--summary", "--by", "group", "--min-cell", "0"]).stdout)
        #expect(Set(s.map { $0["group"]! }) == ["PA", "TAU"])
        #expect(s.filter { $0["category"] == "improved" || $0["category"] == "recovered" }.map { Int($0["count"]!)! }.reduce(0, +) == 29)
        // By default (minimum cell 5) no count below 5 is shown, none is text, and no group has
        // exactly one hidden category (it would follow from the total).
        let d = table(try runHeadway(Self.base + ["--method", "jt", "--summary", "--by", "group"]).stdout)
        #expect(d.allSatisfy { $0["count"] == "" || Int($0["count"]!)! >= 5 })
        #expect(d.allSatisfy { ($0["suppressed"] == "true") == ($0["count"] == "") })
        for g in ["PA", "TAU"] { #expect(d.filter { $0["group"] == g && $0["suppressed"] == "true" }.count != 1) }
    }

    /// Jacobson & Truax (1991), p. 14: pre 47.5, post 32.5, SD 7.5, r .80 gives S_diff 4.743 and
    /// RC −3.162 (= −√10). The index is in `rci_z`, the critical value in `rci_critical_z`
    /// (scipy: norm.ppf(.975) = 1.959963984540054) and the reliable change in points in
    /// `threshold_points` = 1.959964 · 4.743416 = 9.296925 (numpy).
    @Test func jacobsonTruaxExampleUnits() throws {
        let dir = temporaryPath("change-jt-units")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "name,min,max,direction\nJT-EXAMPLE,0,100,lower\n".write(toFile: dir + "/catalog.csv", atomically: true, encoding: .utf8)
        let csv = "client_id,measure,session,score\nJT,JT-EXAMPLE,1,47.5\nJT,JT-EXAMPLE,2,32.5\n"
        let r = try runHeadway(["change", "-", "--measures", dir + "/catalog.csv", "--method", "jt", "--sd", "norm",
                                "--clinical-sd", "7.5", "--reliability", "0.8", "--digits", "9", "--format", "csv"], stdin: csv)
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(table(r.stdout).first)
        #expect(abs(Double(row["rci_z"]!)! - -3.162277660168379) < 1e-8)
        #expect(abs(Double(row["rci_critical_z"]!)! - 1.959963984540054) < 1e-8)
        #expect(abs(Double(row["threshold_points"]!)! - 9.296925484568424) < 1e-8)
        #expect(row["change"] == "-15" && row["change_percent"] == "" && row["threshold_percent_improvement"] == "")
        #expect(row["reliable_change"] == "improved")
    }

    /// A column's unit never changes with an option: the header is the same for every method.
    @Test func headerDoesNotDependOnMethod() throws {
        var headers = Set<Substring>()
        for method in ["auto", "jt", "gln", "hll", "en", "nk", "ha", "published", "percentage"] {
            let r = try runHeadway(Self.base + ["--method", method])
            #expect(r.status == 0, "\(method): \(r.stderr)")
            headers.insert(r.stdout.split(separator: "\n").first ?? "")
        }
        #expect(headers.count == 1)
        #expect(!(headers.first ?? "").split(separator: ",").contains("rci") && !(headers.first ?? "").split(separator: ",").contains("threshold"))
    }

    /// docs/output.md: a suppressed cell is empty in CSV (with suppressed = true) and reads
    /// "suppressed" in a terminal table, for the summary and the paired summary alike.
    @Test func summaryTableSaysSuppressed() throws {
        let args = Array(Self.base.dropLast(2)) + ["--method", "jt", "--summary", "--by", "group", "--format", "table"]
        let t = try runHeadway(args, environment: ["COLUMNS": "200"])
        #expect(t.status == 0, "\(t.stderr)")
        let lines = t.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        let hidden = lines.filter { $0.last == "true" }, shown = lines.filter { $0.last == "false" }
        #expect(!hidden.isEmpty && !shown.isEmpty)
        // count, proportion, ci_low and ci_high of a hidden row (and its total when that is hidden too).
        #expect(hidden.allSatisfy { $0.filter { $0 == "suppressed" }.count >= 4 })
        #expect(shown.allSatisfy { !$0.contains("suppressed") || $0.filter { $0 == "suppressed" }.count == 1 })
        // The same run as CSV: empty cells, never the word.
        let csv = table(try runHeadway(Array(Self.base) + ["--method", "jt", "--summary", "--by", "group"]).stdout)
        #expect(csv.allSatisfy { !$0.values.contains("suppressed") })
        #expect(csv.filter { $0["suppressed"] == "true" }.count == hidden.count)
        // Paired summary: PHQ-9 with GAD-7 on three clients, every count below 5.
        let pairs = "client_id,measure,session,score\n" + (1...3).map { "\($0),PHQ-9,1,15\n\($0),PHQ-9,2,5\n\($0),GAD-7,1,12\n\($0),GAD-7,2,6\n" }.joined()
        let p = try runHeadway(["change", "-", "--paired", "--summary", "--format", "table"], stdin: pairs, environment: ["COLUMNS": "200"])
        #expect(p.status == 0, "\(p.stderr)")
        let prow = p.stdout.split(separator: "\n").map { $0.split(separator: " ") }.filter { $0.last == "true" }
        #expect(!prow.isEmpty && prow.allSatisfy { $0.filter { $0 == "suppressed" }.count >= 4 })
    }

    @Test func badOptionsAreUsageErrors() throws {
        for args in [["--reliability", "1.2"], ["--reliability", "0"], ["--pre", "middle"], ["--functional-sd", "0"], ["--alpha", "2"],
                     ["--pct-improvement", "50"], ["--method", "percentage", "--pct-improvement", "0"],
                     ["--method", "percentage", "--pct-deterioration", "-5"], ["--method", "jt", "--pct-deterioration", "20"]] {
            let r = try runHeadway(["change", fixture("claus-2020-hamd.csv")] + args)
            #expect(r.status == 64, "\(args)")
            #expect(!r.stderr.isEmpty)
        }
    }

    /// One score, no reliability: per-row statuses, no NaN.
    @Test func degenerateRows() throws {
        let csv = "client_id,measure,session,score\na,HAMD,1,20\nb,HAMD,1,20\nb,HAMD,2,10\nc,HAMD,1,22\nc,HAMD,2,12\n"
        let r = try runHeadway(["change", "-", "--format", "csv"], stdin: csv)
        #expect(r.status == 0)
        let rows = table(r.stdout)
        #expect(rows.map { $0["status"]! } == ["insufficient_data", "no_reliability", "no_reliability"])
        #expect(!r.stdout.lowercased().contains("nan") && !r.stdout.contains("inf"))
    }

    /// PHQ-9 with GAD-7: published thresholds by default and paired NHS Talking Therapies outcomes.
    @Test func pairedOutcomes() throws {
        let csv = "client_id,measure,session,score\n1,PHQ-9,1,15\n1,PHQ-9,2,5\n1,GAD-7,1,12\n1,GAD-7,2,6\n2,PHQ-9,1,15\n2,PHQ-9,2,8\n2,GAD-7,1,5\n2,GAD-7,2,10\n"
        let rows = table(try runHeadway(["change", "-", "--format", "csv"], stdin: csv).stdout)
        #expect(rows.allSatisfy { $0["method"] == "published" && $0["status"] == "ok" })
        // Published thresholds are points (PHQ-9 6, GAD-7 4), never a z.
        #expect(rows.map { $0["threshold_points"]! } == ["4", "6", "4", "6"])
        #expect(rows.allSatisfy { $0["rci_z"] == "" && $0["rci_critical_z"] == "" && $0["change_percent"] == "" })
        let p = table(try runHeadway(["change", "-", "--paired", "--format", "csv"], stdin: csv).stdout)
        #expect(p.count == 2)
        #expect(p[0]["reliable_recovery"] == "true" && p[1]["reliable_deterioration"] == "true" && p[1]["recovered"] == "false")
    }

    /// The Jacobson plot of Datasets/jacobson-truax-1991 (DAS) fits 80 × 24 and is golden.
    @Test func jacobsonChart() throws {
        let dir = repositoryPath("Datasets/jacobson-truax-1991")
        let args = ["change", dir + "/observations.csv", "--measures", dir + "/measures.csv", "--measure", "DAS", "--sd", "norm", "--cutoff", "c", "--format", "chart"]
        let r = try runHeadway(args)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count <= 24 && lines.allSatisfy { $0.count <= 80 })
        try expectGoldenOutput(r.stdout, "change-jacobson-das.txt")
        let small = try runHeadway(args + ["--width", "50", "--height", "16", "--charset", "ascii"])
        #expect(small.stdout.split(separator: "\n").allSatisfy { $0.count <= 50 && $0.allSatisfy(\.isASCII) })
        #expect(small.stdout.split(separator: "\n").count <= 16)
    }
}
