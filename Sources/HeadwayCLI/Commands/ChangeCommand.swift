import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

extension ChangeMethod: ExpressibleByArgument {}
extension SDSource: ExpressibleByArgument {}
extension SummaryGrouping: ExpressibleByArgument {}

enum ChangeMethodChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, jt, gln, hll, en, nk, ha, published, percentage
}

enum CutoffChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, a, b, c, published
}

struct ChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Reliable and clinically significant change, pre vs post, per client episode and measure.",
        discussion: """
        For each episode and measure, compares the pre score with the post score (default: first \
        and last) and classifies the change as recovered, improved, unchanged, deteriorated or harmed.

        METHODS (--method): jt Jacobson & Truax 1991; gln Gulliksen-Lord-Novick; hll Hsu-Linn-Lord; \
        en Edwards-Nunnally; nk Nunnally-Kotsch (--post-reliability); ha Hageman & Arrindell 1999 \
        (one-sided, reliability-corrected cut-off); published: the catalog's reliable-change points \
        (PHQ-9 6, GAD-7 4, OQ-45 14, ORS 5; a change of at least that many points). auto (default): \
        published when the measure has a published threshold (the NHS Talking Therapies convention), \
        otherwise jt. percentage: percent change from the pre score, 100*(post - pre)/pre; improved \
        when at least --pct-improvement percent in the better direction (default 50), deteriorated \
        when at least --pct-deterioration percent the other way (default: the same); pre scores of 0 \
        or below get status undefined_percentage.

        CUT-OFF (--cutoff): a = Mc -/+ 2Sc, b = Mf +/- 2Sf (Jacobson & Truax: functional SD), \
        c = (Sc*Mf + Sf*Mc)/(Sc + Sf), published = the catalog's. auto (default): published when \
        the catalog has one, else c. Clinical norms: --clinical-mean/--clinical-sd, else the pre \
        scores of the analysed sample (--sd sample, default) or the catalog (--sd norm). Functional \
        norms: --functional-mean/--functional-sd, else the catalog.

        OUTPUT: CSV, one row per episode and measure (status ok, insufficient_data, no_reliability, \
        zero_sd, missing_sd (--sd norm without a clinical SD), no_threshold, undefined_percentage, \
        or no_norms = reliable change without clinical significance). \
        --summary: counts and percentages with 95% Wilson intervals per category, --by measure, \
        clinician, site or group; counts below --min-cell (default 5, zero included) are hidden \
        with complementary counts so that no hidden count follows from totals (docs/output.md). --paired: NHS Talking Therapies paired outcomes (PHQ-9 with \
        GAD-7, or --pair A,B). --format chart: a Jacobson plot per measure.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var threadOptions: ThreadOptions

    @Option(help: "auto, jt, gln, hll, en, nk, ha, published or percentage.")
    var method: ChangeMethodChoice = .auto

    @Option(name: .customLong("pct-improvement"), help: "percentage: change in the better direction, in percent of the pre score, that counts as improved (default 50; greater than 0, at most 10000).")
    var pctImprovement: Double?

    @Option(name: .customLong("pct-deterioration"), help: "percentage: change in the worse direction, in percent, that counts as deteriorated (default: --pct-improvement).")
    var pctDeterioration: Double?

    @Option(name: .customLong("sd"), help: "SD for the standard error: sample (pre scores of the analysed episodes) or norm (catalog clinical SD).")
    var sdSource: SDSource = .sample

    @Option(help: "Reliability overriding the catalog, in (0, 1).")
    var reliability: Double?

    @Option(name: .customLong("post-reliability"), help: "Post reliability for nk, in (0, 1) (default: --reliability).")
    var postReliability: Double?

    @Option(help: "Type I error rate (two-sided; one-sided for ha), strictly between 0 and 1.")
    var alpha: Double = 0.05

    @Option(help: "Clinical cut-off: auto, a, b, c or published.")
    var cutoff: CutoffChoice = .auto

    @Option(name: .customLong("clinical-mean"), help: "Clinical-sample mean overriding the catalog (-1e9 to 1e9).") var clinicalMean: Double?
    @Option(name: .customLong("clinical-sd"), help: "Clinical-sample SD overriding the catalog (greater than 0, at most 1e9).") var clinicalSD: Double?
    @Option(name: .customLong("functional-mean"), help: "Functional-sample mean overriding the catalog (-1e9 to 1e9).") var functionalMean: Double?
    @Option(name: .customLong("functional-sd"), help: "Functional-sample SD overriding the catalog (greater than 0, at most 1e9).") var functionalSD: Double?

    @Option(help: "Pre score: first, last, session:N or date:YYYY-MM-DD.")
    var pre: String = "first"

    @Option(help: "Post score: first, last, session:N or date:YYYY-MM-DD.")
    var post: String = "last"

    @Option(name: .customLong("measure"), help: "Analyse only this measure.")
    var onlyMeasure: String?

    @Flag(help: "Counts and percentages per category with 95% Wilson intervals.")
    var summary = false

    @Option(help: "Summary groups: measure, clinician, site or group.")
    var by: SummaryGrouping = .measure

    @Option(name: .customLong("min-cell"), help: "With --summary: hide counts below this (zero included), with complementary counts (0: none, internal use only).")
    var minCell: Int = SmallCellSuppression.defaultMinimum

    @Flag(help: "NHS Talking Therapies paired outcomes per client episode.")
    var paired = false

    @Option(help: "The two measures for --paired (default PHQ-9,GAD-7).")
    var pair: String = "PHQ-9,GAD-7"

    @OptionGroup var dates: PeriodOptions
    @OptionGroup var privacy: PrivacyOptions

    @OptionGroup var chart: ChartOptions

    func validate() throws {
        if ScoreSelector(text: pre) == nil { throw ValidationError("--pre: expected first, last, session:N or date:YYYY-MM-DD") }
        if ScoreSelector(text: post) == nil { throw ValidationError("--post: expected first, last, session:N or date:YYYY-MM-DD") }
        if minCell < 0 { throw ValidationError("--min-cell must be at least 0") }
        if output.format == .chart && (summary || paired) {
            throw ValidationError("--format chart draws each measure's Jacobson plot: it has no \(summary ? "--summary" : "--paired") form (use --format table or csv)")
        }
        if pair.split(separator: ",").count != 2 { throw ValidationError("--pair: expected two measures, e.g. PHQ-9,GAD-7") }
        for (name, v) in [("--pct-improvement", pctImprovement), ("--pct-deterioration", pctDeterioration)] {
            if v != nil, method != .percentage { throw ValidationError("\(name) needs --method percentage") }
        }
        if let p = options.problem { throw ValidationError(p) }
    }

    var options: ChangeOptions {
        ChangeOptions(
            method: method == .auto ? nil : ChangeMethod(rawValue: method.rawValue),
            sdSource: sdSource, reliability: reliability, postReliability: postReliability, alpha: alpha,
            cutoff: cutoff == .auto ? nil : CutoffKind(rawValue: cutoff.rawValue),
            clinicalMean: clinicalMean, clinicalSD: clinicalSD, functionalMean: functionalMean, functionalSD: functionalSD,
            pre: ScoreSelector(text: pre)!, post: ScoreSelector(text: post)!,
            percentImprovement: pctImprovement ?? 50, percentDeterioration: pctDeterioration)
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        if output.format == .html { throw ValidationError(OutputOptions.htmlOnlyForReport) }
        let catalog = try Loading.catalog(input)
        let set = try Loading.observations(file, input, threads: threadOptions.count)
        if let m = onlyMeasure, catalog.measure(named: m) == nil {
            Terminal.error("headway: unknown measure '\(m)'")
            throw ExitCode.validationFailure
        }
        let selection = dates.selection(measure: onlyMeasure)
        var episodes = selection.apply(set.episodes, catalog: catalog)
        if let note = selection.emptyNote(input: set.episodes.count, selected: episodes.count) { Terminal.noteEmpty(note) }
        episodes = try privacy.apply(episodes)
        let threads = threadOptions.count
        let plan = ChangeAnalysis.plan(episodes: episodes, catalog: catalog, options: options, threads: threads)
        let format = output.resolvedFormat
        let digits = output.digits   // resolved once
        if !paired, !summary, format == .csv {
            // Each row made as it is written, numbers as digits in the writer's buffer: no table of
            // 2 M rows (or 2 M × 30 strings) in memory.
            let w = Output.stdoutCSV()
            try ChangeOutput.writeEpisodes(episodes, plan: plan, to: w, digits: digits, threads: threads)
            try w.flush()
            return
        }
        let result = ChangeAnalysis.run(episodes: episodes, plan: plan, threads: threads)
        if format == .chart {
            let charts = ChangeOutput.charts(result, catalog: catalog, width: chart.width, height: chart.height, charset: chart.charset.charset)
            if charts.isEmpty { Terminal.error("headway: note: no episode with a pre and a post score; no chart") }
            Terminal.out(charts)
            return
        }
        let hidden = format == .table ? "suppressed" : ""   // docs/output.md: empty in CSV, a word in tables
        let table: (header: [String], rows: [[String]])
        let priorities: [String: Int]
        if paired {
            let names = pair.split(separator: ",").map { String($0).trimmingCharacters() }
            let outcomes = PairedOutcome.pair(result, names[0], names[1])
            table = summary ? ChangeOutput.pairedSummary(outcomes, minimum: minCell, digits: digits, hidden: hidden) : ChangeOutput.paired(outcomes)
            priorities = summary ? ChangeOutput.pairedSummaryPriorities : ChangeOutput.pairedPriorities
        } else if summary {
            table = ChangeOutput.summary(result, by: by, minimum: minCell, digits: digits, hidden: hidden)
            priorities = ChangeOutput.summaryPriorities
        } else {
            table = ChangeOutput.episodes(result, digits: digits)
            priorities = ChangeOutput.episodePriorities
        }
        if format == .table {
            Terminal.out(TableOutput.render(table.header, rows: table.rows, priorities: priorities, charset: chart.charset.charset))
        } else {
            let w = Output.stdoutCSV()
            try w.row(table.header)
            for r in table.rows { try w.row(r) }
            try w.flush()
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
