import Testing
@testable import HeadwayCSV

/// Issue 18 item 8: long records are bounded, scanned in linear time, and never echoed whole.
@Suite struct CSVLimitsTests {
    /// A field over the limit makes its record malformed (the next record is read normally).
    @Test func fieldOverTheLimitIsMalformed() throws {
        let reader = CSVReader(string: "a,b\n" + String(repeating: "x", count: 101) + ",1\nc,d\n", chunkSize: 16)
        reader.limits = CSVLimits(maxFieldBytes: 100, maxRecordBytes: 1000)
        var got: [(Int, String?)] = []
        try reader.forEachRecord { r in got.append((r.line, r.malformed)) }
        #expect(got.map(\.0) == [1, 2, 3])
        #expect(got[1].1?.contains("field 1 is 101 bytes long, over the limit of 100 bytes per field") == true)
        #expect(got[0].1 == nil && got[2].1 == nil)
    }

    /// A record over the limit stops the read with its starting line; memory stays bounded.
    @Test func recordOverTheLimitIsAnError() {
        let reader = CSVReader(string: "a,b\n1,2\n\"" + String(repeating: "y", count: 5000) + "\",3\n", chunkSize: 64)
        reader.limits = CSVLimits(maxFieldBytes: 100, maxRecordBytes: 1000)
        #expect {
            try reader.forEachRecord { _ in }
        } throws: { e in
            guard let e = e as? CSVError else { return false }
            return e.line == 3 && e.column == 0 && e.reason.contains("longer than 1000 bytes")
        }
    }

    /// The defaults are documented: 64 KiB per field, 1 MiB per record, record ≥ field.
    @Test func defaults() {
        #expect(CSVLimits() == CSVLimits(maxFieldBytes: 65_536, maxRecordBytes: 1_048_576))
        #expect(CSVLimits(maxFieldBytes: 4 << 20).maxRecordBytes == 4 << 20)
    }

    /// A 4 MiB record arriving 64 KiB per read (as from a pipe) is scanned a bounded number of
    /// times, not once per read: the reader used to rescan the record after every read
    /// (64 reads ≈ 64·65/2·64 KiB ≈ 130 MiB scanned).
    @Test func longRecordFromSmallReadsIsScannedInLinearTime() throws {
        let size = 4 << 20
        var bytes = Array("id,note\n1,".utf8)
        bytes += [UInt8](repeating: 0x61, count: size)
        bytes += Array("\n2,b\n".utf8)
        let reader = CSVReader(bytes: bytes, chunkSize: 1 << 16)
        reader.maxReadBytes = 1 << 16
        reader.limits = CSVLimits(maxFieldBytes: 8 << 20, maxRecordBytes: 8 << 20)
        var lengths: [Int] = []
        try reader.forEachRecord { r in lengths.append(r[r.count - 1].count) }
        #expect(lengths == [4, size, 1])
        #expect(reader.scannedBytes < 3 * bytes.count, "scanned \(reader.scannedBytes) bytes of \(bytes.count)")
    }

    /// Messages quote at most 40 characters of a field, with its length, on one line.
    @Test func excerptsAreShort() {
        #expect(FieldExcerpt.quoted("PHQ-9") == "\"PHQ-9\"")
        #expect(FieldExcerpt.quoted("a\nb\"c") == "\"a\\nb\\\"c\"")
        let long = FieldExcerpt.quoted(String(repeating: "z", count: 100_000))
        #expect(long == "\"" + String(repeating: "z", count: 40) + "…\" (100000 bytes)")
        #expect(FieldExcerpt.list(["a", String(repeating: "q", count: 50)]).hasPrefix("a, \"qqqq"))
    }
}
