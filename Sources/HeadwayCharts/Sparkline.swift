/// One-line trend glyphs: each value becomes one of eight block heights.
public enum Sparkline {
    /// Scales `values` between `range` (default: their min and max). Constant input
    /// gives a flat middle line; an empty input gives "".
    public static func render(_ values: [Double], range: ClosedRange<Double>? = nil, charset: Charset = .unicode) -> String {
        guard let lo = range?.lowerBound ?? values.min(), let hi = range?.upperBound ?? values.max() else { return "" }
        let blocks = charset.sparkBlocks
        return String(values.map { v -> Character in
            guard hi > lo else { return blocks[blocks.count / 2] }
            let f = min(1, max(0, (v - lo) / (hi - lo)))
            return blocks[clampedInt((f * Double(blocks.count - 1)).rounded(), 0...(blocks.count - 1))]
        })
    }
}
