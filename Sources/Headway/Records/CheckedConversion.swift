// SPDX-License-Identifier: GPL-3.0-or-later
// Double-to-Int conversions that cannot trap (issue 18 item 6): Swift's `Int(_: Double)`
// traps on NaN, ±infinity and values outside Int's range, so no conversion of a number
// derived from user input may use it directly.

extension Int {
    /// `value` rounded toward zero, or `nil` when `value` is NaN, infinite or outside
    /// `Int.min…Int.max` (where `Int(value)` would trap).
    public init?(checked value: Double) {
        // 2⁶³ is exactly representable; every Double below it and ≥ −2⁶³ converts.
        guard value.isFinite, value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0 else { return nil }
        self.init(value)
    }

    /// `value` rounded toward zero and clamped to `Int.min…Int.max` (NaN gives 0).
    public init(saturating value: Double) {
        self = value.isNaN ? 0 : Int(clamping: value, to: Int.min...Int.max)
    }

    /// `value` rounded toward zero and clamped to `range` (NaN gives the lower bound).
    public init(clamping value: Double, to range: ClosedRange<Int>) {
        if value.isNaN { self = range.lowerBound; return }
        if value <= Double(range.lowerBound) { self = range.lowerBound; return }
        if value >= Double(range.upperBound) { self = range.upperBound; return }
        self = Int(checked: value) ?? range.lowerBound
    }
}
