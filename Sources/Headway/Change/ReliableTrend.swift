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
        scores.withUnsafeBufferPointer { index(scores: $0, standardError: se) }
    }

    /// ``index(scores:standardError:)`` of scores in a buffer (no array per call: the occasions
    /// 1…n come from a table for n up to 1024).
    public static func index(scores: UnsafeBufferPointer<Double>, standardError se: Double) -> Double? {
        let n = scores.count
        guard n >= 2, se > 0 else { return nil }
        let slope: Double?
        if n <= occasions.count {
            slope = occasions.withUnsafeBufferPointer { try? lineSlope(x: UnsafeBufferPointer(rebasing: $0[0..<n]), y: scores) }
        } else {
            slope = (1...n).map(Double.init).withUnsafeBufferPointer { try? lineSlope(x: $0, y: scores) }
        }
        guard let slope else { return nil }
        let nn = Double(n)
        let v = se * (12 / (nn * (nn * nn - 1))).squareRoot()
        let z = slope / v
        return z.isFinite ? z : nil
    }

    /// The occasions 1, 2, …, 1024.
    private static let occasions: [Double] = (1...1024).map(Double.init)
}
