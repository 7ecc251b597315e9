import Foundation
import Testing

private func close(_ a: String?, _ b: Double, _ tol: Double = 1e-9) -> Bool {
    guard let a, let v = Double(a) else { return false }
    return abs(v - b) <= tol * max(1, abs(b))
}

/// Parses CSV output without quoting (Headway's single-case outputs have none) into header-keyed rows.
private func rows(_ csv: String) -> [[String: String]] {
    let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// `headway trend --single-case-long` and `--single-case-summary` on Datasets/single-case-example/multi-phase.csv
/// (three synthetic PHQ-9 series: ABAB1 with two A→B pairs, MB2 with an all-zero B phase, MB3 AB).
/// PHQ-9 is lower-is-better, so improvement = decrease.
///
/// Expected values: Python 3 / numpy / pandas, written from the SingleCaseES definitions and independent of
/// Headway (script /tmp/i11sc_multi.py of issue 11, reproduced in Notebooks/03, last section):
/// runs = `(phase != phase.shift()).cumsum()`, pair k = k-th run of each phase (`rank(method="dense")`);
/// `smd = J(m−1)(Ā − B̄)/s_A`, `SE = J(m−1)·sqrt(1/m + s_B²/(n s_A²) + g²/(2(m−1)))`;
/// LRRd with D = 1: `ỹ = max(ȳ, 1/(2m))`, `s̃² = max(s², 1/m³)`, `R = ln ỹ_B + s̃_B²/(2nỹ_B²) − ln ỹ_A − s̃_A²/(2mỹ_A²)`.
/// Output:
///   (ABAB1, 1) SMD 3.8870669220118077 (SE 1.243660792111606), LRRd −0.5881872660691004 (0.0724549396593022)
///   (ABAB1, 2) SMD 4.285714285714286 (1.3207093622337498), LRRd −0.8543004061753993 (0.12548502409039414)
///   (MB2, 1)   SMD 5.344341256981479 (1.627910380462166), LRRd −3.7485158257227056 (0.504608392349582)
///   (MB3, 1)   SMD 3.9058317126473048 (1.2354025607790717), LRRd −0.592862602615346 (0.09707954933634061)
///   ABAB1 equal-weight average: SMD 4.086390603863046 (SE sqrt(ΣSE²)/2 = 0.9070509061413733),
///                               LRRd −0.7212438361222498 (0.0724503442917974)
///   study, inverse variance over the 3 series: SMD 4.2449208155620095 (SE 0.6669619832491437,
///   CI 2.937699349336281–5.552142281787738); LRRd −0.7154768478187796 (SE 0.057682659208876934,
///   CI −0.8285327824006761 – −0.6024209132368832).
@Suite struct SingleCaseCommandTests {
    let file = repositoryPath("Datasets/single-case-example/multi-phase.csv")

    @Test func longOutputPerPairAndAverage() throws {
        let r = try runHeadway(["trend", file, "--single-case-long", "--digits", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("client_id,episode_id,measure,phase_pair,es,est,se,ci_lower,ci_upper,baseline_n,treatment_n\n"))
        let all = rows(r.stdout)
        func find(_ c: String, _ pair: String, _ es: String) -> [String: String]? {
            all.first { $0["client_id"] == c && $0["phase_pair"] == pair && $0["es"] == es }
        }
        let expected: [(String, String, String, Double, Double)] = [
            ("ABAB1", "1", "SMD_baseline", 3.8870669220118077, 1.243660792111606),
            ("ABAB1", "1", "LRRd", -0.5881872660691004, 0.0724549396593022),
            ("ABAB1", "2", "SMD_baseline", 4.285714285714286, 1.3207093622337498),
            ("ABAB1", "2", "LRRd", -0.8543004061753993, 0.12548502409039414),
            ("ABAB1", "average", "SMD_baseline", 4.086390603863046, 0.9070509061413733),
            ("ABAB1", "average", "LRRd", -0.7212438361222498, 0.0724503442917974),
            ("MB2", "1", "SMD_baseline", 5.344341256981479, 1.627910380462166),
            ("MB2", "1", "LRRd", -3.7485158257227056, 0.504608392349582),
            ("MB3", "1", "SMD_baseline", 3.9058317126473048, 1.2354025607790717),
            ("MB3", "1", "LRRd", -0.592862602615346, 0.09707954933634061),
        ]
        for (c, p, es, est, se) in expected {
            let row = find(c, p, es)
            #expect(close(row?["est"], est) && close(row?["se"], se), "\(c) \(p) \(es)")
        }
        #expect(find("ABAB1", "1", "NAP")?["baseline_n"] == "4" && find("ABAB1", "1", "NAP")?["treatment_n"] == "5")
        #expect(find("ABAB1", "average", "NAP")?["baseline_n"] == "7")
        #expect(find("MB2", "average", "NAP") == nil)                        // one pair: no average row
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"))
    }

    @Test func studySummaryInverseVariance() throws {
        let r = try runHeadway(["trend", file, "--single-case-summary", "--digits", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        let all = rows(r.stdout)
        #expect(all.map { $0["es"] ?? "" } == ["SMD_baseline", "SMD_pooled", "LRRi", "LRRd"])
        let smd = all.first { $0["es"] == "SMD_baseline" }, lrrd = all.first { $0["es"] == "LRRd" }
        #expect(smd?["k_series"] == "3")
        #expect(close(smd?["est"], 4.2449208155620095) && close(smd?["se"], 0.6669619832491437))
        #expect(close(smd?["ci_lower"], 2.937699349336281) && close(smd?["ci_upper"], 5.552142281787738))
        #expect(close(lrrd?["est"], -0.7154768478187796) && close(lrrd?["se"], 0.057682659208876934))
        #expect(close(lrrd?["ci_lower"], -0.8285327824006761) && close(lrrd?["ci_upper"], -0.6024209132368832))
    }

    /// The wide CSV shows the average over ABAB1's pairs and `n_pairs`; no piecewise model for two pairs.
    @Test func wideRowAveragesPairs() throws {
        let r = try runHeadway(["trend", file, "--format", "csv", "--digits", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        let abab = rows(r.stdout).first { $0["client_id"] == "ABAB1" }
        #expect(abab?["n_pairs"] == "2" && abab?["n_a"] == "7" && abab?["n_b"] == "9")
        #expect(close(abab?["smd_baseline"], 4.086390603863046) && close(abab?["lrrd_se"], 0.0724503442917974))
        #expect(abab?["pw_level_change"] == "")
    }

    @Test func optionValidation() throws {
        for args in [["--lrr-scale", "rate"], ["--lrr-scale", "percentage"], ["--lrr-d", "0"],
                     ["--single-case-long", "--single-case-summary"], ["--single-case-long", "--format", "table"]] {
            let r = try runHeadway(["trend", file] + args)
            #expect(r.status != 0, "\(args)")
            #expect(!r.stderr.isEmpty)
        }
        let ok = try runHeadway(["trend", file, "--single-case-long", "--lrr-scale", "percentage", "--lrr-intervals", "10"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
