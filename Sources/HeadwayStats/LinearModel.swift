// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// A multiple linear regression `y = X c` fitted by ``fitLinearModel(design:y:weights:scaleCovariance:)``.
public struct LinearModelFit: Sendable, Equatable {
    /// Number of observations (rows of the design).
    public let n: Int
    /// Number of coefficients (columns of the design).
    public let p: Int
    /// Estimated coefficients `c`, one per design column.
    public let coefficients: [Double]
    /// Covariance matrix of the coefficients (`p × p`, row-major), scaled by `s² = χ²/(n−p)`
    /// (unless a weighted fit was requested with `scaleCovariance: false`).
    public let covariance: [[Double]]
    /// `sqrt` of the covariance diagonal.
    public let standardErrors: [Double]
    /// `χ² = Σ wᵢ (yᵢ − xᵢᵀc)²`.
    public let sumSquaredResiduals: Double
    /// `sqrt(χ²/(n−p))`.
    public let residualSD: Double
    /// `1 − χ²/SST`. As in R's `summary.lm`, SST is centered (`Σ wᵢ(yᵢ−ȳ_w)²`) when
    /// the design has a constant non-zero column (an intercept) and uncentered
    /// (`Σ wᵢ yᵢ²`) otherwise. Defined as 0 when SST is 0.
    public let rSquared: Double
    /// Residual degrees of freedom, `n − p`.
    public var degreesOfFreedom: Int { n - p }

    /// The fitted value `Σⱼ cⱼ rowⱼ`. `row` must have `p` entries (precondition).
    public func predict(_ row: [Double]) -> Double {
        precondition(row.count == p, "predict: row has \(row.count) entries, the model has \(p)")
        var s = 0.0
        for j in 0..<p { s += coefficients[j] * row[j] }
        return s
    }
}

/// Relative singular-value threshold below which the (column-balanced) design is
/// considered rank deficient: `σ_min < 1e-10 · σ_max`.
let rankTolerance = 1e-10

/// Multiple linear least squares with `gsl_multifit_linear` (unweighted) or
/// `gsl_multifit_wlinear` (weighted), GSL manual §41.4 "Multi-parameter regression":
/// `c = (XᵀWX)⁻¹ XᵀW y`, computed by the SVD of the column-balanced design.
///
/// `rows` are the rows of X and must include a column of ones if an intercept is wanted.
/// The rank is checked with `gsl_multifit_linear_rank` (singular values of the
/// balanced design below `1e-10 · σ_max`) and a rank-deficient design throws
/// `singularDesign`.
///
/// **Covariance.** Unweighted: `s² (XᵀX)⁻¹` with `s² = χ²/(n−p)` (GSL already scales).
/// Weighted: GSL returns the unscaled `(XᵀWX)⁻¹` (weights = `1/σᵢ²`); with
/// `scaleCovariance: true` (default) it is multiplied by `χ²/(n−p)`, as R's
/// `lm(weights = )` reports. Verified against NIST StRD "Longley".
/// - Throws: `lengthMismatch`, `tooFewPoints(needed: p + 1, …)`, `nonFinite`,
///   `invalidArgument` (empty rows, non-positive weights), `singularDesign`, ``GSLError``.
public func fitLinearModel(design rows: [[Double]], y: [Double], weights: [Double]? = nil,
                           scaleCovariance: Bool = true) throws -> LinearModelFit {
    prepareGSL()
    let p = try validateDesign(rows, y: y)
    return try fitValidatedModel(n: rows.count, p: p, y: y, weights: weights, scaleCovariance: scaleCovariance,
                                 intercept: { hasInterceptColumn(rows, p: p) }, matrix: { try makeMatrix(rows, columns: p) })
}

/// ``fitLinearModel(design:y:weights:scaleCovariance:)`` (unweighted) with the design given as one
/// row-major array of `y.count × columns` values, so that a large design (the flags recovery curve:
/// one row per score) is not an array per row. Same GSL call, same result.
/// - Throws: as ``fitLinearModel(design:y:weights:scaleCovariance:)``.
public func fitLinearModel(flatDesign x: [Double], columns p: Int, y: [Double]) throws -> LinearModelFit {
    prepareGSL()
    guard p >= 1 else { throw StatsError.invalidArgument("design rows must have at least one column") }
    guard x.count == y.count * p else { throw StatsError.lengthMismatch }
    let n = y.count
    guard n > 0 else { throw StatsError.tooFewPoints(needed: 1, got: 0) }
    guard n > p else { throw StatsError.tooFewPoints(needed: p + 1, got: n) }
    try requireFinite(x, "design")
    try requireFinite(y, "y")
    return try x.withUnsafeBufferPointer { xb in
        try fitValidatedModel(n: n, p: p, y: y, weights: nil, scaleCovariance: true, intercept: {
            (0..<p).contains { j in
                let v = xb[j]
                guard v != 0 else { return false }
                var i = 1
                while i < n { if xb[i * p + j] != v { return false }; i += 1 }
                return true
            }
        }, matrix: {
            // X is a view of the caller's row-major array (a gsl_matrix with tda = p, the layout
            // `gsl_matrix_alloc(n, p)` has, owning nothing): no second copy of n × p values.
            // gsl_multifit_linear only reads X (`const gsl_matrix *`).
            let m = UnsafeMutablePointer<gsl_matrix>.allocate(capacity: 1)
            m.initialize(to: matrixView(UnsafeMutablePointer(mutating: xb.baseAddress!), rows: n, columns: p))
            return m
        }, release: { $0.deallocate() })
    }
}

/// The fit of a validated design (`n > p ≥ 1`, finite); `matrix` builds X, `intercept` says
/// whether X has an intercept column (for R²).
private func fitValidatedModel(n: Int, p: Int, y: [Double], weights: [Double]?, scaleCovariance: Bool,
                               intercept: () -> Bool,
                               matrix: () throws -> UnsafeMutablePointer<gsl_matrix>,
                               release: (UnsafeMutablePointer<gsl_matrix>) -> Void = { gsl_matrix_free($0) }) throws -> LinearModelFit {
    if let weights {
        guard weights.count == n else { throw StatsError.lengthMismatch }
        try validateWeights(weights)
    }
    guard let work = gsl_multifit_linear_alloc(n, p) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_multifit_linear_alloc")
    }
    defer { gsl_multifit_linear_free(work) }
    let X = try matrix(); defer { release(X) }
    let c = try makeVector(p); defer { gsl_vector_free(c) }
    guard let C = gsl_matrix_alloc(p, p) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_matrix_alloc")
    }
    defer { gsl_matrix_free(C) }
    var chisq = 0.0
    // y as a view of the caller's array (gsl_multifit_linear and _wlinear only read it,
    // `const gsl_vector *`): no copy of n values (the flags curve has millions).
    try y.withUnsafeBufferPointer { yb in
        var view = vectorView(UnsafeMutablePointer(mutating: yb.baseAddress!), count: n)
        try withUnsafePointer(to: &view) { yv in
            if let weights {
                let w = try makeVector(n, weights); defer { gsl_vector_free(w) }
                try checkGSL(gsl_multifit_wlinear(X, w, yv, c, C, &chisq, work), "gsl_multifit_wlinear")
            } else {
                try checkGSL(gsl_multifit_linear(X, yv, c, C, &chisq, work), "gsl_multifit_linear")
            }
        }
    }
    guard gsl_multifit_linear_rank(rankTolerance, work) == p else { throw StatsError.singularDesign }

    let dof = Double(n - p)
    var covariance = toRows(C)
    if weights != nil && scaleCovariance {
        let factor = chisq / dof
        covariance = covariance.map { $0.map { $0 * factor } }
    }
    let coefficients = toArray(c)
    let variances = (0..<p).map { covariance[$0][$0] }
    guard variances.allSatisfy({ $0 >= 0 }) else { throw StatsError.singularDesign }
    let standardErrors = variances.map { $0.squareRoot() }
    let sst = totalSumOfSquares(y, weights: weights, centered: intercept())
    let r2 = sst > 0 ? 1 - chisq / sst : 0
    let residualSD = (chisq / dof).squareRoot()
    try requireFinite(coefficients + standardErrors + covariance.flatMap { $0 } + [chisq, residualSD, r2],
                      "linear model result")
    return LinearModelFit(n: n, p: p, coefficients: coefficients, covariance: covariance,
                          standardErrors: standardErrors, sumSquaredResiduals: chisq,
                          residualSD: residualSD, rSquared: r2)
}

/// Validates a design and response; returns the number of columns `p`.
func validateDesign(_ rows: [[Double]], y: [Double]) throws -> Int {
    guard rows.count == y.count else { throw StatsError.lengthMismatch }
    guard let first = rows.first else { throw StatsError.tooFewPoints(needed: 1, got: 0) }
    let p = first.count
    guard p >= 1 else { throw StatsError.invalidArgument("design rows must have at least one column") }
    guard rows.allSatisfy({ $0.count == p }) else { throw StatsError.lengthMismatch }
    guard rows.count > p else { throw StatsError.tooFewPoints(needed: p + 1, got: rows.count) }
    for row in rows { try requireFinite(row, "design") }
    try requireFinite(y, "y")
    return p
}

/// True when some column is the same non-zero constant in every row (an intercept column).
func hasInterceptColumn(_ rows: [[Double]], p: Int) -> Bool {
    (0..<p).contains { j in
        let v = rows[0][j]
        return v != 0 && rows.allSatisfy { $0[j] == v }
    }
}
