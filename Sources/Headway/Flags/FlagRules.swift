// SPDX-License-Identifier: GPL-3.0-or-later
// The flag levels and the rules that set them.

/// How urgently an open episode's treatment plan needs review.
///
/// Rules are tried in the order red, yellow, white; the first level with a matching rule wins.
/// An episode with no matching rule is green, unless nothing could be assessed (one score, no
/// reliable-change parameters and no curve), which is grey.
public enum FlagStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Act now.
    case red
    /// Review the plan.
    case yellow
    /// On track.
    case green
    /// Recovered: consider ending or stepping down.
    case white
    /// Not enough data to say.
    case grey

    /// Sort rank: red 0, yellow 1, green 2, white 3, grey 4.
    public var rank: Int {
        switch self {
        case .red: 0
        case .yellow: 1
        case .green: 2
        case .white: 3
        case .grey: 4
        }
    }

    public static func < (a: FlagStatus, b: FlagStatus) -> Bool { a.rank < b.rank }
}

/// A rule of ``FlagEngine``. Each can be switched off with ``FlagOptions/disabledRules``.
public enum FlagRule: String, Sendable, Hashable, CaseIterable {
    /// Red: the current score (by default the mean of the last two scores after the intake; see
    /// ``DeteriorationScope``) is reliably worse than the episode's first score
    /// (``ChangeAnalysis/classify(pre:post:parameters:)``). A reliable deterioration at an
    /// earlier session that is no longer current is reported (``FlagResult/pastDeteriorationSession``)
    /// but does not set the status.
    case reliableDeterioration = "reliable_deterioration"
    /// Red or yellow: the latest score lies beyond the expected recovery curve plus z(p)·σ in
    /// the worse direction (``RecoveryCurve``).
    case offTrack = "off_track"
    /// Yellow: at session k or later the latest score is not reliably improved from the first
    /// (by default only while it is not yet on the functional side of the cut-off, and — with an
    /// expected curve — only while the latest score is behind it by more than
    /// ``FlagOptions/noImprovementZ``, by default the yellow limit's z).
    case noReliableImprovement = "no_reliable_improvement"
    /// Yellow: the trend over the episode's scores is worsening (slope CI excludes 0 or
    /// Mann–Kendall p < α, towards worse).
    case worseningTrend = "worsening_trend"
    /// Yellow: the latest GAS review has attained T below the limit, or a goal at −2.
    case goalsBelowExpected = "goals_below_expected"
    /// Not a colour: no score for longer than the allowed number of days while the episode is
    /// open sets ``FlagResult/measurementDue`` (days overdue), counted separately. Switching it
    /// off leaves the column empty.
    case overdueMeasurement = "overdue_measurement"
    /// White: the latest score is on the functional side of the cut-off with reliable improvement.
    case recovered
    /// Green: no rule matched.
    case onTrack = "on_track"
    /// Grey: one score only, or no rule could be evaluated.
    case insufficientData = "insufficient_data"

    /// Rules that can be switched off (`on_track` and `insufficient_data` are outcomes, not rules).
    public static var switchable: [FlagRule] {
        [.reliableDeterioration, .offTrack, .noReliableImprovement, .worseningTrend, .goalsBelowExpected,
         .overdueMeasurement, .recovered]
    }
}

/// How many open episodes have each status (for practice reports).
public struct FlagCounts: Sendable, Hashable {
    public var red = 0
    public var yellow = 0
    public var green = 0
    public var white = 0
    public var grey = 0
    /// Rows with a measurement due (any colour); not part of ``total``.
    public var measurementDue = 0
    /// Rows with a goal review due (with goals); not part of ``total``.
    public var goalReviewDue = 0
    /// Rows whose plan is past its next review (with plans, ``FlagResult/planReviewDue``); not part of ``total``.
    public var planReviewDue = 0
    /// Rows with a goal past its target date (with plans, ``FlagResult/goalTargetDue``); not part of ``total``.
    public var goalTargetDue = 0
    /// Red or yellow rows that are acknowledged (included in their colour's count).
    public var acknowledged = 0

    public init(red: Int = 0, yellow: Int = 0, green: Int = 0, white: Int = 0, grey: Int = 0,
                measurementDue: Int = 0, acknowledged: Int = 0) {
        self.measurementDue = measurementDue
        self.acknowledged = acknowledged
        self.red = red
        self.yellow = yellow
        self.green = green
        self.white = white
        self.grey = grey
    }

    public var total: Int { red + yellow + green + white + grey }

    public subscript(_ s: FlagStatus) -> Int {
        get {
            switch s {
            case .red: red
            case .yellow: yellow
            case .green: green
            case .white: white
            case .grey: grey
            }
        }
        set {
            switch s {
            case .red: red = newValue
            case .yellow: yellow = newValue
            case .green: green = newValue
            case .white: white = newValue
            case .grey: grey = newValue
            }
        }
    }
}
