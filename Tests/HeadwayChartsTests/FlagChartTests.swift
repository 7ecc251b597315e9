import Foundation
import Testing
@testable import HeadwayCharts

@Suite struct FlagChartTests {
    /// Expected = 20 − 2·ln t, σ = 2: yellow limit + 0.6745σ, red + 1.2816σ; a client drifting above.
    static var data: FlagChartData {
        var curve: [FlagCurvePoint] = []
        var t = 1.0
        while t <= 6 {
            let e = 20 - 2 * log(t)
            curve.append(FlagCurvePoint(t: t, expected: e, yellow: e + 0.6745 * 2, red: e + 1.2816 * 2))
            t += 0.25
        }
        return FlagChartData(title: "C1 · episode 1 · PHQ-9 · RED", subtitle: "off track: PHQ-9 21 at session 5, expected 16.8",
                             sessions: [1, 2, 3, 4, 5], scores: [20, 19, 19, 20, 21], curve: curve, yRange: 0...27, cutoff: 10,
                             yellowLabel: "75th percentile", redLabel: "90th percentile")
    }

    @Test func unicodeGolden() throws {
        let s = FlagChart.render(Self.data, width: 72, height: 22)
        #expect(s.split(separator: "\n", omittingEmptySubsequences: false).count - 1 == 22)
        try expectGolden(s, "flag-chart.txt")
    }

    @Test func asciiGoldenAndNoCurve() throws {
        var a = Self.data
        a.title = "C1 | episode 1 | PHQ-9 | RED"
        let s = FlagChart.render(a, width: 72, height: 22, charset: .ascii)
        #expect(s.unicodeScalars.allSatisfy { $0.isASCII })
        try expectGolden(s, "flag-chart-ascii.txt")
        var d = a
        d.curve = []
        let plain = FlagChart.render(d, width: 60, height: 14, charset: .ascii)
        #expect(!plain.contains("90th percentile") && plain.contains("cut-off 10"))
    }

    @Test func interpolationBetweenSamples() {
        let p = FlagChart.interpolate([FlagCurvePoint(t: 1, expected: 10, yellow: 11, red: 12),
                                       FlagCurvePoint(t: 3, expected: 6, yellow: 7, red: 8)], at: 2)
        #expect(p == FlagCurvePoint(t: 2, expected: 8, yellow: 9, red: 10))
        #expect(FlagChart.interpolate([FlagCurvePoint(t: 1, expected: 10, yellow: 11, red: 12)], at: 4) == nil)
    }
}
