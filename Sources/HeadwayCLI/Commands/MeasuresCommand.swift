import ArgumentParser
import Headway
import HeadwayCharts

struct MeasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract: "List the measure catalog (built-in, plus --measures FILE).",
        discussion: """
        Each measure has a score range, a direction (lower or higher is better), reliability, \
        clinical and functional norms, a clinical cutoff with its boundary convention, and a \
        published reliable-change threshold, each with a citation. Values that could not be \
        sourced are empty. A user catalog CSV has the same column names as this listing \
        (name, aliases, min, max, direction, reliability, clinical_mean, clinical_sd, \
        functional_mean, functional_sd, cutoff, cutoff_is_clinical, reliable_change, loinc, \
        loinc_panel, snomed, source, notes). The loinc, loinc_panel and snomed codes are how FHIR \
        input is matched to measures (docs/fhir.md).
        """
    )

    /// Column priorities of the table (``TableColumn/priority``): the name, range, direction, cut-off
    /// and reliable change first; the aliases wrap (down to 16 columns).
    static let tablePriorities: [String: Int] = [
        "name": 0, "min": 0, "max": 0, "direction": 0, "cutoff": 1, "reliable_change": 1, "reliability": 2,
        "aliases": 3, "clinical_mean": 4, "clinical_sd": 4, "functional_mean": 4, "functional_sd": 4, "cutoff_is_clinical": 5,
    ]

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if output.format == .chart { throw ValidationError("headway measures draws no chart: use --format table or csv") }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let catalog = try Loading.catalog(input)
        let (header, rows) = catalog.table()
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .table, .chart:
            // The citations column is long; the table shows the parameters, CSV carries everything.
            let keep = header.indices.filter { header[$0] != "citations" && header[$0] != "notes" && header[$0] != "full_name" }
            Terminal.out(TableOutput.render(keep.map { header[$0] }, rows: rows.map { r in keep.map { r[$0] } },
                                            priorities: Self.tablePriorities, shrinkable: ["aliases": 16]))
        case .csv, .auto, .xlsx:   // xlsx: the CSV, collected by WorkbookOutput
            let w = Output.stdoutCSV()
            try w.row(header)
            for r in rows { try w.row(r) }
            try w.flush()
        }
    }
}
