// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayStats

/// Ordinary least-squares trend `y = intercept + slope · t` with inference.
public struct OLSTrend: Sendable, Equatable {
    public var n: Int
    public var slope: Double
    /// `s / sqrt(Σ(t − t̄)²)`, `s² = SSR/(n − 2)`.
    public var slopeSE: Double
    /// `slope ± t_{(1+level)/2, n−2} · slopeSE`.
    public var ciLower: Double
    public var ciUpper: Double
    /// Two-sided p for H₀: slope = 0 from Student's t with `n − 2` df.
    public var pValue: Double
    public var intercept: Double
    public var rSquared: Double
    public var level: Double

    /// True when the confidence interval lies entirely above or below 0.
    public var ciExcludesZero: Bool { ciLower > 0 || ciUpper < 0 }
}

/// Theil–Sen line: median pairwise slope with Sen's rank-based confidence interval.
public struct TheilSenTrend: Sendable, Equatable {
    public var slope: Double
    /// `median(yᵢ − slope · tᵢ)` (Sen 1968; scipy `theilslopes(method="joint")`).
    public var intercept: Double
    public var ciLower: Double
    public var ciUpper: Double
    public var level: Double
}

/// Mann–Kendall trend test and Kendall's τ_b of y on time.
public struct MannKendallResult: Sendable, Equatable {
    /// `S = Σ_{i<j} sign(tⱼ − tᵢ) · sign(yⱼ − yᵢ)`.
    public var s: Int
    /// Variance of S under H₀ with the tie correction.
    public var varianceS: Double
    /// Continuity-corrected `z = (S − sign S)/sqrt(Var S)` (0 when S = 0 or Var S = 0).
    public var z: Double
    /// Two-sided normal p-value `2 · Q(|z|)`; 1 when Var S = 0.
    public var pValue: Double
    /// Kendall's τ_b, or `nil` when either series is constant.
    public var tauB: Double?
}

/// Pure trend statistics on paired `[Double]` time/value arrays.
///
/// The flags feature reuses ``ols(x:y:level:)`` (slope CI) and ``mannKendall(x:y:)`` (p) per episode.
public enum TrendStatistics {
    /// OLS slope, SE, CI, p, intercept and R² via `gsl_fit_linear` (`HeadwayStats/fitLine(x:y:)`).
    ///
    /// `slope = Σ(t−t̄)(y−ȳ)/Σ(t−t̄)²`, `SE = s/sqrt(Σ(t−t̄)²)` with `s² = SSR/(n−2)`,
    /// CI `slope ± t_{(1+level)/2, n−2}·SE`, p `= 2·P(T_{n−2} > |slope/SE|)`, `R² = 1 − SSR/SST`
    /// (Draper & Smith, *Applied Regression Analysis*, 3rd ed., ch. 1).
    /// - Throws: `StatsError` for fewer than 3 points, constant t or non-finite input.
    public static func ols(x: [Double], y: [Double], level: Double = 0.95) throws -> OLSTrend {
        guard x.count >= 3 else { throw StatsError.tooFewPoints(needed: 3, got: x.count) }
        let fit = try fitLine(x: x, y: y)
        let ci = try fit.slopeConfidenceInterval(level: level)
        return OLSTrend(n: fit.n, slope: fit.slope, slopeSE: fit.slopeSE, ciLower: ci.lower, ciUpper: ci.upper,
                        pValue: try fit.slopePValue(), intercept: fit.intercept, rSquared: fit.rSquared, level: level)
    }

    /// Theil–Sen estimator (Theil 1950; Sen 1968, *JASA* 63:1379–1389).
    ///
    /// Slope: the median of the `N` pairwise slopes `(yⱼ − yᵢ)/(tⱼ − tᵢ)` over pairs with `tᵢ ≠ tⱼ`.
    /// Intercept: `median(yᵢ − slope · tᵢ)` (Sen's convention; scipy `method="joint"`).
    /// CI (Sen 1968 §5; Hollander & Wolfe, *Nonparametric Statistical Methods*, §9.4):
    /// with `C = z_{(1+level)/2} · sqrt(Var S)` and
    /// `Var S = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5) − Σ_u u(u−1)(2u+5)]/18` (ties in t and y, as
    /// scipy.stats.theilslopes, Sen's eq. 2.6), the bounds are the sorted slopes of 1-based rank
    /// `round((N − C)/2)` and `round((N + C)/2) + 1`, clamped to `1…N` (the ranks scipy uses).
    /// - Throws: `lengthMismatch`, `tooFewPoints` (< 2 points), `constantPredictor`, `nonFinite`.
    public static func theilSen(x: [Double], y: [Double], level: Double = 0.95) throws -> TheilSenTrend {
        try validate(x, y, needed: 2)
        return try theilSen(x: x, y: y, level: level, tx: TieSums(x), ty: TieSums(y))
    }

    /// ``theilSen(x:y:level:)`` on validated input with the tie sums of x and y already known
    /// (``TrendAnalysis`` computes them once for Theil–Sen and Mann–Kendall).
    static func theilSen(x: [Double], y: [Double], level: Double, tx: TieSums, ty: TieSums) throws -> TheilSenTrend {
        guard level > 0, level < 1 else { throw StatsError.probabilityOutOfRange(level) }
        let n = Double(x.count)
        let varS = (n * (n - 1) * (2 * n + 5) - tx.v - ty.v) / 18
        let z = try Normal.quantile(0.5 + level / 2)
        let c = z * max(varS, 0).squareRoot()
        // O(n log n) expected: see SlopeSelection.swift.
        guard let slopes = theilSenSlopes(x: x, y: y, bounds: { total in
            let count = Double(total)
            return (min(max(Int(((count - c) / 2).rounded()) - 1, 0), total - 1),
                    min(max(Int(((count + c) / 2).rounded()), 0), total - 1))
        }) else { throw StatsError.constantPredictor }
        let slope = slopes.slope
        var residuals = zip(x, y).map { $1 - slope * $0 }
        residuals.sort()
        let intercept = medianOfSorted(residuals)
        return TheilSenTrend(slope: slope, intercept: intercept, ciLower: slopes.lower,
                             ciUpper: slopes.upper, level: level)
    }

    /// Kendall's S between `x` and `y`: `Σ_{i<j} sign(xⱼ − xᵢ) · sign(yⱼ − yᵢ)`.
    ///
    /// O(n log n) for n > ``kendallSQuadraticLimit`` (Knight 1966, *JASA* 61:436–439): sort the pairs by
    /// (x, y), count the discordant pairs `D` as strict inversions of y during a merge sort, then
    /// `S = n₀ − n₁ − n₂ + n₃ − 2D` with `n₀ = n(n−1)/2`, `n₁`/`n₂` the pairs tied in x / in y and `n₃`
    /// the pairs tied in both (concordant + discordant = n₀ − n₁ − n₂ + n₃). Short series use the
    /// direct double sum.
    public static func kendallS(x: [Double], y: [Double]) -> Int {
        precondition(x.count == y.count, "kendallS: lengths differ")
        return x.count > kendallSQuadraticLimit ? kendallSMergeSort(x: x, y: y) : kendallSQuadratic(x: x, y: y)
    }

    /// Series up to this length use the O(n²) double sum in ``kendallS(x:y:)``.
    public static let kendallSQuadraticLimit = 32

    /// The direct O(n²) double sum.
    static func kendallSQuadratic(x: [Double], y: [Double]) -> Int {
        var s = 0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                s += sign(x[j] - x[i]) * sign(y[j] - y[i])
            }
        }
        return s
    }

    /// Knight's O(n log n) algorithm (see ``kendallS(x:y:)``).
    static func kendallSMergeSort(x: [Double], y: [Double]) -> Int {
        let n = x.count
        guard n >= 2 else { return 0 }
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        var ys = order.map { y[$0] }
        // Pairs tied in x (n₁) and in both x and y (n₃): runs in the (x, y)-sorted order.
        var n1 = 0, n3 = 0
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && x[order[j]] == x[order[i]] { j += 1 }
            n1 += (j - i) * (j - i - 1) / 2
            var k = i
            while k < j {
                var m = k + 1
                while m < j && ys[m] == ys[k] { m += 1 }
                n3 += (m - k) * (m - k - 1) / 2
                k = m
            }
            i = j
        }
        // Discordant pairs: strict inversions of ys, counted by a bottom-up merge sort.
        var buffer = ys
        var discordant = 0
        var width = 1
        while width < n {
            var lo = 0
            while lo < n {
                let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
                var a = lo, b = mid, o = lo
                while a < mid && b < hi {
                    if ys[b] < ys[a] {          // strict: equal y is a tie, not a discordance
                        buffer[o] = ys[b]; b += 1
                        discordant += mid - a
                    } else {
                        buffer[o] = ys[a]; a += 1
                    }
                    o += 1
                }
                while a < mid { buffer[o] = ys[a]; a += 1; o += 1 }
                while b < hi { buffer[o] = ys[b]; b += 1; o += 1 }
                lo = hi
            }
            swap(&ys, &buffer)
            width *= 2
        }
        // ys is now sorted: pairs tied in y (n₂).
        var n2 = 0
        i = 0
        while i < n {
            var j = i + 1
            while j < n && ys[j] == ys[i] { j += 1 }
            n2 += (j - i) * (j - i - 1) / 2
            i = j
        }
        let n0 = n * (n - 1) / 2
        return n0 - n1 - n2 + n3 - 2 * discordant
    }

    /// Mann–Kendall trend test (Mann 1945; Kendall 1975, *Rank Correlation Methods*, 4th ed., ch. 4).
    ///
    /// `S` as in ``kendallS(x:y:)`` with `x` the time. Variance with ties in both series
    /// (Kendall 1970, eq. 4.4): with `v₀ = n(n−1)(2n+5)`, `v_t = Σ t(t−1)(2t+5)`, `v_u` likewise for y,
    /// `Var S = (v₀ − v_t − v_u)/18 + Σt(t−1)(t−2)·Σu(u−1)(u−2)/(9n(n−1)(n−2))
    ///          + Σt(t−1)·Σu(u−1)/(2n(n−1))`;
    /// with distinct times this is the familiar `[n(n−1)(2n+5) − Σ u(u−1)(2u+5)]/18`.
    /// `z = (S − sign S)/sqrt(Var S)`, `p = 2·(1 − Φ(|z|))`.
    /// τ_b = `S / sqrt((n₀ − n₁)(n₀ − n₂))` (see ``kendallTauB(x:y:)``).
    /// - Throws: `lengthMismatch`, `tooFewPoints` (< 3), `nonFinite`.
    public static func mannKendall(x: [Double], y: [Double]) throws -> MannKendallResult {
        try validate(x, y, needed: 3)
        return mannKendall(x: x, y: y, tx: TieSums(x), ty: TieSums(y))   // one sort per series
    }

    /// ``mannKendall(x:y:)`` on validated input (n ≥ 3) with the tie sums of x and y already known.
    static func mannKendall(x: [Double], y: [Double], tx: TieSums, ty: TieSums) -> MannKendallResult {
        let s = kendallS(x: x, y: y)
        let n = Double(x.count)
        let v0 = n * (n - 1) * (2 * n + 5)
        let vt = tx.v, vu = ty.v
        let t1 = tx.t1, u1 = ty.t1
        let t2 = tx.t2, u2 = ty.t2
        let varS = max(0, (v0 - vt - vu) / 18 + t2 * u2 / (9 * n * (n - 1) * (n - 2)) + t1 * u1 / (2 * n * (n - 1)))
        var z = 0.0, p = 1.0
        if varS > 0 && s != 0 {
            z = (Double(s) - Double(s.signum())) / varS.squareRoot()
            p = min(1, 2 * Normal.upperTail(abs(z)))
        }
        return MannKendallResult(s: s, varianceS: varS, z: z, pValue: p, tauB: kendallTauB(count: x.count, s: s, tx: tx, ty: ty))
    }

    /// Kendall's τ_b (Kendall 1945; Kendall 1970, *Rank Correlation Methods*, eq. 3.2):
    /// `τ_b = S / sqrt((n₀ − n₁)(n₀ − n₂))` with `n₀ = n(n−1)/2`, `n₁ = Σ t(t−1)/2` over tie groups
    /// of x and `n₂` likewise for y. `nil` when a series is constant (or fewer than 2 points).
    public static func kendallTauB(x: [Double], y: [Double]) -> Double? {
        kendallTauB(x: x, y: y, s: nil)
    }

    /// τ_b from S and the tie sums (the same arithmetic as ``kendallTauB(x:y:s:)``).
    static func kendallTauB(count: Int, s: Int, tx: TieSums, ty: TieSums) -> Double? {
        guard count >= 2 else { return nil }
        let n = Double(count)
        let n0 = n * (n - 1) / 2
        let d = (n0 - tx.half) * (n0 - ty.half)
        guard d > 0 else { return nil }
        return Double(s) / d.squareRoot()
    }

    static func kendallTauB(x: [Double], y: [Double], s: Int?) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let n0 = n * (n - 1) / 2
        let n1 = tieSum(x) { $0 * ($0 - 1) / 2 }, n2 = tieSum(y) { $0 * ($0 - 1) / 2 }
        let d = (n0 - n1) * (n0 - n2)
        guard d > 0 else { return nil }
        return Double(s ?? kendallS(x: x, y: y)) / d.squareRoot()
    }

    // MARK: helpers

    /// Sums over the groups of equal values of a series (sizes t > 1), from one pass over its
    /// sorted values (no copy when the series is already non-decreasing, as times are): `v = Σ t(t−1)(2t+5)`,
    /// `t1 = Σ t(t−1)`, `t2 = Σ t(t−1)(t−2)`, `half = Σ t(t−1)/2`. Each is a sum of whole numbers far
    /// below 2⁵³, so it is exact and equals ``tieSum(_:_:)`` and the sums over ``tieSizes(_:)``.
    struct TieSums {
        var v = 0.0, t1 = 0.0, t2 = 0.0, half = 0.0

        init(_ values: [Double]) {
            var sortedAlready = true
            var i = 1
            while i < values.count { if values[i] < values[i - 1] { sortedAlready = false; break }; i += 1 }
            if sortedAlready { add(values) } else { add(values.sorted()) }
        }

        private mutating func add(_ sorted: [Double]) {
            var i = 0
            while i < sorted.count {
                var j = i + 1
                while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
                if j - i > 1 {
                    let t = Double(j - i)
                    v += t * (t - 1) * (2 * t + 5)
                    t1 += t * (t - 1)
                    t2 += t * (t - 1) * (t - 2)
                    half += t * (t - 1) / 2
                }
                i = j
            }
        }
    }

    /// The sizes (> 1) of the groups of equal values in `v`.
    static func tieSizes(_ v: [Double]) -> [Double] {
        let sorted = v.sorted()
        var out: [Double] = [], i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            if j - i > 1 { out.append(Double(j - i)) }
            i = j
        }
        return out
    }

    /// `Σ f(t)` over the sizes `t` of groups of equal values.
    static func tieSum(_ v: [Double], _ f: (Double) -> Double) -> Double {
        let sorted = v.sorted()
        var total = 0.0, i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            if j - i > 1 { total += f(Double(j - i)) }
            i = j
        }
        return total
    }

    static func medianOfSorted(_ s: [Double]) -> Double {
        let k = s.count / 2
        return s.count % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2
    }

    @inline(__always) static func sign(_ d: Double) -> Int { d > 0 ? 1 : (d < 0 ? -1 : 0) }

    static func validate(_ x: [Double], _ y: [Double], needed: Int) throws {
        guard x.count == y.count else { throw StatsError.lengthMismatch }
        guard x.count >= needed else { throw StatsError.tooFewPoints(needed: needed, got: x.count) }
        guard x.allSatisfy(\.isFinite) else { throw StatsError.nonFinite("x") }
        guard y.allSatisfy(\.isFinite) else { throw StatsError.nonFinite("y") }
    }
}
