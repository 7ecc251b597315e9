// SPDX-License-Identifier: GPL-3.0-or-later
// The typed results of `headway change`.

/// Clinical-significance category of one episode (Jacobson & Truax 1991, p. 16, extended).
public enum ChangeCategory: String, Sendable, Hashable, CaseIterable {
    /// Clinical at pre, functional at post, reliably improved.
    case recovered
    /// Reliably improved but not recovered (or no cut-off).
    case improved
    /// No reliable change.
    case unchanged
    /// Reliably deteriorated and not harmed.
    case deteriorated
    /// Functional at pre and reliably deteriorated.
    case harmed
}

/// Per-row status: `ok`, or why numbers are missing.
public enum ChangeStatus: String, Sendable, Hashable, CaseIterable {
    case ok
    /// One score only, or the pre/post selector matched nothing (no numbers).
    case insufficientData = "insufficient_data"
    /// No usable reliability (no reliable change).
    case noReliability = "no_reliability"
    /// Zero or undefined SD (no reliable change).
    case zeroSD = "zero_sd"
    /// `--sd norm` but the measure has no clinical SD (no reliable change).
    case missingSD = "missing_sd"
    /// Percentage criterion with a pre score of 0 or below: the percentage change is undefined
    /// (no category).
    case undefinedPercentage = "undefined_percentage"
    /// `published` method but no published threshold (no reliable change).
    case noThreshold = "no_threshold"
    /// Reliable change computed, but no clinical cut-off (missing norms): no clinical
    /// significance; the category is improved/unchanged/deteriorated.
    case noNorms = "no_norms"

    init(_ p: ChangeProblem) {
        switch p {
        case .insufficientData: self = .insufficientData
        case .noReliability: self = .noReliability
        case .zeroSD: self = .zeroSD
        case .missingSD: self = .missingSD
        case .undefinedPercentage: self = .undefinedPercentage
        case .noThreshold: self = .noThreshold
        case .noNorms: self = .noNorms
        }
    }
}

/// The classification of one pre/post pair (what ``ChangeAnalysis/classify(pre:post:parameters:)`` returns).
public struct ChangeClassification: Sendable, Hashable {
    /// The index (z; raw points for `.published`; percent for `.percentage`); `nil` when it cannot be computed.
    public var index: Double?
    public var reliableDirection: ReliableDirection?
    /// The pre score is on the clinical side of the cut-off.
    public var clinicalPre: Bool?
    /// The post score is on the functional side of the cut-off (`.ha`: its true-score estimate
    /// is reliably beyond the corrected cut-off), whatever the pre score: it describes the post
    /// state, and the paired NHS Talking Therapies rules need it for a client who was a case on
    /// only one measure. clinicalsignificance's HA output reports `functional_post` false when
    /// the pre score was not clinical; the categories agree because recovered needs both.
    public var functionalPost: Bool?
    public var category: ChangeCategory?
    public var status: ChangeStatus
}

/// One client episode and measure, compared pre to post.
public struct EpisodeChange: Sendable, Hashable {
    public var key: EpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var group: String?
    public var scoreCount: Int
    public var preSession: Int?
    public var preDay: Int?
    public var postSession: Int?
    public var postDay: Int?
    public var pre: Double?
    public var post: Double?
    /// post − pre.
    public var change: Double?
    public var method: ChangeMethod?
    /// Reliable-change index of `method` (z; points for `.published`; percent change for
    /// `.percentage`).
    public var rci: Double?
    /// Critical |z| (z methods), the published threshold in points, or the improvement
    /// percentage (`.percentage`).
    public var threshold: Double?
    public var reliableDirection: ReliableDirection?
    /// Reliable Trend Index over the scores from pre to post, when there are more than two.
    public var rti: Double?
    public var rtiDirection: ReliableDirection?
    public var cutoffKind: CutoffKind?
    public var cutoff: Double?
    /// The pre score is on the clinical side of the cut-off.
    public var clinicalPre: Bool?
    /// The post score is on the functional side of the cut-off (`.ha`: its true-score estimate
    /// is reliably beyond the corrected cut-off), whatever the pre score: it describes the post
    /// state, and the paired NHS Talking Therapies rules need it for a client who was a case on
    /// only one measure. clinicalsignificance's HA output reports `functional_post` false when
    /// the pre score was not clinical; the categories agree because recovered needs both.
    public var functionalPost: Bool?
    public var category: ChangeCategory?
    public var status: ChangeStatus

    public init(key: EpisodeKey, clinicianID: String? = nil, site: String? = nil, group: String? = nil,
                scoreCount: Int, status: ChangeStatus = .insufficientData) {
        self.key = key
        self.clinicianID = clinicianID
        self.site = site
        self.group = group
        self.scoreCount = scoreCount
        self.status = status
    }
}

/// The parameters used for one measure.
public struct ChangeParameters: Sendable, Hashable {
    public var measure: String
    public var reliable: ReliableChangeParameters
    /// Set when no reliable-change index can be computed for this measure.
    public var problem: ChangeProblem?
    public var cutoff: ClinicalCutoff?
    /// The norms the cut-off was computed from (after overrides).
    public var norms: Norms
    /// Two-sided critical z for the Reliable Trend Index.
    public var trendCriticalValue: Double

    public init(measure: String, reliable: ReliableChangeParameters, problem: ChangeProblem? = nil,
                cutoff: ClinicalCutoff? = nil, norms: Norms = Norms(), trendCriticalValue: Double = 1.959963984540054) {
        self.measure = measure
        self.reliable = reliable
        self.problem = problem
        self.cutoff = cutoff
        self.norms = norms
        self.trendCriticalValue = trendCriticalValue
    }
}

/// Hageman & Arrindell (1999) group-level results for one measure.
public struct HAGroupLevel: Sendable, Hashable {
    public var measure: String
    /// Proportion of the sample whose true change is in the better direction:
    /// Φ(M_D⁺ / (√r_dd · S_D)), M_D = M2 − M1 the signed mean change, M_D⁺ = M_D when higher
    /// is better and −M_D when lower is better, S_D the SD of the observed differences (the true
    /// differences are N(M_D, r_dd·S_D²); Hageman & Arrindell 1999). A sample that worsens on
    /// average gets less than 50 %.
    public var changed: Double
    /// Proportion whose true post score lies on the functional side of the HA cut-off:
    /// Φ((c_HA − M2) / √(S2² − SE²)) when lower is better (mirrored otherwise).
    public var functional: Double?
}

/// Everything `ChangeAnalysis.run` returns.
public struct ChangeResult: Sendable {
    /// In episode order (client, episode, measure).
    public var episodes: [EpisodeChange]
    /// Keyed by measure name.
    public var parameters: [String: ChangeParameters]
    /// Keyed by measure name, for measures analysed with `.ha`.
    public var haGroupLevel: [String: HAGroupLevel]
}

/// What every row of a change run shares (``ChangeAnalysis/plan(episodes:catalog:options:threads:)``):
/// the options and the per-measure parameters computed from the analysed episodes.
public struct ChangePlan: Sendable {
    public var options: ChangeOptions
    /// Keyed by measure name.
    public var parameters: [String: ChangeParameters]
    /// Keyed by measure name, for measures analysed with `.ha`.
    public var haGroupLevel: [String: HAGroupLevel]
}

/// The index and threshold of ``EpisodeChange`` in one unit each (docs/output.md: a column's
/// unit never changes with an option). ``EpisodeChange/rci`` and ``EpisodeChange/threshold``
/// hold whatever the method works in; these split them by unit.
extension EpisodeChange {
    /// The reliable-change index as a z (jt, gln, hll, en, nk, ha); `nil` for `.published`
    /// and `.percentage`, which give no z.
    public var rciZ: Double? { method?.isZ == true ? rci : nil }
    /// The critical |z| of a z method (1.96 two-sided at α .05; 1.645 one-sided for `.ha`).
    public var rciCriticalZ: Double? { method?.isZ == true ? threshold : nil }
    /// `.percentage`: the percent change from the pre score, 100·(post − pre)/pre.
    public var changePercent: Double? { method == .percentage ? rci : nil }
    /// `.percentage`: the change in the better direction, in percent, that is an improvement.
    public var thresholdPercentImprovement: Double? { method == .percentage ? threshold : nil }

    /// The reliable change in score points: the published threshold (`.published`) or
    /// critical z · S_diff (`.jt`, ``ReliableChangeParameters/thresholdPoints``); `nil` for
    /// methods whose threshold in points depends on the pre score, and when the measure has a
    /// problem (no threshold at all). `parameters` are the measure's (``ChangeResult/parameters``).
    public func thresholdPoints(_ parameters: ChangeParameters?) -> Double? {
        switch method {
        case .published?: return threshold
        case .jt?: return threshold == nil ? nil : parameters?.reliable.thresholdPoints
        default: return nil
        }
    }

    /// `.percentage`: the change in the worse direction, in percent, that is a deterioration
    /// (`--pct-deterioration`, by default the improvement threshold).
    public func thresholdPercentDeterioration(_ parameters: ChangeParameters?) -> Double? {
        guard method == .percentage, let improvement = threshold else { return nil }
        return parameters?.reliable.percentDeterioration ?? improvement
    }
}
