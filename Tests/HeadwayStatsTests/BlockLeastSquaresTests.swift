// SPDX-License-Identifier: GPL-3.0-or-later
// BlockLeastSquares (least squares by blocks of rows, QR updated per block) against the NIST StRD
// certified values: Longley (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml,
// "higher difficulty", 7 coefficients) and Norris (https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml,
// certified B0 = -0.262323073774029, B1 = 1.00211681802045), whatever the blocks and their merge order.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import HeadwayStats


private func state(_ rows: ArraySlice<[Double]>, _ y: ArraySlice<Double>, columns p: Int) throws -> BlockLeastSquares {
    var s = try BlockLeastSquares(columns: p)
    let flat = rows.flatMap { $0 }, ys = Array(y)
    try flat.withUnsafeBufferPointer { d in try ys.withUnsafeBufferPointer { try s.add(design: d, y: $0) } }
    return s
}

@Test(arguments: [1, 3, 5, 16])
func blockLeastSquaresLongleyCertified(blockSize: Int) throws {
    let x = Longley.design, y = Longley.y
    var whole = try BlockLeastSquares(columns: 7)
    for start in stride(from: 0, to: 16, by: blockSize) {
        let end = min(16, start + blockSize)
        try whole.merge(state(x[start..<end], y[start..<end], columns: 7))
    }
    #expect(whole.rows == 16)
    let c = try whole.solve()
    // GSL's balanced SVD of the whole design reaches the certified digits to about 1e-9
    // (LongleyLinearModelTests); the blocked QR is held to the same 1e-8.
    for j in 0..<7 { #expect(close(c[j], Longley.coefficients[j], rel: 1e-8), "B\(j), blocks of \(blockSize)") }
}

@Test func blockLeastSquaresAddAndMergeAgree() throws {
    // Rows added one block after another into one state, and two halves merged in either order.
    let x = Longley.design, y = Longley.y
    var added = try BlockLeastSquares(columns: 7)
    for start in stride(from: 0, to: 16, by: 4) {
        let flat = x[start..<start + 4].flatMap { $0 }, ys = Array(y[start..<start + 4])
        try flat.withUnsafeBufferPointer { d in try ys.withUnsafeBufferPointer { try added.add(design: d, y: $0) } }
    }
    var ab = try state(x[0..<9], y[0..<9], columns: 7), ba = try state(x[9..<16], y[9..<16], columns: 7)
    try ab.merge(state(x[9..<16], y[9..<16], columns: 7))
    try ba.merge(state(x[0..<9], y[0..<9], columns: 7))
    for s in [added, ab, ba] {
        let c = try s.solve()
        for j in 0..<7 { #expect(close(c[j], Longley.coefficients[j], rel: 1e-8)) }
    }
}

@Test func blockLeastSquaresNorrisCertified() throws {
    let x = Norris.x, y = Norris.y
    var s = try BlockLeastSquares(columns: 2)
    for start in stride(from: 0, to: x.count, by: 7) {
        let end = min(x.count, start + 7)
        try s.merge(state(x[start..<end].map { [1, $0] }[...], y[start..<end], columns: 2))
    }
    let c = try s.solve()
    #expect(close(c[0], -0.262323073774029, rel: 1e-9))
    #expect(close(c[1], 1.00211681802045, rel: 1e-9))
}

@Test func blockLeastSquaresRejectsSingularAndShortDesigns() throws {
    // Two equal columns: rank 1 < 2.
    let rows: [[Double]] = [[1, 1], [2, 2], [3, 3], [4, 4]]
    let s = try state(rows[...], [1, 2, 3, 5][...], columns: 2)
    #expect(throws: StatsError.singularDesign) { try s.solve() }
    // p rows or fewer: no residual degrees of freedom (as fitLinearModel).
    let short = try state([[1, 0], [1, 1]][...], [1, 2][...], columns: 2)
    #expect(throws: StatsError.tooFewPoints(needed: 3, got: 2)) { try short.solve() }
    // Non-finite input and a ragged block are errors, not silent results.
    var t = try BlockLeastSquares(columns: 2)
    let bad: [Double] = [1, .nan], one: [Double] = [1]
    #expect(throws: StatsError.self) {
        try bad.withUnsafeBufferPointer { d in try one.withUnsafeBufferPointer { try t.add(design: d, y: $0) } }
    }
    let ragged: [Double] = [1, 2, 3]
    #expect(throws: StatsError.lengthMismatch) {
        try ragged.withUnsafeBufferPointer { d in try one.withUnsafeBufferPointer { try t.add(design: d, y: $0) } }
    }
    #expect(throws: StatsError.self) { _ = try BlockLeastSquares(columns: 0) }
}

@Test func blockLeastSquaresMatchesWholeDesignFit() throws {
    // An independent path: gsl_multifit_linear on the whole design (fitLinearModel) against the
    // blocked QR, on a recovery-curve-like design [1, x0, ln t, x0·ln t] of 20,000 rows.
    var design: [[Double]] = [], y: [Double] = []
    for i in 0..<20_000 {
        // Deterministic, scattered values: intake 0–27, session 1–12, noise in [-2, 2).
        let x0 = Double((i * 13) % 28), t = Double(1 + (i * 7) % 12), l = log(t)
        design.append([1, x0, l, x0 * l])
        y.append(2 + 0.8 * x0 - 1.5 * l - 0.1 * x0 * l + Double((i * 7919) % 1000) / 250 - 2)
    }
    let whole = try fitLinearModel(design: design, y: y)
    var s = try BlockLeastSquares(columns: 4)
    for start in stride(from: 0, to: 20_000, by: 2048) {
        let end = min(20_000, start + 2048)
        try s.merge(state(design[start..<end], y[start..<end], columns: 4))
    }
    let c = try s.solve()
    for j in 0..<4 { #expect(close(c[j], whole.coefficients[j], rel: 1e-12), "β\(j)") }
}

@Test func blockLeastSquaresMatchesExactSolutionOfAMillionRows() throws {
    // The exact least-squares solution of this design (rational arithmetic on the doubles' exact
    // values), printed by Benchmarks/exact_least_squares.py, which states the same design.
    let exact = [35.030673869172858, -0.99996766781438606, -9.0258408823941139, -3.2445216603135207e-05]
    let n = 1_000_000, block = 2048
    var s = try BlockLeastSquares(columns: 4)
    var design: [Double] = [], y: [Double] = []
    design.reserveCapacity(4 * block); y.reserveCapacity(block)
    for start in stride(from: 0, to: n, by: block) {
        design.removeAll(keepingCapacity: true); y.removeAll(keepingCapacity: true)
        for i in start..<min(n, start + block) {
            let x0 = i % 28, t = 1 + (i / 28) % 12, l = log(Double(t))
            design += [1, Double(x0), l, Double(x0) * l]
            y.append(Double(30 - x0 - 2 * t + ((i * 7919) % 1009) % 7))
        }
        var part = try BlockLeastSquares(columns: 4)
        try design.withUnsafeBufferPointer { d in try y.withUnsafeBufferPointer { try part.add(design: d, y: $0) } }
        try s.merge(part)
    }
    #expect(s.rows == n)
    let c = try s.solve()
    // Within 1e-12 of the largest coefficient (β3 is tiny, so no relative bound on it alone).
    for j in 0..<4 { #expect(close(c[j], exact[j], abs: 1e-12 * 35.03), "β\(j): \(c[j]) vs exact \(exact[j])") }
}
