import HeadwayCSV

/// The accepted episodes of an observations file, with what was rejected.
public struct ObservationSet: Sendable {
    public var file: String
    /// Sorted by client, episode, measure; scores within each in time order.
    public var episodes: [Episode]
    public var counts: LoadCounts
    /// Rejected rows in line order (empty in strict mode, which throws instead).
    public var rejections: [Rejection]
    public var hasDates: Bool
    public var hasSessions: Bool
    /// The file's header fields as written (for the rejects file).
    public var header: [String]

    public init(file: String, episodes: [Episode], counts: LoadCounts, rejections: [Rejection], hasDates: Bool, hasSessions: Bool, header: [String] = []) {
        self.file = file
        self.header = header
        self.episodes = episodes
        self.counts = counts
        self.rejections = rejections
        self.hasDates = hasDates
        self.hasSessions = hasSessions
    }

    /// The newest date in the data (the default "as of" date for flags and reports).
    public var newestDay: Int? { episodes.lazy.compactMap(\.lastDay).max() }
    public var oldestDay: Int? { episodes.lazy.compactMap(\.firstDay).min() }

    /// Episodes of one client (all measures).
    public func episodes(client: String) -> [Episode] { episodes.filter { $0.key.clientID == client } }
}

/// What `headway check` prints: the shape of a data file.
public struct DataSummary: Sendable, Equatable {
    public struct MeasureLine: Sendable, Equatable {
        public var measure: String
        public var rows: Int
        public var episodes: Int
        public var clients: Int
        public var meanScore: Double
    }
    public var rowsRead: Int
    public var accepted: Int
    public var rejected: Int
    public var clients: Int
    /// Courses of treatment (client, episode), across measures.
    public var episodes: Int
    /// (client, episode, measure) series.
    public var series: Int
    public var clinicians: Int
    public var sites: Int
    public var firstDay: Int?
    public var lastDay: Int?
    public var maxSession: Int?
    public var measures: [MeasureLine]

    public init(_ set: ObservationSet) {
        rowsRead = set.counts.rowsRead
        accepted = set.counts.accepted
        rejected = set.counts.rejected
        var clientSet = Set<String>(), courseSet = Set<String>(), clinicianSet = Set<String>(), siteSet = Set<String>()
        var perMeasure: [String: (rows: Int, episodes: Int, clients: Set<String>, sum: Double)] = [:]
        var maxSession: Int? = nil
        for e in set.episodes {
            clientSet.insert(e.key.clientID)
            courseSet.insert(e.key.clientID + "\u{1F}" + e.key.episodeID)
            if let c = e.clinicianID { clinicianSet.insert(c) }
            if let s = e.site { siteSet.insert(s) }
            var m = perMeasure[e.key.measure] ?? (0, 0, [], 0)
            m.rows += e.scores.count
            m.episodes += 1
            m.clients.insert(e.key.clientID)
            for s in e.scores {
                m.sum += s.value
                if let ss = s.session { maxSession = max(maxSession ?? ss, ss) }
            }
            perMeasure[e.key.measure] = m
        }
        clients = clientSet.count
        episodes = courseSet.count
        series = set.episodes.count
        clinicians = clinicianSet.count
        sites = siteSet.count
        firstDay = set.oldestDay
        lastDay = set.newestDay
        self.maxSession = maxSession
        measures = perMeasure.keys.sorted().map { k in
            let m = perMeasure[k]!
            return MeasureLine(measure: k, rows: m.rows, episodes: m.episodes, clients: m.clients.count,
                               meanScore: m.rows > 0 ? m.sum / Double(m.rows) : 0)
        }
    }
}
