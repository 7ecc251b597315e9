// SPDX-License-Identifier: GPL-3.0-or-later

/// One point of an expected recovery curve: session t, the expected score and the yellow and red
/// limits on the worse side.
public struct FlagCurvePoint: Sendable, Equatable {
    public var t: Double
    public var expected: Double
    public var yellow: Double
    public var red: Double
    public init(t: Double, expected: Double, yellow: Double, red: Double) {
        self.t = t
        self.expected = expected
        self.yellow = yellow
        self.red = red
    }
}

/// Everything a flag chart shows, as plain values (HeadwayCharts does not depend on Headway).
public struct FlagChartData: Sendable {
    /// First line (broken onto a second when wider than the chart).
    public var title: String
    /// Next line, e.g. the status and its reason (wrapped to at most three lines).
    public var subtitle: String
    /// Session numbers and scores of the client.
    public var sessions: [Double]
    public var scores: [Double]
    /// The expected curve sampled at increasing t (linearly interpolated between points).
    /// Empty: no curve (published-threshold fallback), only the scores are drawn.
    public var curve: [FlagCurvePoint]
    /// The possible score range (the measure's); the chart zooms within it.
    public var yRange: ClosedRange<Double>
    public var cutoff: Double?
    /// Labels of the two limits, e.g. "75th percentile" and "90th percentile".
    public var yellowLabel: String
    public var redLabel: String

    public init(title: String, subtitle: String = "", sessions: [Double], scores: [Double], curve: [FlagCurvePoint],
                yRange: ClosedRange<Double>, cutoff: Double? = nil,
                yellowLabel: String = "yellow limit", redLabel: String = "red limit") {
        self.title = title
        self.subtitle = subtitle
        self.sessions = sessions
        self.scores = scores
        self.curve = curve
        self.yRange = yRange
        self.cutoff = cutoff
        self.yellowLabel = yellowLabel
        self.redLabel = redLabel
    }
}

/// A client's scores against the practice's expected recovery curve: the expected score, the
/// yellow and red limits with the zone between them shaded, the clinical cut-off and the scores.
public enum FlagChart {
    /// Renders `data` into at most `width` columns and exactly `height` lines.
    public static func render(_ data: FlagChartData, width: Int = 80, height: Int = 24, charset: Charset = .unicode) -> String {
        let marks = FlagMarks(charset)
        let legend = legendLines(data, marks: marks, width: width)
        let ellipsis = charset == .ascii ? "..." : "…"
        let titleLines = ChartText.title(data.title, width: width, ellipsis: ellipsis)
            + (data.subtitle.isEmpty ? [] : ChartText.title(data.subtitle, width: width, ellipsis: ellipsis, maxLines: 3))
        let plotHeight = max(3, height - titleLines.count - 2 - legend.count)
        let yRange = visibleRange(data)
        let yTicks = Canvas.niceTicks(yRange, count: max(2, min(6, plotHeight / 3)))
        let labelWidth = max(yTicks.map { Canvas.format($0).count }.max() ?? 1, 1)
        let plotWidth = max(8, width - labelWidth - 2)
        let xs = data.sessions + data.curve.map(\.t)
        let lo = xs.min() ?? 1, hi = xs.max() ?? 2
        let pad = hi > lo ? 0 : 1.0
        var c = Canvas(width: plotWidth, height: plotHeight, x: (lo - pad)...(hi + pad), y: yRange, charset: charset)

        if data.curve.count >= 1 {
            let span = c.xRange.upperBound - c.xRange.lowerBound
            var columns: [(Int, FlagCurvePoint)] = []
            for col in 0..<c.width {
                let x = c.xRange.lowerBound + span * Double(col) / Double(max(c.width - 1, 1))
                if let p = interpolate(data.curve, at: x) { columns.append((col, p)) }
            }
            for (col, p) in columns { c.band(from: p.yellow, to: p.red, columns: col...col) }
            if let cut = data.cutoff { c.horizontalLine(y: cut) }
            for (col, p) in columns {
                for (y, ch) in [(p.red, marks.red), (p.yellow, marks.yellow), (p.expected, marks.expected)] where c.contains(y: y) {
                    let r = c.row(y)
                    let cur = c.get(column: col, row: r)
                    if cur == " " || cur == charset.band || cur == charset.dashedHorizontal { c.set(column: col, row: r, ch) }
                }
            }
        } else if let cut = data.cutoff {
            c.horizontalLine(y: cut)
        }
        for i in data.sessions.indices where i < data.scores.count {
            c.point(x: data.sessions[i], y: data.scores[i], marks.point)
        }
        let labels = Set(data.sessions.map { Int($0.rounded()) }).sorted().map { (Double($0), String($0)) }
        let body = c.render(yTicks: yTicks, xLabels: labels)
        var lines = titleLines
        lines += body.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { clip(String($0), width, ellipsis) }
        lines += legend
        return lines.joined(separator: "\n") + "\n"
    }

    /// The curve at x by linear interpolation; `nil` outside the sampled range.
    static func interpolate(_ curve: [FlagCurvePoint], at x: Double) -> FlagCurvePoint? {
        guard let first = curve.first, let last = curve.last, x >= first.t - 1e-9, x <= last.t + 1e-9 else { return nil }
        if curve.count == 1 { return first }
        var i = 0
        while i < curve.count - 2 && curve[i + 1].t < x { i += 1 }
        let a = curve[i], b = curve[i + 1]
        let f = b.t > a.t ? min(max((x - a.t) / (b.t - a.t), 0), 1) : 0
        func mix(_ u: Double, _ v: Double) -> Double { u + f * (v - u) }
        return FlagCurvePoint(t: x, expected: mix(a.expected, b.expected), yellow: mix(a.yellow, b.yellow), red: mix(a.red, b.red))
    }

    /// The scores, the curve with its limits and the cut-off, widened by 10 % of their span (at
    /// least 1 point), clamped to `data.yRange`.
    public static func visibleRange(_ data: FlagChartData) -> ClosedRange<Double> {
        var values = data.scores
        for p in data.curve { values += [p.expected, p.yellow, p.red] }
        if let c = data.cutoff { values.append(c) }
        guard let lo = values.min(), let hi = values.max() else { return data.yRange }
        let margin = max((hi - lo) * 0.1, 1)
        let a = max(lo - margin, data.yRange.lowerBound), b = min(hi + margin, data.yRange.upperBound)
        return a < b ? a...b : data.yRange
    }

    static func legendLines(_ d: FlagChartData, marks: FlagMarks, width: Int) -> [String] {
        var items = ["\(marks.point) score"]
        if !d.curve.isEmpty {
            items.append("\(marks.expected) expected")
            items.append("\(marks.yellow) \(d.yellowLabel)")
            items.append("\(marks.red) \(d.redLabel)")
            items.append("\(marks.charset.band) review zone")
        }
        if let cut = d.cutoff { items.append("\(marks.charset.dashedHorizontal) cut-off \(Canvas.format(cut))") }
        items.append("x: session")
        return ChartText.wrap(items, width: width)
    }

    static func clip(_ s: String, _ width: Int, _ ellipsis: String) -> String { ChartText.clip(s, width, ellipsis) }
}

/// The glyphs of a flag chart in one charset.
struct FlagMarks {
    let charset: Charset
    let point: Character, expected: Character, yellow: Character, red: Character
    init(_ cs: Charset) {
        charset = cs
        if cs == .ascii {
            point = "*"; expected = "-"; yellow = "~"; red = "#"
        } else {
            point = "●"; expected = "─"; yellow = "┈"; red = "━"
        }
    }
}
