// SPDX-License-Identifier: GPL-3.0-or-later
// Builds review pages: every measure against the practice's expected recovery band, goals, plan.
import HeadwayCSV

/// Everything needed to write review pages for any client of a practice: the flag engine
/// (expected recovery curves and reliable-change parameters fitted on the whole practice, as
/// `headway flags` does), the goals with their GAS reviews, and the plan histories.
///
/// Conventions (docs/review.md):
/// - Measures are judged by ``FlagEngine`` without goals; the goals get their own status (yellow
///   when the latest GAS T is below ``FlagOptions/gasTBelow`` or a goal is at −2), so the
///   client status combines each measure and the goals once.
/// - An open episode is judged as of the as-of date; a closed one at its last score.
/// - "Since": `--since`, else the date of the plan in force, else the intake.
public struct ReviewContext: Sendable {
    public var catalog: MeasureCatalog
    public var engine: FlagEngine
    public var episodes: [Episode]
    public var goals: [GoalRecord]
    public var goalReviews: [ClientReview]
    public var plans: [GoalEpisodeKey: PlanHistory]
    public var asOf: Int? { engine.asOf }

    /// Prepares the engine on every episode of the practice.
    /// - Throws: ``GoalError`` from the GAS analysis of the goals.
    public static func prepare(episodes: [Episode], catalog: MeasureCatalog, options: FlagOptions,
                               curves: [String: RecoveryCurve]? = nil, goals: [GoalRecord] = [],
                               plans: [PlanHistory] = []) throws -> ReviewContext {
        var o = options
        o.scope = .open
        let engine = FlagEngine.prepare(episodes: episodes, catalog: catalog, options: o, curves: curves, goals: [])
        let reviews = try GoalAnalysis.run(goals)
        return ReviewContext(catalog: catalog, engine: engine, episodes: episodes, goals: goals, goalReviews: reviews,
                             plans: Dictionary(plans.map { ($0.episode, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The client's episodes (observations, goals or plans), oldest first by first score.
    public func episodeIDs(client: String) -> [String] {
        var first: [String: Int] = [:]
        for e in episodes where e.key.clientID == client {
            first[e.key.episodeID] = min(first[e.key.episodeID] ?? Int.max, e.firstDay ?? Int.max)
        }
        for g in goals where g.episode.clientID == client && first[g.episode.episodeID] == nil {
            first[g.episode.episodeID] = g.ratings.compactMap(\.day).min() ?? Int.max
        }
        for (k, h) in plans where k.clientID == client && first[k.episodeID] == nil {
            first[k.episodeID] = h.versions.first?.day ?? Int.max
        }
        return first.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
    }

    /// The latest episode of each client seen by `clinician` (observations' clinician), sorted by client.
    public func caseload(clinician: String) -> [GoalEpisodeKey] {
        var latest: [String: (day: Int, episode: String)] = [:]
        for e in episodes where e.clinicianID == clinician {
            let d = e.lastDay ?? Int.min
            if let cur = latest[e.key.clientID], (cur.day, cur.episode) >= (d, e.key.episodeID) { continue }
            latest[e.key.clientID] = (d, e.key.episodeID)
        }
        return latest.sorted { $0.key < $1.key }.map { GoalEpisodeKey(clientID: $0.key, episodeID: $0.value.episode) }
    }

    /// The page of `client`'s episode (default: the latest), or `nil` when the client or
    /// episode has no scores, goals or plans.
    public func page(client: String, episode: String? = nil, since: Int? = nil) -> ReviewPage? {
        let ids = episodeIDs(client: client)
        guard let episodeID = episode ?? ids.last, ids.contains(episodeID) else { return nil }
        let key = GoalEpisodeKey(clientID: client, episodeID: episodeID)
        let eps = episodes.filter { $0.key.clientID == client && $0.key.episodeID == episodeID }
        let asOf = engine.asOf
        let history = plans[key]
        let open = eps.isEmpty ? true : eps.contains { FlagEngine.isOpen($0, asOf: asOf, openWithinDays: engine.options.openWithinDays) }

        // Measures.
        var measures: [MeasureReview] = []
        for e in eps {
            guard let cut = FlagEngine.truncate(e, asOf: asOf) else { continue }
            let flag = engine.evaluate(e) ?? engine.judge(cut, evaluatedDay: cut.lastDay, checkOverdue: false)
            measures.append(measureReview(cut, flag: flag, history: history))
        }

        // Goals.
        let goalRecords = goals.filter { $0.episode == key }
        var progress: [GoalProgress] = []
        for g in goalRecords {
            let ratings = g.ratings.filter { ($0.day ?? Int.min) <= (asOf ?? Int.max) }
            let latest = ratings.last?.value
            let target = g.targetLevel ?? (g.targetDay != nil && g.scale == .gas ? 0 : nil)
            let reached = latest != nil && target != nil && latest! >= target!
            var overdue: Int? = nil
            if let td = g.targetDay, let a = asOf, a > td, !reached { overdue = a - td }
            progress.append(GoalProgress(goalID: g.goalID, description: g.description, scale: g.scale, baseline: g.baseline,
                                         ratings: ratings.map { (Self.reviewLabel($0), $0.day, $0.value) },
                                         targetDay: g.targetDay, targetLevel: target, latest: latest, reached: reached,
                                         overdueDays: overdue))
        }
        let gas = goalReviews.filter { $0.episode == key && $0.scale == .gas && ($0.day ?? Int.min) <= (asOf ?? Int.max) }
        let gasPoints = gas.map { GASReviewPoint(label: $0.review.map { "review \($0)" } ?? "review", day: $0.day, t: $0.tAttained) }
        var goalStatus = FlagStatus.grey
        var goalPhrase: String? = nil
        if let last = gas.last {
            let at = last.review.map { "review \($0)" } ?? last.day.map { CivilCalendar.isoString(days: $0) } ?? "the latest review"
            if let t = last.tAttained, t < engine.options.gasTBelow {
                goalStatus = .yellow
                goalPhrase = "goals below expected (GAS T \(fmt(t)) at \(at))"
            } else if last.anyGoalAtMinusTwo == true {
                goalStatus = .yellow
                goalPhrase = "a goal much worse than expected (-2 at \(at))"
            } else if let t = last.tAttained {
                goalStatus = .green
                goalPhrase = "goals \(t >= 50 ? "at or above" : "a little below") expected (GAS T \(fmt(t)) at \(at))"
            }
        }

        // Status: the most urgent of the measures and the goals; reasons most urgent first.
        var parts: [(FlagStatus, Int, String)] = measures.enumerated().map { ($0.element.flag.status, $0.offset, $0.element.phrase) }
        if let goalPhrase { parts.append((goalStatus, measures.count, goalPhrase)) }
        parts.sort { ($0.0.rank, $0.1) < ($1.0.rank, $1.1) }
        let status = parts.first?.0 ?? .grey

        // Plan and reminders.
        let current = history?.current(on: asOf)
        var planOverdue: Int? = nil
        if open, let next = current?.nextReview, let a = asOf, a > next { planOverdue = a - next }
        var reminders: [String] = []
        for m in measures {
            if let due = m.flag.measurementDue, let d = m.flag.daysSinceLast {
                reminders.append("\(m.measure) measurement due: no score for \(d) days (\(due) beyond \(engine.options.overdueDays))")
            }
        }
        if let planOverdue, let next = current?.nextReview {
            reminders.append("plan review overdue: next review was \(CivilCalendar.isoString(days: next)) (\(planOverdue) days ago)")
        }
        for g in progress where g.overdueDays != nil {
            reminders.append("goal \(g.goalID) past its target date \(CivilCalendar.isoString(days: g.targetDay!)) (\(g.overdueDays!) days) without reaching \(Self.level(g.targetLevel!, g.scale))")
        }

        // Since.
        let firstDay = eps.compactMap(\.firstDay).min()
        let sinceDay: Int?
        let sinceSource: String
        if let since { sinceDay = since; sinceSource = "--since" } else if let c = current { sinceDay = c.day; sinceSource = "the plan date" } else { sinceDay = firstDay; sinceSource = "the intake" }
        var changes: [String] = []
        var statusThen: FlagStatus? = nil
        if let s = sinceDay {
            var then: [FlagStatus] = []
            for e in eps {
                guard let cut = FlagEngine.truncate(e, asOf: asOf) else { continue }
                let before = cut.scores.filter { ($0.day ?? Int.min) <= s }
                let after = cut.scores.filter { ($0.day ?? Int.min) > s }
                if !before.isEmpty {
                    var b = cut
                    b.scores = ScoreList(before)
                    then.append(engine.judge(b, evaluatedDay: s, checkOverdue: false).status)
                }
                guard !after.isEmpty else { changes.append("\(e.key.measure): no new scores"); continue }
                let t = TrendAnalysis.times(cut, axis: .session) ?? []
                let sessions = t.count == cut.scores.count ? Array(t.suffix(after.count)) : []
                let from = before.last?.value ?? after.first!.value
                let to = after.last!.value
                let which = sessions.isEmpty ? "" : sessions.count == 1 ? " (session \(Int(sessions[0])))" : " (sessions \(Int(sessions.first!))-\(Int(sessions.last!)))"
                changes.append("\(e.key.measure): \(after.count) new score\(after.count == 1 ? "" : "s")\(which), \(fmt(from)) -> \(fmt(to)) (\(signed(to - from)))")
            }
            statusThen = then.min()
            if let h = history {
                for (i, v) in h.versions.enumerated() where v.day > s && v.day <= (asOf ?? Int.max) {
                    changes.append("plan v\(i + 1) on \(CivilCalendar.isoString(days: v.day)): \(h.isChange(i) ? "changed" : "kept")\(v.reason.map { " (\($0))" } ?? "")")
                }
            }
            for r in gas where (r.day ?? Int.min) > s {
                changes.append("goals rated at \(r.review.map { "review \($0)" } ?? "a review")\(r.day.map { " on " + CivilCalendar.isoString(days: $0) } ?? ""): GAS T \(r.tAttained.map(fmt) ?? "-")")
            }
        }

        var others = ids
        others.removeAll { $0 == episodeID }
        return ReviewPage(clientID: client, episodeID: episodeID, otherEpisodes: others,
                          clinicianID: eps.lazy.compactMap(\.clinicianID).first ?? goalRecords.lazy.compactMap(\.clinicianID).first ?? history?.versions.lazy.compactMap(\.clinicianID).first,
                          site: eps.lazy.compactMap(\.site).first ?? goalRecords.lazy.compactMap(\.site).first,
                          asOf: asOf, firstDay: firstDay, lastDay: eps.compactMap { FlagEngine.truncate($0, asOf: asOf)?.lastDay }.max(),
                          isOpen: open, measures: measures, goals: progress, gasReviews: gasPoints, goalStatus: goalStatus,
                          goalPhrase: goalPhrase, plan: history, currentPlan: current, planReviewOverdue: planOverdue,
                          status: status, statusReasons: parts.map(\.2), reminders: reminders, sinceDay: sinceDay,
                          sinceSource: sinceSource, statusAtSince: statusThen, changesSince: changes)
    }

    static func reviewLabel(_ r: GoalRating) -> String {
        if let n = r.review { return "review \(n)" }
        return r.day.map { CivilCalendar.isoString(days: $0) } ?? "review"
    }

    /// A GAS level with its sign (+1, 0, -2) or a GBO score.
    public static func level(_ v: Int, _ scale: GoalScale) -> String {
        scale == .gas && v > 0 ? "+\(v)" : String(v)
    }

    func measureReview(_ e: Episode, flag: FlagResult, history: PlanHistory?) -> MeasureReview {
        let name = e.key.measure
        let measure = catalog.measure(named: name)
        let values = e.scores.map(\.value)
        let t = TrendAnalysis.times(e, axis: .session) ?? values.indices.map { Double($0 + 1) }
        var points: [ReviewPoint] = []
        for (i, s) in e.scores.enumerated() {
            var p = ReviewPoint(session: t[i], day: s.day, value: s.value)
            if i > 0, let b = engine.band(measure: name, intake: values[0], session: t[i]) {
                p.expected = b.expected
                p.yellow = b.yellow
                p.red = b.red
            }
            points.append(p)
        }
        var marks: [ReviewPlanMark] = []
        if let h = history {
            for (i, v) in h.versions.enumerated() where v.day <= (engine.asOf ?? Int.max) {
                let before = points.firstIndex { ($0.day ?? Int.min) >= v.day } ?? points.count
                marks.append(ReviewPlanMark(version: i + 1, day: v.day, reason: v.reason, isChange: h.isChange(i), beforePoint: before))
            }
        }
        var change: ChangeClassification? = nil
        var threshold: String? = nil
        let p = engine.changeParameters[name]
        if let p, values.count >= 2 {
            change = ChangeAnalysis.classify(pre: values[0], post: values[values.count - 1], parameters: p)
            threshold = engine.rcText(p)
        }
        var review = MeasureReview(measure: name, fullName: measure?.fullName, direction: measure?.direction ?? .lowerIsBetter,
                                   minScore: measure?.minScore ?? (values.min() ?? 0), maxScore: measure?.maxScore ?? (values.max() ?? 1),
                                   points: points, planMarks: marks, change: change, threshold: threshold, cutoff: p?.cutoff?.value,
                                   flag: flag, phrase: phrase(name, flag: flag, values: values, sessions: t, parameters: p))
        review.yellowLabel = engine.options.yellowLabel
        review.redLabel = engine.options.redLabel
        return review
    }

    /// The measure's part of the client status.
    func phrase(_ name: String, flag: FlagResult, values: [Double], sessions t: [Double], parameters p: ChangeParameters?) -> String {
        let at = flag.session.map { " at session \($0)" } ?? ""
        // A confirmed reliable deterioration names the intake first, whichever red rule came first.
        let rule = flag.status == .red && flag.rulesFired.contains(.reliableDeterioration) ? FlagRule.reliableDeterioration : flag.rule
        switch rule {
        case .reliableDeterioration:
            if flag.status == .yellow { return "\(name) reliably worse than at intake\(at), not yet confirmed" }
            // The start of the current run of sessions reliably worse than the intake.
            var start: Int? = nil
            if let p, values.count >= 2 {
                var i = values.count - 1
                while i >= 1, ChangeAnalysis.classify(pre: values[0], post: values[i], parameters: p).reliableDirection == .deteriorated {
                    start = i
                    i -= 1
                }
            }
            let also = flag.rulesFired.contains(.offTrack) ? ", beyond the expected range" : ""
            if let s = start { return "\(name) reliably worse than at intake since session \(Int(t[s]))\(also)" }
            return "\(name) reliably worse than at intake (mean of the latest scores)\(at)\(also)"
        case .offTrack:
            let side = catalog.measure(named: name)?.direction == .higherIsBetter ? "below" : "above"
            return "\(name) \(side) the expected range\(at) (\(flag.status == .red ? engine.options.redLabel : engine.options.yellowLabel) percentile)"
        case .noReliableImprovement:
            return "\(name) not reliably improved\(at)"
        case .worseningTrend:
            return "\(name) worsening trend"
        case .goalsBelowExpected:
            return "\(name) goals below expected"
        case .recovered:
            return "\(name) recovered"
        case .onTrack:
            return "\(name) on track"
        case .insufficientData, .overdueMeasurement:
            return "\(name) not enough data"
        }
    }
}
