import Testing
@testable import HeadwayCharts

@Suite struct GoalChartTests {
    static let goals = [
        GoalChart.Goal(label: "G1 Sleep through the night", baseline: -1, levels: [0, 1]),
        GoalChart.Goal(label: "G2 Walk to the shops without a panic attack", baseline: -2, levels: [-2, 0]),
        GoalChart.Goal(label: "G3 Phone a friend", baseline: -1, levels: [-1, nil]),
    ]
    static let reviews = [
        GoalChart.Review(mark: "1", legend: "review 1 (2024-02-01): T = 42.6, 3 goals"),
        GoalChart.Review(mark: "2", legend: "review 2 (2024-03-01): T = 56.2, 2 goals"),
    ]

    @Test func clientGoalsGolden() throws {
        try expectGolden(GoalChart.render(title: "Client C1, episode 1", goals: Self.goals, reviews: Self.reviews), "goal-chart.txt")
        try expectGolden(GoalChart.render(goals: Self.goals, reviews: Self.reviews, labelWidth: 16, charset: .ascii), "goal-chart-ascii.txt")
    }

    @Test func histogramBins() {
        let b = Histogram.bins([40, 44.9, 45, 50, 61, .nan], width: 5)
        #expect(b.map(\.lower) == [40, 45, 50, 55, 60])
        #expect(b.map(\.count) == [2, 1, 1, 0, 1])
        #expect(Histogram.bins([], width: 5).isEmpty)
        #expect(Histogram.bins([1], width: 0).isEmpty)
        #expect(Histogram.render([], binWidth: 5) == "(no values)\n")
    }

    @Test func histogramGolden() throws {
        let t: [Double] = [31.4, 38.2, 42.6, 44, 47.5, 50, 50, 50, 52.1, 55, 56.2, 58, 61.3, 62.4, 70.1]
        try expectGolden(Histogram.render(t, binWidth: 5, barWidth: 20, title: "Attained T (15 clients)"), "goal-histogram.txt")
        try expectGolden(Histogram.render(t, binWidth: 10, barWidth: 10, charset: .ascii), "goal-histogram-ascii.txt")
    }
}
