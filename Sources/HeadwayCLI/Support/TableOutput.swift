// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts

/// Terminal tables at the terminal's width (``Terminal/tableWidth``), laid out by
/// ``TableLayout``: the most important columns first, the rest named in a note, and one block per
/// record when even the essentials do not fit. Each command declares its columns' priorities
/// beside the code that prints its table.
enum TableOutput {
    /// Appended to the note naming the columns left out.
    static let hint = "--format csv has every column."

    /// `rows` under `columns` at the terminal's width, with the note on columns left out.
    static func render(_ columns: [TableColumn], rows: [[String]], width: Int = Terminal.tableWidth, charset: Charset = .unicode) -> String {
        TableLayout.render(columns, rows: rows, width: width, charset: charset, hiddenHint: hint)
    }

    /// Columns named `headers`, with priorities looked up by name (``TableColumn/list(_:priorities:otherwise:shrinkable:)``).
    static func render(_ headers: [String], rows: [[String]], priorities: [String: Int], otherwise: Int = 9,
                       shrinkable: [String: Int] = [:], width: Int = Terminal.tableWidth, charset: Charset = .unicode) -> String {
        render(TableColumn.list(headers, priorities: priorities, otherwise: otherwise, shrinkable: shrinkable),
               rows: rows, width: width, charset: charset)
    }

    /// The same, with the priorities first (reads better before a long row builder).
    static func render(_ headers: [String], priorities: [String: Int], rows: [[String]]) -> String {
        render(headers, rows: rows, priorities: priorities)
    }

    /// A heading or note wrapped to the width.
    static func line(_ text: String, width: Int = Terminal.tableWidth) -> String {
        TableLayout.wrap(text.hasSuffix("\n") ? text : text + "\n", width: width)
    }
}
