import Testing
@testable import HeadwayCharts

@Suite struct BarChartTests {
    let bars = [BarChart.Bar(label: "all", value: 0.42, low: 0.38, high: 0.46, n: 120),
                BarChart.Bar(label: "T01", value: 0.1, low: 0.03, high: 0.3, n: 20),
                BarChart.Bar(label: "T02", value: nil)]

    @Test func barsWithIntervalsUnicode() throws {
        let text = BarChart(title: "Recovered, PHQ-9 (95% Wilson intervals)", bars: bars).render(width: 60)
        for line in text.split(separator: "\n") { #expect(line.count <= 60) }
        try expectGolden(text, "report-bars.txt")
    }

    @Test func barsWithIntervalsASCII() throws {
        try expectGolden(BarChart(title: "Recovered", bars: bars).render(width: 80, charset: .ascii), "report-bars-ascii.txt")
    }

    @Test func histogramHidesSmallBinsAndItsComplement() throws {
        // Bins: 40-45 has 3 (hidden), 45-50 has 6 (the next smallest: hidden too), 50-55 has 10.
        let values = [Double](repeating: 42, count: 3) + [Double](repeating: 47, count: 6) + [Double](repeating: 52, count: 10)
        let text = ReportCharts.histogram(values, binWidth: 5, minCell: 5, title: "GAS T")
        #expect(text.contains("<5") && text.contains("suppressed") && text.contains(" 10"))
        #expect(!text.contains(" 3\n") && !text.contains(" 6\n"))
        try expectGolden(text, "report-histogram.txt")
    }

    @Test func sparklineGaps() {
        #expect(ReportCharts.sparkline([0, nil, 1]) == "▁·█")
        #expect(ReportCharts.sparkline([0, nil, 1], charset: .ascii) == "_ #")
    }
}
