import ArgumentParser
import Headway
import HeadwayCSV

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a spreadsheet export and write it as a clean long CSV.",
        discussion: """
        Applies every input option (--encoding, --delimiter, --decimal, --date-format, --column, \
        --require-scores; see docs/input.md "From your spreadsheet") and writes the accepted rows \
        as UTF-8, comma-separated, ISO dates, decimal points and canonical names: client_id, \
        episode_id, measure, date, session, score, clinician_id, site, group, phase, status. \
        With --lenient --rejects PATH the rejected rows go to PATH with their line and reason. \
        Standard error says what was done: encoding, delimiter, decimal separator, date format, \
        columns mapped, and rows read, accepted, skipped and rejected (no client ids).
        """
    )

    @Argument(help: "Input file ('-' for standard input).")
    var file: String

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the clean CSV (default: standard output).", valueName: "path"))
    var outputPath: String?

    @OptionGroup var input: InputOptions

    func run() throws {
        let set = try Loading.observations(file, input)
        if let path = outputPath {
            try Output.atomically(path: path) { w in try CleanExport.write(set, to: w) }
        } else {
            try CleanExport.write(set, to: Output.stdoutCSV())
        }
        let lines = ImportOutput.summary(set, dateFormat: input.dateFormat, columnMap: input.columnMap,
                                         destination: outputPath ?? "standard output", rejects: input.rejectsPath)
        for l in lines { Terminal.error(l) }
    }
}
