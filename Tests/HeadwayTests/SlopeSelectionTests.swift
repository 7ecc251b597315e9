import Testing
@testable import Headway

/// The O(n log n) slope selection against the quadratic listing of all slopes (the oracle):
/// random series with ties in time and in score, every rank checked on small series.
@Suite struct SlopeSelectionTests {
    /// A series like clinical data: integer days with repeats, scores on a small integer grid.
    static func series(_ n: Int, seed: UInt64, days: Int, levels: Int) -> (x: [Double], y: [Double]) {
        var g = SplitMix(seed: seed)
        let x = (0..<n).map { _ in Double(g.next(below: days)) }
        let y = (0..<n).map { _ in Double(g.next(below: levels)) }
        return (x, y)
    }

    @Test func everyRankMatchesSortedSlopes() {
        for seed in 1...12 as ClosedRange<UInt64> {
            let n = 40 + Int(seed) * 9
            let (x, y) = Self.series(n, seed: seed, days: seed % 2 == 0 ? n : n / 3, levels: seed % 3 == 0 ? 4 : 28)
            var sorted: [Double] = []
            for i in 0..<n { for j in (i + 1)..<n where x[i] != x[j] { sorted.append((y[j] - y[i]) / (x[j] - x[i])) } }
            sorted.sort()
            var sel = SlopeSelection(x: x, y: y)
            #expect(sel.pairCount == sorted.count)
            for k in stride(from: 1, through: sorted.count, by: max(1, sorted.count / 41)) {
                #expect(sel.slopeValue(sel.select(rank: k)) == sorted[k - 1], "seed \(seed) rank \(k)")
            }
        }
    }

    @Test func theilSenMatchesQuadraticWithTies() throws {
        for seed in 100...115 as ClosedRange<UInt64> {
            let n = 65 + Int(seed % 7) * 70
            var (x, y) = Self.series(n, seed: seed, days: seed % 2 == 0 ? 3 * n : n / 4, levels: seed % 3 == 0 ? 3 : 28)
            if seed % 5 == 0 { y = y.map { $0 * 0.5 + 0.25 } } // half-point scores
            let bounds = { (total: Int) in (total / 10, total - total / 10 - 1) }
            let fast = try #require(TrendStatistics.theilSenSlopes(x: x, y: y, bounds: bounds))
            let slow = try #require(TrendStatistics.theilSenSlopesQuadratic(x: x, y: y, bounds: bounds))
            #expect(fast.slope == slow.slope, "seed \(seed)")
            #expect(fast.lower == slow.lower, "seed \(seed)")
            #expect(fast.upper == slow.upper, "seed \(seed)")
        }
    }

    @Test func allTimesEqualHasNoSlope() {
        let x = [Double](repeating: 3, count: 100), y = (0..<100).map(Double.init)
        #expect(TrendStatistics.theilSenSlopes(x: x, y: y) { ($0 / 2, $0 / 2) } == nil)
        #expect(throws: (any Error).self) { try TrendStatistics.theilSen(x: x, y: y) }
    }

    /// Issue 18 item 7: 20,000 scores in one episode took minutes and 1.6 GB (abort); now about
    /// 12 s in a debug build on one idle core and well under a second in release. The bound is
    /// generous so that a loaded CI machine does not fail it; the quadratic version aborts.
    @Test func twentyThousandScoresAreFast() throws {
        let (x, y) = Self.series(20_000, seed: 7, days: 5_000, levels: 28)
        let clock = ContinuousClock()
        let start = clock.now
        let t = try TrendStatistics.theilSen(x: x, y: y)
        let elapsed = clock.now - start
        #expect(t.slope.isFinite && t.ciLower <= t.slope && t.slope <= t.ciUpper)
        #expect(elapsed < .seconds(90), "took \(elapsed)")
    }
}
