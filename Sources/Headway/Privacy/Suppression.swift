// SPDX-License-Identifier: GPL-3.0-or-later
// The one small-cell suppression rule set of every published summary (change --summary,
// gas --summary, report, and the report's flags section).

/// Small-cell suppression of statistics computed from few people.
///
/// Any statistic computed from fewer than `minimum` people is not shown: it becomes
/// ``Cell/suppressed``. This protects clients' privacy in small groups (a clinician with two
/// clients) and stops unstable numbers from being compared. The default minimum is 5, in
/// line with common statistical disclosure control practice for health data (ONS / NHS
/// Digital: cells of fewer than 5 suppressed). Counts themselves go through
/// ``SuppressionTable``, which adds complementary suppression.
public struct SmallCellSuppression: Sendable, Equatable {
    public static let defaultMinimum = 5
    public let minimum: Int

    /// - Throws: ``GoalError/invalid(_:)`` unless `minimum ≥ 0` (0: no suppression, for internal use).
    public init(minimum: Int = SmallCellSuppression.defaultMinimum) throws {
        guard minimum >= 0 else { throw GoalError.invalid("the minimum cell size must be at least 0 (got \(minimum))") }
        self.minimum = minimum
    }

    /// A statistic that may be suppressed or not applicable.
    public enum Cell<Value: Sendable & Equatable>: Sendable, Equatable {
        case value(Value)
        /// Computed from fewer than `minimum` people (or hidden with a count it would reveal).
        case suppressed
        /// Not computable (e.g. a standard deviation of one value, or zero spread).
        case notApplicable

        public var value: Value? { if case .value(let v) = self { return v } else { return nil } }
        public var isSuppressed: Bool { self == .suppressed }
    }

    /// Whether a statistic from `n` people may be shown.
    public func allows(_ n: Int) -> Bool { n >= minimum }

    /// `compute()` when `n` people is enough, else `.suppressed`; a `nil` result is `.notApplicable`.
    public func cell<T>(_ n: Int, _ compute: () throws -> T?) rethrows -> Cell<T> {
        guard allows(n) else { return .suppressed }
        return try compute().map(Cell.value) ?? .notApplicable
    }

    /// A cell as text for a terminal table: `suppressed`, empty when not applicable, else
    /// `format(value)`. (CSV leaves a suppressed cell empty and says so in a `suppressed`
    /// column: docs/output.md.)
    public func text<T>(_ c: Cell<T>, _ format: (T) -> String) -> String {
        switch c {
        case .value(let v): return format(v)
        case .suppressed: return "suppressed"
        case .notApplicable: return ""
        }
    }
}

/// Primary and complementary suppression of a table of published counts ("cells") and the
/// additive relations between them ("lines"), the one implementation behind every summary.
///
/// - **Primary**: every count below the minimum, zero included, is hidden (a zero says that
///   nobody in the group had the outcome, which is as disclosive as a one).
/// - **Lines**: a line is a set of published (or derivable) counts that add up: the
///   categories of a group with their total; the same count across the groups of a
///   partition with the practice total; a rate's numerator, its complement and its
///   denominator; two sections' counts of the same episodes (an equality is a line of two).
/// - **Complementary**: if exactly one count of a line is hidden, it could be recovered by
///   subtraction, so the smallest other count of that line that may still be hidden is
///   hidden too (the "next smallest" rule, Hundepool et al. 2012, *Statistical Disclosure
///   Control*, §4.2). This repeats until no line has exactly one hidden count.
/// - **Totals first**: cells added with `total: true` (the practice level, which an ungrouped
///   run publishes on its own) are decided first, from the lines among totals alone, exactly
///   as that ungrouped run decides them, and then held fixed; complementary suppression in
///   the groups then never changes them. So a grouped and an ungrouped run of the same data
///   hide the same totals, and one cannot be differenced against the other.
/// - **Derived cells** (added with ``addDerived(_:total:)``) are not printed but follow from
///   printed ones (a rate's complement n − k): they take part in primary suppression, so a
///   small complement hides its numerator or denominator.
///
/// A minimum of 0 (the report's `--audience internal`) hides nothing.
public struct SuppressionTable: Sendable {
    public private(set) var counts: [Int] = []
    /// After ``suppress(minimum:)``: whether each cell is hidden.
    public private(set) var hidden: [Bool] = []
    private var isTotal: [Bool] = []
    public private(set) var lines: [[Int]] = []

    public init() {}

    /// Adds a published count and returns its cell.
    @discardableResult
    public mutating func add(_ count: Int, total: Bool = false) -> Int {
        counts.append(count)
        hidden.append(false)
        isTotal.append(total)
        return counts.count - 1
    }

    /// Adds a count that is not printed but follows from printed ones (e.g. n − k).
    @discardableResult
    public mutating func addDerived(_ count: Int, total: Bool = false) -> Int { add(count, total: total) }

    /// Declares that `cells` add up (one of them may be the total of the others); `nil`
    /// entries (counts that are not published) are left out. A line needs two cells.
    public mutating func line(_ cells: [Int?]) {
        let c = cells.compactMap { $0 }
        if c.count >= 2 { lines.append(c) }
    }

    /// A rate k/n: the line numerator + complement = denominator, with the complement as a derived cell.
    public mutating func rate(numerator k: Int, denominator n: Int) {
        let total = isTotal[k] && isTotal[n]
        let complement = addDerived(max(0, counts[n] - counts[k]), total: total)
        line([k, complement, n])
    }

    /// Whether `cell` is hidden (after ``suppress(minimum:)``).
    public func isHidden(_ cell: Int) -> Bool { hidden[cell] }

    /// Applies primary then complementary suppression: totals first, then everything.
    public mutating func suppress(minimum: Int) {
        guard minimum > 0 else { return }
        for i in counts.indices where counts[i] < minimum { hidden[i] = true }
        let isTotal = self.isTotal
        let totalLines = lines.filter { $0.allSatisfy { isTotal[$0] } }
        complementary(totalLines, mayHide: { isTotal[$0] })
        // Totals are now fixed; groups' cells are hidden to protect the remaining lines.
        complementary(lines, mayHide: { !isTotal[$0] })
        // A line whose only candidates were fixed totals (a single group equal to the total
        // is hidden with it by primary suppression, so this is a safety net): privacy first.
        complementary(lines, mayHide: { _ in true })
    }

    private mutating func complementary(_ lines: [[Int]], mayHide: (Int) -> Bool) {
        let counts = self.counts
        var changed = true
        while changed {
            changed = false
            for line in lines {
                var count = 0
                for c in line where hidden[c] { count += 1 }
                guard count == 1 else { continue }
                var best: Int? = nil
                for c in line where !hidden[c] && mayHide(c) {
                    if best == nil || counts[c] < counts[best!] { best = c }
                }
                if let best { hidden[best] = true; changed = true }
            }
        }
    }
}
