// SPDX-License-Identifier: GPL-3.0-or-later
// Clinical cut-offs a, b, c (Jacobson & Truax 1991) and Hageman & Arrindell's (1999)
// reliability-corrected versions.

/// Normative means and SDs of the clinical (dysfunctional) and functional populations.
public struct Norms: Sendable, Hashable {
    public var clinicalMean: Double?
    public var clinicalSD: Double?
    public var functionalMean: Double?
    public var functionalSD: Double?

    public init(clinicalMean: Double? = nil, clinicalSD: Double? = nil, functionalMean: Double? = nil, functionalSD: Double? = nil) {
        self.clinicalMean = clinicalMean
        self.clinicalSD = clinicalSD
        self.functionalMean = functionalMean
        self.functionalSD = functionalSD
    }
}

/// A clinical cut-off and the rule for a score equal to it.
public struct ClinicalCutoff: Sendable, Hashable {
    public var kind: CutoffKind
    public var value: Double
    public var direction: ScoreDirection
    /// Whether a score exactly at the cut-off is clinical (from the catalog).
    public var equalIsClinical: Bool
    /// Hageman & Arrindell's true-score version (see ``ChangeParameters``).
    public var reliabilityCorrected: Bool

    public init(kind: CutoffKind, value: Double, direction: ScoreDirection, equalIsClinical: Bool, reliabilityCorrected: Bool = false) {
        self.kind = kind
        self.value = value
        self.direction = direction
        self.equalIsClinical = equalIsClinical
        self.reliabilityCorrected = reliabilityCorrected
    }

    /// Whether a score lies on the clinical side: above the cut-off when lower is better,
    /// below it when higher is better; equal follows `equalIsClinical`.
    public func isClinical(_ score: Double) -> Bool {
        if score == value { return equalIsClinical }
        return direction == .lowerIsBetter ? score > value : score < value
    }

    /// Jacobson & Truax (1991, p. 13) cut-offs, direction-aware:
    /// a = Mc ∓ 2·Sc (two clinical SDs towards health), b = Mf ± 2·Sf (two functional SDs
    /// towards illness; clinicalsignificance uses Sc here), c = (Sc·Mf + Sf·Mc)/(Sc + Sf).
    /// `nil` when a needed norm is missing or an SD is not positive.
    public static func value(_ kind: CutoffKind, norms: Norms, direction: ScoreDirection) -> Double? {
        // A cut-off that overflows (norms near the Double range) is no cut-off: never NaN or ±inf.
        guard let v = rawValue(kind, norms: norms, direction: direction), v.isFinite else { return nil }
        return v
    }

    private static func rawValue(_ kind: CutoffKind, norms: Norms, direction: ScoreDirection) -> Double? {
        let toHealth: Double = direction == .lowerIsBetter ? -1 : 1
        switch kind {
        case .a:
            guard let mc = norms.clinicalMean, let sc = norms.clinicalSD, sc > 0 else { return nil }
            return mc + toHealth * 2 * sc
        case .b:
            guard let mf = norms.functionalMean, let sf = norms.functionalSD, sf > 0 else { return nil }
            return mf - toHealth * 2 * sf
        case .c:
            guard let mc = norms.clinicalMean, let sc = norms.clinicalSD, sc > 0,
                  let mf = norms.functionalMean, let sf = norms.functionalSD, sf > 0 else { return nil }
            return (sc * mf + sf * mc) / (sc + sf)
        case .published:
            return nil
        }
    }

    /// Hageman & Arrindell (1999) cut-offs on the true-score scale: the same formulas with each
    /// SD replaced by its true-score SD √(S² − SE²) (error variance SE² assumed equal in both
    /// populations). `nil` when a norm is missing or S² ≤ SE².
    public static func trueScoreValue(_ kind: CutoffKind, norms: Norms, standardError se: Double, direction: ScoreDirection) -> Double? {
        func trueSD(_ s: Double?) -> Double? {
            guard let s, s * s > se * se else { return nil }
            return (s * s - se * se).squareRoot()
        }
        var t = norms
        if kind == .a || kind == .c { guard let v = trueSD(norms.clinicalSD) else { return nil }; t.clinicalSD = v }
        if kind == .b || kind == .c { guard let v = trueSD(norms.functionalSD) else { return nil }; t.functionalSD = v }
        return value(kind, norms: t, direction: direction)
    }
}
