import Foundation
import Testing
import HeadwayCSV
@testable import Headway

/// The shared input layer for the user catalog, recovery-curves and benchmark files: encoding,
/// delimiter, decimal comma, empty rows, errors at file:line:column (docs/input.md).
@Suite struct InputLayerTests {
    func reader(_ bytes: [UInt8], _ name: String, _ format: CSVFormat = CSVFormat()) -> CSVReader {
        let r = CSVReader(bytes: bytes, name: name)
        r.format = format
        return r
    }

    @Test func catalogWithSemicolonsDecimalCommasAndEmptyRows() throws {
        var catalog = MeasureCatalog.builtin
        let text = "name;min;max;direction;reliability;clinical_sd\nMYSCALE;0;10;higher;0,84;2,5\n;;;;;\n"
        try UserCatalog.apply(reader: reader(Array(text.utf8), "cat.csv"), to: &catalog)
        let m = try #require(catalog.measure(named: "MYSCALE"))
        #expect(m.reliability == 0.84 && m.clinicalSD == 2.5 && m.maxScore == 10)
        // A point in decimal-comma mode is an error at its line and column (never a guess).
        var c2 = MeasureCatalog.builtin
        #expect {
            try UserCatalog.apply(reader: reader(Array("name;min;max;direction;reliability\nX;0;10;higher;0.84\n".utf8), "cat.csv"), to: &c2)
        } throws: { e in "\(e)".hasPrefix("cat.csv:2:5: reliability: \"0.84\" is not a number with a decimal comma") }
        // --decimal point reads it.
        try UserCatalog.apply(reader: reader(Array("name;min;max;direction;reliability\nX;0;10;higher;0.84\n".utf8), "cat.csv", CSVFormat(decimal: .point)), to: &c2)
        #expect(c2.measure(named: "X")?.reliability == 0.84)
    }

    @Test func catalogInWindows1252KeepsTheName() throws {
        // "Échelle" in Windows-1252: É = C9.
        let bytes: [UInt8] = Array("name,min,max,direction\n".utf8) + [0xC9] + Array("chelle,0,10,lower\n".utf8)
        var catalog = MeasureCatalog.builtin
        #expect {
            try UserCatalog.apply(reader: reader(bytes, "cat.csv"), to: &catalog)
        } throws: { e in "\(e)".hasPrefix("cat.csv:2:1: invalid UTF-8") && "\(e)".contains("--encoding windows-1252") }
        try UserCatalog.apply(reader: reader(bytes, "cat.csv", CSVFormat(encoding: .windows1252)), to: &catalog)
        #expect(catalog.measure(named: "Échelle")?.name == "Échelle")
    }

    @Test func catalogHeaderTypoSaysDidYouMean() {
        var catalog = MeasureCatalog.builtin
        #expect {
            try UserCatalog.apply(text: "name,min,max,direction,reliabilty\nX,0,10,lower,0.8\n", name: "cat.csv", to: &catalog)
        } throws: { e in "\(e)".hasPrefix("cat.csv:1:5: catalog header \"reliabilty\" is not a catalog column: did you mean reliability?") }
        // `headway measures` output (with its citations column) still reads back.
        let t = MeasureCatalog.builtin.table()
        var text = t.header.joined(separator: ",") + "\n"
        for row in t.rows.prefix(3) { text += row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n" }
        #expect(throws: Never.self) { try UserCatalog.apply(text: text, to: &catalog) }
    }

    @Test func curvesFileWithSemicolonsAndDecimalCommas() throws {
        let text = "Measure;Session;N;Sigma;B0;B1;B2;B3;Episodes;R_Squared\nPHQ-9;;40;3,5;18;-2,25;0,1;0;12;0,5\nPHQ-9;2;10;3,25;18;-2,25;0,1;0;12;0,5\n;;;;;;;;;\n"
        let curves = try RecoveryCurveFile.load(reader: reader(Array(text.utf8), "curves.csv"))
        let c = try #require(curves["PHQ-9"])
        #expect(c.pooledSigma == 3.5 && c.coefficients == [18, -2.25, 0.1, 0] && c.rSquared == 0.5)
        #expect(c.sessionSigma[2]?.sigma == 3.25)
        #expect {
            try RecoveryCurveFile.load(reader: reader(Array("measure;session;n;sigma;b0;b1;b2;b3;episodes;r_squared\nPHQ-9;;40;3.5;18;1;0;0;12;0,5\n".utf8), "curves.csv"))
        } throws: { e in "\(e)".hasPrefix("curves.csv:2:4: sigma \"3.5\" must be a number (read with a decimal comma") }
        #expect {
            try RecoveryCurveFile.load(text: "measure,session,n,sigm,b0,b1,b2,b3,episodes,r_squared\n", name: "curves.csv")
        } throws: { e in "\(e)".contains("curves.csv:1:0: missing column(s) sigma (found: measure, session, n, sigm,") && "\(e)".contains("closest: sigma: \"sigm\"?") }
    }

    @Test func benchmarkFileWithSemicolonsDecimalCommasAndColumns() throws {
        let path = NSTemporaryDirectory() + "headway-benchmark-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "metric;measure;expected\nrecovered;PHQ-9;0,5\nrecovery;;40%\n;;\n".write(toFile: path, atomically: true, encoding: .utf8)
        let rates = try ReportBenchmarkFile.load(path: path)
        #expect(rates.map(\.expected) == [0.5, 0.4] && rates[0].measure == "PHQ-9" && rates[1].measure == nil)
        try "metric;measure;expected\nrecovered;PHQ-9;abc\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try ReportBenchmarkFile.load(path: path) } throws: { e in "\(e)".hasSuffix(":2:3: expected \"abc\" is not a number (read with a decimal comma, 12,5: for a decimal point use --decimal point)") }
        try "metric,measure,expectd\nrecovered,PHQ-9,0.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try ReportBenchmarkFile.load(path: path) } throws: { e in "\(e)".contains("benchmark file lacks a expected column (found: metric, measure, expectd; closest: \"expectd\")") }
        // Windows-1252 bytes are an error naming the fix, and read with the option.
        try Data(Array("metric,measure,expected\nrecovered,".utf8) + [0xC9] + Array(",0.5\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect { try ReportBenchmarkFile.load(path: path) } throws: { e in "\(e)".contains(":2:2: invalid UTF-8") }
        #expect(try ReportBenchmarkFile.load(path: path, format: CSVFormat(encoding: .windows1252))[0].measure == "É")
    }
}
