// SPDX-License-Identifier: GPL-3.0-or-later
// Primary and complementary small-cell suppression of the report's counts.

/// The report's counts ("cells") and the additive relations between them ("lines").
///
/// Primary suppression: every count below the minimum (``SmallCellSuppression``; zero
/// included) is suppressed. Complementary suppression: a line is a set of published counts
/// that add up (the categories of a group and measure with their total; the same count
/// across the groups of a partition with the practice total; a derived sum with its
/// parts). If exactly one count of a line is suppressed, it could be recovered by
/// subtraction, so the smallest other unsuppressed count of that line is suppressed too
/// (the "next smallest" rule). This repeats until no line has exactly one suppressed
/// count. Rates are suppressed with their numerator or denominator; statistics computed
/// from fewer than the minimum are suppressed on their own.
struct ReportCells {
    var counts: [Int] = []
    var suppressed: [Bool] = []
    var lines: [[Int]] = []

    mutating func add(_ count: Int) -> Int {
        counts.append(count)
        suppressed.append(false)
        return counts.count - 1
    }

    mutating func line(_ cells: [Int?]) {
        let c = cells.compactMap { $0 }
        if c.count >= 2 { lines.append(c) }
    }

    /// Applies primary then complementary suppression.
    mutating func suppress(minimum: Int) {
        for i in counts.indices where counts[i] < minimum { suppressed[i] = true }
        var changed = true
        while changed {
            changed = false
            for line in lines {
                var hidden = 0
                for c in line where suppressed[c] { hidden += 1 }
                guard hidden == 1 else { continue }
                var best: Int? = nil
                for c in line where !suppressed[c] {
                    if best == nil || counts[c] < counts[best!] { best = c }
                }
                if let best { suppressed[best] = true; changed = true }
            }
        }
    }
}
