import Testing
@testable import Headway

/// T-score checks (Kiresuk & Sherman 1968; Turner-Stokes 2009 erratum formula):
/// T = 50 + 10·Σwx / √((1−ρ)Σw² + ρ(Σw)²). Expected values by hand and with Python:
///   import math; f=lambda x,w,r=.3: 50+10*sum(a*b for a,b in zip(w,x))/math.sqrt((1-r)*sum(a*a for a in w)+r*sum(w)**2)
@Suite struct GASScoreTests {
    @Test func sixWeightedGoalsGiveExactly55() throws {
        // Σwx = 7, Σw² = 91, Σw = 21: 0.7·91 + 0.3·441 = 196 = 14², T = 50 + 70/14 = 55.
        let t = try GASScore.tScore(levels: [-2, 0, -1, 2, 0, 1], weights: [3, 5, 1, 4, 2, 6])
        #expect(t == 55.0)
    }

    @Test func twoGoalsWeightedByImportanceTimesDifficulty() throws {
        // w = 3 × 2 = 6 each; 50 + 60/√93.6 (f([1,0],[6,6]) = 56.20173672946042).
        let w = GASScore.weight(importance: 3, difficulty: 2, weight: nil)
        #expect(w == 6)
        let t = try GASScore.tScore(levels: [1, 0], weights: [w, w])
        #expect(abs(t - 56.20173672946042) < 1e-12)
        #expect(abs(t - (50 + 60 / 93.6.squareRoot())) < 1e-12)
    }

    @Test func twoUnweightedGoals() throws {
        // f([1,1],[1,1]) = 62.40347345892084; with ρ = 0: 50 + 20/√2 = 64.14213562373095.
        #expect(abs(try GASScore.tScore(levels: [1, 1]) - 62.40347345892084) < 1e-12)
        #expect(abs(try GASScore.tScore(levels: [1, 1], rho: 0) - 64.14213562373095) < 1e-12)
    }

    @Test func oneGoalAndAllExpected() throws {
        #expect(abs(try GASScore.tScore(levels: [1]) - 60) < 1e-12)
        #expect(abs(try GASScore.tScore(levels: [-1]) - 40) < 1e-12)
        for n in 1...12 {
            #expect(try GASScore.tScore(levels: Array(repeating: 0, count: n)) == 50)
            #expect(try GASScore.tScore(levels: Array(repeating: 0, count: n), weights: (1...n).map(Double.init), rho: 0.5) == 50)
        }
    }

    @Test func zeroWeightGoalsAreTheSameAsAbsentGoals() throws {
        let with = try GASScore.tScore(levels: [1, -2, 0], weights: [6, 0, 2])
        let without = try GASScore.tScore(levels: [1, 0], weights: [6, 2])
        #expect(with == without)
        #expect(GASScore.weight(importance: 0, difficulty: 3, weight: 5) == 0)
        #expect(GASScore.weight(importance: nil, difficulty: nil, weight: 2.5) == 2.5)
        #expect(GASScore.weight(importance: nil, difficulty: nil, weight: nil) == 1)
        #expect(throws: GoalError.noScorableGoals) { try GASScore.tScore(levels: [1, 2], weights: [0, 0]) }
        #expect(throws: GoalError.noScorableGoals) { try GASScore.tScore(levels: [Int]()) }
    }

    @Test func badInputThrowsNeverNaN() {
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [3]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [-3]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [0.5]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [Double.nan]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [1], weights: [-1]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [1, 0], weights: [1]) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [1], rho: 1) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [1], rho: -0.1) }
        #expect(throws: GoalError.self) { try GASScore.tScore(levels: [1], rho: .nan) }
    }

    @Test func gasLightMapping() {
        #expect(GASLight.level("Much better than expected", baseline: nil) == 2)
        #expect(GASLight.level("a little more than expected", baseline: nil) == 1)
        #expect(GASLight.level("As expected", baseline: nil) == 0)
        #expect(GASLight.level("partially-achieved", baseline: -2) == -1)
        #expect(GASLight.level("no change", baseline: -2) == -2)
        #expect(GASLight.level("no change", baseline: -1) == -1)
        #expect(GASLight.level("no change", baseline: nil) == nil)
        #expect(GASLight.level("worse", baseline: -1) == -2)
        #expect(GASLight.level("brilliant", baseline: -1) == nil)
    }
}
