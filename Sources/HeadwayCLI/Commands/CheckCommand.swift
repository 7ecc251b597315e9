import ArgumentParser
import Headway
import HeadwayCharts
import HeadwayCSV

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate an observations file and summarise it.",
        discussion: """
        INPUT: a long CSV, one row per administered measure. Columns (names case-insensitive, \
        common aliases accepted, order free, unknown columns ignored): client_id, measure, score, \
        and date (YYYY-MM-DD) and/or session (whole number); optional clinician_id, site, \
        episode_id (default: one episode per client and measure), group, phase (A/B) and status \
        (open/closed).

        Rows are rejected for: malformed CSV, too many fields, a missing required field, an \
        unknown measure, a score that is not a number or is outside the measure's range, an \
        invalid date or session, an invalid phase or status, and duplicates (same client, \
        episode, measure and session, or date when there are no sessions; the later line is \
        rejected). --strict (default) stops at the first; --lenient reports all, and rows read = \
        accepted + skipped + rejected. Skipped, not errors: rows whose cells are all empty (,,,,) \
        and rows with a blank score (not administered; an error with --require-scores).

        Spreadsheet exports (docs/input.md, "From your spreadsheet"): the encoding (UTF-8, \
        validated; a UTF-16 byte-order mark is detected; --encoding windows-1252|latin-1|utf-16), \
        the delimiter (, ; or tab, detected; --delimiter) and the decimal separator (comma with ;; \
        --decimal) are shown in the summary. ISO date-times are read as their date; \
        --date-format dmy|mdy|ymd reads 03/02/2025-style dates; --column NAME="Header" maps a header.

        The summary is printed as CSV (metric,value) or a table; per-measure lines follow.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var threadOptions: ThreadOptions

    func validate() throws {
        if output.format == .chart { throw ValidationError("headway check draws no chart: use --format table or csv") }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let set = try Loading.summary(file, input, threads: threadOptions.count)
        let s = set.summary
        let date: (Int?) -> String = { $0.map { CivilCalendar.isoString(days: $0) } ?? "" }
        var metrics: [(String, String)] = [
            ("file", set.file),
            ("rows_read", String(s.rowsRead)),
            ("rows_accepted", String(s.accepted)),
            ("rows_rejected", String(s.rejected)),
            ("rows_skipped_empty", String(s.emptyRows)),
            ("rows_skipped_not_administered", String(s.notAdministered)),
            ("blank_lines", String(s.blankLines)),
            ("encoding", set.readInfo.encodingDescription),
            ("delimiter", set.readInfo.delimiterDescription),
            ("decimal", set.readInfo.decimal.rawValue),
            ("layout", set.wide.map { $0.shortSummary } ?? (set.readInfo.container != nil ? "FHIR resources" : "long")),
            ("clients", String(s.clients)),
            ("episodes", String(s.episodes)),
            ("series", String(s.series)),
            ("measures", String(s.measures.count)),
            ("clinicians", String(s.clinicians)),
            ("sites", String(s.sites)),
            ("first_date", date(s.firstDay)),
            ("last_date", date(s.lastDay)),
            ("max_session", s.maxSession.map(String.init) ?? ""),
        ]
        // Per measure, everything the table shows (docs/output.md: CSV carries what the table shows).
        var perMeasure: [(String, String, String)] = []
        for m in s.measures {
            perMeasure += [("rows", m.measure, String(m.rows)), ("episodes", m.measure, String(m.episodes)),
                           ("clients", m.measure, String(m.clients)), ("mean_score", m.measure, CellText.number(m.meanScore, output.digits))]
        }
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .table, .chart:
            // Table columns: the value wraps (a long file name); every column of the per-measure table is essential.
            var text = TableOutput.render([TableColumn("metric"), TableColumn("value", minWidth: 12)],
                                          rows: metrics.map { [$0.0, $0.1] })
            text += "\n" + TableOutput.render(
                ["measure", "rows", "episodes", "clients", "mean_score"],
                rows: s.measures.map { [$0.measure, String($0.rows), String($0.episodes), String($0.clients), NumberFormat.fixed($0.meanScore, decimals: 2)] },
                priorities: [:], otherwise: 0)
            Terminal.out(text)
        case .csv, .auto, .xlsx:   // xlsx: the CSV, collected by WorkbookOutput
            let w = Output.stdoutCSV()
            try w.row(["metric", "measure", "value"])
            for (k, v) in metrics { try w.row([k, "", v]) }
            for (k, m, v) in perMeasure { try w.row([k, m, v]) }
            try w.flush()
        }
    }
}
