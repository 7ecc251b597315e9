// SPDX-License-Identifier: GPL-3.0-or-later

/// One column of a terminal table laid out by ``TableLayout``: its header, how important it
/// is, and whether its cells may be wrapped or cut to make room.
public struct TableColumn: Sendable, Equatable {
    /// How cells line up in the column.
    public enum Alignment: Sendable, Equatable {
        /// Right when every non-empty cell is a number (or `suppressed`, `<5`), else left.
        case auto
        case left
        case right
    }

    /// The priority of the columns that identify a record and give its status: always shown
    /// (when even these do not fit, the table is printed vertically, one block per record).
    public static let essential = 0

    public var header: String
    /// Lower is more important. Columns of the lowest priority present (normally
    /// ``essential``) are the essentials; the others are added by increasing priority while they
    /// fit, all columns of one priority together.
    public var priority: Int
    public var alignment: Alignment
    /// The narrowest this column may become, in terminal columns (never below its header). A cell
    /// wider than the column is wrapped onto further lines (``wraps``) or cut with an ellipsis.
    /// `nil`: the column is as wide as its widest cell.
    public var minWidth: Int?
    /// Whether a long cell is wrapped at spaces onto further lines (true) or cut with an ellipsis.
    public var wraps: Bool

    public init(_ header: String, priority: Int = TableColumn.essential, alignment: Alignment = .auto,
                minWidth: Int? = nil, wraps: Bool = true) {
        self.header = header
        self.priority = priority
        self.alignment = alignment
        self.minWidth = minWidth
        self.wraps = wraps
    }

    /// Columns for `headers`, each with its priority from `priorities` (keyed by header;
    /// `otherwise` for a header not listed) and the minimum width from `shrinkable` (headers
    /// not listed keep their full width).
    public static func list(_ headers: [String], priorities: [String: Int], otherwise: Int = 9,
                            shrinkable: [String: Int] = [:]) -> [TableColumn] {
        headers.map { TableColumn($0, priority: priorities[$0] ?? otherwise, minWidth: shrinkable[$0]) }
    }
}

/// Terminal tables that fit a given width.
///
/// **Width.** ``width(terminal:columnsVariable:)``: the terminal's own width when standard
/// output is a terminal that reports one, else the `COLUMNS` environment variable when it is a
/// positive integer, else 80 (the rule of `ls -w`); never below ``minimumWidth``.
///
/// **Columns.** Columns are separated by two spaces, so a set S of columns needs
/// `Σ_{i∈S} w_i + 2(|S| − 1)` terminal columns, where `w_i` is the column's minimum width
/// (its ``TableColumn/minWidth``, at least its header; a column without one needs its widest
/// cell). The essentials (the lowest priority present) are taken first; then each further
/// priority, in increasing order, is added with all its columns when they fit and skipped when
/// they do not (a later, narrower priority may still fit); a non-essential column that is empty in
/// every row is left out. The room left over widens the
/// shrinkable columns that were chosen, most important first, up to their widest cell. Chosen
/// columns keep their order in the table. The columns left out are named by ``TablePlan/hiddenNote(_:)``.
///
/// **Vertical layout.** When even the essentials do not fit, every record becomes a block (as
/// psql's `\x`): a `-[ RECORD n ]` line, then one `header  value` line per column, values
/// wrapped to the width. Every column is shown in this layout.
///
/// Widths are counted in terminal columns: one per Unicode scalar, none for combining marks and
/// format characters, two for East Asian wide and emoji characters (``displayWidth(_:)``).
public enum TableLayout {
    /// Width used when neither the terminal nor `COLUMNS` gives one.
    public static let defaultWidth = 80
    /// The narrowest layout width: a smaller terminal or `COLUMNS` is treated as this.
    public static let minimumWidth = 20

    /// The layout width: `terminal` (the width the terminal reports for standard output, `nil`
    /// when it is not a terminal or reports none) when positive, else `columnsVariable` (the
    /// `COLUMNS` environment variable) when it is a positive integer, else ``defaultWidth``;
    /// never below ``minimumWidth``.
    public static func width(terminal: Int?, columnsVariable: String?) -> Int {
        if let t = terminal, t > 0 { return max(t, minimumWidth) }
        if let s = columnsVariable?.trimmingSpaces, let c = Int(s), c > 0 { return max(c, minimumWidth) }
        return defaultWidth
    }

    /// Chooses the columns and their widths for `rows` at `width` (see ``TableLayout``).
    /// Render these rows, or any subset of them, with ``TablePlan/render(_:rule:)``.
    public static func plan(_ columns: [TableColumn], rows: [[String]], width: Int, charset: Charset = .unicode) -> TablePlan {
        TablePlan(columns: columns, rows: rows, width: max(width, minimumWidth), charset: charset)
    }

    /// The whole table at `width`, followed by the note on the columns left out, if any.
    public static func render(_ columns: [TableColumn], rows: [[String]], width: Int, rule: Bool = true,
                              charset: Charset = .unicode, hiddenHint: String = "") -> String {
        let p = plan(columns, rows: rows, width: width, charset: charset)
        return p.render(rows, rule: rule) + (p.hiddenNote(hiddenHint) ?? "")
    }

    /// `text` wrapped at spaces into lines of at most `width` columns (a word longer than the
    /// width is split); each line of the input is wrapped separately, and the result ends in "\n".
    public static func wrap(_ text: String, width: Int) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out += wrapLines(String(line), width: max(width, 1)).joined(separator: "\n") + "\n"
        }
        if text.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// Columns `s` takes on a terminal (see ``TableLayout``).
    public static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += scalarWidth(u) }
        return w
    }

    static func scalarWidth(_ u: Unicode.Scalar) -> Int {
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = u.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// The longest prefix of `s` that takes at most `width` columns.
    static func prefix(_ s: String, width: Int) -> String {
        var out = "", w = 0
        for ch in s {
            let cw = displayWidth(String(ch))
            if w + cw > width { break }
            out.append(ch)
            w += cw
        }
        return out
    }

    /// `s` cut to `width` columns, ending in `ellipsis` when it was cut.
    static func clip(_ s: String, width: Int, ellipsis: String) -> String {
        guard displayWidth(s) > width else { return s }
        let e = displayWidth(ellipsis) <= width ? ellipsis : ""
        return prefix(s, width: width - displayWidth(e)) + e
    }

    /// One line of text wrapped at spaces to `width` columns; words longer than `width` are split.
    /// The spaces between two words on one line are kept as they were (a double space stays double).
    static func wrapLines(_ s: String, width: Int) -> [String] {
        guard displayWidth(s) > width else { return [s] }
        // Words with the run of spaces before each.
        var words: [(gap: Int, word: String)] = [], gap = 0, word = ""
        for ch in s {
            if ch == " " {
                if !word.isEmpty { words.append((gap, word)); word = ""; gap = 0 }
                gap += 1
            } else {
                word.append(ch)
            }
        }
        if !word.isEmpty { words.append((gap, word)) }
        var lines: [String] = [], current = "", currentWidth = 0
        for (g, w) in words {
            var word = w, ww = displayWidth(w)
            if currentWidth > 0 && currentWidth + g + ww <= width {
                current += String(repeating: " ", count: g) + word
                currentWidth += g + ww
                continue
            }
            if currentWidth > 0 { lines.append(current); current = ""; currentWidth = 0 }
            while ww > width {
                let head = prefix(word, width: width)
                lines.append(head)
                word = String(word.dropFirst(head.count))
                ww = displayWidth(word)
            }
            current = word
            currentWidth = ww
        }
        if currentWidth > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }
}

/// The columns and widths chosen for a table (``TableLayout/plan(_:rows:width:charset:)``). A
/// command that prints one table per group (per clinician, per measure) plans once over all the
/// rows and renders each group with the same plan, so every block shows the same columns.
public struct TablePlan: Sendable {
    public let columns: [TableColumn]
    /// The width the table was laid out for.
    public let width: Int
    /// `true` when even the essential columns do not fit: one block per record.
    public let vertical: Bool
    /// Indices (into ``columns``) of the columns shown, in table order; every column when vertical.
    public let shown: [Int]
    /// The width given to each shown column (same order as ``shown``).
    public let widths: [Int]
    let rightAligned: [Bool]
    let ellipsis: String
    let ruleCharacter: String

    init(columns: [TableColumn], rows: [[String]], width: Int, charset: Charset) {
        self.columns = columns
        self.width = width
        ellipsis = charset == .ascii ? "..." : "…"
        ruleCharacter = "-"
        let n = columns.count
        func cell(_ r: [String], _ i: Int) -> String { i < r.count ? r[i] : "" }
        let headerWidths = columns.map { TableLayout.displayWidth($0.header) }
        var natural = headerWidths
        for r in rows {
            for i in 0..<n { natural[i] = max(natural[i], TableLayout.displayWidth(cell(r, i))) }
        }
        let minimum = (0..<n).map { i in columns[i].minWidth.map { min(natural[i], max($0, headerWidths[i], 1)) } ?? natural[i] }
        rightAligned = (0..<n).map { i in
            switch columns[i].alignment {
            case .left: return false
            case .right: return true
            case .auto:
                return rows.contains { !cell($0, i).isEmpty } && rows.allSatisfy { r in
                    let c = cell(r, i)
                    return c.isEmpty || Double(c) != nil || c == "suppressed" || c == "<5"
                }
            }
        }
        func cost(_ set: [Int]) -> Int { set.isEmpty ? 0 : set.reduce(0) { $0 + minimum[$1] } + 2 * (set.count - 1) }
        let levels = Array(Set(columns.map(\.priority))).sorted()
        guard let essentialLevel = levels.first else {
            vertical = false; shown = []; widths = []
            return
        }
        var chosen = (0..<n).filter { columns[$0].priority == essentialLevel }
        if cost(chosen) > width {
            vertical = true
            shown = Array(0..<n)
            widths = natural
            return
        }
        // A column with no value in any row is left out unless it is essential.
        let empty = (0..<n).map { i in !rows.isEmpty && rows.allSatisfy { cell($0, i).isEmpty } }
        for level in levels.dropFirst() {
            let group = (0..<n).filter { columns[$0].priority == level && !empty[$0] }
            if cost(chosen + group) <= width { chosen += group }
        }
        chosen.sort()
        var given = chosen.map { minimum[$0] }
        var spare = width - cost(chosen)
        let byImportance = chosen.indices.sorted { (columns[chosen[$0]].priority, $0) < (columns[chosen[$1]].priority, $1) }
        for k in byImportance where spare > 0 {
            let extra = min(spare, natural[chosen[k]] - given[k])
            given[k] += extra
            spare -= extra
        }
        vertical = false
        shown = chosen
        widths = given
    }

    /// Headers of the columns left out (none in the vertical layout).
    public var hidden: [String] {
        vertical ? [] : columns.indices.filter { !shown.contains($0) }.map { columns[$0].header }
    }

    /// A line naming the columns left out, wrapped to the width, with `hint` appended (e.g. where to
    /// find them); `nil` when every column is shown.
    public func hiddenNote(_ hint: String = "") -> String? {
        let h = hidden
        guard !h.isEmpty else { return nil }
        let text = "Not shown at \(width) columns: " + h.joined(separator: ", ") + "." + (hint.isEmpty ? "" : " " + hint)
        return TableLayout.wrap(text, width: width)
    }

    /// `rows` laid out with this plan: a header line, a rule of dashes under it (`rule`) and the
    /// rows, or one block per record when ``vertical``. Every line ends in "\n" and has no
    /// trailing spaces.
    public func render(_ rows: [[String]], rule: Bool = true) -> String {
        vertical ? renderVertical(rows) : renderHorizontal(rows, rule: rule)
    }

    private func cell(_ r: [String], _ i: Int) -> String { i < r.count ? r[i] : "" }

    private func renderHorizontal(_ rows: [[String]], rule: Bool) -> String {
        func lines(of r: [String]) -> String {
            let parts: [[String]] = shown.indices.map { k in
                let i = shown[k], c = cell(r, i), w = widths[k]
                if TableLayout.displayWidth(c) <= w { return [c] }
                return columns[i].wraps ? TableLayout.wrapLines(c, width: w) : [TableLayout.clip(c, width: w, ellipsis: ellipsis)]
            }
            let height = parts.map(\.count).max() ?? 1
            var out = ""
            for line in 0..<height {
                var s = ""
                for k in shown.indices {
                    let text = line < parts[k].count ? parts[k][line] : ""
                    let pad = String(repeating: " ", count: max(0, widths[k] - TableLayout.displayWidth(text)))
                    if k > 0 { s += "  " }
                    s += rightAligned[shown[k]] ? pad + text : text + pad
                }
                while s.hasSuffix(" ") { s.removeLast() }
                out += s + "\n"
            }
            return out
        }
        var out = lines(of: columns.map(\.header))
        if rule { out += widths.map { String(repeating: ruleCharacter, count: $0) }.joined(separator: "  ") + "\n" }
        for r in rows { out += lines(of: r) }
        return out
    }

    private func renderVertical(_ rows: [[String]]) -> String {
        let labelWidth = min(columns.map { TableLayout.displayWidth($0.header) }.max() ?? 0, width / 2)
        let valueWidth = max(width - labelWidth - 2, 1)
        var out = ""
        for (n, r) in rows.enumerated() {
            let title = "-[ RECORD \(n + 1) ]"
            out += title + String(repeating: "-", count: max(0, width - TableLayout.displayWidth(title))) + "\n"
            for i in columns.indices {
                let label = TableLayout.clip(columns[i].header, width: labelWidth, ellipsis: ellipsis)
                let pad = String(repeating: " ", count: labelWidth - TableLayout.displayWidth(label))
                let values = TableLayout.wrapLines(cell(r, i), width: valueWidth)
                for (j, v) in values.enumerated() {
                    var s = (j == 0 ? label + pad : String(repeating: " ", count: labelWidth)) + "  " + v
                    while s.hasSuffix(" ") { s.removeLast() }
                    out += s + "\n"
                }
            }
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
