// SPDX-License-Identifier: GPL-3.0-or-later
// Everything `FlagEngine` needs besides the data: thresholds of every rule and which episodes to judge.
import HeadwayStats

/// Which residual SD the off-track rule uses.
public enum SigmaKind: String, Sendable, Hashable, CaseIterable {
    /// One residual SD over all sessions: √(SSR / (n − 4)).
    case pooled
    /// The root mean square residual of the session (when it has at least
    /// ``FlagOptions/minResidualsPerSession`` residuals; otherwise the pooled SD).
    case perSession = "per-session"
}

/// Which scores the reliable-deterioration rule compares with the intake.
public enum DeteriorationScope: String, Sendable, Hashable, CaseIterable {
    /// The current score: the mean of the last ``FlagOptions/currentScores`` scores after the
    /// intake (the latest alone when there are fewer). The default: red means "worse now".
    case current
    /// The latest score alone.
    case latest
    /// Any session (the rule before issue 17: a deterioration that has since resolved stays red).
    case any
}

/// Which episodes are judged, and as of when.
public enum FlagScope: Sendable, Hashable {
    /// Open episodes as of the as-of date (the default).
    case open
    /// Every episode, each judged at its own last score (days since the last score = 0,
    /// so the overdue rule cannot fire). For benchmarks and audits.
    case allEpisodes
    /// Every episode that reached session `k`, judged on its scores up to session k.
    case atSession(Int)
    /// Every episode with at least `k` scores, judged on its first k scores (operating
    /// characteristics by number of scores).
    case atScore(Int)
}

/// Options of ``FlagEngine`` with their defaults.
public struct FlagOptions: Sendable, Hashable {
    /// A percentile as people say it: 0.78 → "78th", 0.9 → "90th", 0.785 → "78.5th", 0.91 → "91st".
    public static func percentileLabel(_ p: Double) -> String {
        let x = (p * 1000).rounded() / 10
        if x != x.rounded() { return String(format: "%.1fth", x) }
        let n = Int(x)
        let suffix = (11...13).contains(n % 100) ? "th" : (n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th")
        return "\(n)\(suffix)"
    }
    /// ``percentileLabel(_:)`` of ``yellowPercentile`` and ``redPercentile``.
    public var yellowLabel: String { Self.percentileLabel(yellowPercentile) }
    public var redLabel: String { Self.percentileLabel(redPercentile) }

    /// Scores after this day are ignored; `nil` = the newest date in the data.
    public var asOf: Int?
    /// An episode without an explicit status is open when its last score is at most this many days
    /// before the as-of date, and completed (usable for the curve fit) when it is older.
    public var openWithinDays: Int
    public var scope: FlagScope
    /// Percentile of the residual distribution for the red band: z = Φ⁻¹(p) (default 0.90, z 1.2816).
    public var redPercentile: Double
    /// Percentile for the yellow band (default 0.78, z = Φ⁻¹(0.78) = 0.7722): the largest yellow
    /// percentile at which `headway simulate`'s deteriorators are still flagged red or yellow at
    /// their 4th score in at least 97% of episodes (issue 17's target), chosen on that generator and
    /// checked on the independent `Benchmarks/flags_generator.py` (docs/flags.md, "Operating
    /// characteristics": 0.75 flags 98.0% with 30.2% of the review list red or yellow, 0.78 97.4%
    /// with 27.6%, 0.80 96.9% with 25.9%).
    public var yellowPercentile: Double
    /// Minimum number of completed episodes of a measure to fit its curve; below it the
    /// off-track rule falls back to the published threshold (default 50).
    public var minEpisodes: Int
    /// Minimum number of scores of a completed episode used in the fit (default 3).
    public var minScoresPerEpisode: Int
    public var sigma: SigmaKind
    /// Minimum residuals in a session for a per-session σ (default 20).
    public var minResidualsPerSession: Int
    /// The no-reliable-improvement rule applies from this session on (default 8).
    public var improvementBySession: Int
    /// `false` (default): the no-reliable-improvement rule is silent when the latest score is already
    /// on the functional side of the cut-off (mild at intake and still well); `true`: it fires anyway.
    public var noImprovementWhenFunctional: Bool
    /// With an expected curve, the no-reliable-improvement rule fires only when the latest
    /// score's residual z (positive = worse than expected) exceeds this; `nil` (the default) = the
    /// yellow limit's z, Φ⁻¹(``yellowPercentile``): with a curve, the curve decides whether a
    /// client who has not reliably improved is behind (the rule then adds its reason to the
    /// off-track yellow), so a client on or near the practice's expected course is not flagged
    /// for being slow. 0 = at or behind the expected score (the default before this change:
    /// 1.0 and 4.1 points more of the review list flagged on the two generators, no deteriorator
    /// more); −∞ = the rule before issue 17. Without a curve it is not used.
    public var noImprovementBelowZ: Double?
    /// `measurement_due` (days overdue) is set when the last score is more than this many days
    /// before the as-of date (default 28). A data-quality reminder, not a colour.
    public var overdueDays: Int
    /// With goals: `goal_review_due` (days overdue) is set when the latest GAS review is more than
    /// this many days before the as-of date (default 56, a convention: reviews every 4–8 weeks).
    /// Like `measurement_due`, a reminder, not a colour.
    public var goalReviewDays: Int
    /// Significance level of the worsening-trend rule (Mann–Kendall p; the OLS CI has level 1 − α).
    public var trendAlpha: Double
    /// `false` (default, as the issue states): the OLS slope CI excluding 0 towards worse, OR
    /// Mann–Kendall p < α with S towards worse. `true`: both, as ``TrendAnalysis/interpret(ols:mannKendall:improvement:alpha:)``.
    public var trendRequiresBoth: Bool
    /// Minimum number of scores for the trend rule (default 4; the trend module needs at least 3).
    public var trendMinScores: Int
    /// Attained GAS T below this is yellow (default 40).
    public var gasTBelow: Double
    /// Which scores the reliable-deterioration rule judges (default ``DeteriorationScope/current``).
    public var deterioration: DeteriorationScope
    /// How many of the latest scores (after the intake) form the current score (default 2).
    public var currentScores: Int
    /// Reliable-change method, SD source and cut-off of the change module.
    public var change: ChangeOptions
    public var disabledRules: Set<FlagRule>

    public init(asOf: Int? = nil, openWithinDays: Int = 90, scope: FlagScope = .open,
                redPercentile: Double = 0.90, yellowPercentile: Double = 0.78,
                minEpisodes: Int = 50, minScoresPerEpisode: Int = 3, sigma: SigmaKind = .pooled,
                minResidualsPerSession: Int = 20, improvementBySession: Int = 8,
                noImprovementWhenFunctional: Bool = false, noImprovementBelowZ: Double? = nil, overdueDays: Int = 28, goalReviewDays: Int = 56,
                trendAlpha: Double = 0.05, trendRequiresBoth: Bool = false, trendMinScores: Int = 4,
                gasTBelow: Double = 40, deterioration: DeteriorationScope = .current, currentScores: Int = 2,
                change: ChangeOptions = ChangeOptions(), disabledRules: Set<FlagRule> = []) {
        self.asOf = asOf
        self.openWithinDays = openWithinDays
        self.scope = scope
        self.redPercentile = redPercentile
        self.yellowPercentile = yellowPercentile
        self.minEpisodes = minEpisodes
        self.minScoresPerEpisode = minScoresPerEpisode
        self.sigma = sigma
        self.minResidualsPerSession = minResidualsPerSession
        self.improvementBySession = improvementBySession
        self.noImprovementWhenFunctional = noImprovementWhenFunctional
        self.noImprovementBelowZ = noImprovementBelowZ
        self.overdueDays = overdueDays
        self.goalReviewDays = goalReviewDays
        self.trendAlpha = trendAlpha
        self.trendRequiresBoth = trendRequiresBoth
        self.trendMinScores = trendMinScores
        self.gasTBelow = gasTBelow
        self.deterioration = deterioration
        self.currentScores = currentScores
        self.change = change
        self.disabledRules = disabledRules
    }

    /// The largest count option accepted (minimum episodes, residuals per session, sessions,
    /// scores): larger values cannot occur in data the loader accepts (sessions ≤ 1,000,000).
    public static let countLimit = 1_000_000
    /// The largest number of days accepted for `openWithinDays`, `overdueDays` and
    /// `goalReviewDays` (100 years).
    public static let dayLimit = 36_500

    /// A description of the first invalid option, or `nil`.
    ///
    /// Every option is bounded (issue 18 item 9): counts and sessions by ``countLimit``, days
    /// by ``dayLimit``, the current score by 1000 scores, the no-improvement z by ±100 (or −∞) and the
    /// GAS T limit by 0…200.
    public var problem: String? {
        if let p = boundsProblem { return p }
        if !(yellowPercentile > 0.5 && yellowPercentile < 1) { return "the yellow percentile must lie in (0.5, 1)" }
        if !(redPercentile > 0.5 && redPercentile < 1) { return "the red percentile must lie in (0.5, 1)" }
        if yellowPercentile >= redPercentile { return "the yellow percentile must be below the red percentile" }
        if openWithinDays < 0 { return "--open-within must not be negative" }
        if minEpisodes < 1 { return "the minimum number of episodes must be at least 1" }
        if minScoresPerEpisode < 2 { return "the minimum number of scores per episode must be at least 2" }
        if minResidualsPerSession < 2 { return "the minimum residuals per session must be at least 2" }
        if improvementBySession < 2 { return "the improvement session must be at least 2" }
        if overdueDays < 1 { return "the overdue limit must be at least 1 day" }
        if goalReviewDays < 1 { return "the goal review limit must be at least 1 day" }
        if !(trendAlpha > 0 && trendAlpha < 1) { return "the trend alpha must lie in (0, 1)" }
        if trendMinScores < 3 { return "the trend rule needs at least 3 scores" }
        if currentScores < 1 { return "the current score needs at least 1 score" }
        if let z = noImprovementBelowZ, z.isNaN || z == .infinity { return "the no-improvement z must be a number" }
        if !gasTBelow.isFinite { return "the GAS T limit must be finite" }
        if case .atSession(let k) = scope, k < 1 { return "the evaluation session must be at least 1" }
        if case .atScore(let k) = scope, k < 1 { return "the number of scores must be at least 1" }
        return nil
    }

    private var boundsProblem: String? {
        let counts = 1...Self.countLimit, days = 0...Self.dayLimit
        if !days.contains(openWithinDays) { return "--open-within must be between 0 and \(Self.dayLimit) days" }
        if !days.contains(overdueDays) { return "--overdue-days must be between 1 and \(Self.dayLimit)" }
        if !days.contains(goalReviewDays) { return "--goal-review-days must be between 1 and \(Self.dayLimit)" }
        if !counts.contains(minEpisodes) { return "--min-episodes must be between 1 and \(Self.countLimit)" }
        if !counts.contains(minResidualsPerSession) { return "--min-per-session must be between 2 and \(Self.countLimit)" }
        if !counts.contains(improvementBySession) { return "--improvement-by must be between 2 and \(Self.countLimit)" }
        if !counts.contains(minScoresPerEpisode) { return "the minimum number of scores per episode must be between 2 and \(Self.countLimit)" }
        if !counts.contains(trendMinScores) { return "the trend rule's minimum number of scores must be between 3 and \(Self.countLimit)" }
        if !(1...1000).contains(currentScores) { return "--current-scores must be between 1 and 1000" }
        // −∞ is allowed (the rule is never held back by the curve); otherwise −100…100.
        if let z = noImprovementBelowZ, z != -.infinity, !(z.isFinite && abs(z) <= 100) { return "--no-improvement-z must be a number from -100 to 100" }
        if !(gasTBelow.isFinite && gasTBelow >= 0 && gasTBelow <= 200) { return "--gas-below must be a GAS T from 0 to 200" }
        if case .atSession(let k) = scope, !counts.contains(k) { return "--at-session must be between 1 and \(Self.countLimit)" }
        if case .atScore(let k) = scope, !counts.contains(k) { return "--at-score must be between 1 and \(Self.countLimit)" }
        return nil
    }

    public func isEnabled(_ rule: FlagRule) -> Bool { !disabledRules.contains(rule) }

    /// The residual z the no-reliable-improvement rule needs with a curve: ``noImprovementBelowZ``,
    /// else Φ⁻¹(``yellowPercentile``) (0.7722 at the default 0.78).
    public var noImprovementZ: Double {
        noImprovementBelowZ ?? ((try? Normal.quantile(yellowPercentile)) ?? 0.7721932141886848)
    }
}
