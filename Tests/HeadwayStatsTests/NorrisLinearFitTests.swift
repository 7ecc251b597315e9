// SPDX-License-Identifier: GPL-3.0-or-later
// fitLine against the NIST StRD "Norris" certified values
// (https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml), relative tolerance 1e-9.
import Testing
@testable import HeadwayStats

@Test func norrisHasThirtySixObservations() {
    #expect(Norris.pairs.count == 36)
}

@Test func norrisCertifiedValues() throws {
    let fit = try fitLine(x: Norris.x, y: Norris.y)
    #expect(fit.n == 36)
    #expect(fit.degreesOfFreedom == 34)
    #expect(close(fit.intercept, Norris.b0, rel: 1e-9))
    #expect(close(fit.interceptSE, Norris.b0SD, rel: 1e-9))
    #expect(close(fit.slope, Norris.b1, rel: 1e-9))
    #expect(close(fit.slopeSE, Norris.b1SD, rel: 1e-9))
    #expect(close(fit.residualSD, Norris.residualSD, rel: 1e-9))
    #expect(close(fit.rSquared, Norris.rSquared, rel: 1e-9))
    // Certified residual sum of squares 26.6173985294224.
    #expect(close(fit.sumSquaredResiduals, 26.6173985294224, rel: 1e-9))
    #expect(close(fit.predict(100), Norris.b0 + 100 * Norris.b1, rel: 1e-9))
}

@Test func norrisSlopeInference() throws {
    let fit = try fitLine(x: Norris.x, y: Norris.y)
    // slope ± t(0.975, 34) · SE; t(0.975, 34) = 2.032244509317718 (scipy.stats.t.ppf(0.975, 34)).
    let ci = try fit.slopeConfidenceInterval()
    #expect(close(ci.lower, Norris.b1 - 2.032244509317718 * Norris.b1SD, rel: 1e-9))
    #expect(close(ci.upper, Norris.b1 + 2.032244509317718 * Norris.b1SD, rel: 1e-9))
    // t = b1/SE = 2331.6058; scipy: 2*stats.t.sf(1.00211681802045/0.429796848199937e-3, 34)
    // = 4.654040852473124e-90 (a bare `p < 1e-12` would also accept 0 or a wrong tail).
    let p = try fit.slopePValue()
    #expect(close(p, 4.654040852473124e-90, rel: 1e-6), "\(p)")
}

@Test func linearModelOnNorrisEqualsFitLine() throws {
    let line = try fitLine(x: Norris.x, y: Norris.y)
    let model = try fitLinearModel(design: Norris.x.map { [1, $0] }, y: Norris.y)
    #expect(model.p == 2 && model.degreesOfFreedom == 34)
    #expect(close(model.coefficients[0], line.intercept, rel: 1e-9))
    #expect(close(model.coefficients[1], line.slope, rel: 1e-9))
    #expect(close(model.standardErrors[0], line.interceptSE, rel: 1e-9))
    #expect(close(model.standardErrors[1], line.slopeSE, rel: 1e-9))
    #expect(close(model.covariance[0][1], line.cov01, rel: 1e-9))
    #expect(close(model.residualSD, Norris.residualSD, rel: 1e-9))
    #expect(close(model.rSquared, Norris.rSquared, rel: 1e-9))
    #expect(close(model.predict([1, 100]), line.predict(100), rel: 1e-9))
}

@Test func twoPointLineHasNoInference() throws {
    let fit = try fitLine(x: [0, 2], y: [1, 5])
    #expect(fit.slope == 2 && fit.intercept == 1)
    #expect(fit.residualSD == 0 && fit.slopeSE == 0 && fit.rSquared == 1)
    #expect(throws: StatsError.tooFewPoints(needed: 3, got: 2)) { try fit.slopePValue() }
    #expect(throws: StatsError.tooFewPoints(needed: 3, got: 2)) { try fit.slopeConfidenceInterval() }
}

@Test func constantResponseHasZeroRSquared() throws {
    let fit = try fitLine(x: [1, 2, 3, 4], y: [5, 5, 5, 5])
    #expect(fit.slope == 0 && fit.intercept == 5 && fit.rSquared == 0)
    #expect(try fit.slopePValue() == 1)
}

/// `lineSlope` (the Reliable Trend Index's slope-only call) against the NIST certified slope, and
/// bit for bit the slope `fitLine` gives (the same `gsl_fit_linear` call) on random series.
@Test func lineSlopeIsFitLinesSlope() throws {
    let slope = try Norris.x.withUnsafeBufferPointer { x in try Norris.y.withUnsafeBufferPointer { try lineSlope(x: x, y: $0) } }
    #expect(close(slope, Norris.b1, rel: 1e-9))
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    for n in 2...40 {
        let x = (1...n).map(Double.init), y = (0..<n).map { _ in (next() * 27).rounded() }
        let expected = try fitLine(x: x, y: y).slope
        let got = try x.withUnsafeBufferPointer { xb in try y.withUnsafeBufferPointer { try lineSlope(x: xb, y: $0) } }
        #expect(got.bitPattern == expected.bitPattern, "n \(n)")
    }
    let constant: [Double] = [3, 3, 3], y: [Double] = [1, 2, 3]
    #expect(throws: StatsError.self) { try constant.withUnsafeBufferPointer { c in try y.withUnsafeBufferPointer { try lineSlope(x: c, y: $0) } } }
    let bad: [Double] = [1, .nan, 3]
    #expect(throws: StatsError.self) { try y.withUnsafeBufferPointer { c in try bad.withUnsafeBufferPointer { try lineSlope(x: c, y: $0) } } }
}
