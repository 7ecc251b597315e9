// SPDX-License-Identifier: GPL-3.0-or-later
// The reporting period (`--from`, `--to`).
import HeadwayCSV

/// Selection of a reporting period, inclusive at both ends.
///
/// Rule: an episode (client, episode id, measure) belongs to the period when the date of its
/// **last score** falls in it. The episode is then reported whole (its first score may be
/// earlier), which is how NHS Talking Therapies counts "finished courses of treatment" in a
/// month. Episodes without any dated score are left out when a period is set. Goals: reviews
/// dated in the period (so "latest review" means the latest one in the period). Flags: open
/// episodes whose latest score falls in the period. The open/closed rule still compares with
/// the newest date in the file. "Median days between scores" is computed by the streaming
/// reader over every row of the file, not only the selected episodes.
public enum ReportPeriod {
    static func contains(_ day: Int?, _ o: ReportOptions) -> Bool {
        guard o.from != nil || o.to != nil else { return true }
        guard let day else { return false }
        return day >= (o.from ?? Int.min) && day <= (o.to ?? Int.max)
    }

    static func select(_ data: ReportData, _ o: ReportOptions) -> ReportData {
        guard o.from != nil || o.to != nil else { return data }
        var d = data
        d.episodes = data.episodes.filter { $0.lastDay != TimeKey.none && contains(Int($0.lastDay), o) }
        return d
    }

    static func select(_ goals: [ClientReview]?, _ o: ReportOptions) -> [ClientReview]? {
        guard o.from != nil || o.to != nil else { return goals }
        return goals?.filter { contains($0.day, o) }
    }

    static func select(_ flags: [FlagResult]?, _ o: ReportOptions) -> [FlagResult]? {
        guard o.from != nil || o.to != nil else { return flags }
        return flags?.filter { contains($0.latestDay, o) }
    }

    /// The same rule for the per-episode commands (`change`, `trend`, `flags --from/--to`): the
    /// episodes whose latest dated score falls in `from...to` (inclusive; either end open when
    /// `nil`), kept whole; an episode without a dated score is left out once a period is set.
    public static func select(_ episodes: [Episode], from: Int?, to: Int?) -> [Episode] {
        guard from != nil || to != nil else { return episodes }
        return episodes.filter { e in
            guard let last = e.scores.compactMap(\.day).max() else { return false }
            return last >= (from ?? Int.min) && last <= (to ?? Int.max)
        }
    }

    /// Goals (`gas --from/--to`): the reviews dated in `from...to`; undated reviews are left out
    /// once a period is set (as the report's goals section).
    public static func select(_ reviews: [ClientReview], from: Int?, to: Int?) -> [ClientReview] {
        guard from != nil || to != nil else { return reviews }
        return reviews.filter { r in r.day.map { $0 >= (from ?? Int.min) && $0 <= (to ?? Int.max) } ?? false }
    }

    /// Parses `YYYY-MM-DD` to days since 1970-01-01; `nil` if it is not a valid date.
    public static func parseDate(_ s: String) -> Int? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), d >= 1 else { return nil }
        let days = CivilCalendar.days(year: y, month: m, day: d)
        let back = CivilCalendar.components(days: days)
        return back.year == y && back.month == m && back.day == d ? days : nil
    }
}
