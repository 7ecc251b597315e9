#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Headway
import HeadwayCSV

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a deterministic synthetic practice (PHQ-9 and GAD-7 session by session, and GAS goals).",
        discussion: """
        Clients follow one of five courses (improver 45%, slow improver 20%, non-responder 17%, \
        deteriorator 8%, drop-out 10%) with measurement noise, missed weeks and occasional \
        missing measures; scores are clamped to each measure's range. About 10 rows per client. \
        The same seed gives the same bytes. Output streams, so 1,000,000 clients need little memory.

        The observations file carries no hint of the course: --truth writes it separately \
        (client_id, episode_id, course) so flags can be scored against it.
        """
    )

    @Option(help: "Number of clients.") var clients: Int = 300
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Number of sites.") var sites: Int = 3
    @Option(help: "Number of clinicians.") var clinicians: Int = 12
    @Option(name: .customLong("start-date"), help: ArgumentHelp("First possible intake date (YYYY-MM-DD); intakes spread over about two years.", valueName: "date"))
    var startDate: String = "2025-01-06"
    @Option(name: .customLong("output"), help: ArgumentHelp("Observations CSV path ('-' or omitted: standard output).", valueName: "path"))
    var outputPath: String = "-"
    @Option(help: ArgumentHelp("Also write each client's simulated course to this CSV.", valueName: "path"))
    var truth: String?
    @Option(help: ArgumentHelp("Also write GAS goals (one row per goal per review) to this CSV.", valueName: "path"))
    var goals: String?
    @Option(name: .customLong("format"), help: ArgumentHelp("Observations as csv (default) or fhir: FHIR R4 Bulk Data NDJSON Observations (LOINC-coded; see docs/fhir.md).", valueName: "csv|fhir"))
    var format: SimulateFormat = .csv
    @Option(name: .customLong("encounters"), help: ArgumentHelp("With --format fhir: also write one Encounter per client episode (episodeOfCare, serviceProvider) as NDJSON to this path.", valueName: "path"))
    var encounters: String?

    func validate() throws {
        guard clients >= 0 else { throw ValidationError("--clients must be >= 0") }
        guard sites >= 1, clinicians >= 1 else { throw ValidationError("--sites and --clinicians must be >= 1") }
        guard parsedStart != nil else { throw ValidationError("--start-date must be a valid YYYY-MM-DD date") }
        if encounters != nil && format != .fhir { throw ValidationError("--encounters needs --format fhir") }
    }

    var parsedStart: Int? {
        Array(startDate.utf8).withUnsafeBufferPointer { FieldParser.isoDate($0) }
    }

    func run() throws {
        let start = CivilCalendar.components(days: parsedStart!)
        let options = SimulationOptions(clients: clients, seed: seed, sites: sites, clinicians: clinicians,
                                        startDate: (start.year, start.month, start.day), includeGoals: goals != nil)
        let sim = PracticeSimulator(options: options)
        var files: [FileSink] = []
        defer { for f in files { f.abandon() } }
        func open(_ path: String) throws -> FileSink {
            let f = try FileSink(path: path)
            files.append(f)
            return f
        }
        let obs = try open(outputPath)
        let truthSink = try truth.map(open)
        let goalsSink = try goals.map(open)
        let encounterSink = try encounters.map(open)
        do {
            if format == .fhir {
                var writer = FHIRNDJSONWriter(catalog: .builtin, observations: { b in try b.withUnsafeBytes { try obs.write($0) } },
                                              encounters: encounterSink.map { s in { b in try b.withUnsafeBytes { try s.write($0) } } })
                try sim.run(observations: { try writer.write($0) },
                            truth: truthSink.map { s in { try s.write($0) } },
                            goals: goalsSink.map { s in { try s.write($0) } })
                try writer.finish()
            } else {
                try sim.run(observations: { try obs.write($0) },
                            truth: truthSink.map { s in { try s.write($0) } },
                            goals: goalsSink.map { s in { try s.write($0) } })
            }
            for f in files { try f.commit() }
        } catch {
            Terminal.error("headway: simulate: \(error)")
            throw HeadwayExit.ioError
        }
    }
}

enum SimulateFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, fhir
}
