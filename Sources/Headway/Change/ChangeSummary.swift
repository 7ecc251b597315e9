// SPDX-License-Identifier: GPL-3.0-or-later
// Category counts and percentages with Wilson intervals, per measure and group.

/// What episodes are grouped by in a summary (always within measure).
public enum SummaryGrouping: String, Sendable, Hashable, CaseIterable {
    case measure, clinician, site, group
}

/// The count of one category in one group.
public struct CategorySummary: Sendable, Hashable {
    /// The clinician, site or group value ("" for `measure` grouping or when absent).
    public var group: String
    public var measure: String
    public var category: ChangeCategory
    public var count: Int
    /// Episodes of the group with a category (status ok or no_norms).
    public var total: Int
    public var proportion: Double
    /// 95% Wilson score interval.
    public var interval: WilsonInterval?
}

public enum ChangeSummary {
    /// One row per (group, measure, category), categories in their natural order, including
    /// zero counts; groups and measures sorted.
    public static func categories(_ result: ChangeResult, by grouping: SummaryGrouping = .measure, level: Double = 0.95) -> [CategorySummary] {
        struct Key: Hashable, Comparable {
            var group: String, measure: String
            static func < (a: Key, b: Key) -> Bool { (a.group, a.measure) < (b.group, b.measure) }
        }
        var counts: [Key: [ChangeCategory: Int]] = [:]
        for e in result.episodes {
            guard let c = e.category else { continue }
            let g: String
            switch grouping {
            case .measure: g = ""
            case .clinician: g = e.clinicianID ?? ""
            case .site: g = e.site ?? ""
            case .group: g = e.group ?? ""
            }
            counts[Key(group: g, measure: e.key.measure), default: [:]][c, default: 0] += 1
        }
        var out: [CategorySummary] = []
        for key in counts.keys.sorted() {
            let m = counts[key]!
            let total = m.values.reduce(0, +)
            for c in ChangeCategory.allCases {
                let k = m[c] ?? 0
                out.append(CategorySummary(group: key.group, measure: key.measure, category: c, count: k, total: total,
                                           proportion: Double(k) / Double(total),
                                           interval: WilsonInterval(successes: k, total: total, level: level)))
            }
        }
        return out
    }
}
