// SPDX-License-Identifier: GPL-3.0-or-later
// `headway check`'s summary from the streaming reader: memory grows with episodes, not rows.
import HeadwayCSV

/// How an observations file is read when only per-episode state is kept (`headway check`):
/// the reading settings of ``ObservationLoader``, plus the parallel split.
public struct StreamReadOptions: Sendable {
    /// Parts read in parallel (1 or 2) and the file size from which a file is split.
    public var parts = 2
    public var parallelThreshold = 8 << 20
    /// The reading settings every observations reader shares (``LoadSettings``).
    public var settings = LoadSettings()
    public init() {}
}

/// An observations file summarised without keeping its scores: what loading an ``ObservationSet``
/// and summarising it as a ``DataSummary`` gives, from the report's streaming reader.
public struct FileSummary: Sendable {
    public var file: String
    /// The header as the rows were parsed (the long header of a wide sheet), for the rejects file.
    public var header: [String]
    public var readInfo: CSVReadInfo
    public var wide: WideLayout?
    public var counts: LoadCounts
    /// Rejected rows in line order (empty in strict mode, which throws instead).
    public var rejections: [Rejection]
    public var summary: DataSummary

    /// Streams `path` (`-` for standard input; CSV, a workbook, a wide sheet or FHIR input).
    /// `progress` is told the rows read so far every ``ObservationLoader/progressInterval`` rows.
    /// - Throws: `CSVError` for unreadable input, a bad header, or (strict mode) the first invalid
    ///   row in file order, exactly as ``ObservationLoader/load(path:)``.
    public static func read(path: String, catalog: MeasureCatalog, mode: ValidationMode = .strict,
                            options: StreamReadOptions = StreamReadOptions(),
                            progress: (@Sendable (Int) -> Void)? = nil) throws -> FileSummary {
        // Clinician and site are the two groupings: each episode keeps its first of each, as the loader's episodes do.
        var reader = ReportReader(catalog: catalog, mode: mode, intervalKey: .clinician, secondKey: .site, parts: options.parts)
        reader.parallelThreshold = options.parallelThreshold
        reader.settings = options.settings
        reader.allowEmptyFHIR = true
        reader.progress = progress
        let data = try reader.read(path: path)
        return FileSummary(file: data.file, header: data.header, readInfo: data.readInfo, wide: data.wide,
                           counts: data.counts, rejections: data.rejections, summary: DataSummary(data))
    }
}

extension DataSummary {
    /// The summary of streamed data. The same as from the loaded ``ObservationSet`` (episodes
    /// come in the loader's order), except that a measure's mean sums its scores in file order
    /// rather than episode by episode in time order: the same number for scores that add exactly
    /// (whole numbers, halves), at most a rounding of the last bit otherwise.
    init(_ data: ReportData) {
        rowsRead = data.counts.rowsRead
        accepted = data.counts.accepted
        rejected = data.counts.rejected
        emptyRows = data.counts.emptyRows
        notAdministered = data.counts.notAdministered
        blankLines = data.counts.blankLines
        let nm = data.measures.count
        var rows = [Int](repeating: 0, count: nm), episodeCounts = rows, clientCounts = rows
        var lastClientOfMeasure = [Int32](repeating: -1, count: nm)
        var clinicianSeen = [Bool](repeating: false, count: data.attributes.count)
        var siteSeen = [Bool](repeating: false, count: data.attributes2.count)
        var clients = 0, courses = 0, clinicians = 0, sites = 0
        var lastClient: Int32 = -1, lastEpisodeID: Int32 = -1
        // Episodes are grouped by client and, within a client, ordered by episode id: a new
        // client or episode id is a new course.
        for e in data.episodes {
            let newClient = e.client != lastClient
            if newClient { clients += 1; lastClient = e.client }
            if newClient || e.episodeID != lastEpisodeID { courses += 1; lastEpisodeID = e.episodeID }
            if e.attr >= 0, !clinicianSeen[Int(e.attr)] { clinicianSeen[Int(e.attr)] = true; clinicians += 1 }
            if e.attr2 >= 0, !siteSeen[Int(e.attr2)] { siteSeen[Int(e.attr2)] = true; sites += 1 }
            let k = Int(e.measure)
            rows[k] += Int(e.scores)
            episodeCounts[k] += 1
            if lastClientOfMeasure[k] != e.client { clientCounts[k] += 1; lastClientOfMeasure[k] = e.client }
        }
        self.clients = clients
        episodes = courses
        series = data.episodes.count
        self.clinicians = clinicians
        self.sites = sites
        firstDay = data.oldestDay
        lastDay = data.newestDay
        maxSession = data.maxSession
        let sums = data.measureSums
        measures = (0..<nm).filter { episodeCounts[$0] > 0 }.sorted { data.measures[$0].name < data.measures[$1].name }.map { k in
            MeasureLine(measure: data.measures[k].name, rows: rows[k], episodes: episodeCounts[k], clients: clientCounts[k],
                        meanScore: rows[k] > 0 ? (k < sums.count ? sums[k] : 0) / Double(rows[k]) : 0)
        }
    }
}
