import Testing
@testable import Headway

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

private func episode(_ measure: String, _ values: [Double], days: [Int]? = nil, phases: [Phase?]? = nil) -> Episode {
    Episode(key: EpisodeKey(clientID: "C1", episodeID: "1", measure: measure),
            scores: values.indices.map { i in
                Score(value: values[i], day: days?[i], session: i + 1, line: i + 2, phase: phases?[i])
            })
}

@Suite struct TrendAnalysisTests {
    let catalog = MeasureCatalog.builtin

    @Test func fewerThanThreeScoresGetAStatus() {
        let t = TrendAnalysis.run(episodes: [episode("PHQ-9", [20, 15])], catalog: catalog)[0]
        #expect(t.status == .insufficientData && t.ols == nil && t.mannKendall == nil && t.interpretation == nil)
    }

    /// Weekly PHQ-9 scores 20, 17, 15, 12, 10, 8 (days 0, 7, …, 35): time is weeks 0…5.
    /// numpy: `np.polyfit(range(6), y, 1)` → slope −2.4; PHQ-9 reliable change 6 → −0.4 per week.
    @Test func weeksAxisAndImprovingForLowerIsBetter() {
        let e = episode("PHQ-9", [20, 17, 15, 12, 10, 8], days: [0, 7, 14, 21, 28, 35].map { 20000 + $0 })
        let t = TrendAnalysis.run(episodes: [e], catalog: catalog)[0]
        #expect(t.timeAxis == .weeks && t.times == [0, 1, 2, 3, 4, 5])
        #expect(close(t.ols?.slope, -2.4) && close(t.slopePerWeek, -2.4))
        #expect(close(t.slopeInReliableChanges, -0.4))
        #expect(t.interpretation == .improving)
        #expect(t.singleCase == nil)
    }

    @Test func risingPHQ9IsWorseningAndRisingWEMWBSImproving() {
        let up: [Double] = [8, 10, 12, 15, 17, 20]
        let phq = TrendAnalysis.run(episodes: [episode("PHQ-9", up)], catalog: catalog)[0]
        #expect(phq.timeAxis == .session && phq.interpretation == .worsening)
        let wb = TrendAnalysis.run(episodes: [episode("WEMWBS", up.map { $0 + 30 })], catalog: catalog)[0]
        #expect(wb.interpretation == .improving && wb.slopeInReliableChanges == nil)
        let noisy = TrendAnalysis.run(episodes: [episode("PHQ-9", [28 - 10, 25 - 10, 24 - 10, 27 - 10, 30 - 10, 30 - 10, 29 - 10])],
                                      catalog: catalog)[0]
        #expect(noisy.interpretation == .noClearTrend)
    }

    @Test func weeksWithoutDatesAndConstantTime() {
        let t = TrendAnalysis.run(episodes: [episode("PHQ-9", [1, 2, 3])], catalog: catalog, options: TrendOptions(time: .weeks))[0]
        #expect(t.status == .noDates)
        let same = TrendAnalysis.run(episodes: [episode("PHQ-9", [1, 2, 3], days: [5, 5, 5])], catalog: catalog)[0]
        #expect(same.status == .constantTime && same.ols == nil)
    }

    @Test func robustLineOnRequest() {
        // One gross outlier: the bisquare line follows the other points (slope ≈ −2).
        let e = episode("PHQ-9", [20, 18, 16, 27, 12, 10, 8])
        let t = TrendAnalysis.run(episodes: [e], catalog: catalog, options: TrendOptions(robust: true))[0]
        #expect(t.robust != nil && abs(t.robust!.slope + 2) < 0.1)
        #expect(TrendAnalysis.run(episodes: [e], catalog: catalog)[0].robust == nil)
    }

    /// Parker, Vannest & Davis (2011) data as one WEMWBS episode with phases (higher is better →
    /// increase): the summary reproduces the published indices.
    @Test func singleCaseSummary() {
        let values: [Double] = [20, 20, 26, 25, 22, 23, 28, 25, 24, 27, 30, 30, 29]
        let phases: [Phase?] = Array(repeating: .baseline, count: 6) + Array(repeating: .treatment, count: 7)
        let t = TrendAnalysis.run(episodes: [episode("WEMWBS", values, phases: phases)], catalog: catalog,
                                  options: TrendOptions(goal: 30))[0]
        let sc = try! #require(t.singleCase)
        #expect(sc.status == .ok && sc.improvement == .increase && sc.nA == 6 && sc.nB == 7 && sc.firstBTime == 7)
        #expect(close(sc.nap?.nap, 0.916667) && close(sc.tauU, 0.738095) && close(sc.ird, 0.690476))
        #expect(close(sc.pog, 66.883117))
        // Decrease overrides the catalog: NAP becomes 1 − 0.916667.
        let d = TrendAnalysis.run(episodes: [episode("WEMWBS", values, phases: phases)], catalog: catalog,
                                  options: TrendOptions(improvement: .decrease))[0]
        #expect(close(d.singleCase?.nap?.nap, 0.083333))
        let onlyA = TrendAnalysis.run(episodes: [episode("WEMWBS", [1, 2, 3].map { $0 + 20 }, phases: [.baseline, .baseline, .baseline])],
                                      catalog: catalog)[0]
        #expect(onlyA.singleCase?.status == .missingPhase && onlyA.singleCase?.nap == nil)
    }

    /// Issue 11, fix 3: `--improvement` is for the single-case indices only. ORS is higher-is-better, so a
    /// falling ORS series is worsening whatever `improvement` says (it used to print "improving").
    /// ORS 30, 28, 26, 24, 21, 19, 17 at sessions 1…7. scipy/pymannkendall:
    ///   `stats.linregress(t, y)` slope −2.214286, 95% CI [−2.356512, −2.072060];
    ///   `mk.original_test(y)` S = −21, p = 0.002667; `mk.hamed_rao_modification_test(y)` p = 0.002667.
    @Test func improvementOptionDoesNotChangeTheTrendInterpretation() {
        let ors = episode("ORS", [30, 28, 26, 24, 21, 19, 17])
        for improvement: Improvement? in [nil, .decrease, .increase] {
            for method in MannKendallMethod.allCases {
                let t = TrendAnalysis.run(episodes: [ors], catalog: catalog,
                                          options: TrendOptions(improvement: improvement, mkMethod: method))[0]
                #expect(t.direction == .higherIsBetter)
                #expect(t.interpretation == .worsening, "improvement \(String(describing: improvement)), \(method)")
            }
        }
        // Lower-is-better: the same fall is improving, also with --improvement increase.
        let phq = TrendAnalysis.run(episodes: [episode("PHQ-9", [30, 28, 26, 24, 21, 19, 17].map { $0 - 3 })], catalog: catalog,
                                    options: TrendOptions(improvement: .increase))[0]
        #expect(phq.interpretation == .improving)
    }

    /// `mkMethod` chooses the test behind the interpretation. PHQ-9 15, 17, 17, 16, 14, 15, 16, 16, 17, 18,
    /// 20, 23 at sessions 1…12 (rising: worse). scipy 1.17 / pymannkendall 1.4.3:
    ///   OLS slope 0.468531, 95% CI [0.121902, 0.815161] (excludes 0);
    ///   `mk.original_test(y)`: S = 33, Var S = 204.333333, p = 0.025181;
    ///   `mk.hamed_rao_modification_test(y)`: Var S = 379.244111, z = 1.643200, p = 0.100341;
    ///   `mk.trend_free_pre_whitening_modification_test(y)`: S = 39, p = 0.003093;
    ///   Yue–Wang AR(1) (numpy, Sen slope 0.5, r₁ = 0.541367, n/n* = 2.932103): p = 0.191095.
    @Test func mkMethodChoosesTheTestBehindTheInterpretation() throws {
        let e = episode("PHQ-9", [15, 17, 17, 16, 14, 15, 16, 16, 17, 18, 20, 23])
        func run(_ m: MannKendallMethod) -> EpisodeTrend {
            TrendAnalysis.run(episodes: [e], catalog: catalog, options: TrendOptions(mkMethod: m))[0]
        }
        #expect(run(.original).interpretation == .worsening)
        #expect(run(.hamedRao).interpretation == .noClearTrend)
        #expect(run(.yueWang).interpretation == .noClearTrend)
        #expect(run(.tfpw).interpretation == .worsening)
        let t = run(.hamedRao)
        let v = try #require(t.mannKendallVariants)
        #expect(close(t.mannKendall?.pValue, 0.025181, 1e-4) && close(v.hamedRao?.varianceS, 379.244111))
        #expect(close(v.hamedRao?.pValue, 0.100341, 1e-4) && close(v.yueWang?.pValue, 0.191095, 1e-4))
        #expect(v.tfpw?.s == 39 && close(v.tfpw?.pValue, 0.003093, 1e-3))
        #expect(close(v.lag1Autocorrelation, 0.541367, 1e-5))
        #expect(t.drivingMannKendall?.pValue == v.hamedRao?.pValue && run(.tfpw).drivingMannKendall?.s == 39)
        // Three scores: TFPW cannot be computed, so it gives no evidence of a trend.
        let short = TrendAnalysis.run(episodes: [episode("PHQ-9", [20, 15, 10])], catalog: catalog,
                                      options: TrendOptions(mkMethod: .tfpw))[0]
        #expect(short.mannKendallVariants?.tfpw == nil && short.interpretation == .noClearTrend)
    }
}
