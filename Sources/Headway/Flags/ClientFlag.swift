// SPDX-License-Identifier: GPL-3.0-or-later
// One status per client episode across its measures (and goals).

/// The status of one client episode over all its measures: the most urgent current status of
/// its per-measure flags wins (red > yellow > green > white > grey), and the reason names the
/// measure(s) that set it. Goal attainment is judged on every measure row of the episode, so a
/// goals flag reaches the client status through them. The per-measure rows are kept in ``rows``.
///
/// Conventions: `measurementDue` is the largest number of days overdue among the measures;
/// the episode is acknowledged when every row with the winning colour (red or yellow) is
/// acknowledged; `latestDay` is the newest score of any measure.
public struct ClientFlag: Sendable {
    public var key: GoalEpisodeKey
    public var clinicianID: String?
    public var site: String?
    public var status: FlagStatus
    /// The rule of the first row with the winning status.
    public var rule: FlagRule
    /// Every rule fired on any measure, most urgent first, without repeats.
    public var rulesFired: [FlagRule]
    /// The measures whose status is the winning one, in input order.
    public var measures: [String]
    public var reason: String
    public var rows: [FlagResult]
    public var measurementDue: Int?
    /// Days beyond the goal review limit (the same for every measure row of the episode).
    public var goalReviewDue: Int?
    /// With plans: days the plan is past its next review (the same for every measure row).
    public var planReviewDue: Int?
    /// With plans: days past the earliest missed goal target date (the same for every measure row).
    public var goalTargetDue: Int?
    public var latestDay: Int?
    public var evaluatedDay: Int?
    /// Largest number of scores of any measure.
    public var scoreCount: Int
    /// The earliest past (resolved) deterioration: "measure session k".
    public var pastDeterioration: String?
    public var isAcknowledged: Bool
    /// The newest acknowledgement among the rows that set the status.
    public var acknowledgement: FlagAcknowledgement?

    /// Groups per-measure results by client episode (in order of first appearance).
    public static func group(_ results: [FlagResult]) -> [ClientFlag] {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("flags: group by client episode", since: t0) }
        // Results come in episode order, so a client episode's rows are usually one run of
        // consecutive rows: the key is hashed once per run (not per row) and rows are kept as
        // indices until each group is built (every 800-byte result was copied into a table of
        // arrays first). A key met again later joins its first group.
        var groups: [(key: GoalEpisodeKey, rows: [Int])] = []
        var groupOf: [GoalEpisodeKey: Int] = [:]
        results.withUnsafeBufferPointer { results in
            var i = 0
            while i < results.count {
                let client = results[i].key.clientID, episode = results[i].key.episodeID
                var end = i + 1
                while end < results.count, results[end].key.clientID == client, results[end].key.episodeID == episode { end += 1 }
                let k = GoalEpisodeKey(clientID: client, episodeID: episode)
                if let g = groupOf[k] {
                    groups[g].rows.append(contentsOf: i..<end)
                } else {
                    groupOf[k] = groups.count
                    groups.append((k, Array(i..<end)))
                }
                i = end
            }
        }
        groupOf = [:]
        var out: [ClientFlag] = []
        out.reserveCapacity(groups.count)
        results.withUnsafeBufferPointer { results in
            for g in groups { if let c = ClientFlag(key: g.key, rows: g.rows.map { results[$0] }) { out.append(c) } }
        }
        return out
    }

    /// Combines the rows of one client episode; `nil` when there are none.
    public init?(key: GoalEpisodeKey, rows: [FlagResult]) {
        guard !rows.isEmpty else { return nil }
        self.key = key
        self.rows = rows
        self.clinicianID = rows.lazy.compactMap(\.clinicianID).first
        self.site = rows.lazy.compactMap(\.site).first
        let status = rows.map(\.status).min()!
        self.status = status
        // Rows are picked by index: filtering the 776-byte results copied each (and retained its
        // strings and arrays), a third of grouping 180,000 of them.
        let winners = rows.indices.filter { rows[$0].status == status }
        self.rule = rows[winners[0]].rule
        self.measures = winners.map { rows[$0].key.measure }
        var fired: [FlagRule] = []
        for i in rows.indices { for r in rows[i].rulesFired where !fired.contains(r) { fired.append(r) } }
        let rank: (FlagRule) -> Int = { rule in
            rows.indices.lazy.filter { rows[$0].rulesFired.contains(rule) }.map { rows[$0].status.rank }.min() ?? 9
        }
        self.rulesFired = fired.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        let others = rows.indices.filter { rows[$0].status != status }.map { "\(rows[$0].key.measure) \(rows[$0].status.rawValue)" }
        self.reason = winners.map { "\(rows[$0].key.measure): \(rows[$0].reason)" }.joined(separator: " | ")
            + (others.isEmpty ? "" : " | other measures: " + others.joined(separator: ", "))
        self.measurementDue = rows.compactMap(\.measurementDue).max()
        self.goalReviewDue = rows.compactMap(\.goalReviewDue).max()
        self.planReviewDue = rows.compactMap(\.planReviewDue).max()
        self.goalTargetDue = rows.compactMap(\.goalTargetDue).max()
        self.latestDay = rows.compactMap(\.latestDay).max()
        self.evaluatedDay = rows.compactMap(\.evaluatedDay).max()
        self.scoreCount = rows.map(\.scoreCount).max()!
        self.pastDeterioration = rows.first { $0.pastDeteriorationSession != nil }.map { "\($0.key.measure) session \($0.pastDeteriorationSession!)" }
        let flagged = status == .red || status == .yellow
        self.isAcknowledged = flagged && winners.allSatisfy { rows[$0].isAcknowledged }
        self.acknowledgement = isAcknowledged ? winners.compactMap { rows[$0].acknowledgement }.max { $0.day < $1.day } : nil
    }

    /// Counts of each status, of episodes with a measurement due and of acknowledged flags.
    public static func counts(_ flags: [ClientFlag]) -> FlagCounts {
        var c = FlagCounts()
        for f in flags {
            c[f.status] += 1
            if f.measurementDue != nil { c.measurementDue += 1 }
            if f.goalReviewDue != nil { c.goalReviewDue += 1 }
            if f.planReviewDue != nil { c.planReviewDue += 1 }
            if f.goalTargetDue != nil { c.goalTargetDue += 1 }
            if f.isAcknowledged { c.acknowledged += 1 }
        }
        return c
    }

    /// Whether any red flag is not acknowledged (exit status 3).
    public static func anyUnacknowledgedRed(_ results: [FlagResult]) -> Bool {
        results.contains { $0.status == .red && !$0.isAcknowledged }
    }
}
