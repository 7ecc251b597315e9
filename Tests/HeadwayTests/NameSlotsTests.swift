// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import Headway

/// `NameSlots` (the measures of a per-episode loop numbered by first appearance) against a
/// dictionary built the obvious way, below and beyond the linear-search limit.
@Suite struct NameSlotsTests {
    @Test(arguments: [3, NameSlots.linearLimit, NameSlots.linearLimit + 1, 200])
    func slotsAreFirstAppearanceNumbers(distinct: Int) {
        var slots = NameSlots()
        var expected: [String: Int] = [:], order: [String] = []
        var x: UInt64 = 12345
        for _ in 0..<5_000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let name = "M\((x >> 33) % UInt64(distinct))"
            if expected[name] == nil { expected[name] = order.count; order.append(name) }
            // Runs of one name (as in files) and alternation both occur.
            for _ in 0..<Int((x >> 20) % 3) { #expect(slots.slot(name) == expected[name]) }
            #expect(slots.slot(name) == expected[name])
        }
        #expect(slots.names == order)
    }
}
