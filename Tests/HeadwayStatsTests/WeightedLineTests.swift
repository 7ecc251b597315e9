// SPDX-License-Identifier: GPL-3.0-or-later
// fitWeightedLine against statsmodels WLS (statsmodels 0.15, numpy 2.4), computed with:
//   import numpy as np, statsmodels.api as sm
//   x=np.arange(1,9.); y=np.array([2.1,3.9,6.2,7.8,10.1,12.2,13.8,16.1]); w=np.array([1,2,1,0.5,3,1,2,1.])
//   X=np.column_stack([np.ones_like(x),x]); r=sm.WLS(y,X,weights=w).fit()
//   r.params; r.cov_params()            # scaled covariance (like R lm(weights=))
//   np.linalg.inv(X.T@np.diag(w)@X)     # unscaled covariance (GSL gsl_fit_wlinear)
//   np.sum(w*r.resid**2); r.rsquared
import Testing
@testable import HeadwayStats

enum WeightedReference {
    static let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
    static let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8, 16.1]
    static let weights: [Double] = [1, 2, 1, 0.5, 3, 1, 2, 1]
    static let intercept = 0.04447974583002168
    static let slope = 1.9941223193010327
    static let scaledCov = [[0.019365784251193816, -0.0034327309876698068],
                            [-0.0034327309876698068, 0.0007448378558151467]]
    static let unscaledCov = [[0.4749801429706116, -0.08419380460683082],
                              [-0.08419380460683082, 0.018268467037331215]]
    static let chiSquared = 0.2446306592533757
    static let rSquared = 0.9988774089023442
}

@Test func weightedLineScaledCovariance() throws {
    let r = WeightedReference.self
    let fit = try fitWeightedLine(x: r.x, y: r.y, weights: r.weights)
    #expect(close(fit.intercept, r.intercept, rel: 1e-9))
    #expect(close(fit.slope, r.slope, rel: 1e-9))
    #expect(close(fit.cov00, r.scaledCov[0][0], rel: 1e-9))
    #expect(close(fit.cov01, r.scaledCov[0][1], rel: 1e-9))
    #expect(close(fit.cov11, r.scaledCov[1][1], rel: 1e-9))
    #expect(close(fit.sumSquaredResiduals, r.chiSquared, rel: 1e-9))
    #expect(close(fit.residualSD, (r.chiSquared / 6).squareRoot(), rel: 1e-9))
    #expect(close(fit.rSquared, r.rSquared, rel: 1e-9))
}

@Test func weightedLineUnscaledCovariance() throws {
    let r = WeightedReference.self
    let fit = try fitWeightedLine(x: r.x, y: r.y, weights: r.weights, scaleCovariance: false)
    #expect(close(fit.slope, r.slope, rel: 1e-9))
    #expect(close(fit.cov00, r.unscaledCov[0][0], rel: 1e-9))
    #expect(close(fit.cov01, r.unscaledCov[0][1], rel: 1e-9))
    #expect(close(fit.cov11, r.unscaledCov[1][1], rel: 1e-9))
}

@Test func unitWeightsReproduceNorris() throws {
    // GSL fit/test.c: gsl_fit_wlinear on Norris with unit weights gives the unscaled
    // cov00 = 6.92384428759429e-02 (octave); scaled it equals the ordinary fit.
    let ones = Array(repeating: 1.0, count: 36)
    let unscaled = try fitWeightedLine(x: Norris.x, y: Norris.y, weights: ones, scaleCovariance: false)
    #expect(close(unscaled.cov00, 6.92384428759429e-02, rel: 1e-9))
    let scaled = try fitWeightedLine(x: Norris.x, y: Norris.y, weights: ones)
    #expect(close(scaled.slopeSE, Norris.b1SD, rel: 1e-9))
    #expect(close(scaled.rSquared, Norris.rSquared, rel: 1e-9))
}
