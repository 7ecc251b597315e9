import ArgumentParser
import Headway

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

    func validate() throws {
        if output.format == .chart { throw ValidationError("headway measures draws no chart: use --format table or csv") }
    }

    func run() throws { try Output.redirecting(to: output.path) { try execute() } }

    func execute() throws {
        let catalog = try Loading.catalog(input)
        switch output.resolvedFormat {
        case .html: throw ValidationError(OutputOptions.htmlOnlyForReport)
        case .table, .chart: Terminal.out(MeasuresOutput.table(catalog, width: Terminal.tableWidth))
        case .csv, .auto, .xlsx: try MeasuresOutput.writeCSV(catalog, to: Output.stdoutCSV())   // xlsx: the CSV, collected by WorkbookOutput
        }
    }
}
