/// Which goal-based scale a goal is rated on.
public enum GoalScale: String, Sendable, CaseIterable, Comparable {
    /// Goal attainment scaling: levels −2…+2, 0 = the expected outcome.
    case gas
    /// Goal-Based Outcomes (Law & Jacob 2015): progress towards the goal rated 0–10.
    case gbo

    public init?(text: String) {
        switch ColumnSpec.normalise(text.trimmingSpaces()) {
        case "gas", "goal_attainment_scaling", "gas_light", "gaslight": self = .gas
        case "gbo", "goal_based_outcome", "goal_based_outcomes", "goal_based_outcome_tool": self = .gbo
        default: return nil
        }
    }

    public static func < (a: GoalScale, b: GoalScale) -> Bool { a.rawValue < b.rawValue }
}

/// One rating of a goal at one review.
public struct GoalRating: Sendable, Equatable {
    /// Review number (0 or more), when the file has one.
    public var review: Int?
    /// Review date, days since 1970-01-01.
    public var day: Int?
    /// GAS: attainment level −2…+2. GBO: goal score 0–10.
    public var value: Int
    /// Input line (for messages).
    public var line: Int

    public init(review: Int?, day: Int?, value: Int, line: Int) {
        self.review = review
        self.day = day
        self.value = value
        self.line = line
    }

    /// The review's identity within an episode: its number when given, else its date.
    public var key: ReviewKey { review.map(ReviewKey.number) ?? .date(day ?? 0) }
}

/// A review's identity: its number, or its date when reviews are not numbered.
public enum ReviewKey: Sendable, Hashable, Comparable {
    case number(Int)
    case date(Int)
}

/// Identifies a client's episode of care in a goals file.
public struct GoalEpisodeKey: Sendable, Hashable, Comparable {
    public var clientID: String
    public var episodeID: String

    public init(clientID: String, episodeID: String) {
        self.clientID = clientID
        self.episodeID = episodeID
    }

    public static func < (a: GoalEpisodeKey, b: GoalEpisodeKey) -> Bool {
        (a.clientID, a.episodeID) < (b.clientID, b.episodeID)
    }
}

/// One goal of one client episode, with its ratings in review order.
public struct GoalRecord: Sendable, Equatable {
    public var episode: GoalEpisodeKey
    public var goalID: String
    public var clinicianID: String?
    public var site: String?
    public var description: String?
    public var scale: GoalScale
    /// Turner-Stokes (2009) importance 0–3 (GAS).
    public var importance: Int?
    /// Turner-Stokes (2009) difficulty 0–3 (GAS).
    public var difficulty: Int?
    /// An explicit weight (used when importance and difficulty are not given).
    public var explicitWeight: Double?
    /// GAS: baseline level −1 or −2 (Turner-Stokes 2009). GBO: the score (0–10) when goals were set.
    public var baseline: Int?
    public var ratings: [GoalRating]
    /// SMART (time-bound): the date by which the goal should be reached (days since 1970-01-01).
    public var targetDay: Int?
    /// The level to reach by ``targetDay``: GAS −2…+2 (absent: 0, the expected outcome), GBO 0–10.
    public var targetLevel: Int?

    public init(episode: GoalEpisodeKey, goalID: String, clinicianID: String? = nil, site: String? = nil,
                description: String? = nil, scale: GoalScale = .gas, importance: Int? = nil, difficulty: Int? = nil,
                explicitWeight: Double? = nil, baseline: Int? = nil, ratings: [GoalRating] = [],
                targetDay: Int? = nil, targetLevel: Int? = nil) {
        self.targetDay = targetDay
        self.targetLevel = targetLevel
        self.episode = episode
        self.goalID = goalID
        self.clinicianID = clinicianID
        self.site = site
        self.description = description
        self.scale = scale
        self.importance = importance
        self.difficulty = difficulty
        self.explicitWeight = explicitWeight
        self.baseline = baseline
        self.ratings = ratings
    }

    /// GAS weight: importance × difficulty, else the explicit weight, else 1. Weight 0 = not scored.
    public var weight: Double { GASScore.weight(importance: importance, difficulty: difficulty, weight: explicitWeight) }

    /// The rating at a review, if the goal was rated then.
    public func rating(at key: ReviewKey) -> GoalRating? { ratings.first { $0.key == key } }
}

/// The goals of a file: every goal with its ratings, plus load accounting.
public struct GoalSet: Sendable {
    public var file: String
    /// Sorted by client, episode, goal.
    public var goals: [GoalRecord]
    public var counts: LoadCounts
    public var rejections: [Rejection]
    public var header: [String]
    /// The wide sheet's layout when the file had one column per review (``WideLayout``).
    public var wide: WideLayout? = nil

    public init(file: String, goals: [GoalRecord], counts: LoadCounts, rejections: [Rejection], header: [String]) {
        self.file = file
        self.goals = goals
        self.counts = counts
        self.rejections = rejections
        self.header = header
    }

    /// Goals grouped by client episode, in key order.
    public var episodes: [(key: GoalEpisodeKey, goals: [GoalRecord])] {
        var out: [(key: GoalEpisodeKey, goals: [GoalRecord])] = []
        for g in goals {
            if let last = out.last, last.key == g.episode { out[out.count - 1].goals.append(g) } else { out.append((g.episode, [g])) }
        }
        return out
    }
}
