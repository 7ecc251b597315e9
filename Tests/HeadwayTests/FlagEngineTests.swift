import Testing
@testable import Headway

// z values: scipy.stats.norm.ppf(0.78) = 0.7721932141886848 (the default yellow percentile since the
// issue 17 operating characteristics), norm.ppf(0.75) = 0.6744897501960817 (the default before),
// norm.ppf(0.85) = 1.0364333894937898, norm.ppf(0.90) = 1.2815515655446004.
private let zYellow = 0.7721932141886848
private let zYellowBefore = 0.6744897501960817
private let zRed = 1.2815515655446004
private let day0 = 20000

/// Expected PHQ-9 = intake − 2·ln t, σ = 2 (a hand-made curve, so every limit is known exactly).
private let curve = RecoveryCurve(measure: "PHQ-9", coefficients: [0, 1, -2, 0], pooledSigma: 2, episodes: 100, rows: 300)
private func expected(_ intake: Double, _ t: Double) -> Double { intake - 2 * log(t) }

/// Weekly scores from `day0`, sessions 1, 2, ….
private func ep(_ values: [Double], measure: String = "PHQ-9", client: String = "C1", status: EpisodeStatus? = nil,
                clinician: String? = "T1") -> Episode {
    Episode(key: EpisodeKey(clientID: client, episodeID: "1", measure: measure), clinicianID: clinician, status: status,
            scores: values.indices.map { Score(value: values[$0], day: day0 + 7 * $0, session: $0 + 1, line: $0 + 2) })
}

/// An engine with only `rules` switched on (nil: all), the hand-made curve, as of the last score.
private func engine(_ episodes: [Episode], only rules: Set<FlagRule>? = nil, curves: [String: RecoveryCurve]? = ["PHQ-9": curve],
                    goals: [LatestGoalStatus] = [], _ tweak: (inout FlagOptions) -> Void = { _ in }) -> FlagEngine {
    var o = FlagOptions()
    if let rules { o.disabledRules = Set(FlagRule.switchable).subtracting(rules) }
    tweak(&o)
    return FlagEngine.prepare(episodes: episodes, catalog: .builtin, options: o, curves: curves, goals: goals)
}

private func flag(_ e: Episode, only rules: Set<FlagRule>? = nil, goals: [LatestGoalStatus] = [],
                  _ tweak: (inout FlagOptions) -> Void = { _ in }) -> FlagResult {
    engine([e], only: rules, goals: goals, tweak).evaluate(e)!
}

@Suite struct FlagEngineTests {
    // MARK: Off the expected curve

    @Test func clientExactlyOnTheCurveIsGreen() {
        let e = ep((1...4).map { expected(20, Double($0)) })
        let r = flag(e)
        #expect(r.status == .green && r.rule == .onTrack && r.rulesFired.isEmpty, "\(r.reason)")
        #expect(abs(r.expected! - expected(20, 4)) < 1e-12)
        #expect(abs(r.residualZ!) < 1e-12)
        #expect(abs(r.yellowLimit! - (expected(20, 4) + zYellow * 2)) < 1e-9)
        #expect(abs(r.redLimit! - (expected(20, 4) + zRed * 2)) < 1e-9)
        #expect(r.curveSource == .file && r.sigmaIsPerSession == false)
    }

    /// A score exactly on a limit is not beyond it; a hair above is.
    @Test func yellowAndRedBandEdgesOnBothSides() {
        let path = (1...3).map { expected(20, Double($0)) }
        let yellow = expected(20, 4) + zYellow * 2, red = expected(20, 4) + zRed * 2
        let only: Set<FlagRule> = [.offTrack]
        #expect(flag(ep(path + [yellow - 1e-6]), only: only).status == .green)
        let y = flag(ep(path + [yellow + 1e-6]), only: only)
        #expect(y.status == .yellow && y.rule == .offTrack)
        // expected(20, 4) = 17.2274, + 0.7722·2 = 18.7718 (python: 20 - 2*math.log(4) + 2*norm.ppf(0.78)).
        #expect(y.reason.hasPrefix("off track: PHQ-9 18.8 at session 4, expected 17.2; above the 78th percentile limit 18.8"), "\(y.reason)")
        #expect(flag(ep(path + [red - 1e-6]), only: only).status == .yellow)
        let rr = flag(ep(path + [red + 1e-6]), only: only)
        #expect(rr.status == .red && rr.rule == .offTrack && abs(rr.residualZ! - zRed) < 1e-5)
        // Better than expected by any amount is never off track.
        #expect(flag(ep(path + [expected(20, 4) - 5]), only: only).status == .green)
    }

    @Test func percentilesAreOptions() {
        let path = (1...3).map { expected(20, Double($0)) }
        let x = expected(20, 4) + 1.0 * 2          // z = 1.0: yellow at 0.75/0.90, red at 0.75/0.80 (z 0.8416)
        #expect(flag(ep(path + [x]), only: [.offTrack]).status == .yellow)
        #expect(flag(ep(path + [x]), only: [.offTrack]) { $0.redPercentile = 0.80 }.status == .red)
        #expect(FlagOptions(redPercentile: 0.7, yellowPercentile: 0.75).problem != nil)
    }

    /// The default yellow limit is the 78th percentile (issue 17 operating characteristics; it was
    /// the 75th): a score between the two limits (18.5764 and 18.7718) is green by default and
    /// yellow with `--yellow-percentile 0.75`.
    @Test func defaultYellowPercentileIs78() {
        #expect(FlagOptions().yellowPercentile == 0.78 && FlagOptions().redPercentile == 0.90)
        let path = (1...3).map { expected(20, Double($0)) }
        let old = expected(20, 4) + zYellowBefore * 2, new = expected(20, 4) + zYellow * 2
        let between = (old + new) / 2
        #expect(flag(ep(path + [between]), only: [.offTrack]).status == .green)
        #expect(flag(ep(path + [between]), only: [.offTrack]) { $0.yellowPercentile = 0.75 }.status == .yellow)
        #expect(flag(ep(path + [old - 1e-6]), only: [.offTrack]) { $0.yellowPercentile = 0.75 }.status == .green)
        #expect(flag(ep(path + [new + 1e-6]), only: [.offTrack]).status == .yellow)
        #expect(abs(FlagOptions().noImprovementZ - zYellow) < 1e-12)
        #expect(FlagOptions(noImprovementBelowZ: .infinity).problem != nil)
        #expect(FlagOptions(noImprovementBelowZ: .nan).problem != nil)
        #expect(FlagOptions(noImprovementBelowZ: -.infinity).problem == nil && FlagOptions().problem == nil)
    }

    /// Higher-is-better (ORS): the limits lie below the expected score.
    @Test func higherIsBetterBandsAreBelow() {
        let ors = RecoveryCurve(measure: "ORS", coefficients: [0, 1, 3, 0], pooledSigma: 2, episodes: 100, rows: 300)
        let e0 = ep([20, 20 + 3 * log(2), 20 + 3 * log(3) - zRed * 2 - 0.01], measure: "ORS")
        let r = engine([e0], only: [.offTrack], curves: ["ORS": ors]).evaluate(e0)!
        #expect(r.status == .red && r.redLimit! < r.expected!, "\(r.reason)")
        #expect(r.reason.contains("below the 90th percentile"))
        let up = ep([20, 21, 20 + 3 * log(3) + 5], measure: "ORS")
        #expect(engine([up], only: [.offTrack], curves: ["ORS": ors]).evaluate(up)!.status == .green)
    }

    @Test func perSessionSigmaNeedsEnoughResiduals() {
        var c = curve
        c.sessionSigma = [4: .init(sigma: 3, n: 25), 3: .init(sigma: 5, n: 10)]
        let e4 = ep((1...4).map { expected(20, Double($0)) })
        let per = engine([e4], curves: ["PHQ-9": c]) { $0.sigma = .perSession }.evaluate(e4)!
        #expect(per.sigma == 3 && per.sigmaIsPerSession == true)
        let e3 = ep((1...3).map { expected(20, Double($0)) })
        let pooled = engine([e3], curves: ["PHQ-9": c]) { $0.sigma = .perSession }.evaluate(e3)!
        #expect(pooled.sigma == 2 && pooled.sigmaIsPerSession == false)
    }

    // MARK: Reliable deterioration (PHQ-9 published threshold 6 points)

    // MARK: Current reliable deterioration (PHQ-9 published threshold: a change of 6 points is reliable)

    /// Red when the current score (mean of the last two scores after intake) is ≥ 6 above intake:
    /// mean 18 (12 → 18, 18) is red; mean 17.99 is not (but the latest, 18, alone is: yellow).
    @Test func currentDeteriorationBothSides() {
        let only: Set<FlagRule> = [.reliableDeterioration]
        let r = flag(ep([12, 18, 18]), only: only)
        #expect(r.status == .red && r.rule == .reliableDeterioration && r.worstSession == 3 && r.worstRCI == 6)
        #expect(r.currentScore == 18 && r.reason.contains("12 at intake, 18 now (mean of the last 2 scores, sessions 2 to 3)"), "\(r.reason)")
        let y = flag(ep([12, 17.98, 18]), only: only)
        #expect(y.status == .yellow && y.rule == .reliableDeterioration && y.reason.hasPrefix("unconfirmed deterioration"), "\(y.reason)")
        #expect(abs(y.currentScore! - 17.99) < 1e-12)
        #expect(flag(ep([12, 17.98, 17.99]), only: only).status == .green)
        // With two scores the current score is the single score after intake: a reliable
        // deterioration is unconfirmed (yellow) until a second score confirms it; red with
        // --deterioration latest. 17.99 is not reliable either way.
        let two = flag(ep([12, 18]), only: only)
        #expect(two.status == .yellow && two.reason.contains("one score after intake"), "\(two.reason)")
        #expect(flag(ep([12, 18]), only: only) { $0.deterioration = .latest }.status == .red)
        #expect(flag(ep([12, 17.99]), only: only).status == .green)
        // --current-scores 3: the mean of 17, 18, 19 = 18 is red; of 16.97, 18, 19 (17.99) is not.
        #expect(flag(ep([12, 17, 18, 19]), only: only) { $0.currentScores = 3 }.status == .red)
        #expect(flag(ep([12, 16.97, 18, 19]), only: only) { $0.currentScores = 3 }.status == .yellow)
    }

    /// A deterioration that has resolved is reported, not red; `--deterioration any` keeps the old rule.
    @Test func pastDeteriorationIsReportedNotRed() {
        let e = ep([12, 19, 13, 12])
        let r = flag(e, only: [.reliableDeterioration])
        #expect(r.status == .green && r.pastDeteriorationSession == 2 && r.pastDeteriorationRCI == 7, "\(r.reason)")
        #expect(r.reason.contains("past deterioration at session 2 (PHQ-9 12 to 19), not current"))
        #expect(flag(e, only: [.reliableDeterioration]) { $0.deterioration = .any }.status == .red)
        // Latest only: 12 → 18 at the latest session is red, the mean (15) would not be.
        #expect(flag(ep([12, 12, 18]), only: [.reliableDeterioration]) { $0.deterioration = .latest }.status == .red)
        // Just below the threshold at the past session: nothing to report.
        let below = flag(ep([12, 17.99, 13, 12]), only: [.reliableDeterioration])
        #expect(below.status == .green && below.pastDeteriorationSession == nil)
    }

    /// The example: GAD-7 reliably worse at session 2 (6 → 11, threshold 4) and now 7 and 7
    /// (below the cut-off 8): not red under the default rules (no GAD-7 curve: published threshold).
    @Test func resolvedGAD7IsNotRed() {
        let e = ep([6, 11, 7, 7], measure: "GAD-7")
        let r = flag(e)
        #expect(r.status != .red && r.pastDeteriorationSession == 2, "\(r.reason)")
        #expect(flag(e) { $0.deterioration = .any }.status == .red)
    }

    /// The percentage criterion drives the flag too: current 18 against intake 12 is +50 % (by hand:
    /// 100·6/12), a deterioration at the default 50 %; a current 17 is +41.7 %, not. The reason
    /// states percentages.
    @Test func reliableDeteriorationWithPercentage() {
        let only: Set<FlagRule> = [.reliableDeterioration]
        let r = flag(ep([12, 18, 18]), only: only) { $0.change = ChangeOptions(method: .percentage) }
        #expect(r.status == .red && r.rule == .reliableDeterioration && r.worstRCI == 50)
        #expect(r.changeMethod == .percentage && r.rcThreshold == 50)
        #expect(r.reason.contains("+50 %") && r.reason.contains("reliable at 50 % of the intake score"), "\(r.reason)")
        #expect(flag(ep([12, 17, 17]), only: only) { $0.change = ChangeOptions(method: .percentage) }.status == .green)
    }

    @Test func deterioratingClientWithOneScoreIsGrey() {
        let r = flag(ep([27]))
        #expect(r.status == .grey && r.rule == .insufficientData && r.reason.contains("one PHQ-9 score"))
        #expect(r.rci == nil && r.expected == nil)
    }

    // MARK: No reliable improvement by session k

    /// Default k = 8; without a curve (published threshold only) any non-reliable change fires.
    @Test func noReliableImprovementBySessionK() {
        let only: Set<FlagRule> = [.noReliableImprovement]
        let head: [Double] = [20, 19, 19, 18, 18, 17, 17]
        let noCurve = { (v: [Double], tweak: (inout FlagOptions) -> Void) -> FlagResult in
            engine([ep(v)], only: only, curves: [:], tweak).evaluate(ep(v))!
        }
        #expect(noCurve(head + [15], { _ in }).rule == .noReliableImprovement)                 // −5 at session 8
        #expect(noCurve(head + [14], { _ in }).status == .green)                               // −6: reliable
        #expect(noCurve(head, { _ in }).status == .green)                                      // session 7 < 8
        #expect(noCurve(head, { $0.improvementBySession = 7 }).status == .yellow)
    }

    /// With a curve the rule needs the latest score behind the expected score by more than the
    /// yellow limit's z (default Φ⁻¹(0.78) = 0.7722, σ = 2; expected(20, 8) = 20 − 2·ln 8 = 15.8411,
    /// limit 17.3855): a hair beyond fires, a hair inside does not; `--no-improvement-z 0` (the
    /// default before) fires at a hair behind the expected score; the default follows
    /// `--yellow-percentile` (0.85: z 1.0364, limit 17.9140).
    @Test func noReliableImprovementNeedsToBeBehindTheCurve() {
        let only: Set<FlagRule> = [.noReliableImprovement]
        let head: [Double] = [20, 19, 19, 18, 18, 17, 17]
        let x = expected(20, 8)
        let behind = flag(ep(head + [x + zYellow * 2 + 1e-6]), only: only)
        #expect(behind.status == .yellow && behind.reason.contains("residual z 0.77 > 0.77"), "\(behind.reason)")
        #expect(flag(ep(head + [x + zYellow * 2 - 1e-6]), only: only).status == .green)
        #expect(flag(ep(head + [x + 1e-6]), only: only).status == .green)
        let zero = flag(ep(head + [x + 1e-6]), only: only) { $0.noImprovementBelowZ = 0 }
        #expect(zero.status == .yellow && zero.reason.contains("residual z 0.00 > 0.00"), "\(zero.reason)")
        #expect(flag(ep(head + [x - 1e-6]), only: only) { $0.noImprovementBelowZ = 0 }.status == .green)
        let z85 = 1.0364333894937898
        #expect(flag(ep(head + [x + z85 * 2 + 1e-6]), only: only) { $0.yellowPercentile = 0.85 }.status == .yellow)
        #expect(flag(ep(head + [x + z85 * 2 - 1e-6]), only: only) { $0.yellowPercentile = 0.85 }.status == .green)
        // --no-improvement-z 0.5: half a σ (1 point) behind.
        #expect(flag(ep(head + [x + 1 + 1e-6]), only: only) { $0.noImprovementBelowZ = 0.5 }.status == .yellow)
        #expect(flag(ep(head + [x + 1 - 1e-6]), only: only) { $0.noImprovementBelowZ = 0.5 }.status == .green)
        #expect(flag(ep(head + [x - 1]), only: only) { $0.noImprovementBelowZ = -.infinity }.status == .yellow)
    }

    /// Mild at intake and functional now (8 < 10): silent by default, flagged on request.
    @Test func noImprovementIsSilentOnTheFunctionalSide() {
        let e = ep([12, 11, 10, 9, 9, 8, 8, 8])
        // Latest 8 is 0.08σ behind expected(12, 8) = 7.84: behind the curve only with
        // --no-improvement-z 0, so the functional condition alone decides here.
        #expect(flag(e, only: [.noReliableImprovement]) { $0.noImprovementBelowZ = 0 }.status == .green)
        #expect(flag(e, only: [.noReliableImprovement]) { $0.noImprovementBelowZ = 0; $0.noImprovementWhenFunctional = true }.status == .yellow)
    }

    // MARK: Worsening trend

    /// The either-rule fires exactly when α exceeds min(OLS p, Mann–Kendall p) (an OLS CI at level
    /// 1 − α excludes 0 iff p < α), so α just above and just below that value are both sides.
    @Test func worseningTrendThresholdBothSides() throws {
        let v: [Double] = [10, 11, 13, 12, 14, 15]
        let weeks = (0..<6).map(Double.init)
        let p = min(try TrendStatistics.ols(x: weeks, y: v).pValue, try TrendStatistics.mannKendall(x: weeks, y: v).pValue)
        let e = ep(v)
        let on = flag(e, only: [.worseningTrend]) { $0.trendAlpha = p * 1.01 }
        #expect(on.status == .yellow && on.rule == .worseningTrend, "\(on.reason)")
        #expect(on.trendSlope! > 0 && on.trendTimeAxis == .weeks)
        #expect(flag(e, only: [.worseningTrend]) { $0.trendAlpha = p * 0.99 }.status == .green)
        // Falling PHQ-9 is improvement, never a worsening trend.
        #expect(flag(ep(v.reversed()), only: [.worseningTrend]) { $0.trendAlpha = 0.5 }.status == .green)
    }

    // MARK: Goals

    @Test func gasBelowFortyOrGoalAtMinusTwo() {
        let e = ep([15, 14, 13])
        func g(_ t: Double, _ m2: Bool) -> [LatestGoalStatus] {
            [LatestGoalStatus(episode: GoalEpisodeKey(clientID: "C1", episodeID: "1"), review: 1, day: day0 + 7,
                              goalsScored: 2, tAttained: t, tChange: nil, anyGoalAtMinusTwo: m2, status: "ok")]
        }
        let only: Set<FlagRule> = [.goalsBelowExpected]
        let low = flag(e, only: only, goals: g(39.9, false))
        #expect(low.status == .yellow && low.rule == .goalsBelowExpected && low.gasT == 39.9)
        #expect(flag(e, only: only, goals: g(40, false)).status == .green)
        #expect(flag(e, only: only, goals: g(55, true)).status == .yellow)
    }

    /// A goal review more than 56 days old (review on day0 + 7) sets goal_review_due, not a colour.
    @Test func goalReviewDueBothSides() {
        let e = ep([15, 14, 13])
        let g = [LatestGoalStatus(episode: GoalEpisodeKey(clientID: "C1", episodeID: "1"), review: 1, day: day0 + 7,
                                  goalsScored: 2, tAttained: 50, tChange: nil, anyGoalAtMinusTwo: false, status: "ok")]
        let late = flag(e, goals: g) { $0.asOf = day0 + 7 + 57 }
        #expect(late.goalReviewDue == 1 && late.status != .yellow && late.reason.contains("goal review due: latest GAS review 57 days ago"), "\(late.reason)")
        #expect(flag(e, goals: g) { $0.asOf = day0 + 7 + 56 }.goalReviewDue == nil)
        #expect(flag(e, goals: g) { $0.asOf = day0 + 7 + 57; $0.goalReviewDays = 57 }.goalReviewDue == nil)
        #expect(FlagEngine.counts([late]).goalReviewDue == 1)
        // Judged at the last score (--all-episodes): no reminders.
        #expect(flag(e, goals: g) { $0.asOf = day0 + 7 + 100; $0.scope = .allEpisodes }.goalReviewDue == nil)
    }

    // MARK: Overdue and open episodes

    /// Measurement due is its own column (days beyond the limit), never a colour.
    @Test func measurementDueBothSides() {
        let e = ep([15, 14, 13])                                  // last score day0 + 14
        let only: Set<FlagRule> = [.overdueMeasurement]
        let late = flag(e, only: only) { $0.asOf = day0 + 14 + 29 }
        #expect(late.status == .green && late.rule == .onTrack && late.daysSinceLast == 29 && late.measurementDue == 1)
        #expect(late.rulesFired.isEmpty && late.reason.contains("measurement due: no PHQ-9 score for 29 days (1 beyond 28)"))
        let onTime = flag(e, only: only) { $0.asOf = day0 + 14 + 28 }
        #expect(onTime.status == .green && onTime.measurementDue == nil && onTime.daysSinceLast == 28)
        #expect(flag(e, only: []) { $0.asOf = day0 + 14 + 60 }.measurementDue == nil)   // switched off
        let c = FlagEngine.counts([late, onTime])
        #expect(c.measurementDue == 1 && c.green == 2 && c.total == 2)
        // Beyond --open-within (90 days) the episode is closed and not judged at all.
        #expect(engine([e]) { $0.asOf = day0 + 14 + 91 }.evaluate(e) == nil)
    }

    @Test func explicitStatusDecidesOpenness() {
        let closed = ep([15, 14, 13], status: .closed)
        #expect(engine([closed]).evaluate(closed) == nil)
        let open = ep([15, 14, 13], status: .open)
        #expect(engine([open]) { $0.asOf = day0 + 400 }.evaluate(open)?.measurementDue == 400 - 14 - 28)
        // --all-episodes judges closed ones too, at their last score (no overdue rule).
        let all = engine([closed]) { $0.scope = .allEpisodes; $0.asOf = day0 + 400 }.evaluate(closed)
        #expect(all != nil && all?.daysSinceLast == nil && all?.evaluatedDay == day0 + 14)
    }

    @Test func asOfIgnoresLaterScoresAndAtSessionTruncates() {
        let e = ep([12, 13, 20, 21])
        let early = engine([e], only: [.reliableDeterioration]) { $0.asOf = day0 + 7 }.evaluate(e)!
        #expect(early.scoreCount == 2 && early.status == .green)
        let s2 = engine([e], only: [.reliableDeterioration]) { $0.scope = .atSession(2) }.evaluate(e)!
        #expect(s2.scoreCount == 2 && s2.session == 2)
        #expect(engine([e]) { $0.scope = .atSession(5) }.evaluate(e) == nil)
    }

    // MARK: Recovered, precedence, fallback, counts

    @Test func recoveredIsWhiteOnlyPastTheCutoffWithReliableImprovement() {
        let only: Set<FlagRule> = [.recovered]
        let w = flag(ep([20, 14, 8]), only: only)
        #expect(w.status == .white && w.rule == .recovered && w.functional == true)
        #expect(flag(ep([20, 14, 10]), only: only).status == .green)      // 10 is still clinical for PHQ-9
        #expect(flag(ep([12, 10, 7]), only: only).status == .green)       // −5: not reliable
    }

    @Test func redBeatsYellowBeatsWhite() {
        // Deteriorated (red) and off track (red), measurement due (not a colour).
        let e = ep([10, 19, 19])
        let r = flag(e) { $0.asOf = day0 + 14 + 40 }
        #expect(r.status == .red && r.rule == .reliableDeterioration && r.measurementDue == 12)
        #expect(r.rulesFired == [.reliableDeterioration, .offTrack])
        #expect(r.reason.contains("(also: off_track)") && r.reason.contains("measurement due"))
        // Unconfirmed deterioration (yellow) loses to off track (red).
        let u = flag(ep([10, 12, 19]))
        #expect(u.status == .red && u.rule == .offTrack && u.rulesFired.contains(.reliableDeterioration))
        // Recovered but overdue: still white, with the measurement due.
        let w = flag(ep([20, 14, 8])) { $0.asOf = day0 + 14 + 30 }
        #expect(w.status == .white && w.rulesFired == [.recovered] && w.measurementDue == 2)
    }

    @Test func fallbackWithoutCurveIsSaidInTheOutput() {
        let eps = (0..<10).map { ep([20, 15, 12, 10], client: "K\($0)") } + [ep([12, 19, 19], client: "Z")]
        let eng = FlagEngine.prepare(episodes: eps, catalog: .builtin, options: FlagOptions(asOf: day0 + 28))
        #expect(eng.curves.isEmpty)
        #expect(eng.curveProblems["PHQ-9"] == "0 completed episodes < 50")
        let z = eng.evaluate(eps.last!)!
        #expect(z.curveSource == .publishedThreshold && z.status == .red)
        #expect(z.reason.contains("[no practice curve: 0 completed episodes < 50; published-threshold rule]"))
        // K: 20 → 10 is a reliable improvement (−10 ≥ 6) but 10 is still clinical (PHQ-9 ≥ 10):
        // not recovered, so green, on track by the published threshold (not white).
        let k = eng.evaluate(eps[0])!
        #expect(k.status == .green && k.rule == .onTrack && k.curveSource == .publishedThreshold, "\(k.reason)")
        #expect(k.reason.hasPrefix("on track by the published threshold: PHQ-9 20 to 10"), "\(k.reason)")
    }

    @Test func countsByStatus() {
        let eps = [ep([12, 19], client: "A"), ep([20, 14, 8], client: "B"), ep([15], client: "C"), ep([15, 14], client: "D")]
        let eng = engine(eps)
        let c = FlagEngine.counts(eng.run(eps))
        #expect(c == FlagCounts(red: 1, yellow: 0, green: 1, white: 1, grey: 1) && c.total == 4)
    }

    @Test func unknownMeasureIsGrey() {
        let e = ep([3, 4, 5], measure: "XYZ")
        let r = engine([e], curves: [:]).evaluate(e)!
        #expect(r.status == .grey && r.reason.contains("not in the catalog"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
