import HeadwayCSV
import HeadwayXLSX

/// Opens an input file for any loader: a CSV or text file (`-` for standard input), or one sheet
/// of an Excel workbook (`.xlsx`, `.xlsm`), whose rows reach the loaders as records on the
/// sheet's row numbers (`XLSXWorkbook` says how cells become text). Every loader (observations,
/// goals, the user catalog, recovery curves, benchmark rates, acknowledgements) opens files here.
public enum InputFile {
    /// Whether `path` names an Excel workbook (by its extension).
    public static func isWorkbook(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".xlsx") || p.hasSuffix(".xlsm")
    }

    /// A reader of `path` with `format` (for a workbook, `CSVFormat.sheet` chooses the sheet;
    /// the encoding and delimiter do not apply, and numbers have a decimal point unless
    /// `CSVFormat.decimal` says otherwise).
    /// - Throws: `CSVError` with line 0 when the file cannot be opened or is not a workbook,
    ///   or the sheet does not exist.
    public static func reader(path: String, format: CSVFormat = CSVFormat()) throws -> CSVReader {
        if isWorkbook(path) {
            let sheet: (name: String, rows: [XLSXRow])
            do {
                sheet = try XLSXWorkbook(path: path).rows(sheet: format.sheet)
            } catch let e as XLSXError {
                throw CSVError(file: path, line: 0, column: 0, reason: e.message)
            }
            let r = CSVReader(rows: sheet.rows.map { ($0.number, $0.cells) }, name: path, sheet: sheet.name)
            var f = format
            f.decimal = format.decimal ?? .point
            r.format = f
            return r
        }
        let r = try CSVReader(path: path)
        r.format = format
        return r
    }
}
