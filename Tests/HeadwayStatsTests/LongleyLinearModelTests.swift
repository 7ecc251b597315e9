// SPDX-License-Identifier: GPL-3.0-or-later
// fitLinearModel against the NIST StRD "Longley" certified values
// (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml). Longley is ill-conditioned
// ("higher difficulty"); GSL's balanced SVD reproduces the certified digits to about 1e-9.
import Testing
@testable import HeadwayStats

@Test func longleyCertifiedValues() throws {
    let fit = try fitLinearModel(design: Longley.design, y: Longley.y)
    #expect(fit.n == 16 && fit.p == 7 && fit.degreesOfFreedom == 9)
    for j in 0..<7 {
        #expect(close(fit.coefficients[j], Longley.coefficients[j], rel: 1e-8), "B\(j)")
        #expect(close(fit.standardErrors[j], Longley.standardErrors[j], rel: 1e-8), "SD B\(j)")
    }
    #expect(close(fit.residualSD, Longley.residualSD, rel: 1e-9))
    #expect(close(fit.rSquared, Longley.rSquared, rel: 1e-9))
    // Certified residual sum of squares 836424.055505915.
    #expect(close(fit.sumSquaredResiduals, 836424.055505915, rel: 1e-9))
}

@Test func longleyUnitWeightsMatchUnweighted() throws {
    let plain = try fitLinearModel(design: Longley.design, y: Longley.y)
    let weighted = try fitLinearModel(design: Longley.design, y: Longley.y,
                                      weights: Array(repeating: 1, count: 16))
    for j in 0..<7 {
        #expect(close(weighted.coefficients[j], plain.coefficients[j], rel: 1e-9))
        #expect(close(weighted.standardErrors[j], plain.standardErrors[j], rel: 1e-9))
    }
}

@Test func weightedModelMatchesWeightedLine() throws {
    let w = WeightedReference.self
    let model = try fitLinearModel(design: w.x.map { [1, $0] }, y: w.y, weights: w.weights)
    #expect(close(model.coefficients[0], w.intercept, rel: 1e-9))
    #expect(close(model.coefficients[1], w.slope, rel: 1e-9))
    #expect(close(model.covariance[1][1], w.scaledCov[1][1], rel: 1e-9))
    let unscaled = try fitLinearModel(design: w.x.map { [1, $0] }, y: w.y, weights: w.weights,
                                      scaleCovariance: false)
    #expect(close(unscaled.covariance[0][1], w.unscaledCov[0][1], rel: 1e-9))
    #expect(close(model.rSquared, w.rSquared, rel: 1e-9))
}
