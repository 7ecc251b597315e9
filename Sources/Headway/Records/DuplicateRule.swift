import HeadwayCSV

/// The one duplicate rule of every command that reads observations (`check`, `change`,
/// `trend`, `flags`, `single-case` through ``ObservationLoader``, and `report` through its
/// streaming reader).
///
/// A row is a *duplicate* when an earlier line of the file (in file order) has the same
/// client, episode and measure and the same *time*: its session when the row has a
/// session, otherwise its date. The earlier line is kept; every later line with that time
/// is rejected ("duplicate row"), in both validation modes, whatever the order of the rows
/// and whatever the thread count. A row with a session and a row with only a date never
/// repeat each other. The check runs as each row is read, so strict mode stops at the
/// first bad row in file order, duplicates included.
///
/// The message names the row's line (the location), its measure and its time, and never
/// the client or episode id, so it can be shown wherever the output goes.
enum DuplicateRule {
    /// The packed time of a row: a tag bit (1 = date) above the 32-bit session or day.
    @inline(__always)
    static func key(session: Int32, day: Int32) -> Int64 {
        session != TimeKey.none ? Int64(UInt32(bitPattern: session)) : (Int64(1) << 32) | Int64(UInt32(bitPattern: day))
    }

    /// The rejection of a duplicate row (field 0: the whole row).
    static func rejection(line: Int, measure: String, session: Int?, day: Int?, raw: [String]) -> Rejection {
        let when = session.map { "session \($0)" } ?? day.map { "date \(CivilCalendar.isoString(days: $0))" } ?? "time"
        return Rejection(line: line, column: 0, field: "",
                         reason: "duplicate row: an earlier line has the same client, episode, measure (\(measure)) and \(when); the earlier line is kept",
                         raw: raw)
    }
}

/// The times one episode has seen, in fixed-size bit windows (no allocation per episode):
/// sessions 0..<64, and for rows without a session the days at offsets 0..<128 from
/// `dayBase` (set from the first such row, 64 days before it). Times outside the windows
/// go to `DuplicateDetector`'s overflow set.
struct SeenTimes {
    var sessions: UInt64 = 0
    var daysLow: UInt64 = 0, daysHigh: UInt64 = 0
    var dayBase: Int32 = TimeKey.none

    /// Marks a time as seen; returns whether it was seen before, or `nil` when it falls
    /// outside the windows.
    @inline(__always)
    mutating func markSeen(session: Int32, day: Int32) -> Bool? {
        if session != TimeKey.none {
            guard session >= 0, session < 64 else { return nil }
            let bit = UInt64(1) << UInt64(session)
            defer { sessions |= bit }
            return sessions & bit != 0
        }
        if dayBase == TimeKey.none { dayBase = day &- 64 }
        let off = Int(day) - Int(dayBase)
        guard off >= 0, off < 128 else { return nil }
        if off < 64 {
            let bit = UInt64(1) << UInt64(off)
            defer { daysLow |= bit }
            return daysLow & bit != 0
        }
        let bit = UInt64(1) << UInt64(off - 64)
        defer { daysHigh |= bit }
        return daysHigh & bit != 0
    }

    /// Whether the windows hold a time (a `DuplicateRule/key(session:day:)` value); `nil` when
    /// the time falls outside them (then only the overflow set can hold it).
    func contains(key: Int64) -> Bool? {
        let value = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
        if key >> 32 == 0 {
            guard value >= 0, value < 64 else { return nil }
            return sessions & (UInt64(1) << UInt64(value)) != 0
        }
        guard dayBase != TimeKey.none else { return false }   // no date-only row yet
        let off = Int(value) - Int(dayBase)
        guard off >= 0, off < 128 else { return nil }
        return off < 64 ? daysLow & (UInt64(1) << UInt64(off)) != 0 : daysHigh & (UInt64(1) << UInt64(off - 64)) != 0
    }

    /// Every time the windows hold, as `DuplicateRule/key(session:day:)` values.
    func keysInWindows() -> [Int64] {
        var keys: [Int64] = []
        for b in 0..<64 where sessions & (UInt64(1) << UInt64(b)) != 0 {
            keys.append(DuplicateRule.key(session: Int32(b), day: TimeKey.none))
        }
        for b in 0..<128 {
            let set = b < 64 ? daysLow & (UInt64(1) << UInt64(b)) != 0 : daysHigh & (UInt64(1) << UInt64(b - 64)) != 0
            if set { keys.append(DuplicateRule.key(session: TimeKey.none, day: dayBase &+ Int32(b))) }
        }
        return keys
    }
}

/// Applies `DuplicateRule` while a file is read: each episode keeps a ``SeenTimes``;
/// times outside its windows are kept here, keyed by episode index.
struct DuplicateDetector {
    /// (episode index << 33) | time key.
    var overflow = Set<Int64>()

    /// Whether a row with this time repeats an earlier row of episode `episode`; marks it seen.
    @inline(__always)
    mutating func repeats(episode: Int, _ seen: inout SeenTimes, session: Int?, day: Int?) -> Bool {
        let s = session.map { Int32(clamping: $0) } ?? TimeKey.none
        let d = day.map { Int32(clamping: $0) } ?? TimeKey.none
        return repeats(episode: episode, &seen, session32: s, day32: d)
    }

    @inline(__always)
    mutating func repeats(episode: Int, _ seen: inout SeenTimes, session32 s: Int32, day32 d: Int32) -> Bool {
        if let before = seen.markSeen(session: s, day: d) { return before }
        return !overflow.insert((Int64(episode) << 33) | DuplicateRule.key(session: s, day: d)).inserted
    }

    /// ``repeats(episode:_:session32:day32:)`` for a time that ``SeenTimes/markSeen(session:day:)``
    /// found outside the episode's windows: whether the overflow set held it; marks it seen.
    @inline(__always)
    mutating func repeatsOutsideWindows(episode: Int, session32 s: Int32, day32 d: Int32) -> Bool {
        !overflow.insert((Int64(episode) << 33) | DuplicateRule.key(session: s, day: d)).inserted
    }

    /// Whether episode `episode` has seen a time (a `DuplicateRule/key(session:day:)` value).
    func contains(episode: Int, _ seen: SeenTimes, key: Int64) -> Bool {
        if let inWindow = seen.contains(key: key) { return inWindow }
        return overflow.contains((Int64(episode) << 33) | key)
    }

    /// The overflow times grouped by episode index, built in one pass (merging the parts of a
    /// file asks for many episodes; scanning the whole set for each would be quadratic).
    func overflowByEpisode() -> [Int: [Int64]] {
        var out: [Int: [Int64]] = [:]
        let mask = (Int64(1) << 33) - 1
        for k in overflow { out[Int(k >> 33), default: []].append(k & mask) }
        return out
    }
}
