/// One client's goals on the GAS scale: a row per goal, columns −2…+2, with the
/// baseline level marked `B` and each review marked by its number (1, 2, …). Marks at
/// the same level share the cell (`B1`). Labels and marks end in the same column. Empty cells show the band dot; the expected
/// level (0) is the middle column.
public enum GoalChart {
    public struct Goal: Sendable, Equatable {
        public var label: String
        /// Baseline level (−1 or −2), if known.
        public var baseline: Int?
        /// Level at each review (same order as the chart's `reviews`); `nil` = not rated.
        public var levels: [Int?]

        public init(label: String, baseline: Int?, levels: [Int?]) {
            self.label = label
            self.baseline = baseline
            self.levels = levels
        }
    }

    public struct Review: Sendable, Equatable {
        /// Short mark drawn in the chart (e.g. "1").
        public var mark: String
        /// Legend text (e.g. "review 1, 2024-03-01: T = 56.2 (2 goals)").
        public var legend: String

        public init(mark: String, legend: String) {
            self.mark = mark
            self.legend = legend
        }
    }

    /// Renders the chart. Labels longer than `labelWidth` are cut with "…".
    public static func render(title: String? = nil, goals: [Goal], reviews: [Review], labelWidth: Int = 28,
                              charset: Charset = .unicode) -> String {
        let cell = 6
        let levels = -2...2
        var out = title.map { $0 + "\n" } ?? ""
        func fit(_ s: String) -> String {
            let scalars = Array(s.unicodeScalars)
            if scalars.count <= labelWidth { return s + String(repeating: " ", count: labelWidth - scalars.count) }
            var t = String(String.UnicodeScalarView(scalars.prefix(max(labelWidth - 1, 0))))
            t += charset == .ascii ? "~" : "…"
            return t
        }
        // Right-aligned in the first four cells of a column, so "-2", "0", "B1" end together.
        func centred(_ s: String) -> String {
            let n = s.unicodeScalars.count
            let left = max(cell - 2 - n, 0)
            return String(repeating: " ", count: left) + s + String(repeating: " ", count: max(cell - n - left, 0))
        }
        var header = fit("goal")
        for l in levels { header += centred(l > 0 ? "+\(l)" : String(l)) }
        out += trimmed(header) + "\n"
        out += trimmed(String(repeating: " ", count: labelWidth) + String(repeating: String(charset.horizontal), count: cell * levels.count)) + "\n"
        for g in goals {
            var line = fit(g.label)
            for l in levels {
                var marks = ""
                if g.baseline == l { marks += "B" }
                for (i, level) in g.levels.enumerated() where level == l && i < reviews.count { marks += reviews[i].mark }
                line += centred(marks.isEmpty ? String(l == 0 ? charset.dashedVertical : charset.band) : marks)
            }
            out += trimmed(line) + "\n"
        }
        out += "B = baseline level\n"
        for r in reviews { out += "\(r.mark) = \(r.legend)\n" }
        return out
    }

    static func trimmed(_ s: String) -> String {
        var t = s
        while t.hasSuffix(" ") { t.removeLast() }
        return t
    }
}
