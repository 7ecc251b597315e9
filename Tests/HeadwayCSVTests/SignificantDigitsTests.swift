// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import HeadwayCSV

/// The exact fast path of `%.*g` (`NumberText.writeSignificantExact`, issue 12) against the C
/// library's `vsnprintf("%.*g")` where it is hardest: values at and next to decimal rounding
/// ties for every precision, exponent boundaries (where rounding carries into the next power of
/// ten and the choice between plain and scientific notation flips), and the range ends.
@Suite struct SignificantDigitsTests {
    /// `printf("%.*g", p, v)` by the C library.
    static func printf(_ v: Double, _ p: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList([Int32(p), v]) { args in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, "%.*g", args) } }
        return String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The fast path alone: its text, or nil when it leaves the value to `strfromd`.
    static func fast(_ v: Double, _ p: Int) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberText.maxLength) { t in
            let n = NumberText.writeSignificantExact(v, digits: p, to: t.baseAddress!)
            return n > 0 ? String(decoding: UnsafeBufferPointer(start: t.baseAddress!, count: n), as: UTF8.self) : nil
        }
    }

    /// Checks `values` (and their negatives) at precision `p`: the fast path, when it answers,
    /// and the public function must equal printf. Returns how many the fast path decided.
    static func check(_ values: [Double], _ p: Int, _ mismatches: inout [String]) -> Int {
        var decided = 0
        for v in values where v.isFinite {
            for x in [v, -v] {
                let c = printf(x, p)
                if let f = fast(x, p) {
                    decided += 1
                    if f != c, mismatches.count < 10 { mismatches.append("fast \(x) (bits \(String(x.bitPattern, radix: 16))) p=\(p): \(f) vs \(c)") }
                }
                if NumberText.significant(x, digits: p) != c, mismatches.count < 10 { mismatches.append("\(x) p=\(p)") }
            }
        }
        return decided
    }

    /// `v` and its `k` neighbours on each side (nextUp/nextDown repeated).
    static func neighbourhood(_ v: Double, _ k: Int) -> [Double] {
        var out = [v]
        var up = v, down = v
        for _ in 0..<k { up = up.nextUp; down = down.nextDown; out.append(up); out.append(down) }
        return out
    }

    /// Decimal ties: the nearest doubles to m.5 · 10^e with m of exactly P digits (written as a
    /// decimal string and converted by `strtod`, correctly rounded), at exponents over the whole
    /// range, with 12 neighbours each side; and the same values built as (m + 0.5) · 10^-k in
    /// binary as an analyst's program would. Most of these are within a few ulps of a tie at
    /// digit P + 1, so they test both the fast path's tie margin and its fallback.
    @Test func nearTiesAtEveryPrecision() {
        var s = NumberTextTests.Source(x: 0xDEAD_BEEF_1234_5678)
        var mismatches: [String] = []
        var decided = 0, total = 0
        for p in 1...17 {
            var values: [Double] = []
            for i in 0..<400 {
                let low = p == 1 ? 1 : Int(pow(10, Double(p - 1)))
                let span = UInt64(9 * low)
                let m = low + Int(s.next() % span)
                let e = i < 200 ? Int(s.next() % 40) - 20 : Int(s.next() % 620) - 320
                values += Self.neighbourhood(strtod("\(m)5e\(e)", nil), 12)
                let k = Int(s.next() % 23)
                values += Self.neighbourhood((Double(m) + 0.5) / pow(10, Double(k)), 4)
                values += Self.neighbourhood((Double(m) + 0.5) * pow(10, Double(k)), 4)
            }
            // Exact binary ties: m + 0.5 and m · 2^-j whose decimal expansion ends in 5.
            for m in 0..<300 {
                values.append(Double(m) + 0.5)
                values.append(Double(m) * 0.125)
                values.append(Double(m) / 1024)
            }
            total += 2 * values.filter(\.isFinite).count
            decided += Self.check(values, p, &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The fast path must actually be exercised here (values a few ulps from a tie).
        #expect(decided > total / 5, "fast path decided \(decided) of \(total)")
    }

    /// Exponent boundaries: powers of ten, the values that round up to the next power at P
    /// digits (99…95 · 10^e), the plain/scientific switch points (1e-4, 10^P), named cases
    /// from printf's documentation of `%g`, each with 2 to 16 neighbours on each side.
    @Test func exponentBoundariesAtEveryPrecision() {
        var mismatches: [String] = []
        var decided = 0
        for p in 1...17 {
            var values: [Double] = []
            for e in -330...310 {
                values += Self.neighbourhood(strtod("1e\(e)", nil), 8)
                values += Self.neighbourhood(strtod(String(repeating: "9", count: p) + "5e\(e)", nil), 8)
                values += Self.neighbourhood(strtod(String(repeating: "9", count: p) + "4e\(e)", nil), 2)
                values += Self.neighbourhood(strtod("1" + String(repeating: "0", count: p) + "5e\(e)", nil), 2)
            }
            for named in [9.9999995e-5, 0.000099999995, 999999.5, 1e-4, 0.0001, 0.00009999, 0.000099995,
                          99999.95, 999999.4999999999, 9.5, 0.95, 0.0095, 0.00095, 0.000095, 0.0000095,
                          1e15, 1e16, 1e17, 999999999999999.5, 99999999999999.95, 9007199254740993,
                          Double.leastNormalMagnitude, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude,
                          0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 123456.5, 1234567.5, 0.5, 1.5, 2.5, 0.05, 0.005] {
                values += Self.neighbourhood(named, 16)
            }
            decided += Self.check(values, p, &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(decided > 100_000)
    }

    /// ±0 and the fast path's limits: P 16 and 17 and subnormals always go to the C library.
    @Test func zerosAndFallbackLimits() {
        for p in 1...17 {
            #expect(Self.fast(0, p) == "0")
            #expect(Self.fast(-0.0, p) == "-0")
            #expect(NumberText.significant(-0.0, digits: p) == Self.printf(-0.0, p))
        }
        #expect(Self.fast(0.1, 16) == nil)
        #expect(Self.fast(0.1, 17) == nil)
        #expect(Self.fast(5e-324, 3) == nil)
        #expect(Self.fast(0.1, 15) == "0.1")
        #expect(Self.fast(0.0001, 6) == "0.0001")
        #expect(Self.fast(0.00001, 6) == "1e-05")
        #expect(Self.fast(1e100, 6) == "1e+100")
        #expect(Self.fast(-123456.0, 6) == "-123456")
        #expect(Self.fast(1234567.0, 6) == "1.23457e+06")
    }

    /// The powers of ten the fast path scales by: exact through 10^22 (each is ten times the
    /// previous in binary without rounding) and the C library's correctly rounded `strtod` above.
    @Test func powerTable() {
        let t = NumberText.tables.pow10
        #expect(t[0] == 1)
        for i in 1...22 {
            #expect(t[i] == t[i - 1] * 10)
            #expect(t[i].significandWidth <= 52)
        }
        for i in 23...308 { #expect(t[i] == Double("1e\(i)")) }
    }

    /// How often the fast path hands a value to `strfromd`. On the million values of
    /// `NumberTextTests.values` (P = i mod 17 + 1, as the million-value comparison with printf
    /// uses): all of P = 16, 17 and the subnormals by design; for P ≤ 15 the exact ties and
    /// near-ties that set is built with, values too small for the power table (below about
    /// 10^−293) and, mostly, P = 14–15 at magnitudes that need an inexact power of ten (outside
    /// about 10^−8…10^22, where the 3-ulp margin is a sizeable part of a unit): 1.5 % when
    /// written. On a million p-value-like values at the default 6 digits (uniform in 0…1 and
    /// log-uniform down to 10^−30): next to none.
    @Test func fallbackRateOnAMillionValues() {
        var fallback = 0, fallbackUpTo15 = 0, upTo15 = 0
        for (i, v) in NumberTextTests.values(1_000_000).enumerated() {
            let p = i % 17 + 1
            let decided = Self.fast(v, p) != nil
            if p <= 15 { upTo15 += 1 }
            if !decided {
                fallback += 1
                if p <= 15 && !(v != 0 && abs(v) < Double.leastNormalMagnitude) { fallbackUpTo15 += 1 }
            }
        }
        var s = NumberTextTests.Source(x: 2026)
        var pFallback = 0
        for i in 0..<1_000_000 {
            let v = i % 2 == 0 ? s.unit() : pow(10, -30 * s.unit())
            if Self.fast(v, 6) == nil { pFallback += 1 }
        }
        print("significant digits fast path: \(fallback) of 1,000,000 to strfromd; P ≤ 15 (normal): \(fallbackUpTo15) of \(upTo15); p-values at 6 digits: \(pFallback) of 1,000,000")
        #expect(fallbackUpTo15 * 50 < upTo15)
        #expect(pFallback < 100)
    }
}
