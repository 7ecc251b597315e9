import Testing
@testable import HeadwayCharts

@Suite struct CanvasTests {
    @Test func mapsCornersAndClamps() {
        let c = Canvas(width: 11, height: 5, x: 0...10, y: 0...4)
        #expect(c.column(0) == 0 && c.column(10) == 10 && c.column(5) == 5 && c.column(99) == 10)
        #expect(c.row(4) == 0 && c.row(0) == 4 && c.row(-3) == 4)
    }

    @Test func niceTicks() {
        #expect(Canvas.niceTicks(0...27) == [0, 10, 20])
        #expect(Canvas.niceTicks(0...10, count: 6) == [0, 2, 4, 6, 8, 10])
        #expect(Canvas.niceTicks(3...3) == [3])
    }

    @Test func sparkline() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([2, 2]) == "▅▅")
        #expect(Sparkline.render([0, 7], charset: .ascii) == "_#")
        #expect(Sparkline.render([]) == "")
    }

    @Test func smallChartGolden() throws {
        var c = Canvas(width: 20, height: 6, x: 1...5, y: 0...10)
        c.band(from: 4, to: 6)
        c.horizontalLine(y: 8)
        for (x, y) in [(1.0, 2.0), (2, 4), (3, 5), (4, 7), (5, 9)] { c.point(x: x, y: y, "●") }
        try expectGolden(c.render(yTicks: [0, 5, 10], xLabels: [(1, "1"), (3, "3"), (5, "5")]), "canvas-small.txt")
    }
}
