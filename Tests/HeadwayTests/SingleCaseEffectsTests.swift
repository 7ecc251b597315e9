import Testing
import HeadwayStats
@testable import Headway

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

/// Parker, Vannest & Davis (2011), *Behavior Modification* 35:303–322, worked example
/// (also the SingleCaseES vignette data). Increase is improvement.
private let a: [Double] = [20, 20, 26, 25, 22, 23]
private let b: [Double] = [28, 25, 24, 27, 30, 30, 29]

@Suite struct SingleCaseEffectsTests {
    /// Published: NAP 0.916667, SE 0.0690066 (Sen/Mee unbiased), CI [0.597319, 0.985998] (Newcombe method 5).
    /// Re-computed in Python: NAP = mean(q); CI by `scipy.optimize.brentq` on
    /// `(nap − t)² − z² t(1−t)(1 + h(1−t)/(2−t) + h t/(1+t))/(m n)`, h = (m+n)/2 − 1.
    @Test func napParker2011() throws {
        let r = try SingleCaseEffects.nap(a: a, b: b, improvement: .increase)
        #expect(close(r.nap, 0.916667))
        #expect(close(r.se, 0.0690066))
        #expect(close(r.ciLower, 0.597319) && close(r.ciUpper, 0.985998))
        // Decrease flips the comparison: NAP_dec = 1 − NAP_inc.
        let d = try SingleCaseEffects.nap(a: a, b: b, improvement: .decrease)
        #expect(close(d.nap, 1 - 0.916667))
    }

    @Test func napCompleteNonOverlapIsFinite() throws {
        let r = try SingleCaseEffects.nap(a: [1, 2, 3], b: [7, 8, 9], improvement: .increase)
        #expect(r.nap == 1 && r.ciUpper == 1 && r.ciLower < 1 && r.ciLower > 0.5)
        #expect(r.se != nil && r.se! > 0)
    }

    /// Published (Parker et al. 2011; SingleCaseES): Tau 0.833333, Tau-U 0.738095, PND 0.714286,
    /// PEM 1.0, PAND 0.846154, IRD 0.690476. By hand: P − N = 35, S_A = 4, mn = 42;
    /// PAND removes 2 of 13 points; IRD = 1 − 13²·(2/13)/(2·42).
    @Test func nonOverlapParker2011() {
        #expect(close(SingleCaseEffects.tau(a: a, b: b, improvement: .increase), 0.833333))
        #expect(close(SingleCaseEffects.tauU(a: a, b: b, improvement: .increase), 0.738095))
        #expect(close(SingleCaseEffects.pnd(a: a, b: b, improvement: .increase), 0.714286))
        #expect(close(SingleCaseEffects.pem(a: a, b: b, improvement: .increase), 1.0))
        #expect(close(SingleCaseEffects.pand(a: a, b: b, improvement: .increase), 0.846154))
        #expect(close(SingleCaseEffects.ird(a: a, b: b, improvement: .increase), 0.690476))
    }

    /// Tarlow (2017): A = 1…5, B = 6…10 → Tau 1, Tau-U 0.6, baseline-corrected Tau 0.
    @Test func tarlow2017() {
        let ta: [Double] = [1, 2, 3, 4, 5], tb: [Double] = [6, 7, 8, 9, 10]
        #expect(close(SingleCaseEffects.tau(a: ta, b: tb, improvement: .increase), 1))
        #expect(close(SingleCaseEffects.tauU(a: ta, b: tb, improvement: .increase), 0.6))
        #expect(close(SingleCaseEffects.baselineCorrectedTau(a: ta, aTimes: ta, b: tb, bTimes: tb,
                                                             improvement: .increase), 0))
    }

    /// Baseline-corrected Tau (Tarlow 2017) on the Parker et al. (2011) series with a real baseline trend
    /// (the Tarlow test above is degenerate: every corrected value ties, so it cannot tell a bug returning 0).
    /// Python (scipy 1.17): `b = stats.theilslopes(A, range(1,7)).slope` (0.6);
    /// `ra = A − b·t_A`, `rb = B − b·t_B` (t_B = 7…13); `s = np.sign(rb[None,:] − ra[:,None])`;
    /// `s.sum()/s.size` = 0.2857142857142857 (12/42); with decrease: −0.2857142857142857.
    @Test func baselineCorrectedTauWithATrend() {
        let ta = (1...6).map(Double.init), tb = (7...13).map(Double.init)
        #expect(close(SingleCaseEffects.baselineCorrectedTau(a: a, aTimes: ta, b: b, bTimes: tb, improvement: .increase),
                      0.2857142857142857, 1e-12))
        #expect(close(SingleCaseEffects.baselineCorrectedTau(a: a, aTimes: ta, b: b, bTimes: tb, improvement: .decrease),
                      -0.2857142857142857, 1e-12))
    }

    /// SingleCaseES "Effect size definitions" vignette (Pustejovsky & Swan), SMD section: the SE uses the
    /// bias-corrected estimate g (not the uncorrected d) in the g²/(2 df) term.
    /// Python (numpy), J(x) = 1 − 3/(4x − 1), s² with ddof=1:
    /// `g = J(m−1)(B.mean() − A.mean())/sA`; `SE = J(m−1)·sqrt(1/m + sB²/(n sA²) + g²/(2(m−1)))`
    /// → g = 1.6499318812933734, SE = 0.6340935086156024;
    /// pooled: `sp² = ((m−1)sA² + (n−1)sB²)/(m+n−2)`, `gp = J(m+n−2)(B̄ − Ā)/sp`,
    /// `SE = J(m+n−2)·sqrt(1/m + 1/n + gp²/(2(m+n−2)))` → gp = 1.8762474110705711, SE = 0.6374215524985551.
    @Test func smd() {
        let base = SingleCaseEffects.smdBaselineSD(a: a, b: b, improvement: .increase)
        #expect(close(base?.g, 1.6499318812933734, 1e-12) && close(base?.se, 0.6340935086156024, 1e-12))
        let pooled = SingleCaseEffects.smdPooledSD(a: a, b: b, improvement: .increase)
        #expect(close(pooled?.g, 1.8762474110705711, 1e-12) && close(pooled?.se, 0.6374215524985551, 1e-12))
        #expect(close(SingleCaseEffects.smdPooledSD(a: a, b: b, improvement: .decrease)?.g, -1.8762474110705711, 1e-12))
        #expect(SingleCaseEffects.smdBaselineSD(a: [3, 3], b: [4, 5], improvement: .increase) == nil)
    }

    /// Issue 11, fix 2, at m = 3 (A = 2, 4, 3; B = 7, 9, 8, 10), where using d instead of g inflated the SE by 61%.
    /// Python (numpy, same formulas as above): g = 3.142857142857143, SE = 1.0252944234351402
    /// (with d in the last term, the old and wrong value, 1.647508942095828).
    @Test func smdStandardErrorUsesCorrectedEstimate() {
        let r = SingleCaseEffects.smdBaselineSD(a: [2, 4, 3], b: [7, 9, 8, 10], improvement: .increase)
        #expect(close(r?.g, 3.142857142857143, 1e-12))
        #expect(close(r?.se, 1.0252944234351402, 1e-12))
    }

    /// numpy: lrr = log(B.mean()) + B.var(ddof=1)/(2·7·B.mean()²) − log(A.mean()) − A.var(ddof=1)/(2·6·A.mean()²)
    /// = 0.195396; SE = sqrt(A.var/(6 A.mean²) + B.var/(7 B.mean²)) = 0.0555772; % change 21.579255.
    @Test func logResponseRatio() {
        let r = SingleCaseEffects.lrr(a: a, b: b)
        #expect(close(r?.lrr, 0.195396) && close(r?.se, 0.0555772) && close(r?.percentChange, 21.579255))
        #expect(SingleCaseEffects.lrr(a: [0, 0], b: [1, 2]) == nil)
    }

    /// By hand: 100·(27.571429 − 22.666667)/(30 − 22.666667) = 66.883117.
    @Test func percentOfGoal() {
        #expect(close(SingleCaseEffects.pog(a: a, b: b, goal: 30), 66.883117))
    }

    /// numpy: X = [1, t, D, (t − 7)D] for t = 1…13; `np.linalg.lstsq`, cov = s²(XᵀX)⁻¹:
    /// b = [20.666667, 0.571429, 0.869048, 0.107143], SE = [2.114721, 0.543010, 2.620646, 0.692205].
    @Test func piecewiseHuitemaMcKean() throws {
        let t = (1...13).map(Double.init)
        let pw = try SingleCaseEffects.piecewise(times: t, values: a + b, isB: t.map { $0 >= 7 })
        let eb = [20.666667, 0.571429, 0.869048, 0.107143], es = [2.114721, 0.543010, 2.620646, 0.692205]
        for i in 0..<4 { #expect(close(pw.coefficients[i], eb[i]) && close(pw.standardErrors[i], es[i])) }
        #expect(pw.degreesOfFreedom == 9)
    }
}
