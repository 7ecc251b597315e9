// SPDX-License-Identifier: GPL-3.0-or-later
// Number formatting straight into a byte buffer: no `String(format:)`, no `String` per cell.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's `strfromd(3)` (glibc ≥ 2.25, C23; not imported by the Glibc module): the non-variadic
/// form of `snprintf(str, n, format, fp)` for one `double`. Declared by symbol name; the
/// arguments (two pointers, an integer and a double) are passed in the same registers by Swift's
/// and C's calling conventions on x86-64 and arm64. Tested against `vsnprintf("%.*g")` on a
/// million values (`NumberTextTests`).
@_silgen_name("strfromd")
private func c_strfromd(_ str: UnsafeMutablePointer<UInt8>?, _ n: Int, _ format: UnsafePointer<UInt8>, _ fp: Double) -> Int32

/// Writes numbers as text into byte buffers, exactly as ``NumberFormat/fixed(_:decimals:)``
/// (fixed decimals, half away from zero) and C's `printf("%.*g")` (significant digits) would.
public enum NumberText {
    /// `v` with exactly `decimals` (clamped to 0…12) digits after the point, rounded half away
    /// from zero after scaling by 10^decimals in binary floating point (the convention of
    /// ``NumberFormat/fixed(_:decimals:)``, which this replaces byte for byte); `-0` and negatives
    /// that round to zero print unsigned; a scaled magnitude of 9·10^15 or more prints as Swift's
    /// shortest round-trip `description`. Nothing is appended for a non-finite `v`.
    @inline(__always)
    public static func appendFixed(_ v: Double, decimals: Int, to bytes: inout [UInt8]) {
        guard v.isFinite else { return }
        let d = max(0, min(decimals, 12))
        let scaled = (abs(v) * pow10[d]).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else {
            bytes.append(contentsOf: String(v).utf8)
            return
        }
        var units = UInt64(scaled)
        let negative = v < 0 && units != 0
        // At most 16 integer digits + point + 12 decimals + sign: 30 bytes, written backwards.
        var tmp: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { raw in
            let t = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var i = 32
            var k = 0
            repeat {
                i -= 1
                t[i] = UInt8(truncatingIfNeeded: units % 10) &+ 0x30
                units /= 10
                k += 1
                if k == d && d > 0 { i -= 1; t[i] = 0x2E }
            } while units > 0 || k <= d
            if negative { i -= 1; t[i] = 0x2D }
            bytes.append(contentsOf: UnsafeBufferPointer(start: t + i, count: 32 - i))
        }
    }

    /// `v` with `digits` significant digits (clamped to 1…17), as C's `printf("%.*g")`: plain
    /// decimals for 1e-4 ≤ |v| < 10^digits, scientific notation otherwise, trailing zeros
    /// dropped (formatted by the C library's `strfromd`, so rounding is the C library's exact
    /// binary-to-decimal conversion). Nothing is appended for a non-finite `v`.
    @inline(__always)
    public static func appendSignificant(_ v: Double, digits: Int, to bytes: inout [UInt8]) {
        guard v.isFinite else { return }
        let p = max(1, min(digits, 17))
        var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { raw in
            let t = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let n = formats[p].withUnsafeBufferPointer { c_strfromd(t, 48, $0.baseAddress!, v) }
            if n > 0 && n < 48 {
                bytes.append(contentsOf: UnsafeBufferPointer(start: t, count: Int(n)))
            } else {
                appendFixed(v, decimals: digits, to: &bytes)
            }
        }
    }

    /// ``appendSignificant(_:digits:to:)`` as a `String` (empty for a non-finite `v`).
    public static func significant(_ v: Double, digits: Int) -> String {
        var b: [UInt8] = []
        b.reserveCapacity(24)
        appendSignificant(v, digits: digits, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// 10^0 … 10^12, exact in binary floating point (the same products as repeated `*= 10`).
    static let pow10: [Double] = {
        var out: [Double] = []
        var s = 1.0
        for _ in 0...12 { out.append(s); s *= 10 }
        return out
    }()

    /// NUL-terminated `%.Pg` formats, P = 0…17.
    static let formats: [[UInt8]] = (0...17).map { Array("%.\($0)g".utf8) + [0] }
}
