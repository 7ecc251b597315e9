// SPDX-License-Identifier: GPL-3.0-or-later
import Headway
import HeadwayCharts

/// Terminal tables at the terminal's width (``Terminal/tableWidth``): ``OutputTable`` of the
/// library with the width filled in.
enum TableOutput {
    /// Appended to the note naming the columns left out.
    static let hint = OutputTable.hiddenHint

    /// `rows` under `columns` at the terminal's width, with the note on columns left out.
    static func render(_ columns: [TableColumn], rows: [[String]], width: Int = Terminal.tableWidth, charset: Charset = .unicode) -> String {
        OutputTable.render(columns, rows: rows, width: width, charset: charset)
    }

    /// Columns named `headers`, with priorities looked up by name (``TableColumn/list(_:priorities:otherwise:shrinkable:)``).
    static func render(_ headers: [String], rows: [[String]], priorities: [String: Int], otherwise: Int = 9,
                       shrinkable: [String: Int] = [:], width: Int = Terminal.tableWidth, charset: Charset = .unicode) -> String {
        OutputTable.render(headers, rows: rows, priorities: priorities, otherwise: otherwise, shrinkable: shrinkable,
                           width: width, charset: charset)
    }

    /// The same, with the priorities first (reads better before a long row builder).
    static func render(_ headers: [String], priorities: [String: Int], rows: [[String]]) -> String {
        render(headers, rows: rows, priorities: priorities)
    }

    /// A heading or note wrapped to the width.
    static func line(_ text: String, width: Int = Terminal.tableWidth) -> String {
        OutputTable.line(text, width: width)
    }
}
