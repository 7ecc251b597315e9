import ArgumentParser
import Headway

/// `--from DATE --to DATE` on the commands that select episodes (`change`, `trend`, `flags`)
/// and on `gas` (reviews): the report's rule (``ReportPeriod``), documented in docs/output.md.
struct PeriodOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp("Only episodes whose latest dated score is on or after this date (gas: reviews dated on or after it).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("Only episodes whose latest dated score is on or before this date (gas: reviews dated on or before it).", valueName: "YYYY-MM-DD"))
    var to: String?

    var fromDay: Int? { from.flatMap(ReportPeriod.parseDate) }
    var toDay: Int? { to.flatMap(ReportPeriod.parseDate) }
    var isSet: Bool { from != nil || to != nil }

    /// `--from X --to Y`, for notes.
    var text: String { [from.map { "--from \($0)" }, to.map { "--to \($0)" }].compactMap { $0 }.joined(separator: " ") }

    func validate() throws {
        if let from, ReportPeriod.parseDate(from) == nil { throw ValidationError("--from: expected a date YYYY-MM-DD, got '\(from)'") }
        if let to, ReportPeriod.parseDate(to) == nil { throw ValidationError("--to: expected a date YYYY-MM-DD, got '\(to)'") }
        if let f = fromDay, let t = toDay, f > t { throw ValidationError("--from is after --to") }
    }

    func select(_ episodes: [Episode]) -> [Episode] { ReportPeriod.select(episodes, from: fromDay, to: toDay) }

    /// The library's episode selection with this period and the given filters.
    func selection(client: String? = nil, clinician: String? = nil, measure: String? = nil) -> EpisodeSelection {
        EpisodeSelection(client: client, clinician: clinician, measure: measure, fromDay: fromDay, toDay: toDay,
                         periodText: isSet ? text : "")
    }
}
