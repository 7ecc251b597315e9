/// Goal-Based Outcomes (GBO): each goal's progress rated 0 (no progress) to 10 (goal
/// reached) (Law & Jacob 2015, *Goals and Goal Based Outcomes (GBOs): some useful
/// information*, 3rd ed., CAMHS Press).
///
/// Change on a goal is `score − baseline`, where the baseline is the score given when
/// the goal was set (the `baseline` column, or else the goal's first rating). A change
/// is *reliable* when its size is at least the reliable change threshold: 2.45 points
/// by default, the value derived from CORC data by Edbrooke-Childs, Jacob, Law,
/// Deighton & Wolpert (2015), Interpreting standardized and idiographic outcome
/// measures in CAMHS, *Child and Adolescent Mental Health* 20(3):142–148, and used by
/// CORC. On the whole-number 0–10 scale this means a change of 3 or more points.
public enum GBO {
    /// Reliable change threshold in GBO points (Edbrooke-Childs et al. 2015).
    public static let defaultReliableChange = 2.45

    /// `improved` when `change ≥ threshold`, `deteriorated` when `change ≤ −threshold`.
    public static func reliableChange(_ change: Double, threshold: Double = defaultReliableChange) -> ReliableGoalChange {
        if change >= threshold { return .improved }
        if change <= -threshold { return .deteriorated }
        return .unchanged
    }

    /// The baseline score of a GBO goal and the line it came from (`nil` line: the
    /// `baseline` column).
    public static func baseline(of goal: GoalRecord) -> (score: Int, line: Int?)? {
        if let b = goal.baseline { return (b, nil) }
        guard let first = goal.ratings.first else { return nil }
        return (first.value, first.line)
    }

    /// - Throws: ``GoalError/invalid(_:)`` unless the threshold is positive and at most 10
    ///   (the width of the 0–10 scale).
    public static func validate(threshold: Double) throws {
        guard threshold.isFinite, threshold > 0, threshold <= 10 else {
            throw GoalError.invalid("the GBO reliable change threshold must be a number greater than 0 and at most 10 (got \(threshold))")
        }
    }
}
