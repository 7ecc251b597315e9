/// Horizontal-bar histograms of numeric values for the terminal.
///
/// Bins are half-open `[lower, lower + width)`, aligned on `origin` (so with width 5 and
/// origin 0 the bins are 40–45, 45–50, …; a value of exactly 50 falls in 50–55). Empty
/// bins between the lowest and highest values are shown, so gaps are visible. Bars are
/// scaled so the fullest bin is `barWidth` cells; any non-empty bin gets at least one cell.
public enum Histogram {
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    /// Counts of `values` (non-finite values are ignored) in bins of `width` aligned on `origin`.
    public static func bins(_ values: [Double], width: Double, origin: Double = 0) -> [Bin] {
        let finite = values.filter(\.isFinite)
        guard width > 0, width.isFinite, let lo = finite.min(), let hi = finite.max() else { return [] }
        let first = ((lo - origin) / width).rounded(.down)
        let last = ((hi - origin) / width).rounded(.down)
        // Checked as a Double first: a huge span must not trap in the conversion to Int.
        guard last - first >= 0, last - first < 10_000 else { return [] }
        let n = Int(last - first) + 1
        var counts = Array(repeating: 0, count: n)
        for v in finite {
            let i = Int(((v - origin) / width).rounded(.down) - first)
            counts[min(max(i, 0), n - 1)] += 1
        }
        return (0..<n).map { i in
            let lower = origin + (first + Double(i)) * width
            return Bin(lower: lower, upper: lower + width, count: counts[i])
        }
    }

    /// The histogram as text: one line per bin, `lower–upper │bar count` (`lower..upper` in ASCII), under an
    /// optional title. Empty input gives "(no values)".
    public static func render(_ values: [Double], binWidth: Double, origin: Double = 0, barWidth: Int = 40,
                              title: String? = nil, charset: Charset = .unicode,
                              format: (Double) -> String = { Canvas.format($0) }) -> String {
        var out = title.map { $0 + "\n" } ?? ""
        let bins = bins(values, width: binWidth, origin: origin)
        guard let peak = bins.map(\.count).max(), peak > 0 else { return out + "(no values)\n" }
        let dash = charset == .ascii ? ".." : "–"
        let labels = bins.map { "\(format($0.lower))\(dash)\(format($0.upper))" }
        let labelWidth = labels.map { $0.unicodeScalars.count }.max() ?? 0
        let block = charset.sparkBlocks.last ?? "#"
        let width = max(barWidth, 1)
        for (bin, label) in zip(bins, labels) {
            let cells = bin.count == 0 ? 0 : max(1, Int((Double(bin.count) / Double(peak) * Double(width)).rounded()))
            let pad = String(repeating: " ", count: labelWidth - label.unicodeScalars.count)
            var line = pad + label + " " + String(charset.vertical) + String(repeating: block, count: cells)
            line += " \(bin.count)"
            out += line + "\n"
        }
        return out
    }
}
