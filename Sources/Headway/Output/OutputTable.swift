// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts

/// Terminal tables at a given width, laid out by `TableLayout`: the most important columns
/// first, the rest named in a note, and one block per record when even the essentials do not
/// fit. Each command's output file in the library declares its columns' priorities beside the
/// code that builds its rows; the caller passes the width (the CLI: the terminal's).
public enum OutputTable {
    /// Appended to the note naming the columns left out.
    public static let hiddenHint = "--format csv has every column."

    /// `rows` under `columns` at `width`, with the note on columns left out.
    public static func render(_ columns: [TableColumn], rows: [[String]], width: Int, charset: Charset = .unicode) -> String {
        TableLayout.render(columns, rows: rows, width: width, charset: charset, hiddenHint: hiddenHint)
    }

    /// Columns named `headers`, with priorities looked up by name (`TableColumn.list`):
    /// unlisted columns get `otherwise`; `shrinkable` columns wrap down to the given width.
    public static func render(_ headers: [String], rows: [[String]], priorities: [String: Int], otherwise: Int = 9,
                              shrinkable: [String: Int] = [:], width: Int, charset: Charset = .unicode) -> String {
        render(TableColumn.list(headers, priorities: priorities, otherwise: otherwise, shrinkable: shrinkable),
               rows: rows, width: width, charset: charset)
    }

    /// The same, with the priorities first (reads better before a long row builder).
    public static func render(_ headers: [String], priorities: [String: Int], width: Int, charset: Charset = .unicode,
                              rows: [[String]]) -> String {
        render(headers, rows: rows, priorities: priorities, width: width, charset: charset)
    }

    /// A heading or note wrapped to `width`, ending in a newline.
    public static func line(_ text: String, width: Int) -> String {
        TableLayout.wrap(text.hasSuffix("\n") ? text : text + "\n", width: width)
    }
}
