// SPDX-License-Identifier: GPL-3.0-or-later
// The self-contained HTML practice report: inline CSS and SVG, no script, no external URL,
// no web font; a print stylesheet with a page break before each section.
import HeadwayCharts
import HeadwayCSV

public enum ReportHTML {
    static func e(_ s: String) -> String { SVGText.escape(s) }

    static func pct(_ v: Double?, _ decimals: Int = 1) -> String {
        guard let v, v.isFinite else { return "–" }
        return NumberFormat.fixed(v * 100, decimals: decimals) + "%"
    }

    static func date(_ d: Int?) -> String { d.map { CivilDate.dateString(daysSinceEpoch: $0) } ?? "–" }

    /// The text of a cell: "fewer than N" when suppressed, counts as integers, rates as percent
    /// with the 95% interval, statistics with two decimals.
    static func cell(_ r: ReportRow?, minCell: Int) -> String {
        guard let r else { return "" }
        if r.suppressed { return "fewer than \(minCell)" }
        guard let v = r.value, v.isFinite else { return "–" }
        switch r.kind {
        case .count: return String(Int(v))
        case .rate:
            var s = pct(v)
            if let lo = r.ciLow, let hi = r.ciHigh { s += " (\(pct(lo))–\(pct(hi)))" }
            if let c = r.comparison { s += c == "above" ? " ▲ above target" : (c == "below" ? " ▼ below target" : "") }
            return s
        case .statistic:
            var s = NumberFormat.fixed(v, decimals: 2)
            if let lo = r.ciLow, let hi = r.ciHigh, lo.isFinite, hi.isFinite { s += " (\(NumberFormat.fixed(lo, decimals: 2)) to \(NumberFormat.fixed(hi, decimals: 2)))" }
            return s
        }
    }

    static let css = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem; line-height: 1.45; background: #ffffff; }
    h1 { font-size: 1.7rem; margin: 0.2rem 0; } h2 { font-size: 1.3rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
    .meta { color: #333333; } .note { color: #444444; font-size: 0.9rem; }
    .internal { border: 3px solid #D55E00; color: #8a2b00; font-weight: bold; padding: 0.3rem 0.6rem; margin: 0.5rem 0; text-transform: uppercase; letter-spacing: 0.04em; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.8rem; margin: 1rem 0; }
    .tile { border: 1px solid #9aa5b1; border-left: 6px solid #0072B2; padding: 0.6rem 0.8rem; break-inside: avoid; }
    .tile .name { font-weight: bold; } .tile .value { font-size: 1.8rem; font-weight: bold; } .tile .detail { font-size: 0.85rem; color: #333333; }
    table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; break-inside: auto; }
    th, td { border: 1px solid #c7ced6; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
    th { background: #eef3f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr { break-inside: avoid; }
    figure { margin: 1rem 0; break-inside: avoid; } figcaption { font-size: 0.88rem; color: #333333; }
    svg.chart { max-width: 100%; height: auto; display: block; }
    dl.glossary dt { font-weight: bold; margin-top: 0.5rem; } dl.glossary dd { margin-left: 1rem; }
    .src { color: #555555; font-size: 0.85rem; }
    .page-mark { display: none; }
    details { margin: 0 0 1rem; font-size: 0.85rem; } summary { cursor: pointer; color: #0b4f86; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      section { break-before: page; } section.first { break-before: auto; }
      h2 { break-after: avoid; } figure, .tile, table { break-inside: avoid; }
      .page-mark { display: block; position: fixed; top: 0; right: 0; font-size: 8pt; color: #8a2b00; font-weight: bold; }
      svg.chart { width: 100%; max-height: 120mm; }
      details { display: none; }
    }
    """

    static func pct2(_ v: Double?) -> String { v.map { $0.isFinite ? NumberFormat.fixed($0 * 100, decimals: 2) : "–" } ?? "–" }

    /// The numbers behind a control chart, in a `<details>` table (screen readers, checks).
    static func controlTable(_ c: ControlChart, id: String, percent: Bool, unit: String) -> String {
        func v(_ x: Double?) -> String { percent ? pct2(x) : (x.map { NumberFormat.fixed($0, decimals: 2) } ?? "–") }
        var h = "<details><summary>Chart data</summary>\n<table id=\"\(e(id))-data\">\n<thead><tr><th scope=\"col\">\(e(unit))</th>"
        h += percent ? "<th scope=\"col\">Episodes</th><th scope=\"col\">Count</th><th scope=\"col\">Rate (%)</th>" : "<th scope=\"col\">Value</th>"
        h += "<th scope=\"col\">Centre</th><th scope=\"col\">Lower limit</th><th scope=\"col\">Upper limit</th><th scope=\"col\">Special cause</th></tr></thead>\n<tbody>\n"
        for p in c.points {
            h += "<tr><td>\(e(p.label))</td>"
            if percent {
                let k = p.value.flatMap { val in p.n.map { Int((val * Double($0)).rounded()) } }
                h += "<td class=\"num\">\(p.n.map(String.init) ?? "–")</td><td class=\"num\">\(k.map(String.init) ?? "–")</td>"
            }
            h += "<td class=\"num\">\(v(p.value))</td><td class=\"num\">\(v(p.value == nil ? nil : c.centre))</td><td class=\"num\">\(v(p.lower))</td><td class=\"num\">\(v(p.upper))</td>"
            h += "<td>\(e(p.signals.map(\.rawValue).joined(separator: " ")))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</details>\n"
    }

    static func funnelTable(_ f: FunnelPlotData, id: String) -> String {
        var h = "<details><summary>Chart data</summary>\n<table id=\"\(e(id))-data\">\n<thead><tr><th scope=\"col\">\(e(f.groupKind.prefix(1).uppercased() + f.groupKind.dropFirst()))</th>"
        h += "<th scope=\"col\">Episodes</th><th scope=\"col\">Count</th><th scope=\"col\">Rate (%)</th><th scope=\"col\">Target (%)</th>"
        h += "<th scope=\"col\">95% lower</th><th scope=\"col\">95% upper</th><th scope=\"col\">99.8% lower</th><th scope=\"col\">99.8% upper</th><th scope=\"col\">Position</th></tr></thead>\n<tbody>\n"
        for g in f.groups {
            let l95 = FunnelLimits.limits(p0: f.target, n: g.n, coverage: 0.95), l99 = FunnelLimits.limits(p0: f.target, n: g.n, coverage: 0.998)
            h += "<tr><td>\(e(g.label))</td><td class=\"num\">\(g.n)</td><td class=\"num\">\(g.count)</td><td class=\"num\">\(pct2(g.rate))</td><td class=\"num\">\(pct2(f.target))</td>"
            h += "<td class=\"num\">\(pct2(l95?.lower))</td><td class=\"num\">\(pct2(l95?.upper))</td><td class=\"num\">\(pct2(l99?.lower))</td><td class=\"num\">\(pct2(l99?.upper))</td><td>\(e(g.position))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</details>\n"
    }

    /// The whole document. `title` names the service (e.g. the file name); `generated` is shown
    /// as given (pass a date for reproducible output).
    public static func render(_ d: ReportDashboard, title: String, generated: String? = nil) -> String {
        let p = d.practice
        let minCell = d.audience == .internal ? 0 : max(1, d.options.minCell)
        let shownMin = max(1, d.options.minCell)
        func row(_ r: PracticeReport, _ section: String, _ measure: String, _ metric: String, group: String = "all") -> ReportRow? {
            r.rows.first { $0.section == section && $0.group == group && $0.measure == measure && $0.metric == metric }
        }
        func c(_ r: ReportRow?) -> String { e(cell(r, minCell: shownMin)) }
        /// One section's practice-level rows as a two-column table (label, value).
        func practiceTable(_ section: String, head: String = "", label: (ReportRow) -> String) -> String {
            var t = "<table>\n\(head)<tbody>\n"
            for r in p.rows where r.section == section && r.group == "all" {
                t += "<tr><th scope=\"row\">\(e(label(r)))</th><td class=\"num\">\(c(r))</td></tr>\n"
            }
            return t + "</tbody>\n</table>\n"
        }
        var h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        h += "<title>\(e("Practice outcome report: " + title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        let isInternal = d.audience == .internal
        let mark = "Internal — not for publication"
        if isInternal { h += "<div class=\"page-mark\" aria-hidden=\"true\">\(e(mark))</div>\n" }

        // Header and data covered.
        h += "<header>\n<h1>Practice outcome report</h1>\n<p class=\"meta\">Service: <strong>\(e(title))</strong></p>\n"
        let period: String
        if d.options.from != nil || d.options.to != nil {
            period = "\(d.options.from.map { date($0) } ?? "the start") to \(d.options.to.map { date($0) } ?? "the end") (episodes whose last score falls in this period)"
        } else {
            period = "all dates in the file"
        }
        h += "<p class=\"meta\">Reporting period: <strong>\(e(period))</strong></p>\n"
        if let generated { h += "<p class=\"meta\">Produced: \(e(generated))</p>\n" }
        if isInternal { h += "<p class=\"internal\">\(e(mark)): small numbers are shown; client ids are not.</p>\n" }
        h += "</header>\n"

        h += "<section class=\"first\" id=\"summary\">\n<h2>Summary</h2>\n"
        if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
        h += "<h3>Data covered</h3>\n<table>\n<tbody>\n"
        h += "<tr><th scope=\"row\">First and last score</th><td>\(e(date(d.firstDay))) to \(e(date(d.lastDay)))</td></tr>\n"
        for (label, metric) in [("Clients", "clients"), ("Courses of treatment", "courses"), ("Episodes (client × measure)", "episodes"), ("Scores", "scores")] {
            h += "<tr><th scope=\"row\">\(e(label))</th><td class=\"num\">\(c(row(p, "activity", "", metric)))</td></tr>\n"
        }
        h += "<tr><th scope=\"row\">Paired data rate (episodes with a first and last score)</th><td class=\"num\">\(c(row(p, "activity", "", "paired_data_rate")))</td></tr>\n"
        h += "</tbody>\n</table>\n"
        if d.strayAfterChartScores > 0 {
            h += "<p class=\"note\">\(d.strayAfterChartScores < shownMin && !isInternal ? "Fewer than \(shownMin)" : String(d.strayAfterChartScores)) episodes end after the last month with at least \(max(5, shownMin)) episodes; they are counted in the tables but not drawn in the monthly charts (check for mistyped or future dates).</p>\n"
        }
        if p.counts.rejected > 0 { h += "<p class=\"note\">\(p.counts.rejected) rows of the file were rejected as invalid and are not counted.</p>\n" }

        // Headline tiles.
        h += "<h3>Headline outcomes</h3>\n"
        let tt = p.rows.first { $0.section == "talking_therapies" }?.measure
        var tiles: [(String, ReportRow?)] = []
        if let tt {
            tiles = [("Recovery", row(p, "talking_therapies", tt, "recovery")), ("Reliable improvement", row(p, "talking_therapies", tt, "reliable_improvement")),
                     ("Reliable recovery", row(p, "talking_therapies", tt, "reliable_recovery")), ("Reliable deterioration", row(p, "talking_therapies", tt, "reliable_deterioration"))]
            h += "<p class=\"note\">NHS Talking Therapies paired outcomes of \(e(tt)), per course of treatment; 95% intervals in brackets.</p>\n"
        } else if let m = p.primaryMeasure {
            tiles = [("Recovered", row(p, "outcomes", m, "recovered")), ("Reliable improvement", row(p, "outcomes", m, "reliable_improvement")),
                     ("Reliable deterioration", row(p, "outcomes", m, "reliable_deterioration"))]
            h += "<p class=\"note\">Outcomes on \(e(m)); 95% intervals in brackets.</p>\n"
        }
        h += "<div class=\"tiles\">\n"
        for (name, r) in tiles {
            h += "<div class=\"tile\"><div class=\"name\">\(e(name))</div>"
            if let r, !r.suppressed, let v = r.value {
                h += "<div class=\"value\">\(e(pct(v)))</div><div class=\"detail\">"
                if let lo = r.ciLow, let hi = r.ciHigh { h += "95% interval \(e(pct(lo)))–\(e(pct(hi)))" }
                if let k = r.count, let n = r.n { h += "<br/>\(k) of \(n)" }
                if let x = r.expected {
                    let verdict = r.comparison == "above" ? "significantly above target ▲" : (r.comparison == "below" ? "significantly below target ▼" : "not significantly different from target")
                    h += "<br/>Target \(e(pct(x))): \(e(verdict))"
                }
                h += "</div>"
            } else {
                h += "<div class=\"value\">\(r == nil ? "–" : e("fewer than \(shownMin)"))</div>"
            }
            h += "</div>\n"
        }
        h += "</div>\n</section>\n"

        // Control charts.
        var figure = 0
        func fig(_ svg: String, _ caption: String) -> String {
            figure += 1
            return "<figure>\n\(svg)\n<figcaption>Figure \(figure). \(e(caption))</figcaption>\n</figure>\n"
        }
        h += "<section id=\"over-time\">\n<h2>Over time</h2>\n"
        if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
        if let pc = d.pChart, let m = d.metric {
            let unit = d.pChartUnit
            var cap = "p-chart: rate per \(unit), centre line at the overall rate \(pct(pc.centre)), 3-sigma limits for each \(unit)'s number of episodes. " + ReportSVG.signalSummary(pc)
            if unit == "quarter" { cap += " Shown by quarter because most months have fewer than \(shownMin) episodes in a category (hidden to protect privacy)." }
            let gaps = pc.points.filter { $0.value == nil }.count
            if gaps > 0 { cap += " \(gaps) \(unit)s without a point have no episodes or are hidden to protect privacy." }
            h += fig(ReportSVG.controlChart(pc, id: "pchart", title: "\(m.title) by \(unit) of the last score", yLabel: "Rate (%)", percent: true, xLabel: unit == "quarter" ? "Quarter" : "Month"), cap)
            h += controlTable(pc, id: "pchart", percent: true, unit: unit == "quarter" ? "Quarter" : "Month")
        } else {
            h += "<p>Not enough dated episodes for a monthly control chart.</p>\n"
        }
        if let x = d.newCourses {
            h += fig(ReportSVG.controlChart(x, id: "xmr", title: "New courses of treatment per month", yLabel: "Courses (count)", percent: false),
                     "XmR chart: courses by month of their first score; mean \(NumberFormat.fixed(x.centre, decimals: 1)), limits at the mean ± 2.66 × the mean moving range. " + ReportSVG.signalSummary(x))
            h += controlTable(x, id: "xmr", percent: false, unit: "Month")
        }
        h += "</section>\n"

        // Funnels.
        h += "<section id=\"funnels\">\n<h2>Clinicians and sites compared fairly</h2>\n"
        if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
        h += "<p>A funnel plot shows each group's rate against its number of episodes. Groups inside the funnel are consistent with the practice rate; the funnel is wider for small groups, which vary more by chance. Ranking groups in a league table would mislead.</p>\n"
        if d.funnels.isEmpty { h += "<p>No clinician or site column, or no rate to compare.</p>\n" }
        for (k, f) in d.funnels.enumerated() {
            let outside = f.groups.filter { $0.position != "within" }
            var cap = "Practice rate \(pct(f.target)); exact binomial 95% and 99.8% limits (Spiegelhalter 2005). \(f.groups.count) \(f.groupKind)s shown"
            if f.leftOut > 0 {
                cap += "; \(f.leftOut) left out because their number of episodes, or of \(f.title.hasPrefix("Recovery") ? "recoveries" : "improvements"), is below \(shownMin)"
                if !isInternal { cap += " (hidden to protect privacy, so the groups shown can lean towards higher rates; the internal report shows every group)" }
            }
            cap += ". " + (outside.isEmpty ? "No group is outside the 95% limits." : "Outside the 95% limits: " + outside.map { "\($0.label) (\(pct($0.rate)), n = \($0.n))" }.joined(separator: ", ") + ".")
            h += fig(ReportSVG.funnel(f, id: "funnel\(k)"), cap)
            h += funnelTable(f, id: "funnel\(k)")
        }
        h += "</section>\n"

        // Outcomes per measure.
        h += "<section id=\"outcomes\">\n<h2>Outcomes per measure</h2>\n"
        if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
        var measures: [String] = []
        for r in p.rows where r.section == "outcomes" && !measures.contains(r.measure) { measures.append(r.measure) }
        if !measures.isEmpty {
            var metrics: [String] = []
            for r in p.rows where r.section == "outcomes" && !metrics.contains(r.metric) { metrics.append(r.metric) }
            h += "<table>\n<thead><tr><th scope=\"col\">Metric</th>" + measures.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for m in metrics {
                h += "<tr><th scope=\"row\">\(e(ReportLabels.label(m, section: "outcomes")))</th>" + measures.map { "<td class=\"num\">\(c(row(p, "outcomes", $0, m)))</td>" }.joined() + "</tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        if let j = p.jacobson { h += fig(ReportSVG.jacobson(j, report: p, id: "jacobson"), "Jacobson plot of \(j.measure): first score against last score for \(j.n) episodes (each distinct point drawn once); below the diagonal is improvement." + (isInternal ? "" : " Categories with fewer than \(shownMin) episodes are drawn together as 'hidden'.")) }
        if !d.changeCounts.isEmpty, let m = d.changeMeasure {
            h += fig(ReportSVG.changeHistogram(d.changeCounts, measure: m, minCell: minCell, id: "change"),
                     "Distribution of change (last − first score, whole points) on \(m); negative is improvement for measures where lower is better." + (minCell > 1 ? " Bars with fewer than \(shownMin) episodes are hatched at a fixed height." : ""))
        }
        h += "</section>\n"

        // Talking Therapies.
        if let tt {
            h += "<section id=\"talking-therapies\">\n<h2>NHS Talking Therapies paired outcomes</h2>\n"
            if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
            h += practiceTable("talking_therapies", head: "<thead><tr><th scope=\"col\">Metric (\(e(tt)))</th><th scope=\"col\">Practice</th></tr></thead>\n") { ReportLabels.label($0.metric, section: $0.section) }
            h += "</section>\n"
        }

        // Goals.
        if p.rows.contains(where: { $0.section == "goals" }) {
            h += "<section id=\"goals\">\n<h2>Goals</h2>\n"
            if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
            h += practiceTable("goals") { ReportLabels.label($0.metric) }
            if !p.gasT.isEmpty {
                h += fig(ReportSVG.gasHistogram(p.gasT, minCell: minCell, id: "gas"), "GAS T-scores at each episode's latest review (n = \(p.gasT.count)); 50 means goals met as expected.")
            }
            h += "</section>\n"
        }

        // Flags.
        if p.rows.contains(where: { $0.section == "flags" }) {
            h += "<section id=\"flags\">\n<h2>Flags among open episodes</h2>\n"
            if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
            h += practiceTable("flags") { ReportLabels.label($0.metric) }
            h += "</section>\n"
        }

        // Glossary and method.
        h += "<section id=\"glossary\">\n<h2>Glossary and method</h2>\n"
        if isInternal { h += "<p class=\"internal\">\(e(mark))</p>\n" }
        h += "<dl class=\"glossary\">\n"
        for g in ReportLabels.glossary {
            h += "<dt>\(e(g.term))</dt><dd>\(e(g.definition)) <span class=\"src\">Source: \(e(g.source)).</span></dd>\n"
        }
        h += "</dl>\n"
        if isInternal {
            h += "<p class=\"note\">Small-number suppression is off (internal audience). Client ids never appear in this report.</p>\n"
        } else {
            h += "<p class=\"note\">Counts below \(shownMin), and rates or statistics from fewer than \(shownMin) people, read \"fewer than \(shownMin)\"; another count is hidden with them when it would reveal them by subtraction. Client ids never appear in this report.</p>\n"
        }
        h += "<p class=\"note\">Produced by Headway (headway report --format html). Reliable change and cut-offs as in headway change (see docs/change.md and docs/report.md).</p>\n"
        h += "</section>\n</body>\n</html>\n"
        return h
    }
}
