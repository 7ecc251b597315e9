// SPDX-License-Identifier: GPL-3.0-or-later
// Collects the report's rows with their cells, then suppresses and compares with benchmarks.
import HeadwayStats

struct RowSink {
    let minCell: Int
    let level: Double
    let groupBy: String?
    var rows: [ReportRow] = []
    var cells = SuppressionTable()
    /// Every group of the report (from the episodes), listed in every section even when empty,
    /// so that no section leaves out a group whose count another section shows.
    var groupLabels: [String] = []
    /// The activity section's open-episode count of each group: the flags section counts the
    /// same episodes, so the two form a line (hidden together).
    var openCells: [String: Int] = [:]
    /// Count cells by (section, measure, metric), across groups: each such column adds up
    /// to the practice total, so it is a suppression line.
    var columns: [String: [Int]] = [:]
    var columnOrder: [String] = []

    init(minCell: Int, level: Double, groupBy: String?) {
        self.minCell = minCell
        self.level = level
        self.groupBy = groupBy
    }

    func by(_ group: String) -> String { group == "all" ? "practice" : (groupBy ?? "practice") }

    mutating func register(_ section: String, _ measure: String, _ metric: String, _ cell: Int) {
        let key = section + "\u{1}" + measure + "\u{1}" + metric
        if columns[key] == nil { columnOrder.append(key) }
        columns[key, default: []].append(cell)
    }

    @discardableResult
    mutating func count(_ section: String, _ group: String, _ measure: String, _ metric: String, _ value: Int, column: Bool = false) -> Int {
        let cell = cells.add(value, total: group == "all")
        register(section, measure, metric, cell)
        rows.append(ReportRow(section: section, groupBy: by(group), group: group, measure: measure, metric: metric, kind: .count,
                              value: Double(value), count: nil, n: nil, countCell: cell))
        return cell
    }

    /// A proportion k/n with its Wilson interval; returns the numerator's cell.
    @discardableResult
    mutating func rate(_ section: String, _ group: String, _ measure: String, _ metric: String, k: Int, kCell: Int? = nil,
                       n: Int, nCell: Int?, newCount: Bool = false, column: Bool = false, complement: Bool = false) -> Int {
        var kc = kCell
        if kc == nil || newCount {
            kc = cells.add(k, total: group == "all")
            register(section, measure, metric, kc!)
        }
        // An outcome's complement (the episodes without it, n − k) follows from a shown k and n:
        // a derived cell, so that a small complement is protected too.
        if complement, let nCell { cells.rate(numerator: kc!, denominator: nCell) }
        let w = WilsonInterval(successes: k, total: n, level: level)
        rows.append(ReportRow(section: section, groupBy: by(group), group: group, measure: measure, metric: metric, kind: .rate,
                              value: n > 0 ? Double(k) / Double(n) : nil, count: k, n: n, ciLow: w?.lower, ciHigh: w?.upper,
                              countCell: kc, nCell: nCell))
        return kc!
    }

    mutating func statistic(_ section: String, _ group: String, _ measure: String, _ metric: String, _ value: Double?, n: Int, nCell: Int?,
                            low: Double? = nil, high: Double? = nil) {
        var nCell = nCell
        if nCell == nil {
            // Its own count (e.g. episodes with a slope, intervals between scores): a cell too,
            // in a line across the groups, so a shown n cannot give away a hidden one.
            let c = cells.add(n, total: group == "all")
            register(section, measure, metric + ":n", c)
            nCell = c
        }
        let ok = value.map { $0.isFinite } ?? false
        rows.append(ReportRow(section: section, groupBy: by(group), group: group, measure: measure, metric: metric, kind: .statistic,
                              value: ok ? value : nil, count: nil, n: n, ciLow: ok && (low?.isFinite ?? false) ? low : nil,
                              ciHigh: ok && (high?.isFinite ?? false) ? high : nil, nCell: nCell))
    }

    /// Goal rows: latest GAS T per client episode (median, percent ≥ 50) and the latest
    /// GBO mean change, grouped by clinician or site (from the goals file) or by the period
    /// of the latest review; other groupings give practice rows only. Returns the practice T values.
    mutating func goals(_ reviews: [ClientReview], by: ReportGrouping?, period: GoalSummaryPeriod?) -> [Double] {
        let latest = GoalAnalysis.latestGAS(reviews).filter { $0.tAttained != nil }
        var gbo: [GoalEpisodeKey: ClientReview] = [:]
        for r in reviews where r.scale == .gbo && r.gboMeanChange != nil { gbo[r.episode] = r }   // sorted: the latest wins
        func group(_ clinician: String?, _ site: String?, _ day: Int?) -> String? {
            switch by {
            case .clinician: return clinician ?? ReportBuilder.none
            case .site: return site ?? ReportBuilder.none
            case .month, .quarter, .year: return day.map { period!.label(days: $0) } ?? ReportBuilder.noDate
            default: return nil
            }
        }
        var tBy: [String: [Double]] = [:], gboBy: [String: [Double]] = [:]
        for s in latest { if let g = group(s.clinicianID, s.site, s.day) { tBy[g, default: []].append(s.tAttained!) } }
        for r in gbo.values { if let g = group(r.clinicianID, r.site, r.day) { gboBy[g, default: []].append(r.gboMeanChange!) } }
        let allT = latest.map { $0.tAttained! }
        let allGBO = gbo.keys.sorted().map { gbo[$0]!.gboMeanChange! }
        let names = by == nil || by == .measure || by == .group ? [] : Set(tBy.keys).union(gboBy.keys).union(groupLabels).sorted()
        for (g, t, c) in [("all", allT, allGBO)] + names.map({ ($0, tBy[$0] ?? [], gboBy[$0] ?? []) }) {
            let tc = count("goals", g, "GAS", "gas_episodes", t.count)
            statistic("goals", g, "GAS", "gas_t_median", try? Descriptive.median(t), n: t.count, nCell: tc)
            rate("goals", g, "GAS", "gas_t_at_least_50", k: t.filter { $0 >= 50 }.count, n: t.count, nCell: tc, newCount: true, complement: true)
            let gc = count("goals", g, "GBO", "gbo_episodes", c.count)
            statistic("goals", g, "GBO", "gbo_mean_change", c.isEmpty ? nil : c.reduce(0, +) / Double(c.count), n: c.count, nCell: gc)
        }
        return allT
    }

    /// Flag counts among open episodes (``FlagEngine`` results), by clinician, site, measure
    /// or the period of the latest score; `--by group` gives practice rows only. Each colour is
    /// a rate of the flagged open episodes, and the colours with their total form a suppression line.
    /// `measurement_due` (open episodes with no score for more than the overdue limit) is its own rate.
    mutating func flags(_ results: [FlagResult], by: ReportGrouping?, period: GoalSummaryPeriod?) {
        func group(_ r: FlagResult) -> String? {
            switch by {
            case .clinician: return r.clinicianID ?? ReportBuilder.none
            case .site: return r.site ?? ReportBuilder.none
            case .measure: return r.key.measure
            case .month, .quarter, .year: return r.latestDay.map { period!.label(days: $0) } ?? ReportBuilder.noDate
            default: return nil
            }
        }
        var byGroup: [String: [FlagResult]] = [:]
        for r in results { if let g = group(r) { byGroup[g, default: []].append(r) } }
        let names = by == nil || by == .group ? [] : Set(byGroup.keys).union(groupLabels).sorted()
        for (g, rs) in [("all", results)] + names.map({ ($0, byGroup[$0] ?? []) }) {
            let c = FlagEngine.counts(rs)
            let total = count("flags", g, "", "open_episodes_flagged", rs.count)
            // (Only when they agree: with `--as-of` the flags judge another day, and unequal counts reveal nothing about each other.)
            if let open = openCells[g], cells.counts[open] == rs.count { cells.line([open, total]) }
            var cellsOfLine: [Int?] = [total]
            for (name, k) in [("red", c.red), ("yellow", c.yellow), ("green", c.green), ("white", c.white), ("grey", c.grey)] {
                cellsOfLine.append(rate("flags", g, "", name, k: k, n: rs.count, nCell: total, newCount: true, complement: true))
            }
            cells.line(cellsOfLine)
            // Measurement due is a separate dimension (any colour), not part of the colour line;
            // its complement (open episodes not due) is a derived cell.
            _ = rate("flags", g, "", "measurement_due", k: c.measurementDue, n: rs.count, nCell: total, newCount: true, complement: true)
        }
    }

    /// Suppression, then benchmark comparisons on the rates still shown.
    mutating func finish(benchmark: [BenchmarkRate], alpha: Double) {
        if groupBy != nil { for key in columnOrder { cells.line(columns[key]!) } }
        cells.suppress(minimum: minCell)
        // A statistic's n can equal a hidden count of the same group and measure (the
        // paired n, say): where any count of that section, group and measure is hidden,
        // statistics keep their value but not their n.
        var hiddenTuples = Set<String>()
        for row in rows where row.kind != .statistic {
            if let c = row.countCell, cells.hidden[c] { hiddenTuples.insert(row.section + "\u{1}" + row.group + "\u{1}" + row.measure) }
        }
        for i in rows.indices {
            var row = rows[i]
            let kHidden = row.countCell.map { cells.hidden[$0] } ?? false
            let nHidden = row.nCell.map { cells.hidden[$0] } ?? false
            switch row.kind {
            case .count: row.suppressed = kHidden
            case .rate: row.suppressed = kHidden || nHidden || (row.n ?? 0) < minCell
            case .statistic: row.suppressed = (row.n ?? 0) < minCell
            }
            if row.suppressed {
                row.value = nil; row.count = nil; row.ciLow = nil; row.ciHigh = nil
                row.n = nil
            } else if nHidden || (row.kind == .statistic && hiddenTuples.contains(row.section + "\u{1}" + row.group + "\u{1}" + row.measure)) {
                row.n = nil
            }
            if !row.suppressed, row.kind == .rate, let k = row.count, let n = row.n, n > 0,
               let b = benchmark.first(where: { b in
                   b.metric == row.metric && (b.section == nil || b.section == row.section)
                       && (b.measure == nil || MeasureCatalog.normalize(b.measure!) == MeasureCatalog.normalize(row.measure))
               }) {
                row.expected = b.expected
                row.pValue = ReportStatistics.binomialTwoSided(k: k, n: n, p0: b.expected)
                if let p = row.pValue {
                    row.comparison = p < alpha ? (Double(k) / Double(n) > b.expected ? "above" : "below") : "as_expected"
                }
            }
            rows[i] = row
        }
    }
}
