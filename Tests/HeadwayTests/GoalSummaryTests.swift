import Testing
@testable import Headway

@Suite struct GoalSummaryTests {
    static func status(_ c: String, _ clinician: String, _ t: Double?, _ dt: Double?, day: Int? = nil) -> LatestGoalStatus {
        LatestGoalStatus(episode: GoalEpisodeKey(clientID: c, episodeID: "1"), clinicianID: clinician, site: "S",
                         review: 2, day: day, goalsScored: 3, tAttained: t, tChange: dt, anyGoalAtMinusTwo: false, status: "ok")
    }

    @Test func statisticsAgainstNumpy() throws {
        // import numpy as np; t=np.array([42,50,55,61,47,58]); d=np.array([10,12,20,15,5,14])
        // np.median(t)=52.5, np.percentile(t,[25,75])=[47.75,57.25], t.mean()=52.1666…, t.std(ddof=1)=7.139094246938239
        // np.median(d)=13, np.percentile(d,[25,75])=[10.5,14.75], d.mean()=12.666…, d.std(ddof=1)=5.046450898073483
        // SRM = d.mean()/d.std(ddof=1) = 2.50997…, % T ≥ 50 = 4/6.
        let t: [Double] = [42, 50, 55, 61, 47, 58], d: [Double] = [10, 12, 20, 15, 5, 14]
        let latest = (0..<6).map { Self.status("C\($0)", $0 < 4 ? "A" : "B", t[$0], d[$0]) }
        let rows = GoalSummary.run(latest, by: .clinician, suppression: try SmallCellSuppression())
        #expect(rows.map(\.group) == ["A", "B", "all"])
        #expect(rows[0].status == "suppressed" && rows[0].tMean == .suppressed && rows[0].clients == 4)
        // The practice row hides its percentage (4 at T ≥ 50, 2 below: both under 5); the
        // statistics are checked with a minimum of 1, where nothing is hidden.
        #expect(rows[2].percentTAtLeast50 == .suppressed && rows[2].status == "suppressed")
        let all = GoalSummary.run(latest, by: .clinician, suppression: try SmallCellSuppression(minimum: 1))[2]
        #expect(all.status == "ok" && all.clients == 6 && all.clientsWithChange == 6)
        #expect(abs(all.tMedian.value! - 52.5) < 1e-12)
        #expect(abs(all.tQ1.value! - 47.75) < 1e-12 && abs(all.tQ3.value! - 57.25) < 1e-12)
        #expect(abs(all.tMean.value! - 52.166666666666664) < 1e-12)
        #expect(abs(all.tSD.value! - 7.139094246938239) < 1e-9)
        #expect(abs(all.changeMedian.value! - 13) < 1e-12)
        #expect(abs(all.changeQ1.value! - 10.5) < 1e-12 && abs(all.changeQ3.value! - 14.75) < 1e-12)
        #expect(abs(all.changeSD.value! - 5.046450898073483) < 1e-9)
        #expect(abs(all.srm.value! - 12.666666666666666 / 5.046450898073483) < 1e-9)
        #expect(abs(all.percentTAtLeast50.value! - 100 * 4 / 6.0) < 1e-12)
    }

    @Test func suppressionHelper() throws {
        let s = try SmallCellSuppression(minimum: 5)
        #expect(s.allows(5) && !s.allows(4))
        #expect(s.cell(4) { 1.0 } == .suppressed)
        #expect(s.cell(5) { 1.0 } == .value(1))
        #expect(s.cell(5) { Double?.none } == .notApplicable)
        #expect(s.text(SmallCellSuppression.Cell<Double>.suppressed) { "\($0)" } == "suppressed")
        #expect(throws: GoalError.self) { try SmallCellSuppression(minimum: -1) }
        #expect(try SmallCellSuppression(minimum: 0).allows(0))
    }

    @Test func zeroSpreadAndPeriods() throws {
        // Ten episodes, five at T 40 and five at 60 (so neither count behind % T ≥ 50 is small), ΔT all 10.
        let latest = (0..<10).map { Self.status("C\($0)", "A", $0 % 2 == 0 ? 40 : 60, 10, day: 19_800 + $0) }   // 2024-03-18…
        let rows = GoalSummary.run(latest, by: .period, period: .quarter, suppression: try SmallCellSuppression())
        #expect(rows.map(\.group) == ["2024-Q1", "all"])
        #expect(rows[1].status == "zero_sd" && rows[1].srm == .notApplicable && rows[1].changeSD == .value(0))
        #expect(GoalSummaryPeriod.month.label(days: 19_800) == "2024-03" && GoalSummaryPeriod.year.label(days: 19_800) == "2024")
    }
}
