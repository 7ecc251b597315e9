import Foundation
import PropertyBased
import Testing
import Headway
import HeadwayCSV

/// Issue 18: property-based tests (x-sheep/swift-property-based) of the invariants of reading
/// observations, on random messy files built from valid rows, duplicates, out-of-range and
/// malformed values, blank and `""` lines, bad quoting and random bytes:
/// - never crash (any trap ends the test run);
/// - accepted + skipped + rejected = rows read;
/// - strict mode's error is the lenient mode's first rejected row (same line);
/// - the report reads the same rows as the loader (one duplicate rule), and gives identical
///   output whatever the number of parallel parts (`report --threads`).
/// A failure prints the shrunk input and a `.fixedSeed(...)` to reproduce it. About 300 files
/// in all: a few seconds.
@Suite struct PropertyTests {
    static let header = "client_id,measure,session,date,score"
    static let measures = ["PHQ-9", "GAD-7", "phq9", "XYZ", "", "GAD-7"]
    static let dates = ["2025-01-06", "2025-01-13", "2025-02-30", "", "06/01/2025", "2025-01-20T10:00:00", "2025-03-03"]
    /// Lines that are not ordinary rows: blank, `""` alone, empty fields, an unterminated quote,
    /// a non-numeric score, an extra field, another delimiter, a session over the limit,
    /// hexadecimal and exponent numbers, a blank client, a blank score, a quoted newline.
    static let specials = ["", "\"\"", ",,,,", "\"unterminated,PHQ-9,1,2025-01-06,5",
                           "C1,PHQ-9,abc,2025-01-06,5", "C1,PHQ-9,1,2025-01-06,5,extra", "C1;PHQ-9;1;2025-01-06;5",
                           "C1,PHQ-9,1000001,2025-01-06,5", "C1,PHQ-9,0x10,2025-01-06,5", "C1,PHQ-9,1e3,2025-01-06,5",
                           "  ,PHQ-9,1,2025-01-06,5", "C1,PHQ-9,1,2025-01-06,", "\"C2\nX\",PHQ-9,1,2025-01-06,5",
                           "C1,PHQ-9,2,2025-01-13,1e300", "C1,PHQ-9,-1,2025-01-06,5"]

    /// One line from six random numbers: mostly rows of four clients with random measure,
    /// session, date and score (some out of range, many duplicates), sometimes a special line.
    static func line(_ v: [Int]) -> String {
        if v[0] % 6 == 0 { return specials[v[1] % specials.count] }
        let session = v[3] % 9 == 8 ? "" : String(v[3] % 9)
        return "C\(v[1] % 4),\(measures[v[2] % measures.count]),\(session),\(dates[v[4] % dates.count]),\(v[5] % 33 - 1)"
    }

    static let file = Gen.int(in: 0...1_000_000).array(of: 6).map(line).array(of: 0...40)
        .map { ([header] + $0).joined(separator: "\n") + "\n" }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "headway-property-\(getpid())-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func rowsAreAccountedFor() async {
        await propertyCheck(count: 200, input: Self.file) { text in
            let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: text)
            #expect(set.counts.accepted + set.counts.skipped + set.counts.rejected == set.counts.rowsRead, "\(set.counts)")
            #expect(set.rejections.count == set.counts.rejected)
            #expect(set.episodes.reduce(0) { $0 + $1.scores.count } == set.counts.accepted)
        }
    }

    @Test func strictStopsAtLenientsFirstReject() async {
        await propertyCheck(count: 200, input: Self.file) { text in
            let lenient = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: text, name: "f.csv")
            let first = lenient.rejections.map(\.line).min()
            do {
                let strict = try ObservationLoader(catalog: .builtin, mode: .strict).load(text: text, name: "f.csv")
                #expect(first == nil, "strict accepted a file with a rejected row at line \(first ?? 0)")
                #expect(strict.counts == lenient.counts)
            } catch let e as CSVError {
                #expect(e.line == first, "strict: \(e); lenient's first reject: line \(first.map(String.init) ?? "none")")
            }
        }
    }

    /// Any number of parallel parts gives the same report, and the report's reader rejects
    /// exactly the loader's rows (lenient) or stops at the same line (strict).
    @Test func reportIsTheSameForAnyPartsAndMatchesTheLoader() async {
        await propertyCheck(count: 100, input: Self.file) { text in
            let path = try Self.write(text)
            defer { unlink(path) }
            let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
            var reports: [PracticeReport] = []
            for parts in [1, 2] {
                var o = ReportOptions()
                o.parts = parts
                o.parallelThreshold = 0
                let r = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient, options: o)
                #expect(r.counts == loaded.counts, "parts \(parts)")
                #expect(r.rejections.map(\.line).sorted() == loaded.rejections.map(\.line).sorted(), "parts \(parts)")
                reports.append(r)
                // Strict: the same first bad row in file order whatever the parts.
                do {
                    _ = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .strict, options: o)
                    #expect(loaded.rejections.isEmpty)
                } catch let e as CSVError {
                    #expect(e.line == loaded.rejections.map(\.line).min(), "parts \(parts): \(e)")
                }
            }
            let same = reports[0].rows == reports[1].rows
            #expect(same, "one part: \(reports[0].rows.count) rows, two parts: \(reports[1].rows.count) rows")
            #expect(reports[0].rejections.map(\.reason) == reports[1].rejections.map(\.reason))
        }
    }

    /// Found by the property above: two spellings of one measure ("phq9", "PHQ-9") were two
    /// measures in the report read in one part (two PHQ-9 outcome blocks, and the client's
    /// scores split into two episodes), one measure in two parts and in the loader.
    @Test func twoSpellingsAreOneMeasure() throws {
        let text = "client_id,measure,session,score\nC1,phq9,1,20\nC1,PHQ-9,2,10\nC2,PHQ-9,1,15\nC2,phq 9,2,12\n"
        let path = try Self.write(text)
        defer { unlink(path) }
        var o = ReportOptions()
        o.parts = 1
        let one = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        #expect(one.rows.filter { $0.section == "outcomes" && $0.metric == "paired_n" }.count == 1)
        o.parts = 2
        o.parallelThreshold = 0
        let two = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        #expect(one.rows == two.rows)
        let loaded = try ObservationLoader(catalog: .builtin).load(path: path)
        #expect(loaded.episodes.count == 2)
    }

    /// Random bytes (delimiters, quotes, line ends, digits, invalid UTF-8) after a valid header:
    /// never a crash, always balanced counts.
    @Test func randomBytesNeverCrash() async {
        let alphabet: [UInt8] = Array(",;\"\n\r\t a1-9.P".utf8) + [0xFF, 0xC3, 0xA9, 0x00]
        let bytes = Gen.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }.array(of: 0...300)
        await propertyCheck(count: 200, input: bytes) { body in
            let data = Array((Self.header + "\n").utf8) + body
            let reader = CSVReader(bytes: data, name: "random.csv")
            let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(reader: reader)
            #expect(set.counts.accepted + set.counts.skipped + set.counts.rejected == set.counts.rowsRead)
        }
    }
}
