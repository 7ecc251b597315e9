// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayStats

/// Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209–212;
/// Newcombe 1998, Stat Med 17:857–872, method 3).
public struct WilsonInterval: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    /// With p̂ = k/n and z = Φ⁻¹(1 − (1 − level)/2):
    /// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). `nil` when n = 0.
    public init?(successes k: Int, total n: Int, level: Double = 0.95) {
        guard n > 0, k >= 0, k <= n, level > 0, level < 1, let z = try? Normal.quantile(1 - (1 - level) / 2) else { return nil }
        let nn = Double(n), p = Double(k) / nn, z2 = z * z
        let denom = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denom
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denom
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
