// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV

/// What `headway import` says on standard error after writing the clean CSV (``CleanExport``):
/// how the file was read and the row counts, without client ids (docs/input.md).
public enum ImportOutput {
    /// The lines of the report (no trailing newlines): the file, encoding, delimiter and decimal
    /// separator, date formats, layout, the `--column` mappings (`columnMap`, canonical name →
    /// header), the row counts, and where the rows (`destination`) and rejects went.
    public static func summary(_ set: ObservationSet, dateFormat: DateFormat?, columnMap: [String: String],
                               destination: String, rejects: String?) -> [String] {
        let info = set.readInfo, c = set.counts
        var lines = ["headway import: \(set.file)",
                     "  encoding: \(info.encodingDescription)",
                     "  delimiter: \(info.delimiterDescription), decimal \(info.decimal.rawValue)",
                     "  dates: ISO 8601" + (dateFormat.map { " and \($0.rawValue) (--date-format)" } ?? ""),
                     "  layout: " + (set.wide.map { $0.summary } ?? "long")]
        if !columnMap.isEmpty {
            lines.append("  columns mapped: " + columnMap.sorted { $0.key < $1.key }.map { "\($0.key) = \(FieldExcerpt.quoted($0.value))" }.joined(separator: ", "))
        }
        lines.append("  rows read \(c.rowsRead): accepted \(c.accepted), skipped \(c.skipped) (\(c.emptyRows) empty, \(c.notAdministered) not administered), rejected \(c.rejected); blank lines \(c.blankLines)")
        lines.append("  wrote \(c.accepted) rows to \(destination)" + (rejects.map { ", rejects to \($0)" } ?? ""))
        return lines
    }
}
