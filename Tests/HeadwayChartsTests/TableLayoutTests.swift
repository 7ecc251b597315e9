import Testing
@testable import HeadwayCharts

/// A small flags-like table. Natural widths (widest of header and cells): status 6, client 6,
/// reason 35 ("reliable deterioration since intake"), latest 6, expected 8, scores 6.
/// Minimum widths: reason 10 (its minWidth), the others their natural width.
private let columns = [
    TableColumn("status"), TableColumn("client"), TableColumn("reason", minWidth: 10),
    TableColumn("latest", priority: 1), TableColumn("expected", priority: 2), TableColumn("scores", priority: 3),
]
private let rows = [
    ["red", "C001", "reliable deterioration since intake", "15", "10.1", "▁▃▅█"],
    ["yellow", "C002", "off track", "9.5", "8", "▅▅▄"],
]

@Suite struct TableLayoutTests {
    /// The width rule: terminal, else COLUMNS, else 80; never below 20.
    @Test func widthRule() {
        #expect(TableLayout.width(terminal: 132, columnsVariable: "60") == 132)
        #expect(TableLayout.width(terminal: nil, columnsVariable: "60") == 60)
        #expect(TableLayout.width(terminal: 0, columnsVariable: " 72 ") == 72)
        #expect(TableLayout.width(terminal: nil, columnsVariable: "wide") == 80)
        #expect(TableLayout.width(terminal: nil, columnsVariable: "-5") == 80)
        #expect(TableLayout.width(terminal: nil, columnsVariable: nil) == 80)
        #expect(TableLayout.width(terminal: 10, columnsVariable: nil) == 20)
    }

    /// Width 80: the essentials at their minimum need 6 + 6 + 10 + 2·2 = 26 columns; adding
    /// priority 1 (6 + 2), 2 (8 + 2) and 3 (6 + 2) gives 52 ≤ 80, so every column is shown; the
    /// 28 spare columns widen the reason to its natural 35 (6+6+35+6+8+6 + 5·2 = 77 columns).
    @Test func everyColumnAt80() throws {
        let plan = TableLayout.plan(columns, rows: rows, width: 80)
        #expect(!plan.vertical)
        #expect(plan.shown == [0, 1, 2, 3, 4, 5])
        #expect(plan.widths == [6, 6, 35, 6, 8, 6])
        #expect(plan.hidden.isEmpty)
        let text = plan.render(rows)
        #expect(text == """
        status  client  reason                               latest  expected  scores
        ------  ------  -----------------------------------  ------  --------  ------
        red     C001    reliable deterioration since intake      15      10.1  ▁▃▅█
        yellow  C002    off track                               9.5         8  ▅▅▄

        """)
        try expectGolden(TableLayout.render(columns, rows: rows, width: 80), "table-80.txt")
    }

    /// Width 60: still 52 at the minimum, so every column; the 8 spare columns give the reason
    /// 18, and "reliable deterioration since intake" wraps at spaces into "reliable" (8; adding
    /// " deterioration" would make 22), "deterioration" (13; " since" would make 19), "since intake" (12).
    @Test func reasonWrapsAt60() throws {
        let plan = TableLayout.plan(columns, rows: rows, width: 60)
        #expect(plan.widths == [6, 6, 18, 6, 8, 6])
        let pad16 = String(repeating: " ", count: 16)
        #expect(plan.render(rows) == """
        status  client  reason              latest  expected  scores
        ------  ------  ------------------  ------  --------  ------
        red     C001    reliable                15      10.1  ▁▃▅█
        \(pad16)deterioration
        \(pad16)since intake
        yellow  C002    off track              9.5         8  ▅▅▄

        """)
        try expectGolden(TableLayout.render(columns, rows: rows, width: 60), "table-60.txt")
    }

    /// Width 40: essentials 26, + priority 1 → 34 ≤ 40; + priority 2 → 44 > 40 (skipped);
    /// + priority 3 → 42 > 40 (skipped). The 6 spare columns widen the reason to 16.
    @Test func lowPrioritiesLeftOutAt40() {
        let plan = TableLayout.plan(columns, rows: rows, width: 40)
        #expect(plan.shown == [0, 1, 2, 3])
        #expect(plan.widths == [6, 6, 16, 6])
        #expect(plan.hidden == ["expected", "scores"])
        // "Not shown at 40 columns: expected, scores." is 42 wide: wrapped after "expected," (34).
        #expect(plan.hiddenNote("See the CSV.") == "Not shown at 40 columns: expected,\nscores. See the CSV.\n")
        #expect(plan.render(rows).split(separator: "\n").allSatisfy { TableLayout.displayWidth(String($0)) <= 40 })
    }

    /// A later priority is still added when an earlier one does not fit but it does.
    @Test func narrowerLaterPriorityFits() {
        let cols = [TableColumn("id"), TableColumn("wide_column_here", priority: 1), TableColumn("n", priority: 2)]
        let plan = TableLayout.plan(cols, rows: [["a", "x", "1"]], width: 20)
        // id 2 + 2 + 16 = 20 fits exactly; then n: 20 + 2 + 1 = 23 > 20.
        #expect(plan.shown == [0, 1])
        let plan2 = TableLayout.plan(cols + [TableColumn("longer_than_twenty_c", priority: 1)], rows: [["a", "x", "1", "y"]], width: 20)
        // priority 1 together: 2 + 16 + 20 + 4 = 42 > 20, skipped; n: 2 + 1 + 2 = 5.
        #expect(plan2.shown == [0, 2])
    }

    /// A non-essential column that is empty in every row is left out (and named in the note).
    @Test func emptyColumnLeftOut() {
        let cols = [TableColumn("id"), TableColumn("group", priority: 1), TableColumn("n", priority: 2)]
        let plan = TableLayout.plan(cols, rows: [["a", "", "1"], ["b", "", "2"]], width: 80)
        #expect(plan.shown == [0, 2])
        #expect(plan.hidden == ["group"])
    }

    /// Width 24 (less than the 26 the essentials need): one block per record, every column.
    @Test func verticalWhenEssentialsDoNotFit() {
        let plan = TableLayout.plan(columns, rows: rows, width: 24)
        #expect(plan.vertical)
        let text = plan.render(Array(rows.prefix(1)))
        // Labels 8 wide (the longest header, "expected"), values 24 − 8 − 2 = 14 wide.
        #expect(text == """
        -[ RECORD 1 ]-----------
        status    red
        client    C001
        reason    reliable
                  deterioration
                  since intake
        latest    15
        expected  10.1
        scores    ▁▃▅█

        """)
    }

    /// The minimum width is never below 20, and a clipped (non-wrapping) column ends in an ellipsis.
    @Test func clipWithEllipsis() {
        let cols = [TableColumn("id"), TableColumn("note", minWidth: 8, wraps: false)]
        let plan = TableLayout.plan(cols, rows: [["a", "abcdefghijklmnopqrstuvwxyz"]], width: 12)
        #expect(plan.width == 20)
        // id 2 + 2 + note: 20 − 4 = 16 columns: 15 letters and "…".
        #expect(plan.render([["a", "abcdefghijklmnopqrstuvwxyz"]], rule: false) == "id  note\na   abcdefghijklmno…\n")
        let ascii = TableLayout.plan(cols, rows: [["a", "abcdefghijklmnopqrstuvwxyz"]], width: 20, charset: .ascii)
        #expect(ascii.render([["a", "abcdefghijklmnopqrstuvwxyz"]], rule: false) == "id  note\na   abcdefghijklm...\n")
    }

    /// Display width: combining marks take no column, CJK and emoji two.
    @Test func displayWidth() {
        #expect(TableLayout.displayWidth("abc") == 3)
        #expect(TableLayout.displayWidth("e\u{301}") == 1)
        #expect(TableLayout.displayWidth("漢字") == 4)
        #expect(TableLayout.displayWidth("▁▃▅█") == 4)
    }

    /// Wrapping keeps double spaces between words on a line and splits over-long words.
    @Test func wrap() {
        #expect(TableLayout.wrap("red 5  yellow 3  green 10", width: 16) == "red 5  yellow 3\ngreen 10\n")
        #expect(TableLayout.wrap("abcdefghij", width: 4) == "abcd\nefgh\nij\n")
        #expect(TableLayout.wrap("one\ntwo three", width: 5) == "one\ntwo\nthree\n")
    }
}

@Suite struct SparklineScaleTests {
    /// PHQ-9 (range 0–27, catalog) 23, 16, 15, 14, 14: block round(7·v/27): 23 → 5.96 → 6 "▇";
    /// 16 → 4.15 → 4 "▅"; 15 → 3.89 → 4 "▅"; 14 → 3.63 → 4 "▅".
    @Test func phq9AgainstItsRange() {
        let v: [Double] = [23, 16, 15, 14, 14]
        #expect(Sparkline.render(v, range: Sparkline.range(scale: (0, 27), values: v)) == "▇▅▅▅▅")
        // Against the scores' own min–max (14–23) the same course looks like a fall to zero:
        // 23 → 7 "█", 16 → 7·2/9 = 1.56 → 2 "▃", 15 → 0.78 → 1 "▂", 14 → 0 "▁".
        #expect(Sparkline.render(v) == "█▃▂▁▁")
    }

    /// GAD-7 (0–21) 21, 15, 15, 14, 8: 21 → 7 "█"; 15 → 5 "▆"; 14 → 4.67 → 5 "▆"; 8 → 2.67 → 3 "▄".
    @Test func gad7AgainstItsRange() {
        let v: [Double] = [21, 15, 15, 14, 8]
        #expect(Sparkline.render(v, range: Sparkline.range(scale: (0, 21), values: v)) == "█▆▆▆▄")
        #expect(Sparkline.render(v, range: 0...21, charset: .ascii) == "#+++~")
    }

    @Test func rangeRules() {
        #expect(Sparkline.range(scale: (0, 27), values: [30, 5]) == 0...30)
        #expect(Sparkline.range(scale: (5, 5), values: [3, 9]) == 3...9)
        #expect(Sparkline.range(scale: nil, values: [3, 9]) == 3...9)
        #expect(Sparkline.range(scale: (0, 27), values: []) == nil)
    }
}

@Suite struct ProgressTextTests {
    /// 1,234,567 rows in 3 s: 411,522.33 rows/s, rounded to 411,522.
    @Test func line() {
        #expect(ProgressText.line(rows: 1_234_567, elapsed: 3) == "reading: 1,234,567 rows, 411,522 rows/s, 0:03 elapsed")
        #expect(ProgressText.line(rows: 4096, elapsed: 0.05) == "reading: 4,096 rows, 0:00 elapsed")
        #expect(ProgressText.clock(3725) == "1:02:05")
        #expect(ProgressText.clock(-1) == "0:00")
        #expect(ProgressText.grouped(999) == "999")
        #expect(ProgressText.grouped(1000) == "1,000")
    }
}

@Suite struct ChartTitleTests {
    /// A title wider than the chart breaks after a separator instead of being cut: the first 69
    /// characters (up to and including the last " ·" that fits in 80) stay on line 1.
    @Test func titleBreaksAtSeparator() {
        let t = "C000001 · episode E1 · PHQ-9 · n 5 · slope -1.76/week [-4.35, 0.83] · no clear trend"
        #expect(ChartText.title(t, width: 80, ellipsis: "…")
                == ["C000001 · episode E1 · PHQ-9 · n 5 · slope -1.76/week [-4.35, 0.83] ·", "no clear trend"])
        #expect(ChartText.title("short", width: 80, ellipsis: "…") == ["short"])
        #expect(ChartText.title("a b c d e f", width: 3, ellipsis: "…", maxLines: 2) == ["a b", "c …"])
    }

    /// The reliable-change limits are two dotted lines, not a filled band: only two plot rows hold
    /// band dots, at 14 and 26 (first score 20 ± 6; the title has no separator dots, the legend is excluded).
    @Test func trendBandIsTwoLines() {
        let data = TrendChartData(title: "C7 episode 1 PHQ-9 with a long title that goes on and on past the eighty columns of the chart",
                                  x: [0, 1, 2, 3, 5, 6, 8, 10], y: [22, 19, 17, 18, 13, 11, 9, 8],
                                  pointLabels: [], xCaption: "session", yRange: 0...27, trend: (21.2, -1.4),
                                  cutoff: 10, reliableBand: (20, 6))
        let text = TrendChart.render(data)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines[0] + " " + lines[1] == Substring(data.title))
        let plotRows = lines.filter { $0.contains("│") || $0.contains("┤") }
        #expect(plotRows.filter { $0.contains("·") }.count == 2)
    }
}
