// SPDX-License-Identifier: GPL-3.0-or-later
// What `FlagEngine` says about one episode and measure, with the numbers behind it.

/// Where the expected curve of the off-track rule came from.
public enum CurveSource: String, Sendable, Hashable {
    /// Fitted on this practice's completed episodes in this run.
    case practice
    /// Read from a curves file (`--curves`).
    case file
    /// No curve (too few completed episodes, or none in the file): the off-track rule falls back
    /// to the published reliable-change threshold, i.e. the reliable-deterioration (red) and
    /// no-reliable-improvement (yellow) rules carry the decision.
    case publishedThreshold = "published_threshold"
}

/// The flag of one episode and measure.
public struct FlagResult: Sendable {
    public var key: EpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var scoreCount: Int
    public var firstDay: Int?
    /// The first score (the intake, x0 of the curve).
    public var intake: Double?
    public var latest: Double?
    public var latestDay: Int?
    /// Session number t of the latest score (`Score.session`, else its 1-based position).
    public var session: Int?
    /// The day the episode was judged at (the as-of date, or the last score's date).
    public var evaluatedDay: Int?

    public var status: FlagStatus
    /// The rule that set the status (the first matching one).
    public var rule: FlagRule
    /// Every rule that matched, most urgent first (the first is `rule`).
    public var rulesFired: [FlagRule]
    /// One line a clinician can read.
    public var reason: String

    // Off-track rule.
    public var curveSource: CurveSource?
    /// Why there is no curve (fallback).
    public var curveNote: String?
    public var expected: Double?
    /// Expected ± z(yellow)·σ and ± z(red)·σ on the worse side (above for lower-is-better measures).
    public var yellowLimit: Double?
    public var redLimit: Double?
    public var sigma: Double?
    public var sigmaIsPerSession: Bool?
    /// (latest − expected)/σ oriented so that positive is worse.
    public var residualZ: Double?

    // Reliable change (latest against the first score).
    public var change: Double?
    public var changeMethod: ChangeMethod?
    /// The change module's index (z; points for the published threshold).
    public var rci: Double?
    /// Critical |z| or the published threshold in points.
    public var rcThreshold: Double?
    /// The reliable change in points: the published threshold, or critical z · S_diff for
    /// `.jt` (``ReliableChangeParameters/thresholdPoints``); `nil` for other methods.
    public var rcThresholdPoints: Double?
    public var reliableDirection: ReliableDirection?
    /// Whether the latest score is on the functional side of the cut-off.
    public var functional: Bool?
    public var cutoff: Double?
    /// The current score judged by the reliable-deterioration rule (the mean of the last
    /// ``FlagOptions/currentScores`` scores after the intake, or the latest, or the worst session).
    public var currentScore: Double?
    /// The most deteriorated session (reliable deterioration rule): its index and session.
    public var worstRCI: Double?
    /// The change in points (the judged score − the intake) behind ``worstRCI``.
    public var worstChange: Double?
    public var worstSession: Int?
    /// A reliable deterioration at an earlier session that is no longer current (the most
    /// deteriorated such session and its index); it does not set the status.
    public var pastDeteriorationSession: Int?
    public var pastDeteriorationRCI: Double?
    /// The change in points (that session's score − the intake) behind ``pastDeteriorationRCI``.
    public var pastDeteriorationChange: Double?

    // Trend rule.
    public var trendTimeAxis: TimeAxis?
    public var trendSlope: Double?
    public var trendCILower: Double?
    public var trendCIUpper: Double?
    public var trendMKp: Double?

    public var daysSinceLast: Int?
    /// Days beyond the overdue limit (`daysSinceLast − overdueDays`) when positive, else `nil`.
    /// A data-quality reminder with its own count: it never sets the status.
    public var measurementDue: Int?
    /// With goals: days beyond ``FlagOptions/goalReviewDays`` since the latest GAS review, when
    /// positive, else `nil`. A reminder with its own count, never a colour.
    public var goalReviewDue: Int?
    /// With `--plans`: days the plan in force is past its next review (``PlanFlagRules``); never a colour.
    public var planReviewDue: Int?
    /// With `--plans` and goal targets: days past the earliest missed goal target date (``PlanFlagRules``); never a colour.
    public var goalTargetDue: Int?
    /// The acknowledgement that covers this flag (no score after its date), if any.
    public var acknowledgement: FlagAcknowledgement?
    /// Red or yellow and acknowledged: shown, but does not raise the exit status.
    public var isAcknowledged: Bool { acknowledgement != nil }
    public var gasT: Double?
    public var gasAnyMinusTwo: Bool?

    /// The scores judged (for sparklines and charts) and their session numbers.
    public var values: [Double]
    public var sessions: [Double]

    public init(key: EpisodeKey, status: FlagStatus = .grey, rule: FlagRule = .insufficientData, reason: String = "") {
        self.key = key
        self.status = status
        self.rule = rule
        self.rulesFired = []
        self.reason = reason
        self.scoreCount = 0
        self.values = []
        self.sessions = []
    }
}

/// The indices of ``FlagResult`` in one unit each (docs/output.md: a column's unit never
/// changes with an option): ``FlagResult/rci``, ``FlagResult/worstRCI`` and
/// ``FlagResult/pastDeteriorationRCI`` are in whatever the method works in (z, points or
/// percent); these give the z of a z method only (the changes in points are
/// ``FlagResult/change``, ``FlagResult/worstChange`` and ``FlagResult/pastDeteriorationChange``).
extension FlagResult {
    private var isZ: Bool { changeMethod?.isZ == true }
    /// The reliable-change index of the latest score against the intake, as a z (z methods only).
    public var rciZ: Double? { isZ ? rci : nil }
    /// The critical |z| of a z method.
    public var rciCriticalZ: Double? { isZ ? rcThreshold : nil }
    /// `.percentage`: the percent change of the latest score from the intake.
    public var changePercent: Double? { changeMethod == .percentage ? rci : nil }
    /// `.percentage`: the improvement threshold in percent.
    public var rcThresholdPercent: Double? { changeMethod == .percentage ? rcThreshold : nil }
    /// ``worstRCI`` as a z (z methods only).
    public var worstRCIZ: Double? { isZ ? worstRCI : nil }
    /// ``pastDeteriorationRCI`` as a z (z methods only).
    public var pastDeteriorationRCIZ: Double? { isZ ? pastDeteriorationRCI : nil }
}
