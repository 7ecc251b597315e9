// SPDX-License-Identifier: GPL-3.0-or-later
// The Jacobson plot (Jacobson & Truax 1991, Figure 1): pre on x, post on y, the no-change
// diagonal, the reliable-change band around it, the cut-off lines and one mark per episode.

/// A terminal Jacobson plot. Plain inputs, no dependency on the domain library.
public struct JacobsonPlot: Sendable {
    /// One episode: pre and post score and its category mark (see ``marks``).
    public struct Point: Sendable, Equatable {
        public var pre: Double
        public var post: Double
        /// Index into ``categories``.
        public var category: Int
        public init(pre: Double, post: Double, category: Int) {
            self.pre = pre
            self.post = post
            self.category = category
        }
    }

    public var title: String
    public var points: [Point]
    /// Category names in legend order; marks are their upper-cased first letters.
    public var categories: [String]
    /// Half-width of the reliable-change band in points around the diagonal (`nil`: no band,
    /// e.g. for methods whose threshold depends on the pre score).
    public var bandHalfWidth: Double?
    /// The clinical cut-off, drawn as a vertical and a horizontal line.
    public var cutoff: Double?
    /// The score range of the measure, used to pad the axes sensibly.
    public var scoreRange: ClosedRange<Double>?
    /// What the legend prints after each category name, in place of the number of points:
    /// e.g. counts of episodes when points were de-duplicated, or "suppressed".
    public var countLabels: [String]?

    public init(title: String, points: [Point], categories: [String], bandHalfWidth: Double? = nil,
                cutoff: Double? = nil, scoreRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.points = points
        self.categories = categories
        self.bandHalfWidth = bandHalfWidth
        self.cutoff = cutoff
        self.scoreRange = scoreRange
    }

    /// The mark of a category: its first letter, upper-cased.
    public func mark(_ category: Int) -> Character {
        guard category >= 0, category < categories.count, let c = categories[category].first else { return "?" }
        return Character(c.uppercased())
    }

    /// The chart as text of at most `width` columns and `height` lines (title, plot, x axis,
    /// axis note and legend included).
    public func render(width: Int = 80, height: Int = 24, charset: Charset = .unicode) -> String {
        var values = points.flatMap { [$0.pre, $0.post] }
        if let c = cutoff { values.append(c) }
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = max((hi - lo) * 0.05, 1)
        lo -= pad; hi += pad
        if let r = scoreRange { lo = max(lo, r.lowerBound); hi = min(hi, r.upperBound) }
        if lo >= hi { hi = lo + 1 }
        let ticks = Canvas.niceTicks(lo...hi, count: 7)
        let labelWidth = max(ticks.map { Canvas.format($0).count }.max() ?? 1, 1)
        let legend = legendLines(width: width, charset: charset)
        let plotWidth = max(width - labelWidth - 2, 10)
        let titleLines = ChartText.title(title, width: width, ellipsis: charset == .ascii ? "..." : "…")
        let plotHeight = max(height - titleLines.count - 2 - 1 - legend.count, 5)
        var canvas = Canvas(width: plotWidth, height: plotHeight, x: lo...hi, y: lo...hi, charset: charset)
        // Reliable-change band: cells whose y lies within ± band of the diagonal at that x.
        if let b = bandHalfWidth, b > 0 {
            for c in 0..<plotWidth {
                let x = lo + (hi - lo) * Double(c) / Double(plotWidth - 1)
                let top = canvas.row(min(x + b, hi)), bottom = canvas.row(max(x - b, lo))
                guard x - b <= hi, x + b >= lo else { continue }
                for r in top...bottom where canvas.get(column: c, row: r) == " " { canvas.set(column: c, row: r, charset.band) }
            }
        }
        if let cut = cutoff {
            canvas.verticalLine(x: cut)
            canvas.horizontalLine(y: cut)
        }
        canvas.segment(from: (lo, lo), to: (hi, hi), Self.diagonal(charset))
        for p in points { canvas.point(x: p.pre, y: p.post, mark(p.category)) }
        var lines = titleLines
        lines += canvas.render(yTicks: ticks, xLabels: ticks.map { ($0, Canvas.format($0)) }).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        lines += legend
        return lines.map { String($0.prefix(width)) }.joined(separator: "\n") + "\n"
    }

    /// The no-change diagonal: "╱" (unicode) or "/" (ASCII), distinct from the band dots.
    static func diagonal(_ charset: Charset) -> Character { charset == .ascii ? "/" : "╱" }

    /// Legend items, wrapped to `width`: the axes and lines first, then the category counts.
    func legendLines(width: Int, charset: Charset) -> [String] {
        var counts = Array(repeating: 0, count: categories.count)
        for p in points where p.category >= 0 && p.category < counts.count { counts[p.category] += 1 }
        var guide = ["x pre, y post", "\(Self.diagonal(charset)) no change"]
        if let b = bandHalfWidth { guide.append("\(charset.band) change < \(Canvas.format(b)) (not reliable)") }
        if let c = cutoff { guide.append("\(charset.dashedHorizontal)\(charset.dashedVertical) cut-off \(Canvas.format(c))") }
        let marks = categories.enumerated().map { i, name in
            let label = countLabels.flatMap { i < $0.count ? $0[i] : nil } ?? String(counts[i])
            return "\(mark(i)) \(name) \(label)"
        }
        return wrap(guide, width: width) + wrap(marks, width: width)
    }

    func wrap(_ items: [String], width: Int) -> [String] { ChartText.wrap(items, width: width, separator: "  ") }
}
