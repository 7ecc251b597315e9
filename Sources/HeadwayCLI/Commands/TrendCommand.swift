// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

extension TimeAxis: ExpressibleByArgument {}
extension Improvement: ExpressibleByArgument {}
extension OutcomeScale: ExpressibleByArgument {}
extension PairWeighting: ExpressibleByArgument {}
extension MannKendallMethod: ExpressibleByArgument {}

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Trends over sessions and single-case effect sizes, per episode and measure.",
        discussion: """
        One row per client episode and measure: OLS slope (SE, 95% CI, p, intercept, R²), Theil–Sen \
        slope (CI), Mann–Kendall test (S, Var S, z, p), Kendall's tau-b, an interpretation \
        (improving / worsening / no_clear_trend: the OLS CI excludes 0, Mann–Kendall p < .05 and both \
        agree, read against the measure's direction) and the slope in reliable-change units, then the \
        lag-1 autocorrelation and the autocorrelation-aware Mann–Kendall tests (Hamed–Rao, Yue–Wang, \
        trend-free pre-whitening); --mk-method chooses the test behind the interpretation. Time is \
        weeks since the episode's first score when every score has a date, else the session number \
        (--time). Episodes with fewer than 3 scores get a status, not numbers.

        When the data has a phase column (A/B), single-case effect sizes follow: NAP (SE, CI), Tau, \
        Tau-U, baseline-corrected Tau, PND, PEM, PAND, IRD, Hedges' g (baseline and pooled SD), log \
        response ratio, percent of goal obtained (--goal) and a piecewise regression. See docs/trend.md.

        Several A/B phase pairs in one series (ABAB…): the k-th A phase is paired with the k-th B phase, \
        effect sizes are computed per pair and averaged (--pair-weighting). LRRi/LRRd truncate zero means by \
        the outcome scale (--lrr-scale, default count). --single-case-long writes one row per series, pair and \
        effect size (estimate, SE, CI, n); --single-case-summary the inverse-variance mean of each effect size \
        over the series of each measure.

        --format chart with --client draws each matching episode: scores, fitted line, clinical cut-off, \
        reliable-change band around the first score and the A/B boundary.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("time"), help: "Time axis: weeks or session (default: weeks when every score of an episode has a date).")
    var time: TimeAxis?

    @Flag(name: .customLong("robust"), help: "Also fit a robust (bisquare) line; the chart then draws it.")
    var robust = false

    @Option(name: .customLong("improvement"), help: "Direction of improvement for single-case indices only: increase or decrease (default: from the catalog). The trend interpretation always follows the catalog's direction.")
    var improvement: Improvement?

    @Option(name: .customLong("goal"), help: "Goal level for the percent of goal obtained (single-case data; -1e9 to 1e9).")
    var goal: Double?

    @Option(name: .customLong("lrr-scale"), help: "Outcome scale for the LRR truncation: count (default), rate, proportion, percentage or other.")
    var lrrScale: OutcomeScale = .count

    @Option(name: .customLong("lrr-intervals"), help: "Intervals (or items) per session, for --lrr-scale proportion or percentage (greater than 0, at most 1e9).")
    var lrrIntervals: Double?

    @Option(name: .customLong("observation-length"), help: "Session length in minutes, for --lrr-scale rate (greater than 0, at most 1e9).")
    var observationLength: Double?

    @Option(name: .customLong("lrr-d"), help: "Explicit LRR truncation constant D (overrides --lrr-scale; greater than 0, at most 1e9).")
    var lrrD: Double?

    @Option(name: .customLong("pair-weighting"), help: "Averaging across phase pairs: equal (default) or inverse-variance.")
    var pairWeighting: PairWeighting = .equal

    @Flag(name: .customLong("single-case-long"), help: "CSV with one row per series, phase pair and single-case effect size.")
    var singleCaseLong = false

    @Flag(name: .customLong("single-case-summary"), help: "CSV with the inverse-variance mean of each single-case effect size per measure.")
    var singleCaseSummary = false

    @Option(name: .customLong("client"), help: "Only this client.")
    var client: String?

    @Option(name: .customLong("measure"), help: "Only this measure.")
    var measure: String?

    @Option(name: .customLong("level"), help: "Confidence level of the slope and single-case intervals (between 0.5 and 1).")
    var level: Double = 0.95

    @Option(name: .customLong("alpha"), help: "Significance level of the Mann–Kendall test in the improving/worsening rule (between 0 and 0.5).")
    var alpha: Double = 0.05

    @Option(name: .customLong("mk-method"), help: ArgumentHelp("Mann–Kendall test behind the interpretation: original (default), hamed-rao, yue-wang or tfpw. See docs/trend.md.", valueName: "method"))
    var mkMethod: MannKendallMethod = .original

    @OptionGroup var chart: ChartOptions

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var dates: PeriodOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var threadOptions: ThreadOptions

    func validate() throws {
        if output.format == .chart && client == nil { throw ValidationError("--format chart needs --client ID") }
        if let goal, !(goal.isFinite && abs(goal) <= MeasureCatalog.numberLimit) { throw ValidationError("--goal must be a number from -1e9 to 1e9") }
        if !(level > 0.5 && level < 1) { throw ValidationError("--level must be between 0.5 and 1 (e.g. 0.95)") }
        if !(alpha > 0 && alpha < 0.5) { throw ValidationError("--alpha must be between 0 and 0.5 (e.g. 0.05)") }
        for (name, v) in [("--lrr-intervals", lrrIntervals), ("--observation-length", observationLength), ("--lrr-d", lrrD)] {
            if let v, !(v > 0 && v <= MeasureCatalog.numberLimit) { throw ValidationError("\(name) must be a positive number, at most 1e9") }
        }
        if lrrScale == .rate && observationLength == nil && lrrD == nil {
            throw ValidationError("--lrr-scale rate needs --observation-length MINUTES (or --lrr-d)")
        }
        if (lrrScale == .percentage || lrrScale == .proportion) && lrrIntervals == nil && lrrD == nil {
            throw ValidationError("--lrr-scale \(lrrScale.rawValue) needs --lrr-intervals K (or --lrr-d)")
        }
        if singleCaseLong && singleCaseSummary { throw ValidationError("choose one of --single-case-long and --single-case-summary") }
        if (singleCaseLong || singleCaseSummary) && (output.format == .chart || output.format == .table) {
            throw ValidationError("--single-case-long and --single-case-summary write CSV: drop --format \(output.format.rawValue)")
        }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let catalog = try Loading.catalog(input)
        let set = try Loading.observations(file, input, threads: threadOptions.count)
        let selection = dates.selection(client: client, measure: measure)
        var episodes = selection.apply(set.episodes, catalog: catalog)
        if let note = selection.emptyNote(input: set.episodes.count, selected: episodes.count) { Terminal.noteEmpty(note) }
        episodes = try privacy.apply(episodes)
        // Options resolved once into plain values: nothing below reads an ArgumentParser property.
        var options = TrendOptions(time: time, robust: robust, level: level, alpha: alpha, improvement: improvement, goal: goal,
                                   mkMethod: mkMethod)
        options.singleCase = SingleCaseOptions(
            lrr: LRRSettings(scale: lrrScale, observationLength: observationLength, intervals: lrrIntervals, dConstant: lrrD),
            weighting: pairWeighting)
        let threads = threadOptions.count, digits = output.digits, format = output.resolvedFormat
        if !(singleCaseLong || singleCaseSummary), format == .csv || format == .auto {
            // xlsx too: the CSV, collected by WorkbookOutput.
            try TrendOutput.writeCSV(episodes: episodes, catalog: catalog, options: options, threads: threads, digits: digits, to: Output.stdoutCSV())
            return
        }
        let trends = TrendAnalysis.run(episodes: episodes, catalog: catalog, options: options, threads: threads)
        if singleCaseLong { return try TrendOutput.writeSingleCaseLong(trends, digits: digits, to: Output.stdoutCSV()) }
        if singleCaseSummary { return try TrendOutput.writeSingleCaseSummary(trends, level: level, digits: digits, to: Output.stdoutCSV()) }
        let charset = chart.charset.charset
        switch format {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .chart:
            guard !trends.isEmpty else { return }   // noted above
            Terminal.out(TrendOutput.charts(trends, catalog: catalog, robust: robust, width: chart.width, height: chart.height, charset: charset))
        case .table:
            Terminal.out(TrendOutput.table(trends, catalog: catalog, width: Terminal.tableWidth, charset: charset))
        case .csv, .auto, .xlsx:
            break   // written above
        }
    }
}
