import HeadwayCSV

/// Reads a long ("tidy") observations file: one row per administered measure.
///
/// Columns (header names case-insensitive, aliases accepted, order free, unknown
/// columns ignored): `client_id`, `measure`, `score`, and at least one of `date`
/// (`YYYY-MM-DD`) or `session` (integer >= 0); optional `clinician_id`, `site`,
/// `episode_id` (default: one episode per client and measure), `group`, `phase`
/// (A/B) and `status` (open/closed).
///
/// Every data row is either accepted or rejected with its line, column and reason
/// (``LoadCounts/balanced`` always holds). Duplicate rows are those with the same
/// client, episode, measure and session (or date, when the file has no sessions);
/// the later line is the one rejected.
public struct ObservationLoader {
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", aliases: ["client", "clientid", "client_no", "patient_id", "patient", "patientid",
                                          "id", "participant", "participant_id", "subject", "subject_id", "person_id", "service_user_id"]),
        ColumnSpec("measure", aliases: ["instrument", "scale", "questionnaire", "measure_name", "tool", "outcome_measure"]),
        ColumnSpec("score", aliases: ["value", "total", "total_score", "result", "raw_score"]),
        ColumnSpec("date", aliases: ["session_date", "assessment_date", "administered", "administered_on", "visit_date", "date_completed"]),
        ColumnSpec("session", aliases: ["session_number", "session_no", "session_num", "visit", "occasion", "time_point", "timepoint", "wave"]),
        ColumnSpec("clinician_id", aliases: ["clinician", "therapist", "therapist_id", "practitioner", "practitioner_id", "provider", "provider_id", "counsellor", "counselor"]),
        ColumnSpec("site", aliases: ["service", "clinic", "location", "team", "site_id"]),
        ColumnSpec("episode_id", aliases: ["episode", "course", "referral_id", "referral", "treatment_episode"]),
        ColumnSpec("group", aliases: ["arm", "condition", "cohort", "treatment_group"]),
        ColumnSpec("phase", aliases: ["scd_phase", "design_phase"]),
        ColumnSpec("status", aliases: ["episode_status", "case_status"]),
    ]

    public var catalog: MeasureCatalog
    public var mode: ValidationMode

    public init(catalog: MeasureCatalog, mode: ValidationMode = .strict) {
        self.catalog = catalog
        self.mode = mode
    }

    /// Loads `path` (`-` for standard input).
    public func load(path: String) throws -> ObservationSet {
        try load(reader: CSVReader(path: path))
    }

    /// Loads CSV text held in memory (tests, small inputs).
    public func load(text: String, name: String = "<memory>") throws -> ObservationSet {
        try load(reader: CSVReader(string: text, name: name))
    }

    public func load(reader: CSVReader) throws -> ObservationSet {
        var builder = ObservationBuilder(catalog: catalog, mode: mode, file: reader.name)
        try reader.forEachRecord { record in try builder.consume(record) }
        return try builder.finish()
    }
}

/// Row-by-row state of a load: the header map, interned strings and episodes.
struct ObservationBuilder {
    let catalog: MeasureCatalog
    let mode: ValidationMode
    let file: String
    var header: HeaderMap?
    var headerLine = 0
    var counts = LoadCounts()
    var rejections: [Rejection] = []

    // Column indices, resolved from the header (-1 = absent).
    var cClient = -1, cMeasure = -1, cScore = -1, cDate = -1, cSession = -1
    var cClinician = -1, cSite = -1, cEpisode = -1, cGroup = -1, cPhase = -1, cStatus = -1

    // Interning: consecutive rows usually repeat ids, so compare bytes with the last value.
    var clientCache = InternCache(), episodeCache = InternCache(), clinicianCache = InternCache()
    var siteCache = InternCache(), groupCache = InternCache()
    var measureCache: [(bytes: [UInt8], measure: Measure)] = []

    var episodes: [Episode] = []
    var clientSlots: [String: Int] = [:]
    var slotEpisodes: [[Int]] = []        // per client: indices into `episodes`
    var lastClient: String? = nil
    var lastSlot = -1
    var anyDate = false, anySession = false

    init(catalog: MeasureCatalog, mode: ValidationMode, file: String) {
        self.catalog = catalog
        self.mode = mode
        self.file = file
    }

    mutating func reject(_ record: CSVRecord, column: Int, field: String, _ reason: String) throws {
        let r = Rejection(line: record.line, column: column, field: field, reason: reason, raw: record.allStrings())
        if mode == .strict { throw r.error(file: file) }
        rejections.append(r)
        counts.rejected += 1
    }

    mutating func readHeader(_ record: CSVRecord) throws {
        if let m = record.malformed { throw CSVError(file: file, line: record.line, column: 0, reason: "header: \(m)") }
        let names = record.allStrings()
        let map = try HeaderMap(headers: names, specs: ObservationLoader.columns, file: file, line: record.line)
        var missing: [String] = []
        for required in ["client_id", "measure", "score"] where map[required] == nil { missing.append(required) }
        if map["date"] == nil && map["session"] == nil { missing.append("date or session") }
        if !missing.isEmpty {
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: "header lacks required column(s): \(missing.joined(separator: ", ")) (found: \(names.joined(separator: ", ")))")
        }
        header = map
        headerLine = record.line
        cClient = map["client_id"]!; cMeasure = map["measure"]!; cScore = map["score"]!
        cDate = map["date"] ?? -1; cSession = map["session"] ?? -1
        cClinician = map["clinician_id"] ?? -1; cSite = map["site"] ?? -1; cEpisode = map["episode_id"] ?? -1
        cGroup = map["group"] ?? -1; cPhase = map["phase"] ?? -1; cStatus = map["status"] ?? -1
    }

    mutating func consume(_ record: CSVRecord) throws {
        guard let header else { try readHeader(record); return }
        counts.rowsRead += 1
        if let m = record.malformed { return try reject(record, column: 0, field: "", m) }
        if record.count > header.fieldCount {
            return try reject(record, column: header.fieldCount + 1, field: "",
                              "row has \(record.count) fields but the header has \(header.fieldCount)")
        }
        if record.isBlank(cClient) { return try reject(record, column: cClient + 1, field: "client_id", "missing client_id") }
        if record.isBlank(cMeasure) { return try reject(record, column: cMeasure + 1, field: "measure", "missing measure") }
        if record.isBlank(cScore) { return try reject(record, column: cScore + 1, field: "score", "missing score") }

        guard let measure = lookupMeasure(record[cMeasure]) else {
            return try reject(record, column: cMeasure + 1, field: "measure",
                              "unknown measure \"\(record.string(cMeasure))\" (see `headway measures`, or add it with --measures FILE)")
        }
        guard let value = FieldParser.double(record[cScore]) else {
            return try reject(record, column: cScore + 1, field: "score", "score \"\(record.string(cScore))\" is not a number")
        }
        if value < measure.minScore || value > measure.maxScore {
            return try reject(record, column: cScore + 1, field: "score",
                              "score \(record.string(cScore)) is outside \(measure.name)'s range \(fmt(measure.minScore))–\(fmt(measure.maxScore))")
        }
        var day: Int? = nil
        if cDate >= 0, !record.isBlank(cDate) {
            guard let d = FieldParser.isoDate(record[cDate]) else {
                return try reject(record, column: cDate + 1, field: "date",
                                  "date \"\(record.string(cDate))\" is not a valid ISO 8601 date (YYYY-MM-DD)")
            }
            day = d
        }
        var session: Int? = nil
        if cSession >= 0, !record.isBlank(cSession) {
            guard let s = FieldParser.int(record[cSession]), s >= 0, s <= 1_000_000 else {
                return try reject(record, column: cSession + 1, field: "session",
                                  "session \"\(record.string(cSession))\" is not a whole number >= 0")
            }
            session = s
        }
        if day == nil && session == nil {
            let col = (cDate >= 0 ? cDate : cSession) + 1
            return try reject(record, column: col, field: cDate >= 0 ? "date" : "session", "missing date and session (one is required)")
        }
        var phase: Phase? = nil
        if cPhase >= 0, !record.isBlank(cPhase) {
            guard let p = Phase(text: record.string(cPhase)) else {
                return try reject(record, column: cPhase + 1, field: "phase",
                                  "phase \"\(record.string(cPhase))\" is not A/baseline or B/treatment")
            }
            phase = p
        }
        var status: EpisodeStatus? = nil
        if cStatus >= 0, !record.isBlank(cStatus) {
            guard let s = EpisodeStatus(text: record.string(cStatus)) else {
                return try reject(record, column: cStatus + 1, field: "status",
                                  "status \"\(record.string(cStatus))\" is not open or closed")
            }
            status = s
        }

        let client = clientCache.intern(record[cClient])
        let episodeID = cEpisode >= 0 && !record.isBlank(cEpisode) ? episodeCache.intern(record[cEpisode]) : "1"
        let index = episodeIndex(client: client, episodeID: episodeID, measure: measure.name)
        if day != nil { anyDate = true }
        if session != nil { anySession = true }
        episodes[index].scores.append(Score(value: value, day: day, session: session, line: record.line, phase: phase))
        if episodes[index].clinicianID == nil, cClinician >= 0, !record.isBlank(cClinician) {
            episodes[index].clinicianID = clinicianCache.intern(record[cClinician])
        }
        if episodes[index].site == nil, cSite >= 0, !record.isBlank(cSite) { episodes[index].site = siteCache.intern(record[cSite]) }
        if episodes[index].group == nil, cGroup >= 0, !record.isBlank(cGroup) { episodes[index].group = groupCache.intern(record[cGroup]) }
        if let status { episodes[index].status = status }   // the latest row's status wins
        counts.accepted += 1
    }

    mutating func lookupMeasure(_ bytes: UnsafeBufferPointer<UInt8>) -> Measure? {
        for entry in measureCache where entry.bytes.elementsEqual(bytes) { return entry.measure }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let m = catalog.measure(named: text.trimmingSpaces()) else { return nil }
        if measureCache.count < 32 { measureCache.append((Array(bytes), m)) }
        return m
    }

    mutating func episodeIndex(client: String, episodeID: String, measure: String) -> Int {
        let slot: Int
        if lastSlot >= 0, lastClient == client {
            slot = lastSlot
        } else if let s = clientSlots[client] {
            slot = s
        } else {
            slot = slotEpisodes.count
            slotEpisodes.append([])
            clientSlots[client] = slot
        }
        lastClient = client
        lastSlot = slot
        for i in slotEpisodes[slot] where episodes[i].key.episodeID == episodeID && episodes[i].key.measure == measure {
            return i
        }
        let i = episodes.count
        episodes.append(Episode(key: EpisodeKey(clientID: client, episodeID: episodeID, measure: measure), scores: []))
        slotEpisodes[slot].append(i)
        return i
    }

    mutating func finish() throws -> ObservationSet {
        if header == nil { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: no header and no rows") }
        if counts.rowsRead == 0 { throw CSVError(file: file, line: headerLine, column: 0, reason: "header only: the file has no data rows") }
        // Sort each episode in time order and reject duplicates (the later line).
        let bySession = anySession
        var duplicates: [Rejection] = []
        for e in episodes.indices {
            var scores = episodes[e].scores
            if scores.count > 1 {
                let useSession = bySession && scores.allSatisfy { $0.session != nil }
                scores.sort { a, b in
                    let ka = useSession ? (a.session!, a.day ?? Int.min) : (a.day ?? Int.min, a.session ?? Int.min)
                    let kb = useSession ? (b.session!, b.day ?? Int.min) : (b.day ?? Int.min, b.session ?? Int.min)
                    return ka != kb ? ka < kb : a.line < b.line
                }
                var kept: [Score] = [scores[0]]
                kept.reserveCapacity(scores.count)
                for s in scores.dropFirst() {
                    let prev = kept[kept.count - 1]
                    let same = useSession ? s.session == prev.session : (s.day == prev.day && s.session == prev.session)
                    if same {
                        let when = useSession ? "session \(s.session!)" : (s.day.map { "date \(CivilCalendar.isoString(days: $0))" } ?? "session \(s.session ?? 0)")
                        let (keep, drop) = prev.line < s.line ? (prev, s) : (s, prev)
                        duplicates.append(Rejection(line: drop.line, column: 0, field: "",
                                                    reason: "duplicate row: client \(episodes[e].key.clientID), episode \(episodes[e].key.episodeID), \(episodes[e].key.measure), \(when) already on line \(keep.line)",
                                                    raw: rawRow(episodes[e], drop)))
                        kept[kept.count - 1] = keep
                    } else {
                        kept.append(s)
                    }
                }
                scores = kept
            }
            episodes[e].scores = scores
        }
        if !duplicates.isEmpty {
            duplicates.sort { $0.line < $1.line }
            if mode == .strict { throw duplicates[0].error(file: file) }
            counts.accepted -= duplicates.count
            counts.rejected += duplicates.count
            rejections.append(contentsOf: duplicates)
            rejections.sort { $0.line < $1.line }
        }
        episodes.removeAll { $0.scores.isEmpty }
        episodes.sort { $0.key < $1.key }
        return ObservationSet(file: file, episodes: episodes, counts: counts, rejections: rejections,
                              hasDates: anyDate, hasSessions: anySession, header: header?.headers ?? [])
    }

    /// Rebuilds a duplicate row's fields in header order for the rejects file.
    func rawRow(_ e: Episode, _ s: Score) -> [String] {
        guard let header else { return [] }
        var row = Array(repeating: "", count: header.fieldCount)
        func put(_ c: Int, _ v: String?) { if c >= 0, let v { row[c] = v } }
        put(cClient, e.key.clientID)
        put(cMeasure, e.key.measure)
        put(cScore, fmt(s.value))
        put(cDate, s.day.map { CivilCalendar.isoString(days: $0) })
        put(cSession, s.session.map(String.init))
        put(cEpisode, cEpisode >= 0 ? e.key.episodeID : nil)
        put(cClinician, e.clinicianID)
        put(cSite, e.site)
        put(cGroup, e.group)
        return row
    }

    func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}

/// Remembers the last value of a column so repeated ids build no new `String`.
struct InternCache {
    var bytes: [UInt8] = []
    var string = ""
    var valid = false

    mutating func intern(_ f: UnsafeBufferPointer<UInt8>) -> String {
        // Trim spaces so " C1" and "C1" are the same client.
        var s = 0, e = f.count
        while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
        while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
        let t = UnsafeBufferPointer(rebasing: f[s..<e])
        if valid, bytes.elementsEqual(t) { return string }
        valid = true
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: t)
        string = String(decoding: t, as: UTF8.self)
        return string
    }
}
