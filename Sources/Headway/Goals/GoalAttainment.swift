/// One goal's result at one review.
public struct GoalOutcome: Sendable, Equatable {
    public var goalID: String
    public var description: String?
    public var scale: GoalScale
    /// GAS weight (importance × difficulty, or the given weight, or 1); 1 for GBO.
    public var weight: Double
    /// GAS: −1/−2; GBO: the baseline score (the `baseline` column, or the goal's first rating).
    public var baseline: Int?
    /// GAS level −2…+2, or GBO score 0–10, at this review.
    public var value: Int
    /// `value − baseline` (GBO: `nil` at the rating that serves as the baseline).
    public var change: Int?
    /// GBO only: reliable change (``GBO/reliableChange(_:threshold:)``).
    public var reliableChange: ReliableGoalChange?
    /// `ok`, `zero_weight` (GAS weight 0: not scored), `no_baseline`, or `baseline` (GBO
    /// rating used as the baseline).
    public var status: String
}

/// A GBO goal's reliable change.
public enum ReliableGoalChange: String, Sendable {
    case improved, deteriorated, unchanged = "no_reliable_change"
}

/// The goals of one client episode at one review, on one scale.
public struct ClientReview: Sendable, Equatable {
    public var episode: GoalEpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var scale: GoalScale
    public var review: Int?
    /// The latest date among the goals rated at this review.
    public var day: Int?
    /// Goals rated at this review (including zero-weight GAS goals).
    public var goalsRated: Int
    /// Goals of the episode (same scale) not rated at this review.
    public var goalsNotRated: Int
    /// Goals of the episode on this scale: rated + not rated at this review.
    public var goalsTotal: Int { goalsRated + goalsNotRated }
    /// Goals that enter the scores: rated and, for GAS, weight > 0. This is the number
    /// reported beside every T-score.
    public var goalsScored: Int
    // GAS
    /// T with every scored goal at its baseline level (same goals and weights as `tAttained`).
    public var tBaseline: Double?
    public var tAttained: Double?
    public var tChange: Double?
    /// Percent of scored goals at or above the expected level (x ≥ 0).
    public var percentAtOrAboveExpected: Double?
    /// Percent of scored goals above their baseline level.
    public var percentImproved: Double?
    /// Whether a scored GAS goal is at −2 at this review.
    public var anyGoalAtMinusTwo: Bool?
    // GBO
    public var gboMeanBaseline: Double?
    public var gboMeanScore: Double?
    /// Mean of the goals' changes from baseline.
    public var gboMeanChange: Double?
    public var gboReliablyImproved: Int?
    public var gboReliablyDeteriorated: Int?
    /// `ok`, `no_scorable_goals` (GAS: every rated goal has weight 0), `no_baseline` (GAS:
    /// a scored goal has no baseline, so baseline T and change are empty), `baseline_only`
    /// (GBO: only baseline ratings so far), or `not_all_rated` (some goals of the episode were
    /// not rated at this review: T and the means are computed on the rated goals only, and
    /// `goalsRated` of `goalsTotal` says how many; the other statuses take precedence).
    public var status: String
    public var goals: [GoalOutcome]
}

/// Per client episode and review analysis of a goals file.
public enum GoalAnalysis {
    /// Scores every review of every client episode. GAS goals give T-scores
    /// (``GASScore``); GBO goals give changes (``GBO``). Output is sorted by client,
    /// episode, scale and review.
    ///
    /// - Throws: ``GoalError`` when `rho` is outside [0, 1) or `gboThreshold` is not positive.
    public static func run(_ goals: [GoalRecord], rho: Double = GASScore.defaultRho,
                           gboThreshold: Double = GBO.defaultReliableChange) throws -> [ClientReview] {
        try GASScore.validate(rho: rho)
        try GBO.validate(threshold: gboThreshold)
        var byEpisode: [GoalEpisodeKey: [GoalRecord]] = [:]
        for g in goals { byEpisode[g.episode, default: []].append(g) }
        var out: [ClientReview] = []
        for key in byEpisode.keys.sorted() {
            let all = byEpisode[key]!
            for scale in GoalScale.allCases {
                let goals = all.filter { $0.scale == scale }.sorted { $0.goalID < $1.goalID }
                guard !goals.isEmpty else { continue }
                let keys = Set(goals.flatMap { $0.ratings.map(\.key) }).sorted()
                for k in keys {
                    out.append(try review(key, goals, at: k, scale: scale, rho: rho, threshold: gboThreshold))
                }
            }
        }
        return out
    }

    static func review(_ key: GoalEpisodeKey, _ goals: [GoalRecord], at k: ReviewKey, scale: GoalScale,
                       rho: Double, threshold: Double) throws -> ClientReview {
        var r = ClientReview(episode: key, clinicianID: goals.lazy.compactMap(\.clinicianID).first,
                             site: goals.lazy.compactMap(\.site).first, scale: scale, review: nil, day: nil,
                             goalsRated: 0, goalsNotRated: 0, goalsScored: 0, status: "ok", goals: [])
        var rated: [(GoalRecord, GoalRating)] = []
        for g in goals {
            if let rating = g.rating(at: k) { rated.append((g, rating)) } else { r.goalsNotRated += 1 }
        }
        r.goalsRated = rated.count
        r.review = rated.lazy.compactMap(\.1.review).first
        r.day = rated.compactMap(\.1.day).max()
        switch scale {
        case .gas: try scoreGAS(&r, rated, rho: rho)
        case .gbo: scoreGBO(&r, rated, threshold: threshold)
        }
        // A goal not rated at a review is not in T; say so rather than let it drop out silently.
        if r.goalsNotRated > 0 && r.status == "ok" { r.status = "not_all_rated" }
        return r
    }

    static func scoreGAS(_ r: inout ClientReview, _ rated: [(GoalRecord, GoalRating)], rho: Double) throws {
        var levels: [Int] = [], baselines: [Int?] = [], weights: [Double] = []
        for (g, rating) in rated {
            let w = g.weight
            let status = w == 0 ? "zero_weight" : (g.baseline == nil ? "no_baseline" : "ok")
            r.goals.append(GoalOutcome(goalID: g.goalID, description: g.description, scale: .gas, weight: w,
                                       baseline: g.baseline, value: rating.value,
                                       change: g.baseline.map { rating.value - $0 }, reliableChange: nil, status: status))
            guard w > 0 else { continue }
            levels.append(rating.value)
            baselines.append(g.baseline)
            weights.append(w)
        }
        r.goalsScored = levels.count
        guard !levels.isEmpty else {
            r.status = "no_scorable_goals"
            return
        }
        let n = Double(levels.count)
        r.tAttained = try GASScore.tScore(levels: levels, weights: weights, rho: rho)
        r.percentAtOrAboveExpected = 100 * Double(levels.filter { $0 >= 0 }.count) / n
        r.anyGoalAtMinusTwo = levels.contains(-2)
        let known = baselines.compactMap { $0 }
        if known.count == levels.count {
            let t0 = try GASScore.tScore(levels: known, weights: weights, rho: rho)
            r.tBaseline = t0
            r.tChange = r.tAttained! - t0
            r.percentImproved = 100 * Double(zip(levels, known).filter { $0 > $1 }.count) / n
        } else {
            r.status = "no_baseline"
        }
    }

    static func scoreGBO(_ r: inout ClientReview, _ rated: [(GoalRecord, GoalRating)], threshold: Double) {
        var baselines: [Double] = [], scores: [Double] = [], changes: [Double] = []
        var improved = 0, deteriorated = 0
        for (g, rating) in rated {
            let base = GBO.baseline(of: g)
            let isBaselineRating = g.baseline == nil && base?.line == rating.line
            let change = isBaselineRating ? nil : base.map { rating.value - $0.score }
            let reliable = change.map { GBO.reliableChange(Double($0), threshold: threshold) }
            if reliable == .improved { improved += 1 }
            if reliable == .deteriorated { deteriorated += 1 }
            r.goals.append(GoalOutcome(goalID: g.goalID, description: g.description, scale: .gbo, weight: 1,
                                       baseline: base?.score, value: rating.value, change: change,
                                       reliableChange: reliable, status: isBaselineRating ? "baseline" : "ok"))
            scores.append(Double(rating.value))
            if let change, let base {
                changes.append(Double(change))
                baselines.append(Double(base.score))
            }
        }
        r.goalsScored = changes.count
        r.gboMeanScore = mean(scores)
        guard !changes.isEmpty else {
            r.status = "baseline_only"
            return
        }
        r.gboMeanBaseline = mean(baselines)
        r.gboMeanChange = mean(changes)
        r.gboReliablyImproved = improved
        r.gboReliablyDeteriorated = deteriorated
    }

    static func mean(_ x: [Double]) -> Double? { x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }

    /// The latest GAS review of each client episode: what the flags feature needs.
    public static func latestGAS(_ reviews: [ClientReview]) -> [LatestGoalStatus] {
        var out: [LatestGoalStatus] = []
        for r in reviews where r.scale == .gas {
            var s = LatestGoalStatus(episode: r.episode, clinicianID: r.clinicianID, site: r.site, review: r.review, day: r.day,
                                     goalsScored: r.goalsScored, tAttained: r.tAttained, tChange: r.tChange,
                                     anyGoalAtMinusTwo: r.anyGoalAtMinusTwo ?? false, status: r.status)
            s.goalsRated = r.goalsRated
            s.goalsTotal = r.goalsTotal
            // Reviews arrive sorted, so the last one per episode wins.
            if let last = out.last, last.episode == r.episode { out[out.count - 1] = s } else { out.append(s) }
        }
        return out
    }
}

/// A client episode's latest GAS review (for flags and practice summaries).
public struct LatestGoalStatus: Sendable, Equatable {
    public var episode: GoalEpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var review: Int?
    public var day: Int?
    /// Number of goals in `tAttained` (weight > 0, rated at this review).
    public var goalsScored: Int
    public var tAttained: Double?
    public var tChange: Double?
    /// Whether any scored goal is at −2 (much worse than expected) at the latest review.
    public var anyGoalAtMinusTwo: Bool
    public var status: String
    /// Goals rated at this review and goals of the episode (GAS), as in ``ClientReview``.
    public var goalsRated = 0
    public var goalsTotal = 0
}
