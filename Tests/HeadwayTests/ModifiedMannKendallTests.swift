import Foundation
import Testing
import HeadwayStats
@testable import Headway

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-7) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

private func sessions(_ n: Int) -> [Double] { (1...n).map(Double.init) }

// Reference series (time = 1…n, as pyMannKendall assumes):
private let pvd13: [Double] = [20, 20, 26, 25, 22, 23, 28, 25, 24, 27, 30, 30, 29]   // Parker, Vannest & Davis (2011) A+B
private let phq12: [Double] = [22, 21, 21, 19, 20, 18, 15, 16, 14, 14, 12, 13]
private let wave20: [Double] = [10, 11, 13, 14, 13, 12, 11, 12, 14, 16, 17, 16, 15, 14, 15, 17, 19, 20, 19, 18]
/// Annual flow of the Nile at Aswan, 1871–1970 (Cobb 1978; Durbin & Koopman 2001), as shipped by
/// statsmodels (`sm.datasets.nile`) and R (`Nile`).
private let nile: [Double] = [1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799,
                              958, 1140, 1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692,
                              1020, 1050, 969, 831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744,
                              796, 1040, 759, 781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860,
                              874, 848, 890, 744, 749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919,
                              718, 714, 740]

/// Expected values: pymannkendall 1.4.3, numpy 2.4, scipy 1.17 (Python 3.11):
///
///     import numpy as np, pymannkendall as mk
///     from scipy.stats import norm
///     def acf(x, nlags):
///         y = x - x.mean(); n = len(x)
///         return (np.correlate(y, y, 'full')[n-1:] / n)[:nlags+1] / (np.sum(y*y)/n)
///     x = np.array(series, float); n = len(x)
///     o = mk.original_test(x); h = mk.hamed_rao_modification_test(x)
///     t = mk.trend_free_pre_whitening_modification_test(x)
///     beta = mk.sens_slope(x).slope
///     r1 = acf(x - np.arange(1, n+1)*beta, 1)[1]
///     f = 1 + 2*np.sum((1 - np.arange(1, n)/n) * r1**np.arange(1, n))   # Yue & Wang (2004), AR(1)
///     vyw = o.var_s*f; zyw = (o.s - np.sign(o.s))/np.sqrt(vyw); pyw = 2*norm.sf(abs(zyw))
///
/// Output (S, var, z, p):
///
///     pvd13  sen 0.75  r1 -0.013429768273741297
///       orig S=47  var 265.6666666666667  z 2.822209817848391  p 0.004769396236750323
///       hr   var 48.04129480096329  z 6.636673916412743  p 3.2084113144037474e-11
///       yw   n/n* 0.9755081221087089  var 259.15999110688034  z 2.8574185086023673  p 0.004271022893086663
///       tfpw S=36  var 212.66666666666666  z 2.400039184633096  p 0.016393316888809073
///     phq12  sen -1.0  r1 -0.36526479750778823
///       orig S=-58  var 210.66666666666666  z -3.9271450640930468  p 8.596013970185723e-05
///       hr   var 210.66666666666666 (no significant lag)  z -3.9271450640930468  p 8.596013970185723e-05
///       yw   n/n* 0.4975775970446453  var 104.82301377740528  z -5.5673244886614555  p 2.5868041295401033e-08
///       tfpw S=-49  var 165.0  z -3.73679493197531  p 0.0001863808057631644   (floating-point tie, see below)
///     wave20  sen 0.42857142857142855  r1 0.5821615557217651
///       orig S=128  var 939.3333333333334  z 4.143752940452858  p 3.4166783041689186e-05
///       hr   var 667.2458319961488  z 4.9165536902331795  p 8.80810488324002e-07  (floating-point tie, see below)
///       yw   n/n* 3.4530987086047458  var 3243.6107202827247  z 2.229920383565413  p 0.02575272890965992
///       tfpw S=115  var 817.0  z 3.9883551426855215  p 6.65330097751049e-05
///     nile  sen -2.6  r1 0.37494352211970355
///       orig S=-1387  var 112728.33333333333  z -4.128066522844101  p 3.658262921657496e-05
///       hr   var 241565.3569166269  z -2.8199791956451388  p 0.004802676310182719
///       yw   n/n* 2.1805172200565686  var 245806.0720216102  z -2.795547828091857  p 0.005181183475964041
///       tfpw S=-1515  var 109417.0  z -4.577026992252815  p 4.716306254870517e-06
///
/// Hamed–Rao and TFPW are pyMannKendall's own functions; Yue–Wang is the paper's AR(1) effective
/// sample size recomputed with numpy (pyMannKendall's `yue_wang_modification_test` sums every sample
/// lag instead; see docs/trend.md).
///
/// Two pyMannKendall values break ties that are exact in rational arithmetic (Headway ties values
/// that differ by floating-point noise, `snappingNearTies`). Recomputed exactly with Python
/// `fractions.Fraction` (β = median of the rational pairwise slopes, d = y − β·t, average ranks of d,
/// r₁ and the pre-whitened Y on the rationals; S and the tie-corrected Var S exactly, z and p in
/// floating point):
///
///     phq12  tfpw: Y has one exact tie (pymannkendall splits it): S = -48, Var S = 164,
///            z = -3.670083404382243, p = 0.00024247134097106515
///     wave20 hr:   d = y − 3/7·t has exact ties (pymannkendall splits one): n/n* = 0.6914031063898278,
///            Var* S = 649.4579846021783, z = 4.983428031011411, p = 6.246755464619104e-07
///     pvd13, nile and the other variants: as pymannkendall above.
private struct Reference {
    var y: [Double]
    var sen: Double, r1: Double
    var s: Int, varS: Double, z: Double, p: Double
    var hrVar: Double, hrZ: Double, hrP: Double
    var ywFactor: Double, ywVar: Double, ywZ: Double, ywP: Double
    var tfS: Int, tfVar: Double, tfZ: Double, tfP: Double
}

private let references: [Reference] = [
    Reference(y: pvd13, sen: 0.75, r1: -0.013429768273741297, s: 47, varS: 265.6666666666667, z: 2.822209817848391, p: 0.004769396236750323,
              hrVar: 48.04129480096329, hrZ: 6.636673916412743, hrP: 3.2084113144037474e-11,
              ywFactor: 0.9755081221087089, ywVar: 259.15999110688034, ywZ: 2.8574185086023673, ywP: 0.004271022893086663,
              tfS: 36, tfVar: 212.66666666666666, tfZ: 2.400039184633096, tfP: 0.016393316888809073),
    Reference(y: phq12, sen: -1, r1: -0.36526479750778823, s: -58, varS: 210.66666666666666, z: -3.9271450640930468, p: 8.596013970185723e-05,
              hrVar: 210.66666666666666, hrZ: -3.9271450640930468, hrP: 8.596013970185723e-05,
              ywFactor: 0.4975775970446453, ywVar: 104.82301377740528, ywZ: -5.5673244886614555, ywP: 2.5868041295401033e-08,
              tfS: -48, tfVar: 164.0, tfZ: -3.670083404382243, tfP: 0.00024247134097106515),
    Reference(y: wave20, sen: 0.42857142857142855, r1: 0.5821615557217651, s: 128, varS: 939.3333333333334, z: 4.143752940452858,
              p: 3.4166783041689186e-05,
              hrVar: 649.4579846021783, hrZ: 4.983428031011411, hrP: 6.246755464619104e-07,
              ywFactor: 3.4530987086047458, ywVar: 3243.6107202827247, ywZ: 2.229920383565413, ywP: 0.02575272890965992,
              tfS: 115, tfVar: 817.0, tfZ: 3.9883551426855215, tfP: 6.65330097751049e-05),
    Reference(y: nile, sen: -2.6, r1: 0.37494352211970355, s: -1387, varS: 112728.33333333333, z: -4.128066522844101, p: 3.658262921657496e-05,
              hrVar: 241565.3569166269, hrZ: -2.8199791956451388, hrP: 0.004802676310182719,
              ywFactor: 2.1805172200565686, ywVar: 245806.0720216102, ywZ: -2.795547828091857, ywP: 0.005181183475964041,
              tfS: -1515, tfVar: 109417.0, tfZ: -4.577026992252815, tfP: 4.716306254870517e-06),
]

/// Relative closeness for p-values that can be tiny.
private func closeP(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= 1e-7 * b + 1e-15
}

@Suite struct ModifiedMannKendallTests {
    @Test(arguments: references.indices)
    func matchesPyMannKendall(_ i: Int) throws {
        let ref = references[i]
        let t = sessions(ref.y.count)
        let mk = try TrendStatistics.mannKendall(x: t, y: ref.y)
        #expect(mk.s == ref.s && close(mk.varianceS, ref.varS) && close(mk.z, ref.z) && closeP(mk.pValue, ref.p))
        let sen = try TrendStatistics.theilSen(x: t, y: ref.y).slope
        #expect(close(sen, ref.sen))
        let v = TrendStatistics.modifiedMannKendall(x: t, y: ref.y, original: mk, senSlope: sen)
        #expect(close(v.lag1Autocorrelation, ref.r1))
        let hr = try #require(v.hamedRao)
        #expect(hr.s == ref.s && close(hr.varianceS, ref.hrVar) && close(hr.z, ref.hrZ) && closeP(hr.pValue, ref.hrP))
        #expect(close(hr.varianceFactor, ref.hrVar / ref.varS))
        let yw = try #require(v.yueWang)
        #expect(yw.s == ref.s && close(yw.varianceFactor, ref.ywFactor) && close(yw.varianceS, ref.ywVar))
        #expect(close(yw.z, ref.ywZ) && closeP(yw.pValue, ref.ywP))
        let tf = try #require(v.tfpw)
        #expect(tf.s == ref.tfS && close(tf.varianceS, ref.tfVar) && close(tf.z, ref.tfZ) && closeP(tf.pValue, ref.tfP))
        #expect(tf.varianceFactor == nil)
    }

    /// Yue & Wang's AR(1) closed form (Matalas & Langbein 1962, as quoted by Yue & Wang 2004):
    /// `n/n* = 1 + 2[r^{n+1} − n r² + (n−1) r]/[n (r−1)²]`; the sum Headway evaluates must equal it.
    @Test func yueWangClosedForm() throws {
        let t = sessions(wave20.count)
        let mk = try TrendStatistics.mannKendall(x: t, y: wave20)
        let v = TrendStatistics.modifiedMannKendall(x: t, y: wave20, original: mk, senSlope: try TrendStatistics.theilSen(x: t, y: wave20).slope)
        let r = try #require(v.lag1Autocorrelation), n = Double(wave20.count)
        let numerator: Double = pow(r, n + 1) - n * r * r + (n - 1) * r
        let closed: Double = 1 + 2 * numerator / (n * (r - 1) * (r - 1))
        #expect(close(v.yueWang?.varianceFactor, closed, 1e-12))
    }

    /// statsmodels 0.14: `acf(d, nlags=4, adjusted=False, fft=False)` with
    /// `d = [20,20,26,25,22,23,28,25,24,27,30,30,29] − 0.75·(1…13)` →
    /// `[1, −0.01342977, −0.6902289, 0.0323193, 0.49941166]`; of `rankdata(d)` (nlags 3) →
    /// `[1, −0.0621547, −0.70994475, 0.17679558]`; `rankdata(d)` = 6.5 3.5 13 11 2 3.5 12 5 1 8 10 9 6.5.
    @Test func autocorrelationAndRanksMatchStatsmodelsAndScipy() throws {
        let d = pvd13.enumerated().map { $1 - 0.75 * Double($0 + 1) }
        let r = try #require(TrendStatistics.autocorrelation(d, maxLag: 4))
        for (a, b) in zip(r, [1, -0.01342977, -0.6902289, 0.0323193, 0.49941166]) { #expect(close(a, b, 1e-6)) }
        let ranks = TrendStatistics.averageRanks(d)
        #expect(ranks == [6.5, 3.5, 13, 11, 2, 3.5, 12, 5, 1, 8, 10, 9, 6.5])
        let rr = try #require(TrendStatistics.autocorrelation(ranks, maxLag: 3))
        for (a, b) in zip(rr, [1, -0.0621547, -0.70994475, 0.17679558]) { #expect(close(a, b, 1e-6)) }
        #expect(TrendStatistics.autocorrelation([3, 3, 3], maxLag: 1) == nil)
        #expect(TrendStatistics.autocorrelation([1, 2], maxLag: 5)?.count == 2)
    }

    /// A perfectly linear series: the detrended series is constant, so no autocorrelation exists
    /// (r₁ is reported as missing), Hamed–Rao and Yue–Wang apply no correction (n/n* = 1) and TFPW
    /// tests the series without pre-whitening. Three scores: TFPW (n − 1 = 2 points) is undefined.
    @Test func degenerateSeries() throws {
        let y: [Double] = [20, 18, 16, 14, 12]
        let t = sessions(5)
        let mk = try TrendStatistics.mannKendall(x: t, y: y)
        let v = TrendStatistics.modifiedMannKendall(x: t, y: y, original: mk, senSlope: -2)
        #expect(v.lag1Autocorrelation == nil)
        #expect(v.hamedRao?.varianceFactor == 1 && v.hamedRao?.pValue == mk.pValue)
        #expect(v.yueWang?.varianceFactor == 1)
        // MK of 18, 16, 14, 12 at t = 2…5: S = −6, Var S = 4·3·13/18, z = −5/sqrt(8.6667) = −1.698416.
        #expect(v.tfpw?.s == -6 && close(v.tfpw?.z, -1.698416, 1e-6))
        let three = TrendStatistics.modifiedMannKendall(x: sessions(3), y: [5, 7, 6],
                                                        original: try TrendStatistics.mannKendall(x: sessions(3), y: [5, 7, 6]), senSlope: 0.5)
        #expect(three.tfpw == nil && three.hamedRao != nil)
    }

    /// Ties that are exact in rational arithmetic survive floating point. GAD-7 11, 9, 13, 11, 10, 8, 7,
    /// 9, 9, 8, 9, 6 at sessions 1…12 (client C000092 of Datasets/sample-practice): β = −1/3,
    /// r₁ = −13/188, and the pre-whitened values at sessions 2 and 11 are equal. Exact reference with
    /// Python `fractions.Fraction` (d = y − β t, Y_i = d_i − r₁ d_{i−1} + β t_i, S and the tie-corrected
    /// Var S on the rationals): S = −24, Var S = 164, p = 0.0724947934869996. (pymannkendall's
    /// `trend_free_pre_whitening_modification_test` breaks that tie in floating point: p = 0.061707.)
    @Test func exactTiesSurviveFloatingPoint() throws {
        let y: [Double] = [11, 9, 13, 11, 10, 8, 7, 9, 9, 8, 9, 6]
        let t = sessions(12)
        let mk = try TrendStatistics.mannKendall(x: t, y: y)
        let beta = try TrendStatistics.theilSen(x: t, y: y).slope
        #expect(close(beta, -1.0 / 3))
        let v = TrendStatistics.modifiedMannKendall(x: t, y: y, original: mk, senSlope: beta)
        #expect(close(v.lag1Autocorrelation, -13.0 / 188, 1e-12))
        #expect(v.tfpw?.s == -24 && close(v.tfpw?.varianceS, 164) && closeP(v.tfpw?.pValue, 0.0724947934869996))
        let low: Double = 1 - 1e-13, high: Double = 1 + 1e-13
        let snapped = TrendStatistics.snappingNearTies([1, high, 3, low, 2])
        #expect(snapped == [low, low, 3, low, 2])
        let sum: Double = 0.1 + 0.2
        #expect(TrendStatistics.snappingNearTies([sum, 0.3]) == [0.3, 0.3])
    }

    /// Every output is finite (or absent) on adversarial series: alternating, constant, two values.
    @Test func neverNonFinite() throws {
        for y: [Double] in [[1, 9, 1, 9, 1, 9, 1, 9], [4, 4, 4, 4], [0, 27, 0, 27, 0], [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]] {
            let t = sessions(y.count)
            let mk = try TrendStatistics.mannKendall(x: t, y: y)
            let v = TrendStatistics.modifiedMannKendall(x: t, y: y, original: mk, senSlope: try TrendStatistics.theilSen(x: t, y: y).slope)
            for r in [v.hamedRao, v.yueWang, v.tfpw].compactMap({ $0 }) {
                #expect(r.z.isFinite && r.pValue.isFinite && r.varianceS.isFinite && r.varianceS > 0)
                #expect(r.pValue >= 0 && r.pValue <= 1)
            }
            #expect(v.lag1Autocorrelation.map(\.isFinite) ?? true)
        }
    }
}

/// The O(n log n) Kendall S against the direct double sum (the oracle lives here, in the tests).
@Suite struct KendallSMergeSortTests {
    private func quadraticS(_ x: [Double], _ y: [Double]) -> Int {
        var s = 0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                let a = x[j] - x[i], b = y[j] - y[i]
                s += (a > 0 ? 1 : a < 0 ? -1 : 0) * (b > 0 ? 1 : b < 0 ? -1 : 0)
            }
        }
        return s
    }

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func agreesWithDoubleSumOnRandomSeriesWithTies() {
        var g = SplitMix(state: 2026)
        for trial in 0..<400 {
            let n = Int.random(in: 0...(trial < 300 ? 60 : 400), using: &g)
            let levels = [2, 3, 5, 10, 1000][trial % 5]               // few levels: many ties
            let xLevels = [1, 2, 4, 50, 100_000][(trial / 5) % 5]
            var x = (0..<n).map { _ in Double(Int.random(in: 0..<xLevels, using: &g)) }
            if trial % 3 == 0 { x = x.sorted() }                      // time-like: non-decreasing with ties
            let y = (0..<n).map { _ in Double(Int.random(in: 0..<levels, using: &g)) / 2 }
            #expect(TrendStatistics.kendallSMergeSort(x: x, y: y) == quadraticS(x, y), "trial \(trial), n \(n)")
            #expect(TrendStatistics.kendallS(x: x, y: y) == quadraticS(x, y))
        }
    }

    /// Whole Mann–Kendall test on a long tied series through the fast path: S and the tie-corrected
    /// variance agree with pyMannKendall (time 1…n has no ties, so its variance formula applies).
    /// `mk.original_test(x)` for x = [i % 7 + i // 10 for i in range(200)] → S = 15838,
    /// var_s = 893425.3333333334.
    @Test func longTiedSeriesMatchesPyMannKendall() throws {
        let y = (0..<200).map { Double($0 % 7 + $0 / 10) }
        let mk = try TrendStatistics.mannKendall(x: sessions(200), y: y)
        #expect(mk.s == 15838 && close(mk.varianceS, 893425.3333333334))
    }
}
