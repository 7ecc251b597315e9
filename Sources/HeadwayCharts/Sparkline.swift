/// One-line trend glyphs: each value becomes one of eight block heights.
///
/// A value v drawn against the range lo…hi takes block `round(7 · (v − lo) / (hi − lo))` of
/// `▁▂▃▄▅▆▇█` (0 = `▁`, 7 = `█`; ASCII `_.-~=+*#`), with (v − lo) / (hi − lo) clamped to 0…1.
/// Draw a measure's scores against its possible range (``range(scale:values:)``), so that a height
/// means the same score in every row: PHQ-9 (0–27) 23 → 14 is `▇▅`, not `█▁` as it would be
/// against the scores' own minimum and maximum.
public enum Sparkline {
    /// Scales `values` between `range` (default: their min and max). Constant input against its
    /// own range gives a flat middle line; an empty input gives "".
    public static func render(_ values: [Double], range: ClosedRange<Double>? = nil, charset: Charset = .unicode) -> String {
        guard let lo = range?.lowerBound ?? values.min(), let hi = range?.upperBound ?? values.max() else { return "" }
        let blocks = charset.sparkBlocks
        return String(values.map { v -> Character in
            guard hi > lo else { return blocks[blocks.count / 2] }
            let f = min(1, max(0, (v - lo) / (hi - lo)))
            return blocks[clampedInt((f * Double(blocks.count - 1)).rounded(), 0...(blocks.count - 1))]
        })
    }

    /// The range to draw a measure's `values` against: its possible scores `scale` (lowest,
    /// highest; e.g. the catalog's 0 and 27 for PHQ-9) widened to take in any value outside it, or
    /// the values' own minimum and maximum when the scale is unknown or not a range (lowest ≥ highest,
    /// not finite). `nil` when there is nothing to draw.
    public static func range(scale: (min: Double, max: Double)?, values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite)
        guard let vLo = finite.min(), let vHi = finite.max() else { return nil }
        guard let s = scale, s.min.isFinite, s.max.isFinite, s.min < s.max else { return vLo...vHi }
        return min(s.min, vLo)...max(s.max, vHi)
    }
}
