// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Throws unless `0 < p < 1`.
func requireOpenProbability(_ p: Double) throws {
    guard p.isFinite, p > 0, p < 1 else { throw StatsError.probabilityOutOfRange(p) }
}

/// Throws unless `0 ≤ p ≤ 1`.
func requireClosedProbability(_ p: Double) throws {
    guard p.isFinite, p >= 0, p <= 1 else { throw StatsError.probabilityOutOfRange(p) }
}

/// Throws unless the degrees of freedom are finite and positive.
func requireDF(_ df: Double) throws {
    guard df.isFinite, df > 0 else { throw StatsError.invalidArgument("degrees of freedom must be positive and finite, got \(df)") }
}

/// Returns `value` or throws when GSL produced NaN/infinity (its CDF errors return NaN).
func finiteResult(_ value: Double, _ what: String) throws -> Double {
    guard value.isFinite else { throw StatsError.nonFinite(what) }
    return value
}

/// The normal (Gaussian) distribution, GSL manual §20.2 "The Gaussian Distribution"
/// (`gsl_cdf_gaussian_P`, `gsl_cdf_ugaussian_Q`, `gsl_cdf_ugaussian_Pinv`).
public enum Normal {
    /// `Φ((x − mean)/sd) = P(X ≤ x)` via `gsl_cdf_gaussian_P(x − mean, sd)`.
    /// ±infinity are allowed for `x` (giving 0 or 1).
    /// Preconditions (programmer errors, not data errors): `x`, `mean` not NaN,
    /// `mean` finite, `sd` finite and positive.
    public static func cdf(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
        prepareGSL()
        precondition(!x.isNaN && mean.isFinite, "Normal.cdf: x and mean must not be NaN")
        precondition(sd.isFinite && sd > 0, "Normal.cdf: sd must be positive and finite")
        if x.isInfinite { return x > 0 ? 1 : 0 }
        return gsl_cdf_gaussian_P(x - mean, sd)
    }

    /// Upper tail of the standard normal, `Q(x) = 1 − Φ(x)`, via `gsl_cdf_ugaussian_Q`
    /// (accurate far into the tail). Precondition: `x` not NaN.
    public static func upperTail(_ x: Double) -> Double {
        prepareGSL()
        precondition(!x.isNaN, "Normal.upperTail: x must not be NaN")
        if x.isInfinite { return x > 0 ? 0 : 1 }
        return gsl_cdf_ugaussian_Q(x)
    }

    /// Quantile `mean + sd · Φ⁻¹(p)` via `gsl_cdf_ugaussian_Pinv`.
    /// - Throws: `probabilityOutOfRange` unless `0 < p < 1`; `invalidArgument` for a bad mean/sd.
    public static func quantile(_ p: Double, mean: Double = 0, sd: Double = 1) throws -> Double {
        prepareGSL()
        try requireOpenProbability(p)
        guard mean.isFinite, sd.isFinite, sd > 0 else { throw StatsError.invalidArgument("mean must be finite and sd positive") }
        return try finiteResult(mean + sd * gsl_cdf_ugaussian_Pinv(p), "normal quantile")
    }
}

/// Student's t distribution with `df` degrees of freedom, GSL manual §20.21
/// "The t-distribution" (`gsl_cdf_tdist_P`, `_Q`, `_Pinv`).
public enum StudentT {
    /// `P(T ≤ t)` via `gsl_cdf_tdist_P`.
    /// - Throws: `nonFinite` for NaN `t`; `invalidArgument` unless `df > 0` and finite.
    public static func cdf(_ t: Double, df: Double) throws -> Double {
        prepareGSL()
        guard !t.isNaN else { throw StatsError.nonFinite("t") }
        try requireDF(df)
        if t.isInfinite { return t > 0 ? 1 : 0 }
        return try finiteResult(gsl_cdf_tdist_P(t, df), "t cdf")
    }

    /// Two-sided p-value `2 · P(T > |t|)` via `gsl_cdf_tdist_Q` (capped at 1).
    /// - Throws: as ``cdf(_:df:)``.
    public static func twoSidedP(_ t: Double, df: Double) throws -> Double {
        prepareGSL()
        guard !t.isNaN else { throw StatsError.nonFinite("t") }
        try requireDF(df)
        if t.isInfinite { return 0 }
        return try finiteResult(min(1, 2 * gsl_cdf_tdist_Q(abs(t), df)), "t two-sided p")
    }

    /// Quantile `t` with `P(T ≤ t) = p` via `gsl_cdf_tdist_Pinv`.
    /// - Throws: `probabilityOutOfRange` unless `0 < p < 1`; `invalidArgument` for bad `df`.
    public static func quantile(_ p: Double, df: Double) throws -> Double {
        prepareGSL()
        try requireOpenProbability(p)
        try requireDF(df)
        if let q = StudentTQuantileTable.lookup(p, df: df) { return q }
        return try finiteResult(gsl_cdf_tdist_Pinv(p, df), "t quantile")
    }

    /// ``quantile(_:df:)`` straight from GSL, never from the table (the tests' oracle for it).
    static func quantileFromGSL(_ p: Double, df: Double) -> Double {
        prepareGSL()
        return gsl_cdf_tdist_Pinv(p, df)
    }
}

/// `gsl_cdf_tdist_Pinv(p, df)` for the two-sided 90/95/99 % levels (p = 0.95, 0.975, 0.995) and
/// whole `df` in 1…``maxDF``: every per-episode slope interval asks for one of these, and the
/// inverse t CDF (an iterative incomplete-beta inversion) was the most expensive call of `trend`.
/// The table holds exactly the values GSL returns (filled by the same call, once, on first use;
/// immutable afterwards), so results are bit-identical to calling GSL each time.
enum StudentTQuantileTable {
    static let maxDF = 512
    static let probabilities: [Double] = [0.975, 0.95, 0.995]
    /// `values[k][df − 1]` for `probabilities[k]`; NaN where GSL gave a non-finite value.
    private static let values: [[Double]] = {
        prepareGSL()
        return probabilities.map { p in (1...maxDF).map { df in
            let q = gsl_cdf_tdist_Pinv(p, Double(df))
            return q.isFinite ? q : .nan
        } }
    }()

    /// The tabulated quantile, or `nil` when `(p, df)` is not in the table.
    @inline(__always)
    static func lookup(_ p: Double, df: Double) -> Double? {
        guard df >= 1, df <= Double(maxDF), df == df.rounded(.down) else { return nil }
        guard let k = probabilities.firstIndex(of: p) else { return nil }
        let q = values[k][Int(df) - 1]
        return q.isNaN ? nil : q
    }
}

/// The χ² distribution with `df` degrees of freedom, GSL manual §20.19
/// "The Chi-squared Distribution" (`gsl_cdf_chisq_P`, `_Q`, `_Pinv`).
public enum ChiSquared {
    /// `P(X ≤ x)` via `gsl_cdf_chisq_P` (0 for `x ≤ 0`).
    /// - Throws: `nonFinite` for NaN `x`; `invalidArgument` for bad `df`.
    public static func cdf(_ x: Double, df: Double) throws -> Double {
        prepareGSL()
        guard !x.isNaN else { throw StatsError.nonFinite("x") }
        try requireDF(df)
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return try finiteResult(gsl_cdf_chisq_P(x, df), "chi-squared cdf")
    }

    /// `P(X > x)` via `gsl_cdf_chisq_Q` (1 for `x ≤ 0`).
    /// - Throws: as ``cdf(_:df:)``.
    public static func upperTail(_ x: Double, df: Double) throws -> Double {
        prepareGSL()
        guard !x.isNaN else { throw StatsError.nonFinite("x") }
        try requireDF(df)
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return try finiteResult(gsl_cdf_chisq_Q(x, df), "chi-squared upper tail")
    }

    /// Quantile `x` with `P(X ≤ x) = p` via `gsl_cdf_chisq_Pinv`.
    /// - Throws: `probabilityOutOfRange` unless `0 < p < 1`; `invalidArgument` for bad `df`.
    public static func quantile(_ p: Double, df: Double) throws -> Double {
        prepareGSL()
        try requireOpenProbability(p)
        try requireDF(df)
        return try finiteResult(gsl_cdf_chisq_Pinv(p, df), "chi-squared quantile")
    }
}

/// The binomial distribution `Bin(n, p)`, GSL manual §20.30 "The Binomial Distribution"
/// (`gsl_ran_binomial_pdf`, `gsl_cdf_binomial_P`, `gsl_cdf_binomial_Q`).
public enum Binomial {
    static func validate(p: Double, n: Int) throws {
        try requireClosedProbability(p)
        guard n >= 0, n <= Int(UInt32.max) else { throw StatsError.invalidArgument("n must be in 0...\(UInt32.max), got \(n)") }
    }

    /// `P(X ≤ k) = Σ_{i≤k} C(n,i) pⁱ (1−p)ⁿ⁻ⁱ` via `gsl_cdf_binomial_P`
    /// (0 for `k < 0`, 1 for `k ≥ n`).
    /// - Throws: `probabilityOutOfRange` unless `0 ≤ p ≤ 1`; `invalidArgument` for negative `n`.
    public static func cdf(_ k: Int, p: Double, n: Int) throws -> Double {
        prepareGSL()
        try validate(p: p, n: n)
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return try finiteResult(gsl_cdf_binomial_P(UInt32(k), p, UInt32(n)), "binomial cdf")
    }

    /// `P(X > k)` via `gsl_cdf_binomial_Q` (1 for `k < 0`, 0 for `k ≥ n`).
    /// - Throws: as ``cdf(_:p:n:)``.
    public static func upperTail(_ k: Int, p: Double, n: Int) throws -> Double {
        prepareGSL()
        try validate(p: p, n: n)
        if k < 0 { return 1 }
        if k >= n { return 0 }
        return try finiteResult(gsl_cdf_binomial_Q(UInt32(k), p, UInt32(n)), "binomial upper tail")
    }

    /// `P(X = k) = C(n,k) pᵏ (1−p)ⁿ⁻ᵏ` via `gsl_ran_binomial_pdf` (0 outside `0...n`).
    /// - Throws: as ``cdf(_:p:n:)``.
    public static func pmf(_ k: Int, p: Double, n: Int) throws -> Double {
        prepareGSL()
        try validate(p: p, n: n)
        if k < 0 || k > n { return 0 }
        return try finiteResult(gsl_ran_binomial_pdf(UInt32(k), p, UInt32(n)), "binomial pmf")
    }
}
