// SPDX-License-Identifier: GPL-3.0-or-later
// Reads a plans file with the same input rules as observations and goals.
import HeadwayCSV

/// Reads a plans file: one row per client episode and plan version.
///
/// Columns (names case-insensitive, aliases accepted, order free, unknown columns ignored):
/// `client_id` and `plan_date` (required); optional `episode_id` (default "1", as in goals
/// files), `clinician_id`, `site`, `interventions` (free text, a list separated by `;` or `|`),
/// `modality` (a short code for grouping), `sessions_per_month` (a number ≥ 0, at most 31),
/// `next_review` (a date on or after `plan_date`), `reason` (`initial`, `flag`,
/// `client request`, `review`, … free text).
///
/// Rows are rejected (strict: the first stops the load with `file:line:column: reason`;
/// lenient: each is kept with its line and reason, and ``LoadCounts/balanced`` holds) for:
/// malformed CSV, too many fields, a missing client or plan date, a date that is not a date,
/// a frequency that is not a number in 0…31, a next review before the plan date, and a second
/// row for the same client, episode and plan date (the later line is rejected). Rows whose
/// every cell is blank are skipped. Messages name lines, never client ids.
public struct PlansLoader: Sendable {
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", aliases: ["client", "clientid", "client_no", "patient_id", "patient", "patientid",
                                          "id", "participant", "participant_id", "subject", "subject_id", "person_id", "service_user_id"]),
        ColumnSpec("episode_id", aliases: ["episode", "course", "referral_id", "referral", "treatment_episode"]),
        ColumnSpec("clinician_id", aliases: ["clinician", "therapist", "therapist_id", "practitioner", "practitioner_id", "provider", "provider_id", "counsellor", "counselor"]),
        ColumnSpec("site", aliases: ["service", "clinic", "location", "team", "site_id"]),
        ColumnSpec("plan_date", aliases: ["date", "plan_start", "start_date", "plan_version_date", "changed_on"]),
        ColumnSpec("interventions", aliases: ["intervention", "treatment", "treatments"]),
        ColumnSpec("modality", aliases: ["therapy", "therapy_type", "approach"]),
        ColumnSpec("sessions_per_month", aliases: ["frequency", "session_frequency", "sessions_month"]),
        ColumnSpec("next_review", aliases: ["review_date", "next_review_date", "review_by"]),
        ColumnSpec("reason", aliases: ["change_reason", "why", "reason_for_change"]),
    ]

    public var mode: ValidationMode
    public var limits = CSVLimits()
    public var format = CSVFormat()
    public var dateFormat: DateFormat? = nil
    public var columnMap: [String: String] = [:]

    public init(mode: ValidationMode = .strict) { self.mode = mode }

    public func load(path: String) throws -> PlanSet {
        let reader = try CSVReader(path: path)
        reader.limits = limits
        reader.format = format
        return try load(reader: reader)
    }

    public func load(text: String, name: String = "<memory>") throws -> PlanSet {
        let reader = CSVReader(string: text, name: name)
        reader.limits = limits
        reader.format = format
        return try load(reader: reader)
    }

    public func load(reader: CSVReader) throws -> PlanSet {
        var b = PlansBuilder(mode: mode, file: reader.name)
        b.dateFormat = dateFormat
        b.columnMap = columnMap
        try reader.forEachRecord { record in
            if b.header == nil { b.decimal = reader.decimal }
            try b.consume(record)
        }
        b.counts.blankLines = reader.blankLines
        return try b.finish()
    }
}

struct PlansBuilder: RowRejecting {
    let mode: ValidationMode
    let file: String
    var header: HeaderMap?
    var headerLine = 0
    var counts = LoadCounts()
    var dateFormat: DateFormat? = nil
    var columnMap: [String: String] = [:]
    var decimal = DecimalSeparator.point
    var rejections: [Rejection] = []
    var versions: [GoalEpisodeKey: [PlanVersion]] = [:]
    /// (episode, plan day) → the line that defined it.
    var seen: [String: Int] = [:]
    var c: [String: Int] = [:]

    init(mode: ValidationMode, file: String) {
        self.mode = mode
        self.file = file
    }

    mutating func readHeader(_ record: CSVRecord) throws {
        if let m = record.malformed { throw CSVError(file: file, line: record.line, column: record.malformedField, reason: "header: \(m)") }
        let names = record.allStrings()
        let map = try HeaderMap(headers: names, specs: PlansLoader.columns, file: file, line: record.line, mapping: columnMap)
        let missing = ["client_id", "plan_date"].filter { map[$0] == nil }
        if !missing.isEmpty {
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: HeaderMap.missingColumns(missing, specs: PlansLoader.columns, headers: names))
        }
        header = map
        headerLine = record.line
        c = map.index
    }

    func text(_ record: CSVRecord, _ name: String) -> String? {
        let i = col(name)
        guard i >= 0, i < record.count, !record.isBlank(i) else { return nil }
        return record.string(i).trimmingSpaces()
    }

    /// A date field: `.some(nil)` when absent or blank, `nil` after a rejection.
    mutating func date(_ record: CSVRecord, _ name: String) throws -> Int?? {
        guard text(record, name) != nil else { return .some(nil) }
        switch DateFormat.parse(record[col(name)], format: dateFormat) {
        case let .success(d): return .some(d)
        case let .failure(e):
            try reject(record, name, "\(name) \(record.quoted(col(name))) \(e.reason)")
            return nil
        }
    }

    mutating func consume(_ record: CSVRecord) throws {
        guard let header else { try readHeader(record); return }
        counts.rowsRead += 1
        if let m = record.malformed {
            let r = Rejection(line: record.line, column: record.malformedField, field: "", reason: m, raw: record.allStrings())
            if mode == .strict { throw r.error(file: file) }
            rejections.append(r)
            counts.rejected += 1
            return
        }
        if record.isEmptyRow { counts.emptyRows += 1; return }
        if record.count > header.fieldCount {
            return try reject(record, "", "row has \(record.count) fields but the header has \(header.fieldCount)")
        }
        guard let client = text(record, "client_id") else { return try reject(record, "client_id", "missing client_id") }
        guard text(record, "plan_date") != nil else { return try reject(record, "plan_date", "missing plan_date") }
        guard let planDay = try date(record, "plan_date"), let day = planDay else { return }
        guard let next = try date(record, "next_review") else { return }
        if let n = next, n < day {
            return try reject(record, "next_review", "next_review \(CivilCalendar.isoString(days: n)) is before plan_date \(CivilCalendar.isoString(days: day))")
        }
        var frequency: Double? = nil
        if text(record, "sessions_per_month") != nil {
            guard let v = FieldParser.double(record[col("sessions_per_month")], decimal: decimal), v.isFinite, v >= 0, v <= 31 else {
                return try reject(record, "sessions_per_month", "sessions_per_month \(record.quoted(col("sessions_per_month"))) is not a number from 0 to 31")
            }
            frequency = v
        }
        let episode = GoalEpisodeKey(clientID: client, episodeID: text(record, "episode_id") ?? "1")
        let slot = client + "\u{1F}" + episode.episodeID + "\u{1F}" + String(day)
        if let earlier = seen[slot] {
            return try reject(record, "plan_date", "duplicate plan row: line \(earlier) has the same client, episode and plan_date \(CivilCalendar.isoString(days: day)); the earlier line is kept")
        }
        seen[slot] = record.line
        versions[episode, default: []].append(PlanVersion(
            episode: episode, clinicianID: text(record, "clinician_id"), site: text(record, "site"), day: day,
            interventions: text(record, "interventions"), modality: text(record, "modality"), sessionsPerMonth: frequency,
            nextReview: next, reason: text(record, "reason"), line: record.line))
        counts.accepted += 1
    }

    mutating func finish() throws -> PlanSet {
        if header == nil { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: no header and no rows") }
        if counts.rowsRead == 0 { throw CSVError(file: file, line: headerLine, column: 0, reason: "header only: the file has no data rows") }
        let histories = versions.map { PlanHistory(episode: $0.key, versions: $0.value) }.sorted { $0.episode < $1.episode }
        return PlanSet(file: file, histories: histories, counts: counts, rejections: rejections, header: header?.headers ?? [])
    }
}
