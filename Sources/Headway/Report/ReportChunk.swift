// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming aggregation of one part of an observations file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HeadwayCSV

/// What intervals between scores are grouped by while streaming (they cannot be
/// regrouped afterwards): the report's `--by` attribute, or the calendar month in which
/// the interval ends for the period groupings (months add up to quarters and years).
public enum IntervalKey: Sendable {
    case none, measure, clinician, site, group, month
}

/// Aggregates the rows of one byte range of an observations file into per-episode state.
/// Every row is validated by ``ObservationRowParser`` (the rules of every other command).
struct ReportChunk {
    static let maxInterval = 3650

    var parser: ObservationRowParser
    let columns: ObservationColumns
    let mode: ValidationMode
    let intervalKey: IntervalKey
    var counts = LoadCounts()
    var rejections: [Rejection] = []
    /// Strict mode: the first invalid row (reading stops there).
    var firstError: Rejection?
    /// The part ended inside a quoted field (a split point that was not a record boundary).
    var endedInsideQuotes = false
    var clients = ByteKeyTable()
    var lastClientKey: [UInt8] = []
    var lastClient: Int32 = -1
    var clientHeads: [Int32] = []
    /// Episodes per client (same index as `clientHeads`).
    var clientEpisodeCounts: [Int32] = []
    /// Episode index by (client, episode id, measure) of the clients with more than
    /// ``walkLimit`` episodes: hashed, so that a client with many episodes costs O(1) per row
    /// (walking the client's list was quadratic). A client with few is found by walking its list,
    /// which costs no hash and no table entry (most clients have one episode per measure).
    var episodeLookup: [ReportEpisodeKey: Int32] = [:]
    static let walkLimit: Int32 = 8
    var episodeIDs = ByteInterner()
    /// Values of the grouping attribute column (clinician, site or group), if any.
    var attributes = ByteInterner()
    let attributeColumn: Int
    /// The second grouping attribute (site, for the HTML report's funnel plots, or none), collected in
    /// the same pass: its values, its column (-1 none) and its interval histograms.
    let secondKey: IntervalKey
    var attributes2 = ByteInterner()
    let attributeColumn2: Int
    let hasSecond: Bool
    var intervals2 = IntervalHistograms()
    var episodes: [ReportEpisodeState] = []
    /// Interval histograms of the first grouping (``intervalKey``).
    var intervals = IntervalHistograms()
    var outOfOrderIntervals = 0
    var anyDate = false, anySession = false
    var newestDay = Int.min
    /// The earliest date and the largest session of any accepted row (`headway check`).
    var oldestDay = Int.max
    var maxSession = TimeKey.none
    /// Sum of the accepted scores per measure slot (`headway check`'s mean score), in file order.
    var measureSums: [Double] {
        var sums = Array(sumsBeyond.prefix(sumsCount))
        withUnsafeBytes(of: firstSums) { b in
            for k in 0..<min(sumsCount, Self.firstSlots) { sums[k] = b.load(fromByteOffset: k * 8, as: Double.self) }
        }
        return sums
    }
    /// The sums of the first ``firstSlots`` measure slots, held inline: adding to an element of
    /// an array on every row checked that the array was unique and the index in bounds. The
    /// same values are added in the same order, so the sums are the array's.
    private var firstSums: (Double, Double, Double, Double) = (0, 0, 0, 0)
    static let firstSlots = 4
    /// The sums of the other slots (and zeros for the first ones), and the slots used so far
    /// (one past the highest with an accepted row).
    private var sumsBeyond: [Double] = []
    private var sumsCount = 0
    /// `DuplicateRule`, applied as rows arrive.
    var duplicates = DuplicateDetector()
    /// The last row's day and its weeks since ``ReportEpisodeState/weekOrigin`` (``add(_:_:)``).
    var weekDay = TimeKey.none, weekValue = 0.0
    /// Told every ``ObservationLoader/progressInterval`` rows that that many more were read.
    var progress: ProgressCounter? = nil

    static var intervalBins: Int { maxInterval + 1 }

    init(parser: ObservationRowParser, mode: ValidationMode, intervalKey: IntervalKey, secondKey: IntervalKey = .none) {
        self.parser = parser
        columns = parser.columns
        self.mode = mode
        self.intervalKey = intervalKey
        self.secondKey = secondKey
        if case .none = secondKey { hasSecond = false } else { hasSecond = true }
        func column(_ key: IntervalKey) -> Int {
            switch key {
            case .clinician: parser.columns.clinician
            case .site: parser.columns.site
            case .group: parser.columns.group
            default: -1
            }
        }
        attributeColumn = column(intervalKey)
        attributeColumn2 = column(secondKey)
        _ = episodeIDs.intern("1")   // the default episode id
    }

    struct Stop: Error {}

    /// Whether episode `i` of this part and episode `j` of a later part `other` have seen the same
    /// time (a duplicate across the parts). `otherOverflow`: `other.duplicates.overflowByEpisode()`.
    func sharesTime(episode i: Int, with other: ReportChunk, episode j: Int, otherOverflow: [Int: [Int64]]) -> Bool {
        for k in other.episodes[j].seen.keysInWindows() where duplicates.contains(episode: i, episodes[i].seen, key: k) { return true }
        for k in otherOverflow[j] ?? [] where duplicates.contains(episode: i, episodes[i].seen, key: k) { return true }
        return false
    }

    /// Reads every record of `reader` (no header: the parser already has it).
    mutating func run(_ reader: CSVReader) throws {
        do {
            try reader.forEachRecord { rec in try self.consume(rec) }
        } catch is Stop {}
    }

    @inline(__always)
    mutating func consume(_ rec: CSVRecord) throws {
        counts.rowsRead += 1
        if counts.rowsRead % ObservationLoader.progressInterval == 0, let progress { progress.add(ObservationLoader.progressInterval) }
        if let m = rec.malformed, m.hasPrefix("unterminated quoted field") { endedInsideQuotes = true }
        switch parser.parse(rec) {
        case let .rejected(column, field, reason):
            try reject(Rejection(line: rec.line, column: column, field: field, reason: reason, raw: rec.allStrings()))
        case .emptyRow:
            counts.emptyRows += 1
        case .notAdministered:
            counts.notAdministered += 1
        case let .accepted(row):
            try add(row, rec)
        }
    }

    mutating func reject(_ r: Rejection) throws {
        counts.rejected += 1
        if mode == .strict {
            firstError = r
            throw Stop()
        }
        rejections.append(r)
    }

    @inline(__always)
    mutating func add(_ row: ObservationRow, _ rec: CSVRecord) throws {
        let c = columns
        let cf = trimmedField(rec[c.client])
        let client: Int32
        if lastClient >= 0, Bytes.equal(lastClientKey, cf) {
            client = lastClient
        } else {
            client = clients.intern(cf)
            lastClient = client
            lastClientKey.removeAll(keepingCapacity: true)
            lastClientKey.append(contentsOf: cf)
        }
        if Int(client) == clientHeads.count { clientHeads.append(-1); clientEpisodeCounts.append(0) }
        var eid: Int32 = 0
        if c.episode >= 0, !rec.isBlank(c.episode) { eid = episodeIDs.intern(trimmedField(rec[c.episode])) }
        let m = Int32(truncatingIfNeeded: row.measureSlot)
        let ci = Int(client)
        let head = clientHeads[ci]
        var e: Int32 = -1
        // Read through a buffer pointer: reading a field of `episodes[t]` copied the whole state.
        if clientEpisodeCounts[ci] <= Self.walkLimit {
            e = episodes.withUnsafeBufferPointer { eps in
                var t = head
                while t >= 0 {
                    let s = eps.baseAddress! + Int(t)
                    if s.pointee.episodeID == eid && s.pointee.measure == m { return t }
                    t = s.pointee.next
                }
                return -1
            }
        } else if episodes.withUnsafeBufferPointer({ $0[Int(head)].episodeID == eid && $0[Int(head)].measure == m }) {
            e = head
        } else {
            e = episodeLookup[ReportEpisodeKey(client: client, episodeID: eid, measure: m)] ?? -1
        }
        if e < 0 {
            e = Int32(episodes.count)
            var s = ReportEpisodeState(episodeID: eid, measure: m)
            s.next = head
            clientHeads[ci] = e
            episodes.append(s)
            clientEpisodeCounts[ci] += 1
            let n = clientEpisodeCounts[ci]
            if n == Self.walkLimit + 1 {
                // The client outgrows the walk: index all its episodes.
                var t = e
                while t >= 0 {
                    episodeLookup[ReportEpisodeKey(client: client, episodeID: episodes[Int(t)].episodeID, measure: episodes[Int(t)].measure)] = t
                    t = episodes[Int(t)].next
                }
            } else if n > Self.walkLimit {
                episodeLookup[ReportEpisodeKey(client: client, episodeID: eid, measure: m)] = e
            }
        }
        let day32 = row.day.map(Self.clamped) ?? TimeKey.none
        let session32 = row.session.map(Self.clamped) ?? TimeKey.none
        let sKey = TimeKey.make(session32, day32)
        let i = Int(e)
        let value = row.value
        // Weeks since the origin (a division): consecutive rows often share a date.
        if day32 != weekDay {
            weekDay = day32
            weekValue = Double(Int(day32) - ReportEpisodeState.weekOrigin) / 7
        }
        let weeks = weekValue
        var interval = -1
        var intervalDay = 0
        // The duplicate check and the update in one access to the episode (each access to an
        // element of `episodes` checks that the array is unique and the index in bounds), which
        // also gives back the episode's attributes: a time outside the episode's windows is
        // looked up in the overflow set before the update.
        let repeated: Bool
        var attrs = (Int32(-1), Int32(-1))
        switch Self.updateUnlessSeen(&episodes[i], value: value, sKey: sKey, day: day32, session: session32, status: row.status, weeks: weeks,
                                     interval: &interval, intervalDay: &intervalDay, attributes: &attrs) {
        case let .some(seen):
            repeated = seen
        case .none:
            repeated = duplicates.repeatsOutsideWindows(episode: i, session32: session32, day32: day32)
            if !repeated {
                Self.update(&episodes[i], value: value, sKey: sKey, day: day32, session: session32, status: row.status, weeks: weeks,
                            interval: &interval, intervalDay: &intervalDay)
                attrs = (episodes[i].attr, episodes[i].attr2)
            }
        }
        if repeated {
            try reject(DuplicateRule.rejection(line: rec.line, measure: parser.measures[row.measureSlot].name,
                                               session: row.session, day: row.day, raw: rec.allStrings()))
            return
        }
        counts.accepted += 1
        // An episode's attributes are set by its first row that has them.
        var (attr, attr2) = attrs
        let ac = attributeColumn
        if ac >= 0, attr < 0, !rec.isBlank(ac) { attr = attributes.intern(trimmedField(rec[ac])); episodes[i].attr = attr }
        let ac2 = attributeColumn2
        if ac2 >= 0, attr2 < 0, !rec.isBlank(ac2) { attr2 = attributes2.intern(trimmedField(rec[ac2])); episodes[i].attr2 = attr2 }
        if day32 != TimeKey.none {
            anyDate = true
            if Int(day32) > newestDay { newestDay = Int(day32) }
            if Int(day32) < oldestDay { oldestDay = Int(day32) }
        }
        if session32 != TimeKey.none {
            anySession = true
            if session32 > maxSession { maxSession = session32 }
        }
        let mi = Int(m)
        if mi >= sumsCount {
            sumsCount = mi + 1
            if sumsBeyond.count < sumsCount { sumsBeyond.append(contentsOf: repeatElement(0, count: sumsCount - sumsBeyond.count)) }
        }
        if mi < Self.firstSlots {
            withUnsafeMutableBytes(of: &firstSums) { b in
                b.storeBytes(of: b.load(fromByteOffset: mi &* 8, as: Double.self) + value, toByteOffset: mi &* 8, as: Double.self)
            }
        } else {
            sumsBeyond[mi] += value
        }
        if interval >= 0 {
            let key: Int
            switch intervalKey {
            case .none: key = 0
            case .measure: key = Int(m)
            case .clinician, .site, .group: key = Int(attr)
            case .month: key = Self.monthIndex(intervalDay)
            }
            intervals.count(interval, key: key)
            if hasSecond { intervals2.count(interval, key: Int(attr2)) }
        } else if interval == -2 {
            outOfOrderIntervals += 1
        }
    }

    /// `Int32(clamping:)` without the generic call the optimizer left in the per-row path.
    @inline(__always)
    static func clamped(_ v: Int) -> Int32 {
        Int32(truncatingIfNeeded: min(max(v, Int(Int32.min)), Int(Int32.max)))
    }

    /// Marks the row's time seen in the episode's windows and, when it is new there, updates the
    /// episode (``update(_:value:sKey:day:session:status:interval:intervalDay:)``). Returns
    /// whether the time was seen before, or nil (nothing updated) when it falls outside the
    /// windows, where only the part's overflow set can tell. `attributes`: the episode's `attr` and `attr2`.
    @inline(__always)
    static func updateUnlessSeen(_ s: inout ReportEpisodeState, value: Double, sKey: Int64, day: Int32, session: Int32, status: EpisodeStatus?,
                                 weeks: Double, interval: inout Int, intervalDay: inout Int, attributes: inout (Int32, Int32)) -> Bool? {
        guard let seen = s.seen.markSeen(session: session, day: day) else { return nil }
        if !seen { update(&s, value: value, sKey: sKey, day: day, session: session, status: status, weeks: weeks, interval: &interval, intervalDay: &intervalDay) }
        attributes = (s.attr, s.attr2)
        return seen
    }

    /// Updates one episode's accumulators; `interval` becomes the days since the episode's
    /// previous dated row (-1: none, -2: out of order). `weeks`: the row's weeks since
    /// ``ReportEpisodeState/weekOrigin`` (used only when it has a day).
    /// Static: a method on `self` called with `&episodes[i]` makes Swift copy `self` for the call,
    /// so the array is no longer unique and is copied whole on every row (quadratic in debug builds).
    @inline(__always)
    static func update(_ s: inout ReportEpisodeState, value: Double, sKey: Int64, day: Int32, session: Int32, status: EpisodeStatus?,
                weeks: Double, interval: inout Int, intervalDay: inout Int) {
        s.n += 1
        if session == TimeKey.none { s.allSession = false }
        if sKey < s.sFirstKey { s.sFirstKey = sKey; s.sFirstValue = value }
        if sKey > s.sLastKey { s.sLastKey = sKey; s.sLastValue = value }
        let dKey = TimeKey.make(day, session)
        if dKey < s.dFirstKey { s.dFirstKey = dKey; s.dFirstValue = value }
        if dKey > s.dLastKey { s.dLastKey = dKey; s.dLastValue = value }
        if let status { s.status = status == .open ? 0 : 1 }
        if day != TimeKey.none {
            let t = weeks
            s.tn += 1; s.st += t; s.stt += t * t; s.sy += value; s.sty += t * value
            if s.lastRowDay != TimeKey.none {
                let gap = Int(day) - Int(s.lastRowDay)
                if gap >= 0 { interval = gap; intervalDay = Int(day) } else { interval = -2 }
            } else {
                s.firstRowDay = day
            }
            s.lastRowDay = day
        }
    }

    /// year·12 + month − 1 of a day number.
    static func monthIndex(_ day: Int) -> Int {
        let (y, m, _) = CivilCalendar.components(days: day)
        return y * 12 + m - 1
    }
}

/// Interval histograms, `ReportChunk.intervalBins` counts per key (0…`maxInterval` days, the last
/// bin "or more"), with keys in order of first use: one for each of the chunk's two groupings.
struct IntervalHistograms {
    var counts: [Int] = []
    var keys: [Int] = []
    var index: [Int: Int] = [:]
    var lastKey = Int.min, lastGroup = -1
    /// Group + 1 (0: none yet) of the keys -1 ..< `smallKeys` - 1, by key + 1: the usual keys
    /// (attribute or measure numbers, -1 for none) are found without hashing when the key
    /// changes from row to row (a new clinician with every client); others go through `index`.
    var small: [Int32] = []
    static let smallKeys = 1024

    @inline(__always)
    mutating func count(_ gap: Int, key: Int) {
        let g: Int
        let k1 = key &+ 1
        if key == lastKey {
            g = lastGroup
        } else if k1 >= 0, k1 < small.count, small[k1] > 0 {
            g = Int(small[k1]) - 1
        } else if let found = index[key] {
            g = found
        } else {
            g = keys.count
            keys.append(key)
            index[key] = g
            counts.append(contentsOf: repeatElement(0, count: ReportChunk.intervalBins))
            if k1 >= 0, k1 < Self.smallKeys {
                if small.isEmpty { small = [Int32](repeating: 0, count: Self.smallKeys) }
                small[k1] = Int32(g + 1)
            }
        }
        lastKey = key
        lastGroup = g
        counts[g * ReportChunk.intervalBins + min(gap, ReportChunk.maxInterval)] += 1
    }
}

/// Hash key of an episode in a ``ReportChunk``.
struct ReportEpisodeKey: Hashable {
    var client: Int32
    var episodeID: Int32
    var measure: Int32
}

/// Rows read so far by every part of a read, reported to a progress callback (for a progress
/// line) from whichever part's thread reads them; the callback is never called concurrently.
final class ProgressCounter: @unchecked Sendable {
    private let report: @Sendable (Int) -> Void
    private let queue = DispatchQueue(label: "headway.progress")
    private var rows = 0

    init(_ report: @escaping @Sendable (Int) -> Void) { self.report = report }

    func add(_ n: Int) {
        queue.sync {
            rows += n
            report(rows)
        }
    }
}
