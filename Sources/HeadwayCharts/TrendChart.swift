// SPDX-License-Identifier: GPL-3.0-or-later

/// Everything a trend chart shows, as plain values (HeadwayCharts does not depend on Headway).
public struct TrendChartData: Sendable {
    /// First line of the chart (broken onto a second line when wider than the chart, see ``ChartText/title(_:width:ellipsis:maxLines:)``).
    public var title: String
    /// Times on the x axis.
    public var x: [Double]
    public var y: [Double]
    /// Per point: `true` for a baseline (phase A) score, drawn with a hollow mark. Empty: all filled.
    public var baseline: [Bool]
    /// Axis label for each point (a date or a session number); a readable subset is printed.
    public var pointLabels: [String]
    /// What the x axis measures, e.g. "weeks" or "session".
    public var xCaption: String
    /// The possible score range (the measure's). The chart zooms to the scores, the band and the
    /// cut-off with a margin, within these limits (see ``TrendChart/visibleRange(_:)``).
    public var yRange: ClosedRange<Double>
    /// Fitted line `intercept + slope · x`, drawn over the data's time span.
    public var trend: (intercept: Double, slope: Double)?
    public var trendName: String
    public var cutoff: Double?
    /// Reliable-change limits `center ± halfWidth` (around the first score), drawn as two dotted lines.
    public var reliableBand: (center: Double, halfWidth: Double)?
    /// x of the A/B boundary (drawn halfway between the last A and the first B point by the caller).
    public var phaseBoundary: Double?

    public init(title: String, x: [Double], y: [Double], baseline: [Bool] = [], pointLabels: [String], xCaption: String,
                yRange: ClosedRange<Double>, trend: (intercept: Double, slope: Double)? = nil, trendName: String = "trend",
                cutoff: Double? = nil, reliableBand: (center: Double, halfWidth: Double)? = nil, phaseBoundary: Double? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.baseline = baseline
        self.pointLabels = pointLabels
        self.xCaption = xCaption
        self.yRange = yRange
        self.trend = trend
        self.trendName = trendName
        self.cutoff = cutoff
        self.reliableBand = reliableBand
        self.phaseBoundary = phaseBoundary
    }
}

/// A terminal line chart of one episode: scores over time, fitted trend, clinical cut-off,
/// reliable-change band and A/B boundary, with axes and a legend.
public enum TrendChart {
    /// Renders `data` into at most `width` columns and exactly `height` lines
    /// (title in one or two lines, plot, x axis, x labels, legend). Default 80 × 24.
    public static func render(_ data: TrendChartData, width: Int = 80, height: Int = 24, charset: Charset = .unicode) -> String {
        let marks = TrendMarks(charset)
        let legend = legendLines(data, marks: marks, width: width)
        let ellipsis = charset == .ascii ? "..." : "…"
        let title = ChartText.title(data.title, width: width, ellipsis: ellipsis)
        let plotHeight = max(3, height - 2 - title.count - legend.count)
        let yRange = visibleRange(data)
        let yTicks = Canvas.niceTicks(yRange, count: max(2, min(6, plotHeight / 3)))
        let labelWidth = max(yTicks.map { Canvas.format($0).count }.max() ?? 1, 1)
        let plotWidth = max(8, width - labelWidth - 2)
        let xs = data.x
        let lo = xs.min() ?? 0, hi = xs.max() ?? 1
        let pad = hi > lo ? 0 : 1.0
        var c = Canvas(width: plotWidth, height: plotHeight, x: (lo - pad)...(hi + pad), y: yRange, charset: charset)

        // The reliable-change limits around the first score, as two dotted lines (a filled band
        // would cover most of the plot when the limits are wide against the scores' spread).
        if let band = data.reliableBand {
            c.horizontalLine(y: band.center - band.halfWidth, charset.band)
            c.horizontalLine(y: band.center + band.halfWidth, charset.band)
        }
        if let cut = data.cutoff { c.horizontalLine(y: cut) }
        if let bx = data.phaseBoundary { c.verticalLine(x: bx) }
        if let tr = data.trend { drawLine(&c, intercept: tr.intercept, slope: tr.slope, from: lo, to: hi, marks: marks) }
        for i in xs.indices {
            let isA = i < data.baseline.count && data.baseline[i]
            c.point(x: xs[i], y: data.y[i], isA ? marks.baseline : marks.point)
        }
        let body = c.render(yTicks: yTicks, xLabels: xLabels(data, canvas: c))
        var lines = title
        lines += body.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { clip(String($0), width, ellipsis) }
        lines += legend
        return lines.joined(separator: "\n") + "\n"
    }

    /// The y range drawn: the scores, the reliable-change band and the cut-off, widened by 10 % of
    /// their span (at least 1 point) on each side, then clamped to `data.yRange`.
    public static func visibleRange(_ data: TrendChartData) -> ClosedRange<Double> {
        var values = data.y
        if let b = data.reliableBand { values += [b.center - b.halfWidth, b.center + b.halfWidth] }
        if let c = data.cutoff { values.append(c) }
        guard let lo = values.min(), let hi = values.max() else { return data.yRange }
        let margin = max((hi - lo) * 0.1, 1)
        let a = max(lo - margin, data.yRange.lowerBound), b = min(hi + margin, data.yRange.upperBound)
        return a < b ? a...b : data.yRange
    }

    /// Labels for a readable subset of points: the first, the last, and points at least
    /// one label width apart in between; the x caption is appended to the last label.
    static func xLabels(_ data: TrendChartData, canvas c: Canvas) -> [(Double, String)] {
        guard !data.x.isEmpty, data.pointLabels.count == data.x.count else { return [] }
        let widest = data.pointLabels.map(\.count).max() ?? 1
        var chosen: [Int] = [0]
        var lastColumn = c.column(data.x[0])
        let lastIndex = data.x.count - 1
        let lastColumnOfAll = c.column(data.x[lastIndex])
        for i in 1..<data.x.count {
            let col = c.column(data.x[i])
            if col - lastColumn > widest + 1 && lastColumnOfAll - col > widest + widest / 2 + 2 {
                chosen.append(i); lastColumn = col
            }
        }
        if lastIndex > 0 { chosen.append(lastIndex) }
        return chosen.map { (data.x[$0], data.pointLabels[$0]) }
    }

    /// Draws the fitted line column by column with slope-shaped glyphs, only over empty or band cells.
    static func drawLine(_ c: inout Canvas, intercept: Double, slope: Double, from x0: Double, to x1: Double, marks: TrendMarks) {
        let c0 = c.column(x0), c1 = c.column(x1)
        guard c1 >= c0 else { return }
        let xSpan = c.xRange.upperBound - c.xRange.lowerBound
        let dxPerColumn = xSpan / Double(max(c.width - 1, 1))
        let ySpan = c.yRange.upperBound - c.yRange.lowerBound
        let rowsPerColumn = slope * dxPerColumn / ySpan * Double(c.height - 1)
        let glyph = abs(rowsPerColumn) < 0.5 ? marks.flat : (rowsPerColumn > 0 ? marks.up : marks.down)
        for col in c0...c1 {
            let x = c.xRange.lowerBound + Double(col) * dxPerColumn
            let y = intercept + slope * x
            guard c.contains(y: y) else { continue }
            let r = c.row(y)
            let cur = c.get(column: col, row: r)
            if cur == " " || cur == c.charset.band { c.set(column: col, row: r, glyph) }
        }
    }

    static func legendLines(_ d: TrendChartData, marks: TrendMarks, width: Int) -> [String] {
        var items = ["\(marks.point) score"]
        if d.baseline.contains(true) { items.append("\(marks.baseline) baseline (A)") }
        if d.trend != nil { items.append("\(marks.up)\(marks.flat)\(marks.down) \(d.trendName)") }
        if let cut = d.cutoff { items.append("\(marks.charset.dashedHorizontal) cut-off \(Canvas.format(cut))") }
        if let band = d.reliableBand {
            let b = marks.charset.band
            items.append("\(b)\(b)\(b) reliable change limits: first score \(marks.charset == .ascii ? "+/-" : "±") \(Canvas.format(band.halfWidth))")
        }
        if d.phaseBoundary != nil { items.append("\(marks.charset.dashedVertical) A|B") }
        items.append("x: \(d.xCaption)")
        return ChartText.wrap(items, width: width)
    }

    static func clip(_ s: String, _ width: Int, _ ellipsis: String) -> String { ChartText.clip(s, width, ellipsis) }
}

/// The glyphs of a trend chart in one charset.
struct TrendMarks {
    let charset: Charset
    let point: Character, baseline: Character, flat: Character, up: Character, down: Character
    init(_ cs: Charset) {
        charset = cs
        if cs == .ascii {
            point = "*"; baseline = "o"; flat = "-"; up = "/"; down = "\\"
        } else {
            point = "●"; baseline = "○"; flat = "─"; up = "╱"; down = "╲"
        }
    }
}
