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

        --plans writes treatment plans: an initial plan per episode, plan changes after the \
        simulator's own flag (with probability --adjustment-share) or on client request, and kept \
        reviews. --adjustment-effect D makes a change help: expected PHQ-9 falls by D points per \
        week after it (default 0: scores identical to a run without plans). See docs/plans.md.
        """
    )

    @Option(help: "Number of clients (0 to 100000000).") var clients: Int = 300
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Number of sites (1 to 10000).") var sites: Int = 3
    @Option(help: "Number of clinicians (1 to 100000).") var clinicians: Int = 12
    @Option(name: .customLong("start-date"), help: ArgumentHelp("First possible intake date (YYYY-MM-DD, years 1900 to 9000); intakes spread over about two years.", valueName: "date"))
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

    @Option(help: ArgumentHelp("Also write treatment plans (one row per episode and plan version) to this CSV.", valueName: "path"))
    var plans: String?
    @Option(name: .customLong("adjustment-effect"), help: ArgumentHelp("After a plan change, expected PHQ-9 falls by this many points per week (GAD-7 by 21/27 of it). 0 keeps the scores of runs without plans.", valueName: "points"))
    var adjustmentEffect: Double = 0
    @Option(name: .customLong("adjustment-share"), help: ArgumentHelp("Probability that an episode flagged by the simulator gets a plan change.", valueName: "p"))
    var adjustmentShare: Double = 0.5

    func validate() throws {
        guard let start = parsedStart else { throw ValidationError("--start-date must be a valid YYYY-MM-DD date") }
        guard adjustmentEffect.isFinite, abs(adjustmentEffect) <= 10 else { throw ValidationError("--adjustment-effect must be a number from -10 to 10 (points per week)") }
        guard adjustmentShare >= 0, adjustmentShare <= 1 else { throw ValidationError("--adjustment-share must lie in 0…1") }
        if let p = options(start: start).problem { throw ValidationError(p) }
        if encounters != nil && format != .fhir { throw ValidationError("--encounters needs --format fhir") }
    }

    var parsedStart: Int? {
        Array(startDate.utf8).withUnsafeBufferPointer { FieldParser.isoDate($0) }
    }

    func options(start day: Int) -> SimulationOptions {
        let start = CivilCalendar.components(days: day)
        var o = SimulationOptions(clients: clients, seed: seed, sites: sites, clinicians: clinicians,
                                  startDate: (start.year, start.month, start.day), includeGoals: goals != nil)
        // Unclamped, so the range check sees the numbers given.
        o.clients = clients; o.sites = sites; o.clinicians = clinicians
        o.includePlans = plans != nil
        o.adjustmentEffect = adjustmentEffect
        o.adjustmentShare = adjustmentShare
        return o
    }

    func run() throws {
        let sim = PracticeSimulator(options: options(start: parsedStart!))
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
        let plansSink = try plans.map(open)
        do {
            if format == .fhir {
                var writer = FHIRNDJSONWriter(catalog: .builtin, observations: { b in try b.withUnsafeBytes { try obs.write($0) } },
                                              encounters: encounterSink.map { s in { b in try b.withUnsafeBytes { try s.write($0) } } })
                try sim.run(observations: { try writer.write($0) },
                            truth: truthSink.map { s in { try s.write($0) } },
                            goals: goalsSink.map { s in { try s.write($0) } },
                            plans: plansSink.map { s in { try s.write($0) } })
                try writer.finish()
            } else {
                try sim.run(observations: { try obs.write($0) },
                            truth: truthSink.map { s in { try s.write($0) } },
                            goals: goalsSink.map { s in { try s.write($0) } },
                            plans: plansSink.map { s in { try s.write($0) } })
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
