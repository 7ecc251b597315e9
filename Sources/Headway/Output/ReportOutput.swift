// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts
import HeadwayCSV

/// Everything `headway report` writes besides the HTML page (``ReportHTML``): the long CSV
/// (one row per ``ReportRow``), the terminal tables and the text charts (docs/report.md).
public enum ReportOutput {
    /// The CSV header (docs/report.md, docs/output.md).
    public static let header = ["section", "group_by", "group", "measure", "metric", "value", "count", "n", "ci_low", "ci_high",
                         "suppressed", "expected", "p_value", "comparison"]

    /// A CSV number: an integer when whole, else `digits` decimals; empty when absent or not finite.
    static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return NumberFormat.fixed(v, decimals: digits)
    }

    /// The CSV cells of one row, under ``header``.
    public static func csvRow(_ r: ReportRow, digits: Int) -> [String] {
        [r.section, r.groupBy, r.group, r.measure, r.metric, number(r.value, digits), r.count.map(String.init) ?? "",
         r.n.map(String.init) ?? "", number(r.ciLow, digits), number(r.ciHigh, digits), r.suppressed ? "true" : "false",
         number(r.expected, digits), CellText.significant(r.pValue, digits), r.comparison ?? ""]
    }

    /// The header and `rows` to `w`, then flushes it.
    public static func writeCSV(_ rows: [ReportRow], to w: CSVWriter, digits: Int) throws {
        try w.row(header)
        for r in rows { try w.row(csvRow(r, digits: digits)) }
        try w.flush()
    }

    /// The sections, in the order they are written (`--output DIR`: one `SECTION.csv` each).
    public static let sections = ["activity", "outcomes", "talking_therapies", "goals", "flags"]
    /// The heading of each section in the tables.
    public static let titles = ["activity": "Activity and data quality", "outcomes": "Outcomes per measure",
                         "talking_therapies": "NHS Talking Therapies paired outcomes", "goals": "Goals", "flags": "Flags among open episodes"]

    /// A cell of a table: counts as integers, rates as percent with interval, statistics to 2 decimals.
    public static func text(_ r: ReportRow) -> String {
        if r.suppressed { return "suppressed" }
        guard let v = r.value else { return "" }
        switch r.kind {
        case .count: return String(Int(v))
        case .rate:
            var s = NumberFormat.fixed(v * 100, decimals: 1) + "%"
            if let lo = r.ciLow, let hi = r.ciHigh { s += " [\(NumberFormat.fixed(lo * 100, decimals: 1))–\(NumberFormat.fixed(hi * 100, decimals: 1))]" }
            if let c = r.comparison, c != "as_expected" { s += c == "above" ? " ▲" : " ▼" }
            return s
        case .statistic:
            var s = NumberFormat.fixed(v, decimals: 2)
            if let lo = r.ciLow, let hi = r.ciHigh { s += " [\(NumberFormat.fixed(lo, decimals: 2)), \(NumberFormat.fixed(hi, decimals: 2))]" }
            return s
        }
    }

    /// One table per section and measure: a row per metric, a column per group (practice first).
    ///
    /// Laid out at `width` (`TableLayout`; the command passes the terminal's width): the metric (wrapped, down to 24 columns) and the first
    /// group (the practice) are essential; the other groups follow in their order while they fit.
    public static func tables(_ report: PracticeReport, from: Int? = nil, to: Int? = nil, width: Int = TableLayout.defaultWidth) -> String {
        let name = report.file.split(separator: "/").last.map(String.init) ?? report.file
        var out = "Practice report: \(name), \(report.counts.accepted) scores"
        out += report.counts.rejected > 0 ? ", \(report.counts.rejected) rows rejected\n" : "\n"
        if from != nil || to != nil {
            out += "Period: \(from.map { CivilDate.dateString(daysSinceEpoch: $0) } ?? "start") to \(to.map { CivilDate.dateString(daysSinceEpoch: $0) } ?? "end") (episodes whose last score falls in it)\n"
        }
        out += report.minCell == 0 ? "Internal: no small-cell suppression (not for publication).\n"
            : "Counts below \(report.minCell), and statistics from fewer people, are suppressed.\n"
        out = TableLayout.wrap(out, width: width)
        for section in sections {
            let rows = report.rows.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            var measures: [String] = []
            for r in rows where !measures.contains(r.measure) { measures.append(r.measure) }
            for m in measures {
                let mr = rows.filter { $0.measure == m }
                var groups: [String] = []
                for r in mr where !groups.contains(r.group) { groups.append(r.group) }
                var metrics: [String] = []
                for r in mr where !metrics.contains(r.metric) { metrics.append(r.metric) }
                var index: [String: ReportRow] = [:]
                for r in mr { index[r.metric + "\u{1}" + r.group] = r }
                let table = metrics.map { metric in [ReportLabels.label(metric, section: section)] + groups.map { g in index[metric + "\u{1}" + g].map(text) ?? "" } }
                out += "\n" + TableLayout.wrap((titles[section] ?? section) + (m.isEmpty ? "" : ": \(m)") + "\n", width: width)
                let columns = [TableColumn("metric", minWidth: 24)]
                    + groups.enumerated().map { TableColumn($0.element, priority: $0.offset) }
                out += TableLayout.render(columns, rows: table, width: width, hiddenHint: OutputTable.hiddenHint)
            }
        }
        return out
    }

    /// Bars of recovery, reliable improvement and reliable deterioration by group (primary measure),
    /// the practice Jacobson plot, the GAS T histogram and a sparkline per group.
    public static func charts(_ report: PracticeReport, width: Int, charset: Charset) -> String {
        var parts: [String] = []
        if let m = report.primaryMeasure {
            for (metric, title) in [("recovered", "Recovered"), ("reliable_improvement", "Reliable improvement"),
                                    ("reliable_deterioration", "Reliable deterioration (incl. harmed)")] {
                let rows = report.rows.filter { $0.section == "outcomes" && $0.measure == m && $0.metric == metric }
                guard !rows.isEmpty else { continue }
                let bars = rows.map { BarChart.Bar(label: $0.group, value: $0.suppressed ? nil : $0.value, low: $0.ciLow, high: $0.ciHigh, n: $0.n) }
                parts.append(BarChart(title: "\(title), \(m) (95% Wilson intervals)", bars: bars).render(width: width, charset: charset))
            }
        }
        if let j = report.jacobson {
            // Marks and legend follow the report's suppression: categories whose practice count
            // is hidden are drawn together as "S" and their counts are not shown; the legend
            // gives episode counts (the plot draws each distinct point once).
            let row: (ChangeCategory) -> ReportRow? = { c in
                report.rows.first { $0.section == "outcomes" && $0.groupBy == "practice" && $0.measure == j.measure && $0.metric == c.rawValue }
            }
            let shown = ChangeCategory.allCases.filter { row($0).map { !$0.suppressed } ?? false }
            let hidden = ChangeCategory.allCases.filter { !shown.contains($0) }
            var categories = shown.map(\.rawValue)
            var labels = shown.map { c in row(c)?.count.map(String.init) ?? "" }
            if !hidden.isEmpty {
                categories.append("suppressed: " + hidden.map(\.rawValue).joined(separator: ", "))
                labels.append("(counts hidden)")
            }
            let points = j.points.map { p in
                JacobsonPlot.Point(pre: p.pre, post: p.post, category: shown.firstIndex(of: p.category) ?? shown.count)
            }
            var plot = JacobsonPlot(title: "\(j.measure): practice, n = \(j.n)", points: points, categories: categories,
                                    bandHalfWidth: j.bandHalfWidth, cutoff: j.cutoff, scoreRange: j.scoreRange)
            plot.countLabels = labels
            parts.append(plot.render(width: width, height: 24, charset: charset))
        }
        if !report.gasT.isEmpty {
            parts.append(ReportCharts.histogram(report.gasT, binWidth: 5, origin: 0, minCell: report.minCell, barWidth: max(10, width - 24),
                                                title: "GAS T at the latest review (n = \(report.gasT.count))", charset: charset))
        }
        if !report.sparklines.isEmpty {
            parts.append(ReportCharts.sparklines(title: "Reliable improvement, \(report.primaryMeasure ?? ""), by period of the last score (\(charset == .ascii ? "blank" : "·"): suppressed or none)",
                                                 periods: report.sparklinePeriods, rows: report.sparklines.map { ($0.group, $0.values) },
                                                 width: width, charset: charset))
        }
        return parts.isEmpty ? "no data to chart\n" : parts.joined(separator: "\n")
    }
}
