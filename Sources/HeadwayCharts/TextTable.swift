/// Aligned plain-text tables at their natural width. For tables that fit a terminal (columns by
/// priority, wrapping, a vertical layout), use ``TableLayout``.
public enum TextTable {
    /// Renders `rows` under `header` with columns separated by two spaces.
    /// Cells that look numeric are right-aligned, others left-aligned. Width is
    /// counted in Unicode scalars (sparklines and box characters are one column).
    public static func render(header: [String], rows: [[String]], rule: Bool = true) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        func cell(_ r: [String], _ i: Int) -> String { i < r.count ? r[i] : "" }
        var widths = Array(repeating: 0, count: columns)
        for r in [header] + rows {
            for i in 0..<columns { widths[i] = max(widths[i], cell(r, i).unicodeScalars.count) }
        }
        var numeric = Array(repeating: true, count: columns)
        for i in 0..<columns {
            numeric[i] = rows.allSatisfy { r in
                let c = cell(r, i)
                return c.isEmpty || Double(c) != nil || c == "suppressed" || c == "<5"
            } && rows.contains { !cell($0, i).isEmpty }
        }
        func line(_ r: [String]) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let c = cell(r, i)
                let pad = String(repeating: " ", count: widths[i] - c.unicodeScalars.count)
                parts.append(numeric[i] ? pad + c : c + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(header) + "\n"
        if rule { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
