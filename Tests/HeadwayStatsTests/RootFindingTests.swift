// SPDX-License-Identifier: GPL-3.0-or-later
// findRootBrent. The fixed point of cos, x = cos x, is the Dottie number
// 0.739085133215160641655... (OEIS A003957).
import Foundation
import Testing
@testable import HeadwayStats

@Test func brentFindsDottieNumber() throws {
    let root = try findRootBrent(lower: 0, upper: 1) { cos($0) - $0 }
    #expect(close(root, 0.739085133215161, abs: 1e-12))
}

@Test func brentFindsSquareRootOfTwo() throws {
    var calls = 0
    let root = try findRootBrent(lower: 0, upper: 2) { calls += 1; return $0 * $0 - 2 }
    #expect(close(root, 2.0.squareRoot(), abs: 1e-12))
    #expect(calls > 2 && calls < 100)
}

@Test func brentReturnsExactEndpointRoot() throws {
    #expect(try findRootBrent(lower: 1, upper: 3) { $0 - 1 } == 1)
}

@Test func brentRejectsBadBrackets() {
    #expect(throws: StatsError.noSignChange(lower: 2, upper: 3)) {
        try findRootBrent(lower: 2, upper: 3) { $0 * $0 + 1 }
    }
    #expect(throws: StatsError.self) { try findRootBrent(lower: 3, upper: 2) { $0 } }
    #expect(throws: StatsError.nonFinite("bracket")) { try findRootBrent(lower: -.infinity, upper: 2) { $0 } }
    #expect(throws: StatsError.noConvergence(iterations: 2)) {
        try findRootBrent(lower: 0, upper: 1, maxIterations: 2) { cos($0) - $0 }
    }
    // A function that is NaN inside the bracket is reported, not propagated.
    #expect(throws: StatsError.self) {
        try findRootBrent(lower: -1, upper: 2) { x in x > 0.1 && x < 1.9 ? .nan : x - 0.5 }
    }
}
