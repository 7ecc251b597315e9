// SPDX-License-Identifier: GPL-3.0-or-later
// The practice summary of NHS Talking Therapies paired outcomes (`change --paired --summary`).

/// One outcome of ``PairedOutcomeSummary``: `count` of `total` with a Wilson interval.
public struct PairedOutcomeRate: Sendable, Equatable {
    public var outcome: String
    public var count: Int
    public var total: Int
    public var proportion: Double?
    public var interval: WilsonInterval?
    /// Hidden by small-cell suppression (count, proportion and interval; and `total` when `totalSuppressed`).
    public var suppressed = false
    public var totalSuppressed = false
}

public enum PairedOutcomeSummary {
    /// Recovery and reliable recovery among cases at the start (the NHS Talking Therapies
    /// denominator); reliable improvement and deterioration among all pairs with a value.
    ///
    /// Suppression (``SuppressionTable``, `minimum` 0 for none): every count and every
    /// complement (total − count: the pairs without the outcome) below `minimum` is hidden,
    /// with complementary cells; the cases at the start are one cell, shown as a count and as
    /// the total of recovery and reliable recovery.
    public static func run(_ outcomes: [PairedOutcome], minimum: Int, level: Double = 0.95) -> [PairedOutcomeRate] {
        let cases = outcomes.filter { $0.caseAtStart == true }
        let items: [(String, [Bool?])] = [
            ("case_start", outcomes.map(\.caseAtStart)),
            ("recovered", cases.map(\.recovered)),
            ("reliable_improvement", outcomes.map(\.reliableImprovement)),
            ("reliable_deterioration", outcomes.map(\.reliableDeterioration)),
            ("reliable_recovery", cases.map(\.reliableRecovery)),
        ]
        var table = SuppressionTable()
        var rows: [PairedOutcomeRate] = []
        var cells: [(k: Int, n: Int)] = []
        var caseCell: Int? = nil
        for (name, values) in items {
            let known = values.compactMap { $0 }
            let k = known.filter { $0 }.count, n = known.count
            rows.append(PairedOutcomeRate(outcome: name, count: k, total: n, proportion: n > 0 ? Double(k) / Double(n) : nil,
                                          interval: WilsonInterval(successes: k, total: n, level: level)))
            let kc = table.add(k)
            // The cases at the start: the count of case_start and the total of the rates among cases.
            let nc = (name == "recovered" || name == "reliable_recovery") && n == rows[0].count ? caseCell! : table.add(n)
            if name == "case_start" { caseCell = kc }
            table.rate(numerator: kc, denominator: nc)
            cells.append((kc, nc))
        }
        table.suppress(minimum: minimum)
        for i in rows.indices {
            rows[i].totalSuppressed = table.isHidden(cells[i].n)
            rows[i].suppressed = table.isHidden(cells[i].k) || rows[i].totalSuppressed
        }
        return rows
    }
}
