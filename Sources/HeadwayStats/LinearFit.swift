// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// A straight-line least-squares fit `y = intercept + slope · x`.
///
/// Produced by ``fitLine(x:y:)`` (ordinary) and
/// ``fitWeightedLine(x:y:weights:scaleCovariance:)`` (weighted).
///
/// With `n == 2` the line passes through both points and there are no residual
/// degrees of freedom: `sumSquaredResiduals`, `residualSD` and (for ordinary and
/// scaled weighted fits) the covariances are reported as 0, and the inference
/// methods ``slopeConfidenceInterval(level:)`` and ``slopePValue()`` throw
/// `StatsError.tooFewPoints(needed: 3, got: 2)`.
public struct LinearFit: Sendable, Equatable {
    /// Number of observations.
    public let n: Int
    /// Estimated intercept `c0`.
    public let intercept: Double
    /// Estimated slope `c1`.
    public let slope: Double
    /// Variance of the intercept.
    public let cov00: Double
    /// Covariance of intercept and slope.
    public let cov01: Double
    /// Variance of the slope.
    public let cov11: Double
    /// `χ² = Σ wᵢ (yᵢ − c0 − c1 xᵢ)²` (all `wᵢ = 1` for an ordinary fit).
    public let sumSquaredResiduals: Double
    /// `sqrt(SSR / (n − 2))`; 0 when `n == 2`.
    public let residualSD: Double
    /// `1 − SSR / SST` with `SST = Σ wᵢ (yᵢ − ȳ_w)²`. When `y` is constant
    /// (`SST == 0`) there is no variation to explain and `rSquared` is defined as 0
    /// (R reports NaN there; scikit-learn's `force_finite` reports 1).
    public let rSquared: Double

    /// Residual degrees of freedom, `n − 2`.
    public var degreesOfFreedom: Int { n - 2 }
    /// Standard error of the intercept, `sqrt(cov00)`.
    public var interceptSE: Double { cov00.squareRoot() }
    /// Standard error of the slope, `sqrt(cov11)`.
    public var slopeSE: Double { cov11.squareRoot() }

    /// Two-sided confidence interval for the slope:
    /// `slope ± t_{(1+level)/2, n−2} · slopeSE` (Student t quantile from
    /// `gsl_cdf_tdist_Pinv`, GSL manual §20 "The t-distribution"; e.g. Draper & Smith,
    /// *Applied Regression Analysis*, 3rd ed., §1.4).
    /// - Throws: `probabilityOutOfRange` unless `0 < level < 1`;
    ///   `tooFewPoints(needed: 3, got: n)` when there are no residual degrees of freedom.
    public func slopeConfidenceInterval(level: Double = 0.95) throws -> (lower: Double, upper: Double) {
        guard level.isFinite, level > 0, level < 1 else { throw StatsError.probabilityOutOfRange(level) }
        guard degreesOfFreedom >= 1 else { throw StatsError.tooFewPoints(needed: 3, got: n) }
        let t = try StudentT.quantile(0.5 + level / 2, df: Double(degreesOfFreedom))
        let half = t * slopeSE
        let result = (lower: slope - half, upper: slope + half)
        guard result.lower.isFinite, result.upper.isFinite else { throw StatsError.nonFinite("slope confidence interval") }
        return result
    }

    /// Two-sided p-value for H₀: slope = 0, `2 · Q_t(|slope / slopeSE|; n − 2)`
    /// (GSL manual §20 "The t-distribution", `gsl_cdf_tdist_Q`; Draper & Smith §1.4).
    /// When `slopeSE == 0` (a perfect fit) the p-value is 0 for a non-zero slope
    /// and 1 for a zero slope.
    /// - Throws: `tooFewPoints(needed: 3, got: n)` when there are no residual degrees of freedom.
    public func slopePValue() throws -> Double {
        guard degreesOfFreedom >= 1 else { throw StatsError.tooFewPoints(needed: 3, got: n) }
        if slopeSE == 0 { return slope == 0 ? 1 : 0 }
        return try StudentT.twoSidedP(slope / slopeSE, df: Double(degreesOfFreedom))
    }

    /// The fitted value `intercept + slope · x`.
    public func predict(_ x: Double) -> Double { intercept + slope * x }
}

/// Ordinary least-squares straight line `y = c0 + c1 x` with `gsl_fit_linear`
/// (GSL manual §41.2 "Linear regression", "Linear regression with a constant term").
///
/// `c1 = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²`, `c0 = ȳ − c1 x̄`; the covariance is
/// `s² (XᵀX)⁻¹` with `s² = SSR/(n−2)`, so `slopeSE = s / sqrt(Σ(x−x̄)²)`
/// (Draper & Smith, *Applied Regression Analysis*, 3rd ed., ch. 1). Verified against
/// the NIST StRD "Norris" certified values.
/// - Throws: `lengthMismatch`, `tooFewPoints(needed: 2, …)`, `nonFinite`,
///   `constantPredictor` (all x equal), or ``GSLError``.
public func fitLine(x: [Double], y: [Double]) throws -> LinearFit {
    prepareGSL()
    try validateLineInput(x: x, y: y)
    let n = x.count
    var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
    let status = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
    try checkGSL(status, "gsl_fit_linear")
    if n == 2 { cov00 = 0; cov01 = 0; cov11 = 0; sumsq = 0 }
    return try makeLinearFit(x: x, y: y, weights: nil, c0: c0, c1: c1,
                             cov: (cov00, cov01, cov11), sumsq: sumsq)
}

/// The slope `c1` of ``fitLine(x:y:)`` alone: the same `gsl_fit_linear` call on the caller's
/// buffers (no arrays, no R² or residual SD), for callers that need only the slope once per
/// episode (the Reliable Trend Index of `headway change`).
/// - Throws: as ``fitLine(x:y:)`` (`lengthMismatch`, `tooFewPoints`, `nonFinite`,
///   `constantPredictor`, ``GSLError``); `nonFinite` when the slope is not finite.
public func lineSlope(x: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) throws -> Double {
    prepareGSL()
    try validateLineInput(x: x, y: y)
    guard let xb = x.baseAddress, let yb = y.baseAddress else { throw StatsError.tooFewPoints(needed: 2, got: x.count) }
    var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
    try checkGSL(gsl_fit_linear(xb, 1, yb, 1, x.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq), "gsl_fit_linear")
    guard c1.isFinite else { throw StatsError.nonFinite("slope") }
    return c1
}

/// The checks of a straight-line fit's input (arrays or buffers): equal lengths, at least two
/// points, finite values, x not constant.
func validateLineInput<C: Collection>(x: C, y: C) throws where C.Element == Double {
    guard x.count == y.count else { throw StatsError.lengthMismatch }
    guard x.count >= 2, let x0 = x.first else { throw StatsError.tooFewPoints(needed: 2, got: x.count) }
    try requireFinite(x, "x")
    try requireFinite(y, "y")
    guard x.contains(where: { $0 != x0 }) else { throw StatsError.constantPredictor }
}

/// Builds a ``LinearFit`` from GSL's outputs, computing residual SD and R², and
/// checks that nothing non-finite escapes.
func makeLinearFit(x: [Double], y: [Double], weights: [Double]?, c0: Double, c1: Double,
                   cov: (Double, Double, Double), sumsq: Double) throws -> LinearFit {
    let n = x.count
    let residualSD = n > 2 ? (sumsq / Double(n - 2)).squareRoot() : 0
    let sst = totalSumOfSquares(y, weights: weights, centered: true)
    let r2 = sst > 0 ? 1 - sumsq / sst : 0
    let fit = LinearFit(n: n, intercept: c0, slope: c1, cov00: cov.0, cov01: cov.1, cov11: cov.2,
                        sumSquaredResiduals: sumsq, residualSD: residualSD, rSquared: r2)
    // Checked value by value: no array per call (this runs once per episode in trend and change).
    guard c0.isFinite, c1.isFinite, cov.0.isFinite, cov.1.isFinite, cov.2.isFinite, sumsq.isFinite, residualSD.isFinite,
          r2.isFinite else { throw StatsError.nonFinite("straight-line fit result") }
    return fit
}

/// `Σ wᵢ (yᵢ − ȳ_w)²` (centered) or `Σ wᵢ yᵢ²` (uncentered), as R's `summary.lm`.
func totalSumOfSquares(_ y: [Double], weights: [Double]?, centered: Bool) -> Double {
    guard let w = weights else {
        // Unit weights without an array of ones: the same operations (1·a is exactly a).
        var mean = 0.0
        if centered {
            var sw = 0.0
            for i in y.indices { sw += 1; mean += (y[i] - mean) / sw }
        }
        var sst = 0.0
        for i in y.indices { let d = y[i] - mean; sst += d * d }
        return sst
    }
    var mean = 0.0
    if centered {
        var sw = 0.0
        for i in y.indices { sw += w[i]; mean += w[i] * (y[i] - mean) / sw }   // running weighted mean
    }
    var sst = 0.0
    for i in y.indices { let d = y[i] - mean; sst += w[i] * d * d }
    return sst
}
