// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// A robust (M-estimation) linear fit produced by ``fitRobust(design:y:maxIterations:)``.
public struct RobustFit: Sendable, Equatable {
    /// Estimated coefficients, one per design column.
    public let coefficients: [Double]
    /// `sqrt` of the diagonal of GSL's robust covariance matrix.
    public let standardErrors: [Double]
    /// GSL's final scale estimate (`gsl_multifit_robust_stats.sigma`), the conservative
    /// DuMouchel & O'Brien value `max(σ_rob, sqrt((σ_ols² p² + σ_rob² n)/(n + p²)))`;
    /// with gross outliers the OLS term dominates, so it can be much larger than the
    /// scatter of the inliers. The standard errors are based on it.
    public let sigma: Double
    /// Final bisquare weights in [0, 1], one per observation (0 = rejected outlier).
    public let weights: [Double]
    /// Number of iteratively-reweighted-least-squares iterations used.
    public let iterations: Int

    /// The fitted value `Σⱼ cⱼ rowⱼ`. `row` must have as many entries as `coefficients` (precondition).
    public func predict(_ row: [Double]) -> Double {
        precondition(row.count == coefficients.count, "predict: row length does not match the model")
        var s = 0.0
        for j in row.indices { s += coefficients[j] * row[j] }
        return s
    }
}

/// Robust linear regression with Tukey's bisquare weights, `gsl_multifit_robust`
/// with `gsl_multifit_robust_bisquare` (GSL manual §41.5 "Robust linear regression").
///
/// Iteratively reweighted least squares: residuals are scaled by
/// `t · σ̂ · sqrt(1 − hᵢ)` with GSL's default tuning constant `t = 4.685`
/// (95 % efficiency under normal errors), `σ̂` the MAD-based scale
/// `median|rᵢ| / 0.6745` of the `n − p` largest residuals, `hᵢ` the leverages, and
/// weights `w(u) = (1 − u²)²` for `|u| < 1`, else 0 (Beaton & Tukey 1974;
/// DuMouchel & O'Brien 1989 as cited by GSL). `sigma`, `weights` and `iterations`
/// come from `gsl_multifit_robust_statistics`; standard errors are the square
/// roots of the diagonal of GSL's covariance (Street, Carroll & Ruppert 1988).
///
/// The design is first checked for full rank (as in ``fitLinearModel(design:y:weights:scaleCovariance:)``).
/// If the iteration does not converge within `maxIterations` (GSL returns
/// `GSL_EMAXITER`), no fit is returned and `StatsError.noConvergence` is thrown.
/// - Throws: `lengthMismatch`, `tooFewPoints(needed: p + 1, …)`, `nonFinite`,
///   `singularDesign`, `noConvergence`, `invalidArgument`, ``GSLError``.
public func fitRobust(design rows: [[Double]], y: [Double], maxIterations: Int = 100) throws -> RobustFit {
    prepareGSL()
    guard maxIterations >= 1 else { throw StatsError.invalidArgument("maxIterations must be at least 1") }
    let p = try validateDesign(rows, y: y)
    _ = try fitLinearModel(design: rows, y: y)   // rank check: throws singularDesign
    let n = rows.count
    guard let work = gsl_multifit_robust_alloc(headway_robust_bisquare(), n, p) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_multifit_robust_alloc")
    }
    defer { gsl_multifit_robust_free(work) }
    try checkGSL(gsl_multifit_robust_maxiter(maxIterations, work), "gsl_multifit_robust_maxiter")
    let X = try makeMatrix(rows, columns: p); defer { gsl_matrix_free(X) }
    let yv = try makeVector(n, y); defer { gsl_vector_free(yv) }
    let c = try makeVector(p); defer { gsl_vector_free(c) }
    guard let C = gsl_matrix_alloc(p, p) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_matrix_alloc")
    }
    defer { gsl_matrix_free(C) }
    let status = gsl_multifit_robust(X, yv, c, C, work)
    let stats = gsl_multifit_robust_statistics(work)
    if status == Int32(GSL_EMAXITER) { throw StatsError.noConvergence(iterations: Int(stats.numit)) }
    try checkGSL(status, "gsl_multifit_robust")

    let coefficients = toArray(c)
    let variances = (0..<p).map { C.pointee.data[$0 * C.pointee.tda + $0] }
    guard variances.allSatisfy({ $0 >= 0 }) else { throw StatsError.nonFinite("robust covariance") }
    let standardErrors = variances.map { $0.squareRoot() }
    guard let wv = stats.weights else { throw StatsError.nonFinite("robust weights") }
    let weights = toArray(wv)
    try requireFinite(coefficients + standardErrors + weights + [stats.sigma], "robust fit result")
    return RobustFit(coefficients: coefficients, standardErrors: standardErrors, sigma: stats.sigma,
                     weights: weights, iterations: Int(stats.numit))
}
