// Small, fast, deterministic pseudo-random numbers for the practice simulator.
// SplitMix64 expands seeds; xoshiro256** (Blackman & Vigna) produces the draws.
// SPDX-License-Identifier: GPL-3.0-or-later

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// SplitMix64: used to expand a 64-bit seed into well-mixed generator state.
public struct SplitMix64: Sendable {
    public var state: UInt64

    @inlinable public init(state: UInt64) { self.state = state }

    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

/// xoshiro256**: a 256-bit-state generator with uniform, integer and normal draws.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// Second normal variate of the last Marsaglia polar pair, if not yet used.
    @usableFromInline var spare: Double = 0
    @usableFromInline var hasSpare = false

    /// Seeds the state from one 64-bit value through SplitMix64.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // never the all-zero state
    }

    /// An independent stream for item `index` (e.g. a client) of a run seeded with `seed`.
    /// The stream depends only on (seed, index), never on the order of generation.
    public init(seed: UInt64, stream index: UInt64) {
        var mix = SplitMix64(state: index ^ 0x6A09_E667_F3BC_C909)
        self.init(seed: seed ^ mix.next())
    }

    @inlinable public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 &<< 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [a, b).
    @inlinable public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * uniform()
    }

    /// Uniform integer in 0..<n (n > 0), by Lemire's multiply-shift (bias < n / 2^64, negligible here).
    @inlinable public mutating func below(_ n: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform integer in the closed range.
    @inlinable public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability p.
    @inlinable public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal variate (Marsaglia polar method; the second variate of each pair is kept).
    @inlinable public mutating func normal() -> Double {
        if hasSpare { hasSpare = false; return spare }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spare = v * f
                hasSpare = true
                return u * f
            }
        }
    }

    /// Normal variate with the given mean and standard deviation.
    @inlinable public mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * normal()
    }
}

@inlinable @inline(__always)
func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }
