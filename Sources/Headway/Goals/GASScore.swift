/// Goal attainment scaling (GAS) summary score.
///
/// Kiresuk & Sherman (1968) combine the attainment levels `xᵢ ∈ {−2, −1, 0, +1, +2}`
/// of a client's goals into one T-score, in the form corrected by Turner-Stokes (2009,
/// erratum in the same volume):
///
///     T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) Σ wᵢ² + ρ (Σ wᵢ)²)
///
/// where `wᵢ` is the weight of goal *i* and `ρ` the assumed correlation between goal
/// scales (0.3 by convention, Kiresuk & Sherman 1968; Turner-Stokes 2009). With
/// every goal at its expected level (0) the T-score is 50; with `ρ = 0.3` its standard
/// deviation is about 10 when levels are distributed as the scaling intends. The range
/// of possible T widens with the number of goals, so a T-score is reported with the
/// number of goals it summarises.
///
/// Weights (Turner-Stokes 2009): `importance × difficulty` (each rated 0–3), or a given
/// weight, or 1. **Weight 0** (importance or difficulty rated 0) makes a term vanish from
/// every sum in the formula, so a zero-weight goal is exactly the same as a goal that
/// is not there; Headway therefore treats it as *not scored* everywhere (not in T, not
/// in the goal count beside T, not in the percentages).
///
/// - Kiresuk TJ, Sherman RE (1968). Goal attainment scaling: a general method for
///   evaluating comprehensive community mental health programs. Community Mental
///   Health Journal 4(6):443–453.
/// - Turner-Stokes L (2009). Goal attainment scaling (GAS) in rehabilitation: a
///   practical guide. Clinical Rehabilitation 23(4):362–370 (formula as in the erratum).
public enum GASScore {
    /// The conventional inter-goal correlation.
    public static let defaultRho = 0.3

    /// The largest goal weight accepted (importance × difficulty is at most 9): with weights
    /// up to 10⁶ every sum in the formula stays finite and exact enough (a weight of 10³⁰⁸
    /// overflowed Σ wᵢ² and gave a NaN T, issue 18 item 6).
    public static let maximumWeight = 1_000_000.0

    /// The T-score of `levels` with `weights` (default: all 1) and correlation `rho`.
    ///
    /// Goals with weight 0 are left out (see the type's documentation).
    /// - Throws: ``GoalError`` when a level is outside −2…+2 or not whole, a weight is
    ///   negative, above ``maximumWeight`` or not finite, the arrays differ in length, `rho` is outside [0, 1),
    ///   or no goal has a positive weight.
    public static func tScore(levels: [Double], weights: [Double]? = nil, rho: Double = defaultRho) throws -> Double {
        try validate(rho: rho)
        let w = weights ?? Array(repeating: 1, count: levels.count)
        guard w.count == levels.count else {
            throw GoalError.invalid("\(levels.count) levels but \(w.count) weights")
        }
        var sumWX = 0.0, sumW = 0.0, sumW2 = 0.0, scored = 0
        for (x, wi) in zip(levels, w) {
            guard x.isFinite, x >= -2, x <= 2, x == x.rounded() else {
                throw GoalError.invalid("attainment level \(x) is not a whole number from −2 to +2")
            }
            guard wi.isFinite, wi >= 0, wi <= maximumWeight else {
                throw GoalError.invalid("goal weight \(wi) is not a number from 0 to 1000000")
            }
            if wi == 0 { continue }
            sumWX += wi * x
            sumW += wi
            sumW2 += wi * wi
            scored += 1
        }
        guard scored > 0 else { throw GoalError.noScorableGoals }
        let denominator = (1 - rho) * sumW2 + rho * sumW * sumW
        let t = 50 + 10 * sumWX / denominator.squareRoot()
        guard t.isFinite else { throw GoalError.invalid("the GAS T-score is not finite (weights too large)") }
        return t
    }

    /// Integer-level convenience.
    public static func tScore(levels: [Int], weights: [Double]? = nil, rho: Double = defaultRho) throws -> Double {
        try tScore(levels: levels.map(Double.init), weights: weights, rho: rho)
    }

    /// The weight of a goal: `importance × difficulty` when both are given (Turner-Stokes
    /// 2009), else `weight`, else 1.
    public static func weight(importance: Int?, difficulty: Int?, weight: Double?) -> Double {
        if let importance, let difficulty { return Double(importance * difficulty) }
        return weight ?? 1
    }

    /// - Throws: ``GoalError/invalid(_:)`` unless `0 ≤ rho < 1`.
    public static func validate(rho: Double) throws {
        guard rho.isFinite, rho >= 0, rho < 1 else {
            throw GoalError.invalid("rho must be at least 0 and less than 1 (got \(rho))")
        }
    }
}

/// Errors from goal scoring.
public enum GoalError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    /// Every goal has weight 0, or there are no goals.
    case noScorableGoals

    public var description: String {
        switch self {
        case .invalid(let s): return s
        case .noScorableGoals: return "no scorable goals (every goal has weight 0, or there are none)"
        }
    }
}
