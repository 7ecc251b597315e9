// SPDX-License-Identifier: GPL-3.0-or-later
// What `headway flags` prints: the CSV columns (per client episode and per measure), the terminal
// tables with their count lines, and the chart of one flagged episode (docs/flags.md).
import HeadwayCharts
import HeadwayCSV

/// The outputs of ``FlagEngine`` as the `headway flags` command prints them (docs/flags.md):
/// CSV columns per client episode (``clientColumns``) and per measure (``measureColumns``), the
/// terminal tables grouped by clinician (``table(clients:width:hiddenHint:)``,
/// ``table(_:charset:range:width:hiddenHint:)``) and the chart of one episode
/// (``chart(_:engine:width:height:charset:)``).
///
/// Conventions (docs/output.md): the columns are the same whatever the options (`--plans`,
/// `--goals`, `--method`); each reliable-change column keeps one unit (`rci_z` in z,
/// `rc_threshold_points` and `change` in score points); reminders (`measurement_due`,
/// `goal_review_due`, `plan_review_due`, `goal_target_due`) are days, empty when nothing is due.
public enum FlagsOutput {
    /// "true" for an acknowledged red or yellow flag, "false" for an unacknowledged one, empty otherwise.
    public static func acknowledgedText(_ s: FlagStatus, _ a: FlagAcknowledgement?) -> String? {
        guard s == .red || s == .yellow else { return nil }
        return a == nil ? "false" : "true"
    }

    private static func days(_ name: String, _ f: @escaping @Sendable (FlagResult) -> Int?) -> OutputColumn<FlagResult> {
        OutputColumn(name: name, value: { r, _ in f(r).map(String.init) ?? "" }, write: { r, _, w in w.field(f(r)) })
    }

    /// One row per episode and measure (`--per-measure`; docs/flags.md, "Output").
    public static let measureColumns: [OutputColumn<FlagResult>] = [
        .text("client_id") { $0.key.clientID }, .text("episode_id") { $0.key.episodeID }, .text("measure") { $0.key.measure },
        .text("clinician_id") { $0.clinicianID }, .text("site") { $0.site },
        days("n_scores") { $0.scoreCount }, days("session") { $0.session },
        .score("intake_score") { $0.intake }, .score("latest_score") { $0.latest },
        .date("first_date") { $0.firstDay }, .date("latest_date") { $0.latestDay },
        .date("evaluated_date") { $0.evaluatedDay },
        .text("status") { $0.status.rawValue }, .text("rule") { $0.rule.rawValue },
        .text("rules_fired") { $0.rulesFired.map(\.rawValue).joined(separator: ";") },
        .text("reason") { $0.reason },
        .text("curve_source") { $0.curveSource?.rawValue },
        .number("expected_score") { $0.expected }, .number("yellow_limit") { $0.yellowLimit }, .number("red_limit") { $0.redLimit },
        .number("sigma") { $0.sigma }, .text("sigma_kind") { $0.sigmaIsPerSession.map { $0 ? "per-session" : "pooled" } },
        .number("residual_z") { $0.residualZ },
        .number("change") { $0.change }, .number("change_percent") { $0.changePercent },
        .text("rc_method") { $0.changeMethod?.rawValue }, .number("rci_z") { $0.rciZ },
        .number("rci_critical_z") { $0.rciCriticalZ }, .number("rc_threshold_points") { $0.rcThresholdPoints },
        .number("rc_threshold_percent") { $0.rcThresholdPercent }, .text("reliable_direction") { $0.reliableDirection?.rawValue },
        .number("cutoff") { $0.cutoff }, .text("functional") { CellText.bool($0.functional) },
        .number("worst_change") { $0.worstChange }, .number("worst_rci_z") { $0.worstRCIZ },
        days("worst_session") { $0.worstSession },
        .text("trend_time_unit") { $0.trendTimeAxis?.rawValue },
        .number("trend_slope") { $0.trendSlope }, .number("trend_ci_lower") { $0.trendCILower },
        .number("trend_ci_upper") { $0.trendCIUpper }, .pValue("trend_mk_p") { $0.trendMKp },
        days("days_since_last") { $0.daysSinceLast },
        .number("gas_t") { $0.gasT }, .text("gas_goal_at_minus_two") { CellText.bool($0.gasAnyMinusTwo) },
        .number("current_score") { $0.currentScore },
        days("past_deterioration_session") { $0.pastDeteriorationSession },
        .number("past_deterioration_change") { $0.pastDeteriorationChange },
        .number("past_deterioration_rci_z") { $0.pastDeteriorationRCIZ },
        days("measurement_due") { $0.measurementDue },
        days("goal_review_due") { $0.goalReviewDue },
        days("plan_review_due") { $0.planReviewDue },
        days("goal_target_due") { $0.goalTargetDue },
        .text("acknowledged") { acknowledgedText($0.status, $0.acknowledgement) },
        .date("acknowledged_date") { $0.acknowledgement?.day },
        .text("acknowledged_by") { $0.acknowledgement?.by },
    ]

    /// One row per client episode (the default layout; ``ClientFlag``).
    public static let clientColumns: [OutputColumn<ClientFlag>] = [
        .text("client_id") { $0.key.clientID }, .text("episode_id") { $0.key.episodeID },
        .text("clinician_id") { $0.clinicianID }, .text("site") { $0.site },
        .text("status") { $0.status.rawValue },
        .text("acknowledged") { $0.status == .red || $0.status == .yellow ? ($0.isAcknowledged ? "true" : "false") : nil },
        .text("measures") { $0.measures.joined(separator: ";") },
        .text("rule") { $0.rule.rawValue },
        .text("rules_fired") { $0.rulesFired.map(\.rawValue).joined(separator: ";") },
        .text("measure_statuses") { $0.rows.map { "\($0.key.measure) \($0.status.rawValue)" }.joined(separator: ";") },
        .text("reason") { $0.reason },
        .text("n_scores") { String($0.scoreCount) },
        .text("latest_date") { CellText.date($0.latestDay) }, .text("evaluated_date") { CellText.date($0.evaluatedDay) },
        .text("measurement_due") { $0.measurementDue.map(String.init) },
        .text("goal_review_due") { $0.goalReviewDue.map(String.init) },
        .text("plan_review_due") { $0.planReviewDue.map(String.init) },
        .text("goal_target_due") { $0.goalTargetDue.map(String.init) },
        .text("past_deterioration") { $0.pastDeterioration },
        .text("acknowledged_date") { $0.acknowledgement.map { CellText.date($0.day) } },
        .text("acknowledged_by") { $0.acknowledgement?.by },
    ]

    /// Writes `columns` (header included) for `rows` into `w`, numbers as digits in its buffer. Does not flush.
    public static func write<Row>(_ rows: [Row], columns: [OutputColumn<Row>], to w: CSVWriter, digits: Int) throws {
        try w.row(columns.map(\.name))
        for r in rows {
            OutputColumn.write(columns, r, digits: digits, to: w)
            try w.endRecord()
        }
    }

    /// The client table's columns (the status with "(ack)" when acknowledged, the days overdue as "Nd").
    public static let clientTableColumns: [OutputColumn<ClientFlag>] = [
        .text("status") { $0.status.rawValue + ($0.isAcknowledged ? " (ack)" : "") },
        .text("client") { $0.key.clientID }, .text("ep") { $0.key.episodeID },
        .text("measures") { $0.measures.joined(separator: ",") },
        .text("due") { $0.measurementDue.map { "\($0)d" } },
        .text("reason") { $0.reason },
    ]

    /// The per-measure table's columns, before the sparkline and the reason.
    public static let measureTableColumns: [OutputColumn<FlagResult>] = [
        .text("status") { $0.status.rawValue + ($0.isAcknowledged ? " (ack)" : "") }, .text("client") { $0.key.clientID },
        .text("ep") { $0.key.episodeID },
        .text("measure") { $0.key.measure }, .text("s") { $0.session.map(String.init) },
        .text("due") { $0.measurementDue.map { "\($0)d" } },
        .number("latest") { $0.latest }, .number("expected") { $0.expected }, .text("rule") { $0.rule.rawValue },
    ]

    /// Column priorities of the per-measure table (`TableColumn.priority`): identity, status and
    /// reason first, then overdue and the latest score, its sparkline, the expected score and
    /// session, then the rule. The reason wraps (down to 30 columns).
    public static let measurePriorities: [String: Int] = [
        "status": 0, "client": 0, "ep": 0, "measure": 0, "reason": 0,
        "due": 1, "latest": 1, "scores": 2, "expected": 3, "s": 3, "rule": 4,
    ]
    /// Column priorities of the per-client table.
    public static let clientPriorities: [String: Int] = ["status": 0, "client": 0, "ep": 0, "reason": 0, "due": 1, "measures": 2]
    /// Columns that may wrap, with their narrowest width.
    public static let shrinkable = ["reason": 30]

    /// The count line: colours, then the separate reminders (measurement due, acknowledged; goal
    /// review, plan review and goal target due when not zero), which are not colours.
    public static func countLine(_ title: String, _ c: FlagCounts) -> String {
        "\(title): \(c.total)  red \(c.red)  yellow \(c.yellow)  green \(c.green)  white \(c.white)  grey \(c.grey)"
            + "  |  measurement due \(c.measurementDue)  acknowledged \(c.acknowledged)"
            + (c.goalReviewDue > 0 ? "  goal review due \(c.goalReviewDue)" : "")
            + (c.planReviewDue > 0 ? "  plan review due \(c.planReviewDue)" : "")
            + (c.goalTargetDue > 0 ? "  goal target due \(c.goalTargetDue)" : "") + "\n"
    }

    /// Clinicians in order of their most urgent status (red first), then by name; rows without
    /// a clinician under "(no clinician)".
    static func byClinician<Row>(_ rows: [Row], clinician: (Row) -> String?, status: (Row) -> FlagStatus) -> [(String, [Row])] {
        var groups: [String: [Row]] = [:]
        for r in rows { groups[clinician(r) ?? "(no clinician)", default: []].append(r) }
        let order = groups.keys.sorted { a, b in
            let wa = groups[a]!.map(status).min()!, wb = groups[b]!.map(status).min()!
            return (wa.rank, a) < (wb.rank, b)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// The per-measure table: a count line, then one block per clinician (clinicians with red
    /// episodes first), rows red first, laid out at `width` with one plan over all the rows, so
    /// every block shows the same columns. `range` gives the score range of a measure (the
    /// catalog's), for the sparklines; `hiddenHint` is appended to the note naming the columns
    /// left out.
    public static func table(_ results: [FlagResult], charset: Charset, range: (String) -> (min: Double, max: Double)?,
                             width: Int, hiddenHint: String) -> String {
        guard !results.isEmpty else { return "No open episodes.\n" }
        let cols = measureTableColumns
        let header = cols.map(\.name) + ["scores", "reason"]
        func cells(_ r: FlagResult) -> [String] {
            cols.map { $0.value(r, 1) } + [Sparkline.render(r.values, range: Sparkline.range(scale: range(r.key.measure), values: r.values), charset: charset), r.reason]
        }
        let blocks = byClinician(results, clinician: \.clinicianID, status: \.status).map { name, rows in
            (name, rows.sorted { ($0.status.rank, $0.key) < ($1.status.rank, $1.key) })
        }
        let plan = TableLayout.plan(TableColumn.list(header, priorities: measurePriorities, shrinkable: shrinkable),
                                    rows: blocks.flatMap { $0.1.map(cells) }, width: width, charset: charset)
        var out = line(countLine("Open episodes (per measure)", FlagEngine.counts(results)), width: width)
        for (name, rows) in blocks {
            let c = FlagEngine.counts(rows)
            out += "\n" + line("Clinician \(name): red \(c.red), yellow \(c.yellow), green \(c.green), white \(c.white), grey \(c.grey)", width: width)
            out += plan.render(rows.map(cells))
        }
        if let note = plan.hiddenNote(hiddenHint) { out += "\n" + note }
        return out
    }

    /// The client table: one row per client episode, grouped by clinician (clinicians with red
    /// episodes first), as ``table(_:charset:range:width:hiddenHint:)``.
    public static func table(clients: [ClientFlag], width: Int, hiddenHint: String) -> String {
        guard !clients.isEmpty else { return "No open episodes.\n" }
        let cols = clientTableColumns
        func cells(_ r: ClientFlag) -> [String] { cols.map { $0.value(r, 1) } }
        let blocks = byClinician(clients, clinician: \.clinicianID, status: \.status).map { name, rows in
            (name, rows.sorted { ($0.status.rank, $0.key) < ($1.status.rank, $1.key) })
        }
        let plan = TableLayout.plan(TableColumn.list(cols.map(\.name), priorities: clientPriorities, shrinkable: shrinkable),
                                    rows: blocks.flatMap { $0.1.map(cells) }, width: width)
        var out = line(countLine("Open client episodes", ClientFlag.counts(clients)), width: width)
        for (name, rows) in blocks {
            let c = ClientFlag.counts(rows)
            out += "\n" + line("Clinician \(name): red \(c.red), yellow \(c.yellow), green \(c.green), white \(c.white), grey \(c.grey); measurement due \(c.measurementDue)", width: width)
            out += plan.render(rows.map(cells))
        }
        if let note = plan.hiddenNote(hiddenHint) { out += "\n" + note }
        return out
    }

    /// A heading or note wrapped to the width.
    static func line(_ text: String, width: Int) -> String {
        TableLayout.wrap(text.hasSuffix("\n") ? text : text + "\n", width: width)
    }

    /// ANSI colours for the status word at the start of each row of a table (for a terminal;
    /// the caller decides, honouring NO_COLOR). Applied after alignment, so the escape codes do
    /// not disturb column widths.
    public static func colourStatuses(_ table: String) -> String {
        let codes: [(String, String)] = [("red", "31;1"), ("yellow", "33"), ("green", "32"), ("white", "37;1"), ("grey", "90")]
        return table.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for (word, code) in codes where line.hasPrefix(word + " ") {
                return "\u{1B}[\(code)m\(word)\u{1B}[0m" + line.dropFirst(word.count)
            }
            return String(line)
        }.joined(separator: "\n")
    }

    /// The chart data of one flagged episode: its scores against the expected curve with the
    /// yellow and red limits (sampled every quarter session up to the later of its last session
    /// and ``FlagOptions/improvementBySession``), and the cut-off.
    public static func chartData(_ r: FlagResult, engine: FlagEngine, charset: Charset) -> FlagChartData {
        let measure = engine.catalog.measure(named: r.key.measure)
        let sep = charset == .ascii ? " | " : " · "
        let title = "\(r.key.clientID)\(sep)episode \(r.key.episodeID)\(sep)\(r.key.measure)\(sep)\(r.status.rawValue.uppercased())"
        var points: [FlagCurvePoint] = []
        if let x0 = r.intake, engine.curves[r.key.measure] != nil {
            let last = max(r.sessions.last ?? 1, Double(engine.options.improvementBySession))
            var t = 1.0
            while t <= last + 1e-9 {
                if let b = engine.band(measure: r.key.measure, intake: x0, session: t) {
                    points.append(FlagCurvePoint(t: t, expected: b.expected, yellow: b.yellow, red: b.red))
                }
                t += 0.25
            }
        }
        let pct = { (p: Double) in "\(NumberFormat.fixed(p * 100, decimals: 0))th percentile" }
        return FlagChartData(
            title: title, subtitle: r.reason, sessions: r.sessions, scores: r.values, curve: points,
            yRange: (measure?.minScore ?? (r.values.min() ?? 0))...(measure?.maxScore ?? (r.values.max() ?? 1)),
            cutoff: r.cutoff ?? measure?.cutoff,
            yellowLabel: pct(engine.options.yellowPercentile), redLabel: pct(engine.options.redPercentile))
    }

    /// The chart of one flagged episode (``chartData(_:engine:charset:)``, drawn by `FlagChart`).
    public static func chart(_ r: FlagResult, engine: FlagEngine, width: Int, height: Int, charset: Charset) -> String {
        FlagChart.render(chartData(r, engine: engine, charset: charset), width: width, height: height, charset: charset)
    }
}
