import Testing
@testable import HeadwayCharts

@Suite struct SVGPlotTests {
    @Test func escapesMarkupAndDropsControlCharacters() {
        #expect(SVGText.escape("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }

    @Test func numbersAreFiniteAndShort() {
        #expect(SVGText.num(.nan) == "0")
        #expect(SVGText.num(.infinity) == "0")
        #expect(SVGText.num(3) == "3")
        #expect(SVGText.num(3.14159) == "3.14")
    }

    @Test func niceAxisCoversTheRange() {
        let a = SVGAxis.nice(label: "rate (%)", min: 0.13, max: 0.87)
        #expect(a.min <= 0.13 && a.max >= 0.87)
        #expect(a.ticks.count >= 3 && a.ticks.count <= 12)
    }

    @Test func plotHasAccessibleStructureAndLegend() {
        var p = SVGPlot(title: "Recovery <by> month", description: "A p-chart", x: SVGAxis.nice(label: "Month", min: 0, max: 11),
                        y: SVGAxis.nice(label: "Recovery (%)", min: 0, max: 1),
                        series: [SVGSeries(name: "Rate", points: [(0, 0.5), (1, nil), (2, 0.6), (3, 0.7)], colour: "#0072B2", style: .line(dash: nil, width: 2), marker: .circle),
                                 SVGSeries(name: "Upper limit", points: [(0, 0.9), (11, 0.9)], colour: "#555555", style: .segment(dash: "6 4")),
                                 SVGSeries(name: "Hidden", points: [(5, 0.2)], colour: "#000", style: .bars(width: 1, hatched: true), inLegend: false)],
                        labels: [SVGLabel(x: 2, y: 0.6, text: "T01 & co")])
        p.rotateXLabels = true
        let s = p.render(id: "c1")
        #expect(s.hasPrefix("<svg class=\"chart\" role=\"img\""))
        #expect(s.contains("aria-labelledby=\"c1-t c1-d\""))
        #expect(s.contains("<title id=\"c1-t\">Recovery &lt;by&gt; month</title>"))
        #expect(s.contains("<desc id=\"c1-d\">A p-chart</desc>"))
        #expect(s.contains(">Month</text>") && s.contains(">Recovery (%)</text>"))
        #expect(s.contains(">Rate</text>") && s.contains(">Upper limit</text>") && !s.contains(">Hidden</text>"))
        #expect(s.contains("stroke-dasharray=\"6 4\""))
        #expect(s.contains("T01 &amp; co"))
        // The nil point breaks the line: only the run of two points (2, 3) is drawn.
        #expect(s.components(separatedBy: "<polyline").count == 2)
        #expect(!s.contains("nan") && !s.contains("inf") && !s.contains("http"))
        #expect(s.hasSuffix("</svg>"))
    }
}
