import ArgumentParser
import Headway
import HeadwayCSV

/// Output formats. `auto` is a table on a terminal and CSV when piped.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, csv, table, chart, html, xlsx
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options shared by every command that reads data.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("measures"), help: ArgumentHelp("A user catalog CSV that adds measures or overrides built-in fields.", valueName: "file"))
    var measuresFile: String?

    @Flag(name: .customLong("strict"), help: "Stop at the first invalid row with file:line:column: reason (default).")
    var strict = false

    @Flag(name: .customLong("lenient"), help: "Skip invalid rows, report each one, and continue.")
    var lenient = false

    @Option(name: .customLong("rejects"), help: ArgumentHelp("With --lenient: write every rejected row with its line and reason to this CSV.", valueName: "path"))
    var rejectsPath: String?

    @Option(name: .customLong("max-field-bytes"), help: ArgumentHelp("Longest field accepted, in bytes (default 65536): a longer one makes its row invalid.", valueName: "N"))
    var maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes

    @Option(name: .customLong("max-record-bytes"), help: ArgumentHelp("Longest row accepted, in bytes (default 1048576, never below --max-field-bytes): a longer one stops the read.", valueName: "N"))
    var maxRecordBytes: Int = CSVLimits.defaultMaxRecordBytes

    @Option(name: .customLong("encoding"), help: ArgumentHelp("Character encoding of the input files: utf-8 (default; a UTF-16 byte-order mark is detected), utf-16, windows-1252 or latin-1.", valueName: "name"))
    var encoding: TextEncoding?

    @Option(name: .customLong("delimiter"), help: ArgumentHelp("Field delimiter: comma, semicolon, tab or pipe (default: detected from the header line).", valueName: "char"))
    var delimiter: String?

    @Option(name: .customLong("decimal"), help: ArgumentHelp("Decimal separator of scores: point or comma (default: comma with a semicolon delimiter, point otherwise).", valueName: "point|comma"))
    var decimal: DecimalSeparator?

    @Flag(name: .customLong("require-scores"), help: "A row with a blank score is an error (default: skipped and counted as not administered).")
    var requireScores = false

    @Option(name: .customLong("date-format"), help: ArgumentHelp("Order of 03/02/2025-style dates: dmy, mdy or ymd (ISO dates and date-times are always read; without this option a slash date is an error naming both readings).", valueName: "dmy|mdy|ymd"))
    var dateFormat: DateFormat?

    @Option(name: .customLong("column"), help: ArgumentHelp("Name the header of a column: NAME=\"Header text\", e.g. client_id=\"Client Name\" (repeatable).", valueName: "name=header"))
    var columns: [String] = []

    @Option(name: .customLong("input-format"), help: ArgumentHelp("Input format: auto (default: FHIR when the input is a folder or starts with '{', else CSV), csv or fhir (Bulk Data NDJSON, a folder of them, or a Bundle; see docs/fhir.md).", valueName: "auto|csv|fhir"))
    var inputFormat: InputFormat = .auto

    @Option(name: .customLong("sheet"), help: ArgumentHelp("For an .xlsx workbook: the sheet to read, by name or number (default: the first sheet).", valueName: "name|N"))
    var sheet: String?

    @Flag(name: .customLong("wide"), help: "The file is a wide sheet: one column per measure (PHQ-9, GAD7 score), or for gas one column per review (Review 1, Review 2, Outcome); each cell is read as a row (default: detected, with a message).")
    var wide = false

    @Flag(name: .customLong("quiet"), help: "No progress line on standard error (one is drawn only when standard error is a terminal and reading takes over a second).")
    var quiet = false

    var mode: ValidationMode { lenient ? .lenient : .strict }

    /// `--column` options as canonical name → header text.
    var columnMap: [String: String] {
        var m: [String: String] = [:]
        for c in columns {
            guard let eq = c.firstIndex(of: "=") else { continue }
            var header = String(c[c.index(after: eq)...])
            if header.count >= 2, header.hasPrefix("\""), header.hasSuffix("\"") { header = String(header.dropFirst().dropLast()) }
            m[ColumnSpec.normalise(String(c[..<eq]))] = header
        }
        return m
    }

    /// Encoding, delimiter and decimal separator of every input file.
    var format: CSVFormat {
        var f = CSVFormat(encoding: encoding, delimiter: delimiter.flatMap(CSVFormat.delimiter(named:)), decimal: decimal)
        f.sheet = sheet
        return f
    }

    /// The reader's length limits.
    var limits: CSVLimits { CSVLimits(maxFieldBytes: maxFieldBytes, maxRecordBytes: maxRecordBytes) }

    func validate() throws {
        // Up to 1 GiB: the reader holds about twice a record in memory.
        if !(1...(1 << 30)).contains(maxFieldBytes) { throw ValidationError("--max-field-bytes must be between 1 and 1073741824") }
        if !(1...(1 << 30)).contains(maxRecordBytes) { throw ValidationError("--max-record-bytes must be between 1 and 1073741824") }
        if strict && lenient { throw ValidationError("--strict and --lenient are mutually exclusive") }
        if let d = delimiter, CSVFormat.delimiter(named: d) == nil {
            throw ValidationError("--delimiter must be comma (,), semicolon (;), tab or pipe (|)")
        }
        for c in columns where !c.contains("=") || c.hasPrefix("=") {
            throw ValidationError("--column needs NAME=HEADER, e.g. --column client_id=\"Client Name\" (got \(c))")
        }
        if rejectsPath != nil && !lenient { throw ValidationError("--rejects needs --lenient (strict mode stops at the first error)") }
    }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "Output format: auto (table on a terminal, CSV when piped), csv, table, chart, html (report only), or xlsx (the CSV output as an Excel workbook: one sheet, or for report one sheet per section; redirect it or use --output FILE).")
    var format: OutputFormat = .auto

    @Option(name: .customLong("output"), help: ArgumentHelp("Write the output to this file instead of standard output, atomically (a temporary file renamed into place when the command succeeds: a failed run leaves no file). report: a directory of section files, or the HTML file.", valueName: "file"))
    var path: String?

    @Option(name: .customLong("digits"), help: "Decimal places for non-integer numbers in CSV output (0-12); p-values get this many significant digits.")
    var digits: Int = 6

    @Option(name: .customLong("color"), help: "Colour on terminals: auto, always or never (NO_COLOR is honoured).")
    var color: ColorChoice = .auto

    func validate() throws {
        if digits < 0 || digits > 12 { throw ValidationError("--digits must be between 0 and 12") }
        if format == .xlsx { try WorkbookOutput.start(toFile: path != nil && path != "-") }
    }

    static let htmlOnlyForReport = "--format html is available for `headway report` only"

    var resolvedFormat: OutputFormat {
        format == .auto ? (path == nil && Terminal.stdoutIsTerminal ? .table : .csv) : (format == .xlsx ? .csv : format)
    }

    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.stdoutIsTerminal && (Terminal.environment("NO_COLOR") ?? "").isEmpty
        }
    }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension DecimalSeparator: ExpressibleByArgument {}
extension DateFormat: ExpressibleByArgument {}

/// `--threads` of every command that reads observations.
struct ThreadOptions: ParsableArguments {
    @Option(name: .customLong("threads"), help: ArgumentHelp("Threads for reading and per-episode work (default: the number of processors). Output never depends on it.", valueName: "N"))
    var threads: Int?

    /// The thread count to use, resolved once (default ``Parallel/defaultThreads``).
    var count: Int { threads ?? Parallel.defaultThreads }

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be between 1 and 1024") }
    }
}

extension InputFormat: ExpressibleByArgument {}
