// SPDX-License-Identifier: GPL-3.0-or-later
// Distribution functions against table values and scipy 1.17:
//   python3 -c "import scipy.stats as st; print(st.t.ppf(0.975,1), st.t.ppf(0.975,10), st.t.ppf(0.975,5),
//     st.t.ppf(0.95,30), st.t.cdf(1.5,7), 2*st.t.sf(2.1,12), st.chi2.cdf(3.0,2), st.chi2.sf(3.0,2),
//     st.chi2.ppf(0.95,1), st.chi2.ppf(0.5,10), st.norm.cdf(1.0), st.norm.sf(3.0))"
//   python3 -c "import scipy.stats as st; print(st.binom.cdf(3,10,0.3), st.binom.sf(3,10,0.3),
//     st.binom.pmf(3,10,0.3), st.binom.cdf(12,40,0.5), st.binom.pmf(0,5,0.2))"
import Testing
@testable import HeadwayStats

@Test func studentTQuantiles() throws {
    #expect(close(try StudentT.quantile(0.975, df: 1), 12.7062047361747, rel: 1e-9))
    #expect(close(try StudentT.quantile(0.975, df: 10), 2.22813885198627, rel: 1e-9))
    #expect(close(try StudentT.quantile(0.975, df: 5), 2.57058183563631, rel: 1e-9))
    #expect(close(try StudentT.quantile(0.95, df: 30), 1.69726088659, rel: 1e-9))
    #expect(close(try StudentT.quantile(0.025, df: 10), -2.22813885198627, rel: 1e-9))
}

@Test func studentTProbabilities() throws {
    #expect(close(try StudentT.cdf(1.5, df: 7), 0.911350756505015, rel: 1e-9))
    #expect(close(try StudentT.twoSidedP(2.1, df: 12), 0.057544938734951125, rel: 1e-9))
    #expect(close(try StudentT.twoSidedP(-2.1, df: 12), 0.057544938734951125, rel: 1e-9))
    #expect(try StudentT.twoSidedP(0, df: 3) == 1)
}

@Test func normalValues() throws {
    #expect(close(try Normal.quantile(0.975), 1.95996398454005, rel: 1e-9))
    #expect(close(try Normal.quantile(0.95), 1.64485362695147, rel: 1e-9))
    #expect(close(try Normal.quantile(0.975, mean: 10, sd: 2), 10 + 2 * 1.95996398454005, rel: 1e-9))
    #expect(close(Normal.cdf(1.0), 0.8413447460685429, rel: 1e-12))
    #expect(close(Normal.cdf(12, mean: 10, sd: 2), 0.8413447460685429, rel: 1e-12))
    #expect(close(Normal.upperTail(3.0), 0.0013498980316300933, rel: 1e-12))
}

@Test func chiSquaredValues() throws {
    #expect(close(try ChiSquared.quantile(0.95, df: 1), 3.84145882069412, rel: 1e-9))
    #expect(close(try ChiSquared.quantile(0.5, df: 10), 9.34181776559197, rel: 1e-9))
    #expect(close(try ChiSquared.cdf(3.0, df: 2), 0.7768698398515702, rel: 1e-12))
    #expect(close(try ChiSquared.upperTail(3.0, df: 2), 0.22313016014842982, rel: 1e-12))
    #expect(try ChiSquared.cdf(-1, df: 2) == 0)
}

@Test func binomialValues() throws {
    #expect(close(try Binomial.cdf(3, p: 0.3, n: 10), 0.6496107184000002, rel: 1e-12))
    #expect(close(try Binomial.upperTail(3, p: 0.3, n: 10), 0.3503892815999998, rel: 1e-12))
    #expect(close(try Binomial.pmf(3, p: 0.3, n: 10), 0.2668279319999998, rel: 1e-12))
    #expect(close(try Binomial.cdf(12, p: 0.5, n: 40), 0.008294501687487355, rel: 1e-10))
    #expect(close(try Binomial.pmf(0, p: 0.2, n: 5), 0.32768, rel: 1e-12))
    #expect(try Binomial.cdf(10, p: 0.3, n: 10) == 1)
    #expect(try Binomial.cdf(-1, p: 0.3, n: 10) == 0)
    #expect(try Binomial.pmf(11, p: 0.3, n: 10) == 0)
}

@Test func distributionArgumentsAreValidated() {
    for p in [0.0, 1.0, -0.1, 1.5, .nan] {
        #expect(throws: StatsError.self) { try Normal.quantile(p) }
        #expect(throws: StatsError.self) { try StudentT.quantile(p, df: 5) }
        #expect(throws: StatsError.self) { try ChiSquared.quantile(p, df: 5) }
    }
    #expect(throws: StatsError.probabilityOutOfRange(0)) { try Normal.quantile(0) }
    #expect(throws: StatsError.probabilityOutOfRange(1)) { try StudentT.quantile(1, df: 3) }
    #expect(throws: StatsError.self) { try StudentT.cdf(1, df: 0) }
    #expect(throws: StatsError.self) { try StudentT.cdf(.nan, df: 3) }
    #expect(throws: StatsError.self) { try ChiSquared.cdf(1, df: -2) }
    #expect(throws: StatsError.probabilityOutOfRange(1.2)) { try Binomial.cdf(1, p: 1.2, n: 3) }
    #expect(throws: StatsError.self) { try Binomial.pmf(1, p: 0.5, n: -3) }
}
