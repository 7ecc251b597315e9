// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 (per-episode kernels): the shared and allocation-free helpers of the trend kernels
// return exactly (==, not within a tolerance) what the helpers they replace return, on random
// series with many ties; the statistics themselves are tested against published values in
// TrendStatisticsTests and ModifiedMannKendallTests.
import Testing
@testable import Headway

@Suite struct TrendKernelFastPathTests {
    /// Series like clinical data: sorted or shuffled times with repeats, scores on a small grid.
    static func series(_ trial: Int) -> (x: [Double], y: [Double]) {
        var g = SplitMix(seed: UInt64(trial) &+ 99)
        let n = 1 + g.next(below: trial < 200 ? 14 : 90)
        let levels = [2, 3, 6, 28, 1000][trial % 5]
        var x = (0..<n).map { _ in Double(g.next(below: [2, 5, 40][trial % 3])) }
        if trial % 2 == 0 { x.sort() }
        let y = (0..<n).map { _ in Double(g.next(below: levels)) / (trial % 7 == 0 ? 3 : 1) }
        return (x, y)
    }

    @Test func tieSumsEqualTheSortedGroupSums() {
        for trial in 0..<400 {
            let (x, y) = Self.series(trial)
            for v in [x, y] {
                let t = TrendStatistics.TieSums(v)
                #expect(t.v == TrendStatistics.tieSum(v) { $0 * ($0 - 1) * (2 * $0 + 5) })
                #expect(t.t1 == TrendStatistics.tieSum(v) { $0 * ($0 - 1) })
                #expect(t.t2 == TrendStatistics.tieSum(v) { $0 * ($0 - 1) * ($0 - 2) })
                #expect(t.half == TrendStatistics.tieSum(v) { $0 * ($0 - 1) / 2 })
                #expect(t.v == TrendStatistics.tieSizes(v).reduce(0) { $0 + $1 * ($1 - 1) * (2 * $1 + 5) })
            }
            if x.count >= 2 {
                let s = TrendStatistics.kendallS(x: x, y: y)
                #expect(TrendStatistics.kendallTauB(count: x.count, s: s, tx: .init(x), ty: .init(y))
                        == TrendStatistics.kendallTauB(x: x, y: y, s: s), "trial \(trial)")
            }
        }
    }

    @Test func lag1AndRanksEqualTheArrayVersions() {
        for trial in 0..<400 {
            let (x, y) = Self.series(trial)
            let d = zip(x, y).map { $1 - $0 * 0.37 }
            #expect(TrendStatistics.lag1Autocorrelation(d) == TrendStatistics.autocorrelation(d, maxLag: 1).map { $0.count > 1 ? $0[1] : 0 })
            var snapped = d
            let order = TrendStatistics.snapNearTies(&snapped)
            #expect(snapped == TrendStatistics.snappingNearTies(d))
            #expect(TrendStatistics.averageRanks(snapped, order: order) == TrendStatistics.averageRanks(snapped))
        }
    }

    /// The reduced analysis flags uses (`full: false`) has the full analysis' OLS and Mann–Kendall.
    @Test func flagsTrendEqualsFullTrend() {
        for trial in 0..<300 {
            let (_, y) = Self.series(trial)
            let e = Episode(key: EpisodeKey(clientID: "C\(trial)", episodeID: "1", measure: "PHQ-9"),
                            scores: y.indices.map { Score(value: y[$0], day: trial % 3 == 0 ? nil : 7 * $0 + ($0 % 2), session: $0 + 1) })
            let options = TrendOptions(level: 0.95, alpha: 0.05)
            let full = TrendAnalysis.analyse(e, measure: nil, options: options)
            let part = TrendAnalysis.analyse(e, measure: nil, options: options, full: false)
            #expect(part.ols == full.ols && part.mannKendall == full.mannKendall && part.timeAxis == full.timeAxis)
            #expect(part.status == full.status && part.times == full.times)
        }
    }
}
