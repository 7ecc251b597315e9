// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts
import HeadwayCSV

/// What `headway check` writes about an observations file (``FileSummary``): the CSV
/// `metric,measure,value` (the file-wide metrics, then per measure its rows, episodes, clients
/// and mean score: everything the table shows, docs/output.md), or two terminal tables (the
/// metrics, then one line per measure).
public enum CheckOutput {
    /// One line of the CSV: a metric, the measure it is about (empty for a file-wide metric) and
    /// its value as written.
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var measure: String
        public var value: String
        public init(metric: String, measure: String = "", value: String) {
            self.metric = metric
            self.measure = measure
            self.value = value
        }
    }

    /// The file-wide metrics, in the order written: the file, the row counts (read, accepted,
    /// rejected, skipped), how it was read (encoding, delimiter, decimal separator, layout),
    /// then clients, episodes, series, measures, clinicians, sites, the date range (ISO dates,
    /// empty when the file has none) and the highest session (empty when none).
    public static func fileRows(_ file: FileSummary) -> [Row] {
        let s = file.summary
        let date: (Int?) -> String = { $0.map { CivilCalendar.isoString(days: $0) } ?? "" }
        let layout = file.wide.map { $0.shortSummary } ?? (file.readInfo.container != nil ? "FHIR resources" : "long")
        let pairs: [(String, String)] = [
            ("file", file.file),
            ("rows_read", String(s.rowsRead)),
            ("rows_accepted", String(s.accepted)),
            ("rows_rejected", String(s.rejected)),
            ("rows_skipped_empty", String(s.emptyRows)),
            ("rows_skipped_not_administered", String(s.notAdministered)),
            ("blank_lines", String(s.blankLines)),
            ("encoding", file.readInfo.encodingDescription),
            ("delimiter", file.readInfo.delimiterDescription),
            ("decimal", file.readInfo.decimal.rawValue),
            ("layout", layout),
            ("clients", String(s.clients)),
            ("episodes", String(s.episodes)),
            ("series", String(s.series)),
            ("measures", String(s.measures.count)),
            ("clinicians", String(s.clinicians)),
            ("sites", String(s.sites)),
            ("first_date", date(s.firstDay)),
            ("last_date", date(s.lastDay)),
            ("max_session", s.maxSession.map(String.init) ?? ""),
        ]
        return pairs.map { Row(metric: $0.0, value: $0.1) }
    }

    /// Per measure (sorted by name): `rows`, `episodes`, `clients` and `mean_score` (fixed, at
    /// `digits` decimals: ``CellText/number(_:_:)``).
    public static func measureRows(_ file: FileSummary, digits: Int) -> [Row] {
        file.summary.measures.flatMap { m in
            [Row(metric: "rows", measure: m.measure, value: String(m.rows)),
             Row(metric: "episodes", measure: m.measure, value: String(m.episodes)),
             Row(metric: "clients", measure: m.measure, value: String(m.clients)),
             Row(metric: "mean_score", measure: m.measure, value: CellText.number(m.meanScore, digits))]
        }
    }

    /// Every line of the CSV below its header: ``fileRows(_:)`` then ``measureRows(_:digits:)``.
    public static func rows(_ file: FileSummary, digits: Int) -> [Row] {
        fileRows(file) + measureRows(file, digits: digits)
    }

    /// The CSV (header `metric,measure,value`, then ``rows(_:digits:)``) to `w`, then flushes it.
    public static func writeCSV(_ file: FileSummary, digits: Int, to w: CSVWriter) throws {
        try w.row(["metric", "measure", "value"])
        for r in rows(file, digits: digits) { try w.row([r.metric, r.measure, r.value]) }
        try w.flush()
    }

    /// The two tables at `width` (``OutputTable``): the file-wide metrics (the value wraps, down
    /// to 12 columns, for a long file name), a blank line, then one line per measure with its
    /// mean at 2 decimals (every column essential).
    public static func table(_ file: FileSummary, width: Int, charset: Charset = .unicode) -> String {
        var text = OutputTable.render([TableColumn("metric"), TableColumn("value", minWidth: 12)],
                                      rows: fileRows(file).map { [$0.metric, $0.value] }, width: width, charset: charset)
        text += "\n" + OutputTable.render(
            ["measure", "rows", "episodes", "clients", "mean_score"],
            rows: file.summary.measures.map { [$0.measure, String($0.rows), String($0.episodes), String($0.clients), NumberFormat.fixed($0.meanScore, decimals: 2)] },
            priorities: [:], otherwise: 0, width: width, charset: charset)
        return text
    }
}
