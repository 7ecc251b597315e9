import Foundation
import Testing
import HeadwayXLSX

/// `--format xlsx`: any command's CSV output as a workbook (one sheet per report section). The
/// workbook is read back here with HeadwayXLSX and, outside swift test, with openpyxl
/// (scripts/check-xlsx-output.py).
@Suite struct XLSXOutputTests {
    func workbook(_ args: [String], _ name: String) throws -> (RunResult, String) {
        let out = temporaryPath(name)
        let headway = productsDirectory.appendingPathComponent("headway").path
        let quoted = ([headway] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return (try runProcess("/bin/sh", ["-c", "\(quoted) > '\(out)'"]), out)
    }

    func trimmed(_ rows: [[String]]) -> [[String]] {
        rows.map { var r = $0; while let l = r.last, l.isEmpty { r.removeLast() }; return r }
    }

    @Test func everyCommandsCSVBecomesAWorkbook() throws {
        let cases: [([String], String)] = [
            (["change", fixture("flags-small.csv")], "change"),
            (["check", fixture("messy/wide-measures.csv")], "check"),
            (["gas", fixture("gas-goals.csv")], "gas"),
            (["trend", fixture("trend-small.csv")], "trend"),
            (["measures"], "measures"),
        ]
        for (args, name) in cases {
            let csv = try runHeadway(args + ["--format", "csv"])
            #expect(csv.status == 0, "\(name): \(csv.stderr)")
            let (r, path) = try workbook(args + ["--format", "xlsx"], "\(name).xlsx")
            #expect(r.status == 0, "\(name): \(r.stderr)")
            let book = try XLSXWorkbook(path: path)
            #expect(book.sheetNames == [name])
            let expected = try XLSXWriter.tables(fromCSV: Array(csv.stdout.utf8), name: name)[0].rows
            let rows = try book.rows(sheet: nil).rows
            #expect(rows.map(\.cells) == trimmed(expected).filter { !$0.isEmpty }, "\(name)")
        }
    }

    @Test func reportHasOneSheetPerSection() throws {
        let args = ["report", fixture("flags-small.csv")]
        let csv = try runHeadway(args + ["--format", "csv"])
        let (r, path) = try workbook(args + ["--format", "xlsx"], "report.xlsx")
        #expect(r.status == 0, "\(r.stderr)")
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheetNames == ["activity", "outcomes", "talking_therapies"])
        let lines = csv.stdout.split(separator: "\n")
        for (i, section) in book.sheetNames.enumerated() {
            let rows = try book.rows(sheet: String(i + 1)).rows
            #expect(rows[0].cells.first == "section")
            #expect(rows.count - 1 == lines.filter { $0.hasPrefix(section + ",") }.count)
        }
    }

    @Test func flagsExitThreeStillWritesTheWorkbookAndATerminalIsRefused() throws {
        let (r, path) = try workbook(["flags", fixture("flags-small.csv"), "--format", "xlsx"], "flags.xlsx")
        #expect(r.status == 0 || r.status == 3)
        #expect(try XLSXWorkbook(path: path).sheetNames == ["flags"])
        // Identifiers stay text: a client id of digits is not turned into a number.
        #expect(XLSXWriter.isIdentifierColumn("client_id") && XLSXWriter.isIdentifierColumn("measure"))
    }

    /// `--output FILE` with `--format xlsx`: the workbook goes into the file (it was written to
    /// standard output after the file had been committed empty), also on flags' exit 3.
    @Test func outputFileHoldsTheWorkbook() throws {
        for (args, name) in [(["change", fixture("flags-small.csv")], "change"), (["flags", fixture("flags-small.csv")], "flags")] {
            let path = temporaryPath("output-\(name).xlsx")
            try? FileManager.default.removeItem(atPath: path)
            let r = try runHeadway(args + ["--format", "xlsx", "--output", path])
            #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try XLSXWorkbook(path: path).sheetNames == [name])
        }
    }
}
