// SPDX-License-Identifier: GPL-3.0-or-later

/// Why an episode has (or lacks) single-case effect sizes.
public enum SingleCaseStatus: String, Sendable, Hashable {
    case ok
    /// The episode has phases but phase A or phase B is empty.
    case missingPhase = "missing_phase"
}

/// All single-case effect sizes of one episode (see ``SingleCaseEffects`` for formulas and sources).
///
/// Phase A = every score marked baseline, phase B = every score marked treatment (scores without
/// a phase are left out); the piecewise model takes `t_B` as the earliest B time, i.e. it assumes an AB design.
/// An index that cannot be computed (too few points, zero SD, …) is `nil`.
public struct SingleCaseSummary: Sendable {
    public var status: SingleCaseStatus
    public var improvement: Improvement
    public var nA: Int
    public var nB: Int
    /// The first B time on the trend's time axis (the A/B boundary).
    public var firstBTime: Double?
    public var nap: NAPResult?
    public var tau: Double?
    public var tauU: Double?
    public var baselineCorrectedTau: Double?
    public var pnd: Double?
    public var pem: Double?
    public var pand: Double?
    public var ird: Double?
    public var smdBaseline: SMDResult?
    public var smdPooled: SMDResult?
    public var lrr: LRRResult?
    public var pog: Double?
    public var piecewise: PiecewiseResult?

    public static func compute(times: [Double], scores: [Score], improvement: Improvement, level: Double,
                               goal: Double?) -> SingleCaseSummary {
        var a: [Double] = [], aT: [Double] = [], b: [Double] = [], bT: [Double] = []
        var pwT: [Double] = [], pwY: [Double] = [], pwB: [Bool] = []
        for (i, s) in scores.enumerated() {
            guard let p = s.phase else { continue }
            if p == .baseline { a.append(s.value); aT.append(times[i]) } else { b.append(s.value); bT.append(times[i]) }
            pwT.append(times[i]); pwY.append(s.value); pwB.append(p == .treatment)
        }
        var r = SingleCaseSummary(status: .ok, improvement: improvement, nA: a.count, nB: b.count, firstBTime: bT.min())
        guard !a.isEmpty, !b.isEmpty else { r.status = .missingPhase; return r }
        r.nap = try? SingleCaseEffects.nap(a: a, b: b, improvement: improvement, level: level)
        r.tau = SingleCaseEffects.tau(a: a, b: b, improvement: improvement)
        r.tauU = SingleCaseEffects.tauU(a: a, b: b, improvement: improvement)
        r.baselineCorrectedTau = SingleCaseEffects.baselineCorrectedTau(a: a, aTimes: aT, b: b, bTimes: bT, improvement: improvement)
        r.pnd = SingleCaseEffects.pnd(a: a, b: b, improvement: improvement)
        r.pem = SingleCaseEffects.pem(a: a, b: b, improvement: improvement)
        r.pand = SingleCaseEffects.pand(a: a, b: b, improvement: improvement)
        r.ird = SingleCaseEffects.ird(a: a, b: b, improvement: improvement)
        r.smdBaseline = SingleCaseEffects.smdBaselineSD(a: a, b: b, improvement: improvement, level: level)
        r.smdPooled = SingleCaseEffects.smdPooledSD(a: a, b: b, improvement: improvement, level: level)
        r.lrr = SingleCaseEffects.lrr(a: a, b: b)
        if let goal { r.pog = SingleCaseEffects.pog(a: a, b: b, goal: goal) }
        r.piecewise = try? SingleCaseEffects.piecewise(times: pwT, values: pwY, isB: pwB)
        return r
    }
}
