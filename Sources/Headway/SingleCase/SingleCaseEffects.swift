// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import HeadwayStats

/// Which way a single-case outcome improves.
public enum Improvement: String, Sendable, Hashable, CaseIterable {
    case increase, decrease

    /// Higher-is-better measures improve by increasing, lower-is-better by decreasing.
    public init(_ direction: ScoreDirection) {
        self = direction == .higherIsBetter ? .increase : .decrease
    }

    /// +1 for increase, −1 for decrease: multiplying values by it makes "up" the improvement.
    var orientation: Double { self == .increase ? 1 : -1 }
}

/// Non-overlap of all pairs with its standard errors and confidence interval.
public struct NAPResult: Sendable, Equatable {
    public var nap: Double
    /// The exactly unbiased SE (Sen 1967; Mee 1990). `nil` when a phase has fewer than 2 observations.
    public var se: Double?
    /// Hanley & McNeil (1982) SE.
    public var seHanley: Double
    /// SE under the null hypothesis of no effect, `sqrt((m + n + 1)/(12mn))`.
    public var seNull: Double
    public var ciLower: Double
    public var ciUpper: Double
}

/// An estimate with an optional standard error and confidence interval.
public struct IntervalEstimate: Sendable, Equatable {
    public var estimate: Double
    public var se: Double?
    public var ciLower: Double?
    public var ciUpper: Double?

    public init(estimate: Double, se: Double? = nil, ciLower: Double? = nil, ciUpper: Double? = nil) {
        self.estimate = estimate; self.se = se; self.ciLower = ciLower; self.ciUpper = ciUpper
    }

    /// `estimate ± z·se` (no interval when `se` is `nil`).
    init(wald estimate: Double, se: Double?, level: Double) {
        let z = SingleCaseEffects.zCritical(level)
        self.init(estimate: estimate, se: se, ciLower: se.map { estimate - z * $0 }, ciUpper: se.map { estimate + z * $0 })
    }
}

/// Tau (non-overlap) with the SEs and interval carried over from NAP.
public struct TauResult: Sendable, Equatable {
    public var tau: Double
    /// `2·SE_NAP` (unbiased); `nil` when a phase has fewer than 2 observations.
    public var se: Double?
    public var seHanley: Double
    public var seNull: Double
    public var ciLower: Double
    public var ciUpper: Double

    init(_ r: NAPResult) {
        tau = 2 * r.nap - 1; se = r.se.map { 2 * $0 }; seHanley = 2 * r.seHanley; seNull = 2 * r.seNull
        ciLower = 2 * r.ciLower - 1; ciUpper = 2 * r.ciUpper - 1
    }

    /// Every number multiplied by `c` (the Kendall τ_b rescaling of Tau-BC).
    func scaled(_ c: Double) -> IntervalEstimate {
        IntervalEstimate(estimate: c * tau, se: se.map { c * $0 }, ciLower: c * ciLower, ciUpper: c * ciUpper)
    }
}

/// Baseline-corrected Tau in its two forms.
public struct TauBCResult: Sendable, Equatable {
    /// The baseline Theil–Sen slope removed from every score.
    public var slope: Double
    /// Non-overlap form `(P − N)/(mn)` on the residuals, with the Tau SEs and interval computed on them.
    public var nonOverlap: TauResult
    /// Kendall's τ_b between the residuals and the phase indicator, with SE and CI rescaled from `nonOverlap`;
    /// `nil` when every residual ties (τ_b undefined).
    public var kendall: IntervalEstimate?
}

/// A standardized mean difference (Hedges' g) with its standard error and normal-theory interval.
public struct SMDResult: Sendable, Equatable {
    /// Bias-corrected `g = J · d`, oriented so that a positive value is an improvement.
    public var g: Double
    public var se: Double
    /// Uncorrected `d`.
    public var d: Double
    /// `g ± z_{1−α/2} · SE`.
    public var ciLower: Double
    public var ciUpper: Double

    init(g: Double, se: Double, d: Double, level: Double) {
        self.g = g; self.se = se; self.d = d
        let z = SingleCaseEffects.zCritical(level)
        ciLower = g - z * se; ciUpper = g + z * se
    }
}

/// Bias-corrected log response ratio with its standard error and normal-theory interval.
public struct LRRResult: Sendable, Equatable {
    /// `ln(μ_B/μ_A)` estimate, on the scale of the values it was given (see ``SingleCaseEffects/lrr(a:b:truncation:level:)``).
    public var lrr: Double
    public var se: Double
    /// `100 · (exp(lrr) − 1)`: the percentage change of the phase mean from A to B.
    public var percentChange: Double
    /// `lrr ± z_{1−α/2} · SE`.
    public var ciLower: Double
    public var ciUpper: Double
    /// A phase mean or variance was raised to its truncation bound.
    public var truncated: Bool

    /// The same estimate with the sign reversed (LRRi ↔ LRRd on a count or rate scale).
    var negated: LRRResult {
        LRRResult(lrr: -lrr, se: se, percentChange: 100 * (exp(-lrr) - 1), ciLower: -ciUpper, ciUpper: -ciLower, truncated: truncated)
    }
}

/// The measurement scale of a single-case outcome, which sets the LRR truncation constant `D`
/// (Pustejovsky 2018, *Journal of School Psychology* 68:99–112; SingleCaseES `LRRd`/`LRRi` `scale`).
public enum OutcomeScale: String, Sendable, Hashable, CaseIterable {
    /// Frequency counts (0, 1, 2, …): `D = 1`. Headway's default: a questionnaire total is a count of item points.
    case count
    /// Events per minute over sessions of `observationLength` minutes: `D = L`.
    case rate
    /// Proportions in [0, 1] of `intervals` intervals (or items): `D = K`.
    case proportion
    /// Percentages in [0, 100] of `intervals` intervals (or items): `D = K/100`.
    case percentage
    /// Anything else: no truncation (an LRR with a zero phase mean has no value) unless `dConstant` is given.
    case other
}

/// How the log response ratios treat zero means.
public struct LRRSettings: Sendable, Hashable {
    public var scale: OutcomeScale
    /// Session length in minutes (rate scale).
    public var observationLength: Double?
    /// Intervals (or items) per session (proportion and percentage scales).
    public var intervals: Double?
    /// An explicit `D`, overriding the scale.
    public var dConstant: Double?

    public init(scale: OutcomeScale = .count, observationLength: Double? = nil, intervals: Double? = nil, dConstant: Double? = nil) {
        self.scale = scale; self.observationLength = observationLength; self.intervals = intervals; self.dConstant = dConstant
    }

    /// `D`: the truncated means are `max(ȳ, 1/(2Dm))`. A mean of counts over m sessions that is not 0 is at
    /// least `1/m`, of rates `1/(Lm)`, of proportions of K intervals `1/(Km)`, of percentages `100/(Km)`;
    /// `1/(2Dm)` is half that smallest positive value. `nil` (no truncation) for `other`, or when the
    /// scale's length or interval count is missing.
    public var truncationConstant: Double? {
        if let dConstant { return dConstant > 0 ? dConstant : nil }
        switch scale {
        case .count: return 1
        case .rate: return observationLength.flatMap { $0 > 0 ? $0 : nil }
        case .proportion: return intervals.flatMap { $0 > 0 ? $0 : nil }
        case .percentage: return intervals.flatMap { $0 > 0 ? $0 / 100 : nil }
        case .other: return nil
        }
    }

    /// The largest value of a bounded scale (1 or 100), used for the complement `max − y`.
    var upperBound: Double? { scale == .proportion ? 1 : (scale == .percentage ? 100 : nil) }
}

/// The two log response ratios of Pustejovsky (2018): LRRi (positive = improvement) and LRRd (negative = improvement).
public enum LRRVariant: String, Sendable, Hashable {
    case increasing, decreasing
}

/// Huitema & McKean (2000) piecewise (interrupted time-series) regression.
public struct PiecewiseResult: Sendable, Equatable {
    /// b0, b1 (baseline slope), b2 (level change at the first B time), b3 (slope change).
    public var coefficients: [Double]
    public var standardErrors: [Double]
    public var degreesOfFreedom: Int
    public var intercept: Double { coefficients[0] }
    public var baselineSlope: Double { coefficients[1] }
    public var levelChange: Double { coefficients[2] }
    public var slopeChange: Double { coefficients[3] }
}

/// Within-case effect sizes for an A (baseline) versus B (treatment) comparison.
///
/// All non-overlap indices are oriented by `improvement`: "B improves on A" means
/// `B > A` for `.increase` and `B < A` for `.decrease`. Observations are assumed in time order
/// where order matters (Tau-U). References: Parker, Vannest & Davis (2011), "Effect size in
/// single-case research: a review of nine nonoverlap techniques", *Behavior Modification* 35:303–322;
/// Pustejovsky (2018), "Procedural sensitivities of effect sizes for single-case designs with
/// directly observed behavioral outcome measures", *Psychological Methods* 24:217–235.
public enum SingleCaseEffects {
    // MARK: pairwise comparisons

    /// Counts over all `m·n` pairs: `P` = B improves on A, `N` = B worse than A, `T` = ties.
    static func pairCounts(_ a: [Double], _ b: [Double], _ imp: Improvement) -> (p: Int, n: Int, t: Int) {
        var p = 0, n = 0, t = 0
        let o = imp.orientation
        for x in a {
            for y in b {
                let d = o * (y - x)
                if d > 0 { p += 1 } else if d < 0 { n += 1 } else { t += 1 }
            }
        }
        return (p, n, t)
    }

    /// NAP (Parker & Vannest 2009): `NAP = (1/mn) Σᵢ Σⱼ qᵢⱼ`, `qᵢⱼ = I(Bⱼ improves on Aᵢ) + ½ I(Bⱼ = Aᵢ)`.
    ///
    /// **SE** — the exactly unbiased variance estimator of Sen (1967) and Mee (1990), as documented
    /// for SingleCaseES: with `Q₁ = (1/mn²) Σᵢ [Σⱼ (qᵢⱼ − NAP)]²`, `Q₂ = (1/m²n) Σⱼ [Σᵢ (qᵢⱼ − NAP)]²`,
    /// `Q₃ = (1/mn) ΣᵢΣⱼ (qᵢⱼ − NAP)²`,
    /// `V = [NAP(1 − NAP) + n Q₁ + m Q₂ − 2 Q₃] / ((m − 1)(n − 1))`.
    /// When `V ≤ 0` (complete non-overlap) Headway floors it at the Newcombe variance
    /// `V_N(θ)` below evaluated at `θ = NAP` truncated to `[1/(2mn), 1 − 1/(2mn)]` (Headway's convention).
    ///
    /// **Other SEs** (beside the unbiased one, as SingleCaseES documents them): Hanley & McNeil (1982),
    /// `V_H = [NAP(1−NAP) + (n−1)(Q₁ʳ − NAP²) + (m−1)(Q₂ʳ − NAP²)]/(mn)` with the raw
    /// `Q₁ʳ = (1/mn²) Σᵢ(Σⱼ qᵢⱼ)²`, `Q₂ʳ = (1/m²n) Σⱼ(Σᵢ qᵢⱼ)²` (floored like the unbiased one when ≤ 0), and the
    /// null-hypothesis SE `sqrt((m + n + 1)/(12mn))` (Grissom & Kim 2001, p. 141), too large when there is an effect.
    ///
    /// **CI** — Newcombe (2006), "Confidence intervals for an effect size measure based on the
    /// Mann–Whitney statistic. Part 2", *Statistics in Medicine* 25:559–573, method 5: the two roots θ of
    /// `(NAP − θ)² = z² V_N(θ)`, `V_N(θ) = θ(1−θ)[1 + h(1−θ)/(2−θ) + hθ/(1+θ)]/(mn)`, `h = (m+n)/2 − 1`,
    /// one in `[0, NAP]` and one in `[NAP, 1]`, found with Brent's method (`HeadwayStats/findRootBrent`).
    /// - Throws: `tooFewPoints` when a phase is empty; `StatsError` from the root finder.
    public static func nap(a: [Double], b: [Double], improvement: Improvement, level: Double = 0.95) throws -> NAPResult {
        guard !a.isEmpty, !b.isEmpty else { throw StatsError.tooFewPoints(needed: 1, got: min(a.count, b.count)) }
        let m = a.count, n = b.count
        let mn = Double(m * n)
        let o = improvement.orientation
        func q(_ i: Int, _ j: Int) -> Double {
            let d = o * (b[j] - a[i])
            return d > 0 ? 1 : (d == 0 ? 0.5 : 0)
        }
        var total = 0.0
        for i in 0..<m { for j in 0..<n { total += q(i, j) } }
        let nap = total / mn
        let h = Double(m + n) / 2 - 1
        func newcombeVariance(_ t: Double) -> Double {
            t * (1 - t) * (1 + h * (1 - t) / (2 - t) + h * t / (1 + t)) / mn
        }
        var se: Double? = nil
        // Hanley & McNeil (1982) with raw row/column means of q (SingleCaseES vignette):
        // V_H = [NAP(1−NAP) + (n−1)(Q₁ʳ − NAP²) + (m−1)(Q₂ʳ − NAP²)]/(mn),
        // Q₁ʳ = (1/mn²) Σᵢ (Σⱼ qᵢⱼ)², Q₂ʳ = (1/m²n) Σⱼ (Σᵢ qᵢⱼ)².
        var rawRows = Array(repeating: 0.0, count: m), rawCols = Array(repeating: 0.0, count: n)
        for i in 0..<m { for j in 0..<n { let v = q(i, j); rawRows[i] += v; rawCols[j] += v } }
        let q1r = rawRows.reduce(0) { $0 + $1 * $1 } / (Double(m) * Double(n * n))
        let q2r = rawCols.reduce(0) { $0 + $1 * $1 } / (Double(m * m) * Double(n))
        var vH = (nap * (1 - nap) + Double(n - 1) * (q1r - nap * nap) + Double(m - 1) * (q2r - nap * nap)) / mn
        if !(vH > 0) {
            let eps = 1 / (2 * mn)
            vH = newcombeVariance(min(max(nap, eps), 1 - eps))
        }
        let seNull = (Double(m + n + 1) / (12 * mn)).squareRoot()
        if m >= 2 && n >= 2 {
            var rowSums = Array(repeating: 0.0, count: m), colSums = Array(repeating: 0.0, count: n)
            var q3 = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    let d = q(i, j) - nap
                    rowSums[i] += d; colSums[j] += d; q3 += d * d
                }
            }
            let q1 = rowSums.reduce(0) { $0 + $1 * $1 } / (Double(m) * Double(n * n))
            let q2 = colSums.reduce(0) { $0 + $1 * $1 } / (Double(m * m) * Double(n))
            q3 /= mn
            var v = (nap * (1 - nap) + Double(n) * q1 + Double(m) * q2 - 2 * q3) / Double((m - 1) * (n - 1))
            if !(v > 0) {
                let eps = 1 / (2 * mn)
                v = newcombeVariance(min(max(nap, eps), 1 - eps))
            }
            se = v.squareRoot()
        }
        let z = try Normal.quantile(0.5 + level / 2)
        let f: (Double) -> Double = { t in (nap - t) * (nap - t) - z * z * newcombeVariance(t) }
        // f < 0 just inside NAP ∈ {0, 1} too, so the brackets stay valid at complete (non-)overlap.
        let inner = 1e-12
        let lower = nap <= 0 ? 0 : try findRootBrent(lower: 0, upper: nap >= 1 ? 1 - inner : nap, f)
        let upper = nap >= 1 ? 1 : try findRootBrent(lower: nap <= 0 ? inner : nap, upper: 1, f)
        return NAPResult(nap: nap, se: se, seHanley: vH.squareRoot(), seNull: seNull, ciLower: lower, ciUpper: upper)
    }

    /// Tau (A vs B non-overlap; Parker, Vannest, Davis & Sauber 2011): `Tau = (P − N)/(mn) = 2·NAP − 1`.
    /// `nil` when a phase is empty.
    public static func tau(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let c = pairCounts(a, b, improvement)
        return Double(c.p - c.n) / Double(a.count * b.count)
    }

    /// Tau with SE and CI from NAP (SingleCaseES vignette, "Tau"): `SE_Tau = 2·SE_NAP` (unbiased, Hanley or
    /// null), `CI = [2L_θ − 1, 2U_θ − 1]` from Newcombe's NAP interval. `nil` when a phase is empty.
    public static func tauInterval(a: [Double], b: [Double], improvement: Improvement, level: Double = 0.95) -> TauResult? {
        guard let r = try? nap(a: a, b: b, improvement: improvement, level: level) else { return nil }
        return TauResult(r)
    }

    /// Tau-U with a standard error under the null hypothesis (Headway's convention: SingleCaseES gives Tau-U
    /// no SE). With no effect, no baseline trend and exchangeable, untied observations, `S_AB` (Mann–Whitney form)
    /// has variance `mn(m + n + 1)/3` and the baseline Kendall `S_A` has `m(m − 1)(2m + 5)/18` (Kendall 1970);
    /// they are uncorrelated (given which values fall in A, `S_A` has mean 0), so
    /// `SE = sqrt(mn(m+n+1)/3 + m(m−1)(2m+5)/18)/(mn)`. CI: `Tau-U ± z·SE`, not truncated (Tau-U can leave
    /// [−1, 1]). Like NAP's null SE it is too large when there is an effect; ties are ignored. `nil` when a phase is empty.
    public static func tauUInterval(a: [Double], b: [Double], improvement: Improvement, level: Double = 0.95) -> IntervalEstimate? {
        guard let est = tauU(a: a, b: b, improvement: improvement) else { return nil }
        let m = Double(a.count), n = Double(b.count)
        let v = m * n * (m + n + 1) / 3 + m * (m - 1) * (2 * m + 5) / 18
        return IntervalEstimate(wald: est, se: v.squareRoot() / (m * n), level: level)
    }

    /// Baseline-corrected Tau with SEs and CIs, in both forms SingleCaseES documents (`Tau_BC`, `Kendall = FALSE`
    /// and `TRUE`; Tarlow 2017). Residuals `rᵢ = yᵢ − β·tᵢ` (β the baseline Theil–Sen slope, always removed: no
    /// pre-test) are snapped to a grid of `1e−9·max(1, max|y|)` so that exact ties survive rounding.
    ///
    /// - **Non-overlap form**: Tau on the residuals with its SEs and Newcombe-based CI (`tauInterval`),
    ///   which, as SingleCaseES notes, ignore the uncertainty of β.
    /// - **Kendall form**: τ_b between the residuals and the phase indicator (0 = A, 1 = B),
    ///   `τ_b = S/sqrt((n₀ − n₁)(n₀ − n₂))` with `n₀ = N(N−1)/2`, `n₁ = m(m−1)/2 + n(n−1)/2` (so `n₀ − n₁ = mn`)
    ///   and `n₂ = Σ t(t−1)/2` over tied residuals; since `S` = the non-overlap `P − N`,
    ///   `τ_b = c·Tau_BC` with `c = sqrt(mn/(n₀ − n₂))`. Headway rescales the SE and CI by the same `c`
    ///   (its convention; SingleCaseES documents no formula for this SE).
    ///
    /// `nil` when the baseline has fewer than 2 distinct times or B is empty.
    public static func baselineCorrectedTauInterval(a: [Double], aTimes: [Double], b: [Double], bTimes: [Double],
                                                    improvement: Improvement, level: Double = 0.95) -> TauBCResult? {
        guard !b.isEmpty, let (slope, ra, rb) = baselineResiduals(a: a, aTimes: aTimes, b: b, bTimes: bTimes),
              let t = tauInterval(a: ra, b: rb, improvement: improvement, level: level) else { return nil }
        let m = Double(a.count), n = Double(b.count), total = m + n
        var n2 = 0.0, run = 1.0
        let sorted = (ra + rb).sorted()
        for i in 1..<sorted.count {
            if sorted[i] == sorted[i - 1] { run += 1 } else { n2 += run * (run - 1) / 2; run = 1 }
        }
        n2 += run * (run - 1) / 2
        let n0 = total * (total - 1) / 2
        let kendall = n0 - n2 > 0 ? t.scaled((m * n / (n0 - n2)).squareRoot()) : nil
        return TauBCResult(slope: slope, nonOverlap: t, kendall: kendall)
    }

    /// Theil–Sen baseline slope and the snapped residuals of both phases (see ``baselineCorrectedTauInterval``).
    static func baselineResiduals(a: [Double], aTimes: [Double], b: [Double], bTimes: [Double]) -> (Double, [Double], [Double])? {
        guard let ts = try? TrendStatistics.theilSen(x: aTimes, y: a) else { return nil }
        let grid = 1e-9 * max(1, (a + b).map(abs).max() ?? 1)
        let snap: (Double) -> Double = { ($0 / grid).rounded() * grid }
        return (ts.slope, zip(a, aTimes).map { snap($0 - ts.slope * $1) }, zip(b, bTimes).map { snap($0 - ts.slope * $1) })
    }

    /// Tau-U with baseline-trend adjustment (Parker, Vannest, Davis & Sauber 2011,
    /// *Behavior Therapy* 42:284–299; the "Parker" computation of SingleCaseES `Tau_U`):
    /// `Tau-U = (S_AB − S_A)/(mn)` with `S_AB = P − N` over A×B pairs and
    /// `S_A = Σ_{i<j} sign(Aⱼ − Aᵢ)` the Kendall S of the baseline on its time order,
    /// both oriented so that positive is improvement. `a` must be in time order.
    public static func tauU(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let c = pairCounts(a, b, improvement)
        let o = improvement.orientation
        var sA = 0
        for i in 0..<a.count { for j in (i + 1)..<a.count { sA += TrendStatistics.sign(o * (a[j] - a[i])) } }
        return Double(c.p - c.n - sA) / Double(a.count * b.count)
    }

    /// Baseline-corrected Tau (Tarlow 2017, "An improved rank correlation effect size statistic for
    /// single-case designs: Baseline Corrected Tau", *Behavior Modification* 41:427–467).
    ///
    /// The Theil–Sen slope β of the baseline values on their times `aTimes` is removed from every
    /// observation, `rᵢ = yᵢ − β·tᵢ` (the intercept does not affect ranks), and Tau = `(P − N)/(mn)`
    /// is computed between the corrected phases (the non-overlap form, as SingleCaseES `Tau_BC`
    /// with `Kendall = FALSE`; it stays defined when every residual is tied). Headway always
    /// corrects (no pre-test of the baseline trend). `nil` when the baseline has fewer than 2
    /// distinct times or B is empty.
    public static func baselineCorrectedTau(a: [Double], aTimes: [Double], b: [Double], bTimes: [Double],
                                            improvement: Improvement) -> Double? {
        guard !b.isEmpty, let (_, ra, rb) = baselineResiduals(a: a, aTimes: aTimes, b: b, bTimes: bTimes) else { return nil }
        return tau(a: ra, b: rb, improvement: improvement)
    }

    /// PND (Scruggs, Mastropieri & Casto 1987): the proportion of B points that improve on the most
    /// extreme A point (`> max A` for increase, `< min A` for decrease). A proportion in [0, 1].
    public static func pnd(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard let lo = a.min(), let hi = a.max(), !b.isEmpty else { return nil }
        let count = b.filter { improvement == .increase ? $0 > hi : $0 < lo }.count
        return Double(count) / Double(b.count)
    }

    /// PEM (Ma 2006): the proportion of B points that improve on the A median, counting a B point
    /// equal to the median as ½ (as SingleCaseES).
    public static func pem(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let med = TrendStatistics.medianOfSorted(a.sorted())
        let o = improvement.orientation
        let total = b.reduce(0.0) { acc, y in
            let d = o * (y - med)
            return acc + (d > 0 ? 1 : (d == 0 ? 0.5 : 0))
        }
        return total / Double(b.count)
    }

    /// The fewest points whose removal leaves the phases without overlap: `k = min (i + j)` over
    /// removing the `i` most-improved A points and the `j` least-improved B points so that every remaining
    /// B point strictly improves on every remaining A point (ties count as overlap).
    static func overlapRemovals(a: [Double], b: [Double], improvement: Improvement) -> Int {
        let o = improvement.orientation
        let sa = a.map { o * $0 }.sorted(), sb = b.map { o * $0 }.sorted()   // "up" = better
        var best = sa.count + sb.count
        for i in 0...sa.count {                          // remove the i highest A points
            let keptA = sa.count - i
            guard keptA > 0 else { best = min(best, i); continue }
            let maxA = sa[keptA - 1]
            let j = sb.firstIndex { $0 > maxA } ?? sb.count   // remove B points not above maxA
            best = min(best, i + j)
        }
        return best
    }

    /// PAND (Parker, Hagan-Burke & Vannest 2007): `1 − k/(m + n)` with `k` the fewest points to
    /// remove for complete non-overlap (see `overlapRemovals`).
    public static func pand(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let k = overlapRemovals(a: a, b: b, improvement: improvement)
        return 1 - Double(k) / Double(a.count + b.count)
    }

    /// IRD, improvement rate difference (Parker, Vannest & Brown 2009), in the form of Pustejovsky (2018):
    /// `IRD = 1 − (m + n)²(1 − PAND)/(2mn)`, i.e. `IRR_B − IRR_A` when the `k = (m+n)(1 − PAND)`
    /// removed points are split equally between the phases (`IRR_A = (k/2)/m`, `IRR_B = 1 − (k/2)/n`).
    public static func ird(a: [Double], b: [Double], improvement: Improvement) -> Double? {
        guard let p = pand(a: a, b: b, improvement: improvement) else { return nil }
        let m = Double(a.count), n = Double(b.count)
        return 1 - (m + n) * (m + n) * (1 - p) / (2 * m * n)
    }

    /// `z_{1−α/2}` for a two-sided interval of confidence `level` (1.959964 for 0.95).
    static func zCritical(_ level: Double) -> Double { (try? Normal.quantile(0.5 + level / 2)) ?? 1.959963984540054 }

    /// Hedges' `J(x) = 1 − 3/(4x − 1)` small-sample correction (Hedges 1981).
    static func hedgesJ(_ df: Double) -> Double { 1 - 3 / (4 * df - 1) }

    /// Within-case SMD with the baseline SD (Gingerich 1984; Busk & Serlin 1992; Pustejovsky 2018), as
    /// defined in the SingleCaseES vignette "Effect size definitions and mathematical details"
    /// (Pustejovsky & Swan; https://jepusto.github.io/SingleCaseES/articles/Effect-size-definitions.html):
    /// `d = o·(ȳ_B − ȳ_A)/s_A`, `g = J(m − 1)·d` with `J(x) = 1 − 3/(4x − 1)` (so `J(m−1) = 1 − 3/(4m − 5)`),
    /// `SE = J(m − 1)·sqrt(1/m + s_B²/(n s_A²) + g²/(2(m − 1)))` — the **bias-corrected** `g` enters the
    /// last term (before issue 11 Headway used `d` there, up to 61% too large at m = 3);
    /// `o` = +1 for increase, −1 for decrease (positive = improvement).
    /// CI: `g ± z_{1−α/2}·SE` (large-sample normal interval, as the vignette).
    /// `nil` when `m < 2`, `n < 2` or `s_A = 0`.
    public static func smdBaselineSD(a: [Double], b: [Double], improvement: Improvement, level: Double = 0.95) -> SMDResult? {
        guard a.count >= 2, b.count >= 2, let s = try? phaseStats(a, b), s.varA > 0 else { return nil }
        let m = Double(a.count), n = Double(b.count)
        let d = improvement.orientation * (s.meanB - s.meanA) / s.varA.squareRoot()
        let j = hedgesJ(m - 1)
        let g = j * d
        let se = j * (1 / m + s.varB / (n * s.varA) + g * g / (2 * (m - 1))).squareRoot()
        return SMDResult(g: g, se: se, d: d, level: level)
    }

    /// Within-case SMD with the pooled SD (Hedges 1981; SingleCaseES vignette, "Pooled SD"):
    /// `s_p² = ((m−1)s_A² + (n−1)s_B²)/(m+n−2)`, `d = o·(ȳ_B − ȳ_A)/s_p`, `g = J(m+n−2)·d`
    /// (`J(m+n−2) = 1 − 3/(4(m+n) − 9)`), `SE = J(m+n−2)·sqrt(1/m + 1/n + g²/(2(m+n−2)))` with the
    /// bias-corrected `g` in the last term. CI `g ± z·SE`. `nil` when `m < 2`, `n < 2` or `s_p = 0`.
    public static func smdPooledSD(a: [Double], b: [Double], improvement: Improvement, level: Double = 0.95) -> SMDResult? {
        guard a.count >= 2, b.count >= 2, let s = try? phaseStats(a, b) else { return nil }
        let m = Double(a.count), n = Double(b.count)
        let pooled = ((m - 1) * s.varA + (n - 1) * s.varB) / (m + n - 2)
        guard pooled > 0 else { return nil }
        let d = improvement.orientation * (s.meanB - s.meanA) / pooled.squareRoot()
        let j = hedgesJ(m + n - 2)
        let g = j * d
        let se = j * (1 / m + 1 / n + g * g / (2 * (m + n - 2))).squareRoot()
        return SMDResult(g: g, se: se, d: d, level: level)
    }

    /// Bias-corrected log response ratio (Pustejovsky 2018, eqs. 8–9; SingleCaseES LRR documentation) with
    /// truncated means and variances when a truncation constant `D` is given:
    /// `ỹ_A = max(ȳ_A, 1/(2Dm))`, `ỹ_B = max(ȳ_B, 1/(2Dn))`, `s̃_A² = max(s_A², 1/(D²m³))`, `s̃_B² = max(s_B², 1/(D²n³))`;
    /// `R = ln ỹ_B + s̃_B²/(2n ỹ_B²) − ln ỹ_A − s̃_A²/(2m ỹ_A²)`, `SE = sqrt(s̃_A²/(m ỹ_A²) + s̃_B²/(n ỹ_B²))`,
    /// CI `R ± z·SE`, percentage change `100(e^R − 1)`. Without `D` nothing is truncated.
    /// Only meaningful on a ratio scale: `nil` when a phase has fewer than 2 points, any value is
    /// negative, or (without `D`) a phase mean is 0.
    public static func lrr(a: [Double], b: [Double], truncation d: Double? = nil, level: Double = 0.95) -> LRRResult? {
        guard a.count >= 2, b.count >= 2, (a + b).allSatisfy({ $0 >= 0 }), let s = try? phaseStats(a, b) else { return nil }
        let m = Double(a.count), n = Double(b.count)
        var ya = s.meanA, yb = s.meanB, va = s.varA, vb = s.varB
        if let d, d > 0 {
            ya = max(ya, 1 / (2 * d * m)); yb = max(yb, 1 / (2 * d * n))
            va = max(va, 1 / (d * d * m * m * m)); vb = max(vb, 1 / (d * d * n * n * n))
        }
        guard ya > 0, yb > 0 else { return nil }
        let truncated = ya != s.meanA || yb != s.meanB || va != s.varA || vb != s.varB
        let r = log(yb) + vb / (2 * n * yb * yb) - log(ya) - va / (2 * m * ya * ya)
        let se = (va / (m * ya * ya) + vb / (n * yb * yb)).squareRoot()
        let z = zCritical(level)
        return LRRResult(lrr: r, se: se, percentChange: 100 * (exp(r) - 1), ciLower: r - z * se, ciUpper: r + z * se,
                         truncated: truncated)
    }

    /// LRRi or LRRd (Pustejovsky 2018; SingleCaseES `LRRi`, `LRRd`). On a count, rate or `other` scale
    /// `LRRi = o·R(y)` and `LRRd = −o·R(y)` (`o` = +1 for increase, −1 for decrease). On a proportion or
    /// percentage scale the values are first turned so that the variant's sign means improvement:
    /// LRRi uses `y` when improvement is an increase and the complement `max − y` (1 or 100) when it is a
    /// decrease; LRRd the other way round, so the two differ in magnitude. `D` from `settings`.
    /// `nil` where ``lrr(a:b:truncation:level:)`` is, or when a value lies outside [0, max].
    public static func lrr(_ variant: LRRVariant, a: [Double], b: [Double], improvement: Improvement,
                           settings: LRRSettings, level: Double = 0.95) -> LRRResult? {
        let d = settings.truncationConstant
        if let top = settings.upperBound {
            guard (a + b).allSatisfy({ $0 >= 0 && $0 <= top }) else { return nil }
            let complement = (variant == .increasing) != (improvement == .increase)
            let f: (Double) -> Double = complement ? { top - $0 } : { $0 }
            return lrr(a: a.map(f), b: b.map(f), truncation: d, level: level)
        }
        guard let r = lrr(a: a, b: b, truncation: d, level: level) else { return nil }
        return (variant == .increasing) == (improvement == .increase) ? r : r.negated
    }

    /// Percent of goal obtained with a delta-method SE and Wald CI. `SE` is Headway's first-order delta
    /// method for `g(ȳ_A, ȳ_B) = 100(ȳ_B − ȳ_A)/(γ − ȳ_A)` with independent phase means:
    /// `∂g/∂ȳ_B = 100/Δ`, `∂g/∂ȳ_A = 100(ȳ_B − γ)/Δ²` (`Δ = γ − ȳ_A`), so
    /// `SE = 100·sqrt(s_B²/(nΔ²) + (γ − ȳ_B)² s_A²/(mΔ⁴))`; CI `PoGO ± z·SE`. No SE when a phase has fewer than
    /// 2 points. SingleCaseES reports a PoGO SE too (Patrona et al. 2022) but documents no formula, so the two
    /// have not been compared.
    public static func pogInterval(a: [Double], b: [Double], goal: Double, level: Double = 0.95) -> IntervalEstimate? {
        guard let est = pog(a: a, b: b, goal: goal) else { return nil }
        guard a.count >= 2, b.count >= 2, let s = try? phaseStats(a, b) else { return IntervalEstimate(estimate: est) }
        let m = Double(a.count), n = Double(b.count), delta = goal - s.meanA
        let v = s.varB / (n * delta * delta) + (goal - s.meanB) * (goal - s.meanB) * s.varA / (m * delta * delta * delta * delta)
        return IntervalEstimate(wald: est, se: 100 * v.squareRoot(), level: level)
    }

    /// Percent of goal obtained (Ferron, Goldstein, Olszewski & Rohrer 2020, *Journal of Behavioral
    /// Education* 29:224–249): `POG = 100 · (ȳ_B − ȳ_A)/(γ − ȳ_A)` for goal level `γ`.
    /// `nil` when a phase is empty or the goal equals the baseline mean.
    public static func pog(a: [Double], b: [Double], goal: Double) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        guard goal != ma else { return nil }
        return 100 * (mb - ma) / (goal - ma)
    }

    /// Piecewise regression (Huitema & McKean 2000, "Design specification issues in time-series
    /// intervention models", *Educational and Psychological Measurement* 60:38–58):
    /// `y = b0 + b1·t + b2·D + b3·(t − t_B)·D` with `D` = 1 in phase B and `t_B` the first B time,
    /// fitted by least squares (`HeadwayStats/fitLinearModel(design:y:weights:scaleCovariance:)`);
    /// b2 is the level change at `t_B`, b3 the slope change. Coefficients are on the raw scale (not oriented).
    /// - Throws: `StatsError` (fewer than 5 points, singular design, …).
    public static func piecewise(times: [Double], values: [Double], isB: [Bool]) throws -> PiecewiseResult {
        guard times.count == values.count, times.count == isB.count else { throw StatsError.lengthMismatch }
        guard let tB = zip(times, isB).filter({ $0.1 }).map({ $0.0 }).min() else {
            throw StatsError.invalidArgument("no phase B observations")
        }
        let design = times.indices.map { i -> [Double] in
            let d: Double = isB[i] ? 1 : 0
            return [1, times[i], d, (times[i] - tB) * d]
        }
        let fit = try fitLinearModel(design: design, y: values)
        return PiecewiseResult(coefficients: fit.coefficients, standardErrors: fit.standardErrors,
                               degreesOfFreedom: fit.degreesOfFreedom)
    }

    static func phaseStats(_ a: [Double], _ b: [Double]) throws -> (meanA: Double, meanB: Double, varA: Double, varB: Double) {
        (try Descriptive.mean(a), try Descriptive.mean(b), try Descriptive.variance(a), try Descriptive.variance(b))
    }
}
