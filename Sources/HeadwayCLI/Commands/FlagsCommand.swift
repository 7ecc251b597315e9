// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

extension SigmaKind: ExpressibleByArgument {}
extension FlagRule: ExpressibleByArgument {}
extension DeteriorationScope: ExpressibleByArgument {}

struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "Flag open episodes whose treatment plan needs review: red, yellow, green, white or grey.",
        discussion: """
        One row per open client episode (--per-measure: per episode and measure): status, the rule \
        that fired, the numbers behind it and a one-line reason. The most urgent current status of \
        the episode's measures wins and the reason names the measure(s). Levels (first matching \
        wins): red = act now (the current score, the mean of the last two scores after the intake, \
        reliably worse than intake; latest score above the expected recovery curve + z(0.90)·σ); \
        yellow = review the plan (above expected + z(0.78)·σ; no reliable improvement by session 8, with a curve only while also beyond that limit; \
        worsening trend; latest GAS T < 40 or a goal at -2 with --goals); white = recovered (past \
        the cut-off with reliable improvement: consider ending or stepping down); green = on track; \
        grey = not enough data. A deterioration that has resolved is reported \
        (past_deterioration), not red. No score for more than 28 days sets measurement_due (days \
        overdue), its own column and count, not a colour.

        --acknowledged FILE (client_id, episode_id, measure or all, date, by, note): a red or \
        yellow flag with no score after its acknowledgement date is shown as acknowledged and does \
        not raise the exit status.

        The expected curve score_t = b0 + b1·intake + (b2 + b3·intake)·ln t is fitted per measure on \
        the practice's completed episodes (no score within --open-within days of --as-of, or status \
        closed; at least 3 scores). With fewer than --min-episodes completed episodes the published \
        reliable-change threshold is used instead (curve_source published_threshold). --fit-only \
        prints the curves; --curves FILE reuses them.

        An episode is open when its status column says so, or when its last score lies within \
        --open-within days of --as-of (default: the newest date in the data). --all-episodes judges \
        every episode at its last score; --at-session K every episode that reached session K, on its \
        scores up to K; --at-score K every episode with K or more scores, on its first K.

        Exit status 3 when any episode is red and not acknowledged (for scheduled jobs), else 0. \
        See docs/flags.md.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge as of this date (YYYY-MM-DD or 'today'); later scores are ignored. Default: the newest date in the data.", valueName: "date"))
    var asOf: String?

    @Option(name: .customLong("open-within"), help: ArgumentHelp("An episode is open when its last score is at most this many days before --as-of (0 to 36500).", valueName: "days"))
    var openWithin: Int = 90

    @Flag(name: .customLong("all-episodes"), help: "Judge every episode at its last score (open or not; no overdue rule).")
    var allEpisodes = false

    @Option(name: .customLong("at-session"), help: ArgumentHelp("Judge every episode that reached session K on its scores up to K (1 to 1000000).", valueName: "k"))
    var atSession: Int?

    @Option(name: .customLong("at-score"), help: ArgumentHelp("Judge every episode with at least K scores on its first K scores (1 to 1000000).", valueName: "k"))
    var atScore: Int?

    @Flag(name: .customLong("fit-only"), help: "Print the fitted expected-recovery curves (CSV) and stop.")
    var fitOnly = false

    @Option(name: .customLong("curves"), help: ArgumentHelp("Reuse curves saved from --fit-only instead of fitting.", valueName: "file"))
    var curvesFile: String?

    @Option(name: .customLong("sigma"), help: "Residual SD of the curve: pooled or per-session.")
    var sigma: SigmaKind = .pooled

    @Option(name: .customLong("min-per-session"), help: "Residuals a session needs for its own σ (else pooled; 2 to 1000000).")
    var minPerSession: Int = 20

    @Option(name: .customLong("min-episodes"), help: "Completed episodes a measure needs for a fitted curve (1 to 1000000).")
    var minEpisodes: Int = 50

    @Option(name: .customLong("red-percentile"), help: "Percentile of the red limit above the expected score, in (0.5, 1).")
    var redPercentile: Double = FlagOptions().redPercentile

    @Option(name: .customLong("yellow-percentile"), help: "Percentile of the yellow limit above the expected score, in (0.5, 1) and below the red one.")
    var yellowPercentile: Double = FlagOptions().yellowPercentile

    @Option(name: .customLong("improvement-by"), help: ArgumentHelp("Session from which a missing reliable improvement is yellow (2 to 1000000).", valueName: "k"))
    var improvementBy: Int = 8

    @Flag(name: .customLong("no-improvement-when-functional"), help: "Flag a missing reliable improvement even when the latest score is past the cut-off.")
    var noImprovementWhenFunctional = false

    @Option(name: .customLong("no-improvement-z"), help: ArgumentHelp("With a curve, no reliable improvement is yellow only when the latest score's residual z exceeds this (default: the yellow limit's z; 0 = at or behind expected; -100 to 100).", valueName: "z"))
    var noImprovementZ: Double?

    @Option(name: .customLong("overdue-days"), help: ArgumentHelp("measurement_due (not a colour) when an open episode has no score for more than this many days (1 to 36500).", valueName: "days"))
    var overdueDays: Int = 28

    @Option(name: .customLong("goal-review-days"), help: ArgumentHelp("With --goals: goal_review_due (not a colour) when the latest GAS review is more than this many days old (1 to 36500).", valueName: "days"))
    var goalReviewDays: Int = 56

    @Option(name: .customLong("trend-alpha"), help: "Significance level of the worsening-trend rule, in (0, 1).")
    var trendAlpha: Double = 0.05

    @Flag(name: .customLong("trend-both"), help: "Worsening trend needs both the OLS CI and Mann-Kendall (default: either).")
    var trendBoth = false

    @Option(name: .customLong("deterioration"), help: "Reliable deterioration of the current score (default: mean of the last --current-scores scores), the latest score, or any session.")
    var deterioration: DeteriorationScope = .current

    @Option(name: .customLong("current-scores"), help: ArgumentHelp("How many of the latest scores after intake form the current score (1 to 1000).", valueName: "k"))
    var currentScores: Int = 2

    @Flag(name: .customLong("per-measure"), help: "One row per episode and measure (default: one row per client episode).")
    var perMeasure = false

    @Option(name: .customLong("acknowledged"), help: ArgumentHelp("Acknowledgements CSV (client_id, episode_id, measure or all, date, by, note).", valueName: "file"))
    var acknowledgedFile: String?

    @Option(name: .customLong("goals"), help: ArgumentHelp("Goals CSV (as for headway gas): yellow when the latest GAS T is low or a goal is at -2.", valueName: "file"))
    var goalsFile: String?

    @Option(name: .customLong("plans"), help: ArgumentHelp("Plans CSV (docs/plans.md): a plan past its next review (plan_review_due, days) and a goal past its target date (goal_target_due) are reminders with their own columns and counts, not colours.", valueName: "file"))
    var plansFile: String?

    @Option(name: .customLong("gas-below"), help: "Attained GAS T below this is yellow (0 to 200).")
    var gasBelow: Double = 40

    @Option(name: .customLong("method"), help: "Reliable-change method (default: published threshold when the catalog has one, else jt).")
    var method: ChangeMethod?

    @Option(name: .customLong("skip"), help: ArgumentHelp("Switch a rule off (repeatable): \(FlagRule.switchable.map(\.rawValue).joined(separator: ", ")).", valueName: "rule"))
    var skip: [FlagRule] = []

    @Option(name: .customLong("client"), help: "Only this client.")
    var client: String?

    @Option(name: .customLong("measure"), help: "Only this measure.")
    var measure: String?

    @Option(name: .customLong("clinician"), help: "Only this clinician's episodes.")
    var clinician: String?

    @OptionGroup var chart: ChartOptions

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var dates: PeriodOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var threadOptions: ThreadOptions

    var asOfDay: Int? { asOf.flatMap(AsOfDate.parse) }

    var options: FlagOptions {
        var o = FlagOptions(asOf: asOfDay, openWithinDays: openWithin,
                            redPercentile: redPercentile, yellowPercentile: yellowPercentile, minEpisodes: minEpisodes,
                            sigma: sigma, minResidualsPerSession: minPerSession, improvementBySession: improvementBy,
                            noImprovementWhenFunctional: noImprovementWhenFunctional, noImprovementBelowZ: noImprovementZ,
                            overdueDays: overdueDays, goalReviewDays: goalReviewDays, trendAlpha: trendAlpha, trendRequiresBoth: trendBoth,
                            gasTBelow: gasBelow, deterioration: deterioration, currentScores: currentScores,
                            change: ChangeOptions(method: method), disabledRules: Set(skip))
        if allEpisodes { o.scope = .allEpisodes }
        if let atSession { o.scope = .atSession(atSession) }
        if let atScore { o.scope = .atScore(atScore) }
        return o
    }

    func validate() throws {
        if asOf != nil && asOfDay == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD or 'today'") }
        if [allEpisodes, atSession != nil, atScore != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--all-episodes, --at-session and --at-score are mutually exclusive")
        }
        if fitOnly && (output.format == .chart || output.format == .table) {
            throw ValidationError("--fit-only writes the curves as CSV: drop --format \(output.format.rawValue)")
        }
        if fitOnly && curvesFile != nil { throw ValidationError("--fit-only fits curves; --curves reuses them: choose one") }
        if output.format == .chart && client == nil { throw ValidationError("--format chart needs --client ID") }
        if let p = options.problem { throw ValidationError(p) }
        for r in skip where !FlagRule.switchable.contains(r) { throw ValidationError("--skip \(r.rawValue): not a rule that can be switched off") }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let catalog = try Loading.catalog(input)
        let set = try Loading.observations(file, input, threads: threadOptions.count)
        _ = try privacy.pseudonymizer()   // a bad salt fails before any work
        var loaded: [String: RecoveryCurve]? = nil
        if let curvesFile {
            do { loaded = try RecoveryCurveFile.load(path: curvesFile, format: input.format, catalog: catalog) } catch let e as CSVError {
                Terminal.error("headway: \(e)")
                throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
            }
        }
        var goals: [LatestGoalStatus] = []
        var goalRecords: [GoalRecord] = []
        if let goalsFile {
            let g = try GoalsLoading.goals(goalsFile, input)
            goalRecords = g.goals
            do { goals = GoalAnalysis.latestGAS(try GoalAnalysis.run(g.goals)) } catch {
                Terminal.error("headway: \(goalsFile): \(error)")
                throw HeadwayExit.invalidData
            }
        }
        var engine = FlagEngine.prepare(episodes: set.episodes, catalog: catalog, options: options, curves: loaded, goals: goals,
                                        threads: threadOptions.count)
        if let plansFile { engine.planRules = PlanFlagRules(plans: try PlansLoading.plans(plansFile, input).histories, goals: goalRecords) }
        if fitOnly {
            let w = Output.stdoutCSV()
            try RecoveryCurveFile.write(Array(engine.curves.values), to: w, digits: output.digits)
            try w.flush()
            for (m, p) in engine.curveProblems.sorted(by: { $0.key < $1.key }) {
                Terminal.error("headway: no curve for \(m): \(p)")
            }
            return
        }
        for (m, p) in engine.curveProblems.sorted(by: { $0.key < $1.key }) {
            Terminal.error("headway: \(m): no expected curve (\(p)); using the published reliable-change threshold instead")
        }
        let selection = dates.selection(client: client, clinician: clinician, measure: measure)
        let episodes = selection.apply(set.episodes, catalog: catalog)
        if let note = selection.emptyNote(input: set.episodes.count, selected: episodes.count) { Terminal.noteEmpty(note) }
        var results = engine.run(episodes, threads: threadOptions.count)
        if let acknowledgedFile {
            let acks: [FlagAcknowledgement]
            do { acks = try FlagAcknowledgementFile.load(path: acknowledgedFile, catalog: catalog) } catch let e as CSVError {
                Terminal.error("headway: \(e)")
                throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
            }
            FlagAcknowledgement.apply(acks, to: &results, asOf: engine.asOf)
        }
        // Pseudonyms are applied to the output only: goals and acknowledgements are matched on the real ids first.
        if var p = try privacy.pseudonymizer() {
            for i in results.indices { results[i].key.clientID = p(results[i].key.clientID) }
        }
        let clients = ClientFlag.group(results)
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .chart:
            guard !results.isEmpty else {
                if !episodes.isEmpty { Terminal.error("headway: note: no open episodes for client \(client ?? "")\(measure.map { " and measure \($0)" } ?? "") (use --all-episodes for closed ones); no chart") }
                return
            }
            let charts = results.map { FlagsOutput.chart($0, engine: engine, width: chart.width, height: chart.height, charset: chart.charset.charset) }
            Terminal.out(charts.joined(separator: "\n"))
        case .table:
            let table = perMeasure
                ? FlagsOutput.table(results, charset: chart.charset.charset, range: { catalog.measure(named: $0).map { ($0.minScore, $0.maxScore) } },
                                    width: Terminal.tableWidth, hiddenHint: TableOutput.hint)
                : FlagsOutput.table(clients: clients, width: Terminal.tableWidth, hiddenHint: TableOutput.hint)
            Terminal.out(output.useColor ? FlagsOutput.colourStatuses(table) : table)
        case .csv, .auto, .xlsx:   // xlsx: the CSV, collected by WorkbookOutput
            let w = Output.stdoutCSV()
            if perMeasure {
                try FlagsOutput.write(results, columns: FlagsOutput.measureColumns, to: w, digits: output.digits)
            } else {
                try FlagsOutput.write(clients, columns: FlagsOutput.clientColumns, to: w, digits: output.digits)
            }
            try w.flush()
        }
        if ClientFlag.anyUnacknowledgedRed(results) { throw HeadwayExit.redFlags }
    }
}
