import HeadwayCSV

/// The accepted episodes of an observations file, with what was rejected.
public struct ObservationSet: Sendable {
    public var file: String
    /// Clients in order of first appearance; within a client by episode id and measure; scores in time order.
    public var episodes: [Episode]
    public var counts: LoadCounts
    /// Rejected rows in line order (empty in strict mode, which throws instead).
    public var rejections: [Rejection]
    public var hasDates: Bool
    public var hasSessions: Bool
    /// The file's header fields as written (for the rejects file).
    public var header: [String]
    /// The encoding, delimiter and decimal separator the file was read with.
    public var readInfo = CSVReadInfo()
    /// The wide sheet's layout when the file had one column per measure (``WideLayout``).
    public var wide: WideLayout? = nil

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
    public var emptyRows: Int
    public var notAdministered: Int
    public var blankLines: Int
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
        emptyRows = set.counts.emptyRows
        notAdministered = set.counts.notAdministered
        blankLines = set.counts.blankLines
        var clientSet = Set<String>(), courseSet = Set<EpisodeCourse>(), clinicianSet = Set<String>(), siteSet = Set<String>()
        // Per measure: rows, episodes, score sum, and distinct clients (kept in separate
        // containers so no set is copied out of a dictionary and back on each episode).
        var measureIndex: [String: Int] = [:]
        var names: [String] = [], rowCounts: [Int] = [], episodeCounts: [Int] = [], sums: [Double] = []
        var clientsPerMeasure: [Set<String>] = []
        var maxSession: Int? = nil
        // Episodes come grouped by client (and within a client by episode id), so a value equal
        // to the previous episode's is already in its set: only changes are hashed. Measures are
        // few: their index is remembered per spelling, and a measure's client set is touched only
        // for the first episode of a client on that measure.
        var lastClient: String? = nil, lastCourse: EpisodeCourse? = nil
        var lastClinician: String? = nil, lastSite: String? = nil
        var lastMeasure: String? = nil, lastK = -1
        var clientOrdinal = 0
        var lastClientOfMeasure: [Int] = []
        for e in set.episodes {
            let newClient = e.key.clientID != lastClient
            if newClient {
                clientSet.insert(e.key.clientID)
                lastClient = e.key.clientID
                clientOrdinal += 1
            }
            if newClient || e.key.episodeID != lastCourse?.episode {
                let course = EpisodeCourse(client: e.key.clientID, episode: e.key.episodeID)
                courseSet.insert(course)
                lastCourse = course
            }
            if let c = e.clinicianID, c != lastClinician { clinicianSet.insert(c); lastClinician = c }
            if let s = e.site, s != lastSite { siteSet.insert(s); lastSite = s }
            let k: Int
            if lastK >= 0, e.key.measure == lastMeasure {
                k = lastK
            } else if let i = measureIndex[e.key.measure] {
                k = i
            } else {
                k = names.count
                measureIndex[e.key.measure] = k
                names.append(e.key.measure); rowCounts.append(0); episodeCounts.append(0); sums.append(0)
                clientsPerMeasure.append([])
                lastClientOfMeasure.append(0)
            }
            lastMeasure = e.key.measure
            lastK = k
            rowCounts[k] += e.scores.count
            episodeCounts[k] += 1
            if newClient || lastClientOfMeasure[k] != clientOrdinal {
                clientsPerMeasure[k].insert(e.key.clientID)
                lastClientOfMeasure[k] = clientOrdinal
            }
            e.scores.withUnsafeBufferPointer { scores in
                var sum = sums[k]
                for s in scores {
                    sum += s.value
                    if let ss = s.session { maxSession = max(maxSession ?? ss, ss) }
                }
                sums[k] = sum
            }
        }
        clients = clientSet.count
        episodes = courseSet.count
        series = set.episodes.count
        clinicians = clinicianSet.count
        sites = siteSet.count
        firstDay = set.oldestDay
        lastDay = set.newestDay
        self.maxSession = maxSession
        measures = names.indices.sorted { names[$0] < names[$1] }.map { k in
            MeasureLine(measure: names[k], rows: rowCounts[k], episodes: episodeCounts[k], clients: clientsPerMeasure[k].count,
                        meanScore: rowCounts[k] > 0 ? sums[k] / Double(rowCounts[k]) : 0)
        }
    }
}

/// A course of treatment (client and episode, across measures).
public struct EpisodeCourse: Hashable, Sendable {
    public var client: String
    public var episode: String
    public init(client: String, episode: String) {
        self.client = client
        self.episode = episode
    }
}
