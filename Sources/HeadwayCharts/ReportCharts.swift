// SPDX-License-Identifier: GPL-3.0-or-later
// The practice report's charts: bars by group, the practice Jacobson plot, a GAS T
// histogram and one sparkline per group, with suppressed cells shown as such.

public enum ReportCharts {
    /// A sparkline with gaps: `nil` (suppressed or no data) draws as `·` (a space in ASCII).
    /// Values are proportions drawn on a fixed 0…1 scale so groups compare.
    public static func sparkline(_ values: [Double?], charset: Charset = .unicode) -> String {
        String(values.map { v -> Character in
            guard let v else { return charset == .ascii ? " " : "·" }
            return Sparkline.render([v], range: 0...1, charset: charset).first ?? " "
        })
    }

    /// One line per group: label, sparkline and the latest shown value.
    public static func sparklines(title: String, periods: [String], rows: [(label: String, values: [Double?])],
                                  width: Int = 80, charset: Charset = .unicode) -> String {
        var out = title + "\n"
        guard !rows.isEmpty else { return out + "(no data)\n" }
        let labelWidth = min(max(rows.map { $0.label.count }.max() ?? 1, 3), max(6, width / 3))
        if let first = periods.first, let last = periods.last {
            out += String(repeating: " ", count: labelWidth + 1) + "\(first) \(charset == .ascii ? "..." : "…") \(last)" + "\n"
        }
        for r in rows {
            var label = String(r.label.prefix(labelWidth))
            label += String(repeating: " ", count: labelWidth - label.count)
            var line = label + " " + sparkline(r.values, charset: charset)
            if let last = r.values.last(where: { $0 != nil }) ?? nil { line += "  latest \(clampedInt((last * 100).rounded(), 0...100))%" }
            out += line + "\n"
        }
        return out
    }

    /// A histogram whose bins with fewer than `minCell` values (but some) show `<minCell` and no bar.
    /// Complementary rule: when exactly one bin is hidden, the next smallest non-empty bin is hidden
    /// too, so the hidden count cannot be recovered from the total.
    public static func histogram(_ values: [Double], binWidth: Double, origin: Double = 0, minCell: Int, barWidth: Int = 40,
                                 title: String, charset: Charset = .unicode) -> String {
        var out = title + "\n"
        let bins = Histogram.bins(values, width: binWidth, origin: origin)
        guard values.count >= minCell, let peak = bins.filter({ $0.count >= minCell }).map(\.count).max(), peak > 0 else { return out + "(suppressed: fewer than \(minCell) values per bin)\n" }
        let dash = charset == .ascii ? ".." : "–"
        let labels = bins.map { "\(Canvas.format($0.lower))\(dash)\(Canvas.format($0.upper))" }
        let labelWidth = labels.map { $0.unicodeScalars.count }.max() ?? 0
        let block = charset.sparkBlocks.last ?? "#"
        var hidden = bins.map { $0.count > 0 && $0.count < minCell }
        if hidden.filter({ $0 }).count == 1,
           let j = bins.indices.filter({ !hidden[$0] && bins[$0].count > 0 }).min(by: { bins[$0].count < bins[$1].count }) {
            hidden[j] = true
        }
        for (i, (bin, label)) in zip(bins, labels).enumerated() {
            let pad = String(repeating: " ", count: labelWidth - label.unicodeScalars.count)
            var line = pad + label + " " + String(charset.vertical)
            if !hidden[i] && bin.count > 0 {
                let cells = max(1, Int((Double(bin.count) / Double(peak) * Double(max(barWidth, 1))).rounded()))
                line += String(repeating: block, count: cells) + " \(bin.count)"
            } else if bin.count > 0 {
                line += bin.count < minCell ? " <\(minCell)" : " suppressed"
            }
            out += line + "\n"
        }
        return out
    }
}
