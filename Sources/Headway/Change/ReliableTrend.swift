// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayStats

/// The Reliable Trend Index for more than two equally spaced scores.
public enum ReliableTrend {
    /// RTI = b / (SE · √(12 / (n(n² − 1)))), where b is the OLS slope of the scores on occasion
    /// 1…n and SE·√(12/(n(n²−1))) the standard error of that slope when the scores carry only
    /// measurement error SE (Var(b) = SE² / Σ(t − t̄)², Σ(t − t̄)² = n(n² − 1)/12).
    /// With n = 2 it equals the Jacobson–Truax RC (x2 − x1)/(√2·SE). Occasions are taken as
    /// equally spaced (session order), whatever the dates. `nil` for n < 2 or SE ≤ 0.
    public static func index(scores: [Double], standardError se: Double) -> Double? {
        let n = scores.count
        guard n >= 2, se > 0 else { return nil }
        let t = (1...n).map(Double.init)
        guard let fit = try? fitLine(x: t, y: scores) else { return nil }
        let nn = Double(n)
        let v = se * (12 / (nn * (nn * nn - 1))).squareRoot()
        let z = fit.slope / v
        return z.isFinite ? z : nil
    }
}
