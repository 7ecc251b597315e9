// SPDX-License-Identifier: GPL-3.0-or-later
// Acknowledged flags (`headway flags --acknowledged FILE`): a clinician has seen the flag.
import HeadwayCSV

/// One acknowledgement: a clinician has reviewed the flag of a client episode (one measure, or
/// all of them) on a date.
///
/// Convention: a red or yellow flag is acknowledged when an acknowledgement of its client,
/// episode and measure (or `all`) is dated on or after the flag's latest score and on or before
/// the as-of date. A score dated after the acknowledgement lifts it (the flag counts again); an
/// acknowledgement dated after the as-of date is ignored (replaying a past date ignores later
/// acknowledgements). Scores without a date cannot be compared with a date, so they are never
/// acknowledged. An acknowledged flag keeps its colour but does not raise the exit status.
public struct FlagAcknowledgement: Sendable, Hashable {
    public var clientID: String
    public var episodeID: String
    /// The catalog's measure name, or `nil` for `all`.
    public var measure: String?
    public var day: Int
    public var by: String
    public var note: String
    /// Line in the acknowledgements file.
    public var line: Int

    public init(clientID: String, episodeID: String, measure: String?, day: Int, by: String, note: String = "", line: Int = 0) {
        self.clientID = clientID
        self.episodeID = episodeID
        self.measure = measure
        self.day = day
        self.by = by
        self.note = note
        self.line = line
    }

    /// Whether this acknowledgement covers `r` judged as of `asOf` (see the type's convention).
    public func covers(_ r: FlagResult, asOf: Int?) -> Bool {
        guard r.status == .red || r.status == .yellow else { return false }
        guard r.key.clientID == clientID, r.key.episodeID == episodeID, measure == nil || measure == r.key.measure else { return false }
        if let asOf, day > asOf { return false }
        guard let latest = r.latestDay else { return false }
        return latest <= day
    }

    /// Sets ``FlagResult/acknowledgement`` on every red or yellow result that an acknowledgement
    /// covers (the latest-dated one when several do; on the same date, the later line of the file).
    public static func apply(_ acks: [FlagAcknowledgement], to results: inout [FlagResult], asOf: Int?) {
        guard !acks.isEmpty else { return }
        var byEpisode: [GoalEpisodeKey: [FlagAcknowledgement]] = [:]
        for a in acks { byEpisode[GoalEpisodeKey(clientID: a.clientID, episodeID: a.episodeID), default: []].append(a) }
        for i in results.indices {
            let k = GoalEpisodeKey(clientID: results[i].key.clientID, episodeID: results[i].key.episodeID)
            guard let list = byEpisode[k] else { continue }
            results[i].acknowledgement = list.filter { $0.covers(results[i], asOf: asOf) }.max { ($0.day, $0.line) < ($1.day, $1.line) }
        }
    }
}

/// Reads an acknowledgements CSV: columns `client_id`, `episode_id` (optional: "1" when absent,
/// as in the observations file), `measure` (a measure name or alias, or `all`), `date`
/// (YYYY-MM-DD), `by`, and optional `note`. Identifiers are kept exactly as written.
public enum FlagAcknowledgementFile {
    public static let required = ["client_id", "measure", "date", "by"]

    public static func load(path: String, catalog: MeasureCatalog) throws -> [FlagAcknowledgement] {
        try load(reader: InputFile.reader(path: path), catalog: catalog)
    }

    public static func load(text: String, name: String = "<memory>", catalog: MeasureCatalog) throws -> [FlagAcknowledgement] {
        try load(reader: CSVReader(string: text, name: name), catalog: catalog)
    }

    /// - Throws: `CSVError` (file:line:column: reason) for a missing column, an empty client,
    ///   episode, measure or `by`, a malformed row or an invalid date.
    public static func load(reader: CSVReader, catalog: MeasureCatalog) throws -> [FlagAcknowledgement] {
        var index: [String: Int] = [:]
        var out: [FlagAcknowledgement] = []
        let file = reader.name
        try reader.forEachRecord { rec in
            if index.isEmpty {
                for i in 0..<rec.count { index[rec.string(i).ackTrimmed.lowercased()] = i }
                for name in required where index[name] == nil {
                    throw CSVError(file: file, line: rec.line, column: 0, reason: "missing column \(name)")
                }
                return
            }
            if let m = rec.malformed { throw CSVError(file: file, line: rec.line, column: 0, reason: m) }
            func text(_ name: String, required: Bool = true) throws -> String {
                guard let i = index[name] else { return "" }
                let v = i < rec.count ? rec.string(i) : ""
                if required && v.ackTrimmed.isEmpty {
                    throw CSVError(file: file, line: rec.line, column: i + 1, reason: "\(name) is empty")
                }
                return v
            }
            let client = try text("client_id")
            let episode = index["episode_id"] == nil ? "1" : try text("episode_id")
            let m = try text("measure")
            let measure: String? = m.ackTrimmed.lowercased() == "all" ? nil : (catalog.measure(named: m)?.name ?? m)
            let di = index["date"]!
            guard di < rec.count, let day = FieldParser.isoDate(rec[di]) else {
                throw CSVError(file: file, line: rec.line, column: di + 1, reason: "date must be a date YYYY-MM-DD")
            }
            out.append(FlagAcknowledgement(clientID: client, episodeID: episode, measure: measure, day: day,
                                           by: try text("by"), note: try text("note", required: false), line: rec.line))
        }
        if index.isEmpty { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: expected a header with \(required.joined(separator: ", "))") }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (for header names and emptiness checks only).
    fileprivate var ackTrimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
