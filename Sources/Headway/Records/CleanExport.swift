import HeadwayCSV

/// Writes accepted observations as a clean long CSV (`headway import`): UTF-8, comma-separated,
/// ISO dates, decimal points, canonical column and measure names.
///
/// Columns: `client_id, episode_id, measure, date, session, score, clinician_id, site, group,
/// phase, status` (empty cells for what the input did not have). Rows come grouped as the
/// loader holds them: clients in order of first appearance, then episode id and measure, each
/// episode in time order. Identifiers are written exactly as read (trimmed of surrounding
/// spaces, as every command reads them); a score is written in the shortest form that reads
/// back as the same number. `episode_id` is `1` for a file without episodes (the default
/// episode, which reads back the same way). Writing the file and reading it again gives the
/// same episodes.
public enum CleanExport {
    public static let header = ["client_id", "episode_id", "measure", "date", "session", "score",
                                "clinician_id", "site", "group", "phase", "status"]

    public static func write(_ set: ObservationSet, to w: CSVWriter) throws {
        try w.row(header)
        for e in set.episodes {
            for s in e.scores {
                w.field(e.key.clientID)
                w.field(e.key.episodeID)
                w.field(e.key.measure)
                w.field(date: s.day)
                w.field(s.session)
                w.field(number(s.value))
                w.field(e.clinicianID)
                w.field(e.site)
                w.field(e.group)
                w.field(s.phase.map { $0 == .baseline ? "A" : "B" })
                w.field(e.status?.rawValue)
                try w.endRecord()
            }
        }
        try w.flush()
    }

    /// `12` for whole numbers, else Swift's shortest round-trip form (`12.5`).
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
