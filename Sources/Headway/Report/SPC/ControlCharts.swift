// SPDX-License-Identifier: GPL-3.0-or-later
// Statistical process control charts (p-chart, XmR) with the NHS England "Making Data Count"
// special-cause rules, and funnel-plot limits (Spiegelhalter 2005).
import HeadwayStats

/// A special-cause rule of NHS England's "Making Data Count" (NHS England and NHS Improvement,
/// "Making Data Count: Strengthening your decisions", 2019; the same rules as the NHS-R
/// community's NHSRplotthedots package, which implements that programme).
public enum SpecialCause: String, Sendable, CaseIterable, Comparable {
    /// A single point outside the 3-sigma process limits.
    case outsideLimits = "outside_limits"
    /// A run of 7 or more consecutive points all above, or all below, the centre line.
    case shift
    /// 6 or more consecutive points each higher than the one before (or each lower).
    case trend
    /// 2 of 3 consecutive points beyond 2 sigma on the same side of the centre line ("close to a limit").
    case twoOfThree = "two_of_three"

    public static func < (a: SpecialCause, b: SpecialCause) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Plain-English description.
    public var text: String {
        switch self {
        case .outsideLimits: return "a point outside the control limits"
        case .shift: return "a run of 7 or more points on one side of the centre line"
        case .trend: return "6 or more points in a row rising or falling"
        case .twoOfThree: return "2 of 3 points beyond 2 sigma on the same side"
        }
    }
}

/// One period of a control chart. `value` is `nil` for a period with no data or a suppressed one.
public struct ControlPoint: Sendable, Equatable {
    public var label: String
    public var value: Double?
    /// Subgroup size (p-chart) or `nil`.
    public var n: Int?
    public var lower: Double?
    public var upper: Double?
    /// One sigma at this point (the p-chart's varies with n).
    public var sigma: Double?
    public var signals: [SpecialCause] = []
}

/// A p-chart or an XmR (individuals) chart.
public struct ControlChart: Sendable, Equatable {
    public enum Kind: String, Sendable { case p, xmr }
    public var kind: Kind
    public var centre: Double
    /// XmR only: the mean moving range.
    public var meanMovingRange: Double?
    public var points: [ControlPoint]
}

public enum SPC {
    /// The p-chart (Montgomery, *Introduction to Statistical Quality Control*, 7th ed., §7.2.1;
    /// variable sample size, §7.2.2): centre p̄ = Σkᵢ / Σnᵢ over the periods with data,
    /// limits p̄ ± 3√(p̄(1 − p̄)/nᵢ) per period, clipped to [0, 1]. `counts[i]`/`totals[i]`
    /// `nil` (or a total of 0) leave the period without a point. `nil` when no period has data.
    public static func pChart(labels: [String], counts: [Int?], totals: [Int?]) -> ControlChart? {
        var k = 0, n = 0
        for i in labels.indices { if let c = counts[i], let t = totals[i], t > 0 { k += c; n += t } }
        guard n > 0 else { return nil }
        let p = Double(k) / Double(n)
        var points: [ControlPoint] = []
        for i in labels.indices {
            guard let c = counts[i], let t = totals[i], t > 0 else { points.append(ControlPoint(label: labels[i])); continue }
            let s = (p * (1 - p) / Double(t)).squareRoot()
            points.append(ControlPoint(label: labels[i], value: Double(c) / Double(t), n: t,
                                       lower: max(0, p - 3 * s), upper: min(1, p + 3 * s), sigma: s))
        }
        var chart = ControlChart(kind: .p, centre: p, meanMovingRange: nil, points: points)
        applyRules(&chart)
        return chart
    }

    /// The XmR chart of individual values (Wheeler & Chambers, *Understanding Statistical Process
    /// Control*, 2nd ed., 1992, ch. 9; the chart "Making Data Count" uses): centre x̄ (mean of
    /// the values), moving ranges |xᵢ − xᵢ₋₁| between consecutive periods with values, limits
    /// x̄ ± 2.66·MR̄ (2.66 = 3/d₂, d₂ = 1.128 for ranges of two), so one sigma = MR̄/1.128.
    /// With `nonNegative` (counts) the lower limit is clipped at 0. `nil` with fewer than 2 values.
    public static func xmr(labels: [String], values: [Double?], nonNegative: Bool = true) -> ControlChart? {
        let v = values.compactMap { $0 }.filter { $0.isFinite }
        guard v.count >= 2 else { return nil }
        let mean = v.reduce(0, +) / Double(v.count)
        var mr: [Double] = []
        var previous: Double? = nil
        for x in values { if let x, x.isFinite { if let p = previous { mr.append(abs(x - p)) }; previous = x } }
        let mrBar = mr.reduce(0, +) / Double(mr.count)
        let sigma = mrBar / 1.128
        var lower = mean - 2.66 * mrBar
        if nonNegative { lower = max(0, lower) }
        let points = labels.indices.map { i -> ControlPoint in
            guard let x = values[i], x.isFinite else { return ControlPoint(label: labels[i]) }
            return ControlPoint(label: labels[i], value: x, n: nil, lower: lower, upper: mean + 2.66 * mrBar, sigma: sigma)
        }
        var chart = ControlChart(kind: .xmr, centre: mean, meanMovingRange: mrBar, points: points)
        applyRules(&chart)
        return chart
    }

    /// Marks each point with the special-cause rules it is part of. Conventions: a point exactly
    /// on the centre line belongs to neither side and ends a shift; equal consecutive values end
    /// a trend; a period without a value ends shifts, trends and 2-of-3 windows.
    public static func applyRules(_ chart: inout ControlChart) {
        let pts = chart.points
        var sig = [Set<SpecialCause>](repeating: [], count: pts.count)
        let c = chart.centre
        for (i, p) in pts.enumerated() {
            guard let v = p.value else { continue }
            if let u = p.upper, v > u + 1e-12 { sig[i].insert(.outsideLimits) }
            if let l = p.lower, v < l - 1e-12 { sig[i].insert(.outsideLimits) }
        }
        // Shifts: maximal runs of points strictly on one side.
        func side(_ i: Int) -> Int { guard let v = pts[i].value else { return 0 }; return v > c + 1e-12 ? 1 : (v < c - 1e-12 ? -1 : 0) }
        var i = 0
        while i < pts.count {
            let s = side(i)
            var j = i + 1
            if s != 0 { while j < pts.count, side(j) == s { j += 1 } }
            if s != 0, j - i >= 7 { for k in i..<j { sig[k].insert(.shift) } }
            i = j
        }
        // Trends: maximal runs of strictly increasing (or decreasing) consecutive values.
        for dir in [1.0, -1.0] {
            var start = 0
            for k in 0...pts.count {
                let continues = k < pts.count && k > start && pts[k].value != nil && pts[k - 1].value != nil
                    && (pts[k].value! - pts[k - 1].value!) * dir > 0
                if !continues {
                    if k - start >= 6, pts[start].value != nil { for m in start..<k { sig[m].insert(.trend) } }
                    start = k
                }
            }
        }
        // 2 of 3 beyond 2 sigma on the same side.
        func beyond(_ k: Int, _ s: Double) -> Bool {
            guard let v = pts[k].value, let sd = pts[k].sigma else { return false }
            return s > 0 ? v > c + 2 * sd + 1e-12 : v < c - 2 * sd - 1e-12
        }
        if pts.count >= 3 {
            for k in 0...(pts.count - 3) where (k..<k + 3).allSatisfy({ pts[$0].value != nil }) {
                for s in [1.0, -1.0] {
                    let hits = (k..<k + 3).filter { beyond($0, s) }
                    if hits.count >= 2 { for h in hits { sig[h].insert(.twoOfThree) } }
                }
            }
        }
        for k in pts.indices { chart.points[k].signals = sig[k].sorted() }
    }
}

/// Exact binomial funnel-plot limits for a proportion (Spiegelhalter 2005, "Funnel plots for
/// comparing institutional performance", *Statistics in Medicine* 24:1185–1202, §3.1 and
/// Appendix A.1.1): for a target rate p₀ and n cases, the limit at probability P is
/// (r_P − α)/n, where r_P is the smallest r with F(r) ≥ P for F the Bin(n, p₀) CDF, and
/// α = (F(r_P) − P) / (F(r_P) − F(r_P − 1)) interpolates between the discrete steps so that the
/// limits are smooth in n. 95% limits use P = 0.025 and 0.975, 99.8% limits P = 0.001 and 0.999.
public enum FunnelLimits {
    /// The interpolated binomial limit at probability `P` (0 < P < 1), clipped to [0, 1].
    public static func limit(p0: Double, n: Int, probability P: Double) -> Double? {
        guard n > 0, p0 >= 0, p0 <= 1, P > 0, P < 1 else { return nil }
        if p0 == 0 { return 0 }
        if p0 == 1 { return 1 }
        func F(_ r: Int) -> Double { r < 0 ? 0 : ((try? Binomial.cdf(r, p: p0, n: n)) ?? 1) }
        // Smallest r in 0...n with F(r) ≥ P (F is non-decreasing and F(n) = 1).
        var lo = 0, hi = n
        while lo < hi { let mid = (lo + hi) / 2; if F(mid) >= P { hi = mid } else { lo = mid + 1 } }
        let r = lo
        let fr = F(r), fr1 = F(r - 1)
        let alpha = fr > fr1 ? (fr - P) / (fr - fr1) : 0
        let v = (Double(r) - alpha) / Double(n)
        return v.isFinite ? min(1, max(0, v)) : nil
    }

    /// (lower, upper) limits with coverage `coverage` (0.95 or 0.998): P = (1 − coverage)/2 and 1 − that.
    public static func limits(p0: Double, n: Int, coverage: Double) -> (lower: Double, upper: Double)? {
        let tail = (1 - coverage) / 2
        guard let l = limit(p0: p0, n: n, probability: tail), let u = limit(p0: p0, n: n, probability: 1 - tail) else { return nil }
        return (l, u)
    }
}

/// One group of a funnel plot.
public struct FunnelGroup: Sendable, Equatable {
    public var label: String
    public var count: Int
    public var n: Int
    public var rate: Double { Double(count) / Double(n) }
    /// `above99.8`, `above95`, `within`, `below95`, `below99.8` against the exact limits.
    public var position: String
}

/// A funnel plot: groups with their rate against n, around the pooled rate p₀.
public struct FunnelPlotData: Sendable, Equatable {
    public var title: String
    /// What the groups are (clinician, site).
    public var groupKind: String
    public var target: Double
    public var groups: [FunnelGroup]
    /// Groups left out (below the minimum cell size, or suppressed).
    public var leftOut: Int

    /// Places each group (count k of n, n ≥ 1) against the limits around `target`.
    public static func make(title: String, groupKind: String, target: Double, groups: [(label: String, count: Int, n: Int)], leftOut: Int) -> FunnelPlotData {
        let placed = groups.filter { $0.n > 0 }.map { g -> FunnelGroup in
            let r = Double(g.count) / Double(g.n)
            var pos = "within"
            if let l99 = FunnelLimits.limits(p0: target, n: g.n, coverage: 0.998), let l95 = FunnelLimits.limits(p0: target, n: g.n, coverage: 0.95) {
                if r > l99.upper { pos = "above99.8" } else if r > l95.upper { pos = "above95" }
                else if r < l99.lower { pos = "below99.8" } else if r < l95.lower { pos = "below95" }
            }
            return FunnelGroup(label: g.label, count: g.count, n: g.n, position: pos)
        }
        return FunnelPlotData(title: title, groupKind: groupKind, target: target, groups: placed, leftOut: leftOut)
    }
}
