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
    /// The count (with its proportion and interval) is hidden by ``ChangeSummary/suppressed(_:by:minimum:level:)``.
    public var suppressed = false
    /// The group's total is hidden.
    public var totalSuppressed = false
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

    /// ``categories(_:by:level:)`` with small-cell suppression (``SuppressionTable``): every
    /// count below `minimum` (zero included) is hidden, and complementary counts so that no
    /// hidden count follows from a group's total (the categories of a group and measure add
    /// up to its total; a count and its complement, the group's other episodes, add up to the
    /// total too) or from the practice totals (each category, and the total, adds up
    /// across the groups to the practice count that `--by measure` publishes; those are
    /// decided first, as that run decides them, so the two runs cannot be differenced).
    /// A hidden count hides its proportion and interval; a hidden total hides every
    /// proportion of its group. `minimum` 0 hides nothing.
    public static func suppressed(_ result: ChangeResult, by grouping: SummaryGrouping = .measure, minimum: Int,
                                  level: Double = 0.95) -> [CategorySummary] {
        var rows = categories(result, by: grouping, level: level)
        guard minimum > 0 else { return rows }
        var table = SuppressionTable()
        // Practice level: one group per measure, as `--by measure` publishes it.
        var practice: [String: (cats: [Int], total: Int)] = [:]
        let practiceRows = grouping == .measure ? rows : categories(result, by: .measure, level: level)
        for measure in Set(practiceRows.map(\.measure)).sorted() {
            let rs = practiceRows.filter { $0.measure == measure }
            let cats = rs.map { table.add($0.count, total: true) }
            let total = table.add(rs[0].total, total: true)
            table.line(cats + [total])
            for c in cats { table.rate(numerator: c, denominator: total) }
            practice[measure] = (cats, total)
        }
        guard grouping != .measure else {
            table.suppress(minimum: minimum)
            for i in rows.indices {
                let p = practice[rows[i].measure]!
                let j = ChangeCategory.allCases.firstIndex(of: rows[i].category)!
                rows[i].totalSuppressed = table.isHidden(p.total)
                rows[i].suppressed = table.isHidden(p.cats[j]) || rows[i].totalSuppressed
            }
            return rows
        }
        // Groups: cells per (group, measure), lines within the group and across the groups.
        var cell: [Int] = [], totalCell: [Int] = []
        var column: [String: [Int]] = [:], totalColumn: [String: [Int]] = [:]
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + ChangeCategory.allCases.count)
            let t = table.add(rows[start].total)
            var cats: [Int] = []
            for i in start..<end {
                let c = table.add(rows[i].count)
                cats.append(c)
                cell.append(c)
                totalCell.append(t)
                column[rows[i].measure + "\u{1}" + rows[i].category.rawValue, default: []].append(c)
            }
            totalColumn[rows[start].measure, default: []].append(t)
            table.line(cats + [t])
            for c in cats { table.rate(numerator: c, denominator: t) }
            start = end
        }
        for measure in practice.keys.sorted() {
            let p = practice[measure]!
            table.line((totalColumn[measure] ?? []) + [p.total])
            for (j, c) in ChangeCategory.allCases.enumerated() {
                table.line((column[measure + "\u{1}" + c.rawValue] ?? []) + [p.cats[j]])
            }
        }
        table.suppress(minimum: minimum)
        for i in rows.indices {
            rows[i].totalSuppressed = table.isHidden(totalCell[i])
            rows[i].suppressed = table.isHidden(cell[i]) || rows[i].totalSuppressed
        }
        return rows
    }
}
