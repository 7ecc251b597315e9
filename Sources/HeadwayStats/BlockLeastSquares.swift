// SPDX-License-Identifier: GPL-3.0-or-later
// Least squares over rows that arrive in blocks: the R factor of a QR factorisation updated one
// block at a time (GSL's Householder QR), solved as gsl_multifit_linear solves a whole design.
import CGSL

/// Ordinary least squares `min ‖y − Xc‖` over a design that is never held whole: rows are
/// added in blocks, and blocks made apart (on other threads) are merged.
///
/// The state is the `p × p` upper-triangular factor `R` of the rows so far and `z = Qᵀy`, its
/// first `p` entries (a "tall-skinny QR", Demmel, Grigori, Hoemmen & Langou 2012, "Communication-
/// optimal parallel and sequential QR and LU factorizations", SIAM J. Sci. Comput. 34, A206). A
/// block `B` with responses `b` is taken in by the Householder QR (`gsl_linalg_QR_decomp`) of
///
///     [R]   = Q′ [R′]        z′ = the first p entries of Q′ᵀ [z]
///     [B]        [0 ]                                        [b]
///
/// and two partial states merge the same way (`[R₁; R₂]`, `[z₁; z₂]`). `R′ᵀR′ = RᵀR + BᵀB` and
/// `R′ᵀz′ = Rᵀz + Bᵀb`, so at the end `R c = z` has the solution of the whole design, found
/// with the backward stability of Householder QR (never the normal equations `XᵀX`, which
/// square the condition number). Memory is `p² + p` numbers, whatever the number of rows.
///
/// ``solve()`` follows `gsl_multifit_linear` (which `fitLinearModel` calls): the columns are
/// balanced to unit norm (`D`, the column norms of `R`, which equal those of `X`), the SVD
/// `R D⁻¹ = U S Vᵀ` is taken, the design is singular when fewer than `p` singular values exceed
/// `1e-10 · s_max` (`gsl_multifit_linear_rank`, as `fitLinearModel`), and
/// `c = D⁻¹ V S⁻¹ Uᵀ z`. The coefficients agree with `fitLinearModel`'s to rounding (about
/// 1e-15 relative on a well-conditioned design; the NIST Longley certified values to 1e-8,
/// tested), not bit for bit. The result does not depend on how rows were split into blocks
/// beyond rounding; callers that need the same bits every run fix the blocks and merge them in order.
public struct BlockLeastSquares: Sendable {
    /// Number of columns `p`.
    public let columns: Int
    /// Rows taken in so far.
    public private(set) var rows = 0
    /// `R`, row-major `p × p` (zeros below the diagonal).
    private var r: [Double]
    /// `z = Qᵀy`, `p` entries.
    private var z: [Double]

    /// An empty state for designs of `columns` columns (at least 1).
    public init(columns: Int) throws {
        guard columns >= 1 else { throw StatsError.invalidArgument("design rows must have at least one column") }
        self.columns = columns
        r = Array(repeating: 0, count: columns * columns)
        z = Array(repeating: 0, count: columns)
    }

    /// Takes in `y.count` rows: `design` is row-major, `columns` values a row.
    public mutating func add(design: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) throws {
        let p = columns, m = y.count
        guard design.count == m * p else { throw StatsError.lengthMismatch }
        guard m > 0 else { return }
        try requireFinite(design, "design")
        try requireFinite(y, "y")
        try update(stacking: design, y, count: m)
        rows += m
    }

    /// Takes in the rows of `other` (a state of the same number of columns).
    public mutating func merge(_ other: BlockLeastSquares) throws {
        guard other.columns == columns else { throw StatsError.lengthMismatch }
        guard other.rows > 0 else { return }
        try other.r.withUnsafeBufferPointer { r2 in
            try other.z.withUnsafeBufferPointer { z2 in try update(stacking: r2, z2, count: columns) }
        }
        rows += other.rows
    }

    /// `[R; block]`, `[z; b]` → R′, z′ (Householder QR of the `(p + m) × p` stack).
    private mutating func update(stacking block: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, count m: Int) throws {
        prepareGSL()
        let p = columns, height = p + m
        var a = r + Array(block)
        var v = z + Array(b)
        var t = [Double](repeating: 0, count: p)
        try a.withUnsafeMutableBufferPointer { a in
            try v.withUnsafeMutableBufferPointer { v in
                try t.withUnsafeMutableBufferPointer { t in
                    var A = matrixView(a.baseAddress!, rows: height, columns: p)
                    var V = vectorView(v.baseAddress!, count: height)
                    var tau = vectorView(t.baseAddress!, count: p)
                    try checkGSL(gsl_linalg_QR_decomp(&A, &tau), "gsl_linalg_QR_decomp")
                    try checkGSL(gsl_linalg_QR_QTvec(&A, &tau, &V), "gsl_linalg_QR_QTvec")
                }
            }
        }
        for i in 0..<p {
            for j in 0..<p { r[i * p + j] = j >= i ? a[i * p + j] : 0 }
            z[i] = v[i]
        }
    }

    /// The coefficients `c` (see the type's description). Throws ``StatsError/tooFewPoints(needed:got:)``
    /// with `p` rows or fewer, ``StatsError/singularDesign`` when the design's rank is below `p`.
    public func solve() throws -> [Double] {
        prepareGSL()
        let p = columns
        guard rows > p else { throw StatsError.tooFewPoints(needed: p + 1, got: rows) }
        // Column norms (gsl_linalg_balance_columns: a zero column keeps the scale 1).
        // Column j of R is read in place, a view of stride p (dnrm2 only reads it).
        let d = r.withUnsafeBufferPointer { r in
            (0..<p).map { j -> Double in
                var column = vectorView(UnsafeMutablePointer(mutating: r.baseAddress! + j), count: p, stride: p)
                let s = gsl_blas_dnrm2(&column)
                return s != 0 ? s : 1
            }
        }
        var u = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { u[i * p + j] = r[i * p + j] / d[j] } }
        var vMatrix = [Double](repeating: 0, count: p * p), s = [Double](repeating: 0, count: p), work = [Double](repeating: 0, count: p)
        try u.withUnsafeMutableBufferPointer { u in
            try vMatrix.withUnsafeMutableBufferPointer { vm in
                try s.withUnsafeMutableBufferPointer { s in
                    try work.withUnsafeMutableBufferPointer { w in
                        var U = matrixView(u.baseAddress!, rows: p, columns: p)
                        var V = matrixView(vm.baseAddress!, rows: p, columns: p)
                        var S = vectorView(s.baseAddress!, count: p)
                        var W = vectorView(w.baseAddress!, count: p)
                        try checkGSL(gsl_linalg_SV_decomp(&U, &V, &S, &W), "gsl_linalg_SV_decomp")
                    }
                }
            }
        }
        // Singular values come in decreasing order.
        guard s[0] > 0, s.allSatisfy({ $0 > rankTolerance * s[0] }) else { throw StatsError.singularDesign }
        // c = D⁻¹ V S⁻¹ Uᵀ z.
        var w = [Double](repeating: 0, count: p)
        for k in 0..<p {
            var dot = 0.0
            for i in 0..<p { dot += u[i * p + k] * z[i] }
            w[k] = dot / s[k]
        }
        var c = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var sum = 0.0
            for k in 0..<p { sum += vMatrix[j * p + k] * w[k] }
            c[j] = sum / d[j]
        }
        try requireFinite(c, "least-squares coefficients")
        return c
    }
}
