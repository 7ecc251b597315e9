// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts
import HeadwayCSV

/// Everything `headway trend` writes: the per-episode CSV (streamed, analysed on every thread),
/// the `--single-case-long` and `--single-case-summary` CSVs, the terminal table with
/// sparklines and the chart of an episode. Columns: ``TrendColumns``.
public enum TrendOutput {
    /// Analyses `episodes` and writes the per-episode CSV (header and every column of
    /// ``TrendColumns/csv``, whatever the data) to `w`, then flushes it. Blocks of episodes are
    /// analysed and formatted on `threads` threads and written in input order, so the bytes never
    /// depend on the thread count and no `EpisodeTrend` outlives its block.
    public static func writeCSV(episodes: [Episode], catalog: MeasureCatalog, options: TrendOptions, threads: Int,
                                digits: Int, to w: CSVWriter) throws {
        let columns = TrendColumns.csv
        try w.row(columns.map(\.name))
        // An episode without phases (most) has an empty single-case block: written as one run of
        // separators instead of ~70 cells each asking for a summary that is not there.
        let head = TrendColumns.trend, singleCase = TrendColumns.singleCase
        // Episodes are read in place (borrowed): a copy of each retained its strings and its
        // score store, whose reference count other threads also updated.
        try episodes.withUnsafeBufferPointer { episodes in
            try Parallel.ordered(count: episodes.count, threads: threads, blockSize: 512, work: { range -> CSVWriter in
                // Room for the block's rows from the start (about 390 bytes a row on the benchmark
                // practice): growing the buffer copied most of it once or twice.
                let block = CSVWriter.records(initialCapacity: range.count * 448)
                // The catalog is searched once per measure name a block meets (episodes of two measures
                // alternate, so remembering only the last name searched it for every episode).
                var names = NameSlots(), measures: [Measure?] = []
                for i in range {
                    let name = episodes[i].key.measure
                    let k = names.slot(name)
                    if k == measures.count { measures.append(catalog.measure(named: name)) }
                    let known = measures[k]
                    let t = TrendAnalysis.analyse(episodes[i], measure: known, options: options)
                    OutputColumn.write(head, t, digits: digits, to: block)
                    if t.singleCase == nil {
                        block.emptyFields(singleCase.count)
                    } else {
                        OutputColumn.write(singleCase, t, digits: digits, to: block)
                    }
                    try? block.endRecord()   // never throws: a records-only writer does not flush
                }
                return block
            }, emit: { try w.append(recordsOf: $0) })
        }
        try w.flush()
    }

    /// `--single-case-long`: one row per series, phase pair and effect size
    /// (``TrendColumns/longHeader``), then flushes `w`.
    public static func writeSingleCaseLong(_ trends: [EpisodeTrend], digits: Int, to w: CSVWriter) throws {
        try w.row(TrendColumns.longHeader)
        for t in trends { for r in TrendColumns.longRows(t, digits: digits) { try w.row(r) } }
        try w.flush()
    }

    /// `--single-case-summary`: the inverse-variance mean of each effect size over the series of
    /// each measure (``SingleCaseAggregate/study(_:level:)``), one row per measure and effect size
    /// (``TrendColumns/summaryHeader``), then flushes `w`.
    public static func writeSingleCaseSummary(_ trends: [EpisodeTrend], level: Double, digits: Int, to w: CSVWriter) throws {
        try w.row(TrendColumns.summaryHeader)
        let series = trends.compactMap { t in t.singleCase.map { (measure: t.key.measure, summary: $0) } }
        for s in SingleCaseAggregate.study(series, level: level) { try w.row(TrendColumns.summaryRow(s, digits: digits)) }
        try w.flush()
    }

    /// Column priorities of the terminal table (`TableColumn.priority`): the episode and its
    /// interpretation first, then the slope, the Mann–Kendall p, the sparkline, the number of
    /// scores, the slope's interval, the slope in reliable-change units and the time axis.
    public static let tablePriorities: [String: Int] = [
        "client_id": 0, "episode_id": 0, "measure": 0, "trend": 0,
        "slope": 1, "mk_p": 2, "scores": 3, "n": 4, "ci_lower": 5, "ci_upper": 5, "rc_units": 6, "time": 7,
    ]

    /// The terminal table at `width` (``OutputTable``): ``TrendColumns/table`` and a sparkline of
    /// each episode's scores drawn against the measure's possible range.
    public static func table(_ trends: [EpisodeTrend], catalog: MeasureCatalog, width: Int, charset: Charset) -> String {
        let columns = TrendColumns.table
        let rows = trends.map { t in
            columns.map { $0.value(t, 2) } + [Sparkline.render(t.values, range: Sparkline.range(
                scale: catalog.measure(named: t.key.measure).map { ($0.minScore, $0.maxScore) }, values: t.values), charset: charset)]
        }
        return OutputTable.render(columns.map(\.name) + ["scores"], rows: rows, priorities: tablePriorities, width: width, charset: charset)
    }

    /// The charts of `trends`, one after another (blank line between), each from ``chart(_:measure:robust:width:height:charset:)``.
    public static func charts(_ trends: [EpisodeTrend], catalog: MeasureCatalog, robust: Bool, width: Int, height: Int, charset: Charset) -> String {
        trends.map { chart($0, measure: catalog.measure(named: $0.key.measure), robust: robust, width: width, height: height, charset: charset) }
            .joined(separator: "\n")
    }

    /// The chart of one episode (`TrendChart`): scores, the fitted line (the robust line when
    /// `robust` and fitted), the clinical cut-off, the reliable-change band around the first
    /// score and the A/B boundary; the title gives the slope with its interval and the interpretation.
    public static func chart(_ t: EpisodeTrend, measure: Measure?, robust: Bool, width: Int, height: Int, charset: Charset) -> String {
        let times = t.times.isEmpty ? t.values.indices.map { Double($0 + 1) } : t.times
        let lo = min(measure?.minScore ?? t.values.min() ?? 0, t.values.min() ?? 0)
        let hi = max(measure?.maxScore ?? t.values.max() ?? 1, t.values.max() ?? 1)
        var labels: [String]
        if t.timeAxis == .weeks, let first = t.firstDay {
            labels = times.map { CivilCalendar.isoString(days: first + Int(($0 * 7).rounded())) }
        } else {
            labels = times.map { Canvas.format($0) }
        }
        if labels.count != times.count { labels = [] }
        var line: (intercept: Double, slope: Double)? = t.ols.map { ($0.intercept, $0.slope) }
        var lineName = "OLS trend"
        if robust, let r = t.robust { line = (r.intercept, r.slope); lineName = "robust trend" }
        let sep = charset == .ascii ? " | " : " · "
        var title = "\(t.key.clientID)\(sep)episode \(t.key.episodeID)\(sep)\(t.key.measure)\(sep)n \(t.n)"
        if let o = t.ols {
            let unit = t.timeAxis == .weeks ? "week" : "session"
            title += sep + "slope \(NumberFormat.fixed(o.slope, decimals: 2))/\(unit) [\(NumberFormat.fixed(o.ciLower, decimals: 2)), \(NumberFormat.fixed(o.ciUpper, decimals: 2))]"
        }
        title += sep + (t.interpretation?.rawValue ?? t.status.rawValue)
        let baseline = t.phases.map { $0 == .baseline }
        var boundary: Double? = nil
        if let sc = t.singleCase, let fb = sc.firstBTime {
            let lastA = zip(times, baseline).filter { $0.1 && $0.0 < fb }.map(\.0).max()
            boundary = lastA.map { ($0 + fb) / 2 } ?? fb
        }
        let data = TrendChartData(
            title: title, x: times, y: t.values, baseline: t.singleCase != nil ? baseline : [],
            pointLabels: labels, xCaption: t.timeAxis == .weeks ? "date (weeks since first score)" : "session",
            yRange: lo...hi, trend: line, trendName: lineName, cutoff: measure?.cutoff,
            reliableBand: measure?.reliableChange.flatMap { rc in t.firstScore.map { ($0, rc) } },
            phaseBoundary: boundary)
        return TrendChart.render(data, width: width, height: height, charset: charset)
    }
}
