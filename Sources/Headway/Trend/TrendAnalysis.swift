// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayStats

/// The time axis of a trend.
public enum TimeAxis: String, Sendable, Hashable, CaseIterable {
    /// Weeks since the episode's first dated score, `(day − firstDay)/7`.
    case weeks
    /// The session number, or the 1-based position of the score when the data has no sessions.
    case session
}

/// Options for ``TrendAnalysis/run(episodes:catalog:options:threads:)``.
public struct TrendOptions: Sendable {
    /// `nil`: weeks when every score of the episode has a date, else session.
    public var time: TimeAxis?
    /// Also fit a robust (bisquare) line.
    public var robust: Bool
    /// Confidence level of the OLS and Theil–Sen slope intervals and the NAP interval.
    public var level: Double
    /// Significance level of the Mann–Kendall test in the interpretation rule.
    public var alpha: Double
    /// The Mann–Kendall test whose p and S drive the interpretation. Default `original`: at the
    /// lengths of therapy episodes the autocorrelation-aware variants do not control false positives
    /// better (simulation in docs/trend.md, `scripts/mk-type1-simulation.py`).
    public var mkMethod: MannKendallMethod
    /// Overrides the catalog's direction for the single-case indices only; the trend interpretation
    /// always follows the measure's direction.
    public var improvement: Improvement?
    /// Goal level for the percent of goal obtained.
    public var goal: Double?
    /// LRR scale and truncation, and how effect sizes are averaged across phase pairs.
    public var singleCase = SingleCaseOptions()

    public init(time: TimeAxis? = nil, robust: Bool = false, level: Double = 0.95, alpha: Double = 0.05,
                improvement: Improvement? = nil, goal: Double? = nil, mkMethod: MannKendallMethod = .original) {
        self.time = time
        self.mkMethod = mkMethod
        self.robust = robust
        self.level = level
        self.alpha = alpha
        self.improvement = improvement
        self.goal = goal
    }
}

/// Why an episode has (or lacks) trend numbers.
public enum TrendStatus: String, Sendable, Hashable {
    case ok
    /// Fewer than 3 scores.
    case insufficientData = "insufficient_data"
    /// `--time weeks` but a score has no date.
    case noDates = "no_dates"
    /// Every score falls at the same time, so no slope exists.
    case constantTime = "constant_time"
}

/// Direction-aware reading of a trend.
public enum TrendInterpretation: String, Sendable, Hashable {
    case improving
    case worsening
    case noClearTrend = "no_clear_trend"
}

/// A robust (bisquare) line.
public struct RobustTrend: Sendable, Equatable {
    public var intercept: Double
    public var slope: Double
    public var slopeSE: Double
}

/// The trend of one episode and measure.
public struct EpisodeTrend: Sendable {
    public var key: EpisodeKey
    public var n: Int
    public var firstDay: Int?
    public var lastDay: Int?
    public var firstScore: Double?
    public var lastScore: Double?
    public var timeAxis: TimeAxis
    /// The time of each score on `timeAxis` (empty when the status is `no_dates`).
    public var times: [Double]
    public var values: [Double]
    /// The phase of each score (all `nil` without a phase column).
    public var phases: [Phase?]
    public var status: TrendStatus
    public var direction: ScoreDirection
    public var ols: OLSTrend?
    public var theilSen: TheilSenTrend?
    public var mannKendall: MannKendallResult?
    /// Autocorrelation-aware Mann–Kendall tests (Hamed–Rao, Yue–Wang, TFPW) and the lag-1 autocorrelation.
    public var mannKendallVariants: MannKendallVariants?
    /// The Mann–Kendall test that drives `interpretation`.
    public var mkMethod: MannKendallMethod = .original
    public var robust: RobustTrend?
    public var interpretation: TrendInterpretation?
    /// The OLS slope in points per week (only when the time axis is weeks).
    public var slopePerWeek: Double? { timeAxis == .weeks ? ols?.slope : nil }
    /// OLS slope divided by the measure's reliable-change threshold: reliable changes per time unit.
    public var slopeInReliableChanges: Double?
    /// Single-case effect sizes, when the episode has phases.
    public var singleCase: SingleCaseSummary?

    /// S and p of the test chosen by `mkMethod` (`nil` when that test could not be computed).
    public var drivingMannKendall: (s: Int, pValue: Double)? {
        switch mkMethod {
        case .original: return mannKendall.map { ($0.s, $0.pValue) }
        case .hamedRao: return mannKendallVariants?.hamedRao.map { ($0.s, $0.pValue) }
        case .yueWang: return mannKendallVariants?.yueWang.map { ($0.s, $0.pValue) }
        case .tfpw: return mannKendallVariants?.tfpw.map { ($0.s, $0.pValue) }
        }
    }
}

/// Per-episode trends over sessions: `TrendAnalysis.run`.
///
/// **Interpretation rule** (Headway's convention): a trend is `improving` when the OLS slope's
/// confidence interval excludes 0, the two-sided p of the Mann–Kendall test chosen by
/// ``TrendOptions/mkMethod`` is below `alpha`, the signs of the OLS slope and of that test's S agree, and
/// that sign is the measure's direction of improvement (down for lower-is-better measures, from the
/// catalog; `--improvement` does not apply); `worsening` under the same conditions in the other
/// direction; otherwise `no_clear_trend` (also when the chosen test cannot be computed, e.g. TFPW with
/// 3 scores).
public enum TrendAnalysis {
    /// The trend of every episode, in input order. `threads`: episodes are analysed on up to this
    /// many threads (``Parallel``); the result does not depend on it.
    public static func run(episodes: [Episode], catalog: MeasureCatalog, options: TrendOptions = TrendOptions(),
                           threads: Int = 1) -> [EpisodeTrend] {
        Parallel.map(episodes, threads: threads, blockSize: 512) { analyse($0, measure: catalog.measure(named: $0.key.measure), options: options) }
    }

    /// The time of each score: weeks since the first dated score, or session numbers.
    /// `nil` when `axis` is weeks and a score has no date.
    public static func times(_ episode: Episode, axis: TimeAxis) -> [Double]? {
        switch axis {
        case .weeks:
            guard let first = episode.firstDay else { return nil }
            var out: [Double] = []
            out.reserveCapacity(episode.scores.count)
            for s in episode.scores {
                guard let d = s.day else { return nil }
                out.append(Double(d - first) / 7)
            }
            return out
        case .session:
            return episode.scores.enumerated().map { Double($1.session ?? ($0 + 1)) }
        }
    }

    public static func analyse(_ episode: Episode, measure: Measure?, options: TrendOptions) -> EpisodeTrend {
        analyse(episode, measure: measure, options: options, full: true)
    }

    /// `full: false` computes only what the flags' worsening-trend rule reads (time axis, OLS and
    /// the original Mann–Kendall test, identical to the full analysis) and leaves Theil–Sen, the
    /// Mann–Kendall variants, the robust line, the single-case indices and the interpretation `nil`.
    static func analyse(_ episode: Episode, measure: Measure?, options: TrendOptions, full: Bool) -> EpisodeTrend {
        let axis = options.time ?? (episode.scores.allSatisfy { $0.day != nil } ? .weeks : .session)
        let values = episode.scores.map(\.value)
        let direction = measure?.direction ?? .lowerIsBetter
        var result = EpisodeTrend(key: episode.key, n: values.count, firstDay: episode.firstDay, lastDay: episode.lastDay,
                                  firstScore: values.first, lastScore: values.last, timeAxis: axis, times: [],
                                  values: values, phases: episode.scores.map(\.phase), status: .ok, direction: direction)
        guard let t = times(episode, axis: axis) else { result.status = .noDates; return result }
        result.times = t
        let improvement = options.improvement ?? Improvement(direction)
        if full, episode.hasPhases {
            result.singleCase = SingleCaseSummary.compute(times: t, scores: episode.scores, improvement: improvement,
                                                          level: options.level, goal: options.goal, options: options.singleCase)
        }
        guard values.count >= 3 else { result.status = .insufficientData; return result }
        guard t.contains(where: { $0 != t[0] }) else { result.status = .constantTime; return result }
        result.ols = try? TrendStatistics.ols(x: t, y: values, level: options.level)
        // Validated once; the tie structure of t and of the scores is shared by Theil–Sen and Mann–Kendall.
        if (try? TrendStatistics.validate(t, values, needed: 3)) != nil {
            let tx = TrendStatistics.TieSums(t), ty = TrendStatistics.TieSums(values)
            if full { result.theilSen = try? TrendStatistics.theilSen(x: t, y: values, level: options.level, tx: tx, ty: ty) }
            result.mannKendall = TrendStatistics.mannKendall(x: t, y: values, tx: tx, ty: ty)
        }
        guard full else { return result }
        result.mkMethod = options.mkMethod
        if let mk = result.mannKendall, let ts = result.theilSen {
            result.mannKendallVariants = TrendStatistics.modifiedMannKendall(x: t, y: values, original: mk, senSlope: ts.slope)
        }
        if options.robust, let fit = try? fitRobust(design: t.map { [1, $0] }, y: values) {
            result.robust = RobustTrend(intercept: fit.coefficients[0], slope: fit.coefficients[1], slopeSE: fit.standardErrors[1])
        }
        if let ols = result.ols, result.mannKendall != nil {
            // The measure's direction, never --improvement (which is for the single-case indices).
            if let test = result.drivingMannKendall {
                result.interpretation = interpret(ols: ols, s: test.s, pValue: test.pValue, direction: direction, alpha: options.alpha)
            } else {
                result.interpretation = .noClearTrend
            }
            if let rc = measure?.reliableChange, rc > 0 { result.slopeInReliableChanges = ols.slope / rc }
        }
        return result
    }

    /// The interpretation rule described on ``TrendAnalysis``, with the original Mann–Kendall test.
    public static func interpret(ols: OLSTrend, mannKendall mk: MannKendallResult, improvement: Improvement,
                                 alpha: Double = 0.05) -> TrendInterpretation {
        interpret(ols: ols, s: mk.s, pValue: mk.pValue, direction: improvement == .increase ? .higherIsBetter : .lowerIsBetter,
                  alpha: alpha)
    }

    /// The interpretation rule described on ``TrendAnalysis``: `s` and `pValue` of any Mann–Kendall
    /// variant, read against the measure's `direction`.
    public static func interpret(ols: OLSTrend, s: Int, pValue: Double, direction: ScoreDirection,
                                 alpha: Double = 0.05) -> TrendInterpretation {
        guard ols.ciExcludesZero, pValue < alpha, (ols.slope > 0) == (s > 0), s != 0 else { return .noClearTrend }
        let up = ols.slope > 0
        return up == (direction == .higherIsBetter) ? .improving : .worsening
    }
}
