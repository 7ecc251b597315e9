// SPDX-License-Identifier: GPL-3.0-or-later
// What `ChangeAnalysis` compares and how it classifies change.
import HeadwayCSV

/// How reliable change is decided.
///
/// Notation (all methods): x1 pre score, x2 post score, M1/S1 and M2/S2 mean and SD of the
/// pre and post scores, r the reliability, r12 the pre–post correlation, SE = S·√(1−r) the
/// standard error of measurement (S the chosen SD, see ``SDSource``), S_diff = √2·SE.
public enum ChangeMethod: String, Sendable, Hashable, CaseIterable {
    /// Jacobson & Truax (1991): RC = (x2 − x1) / S_diff, two-sided critical z (1.96).
    case jt
    /// Gulliksen–Lord–Novick (Bauer, Lambert & Nielsen 2004):
    /// RC = [(x2 − M1) − r(x1 − M1)] / (S·√(1 − r²)).
    case gln
    /// Hsu–Linn–Lord (Hsu 1989, 1995; Bauer et al. 2004):
    /// RC = [(x2 − M2) − r(x1 − M1)] / (S·√(1 − r²)).
    case hll
    /// Edwards–Nunnally (Speer 1992; Bauer et al. 2004): the post score is reliably different
    /// when it lies outside [M1 + r(x1 − M1)] ± z·S·√(1 − r); reported as
    /// RC = (x2 − [M1 + r(x1 − M1)]) / (S·√(1 − r)).
    case en
    /// Nunnally & Kotsch (1983; Bauer, Lambert & Nielsen 2004; Wise 2004), with a separate
    /// post reliability r2: RC = [(x2 − M1) − r(x1 − M1)] / (S·√(r²(1 − r) + (1 − r2))).
    /// r²(1 − r)·S² is the error variance of the true-score estimate M1 + r(x1 − M1) and
    /// (1 − r2)·S² that of the post score; with r2 = r it is still not GLN (S·√(1 − r²)).
    /// Same denominator as the R package clinicalsignificance (`cs_nk`).
    case nk
    /// Hageman & Arrindell (1999): one-sided critical z (1.645),
    /// RC = [(x2 − x1)·r_dd + (M2 − M1)(1 − r_dd)] / √(r_dd · 2SE²),
    /// r_dd = 1 − 2SE² / S_D² (S_D² = S1² + S2² − 2·S1·S2·r12).
    case ha
    /// A published reliable-change threshold in points (catalog `reliableChange`): a change of
    /// at least that many points in one direction is reliable ("at least" semantics).
    case published
    /// Percentage change from the pre score (the "response" criterion, e.g. a ≥ 50 % reduction
    /// on the PHQ-9 or HAMD; the R package clinicalsignificance's `cs_percentage`):
    /// index P = 100·(x2 − x1)/x1; improved when the change in the better direction is at least
    /// `ChangeOptions.percentImprovement` percent (−P ≥ X when lower is better, P ≥ X when higher
    /// is better), deteriorated when it is at least `percentDeterioration` percent the other way.
    /// Defined only for x1 > 0 (status `undefined_percentage` otherwise). Needs no reliability or SD.
    case percentage

    /// Hageman & Arrindell test one-sided; the others two-sided.
    public var isOneSided: Bool { self == .ha }

    /// Whether the method's index is a z value with a critical |z| (jt, gln, hll, en, nk, ha);
    /// `.published` works in points and `.percentage` in percent of the pre score.
    public var isZ: Bool { self != .published && self != .percentage }

    public var displayName: String {
        switch self {
        case .jt: return "Jacobson-Truax"
        case .gln: return "Gulliksen-Lord-Novick"
        case .hll: return "Hsu-Linn-Lord"
        case .en: return "Edwards-Nunnally"
        case .nk: return "Nunnally-Kotsch"
        case .ha: return "Hageman-Arrindell"
        case .published: return "published threshold"
        case .percentage: return "percentage change"
        }
    }
}

/// Which SD the standard error of measurement uses.
public enum SDSource: String, Sendable, Hashable, CaseIterable {
    /// The SD of the pre scores of the analysed episodes of that measure (as the
    /// R package clinicalsignificance does).
    case sample
    /// The catalog's clinical-sample SD (`Measure.clinicalSD`, or `ChangeOptions.clinicalSD`).
    case norm
}

/// Which clinical cut-off separates the clinical from the functional range
/// (Jacobson & Truax 1991, p. 13).
public enum CutoffKind: String, Sendable, Hashable, CaseIterable {
    /// a: two clinical SDs beyond the clinical mean towards health: Mc ∓ 2·Sc.
    case a
    /// b: two functional SDs beyond the functional mean towards illness: Mf ± 2·Sf
    /// (Jacobson & Truax use the functional SD; clinicalsignificance uses the clinical SD).
    case b
    /// c: the point between the two distributions weighted by their SDs:
    /// (Sc·Mf + Sf·Mc) / (Sc + Sf).
    case c
    /// The catalog's published cut-off (`Measure.cutoff`).
    case published
}

/// Which score of an episode is the pre (or post) score.
public enum ScoreSelector: Sendable, Hashable, CustomStringConvertible {
    case first
    case last
    /// The score with this session number.
    case session(Int)
    /// The score on this day (days since 1970-01-01); without one, the nearest score inside
    /// the episode: for pre the first on or after the day, for post the last on or before it.
    case date(Int)

    /// Parses `first`, `last`, `session:N`, `date:YYYY-MM-DD`.
    public init?(text: String) {
        let t = text.trimmingSpaces().lowercased()
        if t == "first" { self = .first; return }
        if t == "last" { self = .last; return }
        if t.hasPrefix("session:"), let n = Int(t.dropFirst(8)) { self = .session(n); return }
        if t.hasPrefix("date:"), let d = Self.parseDay(String(t.dropFirst(5))) { self = .date(d); return }
        return nil
    }

    static func parseDay(_ s: String) -> Int? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { FieldParser.isoDate(UnsafeBufferPointer($0)) }
    }

    public var description: String {
        switch self {
        case .first: return "first"
        case .last: return "last"
        case .session(let n): return "session:\(n)"
        case .date(let d): return "date:\(CivilCalendar.isoString(days: d))"
        }
    }
}

/// Everything `ChangeAnalysis.run` needs besides the data and the catalog.
public struct ChangeOptions: Sendable, Hashable {
    /// `nil` = automatic: `.published` when the measure has a published reliable-change
    /// threshold (PHQ-9 6, GAD-7 4, OQ-45 14, ORS 5 — the NHS Talking Therapies convention),
    /// else `.jt`.
    public var method: ChangeMethod?
    public var sdSource: SDSource
    /// Overrides the catalog reliability (must lie in (0, 1)).
    public var reliability: Double?
    /// Post reliability for Nunnally–Kotsch (default: the pre reliability).
    public var postReliability: Double?
    /// Type I error rate: critical z = Φ⁻¹(1 − α/2) two-sided, Φ⁻¹(1 − α) one-sided (HA).
    public var alpha: Double
    /// `nil` = automatic: the published cut-off when the catalog has one, else c.
    public var cutoff: CutoffKind?
    public var clinicalMean: Double?
    public var clinicalSD: Double?
    public var functionalMean: Double?
    public var functionalSD: Double?
    public var pre: ScoreSelector
    public var post: ScoreSelector
    /// `.percentage`: the change in the better direction, in percent of the pre score, that
    /// counts as improved ("at least"; default 50, must be > 0).
    public var percentImprovement: Double
    /// `.percentage`: the change in the worse direction, in percent, that counts as
    /// deteriorated (`nil` = the same as `percentImprovement`, as in clinicalsignificance).
    public var percentDeterioration: Double?

    public init(method: ChangeMethod? = nil, sdSource: SDSource = .sample, reliability: Double? = nil,
                postReliability: Double? = nil, alpha: Double = 0.05, cutoff: CutoffKind? = nil,
                clinicalMean: Double? = nil, clinicalSD: Double? = nil,
                functionalMean: Double? = nil, functionalSD: Double? = nil,
                pre: ScoreSelector = .first, post: ScoreSelector = .last,
                percentImprovement: Double = 50, percentDeterioration: Double? = nil) {
        self.method = method
        self.sdSource = sdSource
        self.reliability = reliability
        self.postReliability = postReliability
        self.alpha = alpha
        self.cutoff = cutoff
        self.clinicalMean = clinicalMean
        self.clinicalSD = clinicalSD
        self.functionalMean = functionalMean
        self.functionalSD = functionalSD
        self.pre = pre
        self.post = post
        self.percentImprovement = percentImprovement
        self.percentDeterioration = percentDeterioration
    }

    /// The largest percentage accepted for `percentImprovement` and `percentDeterioration`.
    public static let percentLimit = 10_000.0

    /// A description of the first invalid option (named as the command-line option), or `nil`.
    ///
    /// Reliabilities and α lie strictly between 0 and 1; norms (means and SDs) lie within the
    /// catalog's number range ±``MeasureCatalog/numberLimit`` (10⁹) and SDs are positive, so a
    /// cut-off computed from them is finite (a clinical SD of 10³⁰⁸ made the chart legend
    /// print "cut-off nan", issue 18 item 6); percentages lie in (0, 10 000].
    public var problem: String? {
        for (name, v) in [("--reliability", reliability), ("--post-reliability", postReliability)] {
            if let v, !(v > 0 && v < 1) { return "\(name) must lie strictly between 0 and 1" }
        }
        if !(alpha > 0 && alpha < 1) { return "--alpha must lie strictly between 0 and 1" }
        let limit = MeasureCatalog.numberLimit
        for (name, v) in [("--clinical-mean", clinicalMean), ("--functional-mean", functionalMean)] {
            if let v, !(v.isFinite && abs(v) <= limit) { return "\(name) must be a number from -1e9 to 1e9" }
        }
        for (name, v) in [("--clinical-sd", clinicalSD), ("--functional-sd", functionalSD)] {
            if let v, !(v > 0 && v <= limit) { return "\(name) must be greater than 0 and at most 1e9" }
        }
        for (name, v) in [("--pct-improvement", percentImprovement), ("--pct-deterioration", percentDeterioration)] {
            if let v, !(v > 0 && v <= Self.percentLimit) { return "\(name) must be a percentage greater than 0 and at most 10000" }
        }
        if case .session(let n) = pre, !(0...ObservationLoader.maxSession).contains(n) { return "--pre: the session must lie in 0…\(ObservationLoader.maxSession)" }
        if case .session(let n) = post, !(0...ObservationLoader.maxSession).contains(n) { return "--post: the session must lie in 0…\(ObservationLoader.maxSession)" }
        return nil
    }
}
