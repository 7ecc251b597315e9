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
        let view = GASOutput(digits: output.digits, grouping: grouping, suppression: suppression, charset: charset.charset,
                             width: Terminal.tableWidth)

        switch format {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .chart:
            Terminal.out(summary ? view.histogram(latest, suppression: suppression) : view.clientChart(goals, reviews))
        case .table:
            if summary {
                Terminal.out(view.summaryTable(rows))
            } else if perGoal {
                Terminal.out(view.goalTable(reviews))
            } else {
                Terminal.out(view.reviewTables(reviews) + (client == nil ? "\n" + view.summaryTable(rows) : ""))
            }
        case .csv, .auto, .xlsx:   // xlsx: the CSV, collected by WorkbookOutput
            let w = Output.stdoutCSV()
            if summary {
                try view.writeSummaryCSV(rows, to: w)
            } else if perGoal {
                try view.writeGoalCSV(reviews, to: w)
            } else {
                try view.writeReviewCSV(reviews, to: w)
            }
            try w.flush()
        }
    }
}
