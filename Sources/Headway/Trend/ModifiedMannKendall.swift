// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayStats

/// Which Mann–Kendall test drives a trend's `interpretation` (`headway trend --mk-method`).
public enum MannKendallMethod: String, Sendable, Hashable, CaseIterable {
    /// The original test (Mann 1945; Kendall 1975): assumes independent scores.
    case original
    /// Hamed & Rao (1998) variance correction from the significant autocorrelations of the ranks.
    case hamedRao = "hamed-rao"
    /// Yue & Wang (2004) effective sample size from the lag-1 autocorrelation (AR(1)).
    case yueWang = "yue-wang"
    /// Trend-free pre-whitening (Yue, Pilon, Phinney & Cavadias 2002).
    case tfpw
}

/// One autocorrelation-aware Mann–Kendall test.
public struct ModifiedMannKendallResult: Sendable, Equatable {
    /// The S statistic tested (the original S for Hamed–Rao and Yue–Wang; the pre-whitened series' S for TFPW).
    public var s: Int
    /// The (corrected) variance of S.
    public var varianceS: Double
    /// `(S − sign S)/sqrt(Var S)`; 0 when S = 0.
    public var z: Double
    /// Two-sided normal p-value `2·Q(|z|)`.
    public var pValue: Double
    /// `n/n*`, the factor applied to the original Var S (Hamed–Rao, Yue–Wang); `nil` for TFPW.
    public var varianceFactor: Double?
}

/// The autocorrelation-aware Mann–Kendall variants of one series (see ``TrendStatistics/modifiedMannKendall(x:y:original:senSlope:)``).
public struct MannKendallVariants: Sendable, Equatable {
    /// Theil–Sen slope β used to detrend: `dᵢ = yᵢ − β·tᵢ`.
    public var senSlope: Double
    /// Lag-1 autocorrelation `r₁` of the detrended series `d` (see ``TrendStatistics/autocorrelation(_:maxLag:)``);
    /// `nil` when `d` is constant.
    public var lag1Autocorrelation: Double?
    /// Hamed & Rao (1998); `nil` when the corrected variance is not positive.
    public var hamedRao: ModifiedMannKendallResult?
    /// Yue & Wang (2004), AR(1) effective sample size; `nil` when the corrected variance is not positive.
    public var yueWang: ModifiedMannKendallResult?
    /// Trend-free pre-whitening (Yue et al. 2002); `nil` with fewer than 4 scores (the pre-whitened series has n − 1).
    public var tfpw: ModifiedMannKendallResult?
}

extension TrendStatistics {
    /// Sample autocorrelations `r₀ = 1, r₁, …, r_maxLag` in observation order:
    ///
    /// `r_k = Σ_{i=1}^{n−k} (yᵢ − ȳ)(y_{i+k} − ȳ) / Σ_{i=1}^{n} (yᵢ − ȳ)²`
    ///
    /// (the biased estimator with divisor n in both autocovariances: Box & Jenkins, *Time Series Analysis*,
    /// eq. 2.1.12; statsmodels `acf(adjusted=False)`; pyMannKendall's `__acf`). Lags count observations,
    /// not time units: irregular spacing is ignored. `nil` when `y` is constant or empty.
    public static func autocorrelation(_ y: [Double], maxLag: Int) -> [Double]? {
        let n = y.count
        guard n > 0 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        let c = y.map { $0 - mean }
        let c0 = c.reduce(0) { $0 + $1 * $1 }
        guard c0 > 0, c0.isFinite else { return nil }
        let m = min(max(maxLag, 0), n - 1)
        var r = [Double](repeating: 0, count: m + 1)
        r[0] = 1
        if m >= 1 {
            for k in 1...m {
                var s = 0.0
                for i in 0..<(n - k) { s += c[i] * c[i + k] }
                r[k] = s / c0
            }
        }
        return r
    }

    /// `v` with values closer than `1e-11 · max(1, max|v|)` to their sorted predecessor set equal to
    /// it (chains join one group, represented by its smallest value).
    ///
    /// The detrended and pre-whitened series are computed in floating point, where values that are
    /// equal in exact arithmetic (e.g. `11 + 1/3` and `10 + 4/3`) can differ in the last bit; without
    /// this the tie structure (ranks, S, the tie correction of Var S) would depend on rounding noise.
    /// Scores are rationals with small denominators, so distinct values are far further apart.
    static func snappingNearTies(_ v: [Double]) -> [Double] {
        var out = v
        _ = snapNearTies(&out)
        return out
    }

    /// ``snappingNearTies(_:)`` in place; returns the order that sorts `v` (before and after:
    /// snapping maps values monotonically, so it is also an ascending order of the result).
    static func snapNearTies(_ v: inout [Double]) -> [Int] {
        guard v.count > 1 else { return Array(v.indices) }
        let scale = max(1, v.reduce(0) { max($0, abs($1)) })
        let eps = 1e-11 * scale
        let order = v.indices.sorted { v[$0] < v[$1] }
        var anchor = v[order[0]], previous = v[order[0]]
        for i in order.dropFirst() {
            let value = v[i]
            if value - previous <= eps { v[i] = anchor } else { anchor = value }
            previous = value
        }
        return order
    }

    /// ``averageRanks(_:)`` given an ascending order of `v`.
    static func averageRanks(_ v: [Double], order: [Int]) -> [Double] {
        var ranks = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count && v[order[j]] == v[order[i]] { j += 1 }
            let r = Double(i + j + 1) / 2          // mean of the 1-based ranks i+1 … j
            for k in i..<j { ranks[order[k]] = r }
            i = j
        }
        return ranks
    }

    /// `autocorrelation(y, maxLag: 1)` reduced to r₁ (0 for one value), without its arrays: the
    /// same operations in the same order. `nil` when `y` is empty or constant.
    static func lag1Autocorrelation(_ y: [Double]) -> Double? {
        let n = y.count
        guard n > 0 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        var c0 = 0.0
        for v in y { let c = v - mean; c0 = c0 + c * c }
        guard c0 > 0, c0.isFinite else { return nil }
        guard n > 1 else { return 0 }
        var s = 0.0
        for i in 0..<(n - 1) { s += (y[i] - mean) * (y[i + 1] - mean) }
        return s / c0
    }

    /// Average ranks (1-based; ties get the mean of their ranks), as `scipy.stats.rankdata`.
    static func averageRanks(_ v: [Double]) -> [Double] {
        averageRanks(v, order: v.indices.sorted { v[$0] < v[$1] })
    }

    /// The autocorrelation-aware Mann–Kendall tests of `y` on time `x`.
    ///
    /// All three start from the Sen-detrended series `dᵢ = yᵢ − β·tᵢ` (β = `senSlope`, the Theil–Sen
    /// slope on the same time axis) and use autocorrelations in observation order
    /// (``autocorrelation(_:maxLag:)``). `original` supplies S and its tie-corrected Var S.
    ///
    /// - **Hamed & Rao (1998)**, *J. Hydrology* 204:182–196 (as in pyMannKendall
    ///   `hamed_rao_modification_test`): with `ρ_k` the autocorrelation of the average ranks of `d`,
    ///   `n/n* = 1 + 2/(n(n−1)(n−2)) · Σ_{k=1}^{n−1} (n−k)(n−k−1)(n−k−2) ρ_k`, summing only the lags the
    ///   paper calls significant: `|ρ_k| > z_{0.975}/√n` (5% level, whatever the test's α).
    ///   `Var* S = Var S · n/n*`.
    /// - **Yue & Wang (2004)**, *Water Resources Management* 18:201–218: effective sample size
    ///   `n/n* = 1 + 2 Σ_{k=1}^{n−1} (1 − k/n) ρ_k` (Bayley & Hammersley 1946) under the paper's AR(1)
    ///   model `ρ_k = r₁^k`, `r₁` the lag-1 autocorrelation of `d` (R modifiedmk `mmky1lag`).
    ///   `Var* S = Var S · n/n*`. pyMannKendall's `yue_wang_modification_test` instead sums the sample
    ///   `r_k` of every lag (default) or of the first `lag` lags; on short series the all-lag sum tends to
    ///   −½ and collapses the variance (docs/trend.md).
    /// - **Trend-free pre-whitening**, Yue, Pilon, Phinney & Cavadias (2002), *Hydrological Processes*
    ///   16:1807–1829: `r₁` as above (0 when `d` is constant), `d'ᵢ = dᵢ − r₁·d_{i−1}` for i = 2…n,
    ///   `Yᵢ = d'ᵢ + β·tᵢ`, then the original test on `(t₂…tₙ, Y₂…Yₙ)`. Pre-whitening is always applied
    ///   (as pyMannKendall `trend_free_pre_whitening_modification_test`), whether or not r₁ is significant.
    ///
    /// Hamed–Rao and Yue–Wang keep S; `z = (S − sign S)/sqrt(Var* S)`, `p = 2·Q(|z|)`. A variant whose
    /// corrected variance is not positive (possible with strong negative autocorrelation) is `nil`.
    /// When `d` (or its ranks) is constant no autocorrelation exists and `n/n* = 1`. Values of `d` and
    /// of the pre-whitened series that differ only by floating-point noise are tied first
    /// (`snappingNearTies`), so ties that are exact in rational arithmetic stay ties.
    public static func modifiedMannKendall(x: [Double], y: [Double], original: MannKendallResult,
                                           senSlope beta: Double) -> MannKendallVariants {
        let n = y.count
        var d = zip(x, y).map { $1 - $0 * beta }
        let order = snapNearTies(&d)
        let r1 = lag1Autocorrelation(d)
        var out = MannKendallVariants(senSlope: beta, lag1Autocorrelation: n >= 2 ? r1 : nil)
        let nd = Double(n)

        // Hamed & Rao (1998): the autocorrelations ρ_k of the ranks as autocorrelation(_:maxLag:)
        // computes them (same operations), one lag at a time.
        if n >= 3 {
            var factor = 1.0
            var c = averageRanks(d, order: order)
            let mean = c.reduce(0, +) / nd
            for i in 0..<n { c[i] = c[i] - mean }
            let c0 = c.reduce(0) { $0 + $1 * $1 }
            if c0 > 0, c0.isFinite {
                let bound = 1.959963984540054 / nd.squareRoot()
                var sum = 0.0
                for k in 1..<n {
                    var sk = 0.0
                    for i in 0..<(n - k) { sk += c[i] * c[i + k] }
                    let rho = sk / c0
                    guard abs(rho) > bound else { continue }
                    let nk = Double(n - k)
                    sum += nk * (nk - 1) * (nk - 2) * rho
                }
                factor = 1 + 2 / (nd * (nd - 1) * (nd - 2)) * sum
            }
            out.hamedRao = corrected(original, factor: factor)
        }

        // Yue & Wang (2004), AR(1).
        if n >= 2 {
            var factor = 1.0
            if let r1 {
                var sum = 0.0, power = 1.0
                for k in 1..<n {
                    power *= r1
                    sum += (1 - Double(k) / nd) * power
                }
                factor = 1 + 2 * sum
            }
            out.yueWang = corrected(original, factor: factor)
        }

        // Trend-free pre-whitening (Yue et al. 2002).
        if n >= 4 {
            let r = r1 ?? 0
            var tt: [Double] = [], yy: [Double] = []
            tt.reserveCapacity(n - 1); yy.reserveCapacity(n - 1)
            for i in 1..<n {
                tt.append(x[i])
                yy.append((d[i] - r * d[i - 1]) + beta * x[i])
            }
            if let mk = try? mannKendall(x: tt, y: snappingNearTies(yy)), mk.varianceS > 0 {
                out.tfpw = ModifiedMannKendallResult(s: mk.s, varianceS: mk.varianceS, z: mk.z, pValue: mk.pValue, varianceFactor: nil)
            }
        }
        return out
    }

    static func corrected(_ mk: MannKendallResult, factor: Double) -> ModifiedMannKendallResult? {
        let v = mk.varianceS * factor
        guard factor.isFinite, factor > 0, v > 0, v.isFinite else { return nil }
        var z = 0.0
        if mk.s != 0 { z = (Double(mk.s) - Double(mk.s.signum())) / v.squareRoot() }
        let p = min(1, 2 * Normal.upperTail(abs(z)))
        guard z.isFinite, p.isFinite else { return nil }
        return ModifiedMannKendallResult(s: mk.s, varianceS: v, z: z, pValue: p, varianceFactor: factor)
    }
}
