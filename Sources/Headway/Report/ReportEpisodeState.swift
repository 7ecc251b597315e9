// SPDX-License-Identifier: GPL-3.0-or-later
// The small, fixed-size state the streaming report keeps per client episode.

/// Orders scores the way ``ObservationLoader`` does, packed into one integer:
/// the primary time (session, or day) in the high 32 bits and the secondary in the low
/// 32 bits, with `nil` as `Int32.min` (before any value, as the loader's `Int.min`).
@usableFromInline
enum TimeKey {
    @inline(__always) @usableFromInline
    static func make(_ primary: Int32, _ secondary: Int32) -> Int64 {
        (Int64(primary) << 32) | Int64(UInt32(bitPattern: secondary) ^ 0x8000_0000)
    }
    @inline(__always) @usableFromInline
    static func primary(_ k: Int64) -> Int32 { Int32(truncatingIfNeeded: k >> 32) }
    @inline(__always) @usableFromInline
    static func secondary(_ k: Int64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: k) ^ 0x8000_0000) }
    static let none = Int32.min
}

/// Per client episode (client, episode id, measure) accumulators. Plain values only (no
/// strings, no arrays), so that millions of them sit in one flat array and every
/// accumulator merges with the same episode's state from another part of the file.
///
/// Two orderings are tracked because the loader orders an episode by session when every
/// score has one and by date otherwise, which is only known at the end.
struct ReportEpisodeState {
    var episodeID: Int32
    var measure: Int32
    /// The grouping attribute (clinician, site or group, as chosen by `--by`), -1 none.
    var attr: Int32 = -1
    /// Next episode of the same client (-1: none); -2 marks a state merged into another.
    var next: Int32 = -1
    var n: Int32 = 0
    /// -1 unknown, 0 open, 1 closed (the latest row with a status wins).
    var status: Int8 = -1
    var allSession = true
    // Session order: (session, day).
    var sFirstKey = Int64.max, sLastKey = Int64.min
    var sFirstValue = 0.0, sLastValue = 0.0
    // Date order: (day, session).
    var dFirstKey = Int64.max, dLastKey = Int64.min
    var dFirstValue = 0.0, dLastValue = 0.0
    /// Times seen, for `DuplicateRule` (the part's `DuplicateDetector` holds the overflow).
    var seen = SeenTimes()
    /// Days of the first and the latest dated row in file order (intervals between scores).
    var firstRowDay = TimeKey.none, lastRowDay = TimeKey.none
    // Ordinary least squares of score on weeks since ``ReportEpisodeState/weekOrigin``.
    var tn: Int32 = 0
    var st = 0.0, stt = 0.0, sy = 0.0, sty = 0.0

    /// 2020-01-01: a fixed origin keeps the sums mergeable and well conditioned.
    static let weekOrigin = 18262

    init(episodeID: Int32, measure: Int32) {
        self.episodeID = episodeID
        self.measure = measure
    }

    /// Folds `o`, the same episode read from a later part of the file, into `self`.
    mutating func merge(_ o: ReportEpisodeState) {
        if o.n == 0 { return }
        if attr < 0 { attr = o.attr }
        if o.status >= 0 { status = o.status }
        n += o.n
        allSession = allSession && o.allSession
        if o.sFirstKey < sFirstKey { sFirstKey = o.sFirstKey; sFirstValue = o.sFirstValue }
        if o.sLastKey > sLastKey { sLastKey = o.sLastKey; sLastValue = o.sLastValue }
        if o.dFirstKey < dFirstKey { dFirstKey = o.dFirstKey; dFirstValue = o.dFirstValue }
        if o.dLastKey > dLastKey { dLastKey = o.dLastKey; dLastValue = o.dLastValue }
        if firstRowDay == TimeKey.none { firstRowDay = o.firstRowDay }
        if o.lastRowDay != TimeKey.none { lastRowDay = o.lastRowDay }
        tn += o.tn; st += o.st; stt += o.stt; sy += o.sy; sty += o.sty
    }

    /// Ordinary least-squares slope of score per week over the dated scores:
    /// b = (nΣty − ΣtΣy) / (nΣt² − (Σt)²); `nil` with fewer than two distinct dates.
    var slopePerWeek: Double? {
        let nn = Double(tn)
        guard tn >= 2 else { return nil }
        let den = nn * stt - st * st
        guard den > 1e-9 * max(1, nn * stt) else { return nil }
        return (nn * sty - st * sy) / den
    }
}
