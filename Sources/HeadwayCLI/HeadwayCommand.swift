import ArgumentParser
import Headway

@main
struct HeadwayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headway",
        abstract: "Measurement-based care: outcome measures, reliable change, trends, goals, flags and practice reports.",
        discussion: """
        Input is CSV (one row per administered measure; see `headway check --help`); output is CSV \
        on standard output (spreadsheets, R, pandas) or tables and charts for the terminal. \
        Diagnostics go to standard error.

        EXIT STATUS
          0   success
          1   invalid input data (strict mode stops at the first bad row: file:line:column: reason)
          2   a file could not be read or written
          3   `headway flags` only: at least one episode is red
          64  invalid command-line usage
        """,
        version: HeadwayLibrary.version,
        subcommands: [
            MeasuresCommand.self,
            CheckCommand.self,
            ImportCommand.self,
            ChangeCommand.self,
            TrendCommand.self,
            GASCommand.self,
            ReportCommand.self,
            FlagsCommand.self,
            ReviewCommand.self,
            PlansCommand.self,
            SimulateCommand.self,
        ]
    )

    /// ArgumentParser's main, plus the one output step every command shares after it runs:
    /// `--format xlsx` turns the collected CSV into a workbook (``WorkbookOutput``), also when the
    /// command ends with exit 3 (flags: red, output complete).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            WorkbookOutput.finish()
        } catch let code as ExitCode where code == HeadwayExit.redFlags {
            WorkbookOutput.finish()
            exit(withError: code)
        } catch {
            exit(withError: error)
        }
    }
}
