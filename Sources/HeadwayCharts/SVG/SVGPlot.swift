// SPDX-License-Identifier: GPL-3.0-or-later
// Accessible SVG charts as pure functions returning String: axes with labels and units, a
// title, a legend, <title>/<desc> for screen readers, and marker shapes and dash patterns
// so that colour is never the only cue. No scripts, no external references, no fonts.

/// Text and number helpers shared by the SVG and HTML output.
public enum SVGText {
    /// Escapes `&`, `<`, `>`, `"` and `'` for element content and attribute values
    /// (XML 1.0 §2.4 and HTML's attribute-value rules); drops control characters other
    /// than tab and newline, which are not allowed in XML.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                if ch.value == 0x7F || (0x80...0x9F).contains(ch.value) { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals, never NaN or infinite (those become 0).
    public static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(r)
        if s.contains("e") { s = String(Int(r.rounded())) }
        return s
    }
}

/// One axis: its label with unit, range and tick marks with labels.
public struct SVGAxis: Sendable {
    public var label: String
    public var min: Double
    public var max: Double
    public var ticks: [(value: Double, label: String)]

    public init(label: String, min: Double, max: Double, ticks: [(value: Double, label: String)]) {
        self.label = label
        self.min = min
        let top = max > min ? max : min + 1
        self.max = top
        self.ticks = ticks.filter { $0.value >= min - 1e-9 && $0.value <= top + 1e-9 }
    }

    /// About `count` evenly spaced ticks at "nice" steps (1, 2, 2.5 or 5 × 10^k) covering the range,
    /// labelled by `format`.
    public static func nice(label: String, min: Double, max: Double, count: Int = 5,
                            format: @Sendable (Double) -> String = { SVGText.num($0) }) -> SVGAxis {
        var lo = min.isFinite ? min : 0, hi = max.isFinite ? max : 1
        if hi <= lo { hi = lo + 1 }
        let raw = (hi - lo) / Double(Swift.max(1, count))
        var p = 1.0
        while p * 10 <= raw { p *= 10 }
        while p > raw { p /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * p }.first { $0 >= raw } ?? raw
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        var ticks: [(Double, String)] = []
        var v = lo
        while v <= hi + step * 1e-6, ticks.count < 50 { ticks.append((v, format(v))); v += step }
        return SVGAxis(label: label, min: lo, max: hi, ticks: ticks)
    }
}

/// A marker shape drawn at each point of a series.
public enum SVGMarker: String, Sendable, CaseIterable {
    case none, circle, square, triangle, diamond, cross, ring
}

/// A series: points joined by a line (broken at `nil`), markers, or bars.
public struct SVGSeries: Sendable {
    public enum Style: Sendable {
        /// A polyline with an optional dash pattern (e.g. "6 4"), and markers.
        case line(dash: String?, width: Double)
        /// Markers only.
        case points
        /// Vertical bars from y = 0 of this width in x units, with a hatch pattern when `hatched`.
        case bars(width: Double, hatched: Bool)
        /// A straight line through two points (for limits or a diagonal), dashed.
        case segment(dash: String?)
    }
    public var name: String
    public var points: [(x: Double, y: Double?)]
    public var colour: String
    public var style: Style
    public var marker: SVGMarker
    /// Shown in the legend.
    public var inLegend: Bool

    public init(name: String, points: [(x: Double, y: Double?)], colour: String, style: Style,
                marker: SVGMarker = .none, inLegend: Bool = true) {
        self.name = name
        self.points = points
        self.colour = colour
        self.style = style
        self.marker = marker
        self.inLegend = inLegend
    }
}

/// A text label placed at a data point (e.g. an outlying group in a funnel plot).
public struct SVGLabel: Sendable {
    public var x: Double
    public var y: Double
    public var text: String
    public init(x: Double, y: Double, text: String) { self.x = x; self.y = y; self.text = text }
}

/// A chart: title, description for screen readers, two axes, series, labels and a legend.
public struct SVGPlot: Sendable {
    public var title: String
    /// A plain-English description (what is drawn and what it shows), read by screen readers.
    public var description: String
    public var x: SVGAxis
    public var y: SVGAxis
    public var series: [SVGSeries]
    public var labels: [SVGLabel] = []
    public var width = 720.0
    public var height = 380.0
    /// Rotate x tick labels (long month labels).
    public var rotateXLabels = false

    public init(title: String, description: String, x: SVGAxis, y: SVGAxis, series: [SVGSeries], labels: [SVGLabel] = []) {
        self.title = title
        self.description = description
        self.x = x
        self.y = y
        self.series = series
        self.labels = labels
    }

    /// Palette of colours distinguishable with common colour-vision deficiencies (Okabe & Ito 2008,
    /// "Color Universal Design"); every series also differs by marker or dash.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    static let left = 70.0, right = 20.0, top = 40.0

    /// Renders the chart as an `<svg>` element with `role="img"` and `aria-labelledby` pointing
    /// at its `<title>` and `<desc>`; `id` must be unique in the page.
    public func render(id: String) -> String {
        let legend = series.filter(\.inLegend)
        // Three legend entries per row, or two when a name is long.
        let perRow = legend.contains { $0.name.count > 26 } ? 2 : 3
        let legendRows = (legend.count + perRow - 1) / perRow
        let bottom = (rotateXLabels ? 92.0 : 56.0) + Double(legendRows) * 20
        let pw = width - Self.left - Self.right, ph = height - Self.top - bottom
        func px(_ v: Double) -> Double { Self.left + (v - x.min) / (x.max - x.min) * pw }
        func py(_ v: Double) -> Double { Self.top + ph - (Swift.min(Swift.max(v, y.min), y.max) - y.min) / (y.max - y.min) * ph }
        let n = SVGText.num, e = SVGText.escape
        let sid = e(id)
        var s = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        s += "width=\"\(n(width))\" height=\"\(n(height))\" aria-labelledby=\"\(sid)-t \(sid)-d\">\n"
        s += "<title id=\"\(sid)-t\">\(e(title))</title>\n<desc id=\"\(sid)-d\">\(e(description))</desc>\n"
        s += "<defs><pattern id=\"\(sid)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        s += "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555555\" stroke-width=\"2\"/></pattern>"
        s += "<clipPath id=\"\(sid)-clip\"><rect x=\"\(n(Self.left))\" y=\"\(n(Self.top))\" width=\"\(n(pw))\" height=\"\(n(ph))\"/></clipPath></defs>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(n(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(e(title))</text>\n"
        // Grid and axes.
        s += "<g font-size=\"11\" fill=\"#222222\">\n"
        for t in y.ticks {
            let yy = py(t.value)
            s += "<line x1=\"\(n(Self.left))\" y1=\"\(n(yy))\" x2=\"\(n(Self.left + pw))\" y2=\"\(n(yy))\" stroke=\"#e3e3e3\"/>"
            s += "<text x=\"\(n(Self.left - 6))\" y=\"\(n(yy + 4))\" text-anchor=\"end\">\(e(t.label))</text>\n"
        }
        for t in x.ticks {
            let xx = px(t.value)
            s += "<line x1=\"\(n(xx))\" y1=\"\(n(Self.top + ph))\" x2=\"\(n(xx))\" y2=\"\(n(Self.top + ph + 5))\" stroke=\"#333333\"/>"
            if rotateXLabels {
                s += "<text x=\"\(n(xx))\" y=\"\(n(Self.top + ph + 14))\" text-anchor=\"end\" transform=\"rotate(-45 \(n(xx)) \(n(Self.top + ph + 14)))\">\(e(t.label))</text>\n"
            } else {
                s += "<text x=\"\(n(xx))\" y=\"\(n(Self.top + ph + 18))\" text-anchor=\"middle\">\(e(t.label))</text>\n"
            }
        }
        s += "<line x1=\"\(n(Self.left))\" y1=\"\(n(Self.top))\" x2=\"\(n(Self.left))\" y2=\"\(n(Self.top + ph))\" stroke=\"#333333\"/>"
        s += "<line x1=\"\(n(Self.left))\" y1=\"\(n(Self.top + ph))\" x2=\"\(n(Self.left + pw))\" y2=\"\(n(Self.top + ph))\" stroke=\"#333333\"/>\n"
        let xLabelY = Self.top + ph + (rotateXLabels ? 70 : 38)
        s += "<text x=\"\(n(Self.left + pw / 2))\" y=\"\(n(xLabelY))\" text-anchor=\"middle\" font-size=\"12\">\(e(x.label))</text>\n"
        s += "<text x=\"16\" y=\"\(n(Self.top + ph / 2))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 \(n(Self.top + ph / 2)))\">\(e(y.label))</text>\n"
        s += "</g>\n"
        // Series.
        s += "<g clip-path=\"url(#\(sid)-clip)\">\n"
        for se in series {
            let c = e(se.colour)
            switch se.style {
            case .line(let dash, let w):
                var runs: [[(Double, Double)]] = [[]]
                for p in se.points {
                    if let yv = p.y, yv.isFinite, p.x.isFinite { runs[runs.count - 1].append((px(p.x), py(yv))) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
                }
                for r in runs where r.count >= 2 {
                    s += "<polyline fill=\"none\" stroke=\"\(c)\" stroke-width=\"\(n(w))\"" + (dash.map { " stroke-dasharray=\"\(e($0))\"" } ?? "")
                    s += " points=\"" + r.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>\n"
                }
            case .segment(let dash):
                let pts = se.points.compactMap { p in p.y.map { (px(p.x), py($0)) } }
                for k in stride(from: 0, to: pts.count - 1, by: 2) {
                    s += "<line x1=\"\(n(pts[k].0))\" y1=\"\(n(pts[k].1))\" x2=\"\(n(pts[k + 1].0))\" y2=\"\(n(pts[k + 1].1))\" stroke=\"\(c)\" stroke-width=\"1.5\""
                    s += (dash.map { " stroke-dasharray=\"\(e($0))\"" } ?? "") + "/>\n"
                }
            case .bars(let w, let hatched):
                for p in se.points {
                    guard let yv = p.y, yv.isFinite else { continue }
                    let x0 = px(p.x - w / 2), x1 = px(p.x + w / 2), y0 = py(Swift.max(y.min, 0)), y1 = py(yv)
                    let fill = hatched ? "url(#\(sid)-hatch)" : c
                    s += "<rect x=\"\(n(x0))\" y=\"\(n(Swift.min(y0, y1)))\" width=\"\(n(Swift.max(0.5, x1 - x0 - 1)))\" height=\"\(n(abs(y0 - y1)))\" fill=\"\(fill)\" stroke=\"#333333\" stroke-width=\"0.5\"/>\n"
                }
            case .points:
                break
            }
            if se.marker != .none {
                for p in se.points {
                    guard let yv = p.y, yv.isFinite, p.x.isFinite else { continue }
                    s += Self.marker(se.marker, x: px(p.x), y: py(yv), colour: c) + "\n"
                }
            }
        }
        s += "</g>\n"
        for l in labels {
            s += "<text x=\"\(n(px(l.x) + 7))\" y=\"\(n(py(l.y) - 6))\" font-size=\"11\" fill=\"#111111\">\(e(l.text))</text>\n"
        }
        // Legend: a sample of each series' line or marker, three per row.
        s += "<g font-size=\"11\" fill=\"#222222\">\n"
        let ly0 = height - Double(legendRows) * 20 - 4
        let colW = (width - Self.left) / Double(perRow)
        for (k, se) in legend.enumerated() {
            let lx = Self.left + Double(k % perRow) * colW, ly = ly0 + Double(k / perRow) * 20
            let c = e(se.colour)
            switch se.style {
            case .line(let dash, let w):
                s += "<line x1=\"\(n(lx))\" y1=\"\(n(ly))\" x2=\"\(n(lx + 26))\" y2=\"\(n(ly))\" stroke=\"\(c)\" stroke-width=\"\(n(w))\"" + (dash.map { " stroke-dasharray=\"\(e($0))\"" } ?? "") + "/>"
            case .segment(let dash):
                s += "<line x1=\"\(n(lx))\" y1=\"\(n(ly))\" x2=\"\(n(lx + 26))\" y2=\"\(n(ly))\" stroke=\"\(c)\" stroke-width=\"1.5\"" + (dash.map { " stroke-dasharray=\"\(e($0))\"" } ?? "") + "/>"
            case .bars(_, let hatched):
                s += "<rect x=\"\(n(lx + 6))\" y=\"\(n(ly - 6))\" width=\"14\" height=\"12\" fill=\"\(hatched ? "url(#\(sid)-hatch)" : c)\" stroke=\"#333333\" stroke-width=\"0.5\"/>"
            case .points: break
            }
            if se.marker != .none { s += Self.marker(se.marker, x: lx + 13, y: ly, colour: c) }
            s += "<text x=\"\(n(lx + 32))\" y=\"\(n(ly + 4))\">\(e(se.name))</text>\n"
        }
        s += "</g>\n</svg>"
        return s
    }

    static func marker(_ m: SVGMarker, x: Double, y: Double, colour c: String) -> String {
        let n = SVGText.num
        switch m {
        case .none: return ""
        case .circle: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\" fill=\"\(c)\"/>"
        case .ring: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"7\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"/>"
        case .square: return "<rect x=\"\(n(x - 4))\" y=\"\(n(y - 4))\" width=\"8\" height=\"8\" fill=\"\(c)\"/>"
        case .triangle: return "<polygon points=\"\(n(x)),\(n(y - 5)) \(n(x - 5)),\(n(y + 4)) \(n(x + 5)),\(n(y + 4))\" fill=\"\(c)\"/>"
        case .diamond: return "<polygon points=\"\(n(x)),\(n(y - 6)) \(n(x + 6)),\(n(y)) \(n(x)),\(n(y + 6)) \(n(x - 6)),\(n(y))\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"/>"
        case .cross: return "<path d=\"M\(n(x - 4)) \(n(y - 4))L\(n(x + 4)) \(n(y + 4))M\(n(x - 4)) \(n(y + 4))L\(n(x + 4)) \(n(y - 4))\" stroke=\"\(c)\" stroke-width=\"2\"/>"
        }
    }
}
