#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// One validated data row of an observations file. Ids stay in the record's
/// bytes (see ``ObservationRowParser`` column indices) so that consumers decide
/// whether to build strings.
struct ObservationRow {
    /// Index into ``ObservationRowParser/measures``.
    var measureSlot: Int
    var value: Double
    var day: Int?
    var session: Int?
    var phase: Phase?
    var phasePair: Int? = nil
    var status: EpisodeStatus?
}

/// 0-based field indices of the known columns (-1 = absent): plain integers,
/// cheap to copy in per-row code.
struct ObservationColumns {
    var client, measure, score, date, session: Int
    var clinician, site, episode, group, phase, status: Int
    var phasePair = -1
}

/// The header of an observations file and the validation of each row, shared by
/// the episode loader (``ObservationLoader``) and the streaming practice report.
struct ObservationRowParser {
    enum Outcome {
        case accepted(ObservationRow)
        case rejected(column: Int, field: String, reason: String)
        /// All cells empty (`,,,,`).
        case emptyRow
        /// A blank score with a client and a measure: not administered.
        case notAdministered
    }

    /// Whether a blank score is an error (`--require-scores`) rather than a skipped row.
    var requireScores = false
    /// How non-ISO dates are written (``DateFormat``); nil: only ISO dates and date-times.
    var dateFormat: DateFormat? = nil

    let file: String
    let header: HeaderMap
    let headerLine: Int
    let catalog: MeasureCatalog
    /// Measures seen so far, in order of first appearance.
    private(set) var measures: [Measure] = []
    /// Spellings seen ("phq9", "PHQ-9") and the slot of each: one slot per measure, so two
    /// spellings of one measure are one measure (the report split them into two measures and,
    /// in one part, two episodes; found by the property-based tests).
    private var spellingBytes: [[UInt8]] = []
    private var spellingSlots: [Int] = []
    private var lastSpelling = -1
    /// The spellings of at most 16 bytes again, as ``ShortKey``s beside their slots: compared as
    /// two words, with no array of bytes loaded (and retained) per spelling on every row (a file
    /// that alternates two measures missed `lastSpelling` on every row).
    private var shortSpellings: [(key: ShortKey, slot: Int)] = []
    /// Score ranges of `measures`, kept flat: copying a `Measure` per row would retain
    /// and release its strings.
    private var ranges: [(min: Double, max: Double)] = []
    /// Day numbers of dates already read, by their exact bytes (``DateCache``): a file holds few
    /// distinct dates, so most rows find theirs without parsing it.
    private var dates = DateCache()

    /// Column indices, resolved from the header.
    let columns: ObservationColumns
    var cClient: Int { columns.client }
    var cMeasure: Int { columns.measure }
    var cScore: Int { columns.score }
    var cDate: Int { columns.date }
    var cSession: Int { columns.session }
    var cPhase: Int { columns.phase }
    var cStatus: Int { columns.status }

    /// Resolves the header record.
    /// - Throws: `CSVError` for a malformed header, a repeated column, or missing required columns.
    /// The decimal separator of scores (``CSVReader/decimal``).
    let decimal: DecimalSeparator

    init(header record: CSVRecord, catalog: MeasureCatalog, file: String, decimal: DecimalSeparator = .point, columnMap: [String: String] = [:]) throws {
        if let m = record.malformed { throw CSVError(file: file, line: record.line, column: record.malformedField, reason: "header: \(m)") }
        let names = record.allStrings()
        let map = try HeaderMap(headers: names, specs: ObservationLoader.columns, file: file, line: record.line, mapping: columnMap)
        var missing: [String] = []
        for required in ["client_id", "measure", "score"] where map[required] == nil { missing.append(required) }
        if map["date"] == nil && map["session"] == nil { missing.append("date or session") }
        if !missing.isEmpty {
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: HeaderMap.missingColumns(missing, specs: ObservationLoader.columns, headers: names))
        }
        self.file = file
        self.decimal = decimal
        self.catalog = catalog
        header = map
        headerLine = record.line
        columns = ObservationColumns(
            client: map["client_id"]!, measure: map["measure"]!, score: map["score"]!,
            date: map["date"] ?? -1, session: map["session"] ?? -1,
            clinician: map["clinician_id"] ?? -1, site: map["site"] ?? -1, episode: map["episode_id"] ?? -1,
            group: map["group"] ?? -1, phase: map["phase"] ?? -1, status: map["status"] ?? -1,
            phasePair: map["phase_pair"] ?? -1)
    }

    /// Validates one data row. Reasons name the value and what was expected.
    mutating func parse(_ record: CSVRecord) -> Outcome {
        if let m = record.malformed { return .rejected(column: record.malformedField, field: "", reason: m) }
        if record.isEmptyRow { return .emptyRow }
        if record.count > header.fieldCount {
            return .rejected(column: header.fieldCount + 1, field: "",
                             reason: "row has \(record.count) fields but the header has \(header.fieldCount)")
        }
        if record.isBlank(cClient) { return .rejected(column: cClient + 1, field: "client_id", reason: "missing client_id") }
        if record.isBlank(cMeasure) { return .rejected(column: cMeasure + 1, field: "measure", reason: "missing measure") }
        if record.isBlank(cScore) {
            if !requireScores { return .notAdministered }
            return .rejected(column: cScore + 1, field: "score", reason: "missing score (a blank score means the measure was not administered; without --require-scores such rows are skipped and counted)")
        }

        guard let slot = measureSlot(record[cMeasure]) else {
            let hint = Suggestions.measure(String(decoding: record[cMeasure].prefix(256), as: UTF8.self), in: catalog).map { "did you mean \($0)? " } ?? ""
            return .rejected(column: cMeasure + 1, field: "measure",
                             reason: "unknown measure \(record.quoted(cMeasure)) (\(hint)see `headway measures`, or add it with --measures FILE)")
        }
        guard let value = FieldParser.double(record[cScore], decimal: decimal) else {
            let hint = decimal == .comma ? " (this file is read with decimal commas, 12,5; use --decimal point for 12.5)" : (record[cScore].contains(0x2C) ? " (for a decimal comma, 12,5, use --decimal comma)" : "")
            return .rejected(column: cScore + 1, field: "score", reason: "score \(record.quoted(cScore)) is not a number\(hint)")
        }
        let range = ranges[slot]
        if value < range.min || value > range.max {
            let measure = measures[slot]
            return .rejected(column: cScore + 1, field: "score",
                             reason: "score \(FieldExcerpt.plain(record[cScore])) is outside \(measure.name)'s range \(Self.plain(measure.minScore))–\(Self.plain(measure.maxScore))")
        }
        var day: Int? = nil
        if cDate >= 0, !record.isBlank(cDate) {
            let f = record[cDate]
            let key = ShortKey(f)
            if let key, let d = dates.day(key) {
                day = d
            } else {
                let d: Int
                switch DateFormat.parse(f, format: dateFormat) {
                case let .success(v): d = v
                case let .failure(e):
                    return .rejected(column: cDate + 1, field: "date", reason: "date \(record.quoted(cDate)) \(e.reason)")
                }
                day = d
                if let key { dates.insert(key, day: d) }
            }
        }
        var session: Int? = nil
        if cSession >= 0, !record.isBlank(cSession) {
            guard let s = FieldParser.int(record[cSession]) else {
                return .rejected(column: cSession + 1, field: "session",
                                 reason: "session \(record.quoted(cSession)) is not a whole number (decimal digits)")
            }
            guard s >= 0, s <= ObservationLoader.maxSession else {
                return .rejected(column: cSession + 1, field: "session",
                                 reason: "session \(s) is outside 0…\(ObservationLoader.maxSession) (session numbers are whole numbers from 0 to \(ObservationLoader.maxSession))")
            }
            session = s
        }
        if day == nil && session == nil {
            return .rejected(column: (cDate >= 0 ? cDate : cSession) + 1, field: cDate >= 0 ? "date" : "session",
                             reason: "missing date and session (one is required)")
        }
        var phase: Phase? = nil
        if cPhase >= 0, !record.isBlank(cPhase) {
            guard let p = Phase(text: record.string(cPhase)) else {
                return .rejected(column: cPhase + 1, field: "phase",
                                 reason: "phase \(record.quoted(cPhase)) is not A/baseline or B/treatment")
            }
            phase = p
        }
        var status: EpisodeStatus? = nil
        if cStatus >= 0, !record.isBlank(cStatus) {
            guard let s = EpisodeStatus(text: record.string(cStatus)) else {
                return .rejected(column: cStatus + 1, field: "status", reason: "status \(record.quoted(cStatus)) is not open or closed")
            }
            status = s
        }
        var phasePair: Int? = nil
        let cPair = columns.phasePair
        if cPair >= 0, !record.isBlank(cPair) {
            guard let k = FieldParser.int(record[cPair]), k >= 1, k <= 65535 else {
                return .rejected(column: cPair + 1, field: "phase_pair",
                                 reason: "phase_pair \"\(record.string(cPair))\" is not a whole number from 1 to 65535")
            }
            phasePair = k
        }
        return .accepted(ObservationRow(measureSlot: slot, value: value, day: day, session: session, phase: phase,
                                        phasePair: phasePair, status: status))
    }

    /// The measure named by these bytes, remembered by its spelling so the catalog
    /// is searched once per distinct spelling.
    /// Inline for a short spelling already met; ``lookUpMeasure(_:key:)`` otherwise.
    @inline(__always)
    private mutating func measureSlot(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = ShortKey(bytes)
        if let key {
            let found: Int? = shortSpellings.withUnsafeBufferPointer { sp in
                for i in sp.indices where sp[i].key == key { return sp[i].slot }
                return nil
            }
            if let found { return found }
        }
        return lookUpMeasure(bytes, key: key)
    }

    /// ``measureSlot(_:)`` for a spelling not among the short ones met so far.
    @inline(never)
    private mutating func lookUpMeasure(_ bytes: UnsafeBufferPointer<UInt8>, key: ShortKey?) -> Int? {
        if lastSpelling >= 0, Bytes.equal(spellingBytes[lastSpelling], bytes) { return spellingSlots[lastSpelling] }
        for i in spellingBytes.indices where Bytes.equal(spellingBytes[i], bytes) {
            lastSpelling = i
            return spellingSlots[i]
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
        guard let m = catalog.measure(named: text) else { return nil }
        let slot: Int
        if let existing = measures.firstIndex(where: { $0.name == m.name }) {
            slot = existing
        } else {
            measures.append(m)
            ranges.append((m.minScore, m.maxScore))
            slot = measures.count - 1
        }
        // At most 64 remembered spellings: beyond that a spelling is looked up in the catalog.
        if spellingBytes.count < 64 {
            spellingBytes.append(Array(bytes))
            spellingSlots.append(slot)
            lastSpelling = spellingBytes.count - 1
            if let key { shortSpellings.append((key, slot)) }
        }
        return slot
    }

    static func plain(_ x: Double) -> String { formatNumber(x) }
}

/// A field of at most 16 bytes as two little-endian words (zero beyond its end) and its length:
/// equal keys are equal bytes, so a short field is compared or hashed with a few word operations.
struct ShortKey: Equatable {
    var low: UInt64
    var high: UInt64
    var count: Int

    /// The key of `f`, or nil when it is longer than 16 bytes.
    @inline(__always)
    init?(_ f: UnsafeBufferPointer<UInt8>) {
        let n = f.count
        guard n <= 16 else { return nil }
        count = n
        if n >= 8 {
            // Whole-word loads inside the field: bytes 0..<8, then the word ending at its end,
            // shifted so that it holds bytes 8..<n.
            let raw = UnsafeRawPointer(f.baseAddress!)
            low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            high = n == 8 ? 0 : UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) >> UInt64(8 * (16 - n))
        } else if n >= 4 {
            // Two 4-byte loads that overlap in the middle: OR-ing a byte with itself keeps it.
            let raw = UnsafeRawPointer(f.baseAddress!)
            let a = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let b = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            low = a | b << UInt64(8 * (n - 4))
            high = 0
        } else if n > 0 {
            // Bytes 0, n/2 and n-1 cover every byte of a field of one to three bytes.
            low = UInt64(f[0]) | UInt64(f[n / 2]) << UInt64(8 * (n / 2)) | UInt64(f[n - 1]) << UInt64(8 * (n - 1))
            high = 0
        } else {
            low = 0
            high = 0
        }
    }
}

/// Day numbers of date fields already parsed, by their exact bytes (at most 16; longer dates are
/// parsed every time): the last date read, then a direct-mapped table, so a row whose date was
/// seen costs a comparison (consecutive rows often share a date) or a hash and one entry (key and
/// day side by side, one cache line) instead of a parse. Only dates that parsed are stored, and
/// the parse depends only on the bytes and the parser's fixed date format, so a hit is the
/// parse's own result.
struct DateCache {
    private struct Entry {
        var key: ShortKey
        var day: Int
    }
    private static let size = 2048
    private var entries = [Entry](repeating: Entry(key: ShortKey(low: 0, high: 0, count: -1), day: 0), count: DateCache.size)
    private var last = Entry(key: ShortKey(low: 0, high: 0, count: -1), day: 0)

    @inline(__always)
    private static func slot(_ k: ShortKey) -> Int {
        let h = (k.low &+ k.high &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(k.count)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 53)   // 11 bits: size 2048
    }

    /// The day stored for these bytes, if any.
    @inline(__always)
    mutating func day(_ k: ShortKey) -> Int? {
        if last.key == k { return last.day }
        let e = entries[Self.slot(k)]
        guard e.key == k else { return nil }
        last = e
        return e.day
    }

    /// Stores the day of these bytes (replacing whatever shared its slot).
    mutating func insert(_ k: ShortKey, day: Int) {
        let e = Entry(key: k, day: day)
        entries[Self.slot(k)] = e
        last = e
    }
}

extension ShortKey {
    init(low: UInt64, high: UInt64, count: Int) {
        self.low = low
        self.high = high
        self.count = count
    }
}

/// Byte comparisons without generic overhead.
enum Bytes {
    @inline(__always)
    static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBufferPointer { equal($0.baseAddress!, b.baseAddress!, b.count) }
    }

    /// Compares `count` bytes; ids are short, so 8-byte words inline beat a call to memcmp.
    @inline(__always)
    static func equal(_ x: UnsafePointer<UInt8>, _ y: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count > 32 { return memcmp(x, y, count) == 0 }
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        while i + 8 <= count {
            if rx.loadUnaligned(fromByteOffset: i, as: UInt64.self) != ry.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if x[i] != y[i] { return false }
            i += 1
        }
        return true
    }
}

/// Remembers the last value of a column so repeated ids build no new `String`.
struct InternCache {
    var bytes: [UInt8] = []
    var string = ""
    var valid = false

    /// The trimmed field as a string, reusing the previous one when the bytes repeat.
    mutating func intern(_ f: UnsafeBufferPointer<UInt8>) -> String {
        var s = 0, e = f.count
        while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
        while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
        let t = UnsafeBufferPointer(rebasing: f[s..<e])
        if valid, Bytes.equal(bytes, t) { return string }
        valid = true
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: t)
        string = String(decoding: t, as: UTF8.self)
        return string
    }

    /// Whether the (trimmed) field equals the last interned value.
    mutating func isSameAsLast(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = 0, e = f.count
        while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
        while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
        return valid && Bytes.equal(bytes, UnsafeBufferPointer(rebasing: f[s..<e]))
    }
}
