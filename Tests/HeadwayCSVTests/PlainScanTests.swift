import Testing
@testable import HeadwayCSV

/// The reader's fast path for plain records (no quote, no carriage return: ``CSVReader``'s
/// `scanPlain`) must cut exactly the fields of the general scan, which it falls back to.
/// Random texts mix plain rows with quotes, doubled quotes, CRLF and lone CR, blank lines,
/// blank fields, trailing delimiters, non-ASCII and invalid UTF-8 bytes, and no final line feed;
/// each is read with and without the fast path, in several buffer sizes and delimiters.
@Suite struct PlainScanTests {
    /// Records as (line, fields, malformed, malformed field), plus the blank lines and end line.
    func read(_ bytes: [UInt8], chunk: Int, delimiter: UInt8?, plain: Bool) throws -> (records: [String], blank: Int, end: Int) {
        let r = CSVReader(bytes: bytes, chunkSize: chunk)
        r.usesPlainScan = plain
        if let delimiter { r.format.delimiter = delimiter }
        var out: [String] = []
        try r.forEachRecord { rec in
            let fields = (0..<rec.count).map { Array(rec[$0]).description }
            out.append("\(rec.line) \(fields) \(rec.malformed ?? "-") \(rec.malformedField)")
        }
        return (out, r.blankLines, r.endLine)
    }

    /// A random text built from pieces that exercise every branch of both scans.
    func randomText(_ rng: inout SystemRandomNumberGenerator, delimiter: UInt8) -> [UInt8] {
        let d = [delimiter]
        let pieces: [[UInt8]] = [
            Array("C0000001".utf8), Array("PHQ-9".utf8), Array("2025-04-03".utf8), Array("15".utf8), Array("a".utf8),
            Array("a much longer field than a word".utf8), d, d, d, d, d, d, [0x0A], [0x0A], [0x0A],
            [0x0D, 0x0A], [0x0D], [0x22], Array("\"q\"".utf8), Array("\"a\"\"b\"".utf8), Array("\"x\ny\"".utf8),
            Array(" ".utf8), Array("é".utf8), [0xFF], [0xC3], [0x09], Array(";".utf8), Array(",".utf8),
        ]
        var out: [UInt8] = []
        let n = Int.random(in: 0..<60, using: &rng)
        for _ in 0..<n {
            // Mostly plain rows, so the fast path runs on long stretches between the odd cases.
            if Int.random(in: 0..<3, using: &rng) == 0 {
                out += Array("C\(Int.random(in: 0..<99, using: &rng)),T1,S2,GAD-7,3,2025-01-0\(Int.random(in: 1...9, using: &rng)),\(Int.random(in: 0..<22, using: &rng))".utf8.map { $0 == 0x2C ? delimiter : $0 })
                out.append(0x0A)
            } else {
                out += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
        }
        return out
    }

    @Test(arguments: [UInt8(0x2C), 0x3B, 0x09])
    func fastPathGivesTheGeneralScansFields(delimiter: UInt8) throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1500 {
            let text = randomText(&rng, delimiter: delimiter)
            for chunk in [4, 9, 16, 64, 1 << 20] {
                let general = try read(text, chunk: chunk, delimiter: delimiter, plain: false)
                let fast = try read(text, chunk: chunk, delimiter: delimiter, plain: true)
                #expect(fast.records == general.records, "\(text) chunk \(chunk)")
                #expect(fast.blank == general.blank && fast.end == general.end, "\(text) chunk \(chunk)")
            }
        }
    }

    /// Detected delimiters and a byte-order mark go through the same scans.
    @Test func detectedDelimiterAndByteOrderMark() throws {
        let text = Array("\u{FEFF}a;b;c\n1;2;3\n;;\n\n4;\"5\";6\r\n7;8;9".utf8)
        for chunk in [4, 7, 1 << 20] {
            let r1 = CSVReader(bytes: text, chunkSize: chunk)
            let r2 = CSVReader(bytes: text, chunkSize: chunk)
            r2.usesPlainScan = false
            var a: [[String]] = [], b: [[String]] = []
            try r1.forEachRecord { rec in a.append((0..<rec.count).map { rec.string($0) }) }
            try r2.forEachRecord { rec in b.append((0..<rec.count).map { rec.string($0) }) }
            #expect(a == b)
            #expect(a == [["a", "b", "c"], ["1", "2", "3"], ["", "", ""], ["4", "5", "6"], ["7", "8", "9"]])
        }
    }
}
