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

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let catalog = try Loading.catalog(input)
        let (header, rows) = catalog.table()
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .table, .chart:
            // The citations column is long; the table shows the parameters, CSV carries everything.
            let keep = header.indices.filter { header[$0] != "citations" && header[$0] != "notes" && header[$0] != "full_name" }
            Terminal.out(TextTable.render(header: keep.map { header[$0] }, rows: rows.map { r in keep.map { r[$0] } }))
        case .csv, .auto:
            let w = Output.stdoutCSV()
            try w.row(header)
            for r in rows { try w.row(r) }
            try w.flush()
        }
    }
}
