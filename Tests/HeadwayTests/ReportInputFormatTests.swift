import Testing
#if canImport(Glibc)
import Glibc
#endif
import HeadwayCSV
@testable import Headway

private func tempBytes(_ bytes: [UInt8]) -> String {
    let path = "/tmp/headway-report-input-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).csv"
    let f = fopen(path, "w")!
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    return path
}

/// The report's own reader (one part or two parallel parts) validates UTF-8 and follows the
/// detected delimiter and decimal comma, with the same results as the episode loader.
@Suite struct ReportInputFormatTests {
    func rows(_ sep: String, _ decimalComma: Bool) -> String {
        var s = ["client_id", "measure", "session", "score"].joined(separator: sep) + "\n"
        for c in 0..<400 {
            for (k, v) in [(1, 20.5), (2, 14.0), (3, 9.5)] {
                let score = decimalComma ? String(v).split(separator: ".").joined(separator: ",") : String(v)
                s += ["C\(c)", "PHQ-9", "\(k)", score].joined(separator: sep) + "\n"
            }
        }
        return s
    }

    @Test(arguments: [1, 2])
    func semicolonAndDecimalCommaInOneOrTwoParts(parts: Int) throws {
        let path = tempBytes(Array(rows(";", true).utf8))
        defer { unlink(path) }
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        let r = try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        let set = try ObservationLoader(catalog: .builtin).load(path: path)
        #expect(r.counts.accepted == 1200 && r.counts == set.counts)
        #expect(set.episodes[0].scores.map(\.value) == [20.5, 14, 9.5])
    }

    @Test(arguments: [1, 2])
    func invalidUTF8IsTheStrictErrorInEitherPart(parts: Int) throws {
        var bytes = Array(rows(",", false).utf8)
        // Replace the client id of a row in the second half with Windows-1252 "Zoë".
        let text = String(decoding: bytes, as: UTF8.self)
        let target = text.range(of: "\nC300,")!
        let offset = text.utf8.distance(from: text.startIndex, to: target.lowerBound) + 1
        bytes.replaceSubrange(offset..<(offset + 4), with: [0x5A, 0x6F, 0xEB, 0x20])
        let path = tempBytes(bytes)
        defer { unlink(path) }
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        #expect {
            try ReportAnalysis.run(path: path, catalog: .builtin, options: o)
        } throws: { e in
            let e = e as? CSVError
            return e?.line == 902 && e?.column == 1 && e!.reason.hasPrefix("invalid UTF-8 in field 1 (byte EB at byte 3 of the field)")
        }
        // With --encoding windows-1252 the file is read (in one pass: transcoded in memory).
        o.format = CSVFormat(encoding: .windows1252)
        #expect(try ReportAnalysis.run(path: path, catalog: .builtin, options: o).counts.accepted == 1200)
    }
}
