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
}
