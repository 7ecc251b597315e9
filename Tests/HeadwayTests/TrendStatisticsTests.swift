import Testing
import HeadwayStats
@testable import Headway

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

/// The series used throughout the issue: y = 28, 25, 24, 27, 30, 30, 29 at t = 1…7
/// (the B phase of Parker, Vannest & Davis 2011).
private let t7: [Double] = [1, 2, 3, 4, 5, 6, 7]
private let y7: [Double] = [28, 25, 24, 27, 30, 30, 29]

@Suite struct TrendStatisticsTests {
    /// Expected values: scipy 1.17
    /// `r = stats.linregress(t, y)`; CI `r.slope ± stats.t.ppf(.975, 5) * r.stderr`.
    @Test func olsMatchesScipy() throws {
        let o = try TrendStatistics.ols(x: t7, y: y7)
        #expect(close(o.slope, 0.6785714))
        #expect(close(o.intercept, 24.857143))
        #expect(close(o.slopeSE, 0.3856481))
        #expect(close(o.ciLower, -0.312769) && close(o.ciUpper, 1.669912))
        #expect(close(o.pValue, 0.138802))
        #expect(close(o.rSquared, 0.382415))
        #expect(!o.ciExcludesZero)
    }

    /// scipy: `stats.theilslopes(y, t, 0.95, method='joint')` → slope 0.666667, intercept 24.333333,
    /// low −1.0, high 2.0.
    @Test func theilSenMatchesScipy() throws {
        let ts = try TrendStatistics.theilSen(x: t7, y: y7)
        #expect(close(ts.slope, 0.666667))
        #expect(close(ts.intercept, 24.333333))
        #expect(close(ts.ciLower, -1.0) && close(ts.ciUpper, 2.0))
    }

    /// Ties in both x and y. scipy: `stats.theilslopes([3,4,2,6,6,9,8], [0,1,1,2,3,5,8], 0.95,
    /// method='joint')` → slope 1.0, intercept 3.0, low 0.333333, high 1.75.
    @Test func theilSenWithTiesMatchesScipy() throws {
        let ts = try TrendStatistics.theilSen(x: [0, 1, 1, 2, 3, 5, 8], y: [3, 4, 2, 6, 6, 9, 8])
        #expect(close(ts.slope, 1) && close(ts.intercept, 3))
        #expect(close(ts.ciLower, 1.0 / 3) && close(ts.ciUpper, 1.75))
    }

    /// By hand: S = 8; Var S = [7·6·19 − 2·1·9]/18 = 43.3333 (one pair of tied 30s);
    /// z = (8 − 1)/sqrt(43.3333) = 1.063376; p = 2(1 − Φ(z)) = 0.287611;
    /// τ_b = scipy `stats.kendalltau(t, y).statistic` = 0.390360.
    @Test func mannKendallByHand() throws {
        let mk = try TrendStatistics.mannKendall(x: t7, y: y7)
        #expect(mk.s == 8)
        #expect(close(mk.varianceS, 43.333333))
        #expect(close(mk.z, 1.063376))
        #expect(close(mk.pValue, 0.287611))
        #expect(close(mk.tauB, 0.390360))
    }

    /// Kendall (1970), *Rank Correlation Methods*, example 3.1: τ_b = 0.859
    /// (scipy `stats.kendalltau(x, y)` = 0.8589557).
    @Test func kendallExample3_1() {
        let x = [1, 2.5, 2.5, 4.5, 4.5, 6.5, 6.5, 8, 9.5, 9.5]
        let y = [1, 2, 4.5, 4.5, 4.5, 4.5, 8, 8, 8, 10]
        #expect(close(TrendStatistics.kendallTauB(x: x, y: y), 0.8589557))
    }

    @Test func degenerateInputs() throws {
        #expect(throws: StatsError.self) { try TrendStatistics.ols(x: [1, 2], y: [3, 4]) }
        #expect(throws: StatsError.self) { try TrendStatistics.theilSen(x: [1, 1, 1], y: [3, 4, 5]) }
        let flat = try TrendStatistics.mannKendall(x: [1, 2, 3], y: [5, 5, 5])
        #expect(flat.s == 0 && flat.z == 0 && flat.pValue == 1 && flat.tauB == nil)
    }
}
