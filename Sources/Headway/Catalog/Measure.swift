// SPDX-License-Identifier: GPL-3.0-or-later
// The description of one outcome measure: its range, direction, norms, cut-off and
// reliable-change threshold, each value with its citation.

/// Which way a measure's scores improve.
public enum ScoreDirection: String, Sendable, Hashable, CaseIterable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"
}

/// One outcome measure.
///
/// Every optional parameter that is not `nil` has a citation in `sources`, keyed by the
/// property name (`reliability`, `clinicalMean`, `clinicalSD`, `functionalMean`,
/// `functionalSD`, `cutoff`, `reliableChange`); `range` cites `minScore`/`maxScore`.
public struct Measure: Sendable, Hashable {
    /// Canonical name, e.g. "PHQ-9".
    public var name: String
    /// Other spellings accepted by `MeasureCatalog.measure(named:)`.
    public var aliases: [String]
    public var fullName: String
    public var minScore: Double
    public var maxScore: Double
    public var direction: ScoreDirection
    /// Internal consistency (coefficient alpha) or test-retest reliability; the citation
    /// in `sources["reliability"]` says which.
    public var reliability: Double?
    /// Mean and SD of a clinical (dysfunctional) sample.
    public var clinicalMean: Double?
    public var clinicalSD: Double?
    /// Mean and SD of a non-clinical (community / general population) sample.
    public var functionalMean: Double?
    public var functionalSD: Double?
    /// Clinical cut-off score.
    public var cutoff: Double?
    /// Whether a score exactly equal to `cutoff` counts as clinical.
    ///
    /// Lower-is-better measures: a score above the cut-off is clinical; `true` makes the
    /// cut-off itself clinical too (PHQ-9 >= 10). Higher-is-better measures: a score below
    /// the cut-off is clinical; `true` makes the cut-off itself clinical too, `false`
    /// keeps it non-clinical (ORS < 25: a score of 25 is not clinical).
    public var cutoffIsClinical: Bool
    /// Published reliable-change threshold in points: a change of at least this many points
    /// is reliable.
    public var reliableChange: Double?
    /// Field name -> citation (author, year, title, journal).
    public var sources: [String: String]
    /// What is missing and why, and any caveats.
    public var notes: String
    /// LOINC codes of the measure's total score (an `Observation.code` matched by the FHIR
    /// reader), each cited in `sources["loinc"]`; empty when none could be sourced.
    public var loinc: [String]
    /// LOINC codes of the measure's panel (a `QuestionnaireResponse.questionnaire` or a panel
    /// `Observation`), cited in `sources["loincPanel"]`.
    public var loincPanel: [String]
    /// SNOMED CT concept ids of the measure's total score, cited in `sources["snomed"]`.
    public var snomed: [String]

    public init(
        name: String,
        aliases: [String] = [],
        fullName: String = "",
        minScore: Double,
        maxScore: Double,
        direction: ScoreDirection,
        reliability: Double? = nil,
        clinicalMean: Double? = nil,
        clinicalSD: Double? = nil,
        functionalMean: Double? = nil,
        functionalSD: Double? = nil,
        cutoff: Double? = nil,
        cutoffIsClinical: Bool = true,
        reliableChange: Double? = nil,
        sources: [String: String] = [:],
        notes: String = "",
        loinc: [String] = [],
        loincPanel: [String] = [],
        snomed: [String] = []
    ) {
        self.name = name
        self.aliases = aliases
        self.fullName = fullName
        self.minScore = minScore
        self.maxScore = maxScore
        self.direction = direction
        self.reliability = reliability
        self.clinicalMean = clinicalMean
        self.clinicalSD = clinicalSD
        self.functionalMean = functionalMean
        self.functionalSD = functionalSD
        self.cutoff = cutoff
        self.cutoffIsClinical = cutoffIsClinical
        self.reliableChange = reliableChange
        self.sources = sources
        self.notes = notes
        self.loinc = loinc
        self.loincPanel = loincPanel
        self.snomed = snomed
    }

    /// Whether `score` lies in the clinical range; `nil` when the measure has no cut-off.
    ///
    /// Direction-aware: for lower-is-better measures scores above the cut-off are clinical,
    /// for higher-is-better measures scores below it; a score equal to the cut-off is
    /// clinical exactly when `cutoffIsClinical` is `true`.
    public func isClinical(_ score: Double) -> Bool? {
        guard let cutoff else { return nil }
        if score == cutoff { return cutoffIsClinical }
        switch direction {
        case .lowerIsBetter: return score > cutoff
        case .higherIsBetter: return score < cutoff
        }
    }

    /// The names of the optional parameters that are set (keys expected in `sources`): the
    /// numeric ones and the terminology codes.
    public var presentParameters: [String] {
        var out: [String] = []
        if reliability != nil { out.append("reliability") }
        if clinicalMean != nil { out.append("clinicalMean") }
        if clinicalSD != nil { out.append("clinicalSD") }
        if functionalMean != nil { out.append("functionalMean") }
        if functionalSD != nil { out.append("functionalSD") }
        if cutoff != nil { out.append("cutoff") }
        if reliableChange != nil { out.append("reliableChange") }
        if !loinc.isEmpty { out.append("loinc") }
        if !loincPanel.isEmpty { out.append("loincPanel") }
        if !snomed.isEmpty { out.append("snomed") }
        return out
    }
}
