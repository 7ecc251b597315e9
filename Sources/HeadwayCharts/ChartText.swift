/// Text layout shared by the charts: legends wrapped to the chart width, lines clipped.
public enum ChartText {
    /// Joins `items` with `separator`, starting a new line whenever the next item would pass
    /// `width` columns; an item longer than `width` is clipped.
    public static func wrap(_ items: [String], width: Int, separator: String = "   ") -> [String] {
        var lines: [String] = [], current = ""
        for item in items {
            if current.isEmpty {
                current = item
            } else if current.count + separator.count + item.count <= width {
                current += separator + item
            } else {
                lines.append(current)
                current = item
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { String($0.prefix(width)) }
    }

    /// `s` cut to `width` columns, ending in `ellipsis` when it was cut.
    public static func clip(_ s: String, _ width: Int, _ ellipsis: String) -> String {
        s.count <= width ? s : String(s.prefix(max(width - ellipsis.count, 0))) + ellipsis
    }

    /// A chart title in at most `maxLines` lines of `width` columns, so that it is not cut: broken
    /// after a ` · ` (or ` | `) separator when it has them, else at spaces; only what does not fit
    /// in `maxLines` lines is cut, with `ellipsis`. Each continued line ends with its separator.
    public static func title(_ s: String, width: Int, ellipsis: String, maxLines: Int = 2) -> [String] {
        let w = max(width, 1)
        guard s.count > w else { return [s] }
        var lines: [String]
        if let sep = [" · ", " | "].first(where: { s.contains($0) }) {
            let parts = s.splitting(on: sep)
            lines = []
            var current = ""
            for (i, p) in parts.enumerated() {
                let piece = p + (i < parts.count - 1 ? sep.trimmingTrailingSpace : "")
                if current.isEmpty {
                    current = piece
                } else if current.count + 1 + piece.count <= w {
                    current += " " + piece
                } else {
                    lines.append(current)
                    current = piece
                }
            }
            if !current.isEmpty { lines.append(current) }
        } else {
            lines = TableLayout.wrapLines(s, width: w)
        }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines - 1)) + [lines.dropFirst(maxLines - 1).joined(separator: " ")]
        }
        return lines.map { clip($0, w, ellipsis) }
    }
}

extension String {
    /// `self` without trailing spaces.
    var trimmingTrailingSpace: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    func splitting(on separator: String) -> [String] {
        var parts: [String] = [], rest = Substring(self)
        while let r = rest.firstRange(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
