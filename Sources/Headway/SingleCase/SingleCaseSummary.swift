// SPDX-License-Identifier: GPL-3.0-or-later

/// Why an episode has (or lacks) single-case effect sizes.
public enum SingleCaseStatus: String, Sendable, Hashable {
    case ok
    /// The episode has phases but no A phase with a matching B phase.
    case missingPhase = "missing_phase"
}

/// How effect sizes are averaged across the phase pairs of one series (SingleCaseES `batch_calc_ES`,
/// `aggregate` with `weighting`).
public enum PairWeighting: String, Sendable, Hashable, CaseIterable {
    /// Arithmetic mean (SingleCaseES's default): `Ē = Σ Eₖ/K`, `SE = sqrt(Σ SEₖ²)/K` (independent pairs).
    case equal
    /// Inverse-variance weights `wₖ = 1/SEₖ²`: `Ē = Σ wₖEₖ/Σ wₖ`, `SE = 1/sqrt(Σ wₖ)` (SingleCaseES `"1/V"`).
    /// Indices without an SE get no average.
    case inverseVariance = "inverse-variance"
}

/// Settings of the single-case analysis beyond direction, level and goal.
public struct SingleCaseOptions: Sendable, Hashable {
    /// Scale and truncation of the log response ratios.
    public var lrr: LRRSettings
    /// Averaging across phase pairs.
    public var weighting: PairWeighting

    public init(lrr: LRRSettings = LRRSettings(), weighting: PairWeighting = .equal) {
        self.lrr = lrr; self.weighting = weighting
    }
}

/// One effect size of one comparison in the layout of SingleCaseES `batch_calc_ES(format = "long")`.
public struct EffectSizeEstimate: Sendable, Equatable {
    /// The index: `NAP`, `Tau`, `Tau_U`, `Tau_BC`, `Tau_BC_Kendall`, `PND`, `PEM`, `PAND`, `IRD`,
    /// `SMD_baseline`, `SMD_pooled`, `LRRi`, `LRRd`, `PoGO`.
    public var name: String
    public var estimate: Double
    public var se: Double?
    public var ciLower: Double?
    public var ciUpper: Double?
    /// Baseline and treatment observations behind the estimate (summed over pairs for an average).
    public var nA: Int
    public var nB: Int
    /// Phase pairs averaged (1 for a single comparison).
    public var pairs: Int

    public init(name: String, estimate: Double, se: Double? = nil, ciLower: Double? = nil, ciUpper: Double? = nil,
                nA: Int, nB: Int, pairs: Int = 1) {
        self.name = name; self.estimate = estimate; self.se = se; self.ciLower = ciLower; self.ciUpper = ciUpper
        self.nA = nA; self.nB = nB; self.pairs = pairs
    }
}

/// The effect sizes of one A→B phase pair.
public struct PhasePairEffects: Sendable {
    /// 1-based pair number: the k-th A phase with the k-th B phase.
    public var pair: Int
    public var nA: Int
    public var nB: Int
    public var nap: NAPResult?
    public var tau: TauResult?
    public var tauU: IntervalEstimate?
    public var tauBC: TauBCResult?
    public var pnd: Double?
    public var pem: Double?
    public var pand: Double?
    public var ird: Double?
    public var smdBaseline: SMDResult?
    public var smdPooled: SMDResult?
    /// LRR on the raw values (not oriented), truncated with the scale's `D`.
    public var lrr: LRRResult?
    public var lrri: LRRResult?
    public var lrrd: LRRResult?
    public var pog: IntervalEstimate?

    static func compute(pair: Int, a: [Double], aT: [Double], b: [Double], bT: [Double], improvement: Improvement,
                        level: Double, goal: Double?, options: SingleCaseOptions) -> PhasePairEffects {
        typealias E = SingleCaseEffects
        var r = PhasePairEffects(pair: pair, nA: a.count, nB: b.count)
        r.nap = try? E.nap(a: a, b: b, improvement: improvement, level: level)
        r.tau = r.nap.map(TauResult.init)
        r.tauU = E.tauUInterval(a: a, b: b, improvement: improvement, level: level)
        r.tauBC = E.baselineCorrectedTauInterval(a: a, aTimes: aT, b: b, bTimes: bT, improvement: improvement, level: level)
        r.pnd = E.pnd(a: a, b: b, improvement: improvement)
        r.pem = E.pem(a: a, b: b, improvement: improvement)
        r.pand = E.pand(a: a, b: b, improvement: improvement)
        r.ird = E.ird(a: a, b: b, improvement: improvement)
        r.smdBaseline = E.smdBaselineSD(a: a, b: b, improvement: improvement, level: level)
        r.smdPooled = E.smdPooledSD(a: a, b: b, improvement: improvement, level: level)
        r.lrr = E.lrr(a: a, b: b, truncation: options.lrr.truncationConstant, level: level)
        r.lrri = E.lrr(.increasing, a: a, b: b, improvement: improvement, settings: options.lrr, level: level)
        r.lrrd = E.lrr(.decreasing, a: a, b: b, improvement: improvement, settings: options.lrr, level: level)
        if let goal { r.pog = E.pogInterval(a: a, b: b, goal: goal, level: level) }
        return r
    }

    /// Every available index, in the order of the long output.
    public var estimates: [EffectSizeEstimate] {
        var out: [EffectSizeEstimate] = []
        func add(_ name: String, _ e: Double?, _ se: Double? = nil, _ lo: Double? = nil, _ hi: Double? = nil) {
            guard let e, e.isFinite else { return }
            out.append(EffectSizeEstimate(name: name, estimate: e, se: se, ciLower: lo, ciUpper: hi, nA: nA, nB: nB, pairs: 1))
        }
        func add(_ name: String, _ i: IntervalEstimate?) { if let i { add(name, i.estimate, i.se, i.ciLower, i.ciUpper) } }
        func add(_ name: String, _ l: LRRResult?) { if let l { add(name, l.lrr, l.se, l.ciLower, l.ciUpper) } }
        if let n = nap { add("NAP", n.nap, n.se, n.ciLower, n.ciUpper) }
        if let t = tau { add("Tau", t.tau, t.se, t.ciLower, t.ciUpper) }
        add("Tau_U", tauU)
        if let t = tauBC {
            add("Tau_BC", t.nonOverlap.tau, t.nonOverlap.se, t.nonOverlap.ciLower, t.nonOverlap.ciUpper)
            add("Tau_BC_Kendall", t.kendall)
        }
        add("PND", pnd); add("PEM", pem); add("PAND", pand); add("IRD", ird)
        if let s = smdBaseline { add("SMD_baseline", s.g, s.se, s.ciLower, s.ciUpper) }
        if let s = smdPooled { add("SMD_pooled", s.g, s.se, s.ciLower, s.ciUpper) }
        add("LRRi", lrri); add("LRRd", lrrd)
        add("PoGO", pog)
        return out
    }
}

/// All single-case effect sizes of one episode (see ``SingleCaseEffects`` for formulas and sources).
///
/// **Phase pairs** (SingleCaseES `calc_phase_pairs`, or its `aggregate = Phase_num` use): when the file has a
/// `phase_pair` column, the A and B scores sharing a pair number form a pair (numbers without both phases are
/// skipped). Otherwise the phased scores, in time order, form runs of equal phase (scores without a phase are
/// skipped and do not break a run) and the k-th A run is paired with the k-th B run. An AB design has one pair; ABAB has two (A₁B₁, A₂B₂); a multiple-baseline series within a file is one
/// AB pair per episode. A run without a partner (the last A of ABA) is left out. Effect sizes are computed per
/// pair and, with two or more pairs, averaged across pairs (``PairWeighting``); ``estimates`` holds the
/// single pair's values or the averages. The piecewise regression is fitted for single-pair designs only.
/// An index that cannot be computed (too few points, zero SD, …) is `nil`.
public struct SingleCaseSummary: Sendable {
    public var status: SingleCaseStatus
    public var improvement: Improvement
    /// Paired baseline and treatment scores, over all pairs.
    public var nA: Int
    public var nB: Int
    /// The first B time on the trend's time axis (the first A/B boundary).
    public var firstBTime: Double?
    public var pairs: [PhasePairEffects]
    /// The single pair's estimates, or with several pairs their averages.
    public var estimates: [EffectSizeEstimate]
    public var weighting: PairWeighting
    public var piecewise: PiecewiseResult?

    /// The only pair, when the design has exactly one.
    public var single: PhasePairEffects? { pairs.count == 1 ? pairs[0] : nil }
    public var nap: NAPResult? { single?.nap }
    public var tau: Double? { single?.tau?.tau }
    public var tauU: Double? { single?.tauU?.estimate }
    public var baselineCorrectedTau: Double? { single?.tauBC?.nonOverlap.tau }
    public var pnd: Double? { single?.pnd }
    public var pem: Double? { single?.pem }
    public var pand: Double? { single?.pand }
    public var ird: Double? { single?.ird }
    public var smdBaseline: SMDResult? { single?.smdBaseline }
    public var smdPooled: SMDResult? { single?.smdPooled }
    public var lrr: LRRResult? { single?.lrr }
    public var pog: Double? { single?.pog?.estimate }

    /// The estimate named `name` in ``estimates``.
    public func estimate(_ name: String) -> EffectSizeEstimate? { estimates.first { $0.name == name } }

    /// Phase pairs `(number, A indices, B indices)` into `scores`, by the rules above: by the `phase_pair`
    /// numbers when any phased score has one (in increasing number; phased scores without a number are left
    /// out), else the k-th A run with the k-th B run (numbered k).
    static func phasePairs<C: RandomAccessCollection<Score>>(_ scores: C) -> [(pair: Int, a: [Int], b: [Int])] where C.Index == Int {
        if scores.contains(where: { $0.phase != nil && $0.phasePair != nil }) {
            var groups: [Int: (a: [Int], b: [Int])] = [:]
            for (i, s) in scores.enumerated() {
                guard let p = s.phase, let k = s.phasePair else { continue }
                if p == .baseline { groups[k, default: ([], [])].a.append(i) } else { groups[k, default: ([], [])].b.append(i) }
            }
            return groups.keys.sorted().compactMap { k in
                let g = groups[k]!
                return g.a.isEmpty || g.b.isEmpty ? nil : (k, g.a, g.b)
            }
        }
        var aRuns: [[Int]] = [], bRuns: [[Int]] = []
        var last: Phase? = nil
        for (i, s) in scores.enumerated() {
            guard let p = s.phase else { continue }
            if p != last { if p == .baseline { aRuns.append([]) } else { bRuns.append([]) } }
            if p == .baseline { aRuns[aRuns.count - 1].append(i) } else { bRuns[bRuns.count - 1].append(i) }
            last = p
        }
        return (0..<min(aRuns.count, bRuns.count)).map { ($0 + 1, aRuns[$0], bRuns[$0]) }
    }

    public static func compute<C: RandomAccessCollection<Score>>(times: [Double], scores: C, improvement: Improvement, level: Double,
                                                                goal: Double?, options: SingleCaseOptions = SingleCaseOptions()) -> SingleCaseSummary
        where C.Index == Int {
        let runs = phasePairs(scores)
        let firstB = zip(times, scores).first { $0.1.phase == .treatment }?.0
        var r = SingleCaseSummary(status: .ok, improvement: improvement, nA: 0, nB: 0, firstBTime: firstB, pairs: [],
                                  estimates: [], weighting: options.weighting, piecewise: nil)
        guard !runs.isEmpty else { r.status = .missingPhase; return r }
        for run in runs {
            let a = run.a.map { scores[$0].value }, b = run.b.map { scores[$0].value }
            let aT = run.a.map { times[$0] }, bT = run.b.map { times[$0] }
            r.pairs.append(PhasePairEffects.compute(pair: run.pair, a: a, aT: aT, b: b, bT: bT, improvement: improvement,
                                                    level: level, goal: goal, options: options))
            r.nA += a.count; r.nB += b.count
        }
        if runs.count == 1 {
            r.estimates = r.pairs[0].estimates
            let idx = (runs[0].a + runs[0].b).sorted()
            r.piecewise = try? SingleCaseEffects.piecewise(times: idx.map { times[$0] }, values: idx.map { scores[$0].value },
                                                           isB: idx.map { scores[$0].phase == .treatment })
        } else {
            r.estimates = average(r.pairs.map(\.estimates), weighting: options.weighting, level: level)
        }
        return r
    }

    /// Averages each index over the pairs that have it (order of the first pair's list, then any others).
    static func average(_ perPair: [[EffectSizeEstimate]], weighting: PairWeighting, level: Double) -> [EffectSizeEstimate] {
        var names: [String] = []
        for list in perPair { for e in list where !names.contains(e.name) { names.append(e.name) } }
        return names.compactMap { name in
            let items = perPair.compactMap { $0.first { $0.name == name } }
            return SingleCaseAggregate.combine(items, weighting: weighting, level: level)
        }
    }
}

/// Averages of effect sizes: across the phase pairs of one series, and across the series of a study.
public enum SingleCaseAggregate {
    /// Combines estimates of one index (see ``PairWeighting`` for the formulas). The CI is `Ē ± z·SE`.
    /// Equal weights: the SE only when every item has one. Inverse variance: `nil` unless every item has
    /// an SE > 0. `nA`, `nB` and `pairs` are summed.
    public static func combine(_ items: [EffectSizeEstimate], weighting: PairWeighting, level: Double) -> EffectSizeEstimate? {
        guard let first = items.first else { return nil }
        let nA = items.reduce(0) { $0 + $1.nA }, nB = items.reduce(0) { $0 + $1.nB }, k = items.reduce(0) { $0 + $1.pairs }
        let ses = items.compactMap(\.se)
        let est: Double, se: Double?
        switch weighting {
        case .equal:
            est = items.reduce(0) { $0 + $1.estimate } / Double(items.count)
            se = ses.count == items.count ? ses.reduce(0) { $0 + $1 * $1 }.squareRoot() / Double(items.count) : nil
        case .inverseVariance:
            guard ses.count == items.count, ses.allSatisfy({ $0 > 0 }) else { return nil }
            let w = ses.map { 1 / ($0 * $0) }, sw = w.reduce(0, +)
            est = zip(w, items).reduce(0) { $0 + $1.0 * $1.1.estimate } / sw
            se = (1 / sw).squareRoot()
        }
        let i = IntervalEstimate(wald: est, se: se, level: level)
        var lo = i.ciLower, hi = i.ciUpper
        if let r = range(of: first.name) {
            lo = lo.map { min(max($0, r.lowerBound), r.upperBound) }; hi = hi.map { min(max($0, r.lowerBound), r.upperBound) }
        }
        return EffectSizeEstimate(name: first.name, estimate: est, se: se, ciLower: lo, ciUpper: hi, nA: nA, nB: nB, pairs: k)
    }

    /// The range of a bounded index, to which an averaged Wald CI is clipped: NAP, PND, PEM, PAND in [0, 1];
    /// Tau, Tau-BC (both forms) and IRD in [−1, 1]. Tau-U, SMDs, LRRs and PoGO are unbounded.
    static func range(of name: String) -> ClosedRange<Double>? {
        switch name {
        case "NAP", "PND", "PEM", "PAND": return 0...1
        case "Tau", "Tau_BC", "Tau_BC_Kendall", "IRD": return -1...1
        default: return nil
        }
    }

    /// The indices ``study(_:level:)`` averages: those whose SE is a delta-method sampling SE on an unbounded scale.
    public static let studyIndices = ["SMD_baseline", "SMD_pooled", "LRRi", "LRRd"]
}

/// The inverse-variance average of one index over the series (episodes) of one measure.
public struct StudyEstimate: Sendable, Equatable {
    public var measure: String
    /// Series averaged.
    public var series: Int
    /// `pairs` in it counts the phase pairs behind the average.
    public var estimate: EffectSizeEstimate
}

extension SingleCaseAggregate {
    /// Batch aggregation across the series of a study (a clinic's single-case portfolio), per measure and index:
    /// the fixed-effect inverse-variance mean `Ē = Σ wᵢEᵢ/Σ wᵢ`, `wᵢ = 1/SEᵢ²`, `SE = 1/sqrt(Σ wᵢ)`, CI `Ē ± z·SE`,
    /// over every series whose estimate of that index has an SE > 0 (each series contributes its
    /// ``SingleCaseSummary/estimates`` value, i.e. its average over phase pairs). Only ``studyIndices``
    /// (LRRi, LRRd and the two SMDs) are averaged: their SEs are large-sample SEs on an unbounded scale,
    /// as an inverse-variance mean needs (the bounded non-overlap indices would need a transformation, and
    /// PND/PEM/PAND/IRD have no SE). It assumes independent series and one common effect (no between-series
    /// variance).
    public static func study(_ series: [(measure: String, summary: SingleCaseSummary)], level: Double) -> [StudyEstimate] {
        var measures: [String] = []
        for s in series where !measures.contains(s.measure) { measures.append(s.measure) }
        var out: [StudyEstimate] = []
        for measure in measures {
            let lists = series.filter { $0.measure == measure && $0.summary.status == .ok }.map(\.summary.estimates)
            for name in studyIndices {
                let items = lists.compactMap { $0.first { $0.name == name } }.filter { ($0.se ?? 0) > 0 }
                guard let c = combine(items, weighting: .inverseVariance, level: level) else { continue }
                out.append(StudyEstimate(measure: measure, series: items.count, estimate: c))
            }
        }
        return out
    }
}
