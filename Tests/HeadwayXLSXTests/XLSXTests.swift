import Foundation
import Testing
@testable import HeadwayXLSX

func fixturePath(_ name: String) -> String {
    Bundle.module.path(forResource: "Fixtures/\(name)", ofType: nil)!
}

/// Workbooks written by openpyxl 3.1.5 (scripts/mk-xlsx-fixtures.py). The expected cells are
/// what openpyxl itself reads back from the same files (the script's round trip): e.g.
/// `openpyxl.load_workbook("cells.xlsx").active` rows = client_id…; Zoë, 2025-02-03, PHQ-9, 18,
/// True, first; Zoé, 2025-03-02 10:30, PHQ-9, 12.5, False; '1001', 1900-01-01, GAD-7, 0, None,
/// 'id written as text'; (empty row); 1002, 1900-03-01, GAD-7, -0.00125, None, 'last'.
@Suite struct XLSXReaderTests {
    static let expected: [XLSXRow] = [
        XLSXRow(number: 1, cells: ["client_id", "date", "measure", "score", "flag", "note"]),
        XLSXRow(number: 2, cells: ["Zoë", "2025-02-03", "PHQ-9", "18", "true", "first"]),
        XLSXRow(number: 3, cells: ["Zoé", "2025-03-02", "PHQ-9", "12.5", "false"]),
        XLSXRow(number: 4, cells: ["1001", "1900-01-01", "GAD-7", "0", "", "id written as text"]),
        XLSXRow(number: 6, cells: ["1002", "1900-03-01", "GAD-7", "-0.00125", "", "last"]),
    ]

    @Test func inlineStringsNumbersBooleansDatesAndEmptyCells() throws {
        let book = try XLSXWorkbook(path: fixturePath("cells.xlsx"))
        #expect(book.sheetNames == ["Scores", "Second"] && !book.date1904)
        let sheet = try book.rows(sheet: nil)
        #expect(sheet.name == "Scores")
        #expect(sheet.rows == Self.expected)
    }

    @Test func sharedStringsWithRichTextAndPhoneticRuns() throws {
        let sheet = try XLSXWorkbook(path: fixturePath("shared-strings.xlsx")).rows(sheet: "1")
        #expect(sheet.rows == Self.expected)     // "first" is two runs; the phonetic run is left out
    }

    @Test func sheetsByNameOrNumberAndAnUnknownSheet() throws {
        let book = try XLSXWorkbook(path: fixturePath("cells.xlsx"))
        #expect(try book.rows(sheet: "second").rows == [XLSXRow(number: 1, cells: ["a", "b"]), XLSXRow(number: 2, cells: ["x", "2"])])
        #expect(try book.rows(sheet: "2").name == "Second")
        #expect { try book.rows(sheet: "Third") } throws: { e in "\(e)" == "no sheet \"Third\" (sheets: 1 \"Scores\", 2 \"Second\")" }
        #expect { try book.rows(sheet: "3") } throws: { _ in true }
    }

    @Test func the1904DateSystem() throws {
        let book = try XLSXWorkbook(path: fixturePath("dates-1904.xlsx"))
        #expect(book.date1904)
        #expect(try book.rows(sheet: nil).rows.map { $0.cells[1] } == ["date", "2025-02-03", "1904-01-02"])
    }

    /// Serial dates: openpyxl stores 2025-02-03 as 45691 (1900 system) and 44229 (1904 system),
    /// 1900-01-01 as 1 and 1900-03-01 as 61 (the fixtures above); Excel's serial 60 is the
    /// nonexistent 1900-02-29 and serial 59 is 1900-02-28 (ECMA-376 Part 1 §18.17.4.1).
    @Test func serialDates() {
        #expect(XLSXWorkbook.isoDate(serial: 45691, date1904: false) == "2025-02-03")
        #expect(XLSXWorkbook.isoDate(serial: 45691.999, date1904: false) == "2025-02-03")
        #expect(XLSXWorkbook.isoDate(serial: 44229, date1904: true) == "2025-02-03")
        #expect(XLSXWorkbook.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(XLSXWorkbook.isoDate(serial: 1, date1904: false) == "1900-01-01")
        #expect(XLSXWorkbook.isoDate(serial: 59, date1904: false) == "1900-02-28")
        #expect(XLSXWorkbook.isoDate(serial: 60, date1904: false) == nil)
        #expect(XLSXWorkbook.isoDate(serial: 61, date1904: false) == "1900-03-01")
        #expect(XLSXWorkbook.isoDate(serial: 0.5, date1904: false) == nil)
        #expect(XLSXWorkbook.isoDate(serial: 3e6, date1904: false) == nil)
        #expect(XLSXWorkbook.isDateFormat(id: 14, code: nil) && !XLSXWorkbook.isDateFormat(id: 2, code: "0.00"))
        #expect(XLSXWorkbook.isDateFormat(id: 164, code: "dd/mm/yyyy") && !XLSXWorkbook.isDateFormat(id: 165, code: "0.0 \"days\""))
        #expect(!XLSXWorkbook.isDateFormat(id: 166, code: "[Red]0.00"))
    }

    @Test func notAWorkbook() throws {
        let path = NSTemporaryDirectory() + "headway-not-xlsx-\(getpid()).xlsx"
        try "client_id,score\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try XLSXWorkbook(path: path) } throws: { e in "\(e)".hasPrefix("not an .xlsx workbook (not a ZIP archive)") }
        #expect { try XLSXWorkbook(path: path + ".missing") } throws: { e in "\(e)".hasPrefix("cannot open file") }
    }
}

@Suite struct XLSXWriterTests {
    @Test func writesAWorkbookThatReadsBack() throws {
        let path = NSTemporaryDirectory() + "headway-out-\(getpid()).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tables = [
            XLSXTable(name: "change", rows: [["client_id", "measure", "score", "note"], ["007", "PHQ-9", "12.500000", "a<b & \"c\"\u{1}"], ["1.10", "GAD-7", "-3", ""]]),
            XLSXTable(name: "change", rows: [["x"], ["1"]]),
        ]
        try XLSXWriter.write(tables, to: URL(fileURLWithPath: path))
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheetNames == ["change", "change (2)"])
        let rows = try book.rows(sheet: nil).rows
        #expect(rows[0].cells == ["client_id", "measure", "score", "note"])
        #expect(rows[1].cells == ["007", "PHQ-9", "12.500000", "a<b & \"c\"_x0001_"])
        #expect(rows[2].cells == ["1.10", "GAD-7", "-3"])
    }

    @Test func plainNumbers() {
        for s in ["0", "-12", "12.5", "54.016097", "0.000001"] { #expect(XLSXWriter.isPlainNumber(s), "\(s)") }
        for s in ["007", "1.", ".5", "1e3", "1 000", "", "-", "nan", "1234567890123456"] { #expect(!XLSXWriter.isPlainNumber(s), "\(s)") }
        #expect(XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z" && XLSXWriter.columnName(26) == "AA" && XLSXWriter.columnName(701) == "ZZ")
    }
}
