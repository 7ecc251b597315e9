import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

enum GoalGroupingArgument: String, ExpressibleByArgument, CaseIterable {
    case clinician, site, period
}

enum GoalPeriodArgument: String, ExpressibleByArgument, CaseIterable {
    case month, quarter, year
}

struct GASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gas",
        abstract: "Goal attainment scaling T-scores and Goal-Based Outcomes per client and review, and practice summaries.",
        discussion: """
        INPUT: a goals CSV, one row per goal per review. Columns (names case-insensitive, \
        aliases accepted, order free): client_id, goal_id, review (whole number) and/or \
        review_date (YYYY-MM-DD), attained (GAS level -2..+2); optional clinician_id, site, \
        episode_id, description, importance and difficulty (0-3, both or neither), weight \
        (used when importance and difficulty are absent), baseline (-1 or -2), scale (gas or \
        gbo). Goal-Based Outcomes rows have scale = gbo and goal_score 0-10 (baseline: the \
        baseline column, else the goal's first rating).

        Verbal ratings are accepted in attained and map onto the same levels: much better \
        than expected +2; better than expected / a little more than expected +1; as \
        expected / achieved 0; partially achieved / less than expected -1; no change = the \
        goal's baseline level; worse / much less than expected -2.

        SCORING (Kiresuk & Sherman 1968; Turner-Stokes 2009): \
        T = 50 + 10 Σwx / sqrt((1-ρ)Σw² + ρ(Σw)²), ρ = --rho (default 0.3), w = importance × \
        difficulty, else weight, else 1. A goal with weight 0 is not scored anywhere (it \
        would drop out of the formula anyway): not in T, the goal count or the percentages. \
        Baseline T uses the same goals at their baseline levels. GBO: change per goal, mean \
        change, and reliable change when |change| ≥ --gbo-threshold (default 2.45, \
        Edbrooke-Childs et al. 2015: 3 points or more on the 0-10 scale).

        OUTPUT: CSV, one row per client episode and review (--goals: one row per goal and \
        review); status is ok, no_scorable_goals, no_baseline or baseline_only. --summary: \
        practice summary of each episode's latest GAS review (--by clinician|site|period); \
        statistics from fewer than --min-cell episodes, and counts below it (with the \
        complementary counts that would reveal them), are hidden: empty cells with \
        suppressed=true in CSV, "suppressed" in tables (docs/output.md). --format table prints the per-client table and the summary; --format chart \
        draws one client's goals (--client ID) or, with --summary, a histogram of T.
        """
    )

    @Argument(help: "Goals CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("rho"), help: "Assumed correlation between goal scales, 0 ≤ ρ < 1.")
    var rho: Double = GASScore.defaultRho

    @Option(name: .customLong("gbo-threshold"), help: "Reliable change on a GBO goal, in points (Edbrooke-Childs et al. 2015); greater than 0, at most 10.")
    var gboThreshold: Double = GBO.defaultReliableChange

    @Flag(name: .customLong("goals"), help: "One row per goal and review instead of per client and review.")
    var perGoal = false

    @Flag(name: .customLong("summary"), help: "Practice summary of each client episode's latest GAS review.")
    var summary = false

    @Option(name: .customLong("by"), help: "With --summary: group by clinician, site or period.")
    var by: GoalGroupingArgument?

    @Option(name: .customLong("period"), help: "With --by period: month, quarter or year of the latest review.")
    var period: GoalPeriodArgument = .quarter

    @Option(name: .customLong("min-cell"), help: "Suppress summary statistics from fewer than this many client episodes (0 to 1000000; 0: no suppression).")
    var minCell: Int = SmallCellSuppression.defaultMinimum

    @Option(name: .customLong("client"), help: "Only this client (required for --format chart without --summary).")
    var client: String?

    @Option(name: .customLong("episode"), help: "With --client: only this episode.")
    var episode: String?

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("charset"), help: "Chart characters: unicode or ascii.")
    var charset: ChartCharset = .unicode
    @OptionGroup var dates: PeriodOptions
    @OptionGroup var privacy: PrivacyOptions

    func validate() throws {
        do { try GASScore.validate(rho: rho) } catch { throw ValidationError("--rho: \(error)") }
        do { try GBO.validate(threshold: gboThreshold) } catch { throw ValidationError("--gbo-threshold: \(error)") }
        if !(0...1_000_000).contains(minCell) { throw ValidationError("--min-cell must be between 0 and 1000000") }
        if by != nil && !summary { throw ValidationError("--by needs --summary") }
        if summary && perGoal { throw ValidationError("--summary and --goals are mutually exclusive") }
        if episode != nil && client == nil { throw ValidationError("--episode needs --client") }
        if perGoal && output.format == .chart { throw ValidationError("--goals has no chart: use --format table or csv (the chart of one client's goals is --client ID --format chart)") }
        if output.format == .chart && !summary && client == nil {
            throw ValidationError("--format chart needs --client ID (one client's goals) or --summary (histogram of T)")
        }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let set = try GoalsLoading.goals(file, input, wide: input.wide)
        var goals = set.goals
        if let client {
            goals = goals.filter { $0.episode.clientID == client && (episode == nil || $0.episode.episodeID == episode) }
            if goals.isEmpty { Terminal.noteEmpty("--client \(client)\(episode.map { " --episode \($0)" } ?? "")") }
        }
        goals = try privacy.apply(goals)
        let reviews: [ClientReview]
        let suppression: SmallCellSuppression
        do {
            reviews = ReportPeriod.select(try GoalAnalysis.run(goals, rho: rho, gboThreshold: gboThreshold), from: dates.fromDay, to: dates.toDay)
            suppression = try SmallCellSuppression(minimum: minCell)
        } catch {
            Terminal.error("headway: \(error)")
            throw HeadwayExit.invalidData
        }
        let grouping: GoalSummaryGrouping = switch by {
        case .clinician: .clinician
        case .site: .site
        case .period: .period
        case nil: .all
        }
        let period: GoalSummaryPeriod = switch self.period {
        case .month: .month
        case .quarter: .quarter
        case .year: .year
        }
        let latest = GoalAnalysis.latestGAS(reviews)
        let rows = GoalSummary.run(latest, by: grouping, period: period, suppression: suppression)
        let format = output.resolvedFormat
        let view = GASView(digits: output.digits, grouping: grouping, suppression: suppression, charset: charset.charset)

        switch format {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .chart:
            if summary {
                Terminal.out(view.histogram(latest, suppression: suppression))
            } else {
                Terminal.out(view.clientChart(goals, reviews))
            }
        case .table:
            if summary {
                Terminal.out(view.summaryTable(rows))
            } else if perGoal {
                Terminal.out(view.goalTable(reviews))
            } else {
                var text = view.reviewTables(reviews)
                if client == nil { text += "\n" + view.summaryTable(rows) }
                Terminal.out(text)
            }
        case .csv, .auto, .xlsx:   // xlsx: the CSV, collected by WorkbookOutput
            let w = Output.stdoutCSV()
            if summary {
                try view.summaryCSV(rows, w)
            } else if perGoal {
                try view.goalCSV(reviews, w)
            } else {
                try view.reviewCSV(reviews, w)
            }
            try w.flush()
        }
    }
}

/// Formatting of `headway gas` results as CSV, tables and charts.
struct GASView {
    var digits: Int
    var grouping: GoalSummaryGrouping
    var suppression: SmallCellSuppression
    var charset: Charset

    func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "" }
    func num(_ v: Double?, _ decimals: Int = 1) -> String { v.map { NumberFormat.fixed($0, decimals: decimals) } ?? "" }

    // MARK: CSV

    static let reviewHeader = [
        "client_id", "episode_id", "clinician_id", "site", "scale", "review", "review_date",
        "goals_rated", "goals_not_rated", "goals_total", "goals_scored", "t_baseline", "t_attained", "t_change",
        "prop_at_or_above_expected", "prop_improved", "any_goal_at_minus2",
        "gbo_mean_baseline", "gbo_mean_score", "gbo_mean_change", "gbo_reliably_improved", "gbo_reliably_deteriorated", "status",
    ]

    func reviewCSV(_ reviews: [ClientReview], _ w: CSVWriter) throws {
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

    func goalCSV(_ reviews: [ClientReview], _ w: CSVWriter) throws {
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

    static let summaryHeader = [
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

    func summaryCSV(_ rows: [GoalSummaryRow], _ w: CSVWriter) throws {
        try w.row(Self.summaryHeader)
        for r in rows {
            var proportion = r
            if case .value(let p) = r.percentTAtLeast50 { proportion.percentTAtLeast50 = .value(p / 100) }
            try w.row([r.group == "all" ? "all" : grouping.rawValue] + summaryCells(proportion, decimals: digits, hidden: "") + [r.suppressed ? "true" : "false"])
        }
    }

    // MARK: Tables

    func reviewTables(_ reviews: [ClientReview]) -> String {
        var out = ""
        let gas = reviews.filter { $0.scale == .gas }
        if !gas.isEmpty {
            out += TableOutput.render(
                ["client", "episode", "review", "date", "rated", "goals", "T_baseline", "T", "change", "%>=expected", "%improved", "any_-2", "status"],
                priorities: GASTableView.reviews, rows: gas.map { r in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? "", date(r.day), "\(r.goalsRated)/\(r.goalsTotal)", String(r.goalsScored),
                     num(r.tBaseline), num(r.tAttained), num(r.tChange), num(r.percentAtOrAboveExpected, 0), num(r.percentImproved, 0),
                     r.anyGoalAtMinusTwo.map { $0 ? "yes" : "no" } ?? "", r.status]
                })
        }
        let gbo = reviews.filter { $0.scale == .gbo }
        if !gbo.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += "Goal-Based Outcomes\n"
            out += TableOutput.render(
                ["client", "episode", "review", "date", "goals", "mean_baseline", "mean_score", "mean_change", "reliably_improved", "reliably_worse", "status"],
                priorities: GASTableView.gbo, rows: gbo.map { r in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? "", date(r.day), String(r.goalsScored),
                     num(r.gboMeanBaseline), num(r.gboMeanScore), num(r.gboMeanChange),
                     r.gboReliablyImproved.map(String.init) ?? "", r.gboReliablyDeteriorated.map(String.init) ?? "", r.status]
                })
        }
        return out.isEmpty ? "(no goals)\n" : out
    }

    func goalTable(_ reviews: [ClientReview]) -> String {
        TableOutput.render(
            ["client", "episode", "review", "goal", "weight", "baseline", "value", "change", "reliable", "status"],
            priorities: GASTableView.goals, rows: reviews.flatMap { r in
                r.goals.map { g in
                    [r.episode.clientID, r.episode.episodeID, r.review.map(String.init) ?? date(r.day), g.goalID,
                     Canvas.format(g.weight), g.baseline.map(String.init) ?? "", String(g.value), g.change.map(String.init) ?? "",
                     g.reliableChange?.rawValue ?? "", g.status]
                }
            })
    }

    func summaryTable(_ rows: [GoalSummaryRow]) -> String {
        TableOutput.line("Practice summary: latest GAS review per client episode (counts below \(suppression.minimum) and statistics from fewer people suppressed)") +
        TableOutput.render(
            [grouping == .all ? "group" : grouping.rawValue, "clients", "with_change", "T_median", "T_q1", "T_q3", "T_mean", "T_sd",
             "change_median", "change_q1", "change_q3", "change_mean", "change_sd", "SRM", "%T>=50", "status"],
            priorities: GASTableView.summary(grouping.rawValue), rows: rows.map { summaryCells($0, decimals: 1, hidden: "suppressed") })
    }

    // MARK: Charts

    func clientChart(_ goals: [GoalRecord], _ reviews: [ClientReview]) -> String {
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

    func histogram(_ latest: [LatestGoalStatus], suppression: SmallCellSuppression) -> String {
        let t = latest.compactMap(\.tAttained)
        guard suppression.allows(t.count) else {
            return "Attained T at the latest review: suppressed (fewer than \(suppression.minimum) client episodes)\n"
        }
        return Histogram.render(t, binWidth: 5, barWidth: 40,
                                title: "Attained T at the latest review (\(t.count) client episodes; 50 = goals met as expected)",
                                charset: charset)
    }
}

/// Column priorities of the goal tables (``TableColumn/priority``; unlisted columns come last):
/// the client episode and review, the attained T (or mean score) and the status first.
enum GASTableView {
    static let reviews: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "T": 0, "status": 0, "rated": 1, "change": 1, "date": 2, "T_baseline": 3,
        "any_-2": 3, "goals": 4, "%>=expected": 5, "%improved": 5,
    ]
    static let gbo: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "mean_score": 0, "status": 0, "mean_change": 1, "date": 2,
        "reliably_improved": 3, "reliably_worse": 3, "mean_baseline": 4, "goals": 4,
    ]
    static let goals: [String: Int] = [
        "client": 0, "episode": 0, "review": 0, "goal": 0, "value": 0, "status": 0, "change": 1, "reliable": 1,
        "baseline": 3, "weight": 4,
    ]
    static func summary(_ group: String) -> [String: Int] {
        ["group": 0, group: 0, "clients": 0, "T_median": 0, "status": 0, "with_change": 1, "change_median": 1, "SRM": 2,
         "T_q1": 3, "T_q3": 3, "%T>=50": 3, "T_mean": 4, "T_sd": 4, "change_q1": 5, "change_q3": 5, "change_mean": 6, "change_sd": 6]
    }
}
