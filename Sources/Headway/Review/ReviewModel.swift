// SPDX-License-Identifier: GPL-3.0-or-later
// The review-meeting page of one client episode: measures, goals, plan, one status.

/// One score of a measure with the expected recovery band at its session.
public struct ReviewPoint: Sendable, Equatable {
    public var session: Double
    public var day: Int?
    public var value: Double
    /// Expected score and the yellow (78th by default) and red (90th percentile) limits on the worse side
    /// (``FlagEngine/band(measure:intake:session:)``); `nil` at the intake or without a curve.
    public var expected: Double?
    public var yellow: Double?
    public var red: Double?
}

/// A plan version placed on a measure's time axis: before the first score dated on or after it.
public struct ReviewPlanMark: Sendable, Equatable {
    /// 1-based version number.
    public var version: Int
    public var day: Int
    public var reason: String?
    /// Whether the version changes the treatment (else the plan was kept).
    public var isChange: Bool
    /// Index into ``MeasureReview/points`` of the first score on or after the plan date
    /// (`points.count` when the plan is newer than every score).
    public var beforePoint: Int
}

/// One measure of the page.
public struct MeasureReview: Sendable {
    public var measure: String
    public var fullName: String?
    public var direction: ScoreDirection
    public var minScore: Double
    public var maxScore: Double
    public var points: [ReviewPoint]
    public var planMarks: [ReviewPlanMark]
    /// Reliable and clinically significant change of the latest score against the intake.
    public var change: ChangeClassification?
    /// The reliable-change threshold in words ("6 points", "|z| 1.96, 5.2 points").
    public var threshold: String?
    public var cutoff: Double?
    /// The flag of this measure (status, rule, reason, trend numbers).
    public var flag: FlagResult
    /// The short phrase used in the client status ("GAD-7 reliably worse than at intake since session 3").
    public var phrase: String
    /// The yellow (review) and red (act) limits as percentiles, e.g. "78th" and "90th" (``FlagOptions/percentileLabel(_:)``).
    public var yellowLabel = "78th"
    public var redLabel = "90th"
}

/// One goal with its ratings and its progress toward its target.
public struct GoalProgress: Sendable, Equatable {
    public var goalID: String
    public var description: String?
    public var scale: GoalScale
    public var baseline: Int?
    /// (review label, day, level or score), in review order.
    public var ratings: [(label: String, day: Int?, value: Int)]
    public var targetDay: Int?
    /// The target level (GAS: the file's, else 0 when a target date is given).
    public var targetLevel: Int?
    public var latest: Int?
    /// The latest rating is at or above the target level.
    public var reached: Bool
    /// Past its target date (as-of after it) and not reached: days past the date.
    public var overdueDays: Int?

    public static func == (a: GoalProgress, b: GoalProgress) -> Bool {
        a.goalID == b.goalID && a.ratings.map(\.value) == b.ratings.map(\.value) && a.targetDay == b.targetDay
            && a.targetLevel == b.targetLevel && a.reached == b.reached && a.overdueDays == b.overdueDays
    }
}

/// GAS T at one review.
public struct GASReviewPoint: Sendable, Equatable {
    public var label: String
    public var day: Int?
    public var t: Double?
}

/// The page of one client episode for the review meeting (``ReviewContext/page(client:episode:since:)``).
public struct ReviewPage: Sendable {
    public var clientID: String
    public var episodeID: String
    /// Other episodes of the client (for the header).
    public var otherEpisodes: [String]
    public var clinicianID: String?
    public var site: String?
    public var asOf: Int?
    public var firstDay: Int?
    public var lastDay: Int?
    /// Whether the episode is open as of ``asOf`` (``FlagEngine/isOpen(_:asOf:openWithinDays:)``).
    public var isOpen: Bool
    public var measures: [MeasureReview]
    public var goals: [GoalProgress]
    public var gasReviews: [GASReviewPoint]
    /// Goal status: yellow when the latest GAS T is below the limit or a goal is at −2, green
    /// otherwise, grey without a GAS review.
    public var goalStatus: FlagStatus
    public var goalPhrase: String?
    public var plan: PlanHistory?
    public var currentPlan: PlanVersion?
    /// Days the current plan is past its next review (open episodes only).
    public var planReviewOverdue: Int?
    /// The client-level status: the most urgent of the measures' and the goals' statuses.
    public var status: FlagStatus
    /// The reasons, most urgent first: one phrase per measure, then the goals.
    public var statusReasons: [String]
    /// Reminders that are not clinical colours: measurement due, plan review overdue, goals past target.
    public var reminders: [String]
    /// The day "since" is counted from and where it came from (`--since`, the last plan date, the intake).
    public var sinceDay: Int?
    public var sinceSource: String
    /// The client-level status judged on the scores up to ``sinceDay``.
    public var statusAtSince: FlagStatus?
    public var changesSince: [String]

    /// "red: GAD-7 reliably worse than at intake since session 3; PHQ-9 recovered".
    public var statusLine: String {
        status.rawValue + (statusReasons.isEmpty ? "" : ": " + statusReasons.joined(separator: "; "))
    }

    /// Number of goals past their target date and not reached.
    public var overdueGoals: Int { goals.filter { $0.overdueDays != nil }.count }
}
