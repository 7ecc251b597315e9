import Testing
@testable import HeadwayCharts

/// Parker, Vannest & Davis (2011) A/B series by session, with an OLS line
/// (intercept 20.956044, slope 0.725275 from numpy `np.polyfit(range(1, 14), y, 1)`).
private func parkerData() -> TrendChartData {
    let y: [Double] = [20, 20, 26, 25, 22, 23, 28, 25, 24, 27, 30, 30, 29]
    let x = (1...13).map(Double.init)
    return TrendChartData(title: "PVD2011 · episode 1 · WEMWBS", x: x, y: y, baseline: x.map { $0 <= 6 },
                          pointLabels: x.map { Canvas.format($0) }, xCaption: "session", yRange: 14...70,
                          trend: (20.956044, 0.725275), trendName: "OLS trend", phaseBoundary: 6.5)
}

/// A falling PHQ-9 course with cut-off 10 and reliable-change band ±6 around the first score.
private func phqData() -> TrendChartData {
    let y: [Double] = [22, 19, 17, 18, 13, 11, 9, 8]
    let x: [Double] = [0, 1, 2, 3, 5, 6, 8, 10]
    return TrendChartData(title: "C7 · episode 1 · PHQ-9", x: x, y: y,
                          pointLabels: ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-10",
                                        "2025-02-17", "2025-03-03", "2025-03-17"],
                          xCaption: "date (weeks since first score)", yRange: 0...27, trend: (21.2, -1.4),
                          trendName: "OLS trend", cutoff: 10, reliableBand: (22, 6))
}

@Suite struct TrendChartTests {
    @Test func singleCaseUnicodeGolden() throws {
        let text = TrendChart.render(parkerData())
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 == 24)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try expectGolden(text, "trend-single-case.txt")
    }

    @Test func singleCaseAsciiGolden() throws {
        var data = parkerData()
        data.title = "PVD2011 | episode 1 | WEMWBS"
        let text = TrendChart.render(data, width: 60, height: 16, charset: .ascii)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try expectGolden(text, "trend-single-case-ascii.txt")
    }

    @Test func cutoffAndReliableBandGolden() throws {
        let text = TrendChart.render(phqData())
        #expect(text.contains("cut-off 10") && text.contains("reliable change limits: first score ± 6"))
        try expectGolden(text, "trend-phq9.txt")
    }

    @Test func visibleRangeZoomsWithinLimits() {
        let r = TrendChart.visibleRange(parkerData())
        #expect(r.lowerBound == 19 && r.upperBound == 31)
        let p = TrendChart.visibleRange(phqData())
        #expect(p.lowerBound == 6.0 && abs(p.upperBound - 27) < 1e-9)   // 28 + 2.2 clamped to 27
    }
}
