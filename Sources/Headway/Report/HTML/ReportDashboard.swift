// SPDX-License-Identifier: GPL-3.0-or-later
// Everything the HTML practice report shows: the practice report, the same report by month,
// clinician and site, the control charts and the funnel plots.
import HeadwayCSV

/// Who the report is for.
public enum ReportAudience: String, Sendable, CaseIterable {
    /// Small-cell suppression (minimum cell, complementary suppression); safe to publish.
    case `public`
    /// No small-cell suppression (still no client ids); marked "internal — not for publication".
    case `internal`
}

/// The rate the control charts and funnel plots follow: the NHS Talking Therapies recovery of
/// the `--pair` measures when both are present, else "recovered" on the primary measure.
public struct DashboardMetric: Sendable, Equatable {
    public var section: String
    public var measure: String
    public var metric: String
    public var title: String
}

/// The HTML report's data (``ReportDashboard/run(path:catalog:mode:options:audience:goals:flags:)``).
public struct ReportDashboard: Sendable {
    public var practice: PracticeReport
    /// By month and by quarter of the last score: only their rate rows are used (built from the
    /// clinician read, so their "days between scores" rows are not per period; not public).
    var byMonth: PracticeReport
    public var byClinician: PracticeReport?
    public var bySite: PracticeReport?
    public var audience: ReportAudience
    public var options: ReportOptions
    /// First and last date of any score of the reported episodes (days since 1970-01-01).
    public var firstDay: Int?
    public var lastDay: Int?
    /// Scores dated after the last month of the charts (a stray or future date), and the latest such date.
    public var strayAfterChartScores: Int
    public var metric: DashboardMetric?
    /// p-chart of `metric` by month (or quarter, see ``pChartUnit``) of the episode's last score.
    public var pChart: ControlChart?
    /// `month`, or `quarter` when fewer than half of the months would have a published value
    /// (small monthly counts are suppressed in public reports).
    public var pChartUnit = "month"
    var byQuarter: PracticeReport?
    /// XmR chart of new courses of treatment per month (month of the course's first score).
    public var newCourses: ControlChart?
    public var funnels: [FunnelPlotData]
    /// Change (last − first) of the primary measure per episode, as counts per whole-number change.
    public var changeCounts: [(change: Int, count: Int)]
    public var changeMeasure: String?

    /// Reads `path` once (grouping attributes clinician and site, collected in the same pass) and builds
    /// the practice report and its breakdowns. With `audience == .internal` the minimum cell is
    /// 0 (nothing suppressed). The p-chart and funnels use the published (suppressed) rows, so
    /// a hidden count never reaches a chart: hidden months are gaps, hidden groups are counted
    /// as left out.
    public static func run(path: String, catalog: MeasureCatalog, mode: ValidationMode = .strict, options: ReportOptions,
                           audience: ReportAudience, goals: [ClientReview]? = nil, flags: [FlagResult]? = nil) throws -> ReportDashboard {
        var o = options
        if audience == .internal { o.minCell = 0 }
        // One pass over the file collects both groupings: clinician (the reader's attribute) and
        // site (its second attribute), so a file that can only be read once (`-`) is enough.
        var reader = ReportReader(catalog: catalog, mode: mode, intervalKey: .clinician, options: o)
        reader.secondKey = .site
        let g = ReportPeriod.select(goals, o), f = ReportPeriod.select(flags, o)
        let clinicianData = ReportPeriod.select(try reader.read(path: path), o)
        // Every breakdown from one classification of the episodes and one pass over them.
        let shared = ReportShared(data: clinicianData, options: o)
        var builders: [ReportBuilder] = [], bGoals: [[ClientReview]?] = [], bFlags: [[FlagResult]?] = []
        func add(_ b: ReportBuilder, _ goals: [ClientReview]?, _ flags: [FlagResult]?) -> Int {
            builders.append(b); bGoals.append(goals); bFlags.append(flags)
            return builders.count - 1
        }
        var po = o; po.by = nil
        let practiceIndex = add(ReportBuilder(data: clinicianData, options: po), g, f)
        let hasClinician = clinicianData.header.contains("clinician_id")
        var co = o; co.by = .clinician
        let clinicianIndex = hasClinician ? add(ReportBuilder(data: clinicianData, options: co), g, nil) : nil
        var siteIndex: Int? = nil
        if clinicianData.header.contains("site") {
            var so = o; so.by = .site
            // The site names and interval histograms with the same episodes (grouped by their second attribute).
            var siteData = clinicianData
            siteData.attributes = clinicianData.attributes2
            siteData.intervals = clinicianData.intervals2
            siteData.attributes2 = []
            siteData.intervals2 = [:]
            siteIndex = add(ReportBuilder(data: siteData, options: so, secondAttribute: true), g, nil)
        }
        // The month and quarter breakdowns reuse the clinician read: their rate rows depend only
        // on each episode's last date, not on the reader's interval key.
        var mo = o; mo.by = .month
        let monthIndex = add(ReportBuilder(data: clinicianData, options: mo), nil, nil)
        var qo = o; qo.by = .quarter
        let quarterIndex = add(ReportBuilder(data: clinicianData, options: qo), nil, nil)
        let reports = ReportBuilder.build(builders, goals: bGoals, flags: bFlags, shared: shared)
        let practice = reports[practiceIndex]
        let byClinician = clinicianIndex.map { reports[$0] }
        let bySite = siteIndex.map { reports[$0] }
        let byMonth = reports[monthIndex]
        let byQuarter = reports[quarterIndex]

        var d = ReportDashboard(practice: practice, byMonth: byMonth, byClinician: byClinician, bySite: bySite, audience: audience,
                                options: o, firstDay: nil, lastDay: nil, strayAfterChartScores: 0, metric: nil, pChart: nil,
                                newCourses: nil, funnels: [], changeCounts: [], changeMeasure: nil)
        d.byQuarter = byQuarter
        let ts = ReportTiming.now()
        d.summarize(clinicianData, shared: shared, minCell: max(0, o.minCell))
        ReportTiming.log("summarize", since: ts)
        return d
    }

    mutating func summarize(_ data: ReportData, shared: ReportShared, minCell: Int) {
        // Dates covered.
        var first = Int.max, last = Int.min
        for e in data.episodes {
            if e.firstDay != TimeKey.none { first = min(first, Int(e.firstDay)) }
            if e.lastDay != TimeKey.none { last = max(last, Int(e.lastDay)) }
        }
        firstDay = first == Int.max ? nil : first
        lastDay = last == Int.min ? nil : last

        // The metric.
        let pairName = practice.rows.first { $0.section == "talking_therapies" }?.measure
        if let pairName {
            metric = DashboardMetric(section: "talking_therapies", measure: pairName, metric: "recovery", title: "Recovery (\(pairName))")
        } else if let m = practice.primaryMeasure {
            metric = DashboardMetric(section: "outcomes", measure: m, metric: "recovered", title: "Recovered (\(m))")
        }

        // Months: from the first month with episodes to the last month with at least max(5, minCell)
        // of them (later months with fewer are stray dates; they are counted and reported).
        var endingPerMonth: [Int: Int] = [:]
        for m in shared.lastMonth where m != Int32.min { endingPerMonth[Int(m), default: 0] += 1 }
        let firstMonth = options.from.map(ReportChunk.monthIndex) ?? endingPerMonth.keys.min()
        let lastMonth = options.to.map(ReportChunk.monthIndex)
            ?? endingPerMonth.filter { $0.value >= max(5, minCell) }.keys.max() ?? endingPerMonth.keys.max()
        guard let m0 = firstMonth, let m1 = lastMonth, m1 >= m0 else { return }
        for m in shared.lastMonth where m != Int32.min && Int(m) > m1 { strayAfterChartScores += 1 }
        let months = Array(m0...m1)
        let labels = months.map { GoalSummaryPeriod.month.label(days: CivilCalendar.days(year: $0 / 12, month: $0 % 12 + 1, day: 1)) }

        // p-chart from the published monthly rows.
        if let metric {
            var k: [Int?] = [], n: [Int?] = []
            for l in labels {
                let row = byMonth.rows.first { $0.section == metric.section && $0.group == l && $0.measure == metric.measure && $0.metric == metric.metric }
                if let row, !row.suppressed, let c = row.count, let t = row.n { k.append(c); n.append(t) } else { k.append(nil); n.append(nil) }
            }
            pChart = SPC.pChart(labels: labels, counts: k, totals: n)
            if k.filter({ $0 != nil }).count * 2 < labels.count, let byQuarter {
                let quarters = Array(Set(months.map { $0 / 3 })).sorted()
                let qLabels = quarters.map { GoalSummaryPeriod.quarter.label(days: CivilCalendar.days(year: $0 / 4, month: ($0 % 4) * 3 + 1, day: 1)) }
                var qk: [Int?] = [], qn: [Int?] = []
                for l in qLabels {
                    let row = byQuarter.rows.first { $0.section == metric.section && $0.group == l && $0.measure == metric.measure && $0.metric == metric.metric }
                    if let row, !row.suppressed, let c = row.count, let t = row.n { qk.append(c); qn.append(t) } else { qk.append(nil); qn.append(nil) }
                }
                if let q = SPC.pChart(labels: qLabels, counts: qk, totals: qn) { pChart = q; pChartUnit = "quarter" }
            }
        }

        // New courses of treatment (client, episode id) per month of their first score.
        var courseStart: [Int: Int] = [:]
        var i = 0
        let eps = data.episodes
        while i < eps.count {
            var j = i, day = Int.max
            while j < eps.count, eps[j].client == eps[i].client, eps[j].episodeID == eps[i].episodeID {
                if eps[j].firstDay != TimeKey.none { day = min(day, Int(eps[j].firstDay)) }
                j += 1
            }
            if day != Int.max { courseStart[ReportChunk.monthIndex(day), default: 0] += 1 }
            i = j
        }
        let counts: [Double?] = months.map { m in
            let c = courseStart[m] ?? 0
            return c > 0 && c < minCell ? nil : Double(c)   // public: a month with 1…4 new courses is a gap
        }
        newCourses = SPC.xmr(labels: labels, values: counts, nonNegative: true)

        // Funnels by clinician and site around the practice rate.
        var funnelMetrics: [DashboardMetric] = metric.map { [$0] } ?? []
        if let m = metric {
            let ri = "reliable_improvement"
            funnelMetrics.append(DashboardMetric(section: m.section, measure: m.measure, metric: ri, title: "Reliable improvement (\(m.measure))"))
        }
        for metric in funnelMetrics {
            guard let target = practice.rows.first(where: { $0.section == metric.section && $0.groupBy == "practice" && $0.measure == metric.measure && $0.metric == metric.metric }),
                  !target.suppressed, let p0 = target.value else { continue }
            for (kind, report) in [("clinician", byClinician), ("site", bySite)] {
                guard let report else { continue }
                let rows = report.rows.filter { $0.section == metric.section && $0.groupBy == kind && $0.measure == metric.measure && $0.metric == metric.metric }
                var groups: [(String, Int, Int)] = [], leftOut = 0
                for r in rows {
                    if !r.suppressed, let c = r.count, let n = r.n, n > 0, n >= max(1, minCell) { groups.append((r.group, c, n)) } else { leftOut += 1 }
                }
                funnels.append(.make(title: "\(metric.title) by \(kind)", groupKind: kind, target: p0, groups: groups, leftOut: leftOut))
            }
        }

        // Distribution of change on the primary measure.
        if let pm = practice.primaryMeasure, let mi = data.measures.firstIndex(where: { $0.name == pm }) {
            var h: [Int: Int] = [:]
            for e in data.episodes where Int(e.measure) == mi && e.paired { h[Int((e.post - e.pre).rounded()), default: 0] += 1 }
            changeCounts = h.keys.sorted().map { ($0, h[$0]!) }
            changeMeasure = pm
        }
    }
}
