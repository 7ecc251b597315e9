// SPDX-License-Identifier: GPL-3.0-or-later

/// Which episodes a per-episode command analyses: `--client`, `--clinician`, `--measure` and the
/// period (`--from/--to`), one rule for `change`, `trend` and `flags`. A selection that leaves
/// nothing of a non-empty input gives an empty result and a note naming the options
/// (docs/output.md), never an error.
public struct EpisodeSelection: Sendable, Equatable {
    /// Only this client's episodes (the id exactly as in the file).
    public var client: String?
    /// Only episodes of this clinician.
    public var clinician: String?
    /// Only this measure, as the user wrote it: a catalog name or alias (`phq9` selects `PHQ-9`);
    /// a name the catalog does not know selects episodes recorded under exactly that name.
    public var measure: String?
    /// The period: episodes whose latest dated score falls in `fromDay...toDay` (days since
    /// 1970-01-01; either end open when `nil`), the report's rule (``ReportPeriod``).
    public var fromDay: Int?
    public var toDay: Int?
    /// The period options as the user gave them (`--from 2025-01-01 --to 2025-03-31`), for the note.
    public var periodText: String

    public init(client: String? = nil, clinician: String? = nil, measure: String? = nil,
                fromDay: Int? = nil, toDay: Int? = nil, periodText: String = "") {
        self.client = client
        self.clinician = clinician
        self.measure = measure
        self.fromDay = fromDay
        self.toDay = toDay
        self.periodText = periodText
    }

    /// Whether any option narrows the episodes.
    public var isSet: Bool { client != nil || clinician != nil || measure != nil || fromDay != nil || toDay != nil }

    /// The selected episodes, in their input order.
    public func apply(_ episodes: [Episode], catalog: MeasureCatalog) -> [Episode] {
        guard isSet else { return episodes }
        let name = measure.map { catalog.measure(named: $0)?.name ?? $0 }
        let kept = (client == nil && clinician == nil && name == nil) ? episodes : episodes.filter { e in
            (client == nil || e.key.clientID == client) && (clinician == nil || e.clinicianID == clinician)
                && (name == nil || e.key.measure == name)
        }
        return ReportPeriod.select(kept, from: fromDay, to: toDay)
    }

    /// The options that narrowed the episodes, as typed (`--client C1 --measure phq9 --from …`).
    public var optionsText: String {
        [client.map { "--client \($0)" }, clinician.map { "--clinician \($0)" }, measure.map { "--measure \($0)" },
         periodText.isEmpty ? nil : periodText].compactMap { $0 }.joined(separator: " ")
    }

    /// The options to name in the "matches nothing" note when the selection left nothing of
    /// `input` episodes; `nil` when there is nothing to say.
    public func emptyNote(input: Int, selected: Int) -> String? {
        selected == 0 && input > 0 && isSet ? optionsText : nil
    }
}
