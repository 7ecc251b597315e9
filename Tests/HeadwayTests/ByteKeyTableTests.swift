import Testing
@testable import Headway

/// The client-id table must give the same dense indices as a dictionary, whether the ids
/// arrive sorted (no hashing), unsorted, or sorted at first and then out of order.
@Suite struct ByteKeyTableTests {
    func check(_ keys: [String]) {
        var table = ByteKeyTable(capacity: 4)
        var reference: [String: Int32] = [:]
        for k in keys {
            let expected = reference[k] ?? Int32(reference.count)
            reference[k] = expected
            let got = Array(k.utf8).withUnsafeBufferPointer { table.intern($0) }
            #expect(got == expected, "\(k)")
        }
        #expect(table.count == reference.count)
        for (k, i) in reference {
            #expect(Array(k.utf8).withUnsafeBufferPointer { table.find($0) } == Int(i))
            #expect(String(decoding: table.key(Int(i)), as: UTF8.self) == k)
        }
        for absent in ["", "ZZZ", "C0000005x", "B"] where reference[absent] == nil {
            #expect(Array(absent.utf8).withUnsafeBufferPointer { table.find($0) } == nil, "\(absent)")
        }
    }

    @Test func sortedKeysStayInSortedMode() {
        let keys = (1...3000).flatMap { ["C\(String(format: "%07d", $0))", "C\(String(format: "%07d", $0))"] }
        var table = ByteKeyTable()
        for k in keys { _ = Array(k.utf8).withUnsafeBufferPointer { table.intern($0) } }
        #expect(table.sortedMode)
        check(keys)
    }

    @Test func unsortedAndMixedOrders() {
        var rng = SystemRandomNumberGenerator()
        let base = (1...2000).map { "C\($0)" }          // not zero-padded: "C10" < "C9"
        check(base)
        check(base.shuffled(using: &rng) + base.shuffled(using: &rng))
        check(["a", "b", "c", "b", "a", "d", "e", "ab", "a"])
        var table = ByteKeyTable()
        for k in ["a", "b", "a"] { _ = Array(k.utf8).withUnsafeBufferPointer { table.intern($0) } }
        #expect(!table.sortedMode)
    }
}
