import ArgumentParser
import Headway

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
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .table, .chart: Terminal.out(CheckOutput.table(set, width: Terminal.tableWidth))
        case .csv, .auto, .xlsx: try CheckOutput.writeCSV(set, digits: output.digits, to: Output.stdoutCSV())   // xlsx: the CSV, collected by WorkbookOutput
        }
    }
}
