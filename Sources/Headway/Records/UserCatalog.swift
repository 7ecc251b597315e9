import HeadwayCSV

/// Reads a user catalog CSV (`--measures FILE`) into ``CatalogRow``s and applies them.
public enum UserCatalog {
    /// Applies the catalog file at `path` to `catalog`.
    /// - Throws: `CSVError` with file, line, column and reason for any invalid row.
    public static func apply(path: String, format: CSVFormat = CSVFormat(), to catalog: inout MeasureCatalog) throws {
        let reader = try CSVReader(path: path)
        reader.format = format
        try apply(reader: reader, to: &catalog)
    }

    public static func apply(text: String, name: String = "<memory>", to catalog: inout MeasureCatalog) throws {
        try apply(reader: CSVReader(string: text, name: name), to: &catalog)
    }

    static func apply(reader: CSVReader, to catalog: inout MeasureCatalog) throws {
        var header: [String]? = nil
        var rows: [CatalogRow] = []
        try reader.forEachRecord { r in
            if let m = r.malformed { throw CSVError(file: reader.name, line: r.line, column: r.malformedField, reason: m) }
            guard let h = header else {
                header = r.allStrings().map { ColumnSpec.normalise($0) }
                return
            }
            var values: [String: String] = [:]
            var columns: [String: Int] = [:]
            for (i, name) in h.enumerated() where i < r.count {
                values[name] = r.string(i).trimmingSpaces()
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
