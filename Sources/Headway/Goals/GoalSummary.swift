import HeadwayStats
import HeadwayCSV

/// How practice summaries group client episodes.
public enum GoalSummaryGrouping: String, Sendable, CaseIterable {
    case all, clinician, site, period
}

/// Calendar period of the latest review, for `--by period`.
public enum GoalSummaryPeriod: String, Sendable, CaseIterable {
    case month, quarter, year

    /// `2024-03`, `2024-Q1` or `2024` for a date (days since 1970-01-01).
    public func label(days: Int) -> String {
        let (y, m, _) = CivilCalendar.components(days: days)
        switch self {
        case .month: return String(CivilCalendar.isoString(days: days).prefix(7))
        case .quarter: return "\(y)-Q\((m - 1) / 3 + 1)"
        case .year: return String(y)
        }
    }
}

/// Practice summary of GAS T-scores for one group of client episodes, each represented
/// by its latest review (``GoalAnalysis/latestGAS(_:)``).
///
/// Statistics: median and interquartile range (quantiles by Hyndman & Fan 1996 type 7,
/// `Descriptive/quantile(_:_:)`), mean and sample standard deviation of the attained
/// T and of ΔT (attained − baseline T); the standardized response mean
/// `SRM = mean(ΔT) / SD(ΔT)` (Liang, Fossel & Larson 1990, Medical Care 28:632–642);
/// and the percent of episodes with T ≥ 50 (goals met on balance). Each statistic is
/// subject to ``SmallCellSuppression``: computed from fewer than the minimum number of
/// client episodes, it is `suppressed`.
public struct GoalSummaryRow: Sendable, Equatable {
    public typealias Cell = SmallCellSuppression.Cell<Double>
    public var group: String
    /// Client episodes in the group with an attained T.
    public var clients: Int
    /// Of those, episodes with a baseline T too (ΔT available).
    public var clientsWithChange: Int
    public var tMedian: Cell, tQ1: Cell, tQ3: Cell, tMean: Cell, tSD: Cell
    public var changeMedian: Cell, changeQ1: Cell, changeQ3: Cell, changeMean: Cell, changeSD: Cell
    public var srm: Cell
    public var percentTAtLeast50: Cell
    /// `ok`, `suppressed` (some statistic suppressed) or `zero_sd` (ΔT has no spread, so no SRM).
    public var status: String
    /// `clients` is hidden (below the minimum, or to protect another group's hidden count).
    public var clientsSuppressed = false
    /// `clientsWithChange` is hidden.
    public var clientsWithChangeSuppressed = false
    /// Whether any count or statistic of the row is hidden.
    public var suppressed: Bool {
        clientsSuppressed || clientsWithChangeSuppressed
            || [tMedian, tQ1, tQ3, tMean, tSD, changeMedian, changeQ1, changeQ3, changeMean, changeSD, srm, percentTAtLeast50].contains(.suppressed)
    }
}

public enum GoalSummary {
    /// Summarises the latest GAS review of each client episode by `grouping`; an `all`
    /// row (every episode) comes last unless `grouping` is `.all`, which gives only it.
    public static func run(_ latest: [LatestGoalStatus], by grouping: GoalSummaryGrouping = .all,
                           period: GoalSummaryPeriod = .quarter,
                           suppression: SmallCellSuppression) -> [GoalSummaryRow] {
        let scored = latest.filter { $0.tAttained != nil }
        var rows: [GoalSummaryRow] = []
        if grouping != .all {
            var groups: [String: [LatestGoalStatus]] = [:]
            for s in scored {
                let name: String
                switch grouping {
                case .clinician: name = s.clinicianID ?? "(none)"
                case .site: name = s.site ?? "(none)"
                case .period: name = s.day.map { period.label(days: $0) } ?? "(no date)"
                case .all: name = "all"
                }
                groups[name, default: []].append(s)
            }
            for name in groups.keys.sorted() { rows.append(row(name, groups[name]!, suppression)) }
        }
        rows.append(row("all", scored, suppression))
        return suppressCounts(rows, members: rows.map { r in r.group == "all" ? scored : scored.filter { grouping != .all && name(of: $0, grouping, period) == r.group } },
                              minimum: suppression.minimum)
    }

    static func name(of s: LatestGoalStatus, _ grouping: GoalSummaryGrouping, _ period: GoalSummaryPeriod) -> String {
        switch grouping {
        case .clinician: return s.clinicianID ?? "(none)"
        case .site: return s.site ?? "(none)"
        case .period: return s.day.map { period.label(days: $0) } ?? "(no date)"
        case .all: return "all"
        }
    }

    /// The counts of the rows through ``SuppressionTable``: per row the episodes with a T,
    /// those with a ΔT, and those with T ≥ 50 (published as a percentage of the first, so a
    /// count too, with its complement); each count across the groups adds up to the `all`
    /// row, which is decided first (as `--by` none decides it). The count below 50 (the
    /// complement of T ≥ 50) is a derived cell; the episodes without ΔT are not (data
    /// completeness, not an outcome). A row whose episode count is
    /// hidden loses its T statistics; whose ΔT count is hidden, its ΔT statistics and SRM;
    /// whose T ≥ 50 count (or its complement) is hidden, its percentage.
    static func suppressCounts(_ rows: [GoalSummaryRow], members: [[LatestGoalStatus]], minimum: Int) -> [GoalSummaryRow] {
        guard minimum > 0 else { return rows }
        var table = SuppressionTable()
        var cells: [(n: Int, change: Int, k: Int)] = []
        for (r, m) in zip(rows, members) {
            let total = r.group == "all"
            let n = table.add(r.clients, total: total)
            let c = table.add(r.clientsWithChange, total: total)
            let k = table.add(m.compactMap(\.tAttained).filter { $0 >= 50 }.count, total: total)
            table.rate(numerator: k, denominator: n)
            cells.append((n, c, k))
        }
        if rows.count > 1 {
            table.line(cells.map(\.n))
            table.line(cells.map(\.change))
            table.line(cells.map(\.k))
        }
        table.suppress(minimum: minimum)
        var out = rows
        for i in out.indices {
            let (n, c, k) = cells[i]
            if table.isHidden(n) {
                out[i].clientsSuppressed = true
                for kp in [\GoalSummaryRow.tMedian, \.tQ1, \.tQ3, \.tMean, \.tSD, \.percentTAtLeast50] { out[i][keyPath: kp] = .suppressed }
            }
            if table.isHidden(c) {
                out[i].clientsWithChangeSuppressed = true
                for kp in [\GoalSummaryRow.changeMedian, \.changeQ1, \.changeQ3, \.changeMean, \.changeSD, \.srm] { out[i][keyPath: kp] = .suppressed }
            }
            if table.isHidden(k) { out[i].percentTAtLeast50 = .suppressed }
            if out[i].suppressed { out[i].status = "suppressed" }
        }
        return out
    }

    static func row(_ name: String, _ members: [LatestGoalStatus], _ sup: SmallCellSuppression) -> GoalSummaryRow {
        let t = members.compactMap(\.tAttained)
        let dt = members.compactMap(\.tChange)
        func q(_ x: [Double], _ p: Double) -> GoalSummaryRow.Cell { sup.cell(x.count) { try? Descriptive.quantile(x, p) } }
        func mean(_ x: [Double]) -> GoalSummaryRow.Cell { sup.cell(x.count) { try? Descriptive.mean(x) } }
        func sd(_ x: [Double]) -> GoalSummaryRow.Cell { sup.cell(x.count) { try? Descriptive.standardDeviation(x) } }
        let changeSD = sd(dt)
        let srm: GoalSummaryRow.Cell = sup.cell(dt.count) {
            guard let s = changeSD.value, s > 0, let m = try? Descriptive.mean(dt) else { return nil }
            return m / s
        }
        var r = GoalSummaryRow(
            group: name, clients: t.count, clientsWithChange: dt.count,
            tMedian: q(t, 0.5), tQ1: q(t, 0.25), tQ3: q(t, 0.75), tMean: mean(t), tSD: sd(t),
            changeMedian: q(dt, 0.5), changeQ1: q(dt, 0.25), changeQ3: q(dt, 0.75), changeMean: mean(dt), changeSD: changeSD,
            srm: srm,
            percentTAtLeast50: sup.cell(t.count) { t.isEmpty ? nil : 100 * Double(t.filter { $0 >= 50 }.count) / Double(t.count) },
            status: "ok")
        if !sup.allows(t.count) || !sup.allows(dt.count) {
            r.status = "suppressed"
        } else if changeSD.value == 0 {
            r.status = "zero_sd"
        }
        return r
    }
}
