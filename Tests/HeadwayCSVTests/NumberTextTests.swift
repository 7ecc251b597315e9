// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import HeadwayCSV

/// The byte-buffer number formatting (issue 12) against independent formatters: the previous
/// String-building `NumberFormat.fixed` (whose output every golden file and the identity script
/// pin) and the C library's `printf("%.*g")` / Foundation's `String(format:)`.
@Suite struct NumberTextTests {
    /// xorshift64*: reproducible values without Foundation's random source.
    struct Source {
        var x: UInt64
        mutating func next() -> UInt64 {
            x ^= x >> 12; x ^= x << 25; x ^= x >> 27
            return x &* 2_685_821_657_736_338_717
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// A million values: uniform in ±1000, score-like values with 1–4 decimals, exact ties
    /// x.xxx5 at every scale, huge and tiny magnitudes, arbitrary bit patterns, ±0.
    static func values(_ n: Int) -> [Double] {
        var s = Source(x: 0x9E37_79B9_7F4A_7C15)
        var out: [Double] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.125, 0.0005, -0.0005, 1e-300, -1e-300, 8.999e15, 9e15, 1e16, -1e16,
                             1.7976931348623157e308, 5e-324, 123456.7890125, 0.15, 0.25, 0.35, 1.005, 2.675, -1.125]
        while out.count < n {
            let kind = s.next() % 6
            let sign: Double = s.next() & 1 == 0 ? 1 : -1
            switch kind {
            case 0: out.append(sign * s.unit() * 1000)
            case 1: out.append(sign * Double(s.next() % 10_000_000) / pow(10, Double(s.next() % 5)))
            case 2:   // rounding boundaries: k + 0.5 at a random decimal place (x.xxx5)
                let places = Int(s.next() % 8)
                out.append(sign * (Double(s.next() % 1_000_000) + 0.5) / pow(10, Double(places)))
            case 3: out.append(sign * s.unit() * pow(10, Double(Int(s.next() % 40) - 10)))
            case 4: out.append(sign * s.unit() * pow(10, Double(-Int(s.next() % 30))))
            default:
                let v = Double(bitPattern: s.next())
                out.append(v.isFinite ? v : sign * s.unit())
            }
        }
        return out
    }

    @Test func fixedEqualsThePreviousFormatterOnAMillionValues() {
        var mismatches: [String] = []
        for (i, v) in Self.values(1_000_000).enumerated() {
            let d = i % 13
            var b: [UInt8] = []
            NumberText.appendFixed(v, decimals: d, to: &b)
            let fast = String(decoding: b, as: UTF8.self)
            let reference = NumberFormat.fixedReference(v, decimals: d)
            if fast != reference, mismatches.count < 5 { mismatches.append("\(v) d=\(d): \(fast) vs \(reference)") }
            if NumberFormat.fixed(v, decimals: d) != reference, mismatches.count < 5 { mismatches.append("fixed \(v) d=\(d)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// The fixed convention (scale in binary, round half away from zero) equals Foundation's
    /// `String(format: "%.*f")` except where the scaled value is (or rounds to) an exact tie,
    /// which printf resolves on the exact binary value. This counts those cases on values that
    /// are not ties, where both must agree.
    @Test func fixedEqualsFoundationAwayFromTies() {
        var s = Source(x: 42)
        var disagreements = 0, compared = 0
        for i in 0..<200_000 {
            let d = i % 7
            let v = (s.unit() - 0.5) * 2000
            let scaled = abs(v) * pow(10, Double(d))
            if abs(scaled - scaled.rounded(.down) - 0.5) < 1e-6 { continue }   // a tie or near one: conventions may differ
            compared += 1
            var b: [UInt8] = []
            NumberText.appendFixed(v, decimals: d, to: &b)
            var foundation = String(format: "%.*f", d, v)
            if foundation.hasPrefix("-"), foundation.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { foundation.removeFirst() }
            if String(decoding: b, as: UTF8.self) != foundation { disagreements += 1 }
        }
        #expect(compared > 190_000)
        #expect(disagreements == 0)
    }

    @Test func significantEqualsPrintfAndFoundationOnAMillionValues() {
        var mismatches: [String] = []
        var buffer = [CChar](repeating: 0, count: 64)
        for (i, v) in Self.values(1_000_000).enumerated() {
            let p = i % 17 + 1
            var b: [UInt8] = []
            NumberText.appendSignificant(v, digits: p, to: &b)
            let fast = String(decoding: b, as: UTF8.self)
            let n = withVaList([Int32(p), v]) { args in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, "%.*g", args) } }
            let c = String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if fast != c, mismatches.count < 5 { mismatches.append("\(v) p=\(p): \(fast) vs \(c)") }
            if i % 10 == 0, fast != String(format: "%.*g", p, v), mismatches.count < 5 { mismatches.append("Foundation \(v) p=\(p)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func nonFiniteValuesWriteNothing() {
        for v in [Double.nan, .infinity, -.infinity] {
            var b: [UInt8] = []
            NumberText.appendFixed(v, decimals: 3, to: &b)
            NumberText.appendSignificant(v, digits: 6, to: &b)
            #expect(b.isEmpty)
        }
        #expect(NumberFormat.fixed(-0.0, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(-0.004, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(-0.005, decimals: 2) == "-0.01")
    }

    @Test func writerFieldsMatchTheStringFormatters() throws {
        let (w, contents) = CSVWriter.inMemory()
        w.field(3.14159, decimals: 3)
        w.field(significant: 1.144585e-07, digits: 6)
        w.field(significant: nil, digits: 6)
        try w.endRecord()
        let block = CSVWriter.records()
        block.field("x")
        try block.endRecord()
        try w.append(recordsOf: block)
        #expect(contents() == "3.142,1.14459e-07,\nx\n")
    }

    /// `field(date:)` writes digits straight into the buffer: the same text as the
    /// `CivilCalendar.isoString` every other output uses, for every day of years 1 to 9999
    /// sampled every 7 days, the first days of 1970, and days outside four-digit years (fallback).
    @Test func dateFieldEqualsISOString() throws {
        var days = Array(stride(from: -719_162, through: 2_932_896, by: 7)) + Array(-3...3)
        days += [-719_163, -800_000, 2_932_897, 3_000_000]
        for d in days {
            var out: [UInt8] = []
            let w = CSVWriter { out.append(contentsOf: $0) }
            w.field(date: d)
            try w.flush()
            #expect(String(decoding: out, as: UTF8.self) == CivilCalendar.isoString(days: d), "day \(d)")
        }
    }

    /// `emptyFields(n)` is n empty `field` calls: at the start of a record, after a field and for 0.
    @Test func emptyFieldsAreEmptyCells() throws {
        func text(_ build: (CSVWriter) -> Void) throws -> String {
            var out: [UInt8] = []
            let w = CSVWriter { out.append(contentsOf: $0) }
            build(w)
            try w.endRecord()
            try w.flush()
            return String(decoding: out, as: UTF8.self)
        }
        for n in [0, 1, 2, 70] {
            let fast = try text { w in w.field("a"); w.emptyFields(n); w.field("b") }
            let slow = try text { w in w.field("a"); for _ in 0..<n { w.field(nil as String?) }; w.field("b") }
            #expect(fast == slow, "after a field, n = \(n)")
            let fastStart = try text { w in w.emptyFields(n); w.field("b") }
            let slowStart = try text { w in for _ in 0..<n { w.field(nil as String?) }; w.field("b") }
            #expect(fastStart == slowStart, "at the start, n = \(n)")
        }
        #expect(try text { w in w.field("a"); w.emptyFields(2); w.field("b") } == "a,,,b\n")
    }
}
