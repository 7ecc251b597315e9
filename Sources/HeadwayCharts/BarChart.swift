// SPDX-License-Identifier: GPL-3.0-or-later
// Horizontal bar chart of proportions with confidence intervals.

/// Horizontal bars of proportions (0–100 %), one per group, each with its interval.
///
/// ```
/// Recovery, PHQ-9 (95% Wilson interval)
/// all    │██████████├───┤               42% [38–46]  n=120
/// T01    suppressed
///        └────────────────────────────
///         0%       50%            100%
/// ```
public struct BarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        /// Proportion in 0…1; `nil` shows the bar as suppressed (or `note`).
        public var value: Double?
        public var low: Double?
        public var high: Double?
        public var n: Int?
        /// Shown instead of a bar when `value` is nil (default "suppressed").
        public var note: String?
        public init(label: String, value: Double?, low: Double? = nil, high: Double? = nil, n: Int? = nil, note: String? = nil) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
            self.n = n
            self.note = note
        }
    }

    public var title: String
    public var bars: [Bar]

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    static func percent(_ v: Double) -> String { String(Int((v * 100).rounded())) }

    /// At most `width` columns per line (labels longer than a quarter of the width are cut).
    public func render(width: Int = 80, charset: Charset = .unicode) -> String {
        let ascii = charset == .ascii
        let labelWidth = min(max(bars.map { $0.label.count }.max() ?? 1, 3), max(6, width / 4))
        let notes = bars.map { b -> String in
            guard let v = b.value else { return "" }
            var s = " \(Self.percent(v))%"
            if let lo = b.low, let hi = b.high { s += " [\(Self.percent(lo))\(ascii ? "-" : "–")\(Self.percent(hi))]" }
            if let n = b.n { s += " n=\(n)" }
            return s
        }
        let noteWidth = notes.map { $0.count }.max() ?? 0
        let barWidth = max(10, width - labelWidth - 2 - noteWidth)
        func cell(_ p: Double) -> Int { clampedInt((p * Double(barWidth)).rounded(.down), 0...(barWidth - 1)) }
        var out = title + "\n"
        let fill: Character = ascii ? "#" : "█"
        let dash: Character = ascii ? "-" : "─"
        for (b, note) in zip(bars, notes) {
            var label = String(b.label.prefix(labelWidth))
            label += String(repeating: " ", count: labelWidth - label.count)
            guard let v = b.value else {
                out += label + " " + (b.note ?? "suppressed") + "\n"
                continue
            }
            var cells = [Character](repeating: " ", count: barWidth)
            let filled = clampedInt((v * Double(barWidth)).rounded(), 0...barWidth)
            for j in 0..<filled { cells[j] = fill }
            if let lo = b.low, let hi = b.high {
                let a = cell(lo), z = cell(hi)
                for j in a...max(a, z) where j >= filled { cells[j] = dash }
                cells[a] = ascii ? "[" : "├"
                cells[max(a, z)] = ascii ? "]" : "┤"
            }
            let line = label + " " + String(charset.vertical) + String(cells) + note
            out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        // Axis: 0 %, 50 %, 100 %.
        let pad = String(repeating: " ", count: labelWidth + 1)
        out += pad + String(charset.corner) + String(repeating: charset.horizontal, count: barWidth) + "\n"
        var axis = [Character](repeating: " ", count: barWidth + 2)
        func put(_ s: String, at j: Int) {
            let start = max(0, min(axis.count - s.count, j - s.count / 2))
            for (k, c) in s.enumerated() { axis[start + k] = c }
        }
        put("0%", at: 1)
        put("50%", at: barWidth / 2 + 1)
        put("100%", at: barWidth)
        out += pad + String(String(axis).reversed().drop { $0 == " " }.reversed()) + "\n"
        return out
    }
}
