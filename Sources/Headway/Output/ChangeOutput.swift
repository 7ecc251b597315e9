// SPDX-License-Identifier: GPL-3.0-or-later
// What `headway change` prints: the per-episode columns, the summaries, the paired outcomes, the
// terminal tables' column priorities and the Jacobson plots (docs/change.md, docs/output.md).
import HeadwayCharts
import HeadwayCSV

/// The outputs of a ``ChangeResult``, as the `headway change` command prints them (docs/change.md):
/// the per-episode CSV (``episodeColumns(parameters:)``, ``writeEpisodes(_:to:digits:threads:)``), the
/// category summary (``summary(_:by:minimum:digits:hidden:)``), the NHS Talking Therapies paired
/// outcomes (``paired(_:)``, ``pairedSummary(_:minimum:digits:hidden:)``), the column priorities of
/// the terminal tables and the Jacobson plots (``charts(_:catalog:width:height:charset:)``).
///
/// Conventions (docs/output.md): a column's unit never changes with the method (`rci_z` in z,
/// `threshold_points` in score points, `change_percent` in percent; a value the method does not
/// give is empty); whole numbers print as integers, other numbers with `digits` decimals; a
/// suppressed summary cell is empty in CSV with `suppressed = true`, and reads `hidden` in tables.
public enum ChangeOutput {
    /// A number printed as an integer when whole (below 1e15), else with the chosen decimals
    /// (``OutputColumn/score(_:_:)``, written straight into the writer's bytes).
    static func whole(_ name: String, _ f: @escaping @Sendable (EpisodeChange) -> Double?) -> OutputColumn<EpisodeChange> {
        .score(name, f)
    }

    static func bool(_ name: String, _ f: @escaping @Sendable (EpisodeChange) -> Bool?) -> OutputColumn<EpisodeChange> {
        OutputColumn(name: name, value: { e, _ in CellText.bool(f(e)) ?? "" }, write: { e, _, w in w.field(f(e)) })
    }

    /// The per-episode columns, one row per episode and measure (docs/change.md, "Output").
    /// `parameters` are the measures' (``ChangeResult/parameters``): the threshold in points of
    /// `jt` and the deterioration percentage come from them.
    public static func episodeColumns(parameters: [String: ChangeParameters]) -> [OutputColumn<EpisodeChange>] {
        [
            .text("client_id") { $0.key.clientID }, .text("episode_id") { $0.key.episodeID }, .text("measure") { $0.key.measure },
            .text("clinician_id") { $0.clinicianID }, .text("site") { $0.site }, .text("group") { $0.group },
            .integer("n_scores") { $0.scoreCount }, .integer("pre_session") { $0.preSession }, .integer("post_session") { $0.postSession },
            .date("pre_date") { $0.preDay }, .date("post_date") { $0.postDay },
            whole("pre") { $0.pre }, whole("post") { $0.post }, whole("change") { $0.change },
            .text("method") { $0.method?.rawValue },
            whole("rci_z") { $0.rciZ }, whole("rci_critical_z") { $0.rciCriticalZ },
            whole("threshold_points") { e in e.method == .jt ? e.thresholdPoints(parameters[e.key.measure]) : e.thresholdPoints(nil) },
            whole("change_percent") { $0.changePercent },
            whole("threshold_percent_improvement") { $0.thresholdPercentImprovement },
            whole("threshold_percent_deterioration") { e in e.method == .percentage ? e.thresholdPercentDeterioration(parameters[e.key.measure]) : nil },
            .text("reliable_change") { $0.reliableDirection?.rawValue },
            whole("rti") { $0.rti }, .text("rti_change") { $0.rtiDirection?.rawValue },
            .text("cutoff_kind") { $0.cutoffKind?.rawValue }, whole("cutoff") { $0.cutoff },
            bool("clinical_pre") { $0.clinicalPre }, bool("functional_post") { $0.functionalPost },
            .text("category") { $0.category?.rawValue }, .text("status") { $0.status.rawValue },
        ]
    }

    /// The per-episode header (the names of ``episodeColumns(parameters:)``).
    public static let episodeHeader: [String] = episodeColumns(parameters: [:]).map(\.name)

    /// Writes the per-episode CSV, header included, row by row into `w` (numbers as digits in
    /// its buffer: no table of strings in memory), rows formatted on up to `threads` threads and
    /// written in episode order (the same bytes for any thread count). Does not flush.
    public static func writeEpisodes(_ r: ChangeResult, to w: CSVWriter, digits: Int, threads: Int = 1) throws {
        try write(count: r.episodes.count, parameters: r.parameters, to: w, digits: digits, threads: threads) { r.episodes[$0] }
    }

    /// The per-episode CSV of `episodes` under `plan`, each row made as it is written
    /// (``ChangeAnalysis/row(_:plan:)``) on up to `threads` threads: the same bytes as
    /// ``writeEpisodes(_:to:digits:threads:)`` of the whole run, without keeping every row. Does not flush.
    public static func writeEpisodes(_ episodes: [Episode], plan: ChangePlan, to w: CSVWriter, digits: Int, threads: Int = 1) throws {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("change: rows written", since: t0) }
        // Episodes are read in place (borrowed from the buffer): a copy of each retained its
        // strings and its score store, whose reference count other threads also updated.
        try episodes.withUnsafeBufferPointer { episodes in
            try write(count: episodes.count, parameters: plan.parameters, to: w, digits: digits, threads: threads) {
                ChangeAnalysis.row(episodes[$0], plan: plan)
            }
        }
    }

    private static func write(count: Int, parameters: [String: ChangeParameters], to w: CSVWriter, digits: Int, threads: Int,
                              row: (Int) -> EpisodeChange) throws {
        try w.row(episodeHeader)
        try Parallel.ordered(count: count, threads: threads, blockSize: 2048, work: { range -> CSVWriter in
            // Room for the block's rows from the start (about 143 bytes a row on the benchmark
            // practice): growing the buffer copied most of it once or twice.
            let block = CSVWriter.records(initialCapacity: range.count * 176)
            for i in range {
                writeEpisodeRow(row(i), parameters: parameters, digits: digits, to: block)
                try? block.endRecord()   // never throws: a records-only writer does not flush
            }
            return block
        }, emit: { try w.append(recordsOf: $0) })
    }

    /// The cells of ``episodeColumns(parameters:)`` for one row, written field by field: the same
    /// bytes as writing the columns (tested on every method and the bundled datasets), without two
    /// closure calls per cell (a fifth of writing the per-episode CSV). A change to the columns
    /// is made in both places; the test compares them.
    static func writeEpisodeRow(_ e: EpisodeChange, parameters: [String: ChangeParameters], digits: Int, to w: CSVWriter) {
        func score(_ v: Double?) { OutputColumn<EpisodeChange>.writeScore(v, digits: digits, to: w) }
        w.field(e.key.clientID); w.field(e.key.episodeID); w.field(e.key.measure)
        w.field(e.clinicianID); w.field(e.site); w.field(e.group)
        w.field(e.scoreCount); w.field(e.preSession); w.field(e.postSession)
        w.field(date: e.preDay); w.field(date: e.postDay)
        score(e.pre); score(e.post); score(e.change)
        w.field(e.method?.rawValue)
        score(e.rciZ); score(e.rciCriticalZ)
        score(e.method == .jt ? e.thresholdPoints(parameters[e.key.measure]) : e.thresholdPoints(nil))
        score(e.changePercent)
        score(e.thresholdPercentImprovement)
        score(e.method == .percentage ? e.thresholdPercentDeterioration(parameters[e.key.measure]) : nil)
        w.field(e.reliableDirection?.rawValue)
        score(e.rti); w.field(e.rtiDirection?.rawValue)
        w.field(e.cutoffKind?.rawValue); score(e.cutoff)
        w.field(e.clinicalPre); w.field(e.functionalPost)
        w.field(e.category?.rawValue); w.field(e.status.rawValue)
    }

    /// The per-episode rows as text (for tables).
    public static func episodes(_ r: ChangeResult, digits: Int) -> (header: [String], rows: [[String]]) {
        let columns = episodeColumns(parameters: r.parameters)
        return (columns.map(\.name), r.episodes.map { e in columns.map { $0.value(e, digits) } })
    }

    /// The category summary (``ChangeSummary/suppressed(_:by:minimum:level:)``): counts, proportions
    /// (0–1) and 95 % Wilson intervals per group, measure and category, small cells suppressed
    /// with complementary cells; with `.ha` and `--by measure`, Hageman & Arrindell's group-level
    /// figures (`ha_group_changed`, `ha_group_functional`). `hidden` is the text of a suppressed
    /// cell: empty in CSV, "suppressed" in tables.
    public static func summary(_ r: ChangeResult, by: SummaryGrouping, minimum: Int, digits: Int, hidden: String = "") -> (header: [String], rows: [[String]]) {
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

    /// The NHS Talking Therapies paired outcomes, one row per client episode (``PairedOutcome``).
    public static func paired(_ outcomes: [PairedOutcome]) -> (header: [String], rows: [[String]]) {
        let header = ["client_id", "episode_id", "measure_a", "measure_b", "case_start", "recovered",
                      "reliable_improvement", "reliable_deterioration", "reliable_recovery", "status"]
        let bool = { (b: Bool?) in CellText.bool(b) ?? "" }
        return (header, outcomes.map {
            [$0.clientID, $0.episodeID, $0.measures.0, $0.measures.1, bool($0.caseAtStart), bool($0.recovered),
             bool($0.reliableImprovement), bool($0.reliableDeterioration), bool($0.reliableRecovery), $0.status.rawValue]
        })
    }

    /// ``PairedOutcomeSummary``: recovery among cases at the start, reliable change among all
    /// pairs, suppressed as ``summary(_:by:minimum:digits:hidden:)``.
    public static func pairedSummary(_ outcomes: [PairedOutcome], minimum: Int, digits: Int, hidden: String = "") -> (header: [String], rows: [[String]]) {
        let header = ["outcome", "count", "total", "proportion", "ci_low", "ci_high", "suppressed"]
        return (header, PairedOutcomeSummary.run(outcomes, minimum: minimum).map { o in
            let hide = o.suppressed
            return [o.outcome, hide ? hidden : String(o.count), o.totalSuppressed ? hidden : String(o.total),
                    hide ? hidden : CellText.number(o.proportion, digits),
                    hide ? hidden : CellText.number(o.interval?.lower, digits), hide ? hidden : CellText.number(o.interval?.upper, digits),
                    hide ? "true" : "false"]
        })
    }

    /// Column priorities of the per-episode table (`TableColumn.priority`; a column not listed
    /// comes last): the episode and its category first, then the change, the scores, the
    /// reliable-change verdict and index, then the rest.
    public static let episodePriorities: [String: Int] = [
        "client_id": 0, "episode_id": 0, "measure": 0, "category": 0,
        "change": 1, "pre": 2, "post": 2, "reliable_change": 3, "rci_z": 4, "threshold_points": 4, "change_percent": 4, "status": 5,
        "clinician_id": 5, "n_scores": 5, "pre_date": 5, "post_date": 5, "cutoff": 6, "clinical_pre": 6, "functional_post": 6,
        "method": 7, "cutoff_kind": 7, "rci_critical_z": 7, "threshold_percent_improvement": 7, "threshold_percent_deterioration": 7, "rti": 8,
        "rti_change": 8, "pre_session": 8, "post_session": 8,
    ]
    /// Column priorities of the summary table.
    public static let summaryPriorities: [String: Int] = [
        "group": 0, "measure": 0, "category": 0, "count": 0, "total": 0, "percent": 0, "proportion": 0,
        "ci_low": 1, "ci_high": 1, "suppressed": 2, "by": 3,
    ]
    /// Column priorities of the paired-outcomes table.
    public static let pairedPriorities: [String: Int] = [
        "client_id": 0, "episode_id": 0, "status": 0, "recovered": 1, "reliable_improvement": 1,
        "reliable_deterioration": 2, "reliable_recovery": 2, "case_start": 3, "measure_a": 4, "measure_b": 4,
    ]
    /// Column priorities of the paired summary table.
    public static let pairedSummaryPriorities: [String: Int] = [
        "outcome": 0, "count": 0, "total": 0, "percent": 0, "proportion": 0, "ci_low": 1, "ci_high": 1, "suppressed": 2,
    ]

    /// The Jacobson plot of every measure, in name order, one after another (empty when no
    /// episode has a pre and a post score): pre on x, post on y, one letter per category, the
    /// reliable-change band (JT or published, `ReliableChangeParameters.thresholdPoints`) and the
    /// cut-off, within the catalog's score range.
    public static func charts(_ r: ChangeResult, catalog: MeasureCatalog, width: Int, height: Int, charset: Charset) -> String {
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
        return out
    }
}
