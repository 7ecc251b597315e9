import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HeadwayCSV

/// Reading a byte range of a file (for parallel readers split at record boundaries).
@Suite struct CSVReaderRangeTests {
    func tempFile(_ text: String) -> String {
        let path = "/tmp/headway-range-\(getpid())-\(Int.random(in: 0..<1_000_000)).csv"
        let f = fopen(path, "w")!
        fputs(text, f)
        fclose(f)
        return path
    }

    @Test(arguments: [4, 7, 1 << 20])
    func rangesConcatenateToWholeFile(chunk: Int) throws {
        let text = "\u{FEFF}a,b\n1,\"x\ny\"\n2,z\n3,w\n"
        let path = tempFile(text)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        // The record "2,z" starts after the line feed that follows the closing quote.
        let split = bytes.firstIndex(of: UInt8(ascii: "2"))!
        var first: [[String]] = [], lines: [Int] = []
        let r1 = try CSVReader(path: path, offset: 0, length: split, chunkSize: chunk)
        try r1.forEachRecord { r in first.append((0..<r.count).map { r.string($0) }); lines.append(r.line) }
        #expect(first == [["a", "b"], ["1", "x\ny"]])
        #expect(r1.endLine == 4)
        var second: [[String]] = []
        let r2 = try CSVReader(path: path, offset: split, length: bytes.count - split, firstLine: r1.endLine, chunkSize: chunk)
        try r2.forEachRecord { r in second.append((0..<r.count).map { r.string($0) }); lines.append(r.line) }
        #expect(second == [["2", "z"], ["3", "w"]])
        #expect(lines == [1, 2, 4, 5])
        #expect(r2.endLine == 6)
    }

    @Test func emptyRangeHasNoRecords() throws {
        let path = tempFile("a,b\n1,2\n")
        defer { unlink(path) }
        var n = 0
        try CSVReader(path: path, offset: 4, length: 0).forEachRecord { _ in n += 1 }
        #expect(n == 0)
    }
}
