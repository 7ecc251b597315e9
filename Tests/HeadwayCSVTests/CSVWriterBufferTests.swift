// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import HeadwayCSV

/// The writer's raw byte buffer (issue 12) against text built independently with `String`s:
/// RFC 4180 quoting by hand, `String(Int)`, the previous String-building fixed formatter and
/// the C library's `%.*g`, over records large enough to flush many times and to grow a
/// records-only block far past its initial capacity.
@Suite struct CSVWriterBufferTests {
    enum Cell {
        case text(String), optionalText(String?), int(Int?), bool(Bool?), fixed(Double?, Int), significant(Double?, Int)
        case date(Int?), empty(Int)
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The expected text of one record, one `String` per cell.
    static func reference(_ cells: [Cell]) -> String {
        var parts: [String] = []
        for c in cells {
            switch c {
            case .text(let s): parts.append(quoted(s))
            case .optionalText(let s): parts.append(s.map(quoted) ?? "")
            case .int(let v): parts.append(v.map { String($0) } ?? "")
            case .bool(let v): parts.append(v.map { $0 ? "true" : "false" } ?? "")
            case .fixed(let v, let d): parts.append(v.map { NumberFormat.fixedReference($0, decimals: d) } ?? "")
            case .significant(let v, let p): parts.append(v.map { $0.isFinite ? SignificantDigitsTests.printf($0, max(1, min(p, 17))) : "" } ?? "")
            case .date(let d): parts.append(d.map { CivilCalendar.isoString(days: $0) } ?? "")
            case .empty(let n): parts += Array(repeating: "", count: n)
            }
        }
        return parts.joined(separator: ",") + "\n"
    }

    static func write(_ cells: [Cell], to w: CSVWriter) throws {
        for c in cells {
            switch c {
            case .text(let s): w.field(s)
            case .optionalText(let s): w.field(s)
            case .int(let v): w.field(v)
            case .bool(let v): w.field(v)
            case .fixed(let v, let d): w.field(v, decimals: d)
            case .significant(let v, let p): w.field(significant: v, digits: p)
            case .date(let d): w.field(date: d)
            case .empty(let n): w.emptyFields(n)
            }
        }
        try w.endRecord()
    }

    static func records(_ count: Int) -> [[Cell]] {
        var s = NumberTextTests.Source(x: 77)
        let texts = ["", "a", "C0000001", "PHQ-9", "a,b", "say \"hi\"", "line\nbreak", "cr\rlf", "ünïcødé ✓", "\"", ",", String(repeating: "x", count: 300)]
        let numbers: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1e300, -1e-300, 5e-324, 9e15, 0.5, -2.5, 123.456]
        func number() -> Double {
            s.next() % 4 == 0 ? numbers[Int(s.next() % UInt64(numbers.count))] : (s.unit() - 0.5) * pow(10, Double(Int(s.next() % 20) - 8))
        }
        var out: [[Cell]] = []
        for _ in 0..<count {
            var cells: [Cell] = []
            for _ in 0..<Int(s.next() % 40) {
                switch s.next() % 9 {
                case 0: cells.append(.text(texts[Int(s.next() % UInt64(texts.count))]))
                case 1: cells.append(.optionalText(s.next() % 3 == 0 ? nil : texts[Int(s.next() % UInt64(texts.count))]))
                case 2:
                    let ints = [0, 1, -1, 9, 10, 99, 100, Int.max, Int.min, Int.min + 1, 1_000_000_007]
                    cells.append(.int(s.next() % 5 == 0 ? nil : s.next() % 2 == 0 ? ints[Int(s.next() % UInt64(ints.count))] : Int(bitPattern: UInt(s.next())) >> Int(s.next() % 64)))
                case 3: cells.append(.bool(s.next() % 3 == 0 ? nil : s.next() % 2 == 0))
                case 4: cells.append(.fixed(s.next() % 6 == 0 ? nil : number(), Int(s.next() % 15) - 1))
                case 5: cells.append(.significant(s.next() % 6 == 0 ? nil : number(), Int(s.next() % 19)))
                case 6: cells.append(.date(s.next() % 4 == 0 ? nil : Int(s.next() % 4_000_000) - 800_000))
                case 7: cells.append(.empty(Int(s.next() % 5)))
                default: cells.append(.fixed(Double(s.next() % 100), 6))
                }
            }
            out.append(cells)
        }
        return out
    }

    /// Streaming writer (many flushes through the sink) and records-only blocks joined with
    /// `append(recordsOf:)` (one block grows to megabytes, others are small or empty): both give
    /// the reference text byte for byte.
    @Test func writerEqualsStringReference() throws {
        let records = Self.records(20_000)
        let expected = records.map(Self.reference).joined()

        var streamed: [UInt8] = []
        var chunks = 0
        let w = CSVWriter { streamed.append(contentsOf: $0); chunks += 1 }
        for r in records { try Self.write(r, to: w) }
        try w.flush()
        #expect(chunks > 10)
        #expect(String(decoding: streamed, as: UTF8.self) == expected)

        // Blocks joined into a writer: one whose sink gets copies, and one lent the bytes (blocks
        // of the flush threshold or more go to it straight from the block's buffer), with blocks
        // made at the default size and with a first capacity.
        var joined: [UInt8] = [], lent: [UInt8] = []
        try Self.join(records, into: CSVWriter { joined.append(contentsOf: $0) }, capacity: nil)
        try Self.join(records, into: CSVWriter(borrowing: { lent.append(contentsOf: $0) }), capacity: 4096)
        #expect(String(decoding: joined, as: UTF8.self) == expected)
        #expect(String(decoding: lent, as: UTF8.self) == expected)
    }

    /// `records` in blocks of 0, 1, 7, 12,000, 3, 0 and 5,000 records (each appended twice: the
    /// second append adds nothing), the rest written to `out` directly; then flushed.
    static func join(_ records: [[Cell]], into out: CSVWriter, capacity: Int?) throws {
        var start = 0
        for size in [0, 1, 7, 12_000, 3, 0, 5_000] {
            let block = CSVWriter.records(initialCapacity: capacity)
            for r in records[start..<min(records.count, start + size)] { try write(r, to: block) }
            start = min(records.count, start + size)
            try out.append(recordsOf: block)
            try out.append(recordsOf: block)   // emptied by the first append: adds nothing
        }
        for r in records[start...] { try write(r, to: out) }
        try out.flush()
    }

    /// A writer can be reused after a flush, and flushing an empty writer calls no sink.
    @Test func flushEmptiesTheBuffer() throws {
        var chunks: [String] = []
        let w = CSVWriter { chunks.append(String(decoding: $0, as: UTF8.self)) }
        try w.flush()
        w.field(1); w.field(-2.5, decimals: 1)
        try w.endRecord()
        try w.flush()
        try w.flush()
        w.emptyFields(3)
        try w.endRecord()
        try w.flush()
        #expect(chunks == ["1,-2.5\n", ",,\n"])
    }

    /// A field that needs quoting right where the buffer must grow (the initial capacity is
    /// 64 KiB + 1 KiB): the separator and the quoted text survive the move, for every length of
    /// text before it around that size.
    @Test func quotedFieldAcrossBufferGrowth() throws {
        for pad in 66_500...66_600 {
            let block = CSVWriter.records()
            let filler = String(repeating: "x", count: pad)
            block.field(filler)
            block.field("a,\"b\"")
            block.field("c")
            try block.endRecord()
            let (w, contents) = CSVWriter.inMemory()
            try w.append(recordsOf: block)
            #expect(contents() == filler + ",\"a,\"\"b\"\"\",c\n", "pad \(pad)")
        }
    }
}
