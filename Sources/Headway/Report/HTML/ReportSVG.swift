// SPDX-License-Identifier: GPL-3.0-or-later
// The HTML report's charts: library results mapped to ``SVGPlot``.
import HeadwayCharts
import HeadwayCSV

enum ReportSVG {
    static let blue = "#0072B2", orange = "#D55E00", green = "#009E73", purple = "#CC79A7", grey = "#555555", black = "#000000"

    static let percentTick: @Sendable (Double) -> String = { v in SVGText.num(v * 100) }
    static let plainTick: @Sendable (Double) -> String = { v in SVGText.num(v) }

    /// Plain-English list of the special causes found, for captions and `<desc>`.
    static func signalSummary(_ c: ControlChart) -> String {
        var parts: [String] = []
        for rule in SpecialCause.allCases {
            let at = c.points.filter { $0.signals.contains(rule) }.map(\.label)
            if !at.isEmpty { parts.append("\(rule.text): \(at.joined(separator: ", "))") }
        }
        return parts.isEmpty ? "No special cause: the variation is consistent with chance (common cause)." : "Special cause — " + parts.joined(separator: "; ") + "."
    }

    /// A p-chart or XmR chart: the values (solid line, circles), special-cause points (orange
    /// diamonds), the centre line (long dashes) and the limits (short dashes, stepped per point).
    static func controlChart(_ c: ControlChart, id: String, title: String, yLabel: String, percent: Bool, xLabel: String = "Month") -> String {
        let xs = c.points.indices.map(Double.init)
        var hi = c.points.compactMap { [$0.value, $0.upper].compactMap { $0 }.max() }.max() ?? 1
        var lo = c.points.compactMap { [$0.value, $0.lower].compactMap { $0 }.min() }.min() ?? 0
        if percent { lo = max(0, lo); hi = min(1, hi) }
        if hi <= lo { hi = lo + 1 }
        let y = SVGAxis.nice(label: yLabel, min: percent ? max(0, lo - 0.05) : max(0, lo - (hi - lo) * 0.1), max: percent ? min(1, hi + 0.05) : hi + (hi - lo) * 0.1,
                             format: percent ? percentTick : plainTick)
        let every = max(1, (c.points.count + 11) / 12)
        // Every `every`-th period, and the last one unless it would crowd the previous tick.
        let last = c.points.count - 1
        let ticks = c.points.indices.filter { $0 % every == 0 || ($0 == last && last % every > every / 2) }.map { (Double($0), c.points[$0].label) }
        let x = SVGAxis(label: xLabel, min: -0.5, max: Double(max(1, c.points.count)) - 0.5, ticks: ticks)
        // Limits as steps: each point's limit spans its month.
        func steps(_ f: (ControlPoint) -> Double?) -> [(x: Double, y: Double?)] {
            var out: [(x: Double, y: Double?)] = []
            for (i, p) in c.points.enumerated() {
                if let v = f(p) { out.append((Double(i) - 0.5, v)); out.append((Double(i) + 0.5, v)) } else { out.append((Double(i), nil)) }
            }
            return out
        }
        let values = c.points.enumerated().map { (x: Double($0.offset), y: $0.element.value) }
        let flagged = c.points.enumerated().filter { !$0.element.signals.isEmpty }.map { (x: Double($0.offset), y: $0.element.value) }
        var series = [
            SVGSeries(name: percent ? "Rate" : "Count", points: values, colour: blue, style: .line(dash: nil, width: 2), marker: .circle),
            SVGSeries(name: "Centre line (mean)", points: [(xs.first ?? 0) - 0.5, (xs.last ?? 0) + 0.5].map { (x: $0, y: c.centre) }, colour: black, style: .segment(dash: "10 5")),
            SVGSeries(name: "Upper and lower limits (3 sigma)", points: steps(\.upper), colour: grey, style: .line(dash: "3 3", width: 1.5)),
            SVGSeries(name: "", points: steps(\.lower), colour: grey, style: .line(dash: "3 3", width: 1.5), inLegend: false),
        ]
        if !flagged.isEmpty {
            series.append(SVGSeries(name: "Special cause (orange diamond)", points: flagged, colour: orange, style: .points, marker: .diamond))
        }
        let shown = c.points.filter { $0.value != nil }.count
        let desc = "\(title). \(shown) of \(c.points.count) months have a value, from \(c.points.first?.label ?? "") to \(c.points.last?.label ?? ""). "
            + "Centre line \(percent ? ReportHTML.pct(c.centre) : SVGText.num(c.centre)). " + signalSummary(c)
        var plot = SVGPlot(title: title, description: desc, x: x, y: y, series: series)
        plot.rotateXLabels = true
        _ = xs
        return plot.render(id: id)
    }

    /// A funnel plot: groups (circles; outside the 95% limits: orange triangles, labelled) against
    /// n, the practice rate, and the 95% (dashed) and 99.8% (dotted) exact binomial limits.
    static func funnel(_ f: FunnelPlotData, id: String) -> String {
        let maxN = max(10, (f.groups.map(\.n).max() ?? 10))
        let x = SVGAxis.nice(label: "Number of episodes (n)", min: 0, max: Double(maxN) * 1.05)
        let y = SVGAxis.nice(label: "Rate (%)", min: 0, max: 1, count: 5, format: percentTick)
        var ns: [Int] = []
        var n = 1
        while n <= Int(x.max) { ns.append(n); n = n < 20 ? n + 1 : Int(Double(n) * 1.08) + 1 }
        func curve(_ cov: Double, upper: Bool) -> [(x: Double, y: Double?)] {
            ns.map { k in (x: Double(k), y: FunnelLimits.limits(p0: f.target, n: k, coverage: cov).map { upper ? $0.upper : $0.lower }) }
        }
        let inside = f.groups.filter { $0.position == "within" }
        let outside = f.groups.filter { $0.position != "within" }
        var series = [
            SVGSeries(name: "Practice rate", points: [(x: 0, y: f.target), (x: x.max, y: f.target)], colour: black, style: .segment(dash: nil)),
            SVGSeries(name: "95% limits", points: curve(0.95, upper: true), colour: blue, style: .line(dash: "8 4", width: 1.5)),
            SVGSeries(name: "", points: curve(0.95, upper: false), colour: blue, style: .line(dash: "8 4", width: 1.5), inLegend: false),
            SVGSeries(name: "99.8% limits", points: curve(0.998, upper: true), colour: purple, style: .line(dash: "2 3", width: 1.5)),
            SVGSeries(name: "", points: curve(0.998, upper: false), colour: purple, style: .line(dash: "2 3", width: 1.5), inLegend: false),
            SVGSeries(name: "\(f.groupKind.prefix(1).uppercased() + f.groupKind.dropFirst()) within limits (circle)", points: inside.map { (x: Double($0.n), y: $0.rate) }, colour: green, style: .points, marker: .circle),
        ]
        if !outside.isEmpty {
            series.append(SVGSeries(name: "Outside 95% limits (triangle)", points: outside.map { (x: Double($0.n), y: $0.rate) }, colour: orange, style: .points, marker: .triangle))
        }
        let labels = outside.map { SVGLabel(x: Double($0.n), y: $0.rate, text: $0.label) }
        var desc = "\(f.title): \(f.groups.count) \(f.groupKind)s plotted by number of episodes and rate, around the practice rate \(ReportHTML.pct(f.target)). "
        desc += outside.isEmpty ? "All are within the 95% limits." : "Outside the 95% limits: " + outside.map { "\($0.label) \(ReportHTML.pct($0.rate)) of \($0.n)" }.joined(separator: ", ") + "."
        if f.leftOut > 0 { desc += " \(f.leftOut) small or hidden groups are left out." }
        return SVGPlot(title: f.title, description: desc, x: x, y: y, series: series, labels: labels).render(id: id)
    }

    /// The Jacobson plot: distinct (first, last) points by category, each with its own marker,
    /// the no-change diagonal, the reliable-change band and the cut-off.
    static func jacobson(_ j: ReportJacobson, report: PracticeReport, id: String) -> String {
        let lo = j.scoreRange.lowerBound, hi = j.scoreRange.upperBound
        let x = SVGAxis.nice(label: "First score (\(j.measure), points)", min: lo, max: hi)
        let y = SVGAxis.nice(label: "Last score (\(j.measure), points)", min: lo, max: hi)
        func row(_ c: ChangeCategory) -> ReportRow? {
            report.rows.first { $0.section == "outcomes" && $0.groupBy == "practice" && $0.measure == j.measure && $0.metric == c.rawValue }
        }
        let style: [ChangeCategory: (String, SVGMarker)] = [.recovered: (green, .square), .improved: (blue, .circle), .unchanged: (grey, .cross),
                                                            .deteriorated: (orange, .triangle), .harmed: (purple, .diamond)]
        var series = [SVGSeries(name: "No change", points: [(x: x.min, y: x.min), (x: x.max, y: x.max)], colour: black, style: .segment(dash: nil))]
        if let b = j.bandHalfWidth {
            series.append(SVGSeries(name: "Reliable change band (±\(SVGText.num(b)))", points: [(x: x.min, y: x.min + b), (x: x.max, y: x.max + b), (x: x.min, y: x.min - b), (x: x.max, y: x.max - b)],
                                    colour: grey, style: .segment(dash: "6 4")))
        }
        if let cut = j.cutoff {
            series.append(SVGSeries(name: "Clinical cut-off \(SVGText.num(cut))", points: [(x: cut, y: y.min), (x: cut, y: y.max), (x: x.min, y: cut), (x: x.max, y: cut)],
                                    colour: purple, style: .segment(dash: "2 3")))
        }
        var hidden: [(x: Double, y: Double?)] = []
        for c in ChangeCategory.allCases {
            let pts = j.points.filter { $0.category == c }.map { (x: $0.pre, y: Optional($0.post)) }
            guard !pts.isEmpty else { continue }
            if let r = row(c), !r.suppressed, let k = r.count {
                let (col, m) = style[c]!
                series.append(SVGSeries(name: "\(ReportLabels.label(c.rawValue)) (\(k))", points: pts, colour: col, style: .points, marker: m))
            } else {
                hidden += pts
            }
        }
        if !hidden.isEmpty { series.append(SVGSeries(name: "Hidden: fewer than \(max(1, report.minCell)) (ring)", points: hidden, colour: black, style: .points, marker: .ring)) }
        let desc = "Jacobson plot of \(j.measure) for \(j.n) episodes: first score across, last score up; points below the diagonal improved. "
            + ChangeCategory.allCases.compactMap { c in row(c).flatMap { r in r.suppressed ? nil : r.count.map { "\(ReportLabels.label(c.rawValue)) \($0)" } } }.joined(separator: ", ") + "."
        var plot = SVGPlot(title: "\(j.measure): first against last score", description: desc, x: x, y: y, series: series)
        plot.height = 520
        return plot.render(id: id)
    }

    /// Bars of counts; bars below `minCell` (1 … minCell−1) are hatched at a fixed height of
    /// minCell / 2 so that their size is not shown.
    static func histogram(_ bins: [(x: Double, count: Int)], width: Double, minCell: Int, id: String, title: String, xLabel: String, desc: String) -> String {
        let shown = bins.filter { $0.count >= minCell || minCell <= 1 }
        let hidden = bins.filter { $0.count > 0 && $0.count < minCell && minCell > 1 }
        let maxY = Double(max(shown.map(\.count).max() ?? 1, minCell))
        let xs = bins.map(\.x)
        let x = SVGAxis.nice(label: xLabel, min: (xs.min() ?? 0) - width, max: (xs.max() ?? 1) + width)
        let y = SVGAxis.nice(label: "Episodes (count)", min: 0, max: maxY)
        var series = [SVGSeries(name: "Episodes", points: shown.map { (x: $0.x, y: Optional(Double($0.count))) }, colour: blue, style: .bars(width: width, hatched: false))]
        if !hidden.isEmpty {
            series.append(SVGSeries(name: "Fewer than \(minCell) (hatched, height not to scale)", points: hidden.map { (x: $0.x, y: Optional(Double(minCell) / 2)) },
                                    colour: grey, style: .bars(width: width, hatched: true)))
        }
        return SVGPlot(title: title, description: desc, x: x, y: y, series: series).render(id: id)
    }

    static func changeHistogram(_ counts: [(change: Int, count: Int)], measure: String, minCell: Int, id: String) -> String {
        let total = counts.reduce(0) { $0 + $1.count }
        return histogram(counts.map { (Double($0.change), $0.count) }, width: 1, minCell: minCell, id: id,
                         title: "Change in \(measure) from first to last score", xLabel: "Change (last − first, points)",
                         desc: "Histogram of the change in \(measure) for \(total) episodes, one bar per whole point of change.")
    }

    static func gasHistogram(_ t: [Double], minCell: Int, id: String) -> String {
        var bins: [Int: Int] = [:]
        for v in t where v.isFinite { bins[Int((v / 5).rounded(.down)), default: 0] += 1 }
        return histogram(bins.keys.sorted().map { (Double($0) * 5 + 2.5, bins[$0]!) }, width: 5, minCell: minCell, id: id,
                         title: "GAS T-score at the latest review", xLabel: "GAS T-score (5-point bins)",
                         desc: "Histogram of \(t.count) episodes' GAS T-scores at their latest review, in bins 5 wide; 50 means goals met as expected.")
    }
}
