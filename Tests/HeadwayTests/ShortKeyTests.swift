import Testing
@testable import Headway
import HeadwayCSV

/// ``ShortKey`` (how the row parser compares measure spellings and finds dates in its
/// ``DateCache``) must be equal exactly when the bytes are, whatever their length up to 16.
@Suite struct ShortKeyTests {
    func key(_ b: [UInt8]) -> ShortKey? { b.withUnsafeBufferPointer { ShortKey($0) } }

    @Test func equalKeysAreEqualBytes() {
        var rng = SystemRandomNumberGenerator()
        // Small alphabets (with zero bytes) make equal and near-equal strings common.
        for _ in 0..<20_000 {
            let n1 = Int.random(in: 0...18, using: &rng), n2 = Bool.random(using: &rng) ? n1 : Int.random(in: 0...18, using: &rng)
            let a = (0..<n1).map { _ in [UInt8(0), 0x30, 0x31, 0xFF][Int.random(in: 0..<4, using: &rng)] }
            var b = (0..<n2).map { _ in [UInt8(0), 0x30, 0x31, 0xFF][Int.random(in: 0..<4, using: &rng)] }
            if Bool.random(using: &rng), n1 == n2 { b = a }
            let ka = key(a), kb = key(b)
            #expect((ka == nil) == (a.count > 16))
            if let ka, let kb { #expect((ka == kb) == (a == b), "\(a) \(b)") }
        }
    }

    /// A key is taken from the field's own bytes only: the same bytes inside longer buffers
    /// (different neighbours) give the same key.
    @Test func keyIgnoresNeighbouringBytes() {
        for n in 0...16 {
            let field = (0..<n).map { UInt8(0x41 + $0) }
            let a = ([0x00, 0x00] + field + [0x00, 0x00]).withUnsafeBufferPointer { ShortKey(UnsafeBufferPointer(rebasing: $0[2..<(2 + n)])) }
            let b = ([0xFF] + field + [0xFF, 0xFF, 0xFF]).withUnsafeBufferPointer { ShortKey(UnsafeBufferPointer(rebasing: $0[1..<(1 + n)])) }
            #expect(a == b)
        }
    }

    /// The cache returns the day stored for exactly these bytes, or nothing.
    @Test func dateCacheHitsOnlyItsOwnBytes() {
        var cache = DateCache()
        var stored: [[UInt8]: Int] = [:]
        for d in 0..<3000 {
            let text = Array(CivilCalendar.isoString(days: 18000 + d).utf8)
            cache.insert(key(text)!, day: 18000 + d)
            stored[text] = 18000 + d
        }
        for d in -50..<3050 {
            let text = Array(CivilCalendar.isoString(days: 18000 + d).utf8)
            if let hit = cache.day(key(text)!) { #expect(stored[text] == hit, "\(d)") }
        }
    }
}
