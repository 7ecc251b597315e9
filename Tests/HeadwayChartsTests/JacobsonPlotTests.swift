import Testing
@testable import HeadwayCharts

@Suite struct JacobsonPlotTests {
    static let categories = ["recovered", "improved", "unchanged", "deteriorated", "harmed"]

    /// A small lower-is-better sample with JT band ±4.14 and cut-off 19.9.
    static let plot = JacobsonPlot(
        title: "HAMD (lower is better)",
        points: [.init(pre: 25, post: 13, category: 0), .init(pre: 15, post: 11, category: 2),
                 .init(pre: 28, post: 4, category: 0), .init(pre: 24, post: 30, category: 3),
                 .init(pre: 26, post: 17, category: 1), .init(pre: 21, post: 25, category: 2)],
        categories: categories, bandHalfWidth: 4.14, cutoff: 19.887, scoreRange: 0...52)

    @Test func fitsDefaultSize() {
        let text = Self.plot.render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 24)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(text.contains("R recovered 2"))
    }

    @Test func goldenUnicode() throws {
        try expectGolden(Self.plot.render(width: 60, height: 20), "jacobson-small.txt")
    }

    @Test func goldenASCII() throws {
        try expectGolden(Self.plot.render(width: 60, height: 20, charset: .ascii), "jacobson-small-ascii.txt")
    }

    @Test func emptyAndDegenerate() {
        let p = JacobsonPlot(title: "empty", points: [], categories: Self.categories)
        #expect(!p.render().isEmpty)
        let q = JacobsonPlot(title: "one", points: [.init(pre: 5, post: 5, category: 2)], categories: Self.categories, bandHalfWidth: 0)
        #expect(q.render(width: 20, height: 8).contains("U"))
    }
}
