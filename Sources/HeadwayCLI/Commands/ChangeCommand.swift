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
        let set = try Loading.observations(file, input)
        var episodes = set.episodes
        if let m = onlyMeasure {
            guard let measure = catalog.measure(named: m) else {
                Terminal.error("headway: unknown measure '\(m)'")
                throw ExitCode.validationFailure
            }
            episodes = episodes.filter { $0.key.measure == measure.name }
        }
        episodes = dates.select(episodes)
        if episodes.isEmpty && !set.episodes.isEmpty {
            Terminal.noteEmpty([onlyMeasure.map { "--measure \($0)" }, dates.isSet ? dates.text : nil].compactMap { $0 }.joined(separator: " "))
        }
        episodes = try privacy.apply(episodes)
        let result = ChangeAnalysis.run(episodes: episodes, catalog: catalog, options: options)
        let format = output.resolvedFormat
        if format == .chart {
            Terminal.out(ChangeOutput.charts(result, catalog: catalog, width: chart.width, height: chart.height, charset: chart.charset.charset))
            return
        }
        let digits = output.digits   // resolved once
        if !paired, !summary, format != .table {
            // The per-episode CSV is written row by row: no table of 2 M × 26 strings in memory.
            let w = Output.stdoutCSV()
            try w.row(ChangeOutput.episodeHeader)
            for e in result.episodes { try w.row(ChangeOutput.episodeRow(e, parameters: result.parameters[e.key.measure], digits: digits)) }
            try w.flush()
            return
        }
        let (header, rows): ([String], [[String]])
        let hidden = format == .table ? "suppressed" : ""   // docs/output.md: empty in CSV, a word in tables
        if paired {
            let names = pair.split(separator: ",").map { String($0).trimmingCharacters() }
            let outcomes = PairedOutcome.pair(result, names[0], names[1])
            (header, rows) = summary ? ChangeOutput.pairedSummary(outcomes, minimum: minCell, digits: digits, hidden: hidden) : ChangeOutput.paired(outcomes)
        } else if summary {
            (header, rows) = ChangeOutput.summary(result, by: by, minimum: minCell, digits: digits, hidden: hidden)
        } else {
            (header, rows) = ChangeOutput.episodes(result, digits: digits)
        }
        if format == .table {
            let priorities = paired ? (summary ? ChangeTableView.pairedSummary : ChangeTableView.paired)
                : summary ? ChangeTableView.summary : ChangeTableView.episodes
            Terminal.out(TableOutput.render(header, rows: rows, priorities: priorities, charset: chart.charset.charset))
        } else {
            let w = Output.stdoutCSV()
            try w.row(header)
            for r in rows { try w.row(r) }
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

/// Column priorities of the change tables (``TableColumn/priority``; a column not listed comes last):
/// the episode and its category first, then the change, the scores, the reliable-change verdict and index,
/// then the rest.
enum ChangeTableView {
    static let episodes: [String: Int] = [
        "client_id": 0, "episode_id": 0, "measure": 0, "category": 0,
        "change": 1, "pre": 2, "post": 2, "reliable_change": 3, "rci_z": 4, "threshold_points": 4, "change_percent": 4, "status": 5,
        "clinician_id": 5, "n_scores": 5, "pre_date": 5, "post_date": 5, "cutoff": 6, "clinical_pre": 6, "functional_post": 6,
        "method": 7, "cutoff_kind": 7, "rci_critical_z": 7, "threshold_percent_improvement": 7, "threshold_percent_deterioration": 7, "rti": 8, "rti_change": 8, "pre_session": 8, "post_session": 8,
    ]
    static let summary: [String: Int] = [
        "group": 0, "measure": 0, "category": 0, "count": 0, "total": 0, "percent": 0, "proportion": 0,
        "ci_low": 1, "ci_high": 1, "suppressed": 2, "by": 3,
    ]
    static let paired: [String: Int] = [
        "client_id": 0, "episode_id": 0, "status": 0, "recovered": 1, "reliable_improvement": 1,
        "reliable_deterioration": 2, "reliable_recovery": 2, "case_start": 3, "measure_a": 4, "measure_b": 4,
    ]
    static let pairedSummary: [String: Int] = [
        "outcome": 0, "count": 0, "total": 0, "percent": 0, "proportion": 0, "ci_low": 1, "ci_high": 1, "suppressed": 2,
    ]
}

/// Rows for the change command's outputs.
enum ChangeOutput {
    static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return NumberFormat.fixed(v, decimals: digits)
    }

    static func bool(_ b: Bool?) -> String { b.map { $0 ? "true" : "false" } ?? "" }

    static func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "" }

    static func episodes(_ r: ChangeResult, digits: Int) -> ([String], [[String]]) {
        (episodeHeader, r.episodes.map { episodeRow($0, parameters: r.parameters[$0.key.measure], digits: digits) })
    }

    static let episodeHeader = ["client_id", "episode_id", "measure", "clinician_id", "site", "group", "n_scores",
                                "pre_session", "post_session", "pre_date", "post_date", "pre", "post", "change",
                                "method", "rci_z", "rci_critical_z", "threshold_points", "change_percent",
                                "threshold_percent_improvement", "threshold_percent_deterioration", "reliable_change", "rti", "rti_change",
                                "cutoff_kind", "cutoff", "clinical_pre", "functional_post", "category", "status"]

    /// One episode's row of the per-episode CSV.
    static func episodeRow(_ e: EpisodeChange, parameters: ChangeParameters?, digits: Int) -> [String] {
            [e.key.clientID, e.key.episodeID, e.key.measure, e.clinicianID ?? "", e.site ?? "", e.group ?? "", String(e.scoreCount),
             e.preSession.map(String.init) ?? "", e.postSession.map(String.init) ?? "", date(e.preDay), date(e.postDay),
             number(e.pre, digits), number(e.post, digits), number(e.change, digits),
             e.method?.rawValue ?? "", number(e.rciZ, digits), number(e.rciCriticalZ, digits), number(e.thresholdPoints(parameters), digits),
             number(e.changePercent, digits), number(e.thresholdPercentImprovement, digits),
             number(e.thresholdPercentDeterioration(parameters), digits), e.reliableDirection?.rawValue ?? "",
             number(e.rti, digits), e.rtiDirection?.rawValue ?? "",
             e.cutoffKind?.rawValue ?? "", number(e.cutoff, digits), bool(e.clinicalPre), bool(e.functionalPost),
             e.category?.rawValue ?? "", e.status.rawValue]
    }

    /// - Parameter hidden: the text of a suppressed cell: empty in CSV, "suppressed" in tables (docs/output.md).
    static func summary(_ r: ChangeResult, by: SummaryGrouping, minimum: Int, digits: Int, hidden: String = "") -> ([String], [[String]]) {
        let header = ["by", "group", "measure", "category", "count", "total", "proportion", "ci_low", "ci_high", "suppressed"]
        var rows = ChangeSummary.suppressed(r, by: by, minimum: minimum).map { s -> [String] in
            let hide = s.suppressed
            return [by.rawValue, s.group, s.measure, s.category.rawValue, hide ? hidden : String(s.count), s.totalSuppressed ? hidden : String(s.total),
                    hide ? hidden : CellText.number(s.proportion, digits), hide ? hidden : CellText.number(s.interval?.lower, digits),
                    hide ? hidden : CellText.number(s.interval?.upper, digits), hide ? "true" : "false"]
        }
        if by == .measure {
            for m in r.haGroupLevel.keys.sorted() {
                let g = r.haGroupLevel[m]!
                rows.append([by.rawValue, "", m, "ha_group_changed", "", "", CellText.number(g.changed, digits), "", "", "false"])
                if let f = g.functional { rows.append([by.rawValue, "", m, "ha_group_functional", "", "", CellText.number(f, digits), "", "", "false"]) }
            }
        }
        return (header, rows)
    }

    static func paired(_ outcomes: [PairedOutcome]) -> ([String], [[String]]) {
        let header = ["client_id", "episode_id", "measure_a", "measure_b", "case_start", "recovered",
                      "reliable_improvement", "reliable_deterioration", "reliable_recovery", "status"]
        return (header, outcomes.map {
            [$0.clientID, $0.episodeID, $0.measures.0, $0.measures.1, bool($0.caseAtStart), bool($0.recovered),
             bool($0.reliableImprovement), bool($0.reliableDeterioration), bool($0.reliableRecovery), $0.status.rawValue]
        })
    }

    /// ``PairedOutcomeSummary``: recovery among cases at the start, reliable change among all pairs.
    static func pairedSummary(_ outcomes: [PairedOutcome], minimum: Int, digits: Int, hidden: String = "") -> ([String], [[String]]) {
        let header = ["outcome", "count", "total", "proportion", "ci_low", "ci_high", "suppressed"]
        return (header, PairedOutcomeSummary.run(outcomes, minimum: minimum).map { o in
            let hide = o.suppressed
            return [o.outcome, hide ? hidden : String(o.count), o.totalSuppressed ? hidden : String(o.total),
                    hide ? hidden : CellText.number(o.proportion, digits),
                    hide ? hidden : CellText.number(o.interval?.lower, digits), hide ? hidden : CellText.number(o.interval?.upper, digits),
                    hide ? "true" : "false"]
        })
    }

    static func charts(_ r: ChangeResult, catalog: MeasureCatalog, width: Int, height: Int, charset: Charset) -> String {
        let categories = ChangeCategory.allCases
        var out = ""
        for name in r.parameters.keys.sorted() {
            let p = r.parameters[name]!
            let points = r.episodes.filter { $0.key.measure == name }.compactMap { e -> JacobsonPlot.Point? in
                guard let x = e.pre, let y = e.post, let c = e.category, let i = categories.firstIndex(of: c) else { return nil }
                return JacobsonPlot.Point(pre: x, post: y, category: i)
            }
            let measure = catalog.measure(named: name)
            let dir = p.reliable.direction == .lowerIsBetter ? "lower is better" : "higher is better"
            var title = "\(name) (\(dir)), \(p.reliable.method.displayName), n = \(points.count)"
            if let c = p.cutoff { title += ", cut-off \(c.kind.rawValue)" }
            let plot = JacobsonPlot(title: title, points: points, categories: categories.map(\.rawValue),
                                    bandHalfWidth: p.problem == nil ? p.reliable.thresholdPoints : nil, cutoff: p.cutoff?.value,
                                    scoreRange: measure.map { $0.minScore...$0.maxScore })
            if !out.isEmpty { out += "\n" }
            out += plot.render(width: width, height: height, charset: charset)
        }
        if out.isEmpty { Terminal.error("headway: note: no episode with a pre and a post score; no chart") }
        return out
    }
}
