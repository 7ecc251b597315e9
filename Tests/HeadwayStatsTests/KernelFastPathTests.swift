// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 (per-episode kernels): the fast paths return exactly what the paths they replace return.
import Foundation
import Testing
@testable import HeadwayStats

@Suite struct KernelFastPathTests {
    /// The tabulated t quantiles are GSL's own values, bit for bit, and agree with an independent
    /// value: scipy 1.17.1 `scipy.stats.t.ppf(0.975, 10)` = 2.228138851986274,
    /// `t.ppf(0.95, 3)` = 2.3533634348018233, `t.ppf(0.995, 512)` = 2.5854657281778883 (to 1e-9).
    @Test func tabulatedStudentTQuantilesAreGSLsValues() throws {
        for p in StudentTQuantileTable.probabilities {
            for df in 1...StudentTQuantileTable.maxDF {
                let q = try StudentT.quantile(p, df: Double(df))
                #expect(q == StudentT.quantileFromGSL(p, df: Double(df)), "p \(p) df \(df)")
            }
        }
        #expect(close(try StudentT.quantile(0.975, df: 10), 2.228138851986274, rel: 1e-9))
        #expect(close(try StudentT.quantile(0.95, df: 3), 2.3533634348018233, rel: 1e-9))
        #expect(close(try StudentT.quantile(0.995, df: 512), 2.5854657281778883, rel: 1e-9))
        // Outside the table: fractional df, large df, other p all still come from GSL.
        #expect(StudentTQuantileTable.lookup(0.975, df: 2.5) == nil)
        #expect(StudentTQuantileTable.lookup(0.975, df: 513) == nil)
        #expect(StudentTQuantileTable.lookup(0.9, df: 5) == nil)
        #expect(try StudentT.quantile(0.9, df: 5) == StudentT.quantileFromGSL(0.9, df: 5))
    }

    /// The flat-design fit is the row fit: same GSL input, so every number is equal, on the
    /// recovery-curve design [1, x0, ln t, x0·ln t] and on Longley (NIST StRD).
    @Test func flatDesignEqualsRowDesign() throws {
        var rows: [[Double]] = [], y: [Double] = []
        var state: UInt64 = 12
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 40) / Double(1 << 24) }
        for _ in 0..<500 {
            let x0 = (next() * 27).rounded(), t = 1 + (next() * 12).rounded(.down), l = log(t)
            rows.append([1, x0, l, x0 * l]); y.append((x0 - 2 * l + 4 * next()).rounded())
        }
        for (design, yy) in [(rows, y), (Longley.design, Longley.y)] {
            let a = try fitLinearModel(design: design, y: yy)
            let b = try fitLinearModel(flatDesign: design.flatMap { $0 }, columns: design[0].count, y: yy)
            #expect(a == b)
        }
        // Without an intercept column R² is uncentered in both.
        let noIntercept = rows.map { [$0[1], $0[2]] }
        #expect(try fitLinearModel(design: noIntercept, y: y) == fitLinearModel(flatDesign: noIntercept.flatMap { $0 }, columns: 2, y: y))
    }

    @Test func flatDesignRejectsWhatRowsReject() {
        #expect(throws: StatsError.lengthMismatch) { try fitLinearModel(flatDesign: [1, 2, 3], columns: 2, y: [1, 2]) }
        #expect(throws: StatsError.tooFewPoints(needed: 3, got: 2)) { try fitLinearModel(flatDesign: [1, 2, 1, 3], columns: 2, y: [1, 2]) }
        #expect(throws: StatsError.nonFinite("design")) { try fitLinearModel(flatDesign: [1, .nan, 1, 3, 1, 4], columns: 2, y: [1, 2, 3]) }
        #expect(throws: StatsError.singularDesign) { try fitLinearModel(flatDesign: [1, 2, 1, 2, 1, 2], columns: 2, y: [1, 2, 3]) }
    }
}
