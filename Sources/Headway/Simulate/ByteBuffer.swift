// A reusable output buffer with hand-written integer and date formatting, flushed to a byte sink.
// SPDX-License-Identifier: GPL-3.0-or-later

/// Receives one chunk of UTF-8 bytes (valid only for the duration of the call).
typealias ByteSink = (UnsafeRawBufferPointer) throws -> Void

/// A fixed-capacity byte buffer (default 1 MiB) that is emptied into a sink when nearly full.
/// Callers reserve room for a whole row with `reserve(_:flushingTo:)`, then append without checks.
struct ByteBuffer: ~Copyable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 4096)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Hands the buffered bytes to `sink` and empties the buffer.
    mutating func flush(to sink: ByteSink) throws {
        if count > 0 {
            let n = count
            count = 0
            try sink(UnsafeRawBufferPointer(start: base, count: n))
        }
    }

    /// Makes sure `n` more bytes fit, flushing first if needed.
    @inline(__always)
    mutating func reserve(_ n: Int, flushingTo sink: ByteSink) throws {
        if count &+ n > capacity { try flush(to: sink) }
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        base[count] = b
        count &+= 1
    }

    @inline(__always) mutating func bytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        (base + count).update(from: p, count: n)
        count &+= n
    }

    @inline(__always) mutating func bytes(_ a: [UInt8]) {
        a.withUnsafeBufferPointer { bytes($0.baseAddress!, $0.count) }
    }

    /// A non-negative or negative integer in decimal.
    @inline(__always) mutating func int(_ v: Int) {
        count &+= ByteFormat.writeInt(v, to: base + count)
    }

    /// `YYYY-MM-DD` for a day count since 1970-01-01.
    @inline(__always) mutating func date(days: Int) {
        CivilDate.writeISO(days: days, to: base + count)
        count &+= 10
    }
}

/// Integer formatting straight into memory.
enum ByteFormat {
    /// Writes `v` in decimal at `p`; returns the number of bytes written (at most 20).
    @inline(__always)
    static func writeInt(_ v: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if v >= 0 && v < 10 {
            p[0] = 48 &+ UInt8(truncatingIfNeeded: v)
            return 1
        }
        if v >= 10 && v < 100 {
            p[0] = 48 &+ UInt8(truncatingIfNeeded: v / 10)
            p[1] = 48 &+ UInt8(truncatingIfNeeded: v % 10)
            return 2
        }
        var n = 0
        var m = v.magnitude
        if v < 0 { p[0] = 45; n = 1 }
        let start = n
        repeat {
            p[n] = 48 &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
            n &+= 1
        } while m > 0
        // Reverse the digits in place.
        var i = start, j = n - 1
        while i < j { let t = p[i]; p[i] = p[j]; p[j] = t; i &+= 1; j &-= 1 }
        return n
    }

    /// `prefix` followed by `v` zero-padded to at least `width` digits (v >= 0), as bytes.
    static func padded(_ prefix: UInt8, _ v: Int, width: Int) -> [UInt8] {
        var digits: [UInt8] = []
        var m = v
        repeat { digits.append(48 &+ UInt8(truncatingIfNeeded: m % 10)); m /= 10 } while m > 0
        while digits.count < width { digits.append(48) }
        return [prefix] + digits.reversed()
    }

    /// A CSV field per RFC 4180: quoted (with doubled quotes) when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> [UInt8] {
        let raw = Array(s.utf8)
        guard raw.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return raw }
        var out: [UInt8] = [34]
        for b in raw {
            out.append(b)
            if b == 34 { out.append(34) }
        }
        out.append(34)
        return out
    }
}
