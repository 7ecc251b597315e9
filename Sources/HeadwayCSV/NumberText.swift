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
    /// The most bytes one number takes (`writeFixed`, `writeSignificant`; `strfromd`'s NUL
    /// included): callers of the pointer forms provide this much room.
    static let maxLength = 48

    /// `v` with exactly `decimals` (clamped to 0…12) digits after the point, rounded half away
    /// from zero after scaling by 10^decimals in binary floating point (the convention of
    /// ``NumberFormat/fixed(_:decimals:)``, which this replaces byte for byte); `-0` and negatives
    /// that round to zero print unsigned; a scaled magnitude of 9·10^15 or more prints as Swift's
    /// shortest round-trip `description`. Nothing is appended for a non-finite `v`.
    @inline(__always)
    public static func appendFixed(_ v: Double, decimals: Int, to bytes: inout [UInt8]) {
        guard v.isFinite else { return }
        append(to: &bytes) { writeFixed(v, decimals: decimals, to: $0) }
    }

    /// Appends what `write` puts into a temporary of ``maxLength`` bytes (it returns the count).
    @inline(__always)
    private static func append(to bytes: inout [UInt8], _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { t in
            let n = write(t.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(start: t.baseAddress!, count: n))
        }
    }

    /// ``appendFixed(_:decimals:to:)`` into raw memory with room for ``maxLength`` bytes;
    /// returns the number of bytes written (0 for a non-finite `v`).
    @inline(__always)
    static func writeFixed(_ v: Double, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard v.isFinite else { return 0 }
        let d = max(0, min(decimals, 12))
        let t = tables
        let x = abs(v) * t.pow10[d]
        // `x.rounded(.toNearestOrAwayFromZero) < 9e15` exactly when x < 9e15 (from 2^52 on, x is
        // an integer); the rounding itself in integers (no call to the C library's `round`):
        // truncate, then up when the exact remainder is one half or more.
        guard x < 9.0e15 else { return writeDescription(v, to: out) }
        var units = UInt64(x)
        if x - Double(units) >= 0.5 { units += 1 }
        let negative = v < 0 && units != 0
        // Sign, integer digits (at least one), point and d decimals (at most 1 + 16 + 1 + 12).
        let bits = 64 - units.leadingZeroBitCount
        var digits = (bits &* 1233) >> 12          // floor(bits·log10 2): the digit count or one less
        if units >= t.pow10u[digits] { digits += 1 }
        digits = max(digits, d + 1)
        let total = (negative ? 1 : 0) + digits + (d > 0 ? 1 : 0)
        var p = out + total
        if d > 0 {
            // The d decimals, then the point; the integer digits before them.
            writeDigits(units, count: d, endingAt: p, pairs: t.pairs)
            units /= t.pow10u[d]
            p -= d + 1
            p.pointee = 0x2E
        }
        writeDigits(units, count: digits - d, endingAt: p, pairs: t.pairs)
        if negative { out[0] = 0x2D }
        return total
    }

    /// `v` with `digits` significant digits (clamped to 1…17), as C's `printf("%.*g")`: plain
    /// decimals when −4 ≤ X < P (X the decimal exponent after rounding to P digits), scientific
    /// notation (`1.5e-05`, at least two exponent digits) otherwise, trailing zeros and a
    /// trailing point dropped, `-0` for −0.0. Rounding is to nearest, ties to even, on the exact
    /// binary value, as the C library does: see `writeSignificantExact` for the fast path, which
    /// hands the few values it cannot decide exactly (and P of 16 or 17, subnormals) to the C
    /// library's `strfromd`. Nothing is appended for a non-finite `v`.
    @inline(__always)
    public static func appendSignificant(_ v: Double, digits: Int, to bytes: inout [UInt8]) {
        guard v.isFinite else { return }
        append(to: &bytes) { writeSignificant(v, digits: digits, to: $0) }
    }

    /// ``appendSignificant(_:digits:to:)`` into raw memory with room for ``maxLength`` bytes;
    /// returns the number of bytes written (0 for a non-finite `v`).
    @inline(__always)
    static func writeSignificant(_ v: Double, digits: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard v.isFinite else { return 0 }
        let p = max(1, min(digits, 17))
        let n = writeSignificantExact(v, digits: p, to: out)
        return n > 0 ? n : writeSignificantC(v, digits: p, to: out)
    }

    /// The `%.Pg` text of a finite `v` for P = `p` in 1…17 when it can be proved without the
    /// C library, else 0 (nothing decided; the caller asks `strfromd`).
    ///
    /// For P ≤ 15 and a normal `v`: with k such that s = |v|·10^k (computed in binary, one
    /// correctly rounded multiplication or division by 10^|k|, itself exact for |k| ≤ 22 and
    /// correctly rounded above) lies in [10^(P−1), 10^P), the exact t = |v|·10^k differs from s
    /// by at most 0.5 ulp(s) (exact power) or 0.5 ulp(s) + u·t < 1.5 ulp(s) (rounded power,
    /// u = 2⁻⁵³). When the fraction of s is more than 3 ulp(s) from ½, t and s round to the
    /// same integer N (no tie can be involved), which with X = P−1−k gives printf's digits and
    /// exponent (N = 10^P after rounding: 10^(P−1) and X + 1). With an exact power the
    /// rounding is decided closer still: the fraction of s minus ½ is a multiple of ulp(s), so
    /// when it is not zero it has the sign of t's; when it is zero, the sign of the exact
    /// remainder t − s (one fused multiply-add: a·10^k − s, or a − s·10^−k for a division)
    /// decides, and only an exact tie (remainder zero: printf rounds it to even) is left to
    /// the C library.
    ///
    /// Near the ends of the range the chosen k may be one off from the exact value's: if t is
    /// just at or above 10^P while s < 10^P, s is within 1.5 ulp of 10^P and rounds up to it, so
    /// the result is 10^(P−1) with X + 1, which is what t/10 (just above 10^(P−1)) gives; if t
    /// is just below 10^(P−1) while s ≥ 10^(P−1), then 10·t is within 15 ulp(s) < ½ (s < 2⁴⁷)
    /// of 10^P and rounds up to it, which gives 10^(P−1) and the same X as N = 10^(P−1) at k.
    /// Tested against `vsnprintf` on near-ties and exponent boundaries for every P.
    @inline(__always)
    static func writeSignificantExact(_ v: Double, digits p: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if v == 0 {
            if v.sign == .minus { out[0] = 0x2D; out[1] = 0x30; return 2 }
            out[0] = 0x30
            return 1
        }
        let a = abs(v)
        guard p <= 15, a >= Double.leastNormalMagnitude else { return 0 }
        let t = tables
        let lower = t.pow10[p - 1], upper = t.pow10[p]
        // floor(log10 a) or one less: exponent·log10(2) rounded down, 78913 / 2^18 ≈ log10(2).
        var k = p - 1 - ((Int(a.exponent) &* 78913) >> 18)
        var s = 0.0
        var tries = 0
        while true {
            guard k >= -308 && k <= 308 else { return 0 }
            s = k >= 0 ? a * t.pow10[k] : a / t.pow10[-k]
            if s >= upper { k -= 1 } else if s < lower { k += 1 } else { break }
            tries += 1
            if tries == 3 { return 0 }
        }
        let whole = UInt64(s)       // s rounded down
        let off = s - Double(whole) - 0.5   // exact, a multiple of ulp(s) ≤ 2^-3 (s < 2^50)
        let up: Bool
        if abs(off) > 3 * s.ulp {
            up = off > 0
        } else if off != 0 && k >= -22 && k <= 22 {
            up = off > 0   // |t − s| ≤ ½ ulp(s) < |off|
        } else if off == 0 && k >= 0 && k <= 22 {
            let r = (-s).addingProduct(a, t.pow10[k])   // t − s, exact (fused multiply-add)
            if r == 0 { return 0 }                       // an exact tie
            up = r > 0
        } else if off == 0 && k < 0 && k >= -22 {
            let r = a.addingProduct(-s, t.pow10[-k])     // (t − s)·10^−k, exact
            if r == 0 { return 0 }
            up = r > 0
        } else {
            return 0
        }
        var n = whole &+ (up ? 1 : 0)
        var x = p - 1 - k
        if n == t.pow10u[p] { n = t.pow10u[p - 1]; x += 1 }

        // The P digits of n, then without trailing zeros (at least one digit).
        var digitBuffer: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &digitBuffer) { raw -> Int in
            let d = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            writeDigits(n, count: p, endingAt: d + p, pairs: t.pairs)
            var sig = p
            while sig > 1 && d[sig - 1] == 0x30 { sig -= 1 }
            var i = 0
            if v < 0 { out[0] = 0x2D; i = 1 }
            if x < -4 || x >= p {
                out[i] = d[0]
                i += 1
                if sig > 1 {
                    out[i] = 0x2E
                    (out + i + 1).update(from: d + 1, count: sig - 1)
                    i += sig
                }
                out[i] = 0x65
                out[i + 1] = x < 0 ? 0x2D : 0x2B
                i += 2
                let e = x.magnitude
                if e >= 100 { out[i] = UInt8(truncatingIfNeeded: e / 100) &+ 0x30; i += 1 }
                out[i] = UInt8(truncatingIfNeeded: e / 10 % 10) &+ 0x30
                out[i + 1] = UInt8(truncatingIfNeeded: e % 10) &+ 0x30
                return i + 2
            }
            if x >= 0 {
                (out + i).update(from: d, count: x + 1)
                i += x + 1
                if sig > x + 1 {
                    out[i] = 0x2E
                    (out + i + 1).update(from: d + x + 1, count: sig - x - 1)
                    i += sig - x
                }
                return i
            }
            out[i] = 0x30
            out[i + 1] = 0x2E
            i += 2
            for _ in 0 ..< -x - 1 { out[i] = 0x30; i += 1 }
            (out + i).update(from: d, count: sig)
            return i + sig
        }
    }

    /// `%.Pg` by the C library (the fallback of `writeSignificantExact`), P in 1…17.
    @inline(never)
    static func writeSignificantC(_ v: Double, digits p: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // "%.Pg" and its NUL, built on the stack.
        var format: UInt64 = 0
        let n = withUnsafeMutableBytes(of: &format) { raw -> Int32 in
            let f = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            f[0] = 0x25
            f[1] = 0x2E
            var i = 2
            if p >= 10 { f[i] = UInt8(truncatingIfNeeded: p / 10) &+ 0x30; i += 1 }
            f[i] = UInt8(truncatingIfNeeded: p % 10) &+ 0x30
            f[i + 1] = 0x67
            return c_strfromd(out, maxLength, f, v)
        }
        if n > 0 && Int(n) < maxLength { return Int(n) }
        return writeFixed(v, decimals: p, to: out)
    }

    /// Swift's shortest round-trip `description` of `v` (at most 24 bytes).
    @inline(never)
    static func writeDescription(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        for u in String(v).utf8 where i < maxLength { out[i] = u; i += 1 }
        return i
    }

    /// The `count` low decimal digits of `n` (most significant first) ending just before `end`.
    @inline(__always)
    static func writeDigits(_ n: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>, pairs: UnsafePointer<UInt8>) {
        var n = n
        var p = end
        var left = count
        while left >= 2 {
            let r = Int(truncatingIfNeeded: n % 100)
            n /= 100
            p -= 2
            p[0] = pairs[2 * r]
            p[1] = pairs[2 * r + 1]
            left -= 2
        }
        if left == 1 { (p - 1).pointee = UInt8(truncatingIfNeeded: n % 10) &+ 0x30 }
    }

    /// ``appendSignificant(_:digits:to:)`` as a `String` (empty for a non-finite `v`).
    public static func significant(_ v: Double, digits: Int) -> String {
        var b: [UInt8] = []
        b.reserveCapacity(24)
        appendSignificant(v, digits: digits, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// Constant tables in memory that is never freed (plain pointers: no reference counting
    /// on the hot paths).
    struct Tables: @unchecked Sendable {
        /// 10^0 … 10^308 as the nearest doubles (the C library's correctly rounded `strtod`;
        /// exact through 10^22, the same products as repeated `*= 10`).
        let pow10: UnsafePointer<Double>
        /// 10^0 … 10^19.
        let pow10u: UnsafePointer<UInt64>
        /// "00", "01", … "99".
        let pairs: UnsafePointer<UInt8>
    }

    static let tables: Tables = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 309)
        for i in 0...308 { p[i] = strtod("1e\(i)", nil) }
        let u = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
        var x: UInt64 = 1
        for i in 0..<20 { u[i] = x; if i < 19 { x *= 10 } }
        let d = UnsafeMutablePointer<UInt8>.allocate(capacity: 200)
        for i in 0..<100 {
            d[2 * i] = UInt8(i / 10) + 0x30
            d[2 * i + 1] = UInt8(i % 10) + 0x30
        }
        return Tables(pow10: UnsafePointer(p), pow10u: UnsafePointer(u), pairs: UnsafePointer(d))
    }()
}
