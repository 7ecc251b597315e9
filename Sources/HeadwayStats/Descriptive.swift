// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Descriptive statistics over Swift arrays, GSL manual §21 "Statistics".
/// All inputs must be finite; none is modified.
public enum Descriptive {
    static func validate(_ x: [Double], needed: Int) throws {
        guard x.count >= needed else { throw StatsError.tooFewPoints(needed: needed, got: x.count) }
        try requireFinite(x, "data")
    }

    /// Arithmetic mean `x̄ = (1/n) Σ xᵢ` via `gsl_stats_mean` (§21.1).
    /// - Throws: `tooFewPoints(needed: 1, …)`, `nonFinite`.
    public static func mean(_ x: [Double]) throws -> Double {
        prepareGSL()
        try validate(x, needed: 1)
        return try finiteResult(gsl_stats_mean(x, 1, x.count), "mean")
    }

    /// Sample variance `s² = Σ (xᵢ − x̄)² / (n − 1)` via `gsl_stats_variance` (§21.1).
    /// - Throws: `tooFewPoints(needed: 2, …)`, `nonFinite`.
    public static func variance(_ x: [Double]) throws -> Double {
        prepareGSL()
        try validate(x, needed: 2)
        return try finiteResult(gsl_stats_variance(x, 1, x.count), "variance")
    }

    /// Sample standard deviation `s = sqrt(Σ (xᵢ − x̄)² / (n − 1))` via `gsl_stats_sd` (§21.1).
    /// - Throws: `tooFewPoints(needed: 2, …)`, `nonFinite`.
    public static func standardDeviation(_ x: [Double]) throws -> Double {
        prepareGSL()
        try validate(x, needed: 2)
        return try finiteResult(gsl_stats_sd(x, 1, x.count), "standard deviation")
    }

    /// Median of a sorted copy via `gsl_stats_median_from_sorted_data` (§21.8):
    /// the middle value, or the mean of the two middle values for even `n`.
    /// - Throws: `tooFewPoints(needed: 1, …)`, `nonFinite`.
    public static func median(_ x: [Double]) throws -> Double {
        prepareGSL()
        try validate(x, needed: 1)
        let sorted = sortedCopy(x)
        return try finiteResult(gsl_stats_median_from_sorted_data(sorted, 1, sorted.count), "median")
    }

    /// Sample quantile of a sorted copy of `x` (sorted with `gsl_sort`); see ``quantile(sorted:_:)``.
    /// - Throws: `tooFewPoints(needed: 1, …)`, `nonFinite`, `probabilityOutOfRange` unless `0 ≤ p ≤ 1`.
    public static func quantile(_ x: [Double], _ p: Double) throws -> Double {
        prepareGSL()
        try validate(x, needed: 1)
        try requireClosedProbability(p)
        return try quantileOfSorted(sortedCopy(x), p)
    }

    /// Sample quantile of ascending data via `gsl_stats_quantile_from_sorted_data` (§21.8):
    /// with `δ = (n − 1) p`, `i = ⌊δ⌋`, the result is `(1 − (δ − i)) x₍ᵢ₎ + (δ − i) x₍ᵢ₊₁₎`.
    /// This is Hyndman & Fan (1996) definition 7, the default of R's `quantile()` and numpy's
    /// `percentile`. `p = 0` gives the minimum, `p = 1` the maximum.
    /// - Throws: `tooFewPoints`, `nonFinite`, `probabilityOutOfRange` unless `0 ≤ p ≤ 1`,
    ///   `invalidArgument` when `sorted` is not in ascending order.
    public static func quantile(sorted: [Double], _ p: Double) throws -> Double {
        prepareGSL()
        try validate(sorted, needed: 1)
        try requireClosedProbability(p)
        for i in sorted.indices.dropFirst() where sorted[i] < sorted[i - 1] {
            throw StatsError.invalidArgument("data passed as sorted is not in ascending order")
        }
        return try quantileOfSorted(sorted, p)
    }

    /// Pearson correlation `r = Σ(xᵢ−x̄)(yᵢ−ȳ) / sqrt(Σ(xᵢ−x̄)² Σ(yᵢ−ȳ)²)` via
    /// `gsl_stats_correlation` (§21.6).
    /// - Throws: `lengthMismatch`, `tooFewPoints(needed: 2, …)`, `nonFinite`,
    ///   `zeroVariance` when either series is constant.
    public static func correlation(_ x: [Double], _ y: [Double]) throws -> Double {
        prepareGSL()
        guard x.count == y.count else { throw StatsError.lengthMismatch }
        try validate(x, needed: 2)
        try validate(y, needed: 2)
        guard x.contains(where: { $0 != x[0] }) else { throw StatsError.zeroVariance("x") }
        guard y.contains(where: { $0 != y[0] }) else { throw StatsError.zeroVariance("y") }
        let r = try finiteResult(gsl_stats_correlation(x, 1, y, 1, x.count), "correlation")
        return min(1, max(-1, r))
    }

    static func sortedCopy(_ x: [Double]) -> [Double] {
        var copy = x
        copy.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        return copy
    }

    static func quantileOfSorted(_ sorted: [Double], _ p: Double) throws -> Double {
        try finiteResult(gsl_stats_quantile_from_sorted_data(sorted, 1, sorted.count, p), "quantile")
    }
}
