// SPDX-License-Identifier: GPL-3.0-or-later
// Degenerate inputs must throw typed errors before GSL sees them (GSL itself would
// return success with NaN, or abort with its default handler).
import Testing
@testable import HeadwayStats

@Test func lineFitRejectsDegenerateInput() {
    #expect(throws: StatsError.tooFewPoints(needed: 2, got: 1)) { try fitLine(x: [1], y: [2]) }
    #expect(throws: StatsError.tooFewPoints(needed: 2, got: 0)) { try fitLine(x: [], y: []) }
    #expect(throws: StatsError.lengthMismatch) { try fitLine(x: [1, 2, 3], y: [1, 2]) }
    #expect(throws: StatsError.constantPredictor) { try fitLine(x: [4, 4, 4], y: [1, 2, 3]) }
    #expect(throws: StatsError.nonFinite("x")) { try fitLine(x: [1, .nan, 3], y: [1, 2, 3]) }
    #expect(throws: StatsError.nonFinite("y")) { try fitLine(x: [1, 2, 3], y: [1, .infinity, 3]) }
    // Finite input whose result overflows is reported, never returned as infinity.
    #expect(throws: StatsError.self) { try fitLine(x: [0, 1, 2], y: [0, 1e300, -1e300]) }
}

@Test func weightedLineRejectsDegenerateInput() {
    #expect(throws: StatsError.lengthMismatch) { try fitWeightedLine(x: [1, 2, 3], y: [1, 2, 3], weights: [1, 1]) }
    #expect(throws: StatsError.self) { try fitWeightedLine(x: [1, 2, 3], y: [1, 2, 3], weights: [1, 0, 1]) }
    #expect(throws: StatsError.self) { try fitWeightedLine(x: [1, 2, 3], y: [1, 2, 3], weights: [1, -1, 1]) }
    #expect(throws: StatsError.nonFinite("weights")) {
        try fitWeightedLine(x: [1, 2, 3], y: [1, 2, 3], weights: [1, .nan, 1])
    }
    #expect(throws: StatsError.constantPredictor) { try fitWeightedLine(x: [1, 1], y: [1, 2], weights: [1, 1]) }
}

@Test func linearModelRejectsDegenerateInput() {
    let rows: [[Double]] = [[1, 1, 2], [1, 2, 4], [1, 3, 6], [1, 4, 8], [1, 5, 10]]   // x2 = 2 x1
    #expect(throws: StatsError.singularDesign) { try fitLinearModel(design: rows, y: [1, 2, 3, 4, 6]) }
    let zeroColumn: [[Double]] = [[1, 0], [1, 0], [1, 0], [1, 0]]
    #expect(throws: StatsError.singularDesign) { try fitLinearModel(design: zeroColumn, y: [1, 2, 3, 4]) }
    #expect(throws: StatsError.tooFewPoints(needed: 3, got: 2)) {
        try fitLinearModel(design: [[1, 0], [1, 1]], y: [1, 2])
    }
    #expect(throws: StatsError.lengthMismatch) { try fitLinearModel(design: [[1, 0], [1, 1], [1]], y: [1, 2, 3]) }
    #expect(throws: StatsError.lengthMismatch) { try fitLinearModel(design: [[1, 0], [1, 1], [1, 2]], y: [1, 2]) }
    #expect(throws: StatsError.nonFinite("design")) {
        try fitLinearModel(design: [[1, 0], [1, .nan], [1, 2]], y: [1, 2, 3])
    }
    #expect(throws: StatsError.lengthMismatch) {
        try fitLinearModel(design: [[1, 0], [1, 1], [1, 2]], y: [1, 2, 3], weights: [1, 1])
    }
    #expect(throws: StatsError.tooFewPoints(needed: 1, got: 0)) { try fitLinearModel(design: [], y: []) }
}

@Test func errorsDescribeThemselves() {
    #expect(StatsError.tooFewPoints(needed: 3, got: 1).description.contains("needed at least 3"))
    let gsl = GSLError(code: 11, function: "gsl_multifit_robust")   // GSL_EMAXITER
    #expect(gsl.reason == "exceeded max number of iterations")
    #expect(gsl.description.contains("gsl_multifit_robust"))
}
