import Testing
import HeadwayStats
@testable import Headway

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

/// Parker, Vannest & Davis (2011) worked example (the SingleCaseES vignette series). Increase is improvement.
private let a: [Double] = [20, 20, 26, 25, 22, 23]
private let b: [Double] = [28, 25, 24, 27, 30, 30, 29]
private let ta = (1...6).map(Double.init), tb = (7...13).map(Double.init)

/// Standard errors and confidence intervals (issue 11). Every expected value below was computed
/// independently in Python 3 / numpy / scipy from the SingleCaseES "Effect size definitions"
/// vignette (Pustejovsky & Swan), not from Headway; the script is quoted in each comment.
@Suite struct SingleCaseIntervalsTests {
    /// NAP's three SEs, from the vignette's formulas with raw (uncentred) Q's:
    /// `q = (B[None,:] > A[:,None]) + 0.5*(B[None,:] == A[:,None])`; `nap = q.mean()`;
    /// `Q1 = (q.sum(1)**2).sum()/(m*n*n)`; `Q2 = (q.sum(0)**2).sum()/(m*m*n)`; `Q3 = (q**2).sum()/(m*n)`;
    /// unbiased `sqrt((nap − (m+n−1)nap² + nQ1 + mQ2 − 2Q3)/((m−1)(n−1)))` = 0.06900655593423546;
    /// Hanley `sqrt((nap(1−nap) + (n−1)(Q1−nap²) + (m−1)(Q2−nap²))/(mn))` = 0.07739185340972828;
    /// null `sqrt((m+n+1)/(12mn))` = 0.16666666666666666.
    @Test func napStandardErrors() throws {
        let r = try SingleCaseEffects.nap(a: a, b: b, improvement: .increase)
        #expect(close(r.se, 0.06900655593423546))
        #expect(close(r.seHanley, 0.07739185340972828))
        #expect(close(r.seNull, 0.16666666666666666))
    }

    /// Tau = 2·NAP − 1, SE = 2·SE_NAP, CI = [2L − 1, 2U − 1] from Newcombe's NAP interval (vignette, "Tau").
    /// Python: Newcombe bounds by `scipy.optimize.brentq` on
    /// `(nap−t)² − z²·h·t(1−t)/(mn)·(1/h + (1−t)/(2−t) + t/(1+t))` → L = 0.5973193600388261, U = 0.9859976893702133;
    /// Tau 0.8333333333333333, SE 0.13801311186847093, CI [0.19463872007765226, 0.9719953787404265],
    /// Hanley SE 0.15478370681945655, null SE 0.3333333333333333.
    @Test func tauInterval() throws {
        let r = try #require(SingleCaseEffects.tauInterval(a: a, b: b, improvement: .increase))
        #expect(close(r.tau, 0.8333333333333333))
        #expect(close(r.se, 0.13801311186847093))
        #expect(close(r.ciLower, 0.19463872007765226, 1e-8) && close(r.ciUpper, 0.9719953787404265, 1e-8))
        #expect(close(r.seHanley, 0.15478370681945655) && close(r.seNull, 0.3333333333333333))
    }

    /// Tau-U SE under the null of no effect and no baseline trend (Headway's convention; SingleCaseES has none):
    /// `sqrt(mn(m+n+1)/3 + m(m−1)(2m+5)/18)/(mn)` = 0.3566133641057297; Wald CI with z = 1.959963984540054:
    /// [0.039145888042339094, 1.437044588148137]. Monte Carlo check of the variance (numpy, 200 000 draws of
    /// 13 iid normals, `np.std(S_AB − S_A)/(mn)`): 0.35694 — the formula holds.
    @Test func tauUNullStandardError() throws {
        let r = try #require(SingleCaseEffects.tauUInterval(a: a, b: b, improvement: .increase))
        #expect(close(r.estimate, 0.7380952380952381))
        #expect(close(r.se, 0.3566133641057297))
        #expect(close(r.ciLower, 0.039145888042339094) && close(r.ciUpper, 1.437044588148137))
    }

    /// Tau-BC: Tau on the residuals after the baseline Theil–Sen slope (scipy `theilslopes(A, 1…6).slope` = 0.6),
    /// SE and CI as for Tau on the residuals: est 0.2857142857142858, SE 0.35951592548908334,
    /// CI [−0.326071119362769, 0.7181170435282738].
    /// Kendall form: `scipy.stats.kendalltau(residuals, phase_dummy).statistic` = 0.21101398453599896
    /// (tau-b; two baseline residuals tie, n2 = 1); SE and CI scaled by `c = sqrt(mn/(n0 − n2))`:
    /// SE 0.26552010779559576, CI [−0.24081948148597926, 0.5303645855133936].
    @Test func baselineCorrectedTauIntervals() throws {
        let r = try #require(SingleCaseEffects.baselineCorrectedTauInterval(a: a, aTimes: ta, b: b, bTimes: tb, improvement: .increase))
        #expect(close(r.nonOverlap.tau, 0.2857142857142858))
        #expect(close(r.nonOverlap.se, 0.35951592548908334))
        #expect(close(r.nonOverlap.ciLower, -0.326071119362769, 1e-8) && close(r.nonOverlap.ciUpper, 0.7181170435282738, 1e-8))
        #expect(close(r.kendall?.estimate, 0.21101398453599896))
        #expect(close(r.kendall?.se, 0.26552010779559576))
        #expect(close(r.kendall?.ciLower, -0.24081948148597926, 1e-8) && close(r.kendall?.ciUpper, 0.5303645855133936, 1e-8))
    }

    /// Tarlow (2017): A = 1…5, B = 6…10 — every residual is 0, so Tau-BC = 0 and τ_b is undefined (no value, not 0 or NaN).
    @Test func baselineCorrectedTauAllTied() throws {
        let t: [Double] = [1, 2, 3, 4, 5], u: [Double] = [6, 7, 8, 9, 10]
        let r = try #require(SingleCaseEffects.baselineCorrectedTauInterval(a: t, aTimes: t, b: u, bTimes: u, improvement: .increase))
        #expect(r.nonOverlap.tau == 0 && r.kendall == nil)
    }

    /// SMD (baseline SD) CI `g ± z·SE`: [0.4071314415761542, 2.892732321010593] (numpy, from g and SE above).
    @Test func smdInterval() throws {
        let r = try #require(SingleCaseEffects.smdBaselineSD(a: a, b: b, improvement: .increase))
        #expect(close(r.ciLower, 0.4071314415761542) && close(r.ciUpper, 2.892732321010593))
    }

    /// LRR without zero means (truncation inactive): R = 0.19539616573514876, SE = 0.05557723213496618,
    /// CI [0.0864667923901929, 0.3043255390801046] (numpy: bias-corrected R, SE, R ± z·SE).
    /// LRRi = R for increase; LRRd = −R for a count.
    @Test func lrrInterval() throws {
        let r = try #require(SingleCaseEffects.lrr(a: a, b: b))
        #expect(close(r.lrr, 0.19539616573514876) && close(r.se, 0.05557723213496618))
        #expect(close(r.ciLower, 0.0864667923901929) && close(r.ciUpper, 0.3043255390801046))
        let inc = try #require(SingleCaseEffects.lrr(.increasing, a: a, b: b, improvement: .increase, settings: LRRSettings()))
        let dec = try #require(SingleCaseEffects.lrr(.decreasing, a: a, b: b, improvement: .increase, settings: LRRSettings()))
        #expect(close(inc.lrr, 0.19539616573514876) && close(dec.lrr, -0.19539616573514876))
        #expect(close(dec.ciLower, -0.3043255390801046) && close(dec.ciUpper, -0.0864667923901929))
    }

    /// A zero baseline mean on a count scale (D = 1): `ỹ = max(ȳ, 1/(2Dm))`, `s̃² = max(s², 1/(D²m³))`
    /// (SingleCaseES LRR documentation; Pustejovsky 2018). Python, A = 0,0,0, B = 2,3,1,4:
    /// R = 2.519161312213321, SE = 0.7149203529842405, CI [1.1179431685495471, 3.920379455877095].
    /// Improvement = decrease, so LRRd = R and LRRi = −R.
    @Test func lrrTruncatedCount() throws {
        let raw = try #require(SingleCaseEffects.lrr(a: [0, 0, 0], b: [2, 3, 1, 4], truncation: 1))
        #expect(close(raw.lrr, 2.519161312213321) && close(raw.se, 0.7149203529842405))
        #expect(close(raw.ciLower, 1.1179431685495471) && close(raw.ciUpper, 3.920379455877095))
        #expect(SingleCaseEffects.lrr(a: [0, 0, 0], b: [2, 3, 1, 4]) == nil)   // no truncation: undefined
        let d = try #require(SingleCaseEffects.lrr(.decreasing, a: [0, 0, 0], b: [2, 3, 1, 4], improvement: .decrease,
                                                   settings: LRRSettings(scale: .count)))
        #expect(close(d.lrr, 2.519161312213321))
        let i = try #require(SingleCaseEffects.lrr(.increasing, a: [0, 0, 0], b: [2, 3, 1, 4], improvement: .decrease,
                                                   settings: LRRSettings(scale: .count)))
        #expect(close(i.lrr, -2.519161312213321))
    }

    /// A rate per minute over 20-minute sessions (D = 20), A = 0.5, 0.25, 0.4; B = 0, 0, 0.05:
    /// R = −2.653452628027448, SE = 1.017799992236489 (Python as above with D = 20).
    @Test func lrrTruncatedRate() throws {
        let s = LRRSettings(scale: .rate, observationLength: 20)
        #expect(s.truncationConstant == 20)
        let r = try #require(SingleCaseEffects.lrr(.decreasing, a: [0.5, 0.25, 0.4], b: [0, 0, 0.05], improvement: .decrease, settings: s))
        #expect(close(r.lrr, -2.653452628027448) && close(r.se, 1.017799992236489))
    }

    /// Percentages of 10 intervals (D = 10/100), improvement = increase, A = 0, 10, 0, 0; B = 60, 80, 70, 100.
    /// LRRi uses y (R = 2.940057270388719, SE 1.0060517540400917); LRRd uses the complement 100 − y
    /// (R = −1.394649338986039, SE 0.38038189232220737, CI [−2.1401841483087582, −0.6491145296633197]).
    @Test func lrrPercentageComplement() throws {
        let s = LRRSettings(scale: .percentage, intervals: 10)
        let pa: [Double] = [0, 10, 0, 0], pb: [Double] = [60, 80, 70, 100]
        let i = try #require(SingleCaseEffects.lrr(.increasing, a: pa, b: pb, improvement: .increase, settings: s))
        #expect(close(i.lrr, 2.940057270388719) && close(i.se, 1.0060517540400917))
        let d = try #require(SingleCaseEffects.lrr(.decreasing, a: pa, b: pb, improvement: .increase, settings: s))
        #expect(close(d.lrr, -1.394649338986039) && close(d.se, 0.38038189232220737))
        #expect(close(d.ciLower, -2.1401841483087582) && close(d.ciUpper, -0.6491145296633197))
        // Out of range for a percentage: no value.
        #expect(SingleCaseEffects.lrr(.decreasing, a: [120, 10], b: pb, improvement: .increase, settings: s) == nil)
    }

    @Test func truncationConstants() {
        #expect(LRRSettings().truncationConstant == 1)                                   // count
        #expect(LRRSettings(scale: .proportion, intervals: 15).truncationConstant == 15)
        #expect(LRRSettings(scale: .percentage, intervals: 15).truncationConstant == 0.15)
        #expect(LRRSettings(scale: .percentage).truncationConstant == nil)
        #expect(LRRSettings(scale: .other).truncationConstant == nil)
        #expect(LRRSettings(scale: .other, dConstant: 4).truncationConstant == 4)
    }

    /// PoGO with goal 30, delta-method SE (Headway's derivation):
    /// `100·sqrt(s_B²/(n Δ²) + (γ − ȳ_B)² s_A²/(m Δ⁴))`, Δ = γ − ȳ_A:
    /// PoGO 66.8831168831169, SE 13.060107439514967, CI [41.28577666744394, 92.48045709878986].
    @Test func pogoStandardError() throws {
        let r = try #require(SingleCaseEffects.pogInterval(a: a, b: b, goal: 30))
        #expect(close(r.estimate, 66.8831168831169) && close(r.se, 13.060107439514967))
        #expect(close(r.ciLower, 41.28577666744394) && close(r.ciUpper, 92.48045709878986))
    }

    /// `--level` follows through: at 0.90, z = 1.6448536269514722 (scipy `norm.ppf(0.95)`),
    /// LRR CI = R ± z·SE = [0.10398103390447758, 0.28681129756581993].
    @Test func levelFollowsThrough() throws {
        let r = try #require(SingleCaseEffects.lrr(a: a, b: b, level: 0.9))
        #expect(close(r.ciLower, 0.19539616573514876 - 1.6448536269514722 * 0.05557723213496618))
        #expect(close(r.ciUpper, 0.19539616573514876 + 1.6448536269514722 * 0.05557723213496618))
    }
}

/// Phase pairs (SingleCaseES `calc_phase_pairs`): the k-th A run pairs with the k-th B run.
@Suite struct PhasePairTests {
    private func scores(_ phases: [Phase?]) -> [Score] {
        phases.enumerated().map { Score(value: Double($0.offset), session: $0.offset + 1, phase: $0.element) }
    }

    @Test func ababAndUnpairedRuns() {
        let s = scores([.baseline, .baseline, .treatment, .treatment, .baseline, .treatment, .treatment])
        let p = SingleCaseSummary.phasePairs(s)
        #expect(p.count == 2 && p[0].a == [0, 1] && p[0].b == [2, 3] && p[1].a == [4] && p[1].b == [5, 6])
        // ABA: the last A has no B partner; a score without a phase does not split a run.
        let aba = SingleCaseSummary.phasePairs(scores([.baseline, nil, .baseline, .treatment, .baseline]))
        #expect(aba.count == 1 && aba[0].a == [0, 2] && aba[0].b == [3])
        #expect(SingleCaseSummary.phasePairs(scores([.baseline, .baseline])).isEmpty)
    }

    /// Equal and inverse-variance averages of two estimates (by hand): E = 1, 3; SE = 1, 2.
    /// Equal: mean 2, SE sqrt(1 + 4)/2 = 1.118033988749895. 1/V: w = 1, 1/4 → (1 + 0.75)/1.25 = 1.4, SE 1/sqrt(1.25) = 0.894427190999916.
    @Test func combine() {
        let items = [EffectSizeEstimate(name: "LRRi", estimate: 1, se: 1, nA: 3, nB: 4, pairs: 1),
                     EffectSizeEstimate(name: "LRRi", estimate: 3, se: 2, nA: 5, nB: 6, pairs: 1)]
        let e = SingleCaseAggregate.combine(items, weighting: .equal, level: 0.95)
        #expect(close(e?.estimate, 2) && close(e?.se, 1.118033988749895) && e?.nA == 8 && e?.pairs == 2)
        let v = SingleCaseAggregate.combine(items, weighting: .inverseVariance, level: 0.95)
        #expect(close(v?.estimate, 1.4) && close(v?.se, 0.894427190999916))
        // Bounded index: an averaged Wald CI is clipped to its range.
        let nap = SingleCaseAggregate.combine([EffectSizeEstimate(name: "NAP", estimate: 0.99, se: 0.1, nA: 3, nB: 3, pairs: 1)],
                                              weighting: .equal, level: 0.95)
        #expect(nap?.ciUpper == 1)
    }
}

/// Pairs given by a `phase_pair` column (SingleCaseES `aggregate = Phase_num`) override the run rule.
@Suite struct PhasePairColumnTests {
    @Test func scoreStays24Bytes() { #expect(MemoryLayout<Score>.size == 24) }

    /// A A B B B B with pair numbers 1 1 1 1 2 2: pair 1 = A(1, 2) vs B(3, 4); pair 2 has no A and is skipped
    /// (the run rule would have compared A with all four B scores).
    @Test func pairsFromColumn() throws {
        let csv = """
        client_id,measure,session,phase,phase_num,score
        C,PHQ-9,1,A,1,14
        C,PHQ-9,2,A,1,16
        C,PHQ-9,3,B,1,9
        C,PHQ-9,4,B,1,8
        C,PHQ-9,5,B,2,3
        C,PHQ-9,6,B,2,2
        """
        let set = try ObservationLoader(catalog: .builtin).load(text: csv)
        #expect(set.episodes.first?.scores.map(\.phasePair) == [1, 1, 1, 1, 2, 2])
        let pairs = SingleCaseSummary.phasePairs(set.episodes[0].scores)
        #expect(pairs.count == 1 && pairs[0].pair == 1 && pairs[0].a == [0, 1] && pairs[0].b == [2, 3])
        let runs = SingleCaseSummary.phasePairs(set.episodes[0].scores.map { Score(value: $0.value, session: $0.session, phase: $0.phase) })
        #expect(runs.count == 1 && runs[0].b == [2, 3, 4, 5])
    }

    @Test func badPairNumberIsRejectedWithItsColumn() throws {
        let csv = "client_id,measure,session,phase,phase_pair,score\nC,PHQ-9,1,A,0,14\nC,PHQ-9,2,B,x,9\nC,PHQ-9,3,B,1,9\n"
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: csv)
        #expect(set.counts.accepted == 1 && set.rejections.count == 2)
        #expect(set.rejections.allSatisfy { $0.column == 5 && $0.reason.contains("phase_pair") })
    }
}
