import HeadwayCSV

/// Reads a user catalog CSV (`--measures FILE`) into ``CatalogRow``s and applies them.
public enum UserCatalog {
    /// Applies the catalog file at `path` to `catalog`.
    /// - Throws: `CSVError` with file, line, column and reason for any invalid row.
    public static func apply(path: String, format: CSVFormat = CSVFormat(), to catalog: inout MeasureCatalog) throws {
        let reader = try InputFile.reader(path: path, format: format)
        try apply(reader: reader, to: &catalog)
    }

    public static func apply(text: String, name: String = "<memory>", to catalog: inout MeasureCatalog) throws {
        try apply(reader: CSVReader(string: text, name: name), to: &catalog)
    }

    /// The columns a catalog file may have, and `citations` (in `headway measures` output).
    static let columns = MeasureCatalog.catalogColumns + ["citations"]
    /// The numeric columns (read with the file's decimal separator).
    static let numberColumns: Set<String> = ["min", "max", "reliability", "clinical_mean", "clinical_sd",
                                             "functional_mean", "functional_sd", "cutoff", "reliable_change"]

    /// Reads the catalog with the shared input layer: encoding, delimiter and decimal separator
    /// as for observations (a `;` file reads `0,84` as 0.84; in decimal-comma mode a point is not
    /// accepted, as for scores), `,,,,` rows skipped, errors at file:line:column. A header that is
    /// no catalog column but near one (`reliabilty`) is an error with "did you mean" (a typo would
    /// otherwise drop the column silently); other unknown headers are ignored.
    static func apply(reader: CSVReader, to catalog: inout MeasureCatalog) throws {
        var header: [String]? = nil
        var rows: [CatalogRow] = []
        try reader.forEachRecord { r in
            if let m = r.malformed { throw CSVError(file: reader.name, line: r.line, column: r.malformedField, reason: m) }
            guard let h = header else {
                let raw = r.allStrings()
                header = raw.map { ColumnSpec.normalise($0) }
                for (i, name) in header!.enumerated() where !columns.contains(name) {
                    if let near = Suggestions.closest(name, among: columns.map { ($0, [$0]) }) {
                        throw CSVError(file: reader.name, line: r.line, column: i + 1,
                                       reason: "catalog header \(FieldExcerpt.quoted(raw[i])) is not a catalog column: did you mean \(near)? (columns: \(columns.joined(separator: ", ")))")
                    }
                }
                return
            }
            if r.isEmptyRow { return }                 // a spreadsheet's trailing `,,,,` row
            var values: [String: String] = [:]
            var columns: [String: Int] = [:]
            for (i, name) in h.enumerated() where i < r.count {
                var text = r.string(i).trimmingSpaces()
                if reader.decimal == .comma, numberColumns.contains(name), !text.isEmpty {
                    guard let v = FieldParser.double(r[i], decimal: .comma) else {
                        throw CSVError(file: reader.name, line: r.line, column: i + 1,
                                       reason: "\(name): \(FieldExcerpt.quoted(text)) is not a number with a decimal comma (12,5; the file is read with a decimal comma: for a decimal point use --decimal point)")
                    }
                    text = "\(v)"                     // the number, for the catalog's own parsing
                }
                values[name] = text
                columns[name] = i + 1
            }
            rows.append(CatalogRow(line: r.line, values: values, columns: columns))
        }
        guard header != nil else { throw CSVError(file: reader.name, line: 1, column: 0, reason: "empty catalog file") }
        do {
            try catalog.apply(rows)
        } catch let e as CatalogError {
            throw CSVError(file: reader.name, line: e.line, column: e.column, reason: "\(e.field): \(e.reason)")
        }
    }
}
