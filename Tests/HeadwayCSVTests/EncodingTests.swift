import Testing
@testable import HeadwayCSV

/// Reads every record of `bytes` with `format`: fields, malformed reason and field.
private func read(_ bytes: [UInt8], _ format: CSVFormat = CSVFormat(), chunk: Int = 1 << 20) throws -> (records: [([String], String?, Int)], reader: CSVReader) {
    let r = CSVReader(bytes: bytes, name: "f.csv", chunkSize: chunk)
    r.format = format
    var out: [([String], String?, Int)] = []
    try r.forEachRecord { rec in out.append(((0..<rec.count).map { rec.string($0) }, rec.malformed, rec.malformedField)) }
    return (out, r)
}

@Suite struct EncodingTests {
    /// "Zoë" and "Zoé" in Windows-1252 (ë = EB, é = E9; the code page table at
    /// https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT).
    let zoe1252: [UInt8] = Array("id,x\n".utf8) + [0x5A, 0x6F, 0xEB] + Array(",1\n".utf8) + [0x5A, 0x6F, 0xE9] + Array(",2\n".utf8)

    @Test(arguments: [4, 5, 7, 1 << 20])
    func invalidUTF8MakesTheRecordMalformedNamingFieldAndBytes(chunk: Int) throws {
        let (recs, _) = try read(zoe1252, chunk: chunk)
        #expect(recs.count == 3)
        #expect(recs[0].1 == nil)
        #expect(recs[1].2 == 1 && recs[2].2 == 1)
        #expect(recs[1].1?.contains("invalid UTF-8 in field 1 (byte EB at byte 3 of the field)") == true)
        #expect(recs[2].1?.contains("byte E9") == true)
        #expect(recs[1].1?.contains("--encoding windows-1252") == true)
    }

    @Test func windows1252IsTranscodedAndKeepsTheNamesApart() throws {
        let (recs, reader) = try read(zoe1252, CSVFormat(encoding: .windows1252), chunk: 5)
        #expect(recs.map(\.0) == [["id", "x"], ["Zoë", "1"], ["Zoé", "2"]])
        #expect(recs.allSatisfy { $0.1 == nil })
        #expect(reader.encoding == .windows1252)
        // 0x80 is the euro sign in Windows-1252 and U+0080 in Latin-1.
        #expect(try read([0x80, 0x0A], CSVFormat(encoding: .windows1252)).records[0].0 == ["€"])
        #expect(try read([0x80, 0x0A], CSVFormat(encoding: .latin1)).records[0].0 == ["\u{80}"])
    }

    @Test func validMultibyteUTF8IsAccepted() throws {
        let (recs, _) = try read(Array("id\nZoë\n日本\n😀\n".utf8))
        #expect(recs.map(\.0) == [["id"], ["Zoë"], ["日本"], ["😀"]])
        #expect(recs.allSatisfy { $0.1 == nil })
    }

    /// RFC 3629 §3 / Unicode 15 Table 3-7: overlong forms, surrogates and values above U+10FFFF are ill-formed.
    @Test(arguments: [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]] as [[UInt8]])
    func illFormedSequencesAreRejected(bytes: [UInt8]) throws {
        let (recs, _) = try read(Array("a,b\nx,".utf8) + bytes + [0x0A])
        #expect(recs[1].2 == 2)
        #expect(recs[1].1?.hasPrefix("invalid UTF-8 in field 2") == true)
    }

    @Test func utf16WithByteOrderMarkIsDetected() throws {
        // "a\tb\r\nZoë\t1\r\n" in UTF-16 LE, then BE.
        let text = "a\tb\r\nZoë\t1\r\n😀\t2\r\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [le, be] {
            let (recs, reader) = try read(bytes, chunk: 7)
            #expect(recs.map(\.0) == [["a", "b"], ["Zoë", "1"], ["😀", "2"]])
            #expect(reader.encoding == .utf16 && reader.encodingFromByteOrderMark)
            #expect(reader.delimiter == 0x09 && reader.delimiterDetected)
        }
        // Without a byte-order mark, --encoding utf-16 means little-endian (Windows).
        let bare: [UInt8] = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try read(bare, CSVFormat(encoding: .utf16)).records.map(\.0)[1] == ["Zoë", "1"])
        // An unpaired surrogate is an error, not a replacement character.
        #expect(throws: CSVError.self) { try read([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x0A, 0x00]) }
    }

    @Test func delimiterIsDetectedFromTheHeader() throws {
        #expect(try read(Array("a;b;c\n1;2,5;3\n".utf8)).records.map(\.0) == [["a", "b", "c"], ["1", "2,5", "3"]])
        #expect(try read(Array("a,b;c\n".utf8)).reader.delimiter == 0x2C)          // tie: comma
        #expect(try read(Array("\"a;b\",c\n".utf8)).reader.delimiter == 0x2C)      // quoted ; does not count
        let given = try read(Array("a;b\n1;2\n".utf8), CSVFormat(delimiter: 0x2C))
        #expect(given.records.map(\.0) == [["a;b"], ["1;2"]] && !given.reader.delimiterDetected)
        // SWAR path: long unquoted fields with a semicolon delimiter.
        let long = String(repeating: "x", count: 40)
        #expect(try read(Array("h1;h2\n\(long);\(long)\n".utf8), chunk: 13).records[1].0 == [long, long])
        #expect(try read(Array("h1;h2\n".utf8)).reader.decimal == .comma)
        #expect(try read(Array("h1,h2\n".utf8)).reader.decimal == .point)
    }

    @Test func decimalComma() {
        func p(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { FieldParser.double($0, decimal: .comma) } }
        #expect(p("12,5") == 12.5)
        #expect(p(" 7 ") == 7)
        #expect(p("-0,25") == -0.25)
        #expect(p("12.5") == nil)      // a point may be a thousands separator: never guessed
        #expect(p("1,2,3") == nil)
        #expect(p("abc") == nil)
    }
}
