// SPDX-License-Identifier: GPL-3.0-or-later
// "Did adjusting help?": flagged episodes whose plan changed soon after the flag against those whose plan did not.
import HeadwayStats

/// One flagged episode of the comparison.
public struct FlaggedEpisode: Sendable {
    public var key: EpisodeKey
    public var clinicianID: String?
    /// Modality of the plan in force at the flag (before any change).
    public var modality: String?
    /// Score index (0-based) and day of the first red or yellow flag.
    public var flagIndex: Int
    public var flagDay: Int
    public var flagStatus: FlagStatus
    /// Whether the plan changed within N sessions after the flag.
    public var adjusted: Bool
    /// Least-squares slope of score on weeks since the flag, from the flag's score to the last.
    public var slopePerWeek: Double
    /// The last score is reliably improved from the intake (``ChangeAnalysis/classify(pre:post:parameters:)``).
    public var reliablyImproved: Bool
    /// Covariates of the adjusted comparison: intake score, score at the flag minus intake,
    /// weeks from intake to the flag.
    public var intake: Double
    public var changeToFlag: Double
    public var weeksToFlag: Double
}

/// One comparison (the practice, or one modality or clinician).
public struct PlanEffectRow: Sendable {
    public var group: String
    public var adjusted: Int
    public var notAdjusted: Int
    /// `nil` when suppressed (either group below the minimum cell) or not computable.
    public var slopeAdjusted: Double?
    public var slopeNotAdjusted: Double?
    /// Adjusted − not adjusted, points per week, with its Welch 95% interval.
    public var slopeDifference: Double?
    public var slopeLower: Double?
    public var slopeUpper: Double?
    /// The slope difference adjusted for the course before the flag: the coefficient of
    /// "adjusted" in the least-squares regression of the slope on adjusted, intake score, score
    /// change from intake to the flag, weeks to the flag and a red-flag indicator, with its t interval.
    public var adjustedDifference: Double?
    public var adjustedLower: Double?
    public var adjustedUpper: Double?
    public var improvedAdjusted: Double?
    public var improvedNotAdjusted: Double?
    /// Adjusted − not adjusted proportion reliably improved, with Newcombe's hybrid score interval.
    public var improvedDifference: Double?
    public var improvedLower: Double?
    public var improvedUpper: Double?
    public var suppressed: Bool
}

/// The result of ``PlanEffect/analyse(episodes:engine:plans:measure:within:minimumCell:by:)``.
public struct PlanEffectResult: Sendable {
    public var measure: String
    public var within: Int
    public var flagged: [FlaggedEpisode]
    public var rows: [PlanEffectRow]
    /// Flagged episodes left out, with why (a change before the flag; fewer than two scores from the flag on; no plan file entry).
    public var excludedChangeBeforeFlag: Int
    public var excludedTooFewScores: Int
    public var excludedNoPlan: Int
    /// The minimum cell size of the suppression rule.
    public var minimumCell: Int = SmallCellSuppression.defaultMinimum
    public static let caveat = "Observational: plans were not changed at random. Clinicians change the plans of clients who are doing worse (confounding by indication), so a difference here is not the effect of changing a plan, and no difference does not show that changing is useless."
}

/// Compares, among episodes flagged red or yellow, those whose plan changed within N sessions
/// after the flag with those whose plan did not (docs/plans.md).
///
/// - The flag: the first score k ≥ 2 at which ``FlagEngine`` (judging the first k scores, as
///   `flags --at-score k`) returns red or yellow.
/// - Adjusted: a plan version that changes the treatment (``PlanHistory/isChange(_:)``) dated on
///   or after the flag's day and on or before the day of the N-th score after it (or the last
///   score). Episodes with a change before the flag are left out (counted).
/// - Outcomes from the flag's score to the last (at least two scores): the ordinary
///   least-squares slope of score on weeks since the flag (points per week; negative is better
///   on lower-is-better measures), and whether the last score is reliably improved from intake.
/// - Intervals: mean slopes are compared with Welch's t interval (Welch 1947; df by
///   Welch–Satterthwaite); proportions with Newcombe's hybrid score interval for a difference of
///   two independent proportions (Newcombe 1998, Statistics in Medicine 17, 873–890, method 10),
///   built from the Wilson intervals of each proportion.
/// - Groups (modality of the plan at the flag, or clinician) are shown only when both arms have at
///   least `minimumCell` episodes (the practice's small-cell rule, ``SmallCellSuppression``).
public enum PlanEffect {
    public enum Grouping: String, Sendable, CaseIterable { case practice, modality, clinician }

    public static func analyse(episodes: [Episode], engine: FlagEngine, plans: [GoalEpisodeKey: PlanHistory], measure: String,
                               within: Int = 2, minimumCell: Int = SmallCellSuppression.defaultMinimum,
                               by grouping: Grouping = .practice) -> PlanEffectResult {
        var flagged: [FlaggedEpisode] = []
        var before = 0, tooFew = 0, noPlan = 0
        for e in episodes where e.key.measure == measure {
            guard let cut = FlagEngine.truncate(e, asOf: engine.asOf), cut.scores.count >= 2,
                  cut.scores.allSatisfy({ $0.day != nil }) else { continue }
            guard let (f, status) = firstFlag(cut, engine: engine) else { continue }
            let days = cut.scores.map { $0.day! }
            let flagDay = days[f]
            guard let history = plans[GoalEpisodeKey(clientID: e.key.clientID, episodeID: e.key.episodeID)] else { noPlan += 1; continue }
            let changes = history.versions.indices.filter { history.isChange($0) }.map { history.versions[$0].day }
            if changes.contains(where: { $0 < flagDay }) { before += 1; continue }
            let windowEnd = days[min(days.count - 1, f + within)]
            let change = changes.first { $0 >= flagDay && $0 <= windowEnd }
            let adjusted = change != nil
            // From the flag's score, or for an adjusted episode from the last score on or before the change.
            let start = change.map { c in days.lastIndex { $0 <= c } ?? f } ?? f
            guard days.count - start >= 2 else { tooFew += 1; continue }
            let x = days[start...].map { Double($0 - days[start]) / 7 }
            let y = cut.scores[start...].map(\.value)
            guard let slope = olsSlope(x, y) else { tooFew += 1; continue }
            var improved = false
            if let p = engine.changeParameters[measure] {
                improved = ChangeAnalysis.classify(pre: cut.scores[0].value, post: cut.scores[cut.scores.count - 1].value, parameters: p).reliableDirection == .improved
            }
            flagged.append(FlaggedEpisode(key: e.key, clinicianID: e.clinicianID, modality: history.current(on: flagDay)?.modality,
                                          flagIndex: f, flagDay: flagDay, flagStatus: status, adjusted: adjusted,
                                          slopePerWeek: slope, reliablyImproved: improved, intake: cut.scores[0].value,
                                          changeToFlag: cut.scores[f].value - cut.scores[0].value,
                                          weeksToFlag: Double(flagDay - days[0]) / 7))
        }
        var rows = [row("all", flagged, minimumCell: minimumCell)]
        if grouping != .practice {
            let key: (FlaggedEpisode) -> String = { grouping == .modality ? ($0.modality ?? "(none)") : ($0.clinicianID ?? "(none)") }
            for g in Set(flagged.map(key)).sorted() { rows.append(row(g, flagged.filter { key($0) == g }, minimumCell: minimumCell)) }
        }
        return PlanEffectResult(measure: measure, within: within, flagged: flagged, rows: rows, excludedChangeBeforeFlag: before,
                                excludedTooFewScores: tooFew, excludedNoPlan: noPlan, minimumCell: minimumCell)
    }

    /// The first score index k ≥ 1 (0-based) at which the engine, judging the first k + 1 scores,
    /// says red or yellow, with that status; `nil` when it never does.
    public static func firstFlag(_ e: Episode, engine: FlagEngine) -> (index: Int, status: FlagStatus)? {
        guard e.scores.count >= 2 else { return nil }
        for k in 2...e.scores.count {
            var prefix = e
            prefix.scores = e.scores.prefix(k)
            let r = engine.judge(prefix, evaluatedDay: prefix.lastDay, checkOverdue: false)
            if r.status == .red || r.status == .yellow { return (k - 1, r.status) }
        }
        return nil
    }

    static func row(_ group: String, _ list: [FlaggedEpisode], minimumCell: Int) -> PlanEffectRow {
        let a = list.filter(\.adjusted), b = list.filter { !$0.adjusted }
        var r = PlanEffectRow(group: group, adjusted: a.count, notAdjusted: b.count, suppressed: a.count < minimumCell || b.count < minimumCell)
        guard !r.suppressed else { return r }
        if let w = welch(a.map(\.slopePerWeek), b.map(\.slopePerWeek)) {
            r.slopeAdjusted = w.meanA
            r.slopeNotAdjusted = w.meanB
            r.slopeDifference = w.difference
            r.slopeLower = w.lower
            r.slopeUpper = w.upper
        }
        let design = list.map { [1, $0.adjusted ? 1 : 0, $0.intake, $0.changeToFlag, $0.weeksToFlag, $0.flagStatus == .red ? 1 : 0] }
        if list.count > 8, let fit = try? fitLinearModel(design: design, y: list.map(\.slopePerWeek)), fit.degreesOfFreedom > 0,
           let t = try? StudentT.quantile(0.975, df: Double(fit.degreesOfFreedom)) {
            let b = fit.coefficients[1], se = fit.standardErrors[1]
            if b.isFinite, se.isFinite {
                r.adjustedDifference = b
                r.adjustedLower = b - t * se
                r.adjustedUpper = b + t * se
            }
        }
        let ka = a.filter(\.reliablyImproved).count, kb = b.filter(\.reliablyImproved).count
        if let n = newcombe(ka, a.count, kb, b.count) {
            r.improvedAdjusted = Double(ka) / Double(a.count)
            r.improvedNotAdjusted = Double(kb) / Double(b.count)
            r.improvedDifference = n.difference
            r.improvedLower = n.lower
            r.improvedUpper = n.upper
        }
        return r
    }

    /// Least-squares slope of y on x; `nil` when x does not vary.
    public static func olsSlope(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
        guard sxx > 0 else { return nil }
        let s = sxy / sxx
        return s.isFinite ? s : nil
    }

    /// Welch's two-sample t interval for mean(a) − mean(b); `nil` with fewer than two values in
    /// a group or zero variance in both.
    public static func welch(_ a: [Double], _ b: [Double], level: Double = 0.95)
        -> (meanA: Double, meanB: Double, difference: Double, lower: Double, upper: Double, df: Double)? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        func mv(_ v: [Double]) -> (Double, Double) {
            let m = v.reduce(0, +) / Double(v.count)
            return (m, v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1))
        }
        let (ma, va) = mv(a), (mb, vb) = mv(b)
        let sa = va / Double(a.count), sb = vb / Double(b.count)
        let se2 = sa + sb
        guard se2 > 0 else { return nil }
        let df = se2 * se2 / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
        guard let t = try? StudentT.quantile(1 - (1 - level) / 2, df: df) else { return nil }
        let d = ma - mb, h = t * se2.squareRoot()
        guard d.isFinite, h.isFinite else { return nil }
        return (ma, mb, d, d - h, d + h, df)
    }

    /// Newcombe's hybrid score interval (method 10) for p1 − p2 from the Wilson intervals.
    public static func newcombe(_ k1: Int, _ n1: Int, _ k2: Int, _ n2: Int, level: Double = 0.95)
        -> (difference: Double, lower: Double, upper: Double)? {
        guard n1 > 0, n2 > 0, let w1 = WilsonInterval(successes: k1, total: n1, level: level),
              let w2 = WilsonInterval(successes: k2, total: n2, level: level) else { return nil }
        let p1 = Double(k1) / Double(n1), p2 = Double(k2) / Double(n2)
        let d = p1 - p2
        let lo = d - ((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2)).squareRoot()
        let hi = d + ((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower)).squareRoot()
        return (d, lo, hi)
    }

    /// The result as text (80 columns): one block per row, then the caveat.
    public static func text(_ r: PlanEffectResult) -> String {
        let pct = { (v: Double?) in v.map { fmt(100 * $0) + "%" } ?? "-" }
        let pts = { (v: Double?) in v.map(fmt2) ?? "-" }
        var out = "DID ADJUSTING HELP? \(r.measure), flagged red or yellow episodes: plan changed within \(r.within) sessions after the flag vs not\n"
        out += "  \(r.flagged.count) flagged episodes compared; left out: \(r.excludedChangeBeforeFlag) changed before the flag, \(r.excludedTooFewScores) with fewer than 2 scores from the flag on, \(r.excludedNoPlan) without a plan\n"
        for row in r.rows {
            // Counts below the minimum cell are shown as "<minimum" (as the practice report does).
            let count = { (n: Int) in n < r.minimumCell ? "<\(r.minimumCell)" : String(n) }
            out += "\n\(row.group): \(count(row.adjusted)) adjusted, \(count(row.notAdjusted)) not adjusted\n"
            if row.suppressed { out += "  suppressed (an arm has fewer than the minimum cell size)\n"; continue }
            out += "  score change per week after the flag: \(pts(row.slopeAdjusted)) adjusted, \(pts(row.slopeNotAdjusted)) not;\n"
            out += "    difference \(pts(row.slopeDifference)) (95% CI \(pts(row.slopeLower)) to \(pts(row.slopeUpper)))\n"
            out += "    adjusted for the course before the flag: \(pts(row.adjustedDifference)) (95% CI \(pts(row.adjustedLower)) to \(pts(row.adjustedUpper)))\n"
            out += "  reliably improved by the end: \(pct(row.improvedAdjusted)) adjusted, \(pct(row.improvedNotAdjusted)) not;\n"
            out += "    difference \(pct(row.improvedDifference)) (95% CI \(pct(row.improvedLower)) to \(pct(row.improvedUpper)))\n"
        }
        out += "\n" + PlanEffectResult.caveat + "\n"
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { ReviewText.wrapText(String($0), width: 80, indent: 6) + ($0.isEmpty ? [""] : []) }.joined(separator: "\n")
    }
}
