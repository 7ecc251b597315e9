import Dispatch
import HeadwayCSV

/// Reads a long ("tidy") observations file: one row per administered measure.
///
/// Columns (header names case-insensitive, aliases accepted, order free, unknown
/// columns ignored): `client_id`, `measure`, `score`, and at least one of `date`
/// (`YYYY-MM-DD`) or `session` (integer >= 0); optional `clinician_id`, `site`,
/// `episode_id` (default: one episode per client and measure), `group`, `phase`
/// (A/B), `phase_pair` (single-case A→B pair number, integer 1–65535) and `status` (open/closed).
///
/// Every data row is either accepted or rejected with its line, column and reason
/// (``LoadCounts/balanced`` always holds). Duplicates follow `DuplicateRule` (the
/// same client, episode, measure and session, or date for a row without a session, as an
/// earlier line: the later line is rejected), checked as rows are read, so strict mode
/// stops at the first bad row in file order.
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
        ColumnSpec("phase_pair", aliases: ["phase_num", "phase_number", "pair_number"]),
        ColumnSpec("status", aliases: ["episode_status", "case_status"]),
    ]

    /// The largest session number accepted.
    public static let maxSession = 1_000_000

    public var catalog: MeasureCatalog
    public var mode: ValidationMode

    public init(catalog: MeasureCatalog, mode: ValidationMode = .strict) {
        self.catalog = catalog
        self.mode = mode
    }

    /// Field and record length limits of the reader (`CSVLimits`).
    public var limits = CSVLimits()
    /// Encoding, delimiter and decimal separator (`CSVFormat`; nil fields are detected).
    public var format = CSVFormat()
    /// Whether a row with a blank score is an error (`--require-scores`) instead of being
    /// skipped as "not administered" (the default: a practice export lists every measure of a
    /// session, with blank cells for those not given, and these are not data errors).
    public var requireScores = false
    /// How non-ISO dates are written (``DateFormat``; `--date-format`).
    public var dateFormat: DateFormat? = nil
    /// Headers named explicitly (`--column client_id="Client Name"`): canonical name → header text.
    public var columnMap: [String: String] = [:]
    /// Whether the file must be a wide sheet (`--wide`); otherwise one is detected (``WideLayout``).
    public var wide = false
    /// Called on the loading thread with the number of data rows read so far, every
    /// ``progressInterval`` rows (never per row): for a progress line. It should return quickly.
    public var progress: ((Int) -> Void)? = nil
    /// Rows between two calls of ``progress``.
    public static let progressInterval = 4096

    /// CSV, FHIR, or detected from the content (``InputFormat``; `--input-format`).
    public var inputFormat = InputFormat.auto

    /// Threads for reading (`--threads`): a large UTF-8 CSV file is cut into this many byte
    /// ranges (``ByteRangeSplit``), parsed in parallel and merged into exactly the set one
    /// sequential pass gives. 1: one pass.
    public var threads = 1
    /// Files smaller than this many bytes are read in one pass whatever ``threads`` says.
    public var parallelThreshold = 8 << 20

    /// Loads `path` (`-` for standard input); FHIR input goes through ``FHIRInput``.
    public func load(path: String) throws -> ObservationSet {
        if inputFormat == .fhir || (inputFormat == .auto && FHIRInput.detect(path: path)) { return try FHIRInput.load(path: path, loader: self) }
        if threads > 1, let set = try loadParallel(path: path) { return set }
        let reader = try InputFile.reader(path: path, format: format)
        reader.limits = limits
        return try load(reader: reader)
    }

    /// Loads CSV text held in memory (tests, small inputs).
    public func load(text: String, name: String = "<memory>") throws -> ObservationSet {
        let reader = CSVReader(string: text, name: name)
        reader.limits = limits
        reader.format = format
        return try load(reader: reader)
    }

    public func load(reader: CSVReader) throws -> ObservationSet {
        var builder = ObservationBuilder(catalog: catalog, mode: mode, file: reader.name)
        builder.requireScores = requireScores
        builder.dateFormat = dateFormat
        builder.columnMap = columnMap
        // A wide sheet (one column per measure) is turned into long rows here, before rows
        // reach the parser (``WideLayout``).
        var layout: WideLayout? = nil
        var sawHeader = false
        try reader.forEachRecord { record in
            if builder.parser == nil { builder.decimal = reader.decimal }
            if !sawHeader {
                sawHeader = true
                layout = try WideLayout.measures(header: record, catalog: catalog, columnMap: columnMap, requested: wide, file: reader.name)
                if let layout {
                    return try CSVRecord.withFields(strings: layout.longHeader, line: record.line) { try builder.consume($0) }
                }
            }
            if let layout {
                try layout.expand(record) { row, _ in try builder.consume(row) }
            } else {
                try builder.consume(record)
            }
            if let progress, builder.counts.rowsRead % Self.progressInterval == 0, builder.counts.rowsRead > 0 {
                progress(builder.counts.rowsRead)
            }
        }
        builder.counts.blankLines = reader.blankLines
        var set = try builder.finish()
        set.readInfo = reader.info
        if let layout {
            set.wide = layout
            set.rejections = set.rejections.map(layout.sheetRejection)
        }
        return set
    }

    /// What one part of a parallel load gives.
    private struct PartResult {
        var builder: ObservationBuilder? = nil
        var endLine = 1
        var insideQuotes = false
        var failed = false
    }

    /// The parts of a parallel load: one slot per part, written by exactly one worker (plain
    /// memory, so workers never share an array's storage) and read after all have finished.
    private final class Parts: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<PartResult>
        init(_ n: Int) {
            slots = .allocate(capacity: n)
            slots.initialize(repeating: PartResult())
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
    }

    /// A non-Sendable value handed to the workers of one `concurrentPerform`.
    private struct Unchecked<V>: @unchecked Sendable { let value: V }

    /// Reads `path` as ``threads`` byte ranges in parallel (``ByteRangeSplit``), each into its own
    /// builder, and merges them in file order. Nil when the file must be read in one pass: standard
    /// input, a workbook, a non-UTF-8 encoding, a wide sheet, a small file, a cut that was not a
    /// record boundary, any error in a part (the one-pass read then reports the first bad row in
    /// file order, as always), or a duplicate across parts (only one pass knows which row to keep
    /// with the same clinician, site and status effects).
    func loadParallel(path: String) throws -> ObservationSet? {
        if let e = format.encoding, e != .utf8 { return nil }
        guard !wide, path != "-", !InputFile.isWorkbook(path),
              let split = ByteRangeSplit(path: path, parts: threads, minimumSize: parallelThreshold) else { return nil }
        // The header, read with the loader's own format as the one-pass read does.
        let headerReader = CSVReader(bytes: split.header, name: path)
        headerReader.limits = limits
        headerReader.format = format
        var headerBuilder = ObservationBuilder(catalog: catalog, mode: mode, file: path)
        headerBuilder.requireScores = requireScores
        headerBuilder.dateFormat = dateFormat
        headerBuilder.columnMap = columnMap
        headerBuilder.threads = threads
        var isWide = false
        try headerReader.forEachRecord { record in
            guard headerBuilder.parser == nil, !isWide else { return }
            if try WideLayout.measures(header: record, catalog: catalog, columnMap: columnMap, requested: false, file: path) != nil {
                isWide = true
                return
            }
            headerBuilder.decimal = headerReader.decimal
            try headerBuilder.consume(record)
        }
        guard !isWide, headerBuilder.parser != nil else { return nil }
        let template = headerBuilder
        let partFormat = CSVFormat(encoding: .utf8, delimiter: headerReader.delimiter, decimal: headerReader.decimal)
        let n = split.ranges.count
        let parts = Parts(n)
        defer { withExtendedLifetime(parts) {} }   // its slots are read through a raw pointer below
        let limits = limits, firstLine = split.firstDataLine
        let progress = Unchecked(value: progress)
        // Rows of a part, estimated from the first 64 KiB of data (3 % over, at most one row per 8
        // bytes): the part's rows are reserved once (growing by doubling kept up to twice them).
        let density = min(ByteRangeSplit.lineDensity(path: path, at: split.ranges[0].lowerBound) ?? 0, 1.0 / 8)
        let t0 = ReportTiming.now()
        DispatchQueue.concurrentPerform(iterations: n) { i in
            var builder = template
            builder.noScores = ScoreList.unshared()
            let range = split.ranges[i]
            let expected = Int(Double(range.count) * density * 1.03) + 1024
            builder.rows.reserveCapacity(expected)
            builder.rowEpisode.reserveCapacity(expected)
            // Episodes: at most a quarter of the rows (two measures of a few sessions each give about
            // a fifth); the first part absorbs every other part's, so it reserves for the file.
            // Memory reserved and never written costs no resident memory; growing by doubling
            // copied the episode records (120 bytes each) several times.
            let episodes = (i == 0 ? Int(Double(split.ranges.last!.upperBound - range.lowerBound) * density * 1.03) : expected) / 4
            builder.episodes.reserveCapacity(episodes)
            builder.episodeSlot.reserveCapacity(episodes)
            do {
                let reader = try CSVReader(path: path, offset: range.lowerBound, length: range.count, firstLine: i == 0 ? firstLine : 1)
                reader.limits = limits
                reader.format = partFormat
                var inside = false
                try reader.forEachRecord { record in
                    inside = ByteRangeSplit.endsInsideQuotes(record)
                    try builder.consume(record)
                    // Progress from the first part only, scaled to the whole file.
                    if i == 0, let p = progress.value, builder.counts.rowsRead % Self.progressInterval == 0, builder.counts.rowsRead > 0 {
                        p(builder.counts.rowsRead * n)
                    }
                }
                builder.counts.blankLines = reader.blankLines
                parts.slots[i] = PartResult(builder: builder, endLine: reader.endLine, insideQuotes: inside)
            } catch {
                parts.slots[i] = PartResult(failed: true)
            }
        }
        ReportTiming.log("load: \(n) parts", since: t0)
        if parts.slots.contains(where: \.failed) || parts.slots.dropLast().contains(where: \.insideQuotes) { return nil }
        guard var merged = parts.slots[0].builder else { return nil }
        let t1 = ReportTiming.now()
        parts.slots[0].builder = nil
        var offset = parts.slots[0].endLine - 1
        for i in 1..<n {
            guard var part = parts.slots[i].builder else { return nil }
            parts.slots[i].builder = nil
            part.shiftLines(by: offset)
            offset += parts.slots[i].endLine - 1
            guard merged.absorb(&part, keepIndex: i < n - 1) else { return nil }
        }
        ReportTiming.log("load: merge parts", since: t1)
        let t2 = ReportTiming.now()
        var set = try merged.finish()
        ReportTiming.log("load: episodes in order", since: t2)
        set.readInfo = headerReader.info
        return set
    }
}

/// Row-by-row state of a load: the header, interned strings and episodes.
struct ObservationBuilder {
    let catalog: MeasureCatalog
    let mode: ValidationMode
    let file: String
    var parser: ObservationRowParser?
    var columns = ObservationColumns(client: -1, measure: -1, score: -1, date: -1, session: -1,
                                     clinician: -1, site: -1, episode: -1, group: -1, phase: -1, status: -1)
    /// Canonical names of the parser's measure slots.
    var measureNames: [String] = []
    var counts = LoadCounts()
    var rejections: [Rejection] = []

    // Interning: consecutive rows usually repeat ids, so compare bytes with the last value.
    var clientCache = InternCache(), clinicianCache = InternCache()
    var siteCache = InternCache(), groupCache = InternCache()

    /// Episodes in order of creation; their scores stay empty until ``finish()`` puts every
    /// accepted row into one store (``ScoreList``).
    var episodes: [Episode] = []
    /// Accepted rows in the order read, and each one's episode (index into `episodes`): 28 bytes
    /// a row, with no allocation per episode.
    var rows: [Score] = []
    var rowEpisode: [Int32] = []
    /// The rows of parts absorbed after this one (``absorb(_:keepIndex:)``), in file order, their
    /// episodes already numbered as this builder's.
    var segments: [ScoreSegment] = []
    /// Per episode (same index): the times seen, for `DuplicateRule`.
    var seen: [SeenTimes] = []
    var duplicates = DuplicateDetector()
    /// Client id bytes (trimmed) → slot: slot k is the k-th distinct client, so the table's index
    /// of a key is its slot (every slot is entered when made, except by the last part's
    /// ``absorb(_:keepIndex:)``, after which nothing is entered). Bytes, not Strings: a String
    /// built and hashed per new client was a tenth of a load.
    var clientTable = ByteKeyTable()
    /// Clients seen so far (slots are numbered in order of first appearance).
    var slotCount = 0
    /// Per episode (same index as `episodes`): its client's slot. Episodes are created in
    /// order, so the first episode of slot `s` comes before that of any later slot.
    var episodeSlot: [Int32] = []
    var lastSlot = -1
    /// Episode index by (client slot, episode id, measure) for the clients with more than
    /// ``walkLimit`` episodes: hashed, so a client with many episodes costs O(1) per row (a scan
    /// of the client's episodes was quadratic). A client with few is found by walking its list
    /// (`slotHead`, `episodeNext`), which costs no hash (most clients have one or two episodes:
    /// rows alternating between two measures missed the last-episode cache and hashed every row).
    var episodeLookup: [EpisodeLookupKey: Int] = [:]
    static let walkLimit: Int32 = 8
    /// Episodes per window of the score store: a divisor of every block size of ``Parallel``'s
    /// per-episode loops (512 and up), so no two threads' blocks share a window.
    static let episodesPerWindow = 256
    /// Per client slot: its most recently registered episode (-1 none) and its number of episodes.
    var slotHead: [Int32] = []
    var slotEpisodeCount: [Int32] = []
    /// Per registered episode (same index as `episodes`): the slot's previous episode (-1 none) and
    /// its (episode id, measure) codes packed in one integer.
    var episodeNext: [Int32] = []
    var episodeCodePair: [UInt64] = []
    var lastEpisode = -1
    var lastLookup = EpisodeLookupKey(slot: -1, episode: -1, measure: -1)
    /// Interned episode ids ("1" when the file has no episode column or the cell is blank).
    var episodeCodes = IdCodes(defaultName: "1")
    var measureCodeOfSlot: [Int32] = []
    var measureCodeOfName: [String: Int32] = [:]
    var anyDate = false, anySession = false
    var decimal = DecimalSeparator.point
    var requireScores = false
    var dateFormat: DateFormat? = nil
    var columnMap: [String: String] = [:]
    /// Threads for the work of ``finish()`` after reading (the parallel load's `threads`).
    var threads = 1
    /// The empty scores of a new episode, from a store of this builder's own: with the one shared
    /// empty list, both parts' threads updated its reference count for every new episode.
    var noScores = ScoreList.unshared()

    init(catalog: MeasureCatalog, mode: ValidationMode, file: String) {
        self.catalog = catalog
        self.mode = mode
        self.file = file
    }

    mutating func consume(_ record: CSVRecord) throws {
        guard parser != nil else {
            parser = try ObservationRowParser(header: record, catalog: catalog, file: file, decimal: decimal, columnMap: columnMap)
            parser!.requireScores = requireScores
            parser!.dateFormat = dateFormat
            columns = parser!.columns
            return
        }
        counts.rowsRead += 1
        switch parser!.parse(record) {
        case let .rejected(column, field, reason):
            let r = Rejection(line: record.line, column: column, field: field, reason: reason, raw: record.allStrings())
            if mode == .strict { throw r.error(file: file) }
            rejections.append(r)
            counts.rejected += 1
        case .emptyRow:
            counts.emptyRows += 1
        case .notAdministered:
            counts.notAdministered += 1
        case let .accepted(row):
            if row.measureSlot >= measureNames.count { measureNames = parser!.measures.map(\.name) }
            try add(row, record)
        }
    }

    mutating func add(_ row: ObservationRow, _ record: CSVRecord) throws {
        let c = columns
        let slot: Int
        if lastSlot >= 0, clientCache.isSameAsLast(record[c.client]) {
            slot = lastSlot
        } else {
            _ = clientCache.intern(record[c.client])
            slot = clientCache.bytes.withUnsafeBufferPointer { Int(clientTable.intern($0)) }
            if slot == slotCount { _ = newSlot() }
            lastSlot = slot
        }
        let episodeCode: Int32
        if c.episode >= 0 && !record.isBlank(c.episode) {
            episodeCode = episodeCodes.code(record[c.episode])
        } else {
            episodeCode = episodeCodes.defaultCode
        }
        let index = episodeIndex(slot: slot, episodeCode: episodeCode, measureSlot: row.measureSlot)
        if duplicates.repeats(episode: index, &seen[index], session: row.session, day: row.day) {
            let r = DuplicateRule.rejection(line: record.line, measure: measureNames[row.measureSlot],
                                            session: row.session, day: row.day, raw: record.allStrings())
            if mode == .strict { throw r.error(file: file) }
            rejections.append(r)
            counts.rejected += 1
            return
        }
        if row.day != nil { anyDate = true }
        if row.session != nil { anySession = true }
        rows.append(Score(value: row.value, day: row.day, session: row.session, line: record.line, phase: row.phase,
                          phasePair: row.phasePair))
        rowEpisode.append(Int32(truncatingIfNeeded: index))
        if c.clinician >= 0, episodes[index].clinicianID == nil, !record.isBlank(c.clinician) {
            episodes[index].clinicianID = clinicianCache.intern(record[c.clinician])
        }
        if c.site >= 0, episodes[index].site == nil, !record.isBlank(c.site) { episodes[index].site = siteCache.intern(record[c.site]) }
        if c.group >= 0, episodes[index].group == nil, !record.isBlank(c.group) { episodes[index].group = groupCache.intern(record[c.group]) }
        if let status = row.status { episodes[index].status = status }   // the latest row's status wins
        counts.accepted += 1
    }

    /// The code of a measure slot's canonical name (two spellings of one measure share a code).
    mutating func measureCode(slot: Int) -> Int32 {
        while measureCodeOfSlot.count <= slot {
            let name = measureNames[measureCodeOfSlot.count]
            if let k = measureCodeOfName[name] {
                measureCodeOfSlot.append(k)
            } else {
                let k = Int32(measureCodeOfName.count)
                measureCodeOfName[name] = k
                measureCodeOfSlot.append(k)
            }
        }
        return measureCodeOfSlot[slot]
    }

    /// The episode of (client slot, episode id, measure), created when new (its client's id is
    /// the last one read, `clientCache`). Ids are compared as integer codes: the client's slot,
    /// the interned episode id and the canonical measure, so the hash of a row is three integers,
    /// not three strings.
    mutating func episodeIndex(slot: Int, episodeCode: Int32, measureSlot: Int) -> Int {
        let measure = measureCode(slot: measureSlot)
        let lookup = EpisodeLookupKey(slot: Int32(truncatingIfNeeded: slot), episode: episodeCode, measure: measure)
        if lastEpisode >= 0, lastLookup == lookup { return lastEpisode }
        lastLookup = lookup
        if let i = findEpisode(lookup) {
            lastEpisode = i
            return i
        }
        let i = episodes.count
        episodes.append(Episode(key: EpisodeKey(clientID: clientCache.string, episodeID: episodeCodes.names[Int(episodeCode)],
                                                measure: measureNames[measureSlot]), scores: noScores))
        seen.append(SeenTimes())
        episodeSlot.append(Int32(truncatingIfNeeded: slot))
        registerEpisode(i, lookup)
        lastEpisode = i
        return i
    }

    /// A new client slot (numbered in order of first appearance).
    mutating func newSlot() -> Int {
        let slot = slotCount
        slotCount += 1
        slotHead.append(-1)
        slotEpisodeCount.append(0)
        return slot
    }

    @inline(__always)
    static func codePair(_ k: EpisodeLookupKey) -> UInt64 {
        (UInt64(UInt32(bitPattern: k.episode)) << 32) | UInt64(UInt32(bitPattern: k.measure))
    }

    /// The registered episode of `key`, if any: a walk of the client's few episodes, else the hash.
    @inline(__always)
    func findEpisode(_ key: EpisodeLookupKey) -> Int? {
        let slot = Int(key.slot)
        guard slotEpisodeCount[slot] <= Self.walkLimit else { return episodeLookup[key] }
        let code = Self.codePair(key)
        var e = slotHead[slot]
        while e >= 0 {
            if episodeCodePair[Int(e)] == code { return Int(e) }
            e = episodeNext[Int(e)]
        }
        return nil
    }

    /// Makes episode `i` (already in `episodes`) findable by `key`.
    mutating func registerEpisode(_ i: Int, _ key: EpisodeLookupKey) {
        while episodeNext.count <= i { episodeNext.append(-1); episodeCodePair.append(UInt64.max) }
        let slot = Int(key.slot)
        episodeNext[i] = slotHead[slot]
        episodeCodePair[i] = Self.codePair(key)
        slotHead[slot] = Int32(truncatingIfNeeded: i)
        slotEpisodeCount[slot] += 1
        let n = slotEpisodeCount[slot]
        if n == Self.walkLimit + 1 {
            // The client outgrows the walk: hash all its episodes.
            var e = Int32(truncatingIfNeeded: i)
            while e >= 0 {
                let c = episodeCodePair[Int(e)]
                episodeLookup[EpisodeLookupKey(slot: key.slot, episode: Int32(bitPattern: UInt32(truncatingIfNeeded: c >> 32)),
                                               measure: Int32(bitPattern: UInt32(truncatingIfNeeded: c)))] = Int(e)
                e = episodeNext[Int(e)]
            }
        } else if n > Self.walkLimit {
            episodeLookup[key] = i
        }
    }

    mutating func finish() throws -> ObservationSet {
        guard let parser else { throw CSVError(file: file, line: 1, column: 0, reason: "empty file: no header and no rows") }
        if counts.rowsRead == 0 { throw CSVError(file: file, line: parser.headerLine, column: 0, reason: "header only: the file has no data rows") }
        let tFinish = ReportTiming.now()
        // Duplicates were rejected as rows were read: the lookup tables are not needed again,
        // and releasing them first lowers the peak while episodes are ordered below.
        seen = []
        duplicates = DuplicateDetector()
        episodeLookup = [:]
        slotHead = []
        slotEpisodeCount = []
        episodeNext = []
        episodeCodePair = []
        clientTable = ByteKeyTable()
        clientCache = InternCache()
        // Order: clients in order of first appearance in the file; within a client,
        // by episode id then measure. Sorting only within clients keeps this linear-ish
        // for tens of millions of rows, and gives sorted output for sorted files.
        // Episode indices grouped by client slot (a counting sort: stable, so each client's
        // episodes stay in creation order before their own sort).
        var slotStart = [Int32](repeating: 0, count: slotCount + 1)
        for s in episodeSlot { slotStart[Int(s) + 1] += 1 }
        for s in 0..<slotCount { slotStart[s + 1] += slotStart[s] }
        var bySlot = [Int32](repeating: 0, count: episodes.count)
        var next = slotStart
        for (i, s) in episodeSlot.enumerated() {
            bySlot[Int(next[Int(s)])] = Int32(i)
            next[Int(s)] += 1
        }
        next = []
        episodeSlot = []
        for slot in 0..<slotCount {
            let range = Int(slotStart[slot]) ..< Int(slotStart[slot + 1])
            func before(_ a: Int32, _ b: Int32) -> Bool {
                (episodes[Int(a)].key.episodeID, episodes[Int(a)].key.measure) < (episodes[Int(b)].key.episodeID, episodes[Int(b)].key.measure)
            }
            if range.count == 2 {
                // The usual client (one episode on each of two measures): one comparison instead of a
                // sort call; swapped only when strictly out of order, as the stable sort would.
                if before(bySlot[range.lowerBound + 1], bySlot[range.lowerBound]) { bySlot.swapAt(range.lowerBound, range.lowerBound + 1) }
            } else if range.count > 2 {
                bySlot[range].sort(by: before)
            }
        }
        slotStart = []
        ReportTiming.log("finish: order of episodes", since: tFinish)
        var t = ReportTiming.now()
        let (store, rowCounts) = scatterRows(order: bySlot)
        ReportTiming.log("finish: scores into one store", since: t)
        t = ReportTiming.now()
        // Episodes without rows (a part's copy of an episode continued across the cut) go last,
        // in the order as in the store (they take no room in it), to be dropped with one cut: a
        // `removeAll(where:)` after placing moved every episode after the first one dropped.
        // `episodeRowCount` is the kept episodes' row counts, in their final order.
        let episodeRowCount = rowCounts.filter { $0 > 0 }
        let kept = episodeRowCount.count
        if kept < bySlot.count {
            bySlot = zip(bySlot, rowCounts).filter { $0.1 > 0 }.map(\.0) + zip(bySlot, rowCounts).filter { $0.1 == 0 }.map(\.0)
        }
        // Put episode bySlot[k] at position k in place, following the permutation's cycles
        // (a second array of episodes would double the largest allocation of the load).
        var placed = [Bool](repeating: false, count: episodes.count)
        episodes.withUnsafeMutableBufferPointer { e in
            for start in 0..<e.count where !placed[start] {
                var j = start
                while Int(bySlot[j]) != start {
                    let k = Int(bySlot[j])
                    e.swapAt(j, k)
                    placed[j] = true
                    j = k
                }
                placed[j] = true
            }
        }
        placed = []
        bySlot = []
        // The store holds the episodes' scores back to back in this order: episode k's are the
        // next `count` after episode k - 1's. Each run of `Self.episodesPerWindow` episodes gets its
        // own window of the store (``ScoreStore``), so parallel blocks of episodes touch different
        // reference counts.
        var offset = 0
        var k = 0
        while k < kept {
            let end = min(kept, k + Self.episodesPerWindow)
            let rows = episodeRowCount[k..<end].reduce(0, +)
            let window = ScoreStore(window: store, start: offset, count: rows)
            var local = 0
            for j in k..<end {
                let n = episodeRowCount[j]
                episodes[j].scores = ScoreList(store: window, start: local, count: n)
                local += n
            }
            offset += rows
            k = end
        }
        episodes.removeLast(episodes.count - kept)
        ReportTiming.log("finish: episodes placed", since: t)
        return ObservationSet(file: file, episodes: episodes, counts: counts, rejections: rejections,
                              hasDates: anyDate, hasSessions: anySession, header: parser.header.headers)
    }
}

extension ObservationBuilder {
    /// Puts every accepted row (this builder's, then each absorbed part's, in file order) into one
    /// store of exactly their number, grouped by episode in the final episode order `order`
    /// (`order[k]`: the episode at position k), each episode's rows in time order (ties by line:
    /// file order). Returns the store and each episode's number of rows in final order; releases
    /// the rows as they are moved.
    mutating func scatterRows(order: [Int32]) -> (store: ScoreStore, rowCounts: [Int]) {
        let t0 = ReportTiming.now()
        // The rows in file order: this part's, then each absorbed part's.
        var parts = [ScoreSegment(rows: rows, rowEpisode: rowEpisode)] + segments
        rows = []
        rowEpisode = []
        segments = []
        // Per part, each episode's first slot in the store: the episode's start (final order) plus
        // its rows in the parts before. Parts then write disjoint slots and run in parallel.
        var cursors: [[Int]] = parts.map { part in
            var perEpisode = [Int](repeating: 0, count: episodes.count)
            for e in part.rowEpisode { perEpisode[Int(e)] += 1 }
            return perEpisode
        }
        var episodeRowCount = [Int](repeating: 0, count: episodes.count)
        var total = 0
        for (k, e) in order.enumerated() {
            let e = Int(e)
            var n = 0
            for p in cursors.indices {
                let inPart = cursors[p][e]
                cursors[p][e] = total + n
                n += inPart
            }
            episodeRowCount[k] = n
            total += n
        }
        ReportTiming.log("finish: rows per episode", since: t0)
        let store = ScoreStore(uninitializedCount: total)
        let out = UncheckedBuffer(store.buffer)
        let work = UncheckedParts(parts: parts, cursors: cursors)
        cursors = []
        parts = []
        DispatchQueue.concurrentPerform(iterations: work.parts.count) { p in
            work.parts[p].rows.withUnsafeBufferPointer { rows in
                work.parts[p].rowEpisode.withUnsafeBufferPointer { owner in
                    work.cursors[p].withUnsafeBufferPointer { start in
                        var cursor = Array(start)
                        for r in rows.indices {
                            let e = Int(owner[r])
                            (out.buffer.baseAddress! + cursor[e]).initialize(to: rows[r])
                            cursor[e] += 1
                        }
                    }
                }
            }
        }
        // Each episode in time order (duplicates were rejected as they were read): by session when
        // the file has sessions and every score of the episode has one, else by date. Most files
        // are already in order, so an episode is checked before it is sorted.
        let bySession = anySession
        @Sendable func timeKey(_ s: Score, _ useSession: Bool) -> (Int32, Int32) {
            useSession ? (s.sessionStorage, s.dayStorage) : (s.dayStorage, s.sessionStorage)
        }
        // In blocks of episodes on up to `threads` threads (each block's scores are its own).
        let blocks = threads > 1 ? threads * 4 : 1
        var blockStart = [Int](repeating: 0, count: blocks + 1)   // first score of each block
        let perBlock = (order.count + blocks - 1) / max(blocks, 1)
        var first = 0
        for b in 0..<blocks {
            blockStart[b] = first
            for k in min(order.count, b * perBlock) ..< min(order.count, (b + 1) * perBlock) { first += episodeRowCount[k] }
        }
        blockStart[blocks] = first
        let counts = episodeRowCount, starts = blockStart
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            var start = starts[b]
            for k in min(order.count, b * perBlock) ..< min(order.count, (b + 1) * perBlock) {
                let n = counts[k]
                defer { start += n }
                guard n > 1 else { continue }
                let scores = UnsafeMutableBufferPointer(rebasing: out.buffer[start ..< start + n])
                let useSession = bySession && scores.allSatisfy { $0.sessionStorage != TimeKey.none }
                var ordered = true
                for i in 1..<n where !(timeKey(scores[i - 1], useSession) < timeKey(scores[i], useSession)) {
                    ordered = false
                    break
                }
                if ordered { continue }
                var sorted = scores
                sorted.sort { a, b in
                    let ka = timeKey(a, useSession), kb = timeKey(b, useSession)
                    return ka != kb ? ka < kb : a.lineStorage < b.lineStorage
                }
            }
        }
        return (store, episodeRowCount)
    }

    /// Adds `offset` to the line of every score and rejection (a part read from line 1 that
    /// starts `offset` lines into the file).
    mutating func shiftLines(by offset: Int) {
        guard offset != 0 else { return }
        rows.withUnsafeMutableBufferPointer { scores in
            for k in scores.indices { scores[k].lineStorage = Int32(clamping: Int(scores[k].lineStorage) + offset) }
        }
        for r in rejections.indices { rejections[r].line += offset }
    }

    /// The code of a canonical measure name (as ``measureCode(slot:)`` gives for its slots).
    mutating func measureCode(name: String) -> Int32 {
        if let k = measureCodeOfName[name] { return k }
        let k = Int32(measureCodeOfName.count)
        measureCodeOfName[name] = k
        return k
    }

    /// Appends the part read after this one (its lines already shifted to file lines), as if its
    /// rows had been read by this builder: its new clients after this one's, its scores appended
    /// to the same (client, episode, measure), the first non-blank clinician, site and group and
    /// the latest status kept. Returns false when a row of `other` repeats the time of a row of
    /// this part in the same episode (a duplicate across the cut: the caller reads in one pass).
    /// `keepIndex`: keep the lookup tables up to date for a further part.
    mutating func absorb(_ other: inout ObservationBuilder, keepIndex: Bool) -> Bool {
        counts.add(other.counts)
        rejections += other.rejections
        other.rejections = []
        anyDate = anyDate || other.anyDate
        anySession = anySession || other.anySession
        let overflow = keepIndex ? other.duplicates.overflowByEpisode() : [:]
        // The part's own tables are not needed again: released before this one grows.
        other.episodeLookup = [:]
        other.slotHead = []
        other.slotEpisodeCount = []
        other.episodeNext = []
        other.episodeCodePair = []
        other.clientTable = ByteKeyTable()
        other.duplicates = DuplicateDetector()
        if !keepIndex { other.seen = [] }
        var slotMap = [Int](repeating: -1, count: other.slotCount)
        var shared = [Bool](repeating: false, count: other.slotCount)
        // Every episode of `other` is appended as a whole (one move of the array, no work per
        // episode for the clients only `other` has); episode j becomes `base + j`. An episode that
        // continues one of this part's (a client across the cut) has its rows sent to that one
        // instead: its appended copy gets no rows and ``finish()`` drops it.
        let base = episodes.count
        var episodeMap = [Int32](repeating: -1, count: other.episodes.count)
        var continues = [Bool](repeating: false, count: other.episodes.count)
        var anyContinues = false
        for j in other.episodes.indices {
            let s = Int(other.episodeSlot[j])
            if slotMap[s] < 0 {
                // The client's first episode in the part: is the client already known?
                var id = other.episodes[j].key.clientID
                if let known = id.withUTF8({ clientTable.find($0) }) {
                    slotMap[s] = known
                    shared[s] = true
                } else {
                    slotMap[s] = newSlot()
                    if keepIndex {
                        let entered = id.withUTF8 { clientTable.intern($0) }
                        assert(Int(entered) == slotMap[s], "client table index and slot differ")
                    }
                }
            }
            episodeMap[j] = Int32(truncatingIfNeeded: base + j)
            // A client only this (last) part has needs no lookups.
            guard shared[s] || keepIndex else { continue }
            let key = EpisodeLookupKey(slot: Int32(truncatingIfNeeded: slotMap[s]), episode: episodeCodes.code(name: other.episodes[j].key.episodeID),
                                       measure: measureCode(name: other.episodes[j].key.measure))
            if shared[s], let i = findEpisode(key) {
                // The same episode in both parts: its rows join this part's (their times are
                // checked below), with the first clinician, site and group and the latest status.
                episodeMap[j] = Int32(truncatingIfNeeded: i)
                continues[j] = true
                anyContinues = true
                let e = other.episodes[j]
                if episodes[i].clinicianID == nil { episodes[i].clinicianID = e.clinicianID }
                if episodes[i].site == nil { episodes[i].site = e.site }
                if episodes[i].group == nil { episodes[i].group = e.group }
                if let status = e.status { episodes[i].status = status }
                continue
            }
            if keepIndex {
                registerEpisode(base + j, key)
                for time in overflow[j] ?? [] { duplicates.overflow.insert((Int64(base + j) << 33) | time) }
            }
        }
        episodes.append(contentsOf: other.episodes)
        other.episodes = []
        episodeSlot.reserveCapacity(episodeSlot.count + other.episodeSlot.count)
        for s in other.episodeSlot { episodeSlot.append(Int32(truncatingIfNeeded: slotMap[Int(s)])) }
        if keepIndex {
            // The times seen of every appended episode (same index), for the parts after this one.
            seen.append(contentsOf: other.seen)
        }
        // An episode continued across the cut must not repeat a time of this part's rows.
        if anyContinues {
            for r in other.rows.indices {
                let j = Int(other.rowEpisode[r])
                guard continues[j] else { continue }
                let i = Int(episodeMap[j])
                let score = other.rows[r]
                if duplicates.repeats(episode: i, &seen[i], session32: score.sessionStorage, day32: score.dayStorage) { return false }
            }
        }
        // The part's rows, renumbered to this builder's episodes, kept as they are until `finish`.
        other.rowEpisode.withUnsafeMutableBufferPointer { owner in
            episodeMap.withUnsafeBufferPointer { map in
                for r in owner.indices { owner[r] = map[Int(owner[r])] }
            }
        }
        segments.append(ScoreSegment(rows: other.rows, rowEpisode: other.rowEpisode))
        other = ObservationBuilder(catalog: catalog, mode: mode, file: file)
        return true
    }
}

/// The parts' rows and their start slots, handed to the workers of one `concurrentPerform`
/// (read only there).
private struct UncheckedParts: @unchecked Sendable {
    let parts: [ScoreSegment]
    let cursors: [[Int]]
}

/// A store's memory handed to the workers of one `concurrentPerform`, each writing its own slots.
private struct UncheckedBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Score>
    init(_ buffer: UnsafeMutableBufferPointer<Score>) { self.buffer = buffer }
}

/// The accepted rows of one absorbed part (``ObservationBuilder/absorb(_:keepIndex:)``), each with
/// its episode's index in the absorbing builder.
struct ScoreSegment {
    var rows: [Score]
    var rowEpisode: [Int32]
}

/// Hash key of an episode while loading: the client's slot, the episode id's code and the
/// canonical measure's code.
struct EpisodeLookupKey: Hashable {
    var slot: Int32
    var episode: Int32
    var measure: Int32

    func hash(into h: inout Hasher) {
        let high = UInt64(UInt32(bitPattern: slot)) << 32
        let low = UInt64(UInt32(bitPattern: episode)) ^ (UInt64(UInt32(bitPattern: measure)) &* 0x9E37_79B9_7F4A_7C15)
        h.combine(high ^ low)
    }
}

/// Interns short ids (trimmed field bytes) to dense integer codes: a ``ByteInterner`` (the last id
/// and every spelling met are found by their bytes) after trimming, with a
/// default name at code 0.
struct IdCodes {
    private var interner = ByteInterner()
    let defaultCode: Int32
    var names: [String] { interner.names }

    init(defaultName: String) {
        defaultCode = interner.intern(defaultName)
    }

    /// The code of a name (interning it when new).
    mutating func code(name: String) -> Int32 { interner.intern(name) }

    /// The code of the trimmed field `f` (spaces and tabs at both ends removed, as ``InternCache``).
    mutating func code(_ f: UnsafeBufferPointer<UInt8>) -> Int32 { interner.intern(trimmedField(f)) }
}
