// SPDX-License-Identifier: GPL-3.0-or-later
// Plan and goal dates as reasons of their own in `flags` (not a clinical colour).
import HeadwayCSV

/// The plan rules of `headway flags --plans` (issue 16): like `measurement_due`, reminders with
/// their own fields, never a colour.
///
/// - Plan review due: the episode is judged with overdue checks (open episodes as of the as-of
///   date) and the as-of date is after the `next_review` of the plan in force on it:
///   ``FlagResult/planReviewDue`` = days past the date.
/// - Goal target missed: a goal of the episode whose `target_date` is before the as-of date and
///   whose latest rating on or before the as-of date is below its target level (GAS: the file's
///   `target_level`, else 0; GBO: only with a `target_level`): ``FlagResult/goalTargetDue`` =
///   days past the earliest such target date.
///
/// Each appends a clause to the reason ("plan review due: …", "goal G2 past its target date …").
public struct PlanFlagRules: Sendable {
    public var plans: [GoalEpisodeKey: PlanHistory]
    public var goals: [GoalEpisodeKey: [GoalRecord]]

    public init(plans: [PlanHistory], goals: [GoalRecord] = []) {
        self.plans = Dictionary(plans.map { ($0.episode, $0) }, uniquingKeysWith: { a, _ in a })
        var g: [GoalEpisodeKey: [GoalRecord]] = [:]
        for r in goals { g[r.episode, default: []].append(r) }
        self.goals = g
    }

    /// Sets the plan fields of `r` and appends their clauses to its reason.
    public func apply(to r: inout FlagResult, evaluatedDay: Int?, checkOverdue: Bool) {
        guard checkOverdue, let day = evaluatedDay else { return }
        let key = GoalEpisodeKey(clientID: r.key.clientID, episodeID: r.key.episodeID)
        if let next = plans[key]?.current(on: day)?.nextReview, day > next {
            r.planReviewDue = day - next
            r.reason += "; plan review due: next review was \(CivilCalendar.isoString(days: next)) (\(day - next) days ago)"
        }
        var missed: [(id: String, target: Int, days: Int)] = []
        for g in goals[key] ?? [] {
            guard let target = g.targetDay, day > target,
                  let level = g.targetLevel ?? (g.scale == .gas ? 0 : nil) else { continue }
            let latest = g.ratings.last { ($0.day ?? Int.min) <= day }?.value
            if latest.map({ $0 < level }) ?? true { missed.append((g.goalID, target, day - target)) }
        }
        if let worst = missed.max(by: { $0.days < $1.days }) {
            r.goalTargetDue = worst.days
            r.reason += "; " + missed.map { "goal \($0.id) past its target date \(CivilCalendar.isoString(days: $0.target)) without reaching its target level" }.joined(separator: ", ")
        }
    }
}
