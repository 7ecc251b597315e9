// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts
import HeadwayCSV

/// Everything `headway gas` writes: the CSV per client episode and review, per goal and
/// review, and the practice summary (``GoalSummary``, suppressed by ``SmallCellSuppression``);
/// the tables of the same; the chart of one client's goals and the histogram of T (docs/gas.md,
/// docs/output.md).
public struct GASOutput {
    /// Decimals of non-integer numbers in CSV.
    public var digits: Int
    /// The summary's grouping (the `group_by` column and the first table column).
    public var grouping: GoalSummaryGrouping
    /// The summary's small-cell rule (named in the summary table's heading and the histogram).
    public var suppression: SmallCellSuppression
    /// Characters of tables and charts.
    public var charset: Charset
    /// Width tables are laid out for (the CLI: the terminal's).
    public var width: Int

    public init(digits: Int, grouping: GoalSummaryGrouping, suppression: SmallCellSuppression, charset: Charset, width: Int) {
        self.digits = digits
        self.grouping = grouping
        self.suppression = suppression
        self.charset = charset
        self.width = width
    }

    func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "" }
    func num(_ v: Double?, _ decimals: Int = 1) -> String { v.map { NumberFormat.fixed($0, decimals: decimals) } ?? "" }

    // MARK: CSV

    /// Header of the CSV per client episode and review.
    public static let reviewHeader = [
        "client_id", "episode_id", "clinician_id", "site", "scale", "review", "review_date",
        "goals_rated", "goals_not_rated", "goals_total", "goals_scored", "t_baseline", "t_attained", "t_change",
        "prop_at_or_above_expected", "prop_improved", "any_goal_at_minus2",
        "gbo_mean_baseline", "gbo_mean_score", "gbo_mean_change", "gbo_reliably_improved", "gbo_reliably_deteriorated", "status",
    ]

    /// The CSV per client episode and review (header and rows; proportions 0–1). Does not flush.
    public func writeReviewCSV(_ reviews: [ClientReview], to w: CSVWriter) throws {
        try w.row(Self.reviewHeader)
        for r in reviews {
            w.field(r.episode.clientID); w.field(r.episode.episodeID); w.field(r.clinicianID); w.field(r.site)
            w.field(r.scale.rawValue); w.field(r.review); w.field(date: r.day)
            w.field(r.goalsRated); w.field(r.goalsNotRated); w.field(r.goalsTotal); w.field(r.goalsScored)
            w.field(r.tBaseline, decimals: digits); w.field(r.tAttained, decimals: digits); w.field(r.tChange, decimals: digits)
            // Proportions 0-1 in CSV (docs/output.md); the library keeps percents for the tables.
            w.field(r.percentAtOrAboveExpected.map { $0 / 100 }, decimals: digits); w.field(r.percentImproved.map { $0 / 100 }, decimals: digits)
            w.field(r.anyGoalAtMinusTwo)
            w.field(r.gboMeanBaseline, decimals: digits); w.field(r.gboMeanScore, decimals: digits); w.field(r.gboMeanChange, decimals: digits)
            w.field(r.gboReliablyImproved); w.field(r.gboReliablyDeteriorated)
            w.field(r.status)
            try w.endRecord()
        }
    }

    /// The CSV per goal and review (`--goals`). Does not flush.
    public func writeGoalCSV(_ reviews: [ClientReview], to w: CSVWriter) throws {
        try w.row(["client_id", "episode_id", "clinician_id", "site", "scale", "review", "review_date",
                   "goal_id", "description", "weight", "baseline", "value", "change", "reliable_change", "status"])
        for r in reviews {
            for g in r.goals {
                w.field(r.episode.clientID); w.field(r.episode.episodeID); w.field(r.clinicianID); w.field(r.site)
                w.field(r.scale.rawValue); w.field(r.review); w.field(date: r.day)
                w.field(g.goalID); w.field(g.description)
                if g.weight == g.weight.rounded(), let whole = Int(checked: g.weight) { w.field(whole) } else { w.field(g.weight, decimals: digits) }
                w.field(g.baseline); w.field(g.value); w.field(g.change); w.field(g.reliableChange?.rawValue)
                w.field(g.status)
                try w.endRecord()
            }
        }
    }

    /// Header of the summary CSV.
    public static let summaryHeader = [
        "group_by", "group", "n_clients", "n_with_change", "t_median", "t_q1", "t_q3", "t_mean", "t_sd",
        "t_change_median", "t_change_q1", "t_change_q3", "t_change_mean", "t_change_sd", "srm", "prop_t_at_least_50", "status", "suppressed",
    ]

    /// A row's cells; a hidden cell is `hidden` ("" in CSV, "suppressed" in tables).
    func summaryCells(_ r: GoalSummaryRow, decimals: Int, hidden: String) -> [String] {
        let f: (SmallCellSuppression.Cell<Double>) -> String = { c in
            c.isSuppressed ? hidden : suppression.text(c) { NumberFormat.fixed($0, decimals: decimals) }
        }
        return [r.group, r.clientsSuppressed ? hidden : String(r.clients), r.clientsWithChangeSuppressed ? hidden : String(r.clientsWithChange),
                f(r.tMedian), f(r.tQ1), f(r.tQ3), f(r.tMean), f(r.tSD),
                f(r.changeMedian), f(r.changeQ1), f(r.changeQ3), f(r.changeMean), f(r.changeSD), f(r.srm),
                f(r.percentTAtLeast50), r.status]
    }

    /// The summary CSV (`--summary`): hidden cells empty with `suppressed=true`, proportions 0–1. Does not flush.
    public func writeSummaryCSV(_ rows: [GoalSummaryRow], to w: CSVWriter) throws {
        try w.row(Self.summaryHeader)
        for r in rows {
            var proportion = r
            if case .value(let p) = r.percentTAtLeast50 { proportion.percentTAtLeast50 = .value(p / 100) }
            try w.row([r.group == "all" ? "all" : grouping.rawValue] + summaryCells(proportion, decimals: digits, hidden: "") + [r.suppressed ? "true" : "false"])
        }
    }

    // MARK: Tables

    /// The table of GAS reviews, then the table of Goal-Based Outcomes reviews (each when there are any).
    public func reviewTables(_ reviews: [ClientReview]) -> String {
        var out = ""
        let gas = reviews.filter { $0.scale == .gas }
        if !gas.isEmpty {
            out += OutputTable.render(
                ["client", "episode", "review", "date", "rated", "goals", "T_baseline", "T", "change", "%>=expected", "%improved", "any_-2", "status"],
                priorities: Self.reviewPriorities, width: width, charset: .unicode, rows: gas.map { r in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? "", date(r.day), "\(r.goalsRated)/\(r.goalsTotal)", String(r.goalsScored),
                     num(r.tBaseline), num(r.tAttained), num(r.tChange), num(r.percentAtOrAboveExpected, 0), num(r.percentImproved, 0),
                     r.anyGoalAtMinusTwo.map { $0 ? "yes" : "no" } ?? "", r.status]
                })
        }
        let gbo = reviews.filter { $0.scale == .gbo }
        if !gbo.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += "Goal-Based Outcomes\n"
            out += OutputTable.render(
                ["client", "episode", "review", "date", "goals", "mean_baseline", "mean_score", "mean_change", "reliably_improved", "reliably_worse", "status"],
                priorities: Self.gboPriorities, width: width, charset: .unicode, rows: gbo.map { r in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? "", date(r.day), String(r.goalsScored),
                     num(r.gboMeanBaseline), num(r.gboMeanScore), num(r.gboMeanChange),
                     r.gboReliablyImproved.map(String.init) ?? "", r.gboReliablyDeteriorated.map(String.init) ?? "", r.status]
                })
        }
        return out.isEmpty ? "(no goals)\n" : out
    }

    /// The table per goal and review.
    public func goalTable(_ reviews: [ClientReview]) -> String {
        OutputTable.render(
            ["client", "episode", "review", "goal", "weight", "baseline", "value", "change", "reliable", "status"],
            priorities: Self.goalPriorities, width: width, charset: .unicode, rows: reviews.flatMap { r in
                r.goals.map { g in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? date(r.day), g.goalID,
                     Canvas.format(g.weight), g.baseline.map(String.init) ?? "", String(g.value), g.change.map(String.init) ?? "",
                     g.reliableChange?.rawValue ?? "", g.status]
                }
            })
    }

    /// The summary table under a heading naming the suppression (hidden cells read "suppressed").
    public func summaryTable(_ rows: [GoalSummaryRow]) -> String {
        OutputTable.line("Practice summary: latest GAS review per client episode (counts below \(suppression.minimum) and statistics from fewer people suppressed)", width: width) +
        OutputTable.render(
            [grouping == .all ? "group" : grouping.rawValue, "clients", "with_change", "T_median", "T_q1", "T_q3", "T_mean", "T_sd",
             "change_median", "change_q1", "change_q3", "change_mean", "change_sd", "SRM", "%T>=50", "status"],
            rows: rows.map { summaryCells($0, decimals: 1, hidden: "suppressed") }, priorities: Self.summaryPriorities(grouping.rawValue), width: width)
    }

    // MARK: Charts

    /// The chart of each GAS episode of `goals`: every goal's level at each review (`GoalChart`).
    public func clientChart(_ goals: [GoalRecord], _ reviews: [ClientReview]) -> String {
        var out = ""
        let episodes = Dictionary(grouping: goals.filter { $0.scale == .gas }, by: \.episode)
        for key in episodes.keys.sorted() {
            let eg = episodes[key]!.sorted { $0.goalID < $1.goalID }
            let rs = reviews.filter { $0.episode == key && $0.scale == .gas }
            let keys = rs.map { r in r.review.map(ReviewKey.number) ?? .date(r.day ?? 0) }
            let chartReviews = zip(rs, keys).enumerated().map { i, pair in
                let (r, _) = pair
                let name = r.review.map { "review \($0)" } ?? "review"
                let when = r.day.map { " (\(CivilCalendar.isoString(days: $0)))" } ?? ""
                let t = r.tAttained.map { "T = \(num($0)), \(r.goalsScored) goal\(r.goalsScored == 1 ? "" : "s")" } ?? r.status
                return GoalChart.Review(mark: String(i + 1), legend: "\(name)\(when): \(t)")
            }
            let rows = eg.map { g in
                GoalChart.Goal(label: g.goalID + (g.description.map { " " + $0 } ?? "") + (g.weight == 0 ? " (w=0)" : ""),
                               baseline: g.baseline, levels: keys.map { g.rating(at: $0)?.value })
            }
            let t0 = rs.first?.tBaseline.map { ", baseline T = \(num($0))" } ?? ""
            if !out.isEmpty { out += "\n" }
            out += GoalChart.render(title: "Client \(key.clientID), episode \(key.episodeID)\(t0)", goals: rows, reviews: chartReviews, charset: charset)
        }
        return out.isEmpty ? "(no GAS goals for this client)\n" : out
    }

    /// The histogram of attained T at each episode's latest review (suppressed below the minimum).
    public func histogram(_ latest: [LatestGoalStatus], suppression: SmallCellSuppression) -> String {
        let t = latest.compactMap(\.tAttained)
        guard suppression.allows(t.count) else {
            return "Attained T at the latest review: suppressed (fewer than \(suppression.minimum) client episodes)\n"
        }
        return Histogram.render(t, binWidth: 5, barWidth: 40,
                                title: "Attained T at the latest review (\(t.count) client episodes; 50 = goals met as expected)",
                                charset: charset)
    }
}

// Column priorities of the goal tables (`TableColumn.priority`; unlisted columns come last):
// the client episode and review, the attained T (or mean score) and the status first.
extension GASOutput {
    /// Priorities of the GAS review table.
    public static let reviewPriorities: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "T": 0, "status": 0, "rated": 1, "change": 1, "date": 2, "T_baseline": 3,
        "any_-2": 3, "goals": 4, "%>=expected": 5, "%improved": 5,
    ]
    /// Priorities of the Goal-Based Outcomes review table.
    public static let gboPriorities: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "mean_score": 0, "status": 0, "mean_change": 1, "date": 2,
        "reliably_improved": 3, "reliably_worse": 3, "mean_baseline": 4, "goals": 4,
    ]
    /// Priorities of the table per goal.
    public static let goalPriorities: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "goal": 0, "value": 0, "status": 0, "change": 1, "reliable": 1,
        "baseline": 3, "weight": 4,
    ]
    /// Priorities of the summary table whose first column is `group`.
    public static func summaryPriorities(_ group: String) -> [String: Int] {
        ["group": 0, group: 0, "clients": 0, "T_median": 0, "status": 0, "with_change": 1, "change_median": 1, "SRM": 2,
         "T_q1": 3, "T_q3": 3, "%T>=50": 3, "T_mean": 4, "T_sd": 4, "change_q1": 5, "change_q3": 5, "change_mean": 6, "change_sd": 6]
    }
}
