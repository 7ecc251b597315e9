import HeadwayCSV

/// Reads a goals file: one row per goal per review.
///
/// Columns (names case-insensitive, aliases accepted, order free, unknown columns
/// ignored): `client_id`, `goal_id`, and `review` (whole number ≥ 0) and/or `review_date`
/// (YYYY-MM-DD); for GAS rows `attained` (−2…+2, or a verbal rating, see ``GASLight``);
/// for Goal-Based Outcomes rows (`scale` = `gbo`) `goal_score` (0–10). Optional:
/// `clinician_id`, `site`, `episode_id` (default "1"), `description`, `scale` (`gas`
/// default, or `gbo`), `importance` and `difficulty` (0–3, both or neither), `weight`
/// (≥ 0, used when importance and difficulty are absent), `baseline` (GAS: −1 or −2;
/// GBO: 0–10), `target_date` (the date the goal should be reached by) and `target_level` (GAS
/// −2…+2, GBO 0–10; see docs/plans.md).
///
/// Rows are rejected (strict: the first stops the load; lenient: each is kept with its
/// line and reason, and ``LoadCounts/balanced`` holds) for: malformed CSV, too many
/// fields, a missing client, goal, review or rating, a level outside −2…+2, a baseline
/// other than −1/−2 (GAS) or outside 0–10 (GBO), importance or difficulty outside 0–3
/// or only one of them, a negative weight, a target date that is not a date, a target level
/// outside the scale, a target date or level that differs from the goal's earlier rows, an unknown scale, a row whose scale, weight
/// or baseline differs from the goal's earlier rows, and a duplicate rating of the same
/// goal (client, episode, goal id) at the same review (its number, or its date when the row
/// has no number): the later line in file order is rejected, as it is read, so strict mode
/// stops at the first bad row in file order. Messages name lines, never client ids.
public struct GoalsLoader: Sendable {
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", aliases: ["client", "clientid", "client_no", "patient_id", "patient", "patientid",
                                          "id", "participant", "participant_id", "subject", "subject_id", "person_id", "service_user_id"]),
        ColumnSpec("goal_id", aliases: ["goal", "goal_no", "goal_number", "goal_num"]),
        ColumnSpec("clinician_id", aliases: ["clinician", "therapist", "therapist_id", "practitioner", "practitioner_id", "provider", "provider_id", "counsellor", "counselor"]),
        ColumnSpec("site", aliases: ["service", "clinic", "location", "team", "site_id"]),
        ColumnSpec("episode_id", aliases: ["episode", "course", "referral_id", "referral", "treatment_episode"]),
        ColumnSpec("description", aliases: ["goal_description", "goal_text", "goal_name", "text"]),
        ColumnSpec("scale", aliases: ["goal_scale", "method", "goal_method", "measure"]),
        ColumnSpec("importance", aliases: ["goal_importance"]),
        ColumnSpec("difficulty", aliases: ["goal_difficulty"]),
        ColumnSpec("weight", aliases: ["goal_weight"]),
        ColumnSpec("baseline", aliases: ["baseline_level", "baseline_score", "gas_baseline"]),
        ColumnSpec("review", aliases: ["review_number", "review_no", "review_num", "occasion", "timepoint", "time_point", "session"]),
        ColumnSpec("review_date", aliases: ["date", "rating_date", "date_rated", "review_on"]),
        ColumnSpec("attained", aliases: ["attainment", "outcome", "outcome_rating", "final_rating", "attainment_level", "gas_level", "level", "outcome_level", "gas_score"]),
        ColumnSpec("goal_score", aliases: ["gbo_score", "gbo", "progress", "goal_progress"]),
        ColumnSpec("target_date", aliases: ["goal_target_date", "due_date", "target_by", "deadline"]),
        ColumnSpec("target_level", aliases: ["goal_target_level", "target", "target_score"]),
    ]

    /// The largest review number accepted (also the largest observation session, ``ObservationLoader/maxSession``).
    public static let maxReview = 1_000_000

    public var mode: ValidationMode
    /// Field and record length limits of the reader (`CSVLimits`).
    public var limits = CSVLimits()
    /// Encoding, delimiter and decimal separator (`CSVFormat`; nil fields are detected).
    public var format = CSVFormat()
    /// How non-ISO review dates are written (``DateFormat``; `--date-format`).
    public var dateFormat: DateFormat? = nil
    /// Headers named explicitly (`--column goal_id="Goal"`): canonical name → header text.
    public var columnMap: [String: String] = [:]
    /// Whether the file must be a wide GAS sheet (`--wide`); otherwise one is detected (``WideLayout``).
    public var wide = false

    public init(mode: ValidationMode = .strict) { self.mode = mode }

    /// Loads `path` (`-` for standard input).
    public func load(path: String) throws -> GoalSet {
        let reader = try InputFile.reader(path: path, format: format)
        reader.limits = limits
        return try load(reader: reader)
    }

    /// Loads CSV text held in memory.
    public func load(text: String, name: String = "<memory>") throws -> GoalSet {
        let reader = CSVReader(string: text, name: name)
        reader.limits = limits
        reader.format = format
        return try load(reader: reader)
    }

    public func load(reader: CSVReader) throws -> GoalSet {
        var builder = GoalsBuilder(mode: mode, file: reader.name)
        builder.dateFormat = dateFormat
        builder.columnMap = columnMap
        // A wide GAS sheet (one column per review) is turned into long rows here, before rows
        // reach the row reader (``WideLayout``). A blank review cell is a goal not rated at that
        // review: skipped and counted, so GAS T is computed on the rated goals (``GoalAttainment``).
        var layout: WideLayout? = nil
        var sawHeader = false
        try reader.forEachRecord { record in
            if builder.header == nil { builder.decimal = reader.decimal }
            if !sawHeader {
                sawHeader = true
                layout = try WideLayout.reviews(header: record, columnMap: columnMap, dateFormat: dateFormat, requested: wide, file: reader.name)
                if let layout {
                    return try CSVRecord.withFields(strings: layout.longHeader, line: record.line) { try builder.consume($0) }
                }
            }
            if let layout {
                try layout.expand(record) { row, _ in
                    if row.malformed == nil, !row.isEmptyRow, row.isBlank(row.count - 1) {
                        builder.counts.rowsRead += 1
                        builder.counts.notAdministered += 1
                        return
                    }
                    try builder.consume(row)
                }
            } else {
                try builder.consume(record)
            }
        }
        builder.counts.blankLines = reader.blankLines
        var set = try builder.finish()
        if let layout {
            set.wide = layout
            set.rejections = set.rejections.map(layout.sheetRejection)
        }
        return set
    }
}

struct GoalsBuilder: RowRejecting {
    let mode: ValidationMode
    let file: String
    var header: HeaderMap?
    var headerLine = 0
    var counts = LoadCounts()
    var dateFormat: DateFormat? = nil
    var columnMap: [String: String] = [:]
    /// The decimal separator of weights (and of `2,0`-style whole numbers), from the reader.
    var decimal = DecimalSeparator.point
    var rejections: [Rejection] = []
    var goals: [GoalRecord] = []
    var goalIndex: [String: Int] = [:]      // client \u{1F} episode \u{1F} goal -> index
    var firstLine: [Int] = []               // per goal: the line that defined it
    /// (goal index, review key) -> the line that rated it: a later rating at the same review is a duplicate.
    var ratedAt: [GoalReviewSlot: Int] = [:]

    var c: [String: Int] = [:]

    init(mode: ValidationMode, file: String) {
        self.mode = mode
        self.file = file
    }

    mutating func readHeader(_ record: CSVRecord) throws {
        if let m = record.malformed { throw CSVError(file: file, line: record.line, column: record.malformedField, reason: "header: \(m)") }
        let names = record.allStrings()
        let map = try HeaderMap(headers: names, specs: GoalsLoader.columns, file: file, line: record.line, mapping: columnMap)
        var missing: [String] = []
        for required in ["client_id", "goal_id"] where map[required] == nil { missing.append(required) }
        if map["review"] == nil && map["review_date"] == nil { missing.append("review or review_date") }
        if map["attained"] == nil && map["goal_score"] == nil { missing.append("attained or goal_score") }
        if !missing.isEmpty {
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: HeaderMap.missingColumns(missing, specs: GoalsLoader.columns, headers: names))
        }
        header = map
        headerLine = record.line
        c = map.index
    }

    /// Field `name` for a message: quoted, at most a short prefix (``FieldExcerpt``).
    func quoted(_ record: CSVRecord, _ name: String) -> String { record.quoted(col(name)) }

    func text(_ record: CSVRecord, _ name: String) -> String? {
        let i = col(name)
        guard i >= 0, i < record.count, !record.isBlank(i) else { return nil }
        return record.string(i).trimmingSpaces()
    }

    /// A whole number: an optional sign, decimal digits (at most 18), and optionally a
    /// decimal point followed only by zeros (`2.0`, as spreadsheets export). Nothing else:
    /// no hexadecimal (`0x10`), no exponent (`1e3`), no spaces inside. `.some(nil)` for an
    /// absent or blank field, `nil` for a field that is not a whole number.
    func int(_ record: CSVRecord, _ name: String) -> Int?? {
        let i = col(name)
        guard i >= 0, i < record.count, !record.isBlank(i) else { return .some(nil) }
        if let v = FieldParser.int(record[i]) { return .some(v) }
        let text = record.string(i).trimmingSpaces()
        let separator: Character = decimal == .comma ? "," : "."
        guard let point = text.firstIndex(of: separator), text[text.index(after: point)...].allSatisfy({ $0 == "0" }) else { return nil }
        let whole = text[..<point]
        guard let v = Array(whole.utf8).withUnsafeBufferPointer({ FieldParser.int($0) }) else { return nil }
        return .some(v)
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
        if record.isEmptyRow { counts.emptyRows += 1; return }      // an Excel `,,,,` row
        if record.count > header.fieldCount {
            return try reject(record, "", "row has \(record.count) fields but the header has \(header.fieldCount)")
        }
        guard let client = text(record, "client_id") else { return try reject(record, "client_id", "missing client_id") }
        guard let goalID = text(record, "goal_id") else { return try reject(record, "goal_id", "missing goal_id") }

        var scale = GoalScale.gas
        if let s = text(record, "scale") {
            guard let parsed = GoalScale(text: s) else {
                let near = Suggestions.closest(s, among: [("gas", ["gas", "gas light"]), ("gbo", ["gbo"])]).map { " (did you mean \($0)?)" } ?? ""
                return try reject(record, "scale", "scale \(quoted(record, "scale")) is not gas or gbo\(near)")
            }
            scale = parsed
        }

        // Review number and/or date.
        guard let review = int(record, "review") else {
            return try reject(record, "review", "review \(quoted(record, "review")) is not a whole number (decimal digits)")
        }
        if let r = review, r < 0 || r > GoalsLoader.maxReview {
            return try reject(record, "review", "review \(r) is outside 0…\(GoalsLoader.maxReview) (review numbers are whole numbers from 0 to \(GoalsLoader.maxReview))")
        }
        var day: Int? = nil
        if text(record, "review_date") != nil {
            let parsed: Int
            switch DateFormat.parse(record[col("review_date")], format: dateFormat) {
            case let .success(d): parsed = d
            case let .failure(e): return try reject(record, "review_date", "review_date \(quoted(record, "review_date")) \(e.reason)")
            }
            day = parsed
        }
        if review == nil && day == nil {
            return try reject(record, col("review") >= 0 ? "review" : "review_date", "missing review and review_date (one is required)")
        }

        // Weights.
        guard let importance = int(record, "importance") else {
            return try reject(record, "importance", "importance \(quoted(record, "importance")) is not a whole number 0–3")
        }
        guard let difficulty = int(record, "difficulty") else {
            return try reject(record, "difficulty", "difficulty \(quoted(record, "difficulty")) is not a whole number 0–3")
        }
        if let i = importance, !(0...3).contains(i) { return try reject(record, "importance", "importance \(i) is outside 0–3") }
        if let d = difficulty, !(0...3).contains(d) { return try reject(record, "difficulty", "difficulty \(d) is outside 0–3") }
        if (importance == nil) != (difficulty == nil) {
            let missing = importance == nil ? "importance" : "difficulty"
            return try reject(record, missing, "missing \(missing) (importance and difficulty are given together; weight = importance × difficulty)")
        }
        var weight: Double? = nil
        if text(record, "weight") != nil {
            guard let v = FieldParser.double(record[col("weight")], decimal: decimal), v.isFinite, v >= 0 else {
                return try reject(record, "weight", "weight \(quoted(record, "weight")) is not a number >= 0")
            }
            guard v <= GASScore.maximumWeight else {
                return try reject(record, "weight", "weight \(quoted(record, "weight")) is above the largest weight, 1000000")
            }
            weight = v
        }

        // Baseline and rating.
        guard let baseline = int(record, "baseline") else {
            return try reject(record, "baseline", "baseline \(quoted(record, "baseline")) is not a whole number")
        }
        let value: Int
        switch scale {
        case .gas:
            if let b = baseline, b != -1 && b != -2 {
                return try reject(record, "baseline", "baseline \(b) is not −1 or −2 (Turner-Stokes convention: the level when the goal was set)")
            }
            guard let a = text(record, "attained") else { return try reject(record, col("attained") >= 0 ? "attained" : "scale", "missing attained (GAS level −2…+2)") }
            if let n = int(record, "attained"), let level = n {
                guard (-2...2).contains(level) else { return try reject(record, "attained", "attained level \(level) is outside −2…+2") }
                value = level
            } else if let mapped = GASLight.mapping(a) {
                guard let level = GASLight.level(a, baseline: baseline) else {
                    _ = mapped
                    return try reject(record, "attained", "attained \(quoted(record, "attained")) means the baseline level, but the row has no baseline")
                }
                value = level
            } else {
                let near = GASLight.suggestion(a).map { " (did you mean \"\($0)\"?)" } ?? ""
                return try reject(record, "attained", "attained \(quoted(record, "attained")) is not a level −2…+2 or a known verbal rating\(near) (see `headway gas --help`)")
            }
        case .gbo:
            if let b = baseline, !(0...10).contains(b) {
                return try reject(record, "baseline", "GBO baseline \(b) is outside 0–10")
            }
            let name = col("goal_score") >= 0 ? "goal_score" : "attained"
            guard let s = int(record, name) else {
                return try reject(record, name, "GBO goal_score \(quoted(record, name)) is not a whole number 0–10")
            }
            guard let score = s else { return try reject(record, name, "missing goal_score (GBO 0–10)") }
            guard (0...10).contains(score) else { return try reject(record, name, "GBO goal_score \(score) is outside 0–10") }
            value = score
        }

        // SMART target (optional).
        var targetDay: Int? = nil
        if text(record, "target_date") != nil {
            switch DateFormat.parse(record[col("target_date")], format: dateFormat) {
            case let .success(d): targetDay = d
            case let .failure(e): return try reject(record, "target_date", "target_date \(quoted(record, "target_date")) \(e.reason)")
            }
        }
        guard let targetLevel = int(record, "target_level") else {
            return try reject(record, "target_level", "target_level \(quoted(record, "target_level")) is not a whole number")
        }
        if let t = targetLevel, !(scale == .gas ? (-2...2) : (0...10)).contains(t) {
            return try reject(record, "target_level", "target_level \(t) is outside \(scale == .gas ? "−2…+2 (GAS)" : "0–10 (GBO)")")
        }

        let episodeID = text(record, "episode_id") ?? "1"
        let key = client + "\u{1F}" + episodeID + "\u{1F}" + goalID
        let rating = GoalRating(review: review, day: day, value: value, line: record.line)
        if let gi = goalIndex[key] {
            let g = goals[gi]
            let defined = firstLine[gi]
            if g.scale != scale {
                return try reject(record, "scale", "scale \(scale.rawValue) differs from \(g.scale.rawValue) on line \(defined) for the same goal")
            }
            if g.importance != importance || g.difficulty != difficulty || g.explicitWeight != weight {
                return try reject(record, importance != nil ? "importance" : "weight",
                                  "importance/difficulty/weight differ from line \(defined) for the same goal (a goal has one weight)")
            }
            if let b = baseline, let gb = g.baseline, b != gb {
                return try reject(record, "baseline", "baseline \(b) differs from \(gb) on line \(defined) for the same goal")
            }
            if let t = targetDay, let gt = g.targetDay, t != gt {
                return try reject(record, "target_date", "target_date differs from line \(defined) for the same goal (a goal has one target date)")
            }
            if let t = targetLevel, let gt = g.targetLevel, t != gt {
                return try reject(record, "target_level", "target_level \(t) differs from \(gt) on line \(defined) for the same goal")
            }
            if let earlier = ratedAt[GoalReviewSlot(goal: gi, key: rating.key)] {
                let when = review.map { "review \($0)" } ?? "review_date \(CivilCalendar.isoString(days: day ?? 0))"
                return try reject(record, "", "duplicate goal row: line \(earlier) rates the same client, episode and goal at \(when); the earlier line is kept")
            }
            ratedAt[GoalReviewSlot(goal: gi, key: rating.key)] = record.line
            if goals[gi].baseline == nil { goals[gi].baseline = baseline }
            if goals[gi].targetDay == nil { goals[gi].targetDay = targetDay }
            if goals[gi].targetLevel == nil { goals[gi].targetLevel = targetLevel }
            if goals[gi].clinicianID == nil { goals[gi].clinicianID = text(record, "clinician_id") }
            if goals[gi].site == nil { goals[gi].site = text(record, "site") }
            if goals[gi].description == nil { goals[gi].description = text(record, "description") }
            goals[gi].ratings.append(rating)
        } else {
            ratedAt[GoalReviewSlot(goal: goals.count, key: rating.key)] = record.line
            goalIndex[key] = goals.count
            firstLine.append(record.line)
            goals.append(GoalRecord(episode: GoalEpisodeKey(clientID: client, episodeID: episodeID), goalID: goalID,
                                    clinicianID: text(record, "clinician_id"), site: text(record, "site"),
                                    description: text(record, "description"), scale: scale,
                                    importance: importance, difficulty: difficulty, explicitWeight: weight,
                                    baseline: baseline, ratings: [rating], targetDay: targetDay, targetLevel: targetLevel))
        }
        counts.accepted += 1
    }

    mutating func finish() throws -> GoalSet {
        if header == nil { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: no header and no rows") }
        if counts.rowsRead == 0 { throw CSVError(file: file, line: headerLine, column: 0, reason: "header only: the file has no data rows") }
        for gi in goals.indices {
            goals[gi].ratings.sort { a, b in
                let ka = (a.review ?? Int.max, a.day ?? Int.max), kb = (b.review ?? Int.max, b.day ?? Int.max)
                return ka != kb ? ka < kb : a.line < b.line
            }
        }
        goals.sort { ($0.episode, $0.goalID) < ($1.episode, $1.goalID) }
        return GoalSet(file: file, goals: goals, counts: counts, rejections: rejections, header: header?.headers ?? [])
    }
}

/// One goal at one review (duplicate detection).
struct GoalReviewSlot: Hashable {
    var goal: Int
    var key: ReviewKey
}
