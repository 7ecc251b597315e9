// SPDX-License-Identifier: GPL-3.0-or-later
// Group-level statistics of the practice report.
import HeadwayStats

/// Sums of paired pre/post scores, enough for means, SDs, the correlation and effect sizes.
/// Scores are small numbers, so plain sums of squares are exact enough (|x| ≤ a few hundred).
struct PairedSums: Sendable {
    var n = 0
    var sx = 0.0, sxx = 0.0, sy = 0.0, syy = 0.0, sxy = 0.0

    mutating func add(pre x: Double, post y: Double) {
        n += 1; sx += x; sxx += x * x; sy += y; syy += y * y; sxy += x * y
    }

    mutating func merge(_ o: PairedSums) {
        n += o.n; sx += o.sx; sxx += o.sxx; sy += o.sy; syy += o.syy; sxy += o.sxy
    }

    var preMean: Double? { n > 0 ? sx / Double(n) : nil }
    var postMean: Double? { n > 0 ? sy / Double(n) : nil }
    var changeMean: Double? { n > 0 ? (sy - sx) / Double(n) : nil }
    /// Sample variances and covariance (n − 1).
    private func centred(_ s2: Double, _ s: Double) -> Double? { n > 1 ? max(0, (s2 - s * s / Double(n)) / Double(n - 1)) : nil }
    var preSD: Double? { centred(sxx, sx).map { $0.squareRoot() } }
    var postSD: Double? { centred(syy, sy).map { $0.squareRoot() } }
    var covariance: Double? { n > 1 ? (sxy - sx * sy / Double(n)) / Double(n - 1) : nil }
    /// SD of post − pre: √(S1² + S2² − 2·cov).
    var changeSD: Double? {
        guard let v1 = centred(sxx, sx), let v2 = centred(syy, sy), let c = covariance else { return nil }
        return max(0, v1 + v2 - 2 * c).squareRoot()
    }
    var correlation: Double? {
        guard let a = preSD, let b = postSD, let c = covariance, a > 0, b > 0 else { return nil }
        return min(1, max(-1, c / (a * b)))
    }
}

/// A value with an optional confidence interval.
struct Estimate: Sendable, Equatable {
    var value: Double
    var low: Double?
    var high: Double?
}

enum ReportStatistics {
    /// Pre–post effect size d = (M2 − M1) / S1 (Cohen's d standardized by the pre-treatment SD;
    /// Becker 1988, "Synthesizing standardized mean-change measures", Br J Math Stat Psychol 41:257–278).
    /// Its confidence interval uses the large-sample standard error for the paired design
    /// (Becker 1988; Borenstein et al. 2009, Introduction to Meta-Analysis, eq. 4.28 with the
    /// pre SD): SE = √(2(1 − r)/n + d²/(2n)), r the pre–post correlation; CI = d ± z·SE.
    /// Sign: negative when scores fell. `nil` when n < 2 or S1 = 0; no interval when r is undefined.
    static func prePostEffect(_ s: PairedSums, level: Double = 0.95) -> Estimate? {
        guard s.n >= 2, let m = s.changeMean, let sd = s.preSD, sd > 0 else { return nil }
        let d = m / sd
        guard let r = s.correlation, let z = try? Normal.quantile(1 - (1 - level) / 2) else { return Estimate(value: d) }
        let n = Double(s.n)
        let se = (2 * (1 - r) / n + d * d / (2 * n)).squareRoot()
        return Estimate(value: d, low: d - z * se, high: d + z * se)
    }

    /// Standardized response mean SRM = mean(post − pre) / SD(post − pre) (Liang, Fossel &
    /// Larson 1990, Medical Care 28:632–642). `nil` when the change has no spread.
    static func srm(_ s: PairedSums) -> Double? {
        guard s.n >= 2, let m = s.changeMean, let sd = s.changeSD, sd > 1e-12 else { return nil }
        return m / sd
    }

    /// Two-sided exact binomial test of H0: p = p0 for k successes in n trials, with the
    /// "minimum likelihood" p-value: the total probability of outcomes no more likely than
    /// the observed one, P = Σ_{i: P(i) ≤ P(k)} P(i) (as R's binom.test and
    /// scipy.stats.binomtest; relative tolerance 1e-7 on ties). The far tail is found by
    /// bisection on the unimodal pmf, so the cost is O(log n) distribution calls.
    static func binomialTwoSided(k: Int, n: Int, p0: Double) -> Double? {
        guard n > 0, k >= 0, k <= n, p0 >= 0, p0 <= 1 else { return nil }
        if p0 == 0 { return k == 0 ? 1 : 0 }
        if p0 == 1 { return k == n ? 1 : 0 }
        guard let d = try? Binomial.pmf(k, p: p0, n: n) else { return nil }
        let threshold = d * (1 + 1e-7)
        let mean = p0 * Double(n)
        func pmf(_ i: Int) -> Double { (try? Binomial.pmf(i, p: p0, n: n)) ?? 0 }
        var p: Double
        if Double(k) == mean {
            return 1
        } else if Double(k) < mean {
            // First i ≥ ceil(mean) with pmf(i) ≤ threshold (pmf decreasing there).
            var lo = Int(mean.rounded(.up)), hi = n + 1
            while lo < hi { let mid = (lo + hi) / 2; if pmf(mid) <= threshold { hi = mid } else { lo = mid + 1 } }
            let lower = (try? Binomial.cdf(k, p: p0, n: n)) ?? 0
            let upper = lo <= n ? ((try? Binomial.upperTail(lo - 1, p: p0, n: n)) ?? 0) : 0
            p = lower + upper
        } else {
            // Last i ≤ floor(mean) with pmf(i) ≤ threshold (pmf increasing there).
            var lo = -1, hi = Int(mean.rounded(.down))
            while lo < hi { let mid = (lo + hi + 1) / 2; if pmf(mid) <= threshold { lo = mid } else { hi = mid - 1 } }
            let lower = lo >= 0 ? ((try? Binomial.cdf(lo, p: p0, n: n)) ?? 0) : 0
            let upper = (try? Binomial.upperTail(k - 1, p: p0, n: n)) ?? 0
            p = lower + upper
        }
        return min(1, max(0, p))
    }

    /// The exact median of values given as counts per integer value (`counts[v]` values equal
    /// to v): the middle value, or the mean of the two middle values for an even total.
    static func median(counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        func value(at rank: Int) -> Int {   // 0-based rank in sorted order
            var seen = 0
            for (v, c) in counts.enumerated() { seen += c; if seen > rank { return v } }
            return counts.count - 1
        }
        if total % 2 == 1 { return Double(value(at: total / 2)) }
        return Double(value(at: total / 2 - 1) + value(at: total / 2)) / 2
    }
}
