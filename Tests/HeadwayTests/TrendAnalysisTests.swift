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
}
