import Foundation
import Testing

/// p-values keep significant digits in CSV (C's `%.*g` with `--digits` significant digits)
/// instead of fixed decimals, where they would print `0.000000`.
///
/// The series 30 28 27 24 23 21 19 18 16 13 12 10 over sessions 1…12. Independent values (scipy 1.x):
/// ```
/// y = np.array([30,28,27,24,23,21,19,18,16,13,12,10.]); x = np.arange(1, 13)
/// stats.linregress(x, y).pvalue                 # 3.383875078811409e-13
/// # Mann–Kendall: S = -66, Var S = n(n-1)(2n+5)/18 = 212.6667, z = (S+1)/sqrt(Var S) = -4.457216
/// 2*stats.norm.sf(4.45721562860432)             # 8.303107353564718e-06
/// '%.6g' % 3.383875078811409e-13, '%.3g' % ...  # '3.38388e-13', '3.38e-13'
/// '%.6g' % 8.303107353564718e-06                # '8.30311e-06'
/// ```
@Suite struct PValueFormatTests {
    static let series = "client_id,measure,session,score\n" + [30, 28, 27, 24, 23, 21, 19, 18, 16, 13, 12, 10].enumerated()
        .map { "a,CORE-10,\($0.offset + 1),\($0.element)\n" }.joined()

    func fields(_ out: String) -> [String: String] {
        let lines = out.split(separator: "\n")
        return Dictionary(uniqueKeysWithValues: zip(lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init),
                                                    lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }

    @Test func trendPValuesKeepSignificantDigits() throws {
        let r = try runHeadway(["trend", "-", "--format", "csv"], stdin: Self.series)
        #expect(r.status == 0, "\(r.stderr)")
        let f = fields(r.stdout)
        #expect(f["ols_p"] == "3.38388e-13")
        #expect(f["mk_p"] == "8.30311e-06")
        let ols = try #require(Double(f["ols_p"] ?? ""))
        #expect(abs(ols - 3.383875078811409e-13) / 3.383875078811409e-13 < 1e-5)
        // Other columns keep fixed decimals.
        #expect(f["ols_slope"]?.hasPrefix("-1.81468") == true && f["ols_slope"]?.count == "-1.814685".count)

        let r3 = try runHeadway(["trend", "-", "--format", "csv", "--digits", "3"], stdin: Self.series)
        let f3 = fields(r3.stdout)
        #expect(f3["ols_p"] == "3.38e-13" && f3["mk_p"] == "8.3e-06")
        // --digits 0 still prints one significant digit.
        #expect(fields(try runHeadway(["trend", "-", "--format", "csv", "--digits", "0"], stdin: Self.series).stdout)["ols_p"] == "3e-13")
    }
}
