// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Weighted least-squares straight line `y = c0 + c1 x` with `gsl_fit_wlinear`
/// (GSL manual §41.2 "Linear regression", weighted variant), minimising
/// `χ² = Σ wᵢ (yᵢ − c0 − c1 xᵢ)²`.
///
/// **Covariance scaling.** GSL's `gsl_fit_wlinear` returns the *unscaled*
/// covariance `(XᵀWX)⁻¹`, which is correct when the weights are `1/σᵢ²` for known
/// measurement errors σᵢ. With `scaleCovariance: true` (the default) the covariance
/// is multiplied by `χ²/(n−2)`, which is what R's `lm(y ~ x, weights = w)` and
/// numpy/statsmodels WLS report when the weights are only relative. With
/// `scaleCovariance: false` GSL's unscaled covariance is returned unchanged.
/// For `n == 2` and `scaleCovariance: true` the covariances are reported as 0
/// (no residual degrees of freedom; see ``LinearFit``).
///
/// `residualSD = sqrt(χ²/(n−2))` and `rSquared = 1 − χ²/Σ wᵢ(yᵢ − ȳ_w)²`
/// (R `summary.lm` for weighted fits).
/// - Throws: `lengthMismatch`, `tooFewPoints`, `nonFinite`, `constantPredictor`,
///   `invalidArgument` when a weight is not strictly positive, or ``GSLError``.
public func fitWeightedLine(x: [Double], y: [Double], weights: [Double],
                            scaleCovariance: Bool = true) throws -> LinearFit {
    prepareGSL()
    try validateLineInput(x: x, y: y)
    guard weights.count == x.count else { throw StatsError.lengthMismatch }
    try validateWeights(weights)
    let n = x.count
    var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, chisq = 0.0
    let status = gsl_fit_wlinear(x, 1, weights, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &chisq)
    try checkGSL(status, "gsl_fit_wlinear")
    if n == 2 { chisq = 0 }
    if scaleCovariance {
        let factor = n > 2 ? chisq / Double(n - 2) : 0
        cov00 *= factor; cov01 *= factor; cov11 *= factor
    }
    return try makeLinearFit(x: x, y: y, weights: weights, c0: c0, c1: c1,
                             cov: (cov00, cov01, cov11), sumsq: chisq)
}

/// Weights must be finite and strictly positive.
func validateWeights(_ weights: [Double]) throws {
    try requireFinite(weights, "weights")
    guard weights.allSatisfy({ $0 > 0 }) else {
        throw StatsError.invalidArgument("weights must be strictly positive")
    }
}
