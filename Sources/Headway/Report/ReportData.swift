// SPDX-License-Identifier: GPL-3.0-or-later
// What streaming an observations file for the report leaves: one small record per episode.
import HeadwayCSV

/// One client episode on one measure, reduced to what the report needs (no ids as text).
struct ReportEpisode: Sendable {
    /// Client number in order of first appearance in the file.
    var client: Int32
    var episodeID: Int32
    var measure: Int32
    /// The grouping attribute (see ``ReportData/attributes``), -1 none.
    var attr: Int32
    /// The second grouping attribute (see ``ReportData/attributes2``), -1 none.
    var attr2: Int32 = -1
    /// Number of (accepted, non-duplicate) scores.
    var scores: Int32
    /// -1 unknown, 0 open, 1 closed.
    var status: Int8
    var hasSlope: Bool
    /// First and last score in time order (meaningful when `scores >= 2`).
    var pre: Double
    var post: Double
    /// The latest date of any score (`Int32.min`: no dates).
    var lastDay: Int32
    /// OLS slope of score per week (meaningful when `hasSlope`).
    var slope: Double
    /// The earliest date of any score (`Int32.min`: no dates); new episodes per month in the HTML report.
    var firstDay: Int32 = TimeKey.none

    var paired: Bool { scores >= 2 }
}

/// The streamed observations: names, counts and episodes in the order of
/// ``ObservationLoader`` (clients by first appearance; within a client, by episode id then measure).
struct ReportData: Sendable {
    var file: String
    var header: [String]
    /// The wide sheet's layout when the file had one column per measure (``WideLayout``).
    var wide: WideLayout? = nil
    var counts: LoadCounts
    var rejections: [Rejection]
    var measures: [Measure]
    var episodeIDs: [String]
    /// Names of the grouping attribute (clinician, site or group, whichever `--by` chose).
    var attributes: [String]
    var clientCount: Int
    var episodes: [ReportEpisode]
    /// Interval histograms (index = days, last bin = that many or more) by the streaming
    /// ``IntervalKey`` (global index of the measure/clinician/site/group, -1 for none, or month index).
    var intervals: [Int: [Int]]
    var outOfOrderIntervals: Int
    var hasDates: Bool
    var hasSessions: Bool
    var newestDay: Int?
    /// Number of parts read in parallel.
    var parts: Int
    /// Names of the second grouping attribute (site, when the reader was asked for it with
    /// `secondKey`) and its interval histograms, keyed as `intervals` are.
    var attributes2: [String] = []
    var intervals2: [Int: [Int]] = [:]
    /// The encoding, delimiter and decimal separator the file was read with.
    var readInfo = CSVReadInfo()
    /// The earliest date and the largest session of any accepted row, nil when none.
    var oldestDay: Int? = nil
    var maxSession: Int? = nil
    /// Sum of the accepted scores per measure (same index as `measures`).
    var measureSums: [Double] = []

    /// The same data grouped by the second attribute: what a separate read with `intervalKey`
    /// equal to the reader's `secondKey` gives (episode attributes, their names and the interval
    /// histograms are taken from the second attribute; everything else is shared).
    func bySecondAttribute() -> ReportData {
        var d = self
        d.attributes = attributes2
        d.intervals = intervals2
        d.attributes2 = []
        d.intervals2 = [:]
        for i in d.episodes.indices { d.episodes[i].attr = d.episodes[i].attr2 }
        return d
    }
}
