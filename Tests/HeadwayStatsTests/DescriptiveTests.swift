// SPDX-License-Identifier: GPL-3.0-or-later
// Descriptive statistics against numpy 2.4 (np.quantile default = R quantile type 7):
//   import numpy as np; d=np.array([3.2,1.5,7.7,4.4,9.1,2.8,6.0,5.5,0.9,8.3])
//   [np.quantile(d,q) for q in (0,0.1,0.25,0.5,0.9,1)]; np.median(d); d.mean()
//   np.var(d,ddof=1); np.std(d,ddof=1)
//   e=np.array([2.0,4.1,5.9,8.2,9.9,12.1,13.8,16.3,18.0,19.7]); np.corrcoef(d,e)[0,1]
// R: quantile(c(3.2,1.5,7.7,4.4,9.1,2.8,6.0,5.5,0.9,8.3), c(0,.1,.25,.5,.9,1)) gives the same.
import Testing
@testable import HeadwayStats

private let d: [Double] = [3.2, 1.5, 7.7, 4.4, 9.1, 2.8, 6.0, 5.5, 0.9, 8.3]
private let e: [Double] = [2.0, 4.1, 5.9, 8.2, 9.9, 12.1, 13.8, 16.3, 18.0, 19.7]

@Test func quantilesMatchRType7() throws {
    let expected: [(Double, Double)] = [(0, 0.9), (0.1, 1.44), (0.25, 2.9), (0.5, 4.95), (0.9, 8.38), (1, 9.1)]
    for (p, q) in expected {
        #expect(close(try Descriptive.quantile(d, p), q, rel: 1e-12), "p = \(p)")
        #expect(close(try Descriptive.quantile(sorted: d.sorted(), p), q, rel: 1e-12), "p = \(p)")
    }
    #expect(close(try Descriptive.median(d), 4.95, rel: 1e-12))
    #expect(try Descriptive.median([3, 1, 2]) == 2)
}

@Test func momentsMatchNumpy() throws {
    #expect(close(try Descriptive.mean(d), 4.94, rel: 1e-12))
    #expect(close(try Descriptive.variance(d), 8.189333333333334, rel: 1e-12))
    #expect(close(try Descriptive.standardDeviation(d), 2.8617011257874805, rel: 1e-12))
    #expect(close(try Descriptive.correlation(d, e), 0.17296239411507516, rel: 1e-10))
    #expect(close(try Descriptive.correlation(e, e), 1, rel: 1e-12))
}

@Test func descriptiveInputIsValidated() {
    #expect(throws: StatsError.tooFewPoints(needed: 1, got: 0)) { try Descriptive.mean([]) }
    #expect(throws: StatsError.tooFewPoints(needed: 2, got: 1)) { try Descriptive.standardDeviation([1]) }
    #expect(throws: StatsError.nonFinite("data")) { try Descriptive.median([1, .nan]) }
    #expect(throws: StatsError.probabilityOutOfRange(1.5)) { try Descriptive.quantile(d, 1.5) }
    #expect(throws: StatsError.probabilityOutOfRange(-0.1)) { try Descriptive.quantile(d, -0.1) }
    #expect(throws: StatsError.self) { try Descriptive.quantile(sorted: [3, 1, 2], 0.5) }
    #expect(throws: StatsError.zeroVariance("x")) { try Descriptive.correlation([2, 2, 2], [1, 2, 3]) }
    #expect(throws: StatsError.lengthMismatch) { try Descriptive.correlation([1, 2], [1, 2, 3]) }
}
