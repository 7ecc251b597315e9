/// Identifies one course of treatment on one measure.
public struct EpisodeKey: Sendable, Hashable, Comparable {
    public var clientID: String
    /// The `episode_id` column, or "1" when the file has none (one episode per client and measure).
    public var episodeID: String
    /// The catalog's canonical measure name.
    public var measure: String

    public init(clientID: String, episodeID: String, measure: String) {
        self.clientID = clientID
        self.episodeID = episodeID
        self.measure = measure
    }

    public static func < (a: EpisodeKey, b: EpisodeKey) -> Bool {
        (a.clientID, a.episodeID, a.measure) < (b.clientID, b.episodeID, b.measure)
    }
}

/// Single-case design phase of a score.
public enum Phase: UInt8, Sendable, Hashable {
    /// A: baseline (accepted spellings: `A`, `baseline`, `0`).
    case baseline = 0
    /// B: treatment or intervention (`B`, `treatment`, `intervention`, `1`).
    case treatment = 1

    public init?(text: String) {
        switch text.trimmingSpaces().lowercased() {
        case "a", "baseline", "0", "pre": self = .baseline
        case "b", "treatment", "intervention", "1", "tx": self = .treatment
        default: return nil
        }
    }
}

/// Whether an episode is still open, when the data says so explicitly.
public enum EpisodeStatus: String, Sendable, Hashable {
    case open, closed

    public init?(text: String) {
        switch text.trimmingSpaces().lowercased() {
        case "open", "active", "ongoing", "current": self = .open
        case "closed", "ended", "discharged", "completed", "complete", "finished": self = .closed
        default: return nil
        }
    }
}

/// One administered measure: 24 bytes, so tens of millions fit in memory.
public struct Score: Sendable, Equatable {
    /// Days since 1970-01-01, or `nil`.
    public var day: Int? { dayStorage == Int32.min ? nil : Int(dayStorage) }
    /// Session number, or `nil`.
    public var session: Int? { sessionStorage == Int32.min ? nil : Int(sessionStorage) }
    public var value: Double
    /// 1-based line in the input file (for error messages).
    public var line: Int { Int(lineStorage) }
    public var phase: Phase? { phaseStorage == 255 ? nil : Phase(rawValue: phaseStorage) }
    /// Single-case phase-pair number from a `phase_pair` column (1…65535), or `nil`.
    public var phasePair: Int? { pairStorage == 0 ? nil : Int(pairStorage) }

    @usableFromInline var dayStorage: Int32
    @usableFromInline var sessionStorage: Int32
    @usableFromInline var lineStorage: Int32
    @usableFromInline var phaseStorage: UInt8
    /// Fits in the padding after `phaseStorage`: the struct stays 24 bytes.
    @usableFromInline var pairStorage: UInt16

    public init(value: Double, day: Int? = nil, session: Int? = nil, line: Int = 0, phase: Phase? = nil, phasePair: Int? = nil) {
        self.value = value
        dayStorage = day.map { Int32(clamping: $0) } ?? Int32.min
        sessionStorage = session.map { Int32(clamping: $0) } ?? Int32.min
        lineStorage = Int32(clamping: line)
        phaseStorage = phase?.rawValue ?? 255
        pairStorage = phasePair.map { UInt16(clamping: max(0, $0)) } ?? 0
    }
}

/// All scores of one client on one measure in one course of treatment, in time order.
public struct Episode: Sendable {
    public var key: EpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var group: String?
    public var status: EpisodeStatus?
    /// Sorted by session when every score has one, else by date (a range of the load's one
    /// score store, ``ScoreList``).
    public var scores: ScoreList

    public init(key: EpisodeKey, clinicianID: String? = nil, site: String? = nil, group: String? = nil,
                status: EpisodeStatus? = nil, scores: ScoreList) {
        self.key = key
        self.clinicianID = clinicianID
        self.site = site
        self.group = group
        self.status = status
        self.scores = scores
    }

    /// An episode holding `scores` in a store of its own.
    public init(key: EpisodeKey, clinicianID: String? = nil, site: String? = nil, group: String? = nil,
                status: EpisodeStatus? = nil, scores: [Score]) {
        self.init(key: key, clinicianID: clinicianID, site: site, group: group, status: status, scores: ScoreList(scores))
    }

    public var clientID: String { key.clientID }
    public var measure: String { key.measure }
    public var firstDay: Int? { dayBound(min) }
    public var lastDay: Int? { dayBound(max) }
    public var hasPhases: Bool { scores.withUnsafeBufferPointer { $0.contains { $0.phaseStorage != 255 } } }

    /// The earliest (`min`) or latest (`max`) day of the dated scores. Read through the buffer:
    /// an iterator over `scores` would hold (retain) its store.
    private func dayBound(_ pick: (Int32, Int32) -> Int32) -> Int? {
        scores.withUnsafeBufferPointer { s in
            var best: Int32? = nil
            for x in s where x.dayStorage != Int32.min { best = pick(best ?? x.dayStorage, x.dayStorage) }
            return best.map(Int.init)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
