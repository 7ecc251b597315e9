// SPDX-License-Identifier: GPL-3.0-or-later
// Cell positions from data values that cannot trap: Swift's `Int(_: Double)` traps on NaN,
// ±infinity and values outside Int's range (a chart of huge scores, issue 18 item 6).

/// `value` rounded toward zero and clamped to `range` (NaN gives the lower bound).
func clampedInt(_ value: Double, _ range: ClosedRange<Int>) -> Int {
    if value.isNaN || value <= Double(range.lowerBound) { return range.lowerBound }
    if value >= Double(range.upperBound) { return range.upperBound }
    return Int(value)
}
