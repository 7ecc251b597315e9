// SPDX-License-Identifier: GPL-3.0-or-later
// An open-addressing table from byte strings (client ids) to dense indices, without Strings.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps byte strings to 0, 1, 2, … in order of first insertion. Keys live in one byte arena;
/// slots hold index and hash (FNV-1a, 64-bit, with the MurmurHash3 finalizer) with linear probing, so a lookup costs a hash of
/// a few bytes and usually one comparison: much cheaper than `Dictionary<String, _>`, which
/// would build and hash a `String` per new client.
///
/// Files are often sorted by client. While every new key is greater than the previous one,
/// keys are only appended (a new key cannot have been seen) and no slot is touched, which
/// saves a cache miss per client; the first key out of order builds the hash table.
struct ByteKeyTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var mask = 0
    private let initialCapacity: Int
    /// Keys so far are in strictly increasing byte order and the slots are not built.
    private(set) var sortedMode = true
    var count: Int { starts.count - 1 }

    init(capacity: Int = 1024) {
        initialCapacity = capacity
    }

    /// Byte-wise comparison of key `i` with `k`: negative, zero or positive.
    @inline(__always)
    private func compare(_ i: Int, _ k: UnsafeBufferPointer<UInt8>) -> Int {
        let s = starts[i], e = starts[i + 1]
        let n = min(e - s, k.count)
        let c = n == 0 ? 0 : arena.withUnsafeBufferPointer { a in Int(memcmp(a.baseAddress! + s, k.baseAddress!, n)) }
        return c != 0 ? c : (e - s) - k.count
    }

    /// Leaves sorted mode: hashes every key into the slots.
    private mutating func buildSlots() {
        sortedMode = false
        var c = 1024
        while c < max(initialCapacity, count) * 2 { c <<= 1 }
        slots = [Int32](repeating: -1, count: c)
        hashes = [UInt64](repeating: 0, count: c)
        mask = c - 1
        arena.withUnsafeBufferPointer { a in
            for i in 0..<count {
                let k = UnsafeBufferPointer(rebasing: a[starts[i]..<starts[i + 1]])
                let h = Self.hash(k)
                var s = Int(truncatingIfNeeded: h) & mask
                while slots[s] >= 0 { s = (s + 1) & mask }
                slots[s] = Int32(i)
                hashes[s] = h
            }
        }
    }

    @inline(__always)
    static func hash(_ k: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in k { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        // MurmurHash3 fmix64 finalizer: spreads sequential ids over the low bits.
        h ^= h >> 33; h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h = h &* 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }

    /// The key of index `i`.
    func key(_ i: Int) -> ArraySlice<UInt8> { arena[starts[i]..<starts[i + 1]] }

    @inline(__always)
    private func equal(_ i: Int, _ k: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[i], e = starts[i + 1]
        guard e - s == k.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            k.count == 0 || memcmp(a.baseAddress! + s, k.baseAddress!, k.count) == 0
        }
    }

    /// The index of `k`, or `nil`.
    func find(_ k: UnsafeBufferPointer<UInt8>) -> Int? {
        if sortedMode {
            // Binary search over the sorted keys; a key beyond the last is absent at once.
            guard count > 0, compare(count - 1, k) >= 0 else { return nil }
            var lo = 0, hi = count - 1
            while lo <= hi {
                let mid = (lo + hi) / 2
                let c = compare(mid, k)
                if c == 0 { return mid }
                if c < 0 { lo = mid + 1 } else { hi = mid - 1 }
            }
            return nil
        }
        let h = Self.hash(k)
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 {
            if hashes[s] == h, equal(Int(slots[s]), k) { return Int(slots[s]) }
            s = (s + 1) & mask
        }
        return nil
    }

    /// The index of `k`, inserting it when new.
    @inline(__always)
    mutating func intern(_ k: UnsafeBufferPointer<UInt8>) -> Int32 {
        if sortedMode {
            let c = count == 0 ? -1 : compare(count - 1, k)
            if c < 0 {
                arena.append(contentsOf: k)
                starts.append(arena.count)
                return Int32(count - 1)
            }
            if c == 0 { return Int32(count - 1) }
            buildSlots()
        }
        let h = Self.hash(k)
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 {
            if hashes[s] == h, equal(Int(slots[s]), k) { return slots[s] }
            s = (s + 1) & mask
        }
        let i = Int32(count)
        arena.append(contentsOf: k)
        starts.append(arena.count)
        slots[s] = i
        hashes[s] = h
        if count * 2 > slots.count { grow() }
        return i
    }

    private mutating func grow() {
        let c = slots.count * 2
        var ns = [Int32](repeating: -1, count: c), nh = [UInt64](repeating: 0, count: c)
        let m = c - 1
        for j in slots.indices where slots[j] >= 0 {
            var s = Int(truncatingIfNeeded: hashes[j]) & m
            while ns[s] >= 0 { s = (s + 1) & m }
            ns[s] = slots[j]
            nh[s] = hashes[j]
        }
        slots = ns
        hashes = nh
        mask = m
    }
}
