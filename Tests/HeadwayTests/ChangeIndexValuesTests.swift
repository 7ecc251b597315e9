import Testing
@testable import Headway

/// Index values of every reliable-change method and the clinical cut-offs (Jacobson & Truax and
/// Hageman & Arrindell's true-score versions), checked value by value against an independent
/// numpy computation of the published formulas. (ChangeTests checks the claus_2020 *counts*
/// against clinicalsignificance's documented output; counts alone would not catch a wrong
/// index that happens to fall on the same side of ±1.96.)
///
/// Formulas (x1 pre, x2 post; M1, M2, S1, S2 sample means/SDs; r reliability; r_yy post reliability):
/// - JT  (Jacobson & Truax 1991):            (x2 − x1) / √(2·SE²),  SE = S1·√(1 − r)
/// - GLN (Gulliksen–Lord–Novick; Hsu 1989):  ((x2 − M1) − r(x1 − M1)) / (S1·√(1 − r²))
/// - HLL (Hsu–Linn–Lord; Hsu 1989):          ((x2 − M2) − r(x1 − M1)) / (S1·√(1 − r²))
/// - EN  (Edwards–Nunnally; Speer 1992):     (x2 − (M1 + r(x1 − M1))) / (S1·√(1 − r))
/// - NK  (Nunnally & Kotsch 1983; Bauer, Lambert & Nielsen 2004; clinicalsignificance `cs_nk`):
///                                           ((x2 − M1) − r(x1 − M1)) / (S1·√(r²(1 − r) + (1 − r_yy)))
/// - HA  (Hageman & Arrindell 1999):         ((x2 − x1)·r_dd + (M2 − M1)(1 − r_dd)) / √(r_dd·2·SE²),
///        r_dd = 1 − 2SE²/S_D², S_D² = S1² + S2² − 2·S1·S2·r12
/// Python (numpy 2), data = the 40 claus_2020 HAMD pairs of ChangeClausData.swift, r = .8, r_yy = .5:
/// ```
/// x1, x2 = pre, post; M1, M2 = x1.mean(), x2.mean(); S1, S2 = x1.std(ddof=1), x2.std(ddof=1)
/// r12 = np.corrcoef(x1, x2)[0,1]; se = S1*np.sqrt(.2); rdd = 1 - 2*se**2/(S1**2 + S2**2 - 2*S1*S2*r12)
/// # M1 24.85, M2 14.975, S1 3.3401212936673805, S2 7.711089250935787, r12 0.1631187447398522
/// # client 1 (25 -> 13) and client 13 (24 -> 30), each formula above:
/// # jt  -5.680532020493664  2.840266010246832     gln -5.972836985837524  2.90907599226673
/// # hll -1.0453712184903594 7.836541759613894     en  -8.013401711314588  3.902935002252635
/// # nk  -4.522224207098469  2.2025536447271574    ha  -5.821029229769438  2.3884914803438724
/// #     (nk: ((x2-M1) - .8*(x1-M1)) / (S1*np.sqrt(.8**2*(1-.8) + 1-.5)))
/// ```
@Suite struct ChangeIndexValuesTests {
    static func episodes() -> [Episode] {
        claus2020HAMD.map { row in
            Episode(key: EpisodeKey(clientID: row.id, episodeID: "1", measure: "HAMD"), group: row.group,
                    scores: [Score(value: row.pre, session: 1), Score(value: row.post, session: 4)])
        }
    }

    @Test func clausSampleStatisticsMatchNumpy() {
        let s = ChangeAnalysis.sampleStatistics(pre: claus2020HAMD.map(\.pre), post: claus2020HAMD.map(\.post))
        #expect(s.n == 40)
        #expect(abs(s.preMean! - 24.85) < 1e-12 && abs(s.postMean! - 14.975) < 1e-12)
        #expect(abs(s.preSD! - 3.3401212936673805) < 1e-12 && abs(s.postSD! - 7.711089250935787) < 1e-12)
        #expect(abs(s.prePostCorrelation! - 0.1631187447398522) < 1e-12)
    }

    @Test(arguments: [
        (ChangeMethod.jt, -5.680532020493664, 2.840266010246832),
        (.gln, -5.972836985837524, 2.90907599226673),
        (.hll, -1.0453712184903594, 7.836541759613894),
        (.en, -8.013401711314588, 3.902935002252635),
        (.nk, -4.522224207098469, 2.2025536447271574),
        (.ha, -5.821029229769438, 2.3884914803438724),
    ])
    func indexValues(method: ChangeMethod, client1: Double, client13: Double) throws {
        var o = ChangeOptions(method: method, reliability: 0.8)
        if method == .nk { o.postReliability = 0.5 }
        let r = ChangeAnalysis.run(episodes: Self.episodes(), catalog: .builtin, options: o)
        let c1 = try #require(r.episodes.first { $0.key.clientID == "1" })
        let c13 = try #require(r.episodes.first { $0.key.clientID == "13" })
        #expect(c1.status == .ok && c13.status == .ok)
        #expect(abs(try #require(c1.rci) - client1) < 1e-9, "\(method) client 1")
        #expect(abs(try #require(c13.rci) - client13) < 1e-9, "\(method) client 13")
        // HAMD: lower is better, two-sided critical value 1.959963984540054 (scipy norm.ppf(.975)):
        // the direction follows from the independent index (client 13 is above 1.96 for every method).
        #expect(c1.reliableDirection == (client1 <= -1.959963984540054 ? .improved : .unchanged), "\(method)")
        #expect(c13.reliableDirection == .deteriorated, "\(method)")
    }

    /// NK with r_yy = r (.8) must not collapse to GLN: the true-score estimate's error
    /// variance is r²(1 − r)·S², not r(1 − r)·S². numpy, as above:
    ///   ((x2-M1) - .8*(x1-M1)) / (S1*np.sqrt(.8**2*(1-.8) + 1-.8))
    ///   client 1 -6.257415453902964, client 13 3.0476802085425465 (GLN: -5.972836985837524, 2.90907599226673).
    /// Also a hand case outside the data: S 10, r .9, r_yy .7, M1 20, x1 30 → x2 18:
    ///   (18 - 20 - .9*10) / (10*np.sqrt(.81*.1 + .3)) = -1.7820923147729197.
    @Test func nunnallyKotschWithEqualReliabilitiesDiffersFromGLN() throws {
        for post in [nil, 0.8] as [Double?] {
            let o = ChangeOptions(method: .nk, reliability: 0.8, postReliability: post)
            let r = ChangeAnalysis.run(episodes: Self.episodes(), catalog: .builtin, options: o)
            let c1 = try #require(r.episodes.first { $0.key.clientID == "1" }?.rci)
            let c13 = try #require(r.episodes.first { $0.key.clientID == "13" }?.rci)
            #expect(abs(c1 - -6.257415453902964) < 1e-9 && abs(c13 - 3.0476802085425465) < 1e-9)
            #expect(abs(c1 - -5.972836985837524) > 0.1)
        }
        let p = ReliableChangeParameters(method: .nk, direction: .lowerIsBetter, criticalValue: 1.959963984540054,
                                         reliability: 0.9, postReliability: 0.7, sd: 10,
                                         sample: SampleStatistics(n: 2, preMean: 20))
        #expect(abs(try p.index(pre: 30, post: 18) - -1.7820923147729197) < 1e-12)
    }

    /// HLL gives client 1 (25 → 13) only −1.045: unchanged, because the sample's mean change is removed.
    @Test func hllClientOneIsUnchanged() throws {
        let r = ChangeAnalysis.run(episodes: Self.episodes(), catalog: .builtin, options: ChangeOptions(method: .hll, reliability: 0.8))
        let c1 = try #require(r.episodes.first { $0.key.clientID == "1" })
        #expect(c1.reliableDirection == .unchanged)
    }

    /// Jacobson & Truax (1991, p. 13) cut-offs with *unequal* SDs, so that c = (Sc·Mf + Sf·Mc)/(Sc + Sf)
    /// is told apart from the midpoint and from the swapped weighting, and b uses Sf, not Sc.
    /// DAS norms of Datasets/jacobson-truax-1991 (Spanier 1976): Mc 70.7, Sc 23.8, Mf 114.8, Sf 17.8
    /// (higher is better); a lower-is-better set Mc 60, Sc 10, Mf 40, Sf 5. Python:
    ///   70.7+2*23.8 = 118.3; 114.8-2*17.8 = 79.2; (23.8*114.8+17.8*70.7)/(23.8+17.8) = 95.93028846153847
    ///   60-2*10 = 40; 40+2*5 = 50; (10*40+5*60)/15 = 46.666666666666664
    @Test func cutoffsWithUnequalSDs() throws {
        let das = Norms(clinicalMean: 70.7, clinicalSD: 23.8, functionalMean: 114.8, functionalSD: 17.8)
        #expect(abs(try #require(ClinicalCutoff.value(.a, norms: das, direction: .higherIsBetter)) - 118.3) < 1e-9)
        #expect(abs(try #require(ClinicalCutoff.value(.b, norms: das, direction: .higherIsBetter)) - 79.2) < 1e-9)
        #expect(abs(try #require(ClinicalCutoff.value(.c, norms: das, direction: .higherIsBetter)) - 95.93028846153847) < 1e-9)
        let low = Norms(clinicalMean: 60, clinicalSD: 10, functionalMean: 40, functionalSD: 5)
        #expect(abs(try #require(ClinicalCutoff.value(.a, norms: low, direction: .lowerIsBetter)) - 40) < 1e-9)
        #expect(abs(try #require(ClinicalCutoff.value(.b, norms: low, direction: .lowerIsBetter)) - 50) < 1e-9)
        #expect(abs(try #require(ClinicalCutoff.value(.c, norms: low, direction: .lowerIsBetter)) - 46.666666666666664) < 1e-9)
        #expect(ClinicalCutoff.value(.b, norms: Norms(functionalMean: 40, functionalSD: 0), direction: .lowerIsBetter) == nil)
    }

    /// Hageman & Arrindell (1999) cut-offs: the JT formulas on the true-score SDs √(S² − SE²).
    /// DAS norms, r .96, SE = 23.8·√.04 = 4.76. Python:
    ///   se=23.8*np.sqrt(.04); tc=np.sqrt(23.8**2-se**2); tf=np.sqrt(17.8**2-se**2)
    ///   70.7+2*tc = 117.33828470259172; 114.8-2*tf = 80.4965074664401
    ///   (tc*114.8+tf*70.7)/(tc+tf) = 96.11021985943836
    /// claus_2020 with method HA, cut-off c, Mf 8, Sf 8 and clinical norms = the sample pre M and SD
    /// (24.85, 3.3401212936673805), SE = S1·√.2:
    ///   tc=np.sqrt(S1**2-se**2); tf=np.sqrt(64-se**2); (tc*8+tf*24.85)/(tc+tf) = 20.20906609936294
    ///   (JT's uncorrected c on the same norms: (S1*8+8*24.85)/(S1+8) = 19.886998076050197)
    @Test func hagemanArrindellCutoffs() throws {
        let das = Norms(clinicalMean: 70.7, clinicalSD: 23.8, functionalMean: 114.8, functionalSD: 17.8)
        let se = 23.8 * 0.04.squareRoot()
        func ha(_ k: CutoffKind) throws -> Double {
            try #require(ClinicalCutoff.trueScoreValue(k, norms: das, standardError: se, direction: .higherIsBetter))
        }
        #expect(abs(try ha(.a) - 117.33828470259172) < 1e-9)
        #expect(abs(try ha(.b) - 80.4965074664401) < 1e-9)
        #expect(abs(try ha(.c) - 96.11021985943836) < 1e-9)
        // SE larger than a norm SD: no true-score SD, no cut-off.
        #expect(ClinicalCutoff.trueScoreValue(.b, norms: das, standardError: 18, direction: .higherIsBetter) == nil)

        let o = ChangeOptions(method: .ha, reliability: 0.8, cutoff: .c, functionalMean: 8, functionalSD: 8)
        let r = ChangeAnalysis.run(episodes: Self.episodes(), catalog: .builtin, options: o)
        let cut = try #require(r.parameters["HAMD"]?.cutoff)
        #expect(cut.reliabilityCorrected)
        #expect(abs(cut.value - 20.20906609936294) < 1e-9)
        var jt = o
        jt.method = .jt
        let jtCut = try #require(ChangeAnalysis.run(episodes: Self.episodes(), catalog: .builtin, options: jt).parameters["HAMD"]?.cutoff)
        #expect(!jtCut.reliabilityCorrected && abs(jtCut.value - 19.886998076050197) < 1e-9)
    }
}
