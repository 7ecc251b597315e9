// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts
import HeadwayCSV

/// What `headway measures` writes: the catalog as CSV (every column of
/// ``MeasureCatalog/table()``, the same layout a user catalog is read in) or as a terminal table
/// of the parameters.
public enum MeasuresOutput {
    /// Column priorities of the table (`TableColumn.priority`): the name, range, direction, cut-off
    /// and reliable change first; the aliases wrap (down to 16 columns).
    public static let tablePriorities: [String: Int] = [
        "name": 0, "min": 0, "max": 0, "direction": 0, "cutoff": 1, "reliable_change": 1, "reliability": 2,
        "aliases": 3, "clinical_mean": 4, "clinical_sd": 4, "functional_mean": 4, "functional_sd": 4, "cutoff_is_clinical": 5,
    ]

    /// Columns left out of the table (long text; the CSV carries them).
    public static let notInTable: Set<String> = ["citations", "notes", "full_name"]

    /// The catalog as CSV (header and one row per measure) to `w`, then flushes it.
    public static func writeCSV(_ catalog: MeasureCatalog, to w: CSVWriter) throws {
        let (header, rows) = catalog.table()
        try w.row(header)
        for r in rows { try w.row(r) }
        try w.flush()
    }

    /// The catalog's parameters as a table at `width` (``OutputTable``).
    public static func table(_ catalog: MeasureCatalog, width: Int) -> String {
        let (header, rows) = catalog.table()
        let keep = header.indices.filter { !notInTable.contains(header[$0]) }
        return OutputTable.render(keep.map { header[$0] }, rows: rows.map { r in keep.map { r[$0] } },
                                  priorities: tablePriorities, shrinkable: ["aliases": 16], width: width)
    }
}
