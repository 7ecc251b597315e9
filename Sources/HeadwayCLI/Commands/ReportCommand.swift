#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

enum ReportGroupingArgument: String, ExpressibleByArgument, CaseIterable {
    case clinician, site, measure, group, month, quarter, year
}

enum ReportAudienceArgument: String, ExpressibleByArgument, CaseIterable {
    case `public`, `internal`
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Practice-wide outcome report: activity, outcomes per measure, NHS Talking Therapies metrics, goals; safe to share.",
        discussion: """
        Streams the observations file (memory grows with episodes, not rows; large files are \
        read on two threads). Every row is validated as in the other commands.

        CONTENT, for the practice and per group (--by clinician|site|measure|group|month|quarter|year, \
        periods by the date of the episode's last score): activity (clients, episodes, scores, \
        paired data rate, median sessions per episode, median days between scores, open \
        episodes); outcomes per measure (pre/post/change mean and SD, pre-post effect size d \
        with 95% CI, SRM, recovered/improved/unchanged/deteriorated/harmed with Wilson \
        intervals, mean slope per week); NHS Talking Therapies paired outcomes (--pair, \
        default PHQ-9,GAD-7); goals (--goals FILE: median GAS T, % T >= 50, GBO mean change).

        SHARING: client ids never appear. Counts below --min-cell (default 5), and rates or \
        statistics from fewer people, are suppressed, with complementary suppression so that \
        a hidden count cannot be recovered from totals (see docs/report.md).

        OUTPUT: long CSV (section, group_by, group, measure, metric, value, count, n, ci_low, \
        ci_high, suppressed, expected, p_value, comparison); --format table; --format chart. \
        --benchmark FILE (columns metric, expected, optional measure and section) marks rates \
        significantly above or below the expected rate (two-sided exact binomial test). \
        --output DIR writes one CSV per section plus charts.txt as a set: into a fresh folder \
        that takes the place of DIR only when every file is written, so no file of an earlier \
        run survives and a failed run leaves DIR as it was; DIR must be new, empty, or hold \
        only files a report writes. \
        --format html --output FILE writes one self-contained HTML page for a board (inline \
        CSS and SVG, no script, no external URL): summary tiles, monthly p-chart and XmR \
        chart, funnel plots by clinician and site, outcomes, glossary; prints to A4.

        PERIOD: --from/--to YYYY-MM-DD keep episodes whose LAST score falls in the period \
        (inclusive). AUDIENCE: --audience public (default: suppression as above) or internal \
        (no small-cell suppression, still no client ids, every page marked "internal - not \
        for publication").
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("by"), help: "Group by clinician, site, measure, group, month, quarter or year.")
    var by: ReportGroupingArgument?

    @Option(name: .customLong("min-cell"), help: "Suppress counts below this and statistics from fewer people (1 to 1000000).")
    var minCell: Int = SmallCellSuppression.defaultMinimum

    @Option(name: .customLong("pair"), help: "The two measures of the NHS Talking Therapies outcomes (default PHQ-9,GAD-7).")
    var pair: String = "PHQ-9,GAD-7"

    @Option(name: .customLong("goals"), help: ArgumentHelp("A goals CSV (as for `headway gas`) for the goals section.", valueName: "file"))
    var goals: String?

    @Option(name: .customLong("benchmark"), help: ArgumentHelp("CSV of expected rates: metric, expected (0-1 or percent), optional measure, section.", valueName: "file"))
    var benchmark: String?

    @Option(name: .customLong("open-within"), help: "Without a status column: an episode is open if its last score is at most this many days before the newest date (0 to 36500).")
    var openWithin: Int = 90

    @Flag(name: .customLong("flags"), help: "Add flag counts (red/yellow/green/white/grey) among open episodes, as `headway flags` with its defaults. Loads every score (slower, more memory).")
    var flags = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp("With --flags: judge the flags as of this date (YYYY-MM-DD or 'today'; later scores are ignored). Default: the newest date in the data.", valueName: "date"))
    var asOf: String?

    /// `--output` (in ``OutputOptions``): a directory of section files, or with --format html the HTML file.
    var outputDirectory: String? { output.path }

    @Option(name: .customLong("from"), help: ArgumentHelp("Report episodes whose last score is on or after this date.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("Report episodes whose last score is on or before this date.", valueName: "YYYY-MM-DD"))
    var to: String?

    @Option(name: .customLong("audience"), help: "public (small counts suppressed) or internal (no suppression, marked not for publication).")
    var audience: ReportAudienceArgument = .public

    @Option(name: .customLong("title"), help: "Name of the service in the HTML report's header (default: the file name).")
    var title: String?

    @Option(name: .customLong("width"), help: "Chart width in columns (40 to 1000).")
    var width: Int = 80

    @Option(name: .customLong("charset"), help: "Chart characters: unicode or ascii.")
    var charset: ChartCharset = .unicode

    @OptionGroup var threadOptions: ThreadOptions

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(1...1_000_000).contains(minCell) { throw ValidationError("--min-cell must be between 1 and 1000000") }
        if pair.split(separator: ",").count != 2 { throw ValidationError("--pair: expected two measures, e.g. PHQ-9,GAD-7") }
        if !(40...1000).contains(width) { throw ValidationError("--width must be between 40 and 1000") }
        if !(0...36_500).contains(openWithin) { throw ValidationError("--open-within must be between 0 and 36500 days") }
        if let from, ReportPeriod.parseDate(from) == nil { throw ValidationError("--from: expected a date YYYY-MM-DD, got '\(from)'") }
        if let to, ReportPeriod.parseDate(to) == nil { throw ValidationError("--to: expected a date YYYY-MM-DD, got '\(to)'") }
        if let f = from.flatMap(ReportPeriod.parseDate), let t = to.flatMap(ReportPeriod.parseDate), f > t { throw ValidationError("--from is after --to") }
        if let asOf {
            if !flags { throw ValidationError("--as-of applies to the flags section: add --flags") }
            if AsOfDate.parse(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD or 'today'") }
        }
    }

    func run() throws {
        let catalog = try Loading.catalog(input)
        var options = ReportOptions()
        options.by = by.flatMap { ReportGrouping(rawValue: $0.rawValue) }
        options.minCell = minCell
        let names = pair.split(separator: ",").map { String($0).trimmingCharacters() }
        options.pair = (names[0], names[1])
        options.openWithinDays = openWithin
        options.parts = min(2, threadOptions.count)   // the reader splits a large file in two parts
        options.from = from.flatMap(ReportPeriod.parseDate)
        options.to = to.flatMap(ReportPeriod.parseDate)
        if audience == .internal { options.minCell = 0 }
        options.settings = input.loadSettings
        if let benchmark {
            do { options.benchmark = try ReportBenchmarkFile.load(path: benchmark, format: input.format) } catch {
                Terminal.error("headway: \(error)")
                throw HeadwayExit.invalidData
            }
        }
        var reviews: [ClientReview]? = nil
        if let goals {
            let set = try GoalsLoading.goals(goals, input)
            do { reviews = try GoalAnalysis.run(set.goals) } catch {
                Terminal.error("headway: \(error)")
                throw HeadwayExit.invalidData
            }
        }
        var flagResults: [FlagResult]? = nil
        if flags {
            if file == "-" { throw ValidationError("--flags needs a file, not standard input (the file is read twice)") }
            let set = try Loading.observations(file, input, threads: threadOptions.count)
            let latest = reviews.map { GoalAnalysis.latestGAS($0) } ?? []
            let engine = FlagEngine.prepare(episodes: set.episodes, catalog: catalog, options: FlagOptions(asOf: asOf.flatMap(AsOfDate.parse), openWithinDays: openWithin), goals: latest,
                                            threads: threadOptions.count)
            flagResults = engine.run(set.episodes)
        }
        if output.format == .html {
            let dashboard: ReportDashboard
            do {
                dashboard = try ReportDashboard.run(path: file, catalog: catalog, mode: input.mode, options: options,
                                                    audience: audience == .internal ? .internal : .public, goals: reviews, flags: flagResults)
            } catch let e as CSVError {
                Terminal.error("headway: \(e)")
                throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
            }
            let report = dashboard.practice
            Loading.wideNotice(report.wide, file: report.file)
            try Loading.reportRejections(report.rejections, header: report.header, counts: report.counts, file: report.file, input: input)
            let name = title ?? (file == "-" ? "standard input" : (file.split(separator: "/").last.map(String.init) ?? file))
            let html = ReportHTML.render(dashboard, title: name)
            if let path = outputDirectory { try Output.atomically(path: path, text: html) } else { Terminal.out(html) }
            return
        }
        let report: PracticeReport
        do {
            report = try ReportAnalysis.run(path: file, catalog: catalog, mode: input.mode, options: options, goals: reviews, flags: flagResults)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        Loading.wideNotice(report.wide, file: report.file)
        try Loading.reportRejections(report.rejections, header: report.header, counts: report.counts, file: report.file, input: input)
        if report.outOfOrderIntervals > 0 {
            Terminal.error("headway: note: \(report.outOfOrderIntervals) scores are dated earlier than the previous row of their episode; intervals between scores assume rows in date order within an episode")
        }
        let cs = charset.charset
        if let dir = outputDirectory {
            let files = Set(ReportOutput.sections.map { $0 + ".csv" } + ["charts.txt"])
            try Output.replacingDirectory(dir, ours: files) { tmp in
                for section in ReportOutput.sections {
                    let rows = report.rows.filter { $0.section == section }
                    guard !rows.isEmpty else { continue }
                    try Output.atomically(path: tmp + "/" + section + ".csv") { w in try ReportOutput.writeCSV(rows, to: w, digits: output.digits) }
                }
                try Output.atomically(path: tmp + "/charts.txt", text: ReportOutput.charts(report, width: width, charset: cs))
            }
            return
        }
        switch output.resolvedFormat {
        case .chart: Terminal.out(ReportOutput.charts(report, width: width, charset: cs))
        case .table: Terminal.out(ReportOutput.tables(report, from: options.from, to: options.to, width: Terminal.tableWidth))
        case .html: break   // handled above
        case .csv, .auto, .xlsx: try ReportOutput.writeCSV(report.rows, to: Output.stdoutCSV(), digits: output.digits)
        }
    }
}
