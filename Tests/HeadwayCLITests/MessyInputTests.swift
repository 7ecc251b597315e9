import Foundation
import Testing

/// Spreadsheet exports as practices have them (Fixtures/messy, written by Python's codecs;
/// see docs/input.md "From your spreadsheet").
@Suite struct MessyInputTests {
    /// The defect of issue 13: Windows-1252 "Zoë" and "Zoé" were both decoded as "Zo\u{FFFD}" and merged.
    @Test func windows1252FileIsAnErrorNamingTheBytesAndTheFix() throws {
        for command in ["check", "change", "trend", "report", "flags"] {
            let r = try runHeadway([command, fixture("messy/zoe-windows-1252.csv")])
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("zoe-windows-1252.csv:2:1: invalid UTF-8 in field 1 (byte EB at byte 3 of the field)"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("--encoding windows-1252"))
            #expect(!r.stderr.contains("Zo"))      // no client id on stderr
        }
        let rejects = temporaryPath("zoe-rejects.csv")
        let l = try runHeadway(["check", fixture("messy/zoe-windows-1252.csv"), "--lenient", "--rejects", rejects, "--format", "csv"])
        #expect(l.status == 0)
        #expect(l.stdout.contains("rows_read,,4\nrows_accepted,,0\nrows_rejected,,4\n"))
    }

    @Test func windows1252WithEncodingKeepsTwoClients() throws {
        let r = try runHeadway(["change", fixture("messy/zoe-windows-1252.csv"), "--encoding", "windows-1252", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("Zoë,1,PHQ-9,") && lines[1].contains(",18,9,-9,"))
        #expect(lines[2].hasPrefix("Zoé,1,PHQ-9,") && lines[2].contains(",17,16,-1,"))
        let c = try runHeadway(["check", fixture("messy/zoe-windows-1252.csv"), "--encoding", "cp1252", "--format", "csv"])
        #expect(c.stdout.contains("clients,,2\n"))
        #expect(c.stdout.contains("encoding,,windows-1252\n"))
    }

    @Test func excelUnicodeTextIsReadAsUTF16Tabs() throws {
        let r = try runHeadway(["check", fixture("messy/excel-unicode-text-utf16le.txt"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rows_accepted,,4\n"))
        #expect(r.stdout.contains("encoding,,utf-16 (byte-order mark)\ndelimiter,,tab (detected)\n"))
        #expect(r.stdout.contains("clients,,2\n"))
        let c = try runHeadway(["change", fixture("messy/excel-unicode-text-utf16le.txt"), "--format", "csv"])
        #expect(c.stdout.contains("\nZoë,1,PHQ-9,") && c.stdout.contains("\nŁukasz,1,GAD-7,"))
        let rep = try runHeadway(["report", fixture("messy/excel-unicode-text-utf16le.txt"), "--format", "csv"])
        #expect(rep.status == 0, "\(rep.stderr)")
    }

    @Test func semicolonFileWithDecimalCommas() throws {
        let r = try runHeadway(["check", fixture("messy/semicolon-decimal-comma.csv"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rows_accepted,,4\n"))
        #expect(r.stdout.contains("delimiter,,semicolon (detected)\ndecimal,,comma\n"))
        let c = try runHeadway(["change", fixture("messy/semicolon-decimal-comma.csv"), "--format", "csv"])
        #expect(c.stdout.contains("\nA1,1,CORE-10,") && c.stdout.contains(",22.500000,12.500000,-10,"))
        // --decimal point: 22,5 is not a number, and the message says how to read it.
        let p = try runHeadway(["check", fixture("messy/semicolon-decimal-comma.csv"), "--decimal", "point"])
        #expect(p.status == 1)
        #expect(p.stderr.contains("semicolon-decimal-comma.csv:2:4: score \"22,5\" is not a number (for a decimal comma, 12,5, use --decimal comma)"))
        let rep = try runHeadway(["report", fixture("messy/semicolon-decimal-comma.csv"), "--format", "csv"])
        #expect(rep.status == 0, "\(rep.stderr)")
        #expect(try runHeadway(["check", fixture("messy/semicolon-decimal-comma.csv"), "--delimiter", "x"]).status == 64)
    }
}

@Suite struct SkippedRowTests {
    /// Excel leaves `,,,,` rows after the data and blank cells for measures not given.
    @Test func emptyRowsAndBlankScoresAreSkippedAndCounted() throws {
        let r = try runHeadway(["check", fixture("messy/excel-trailing-rows.csv"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        // The fixture: 8 rows after the header = 4 accepted + 3 empty (`,,,,` and ` , ,,,`) + 1 blank score; 1 blank line.
        #expect(r.stdout.contains("rows_read,,8\nrows_accepted,,4\nrows_rejected,,0\nrows_skipped_empty,,3\nrows_skipped_not_administered,,1\nblank_lines,,1\n"))
        for command in ["change", "trend", "report", "flags"] {
            #expect(try runHeadway([command, fixture("messy/excel-trailing-rows.csv"), "--format", "csv"]).status == 0, "\(command)")
        }
        let lenient = try runHeadway(["check", fixture("messy/excel-trailing-rows.csv"), "--lenient", "--format", "csv"])
        #expect(lenient.stderr.contains("8 rows read, 4 accepted, 0 rejected, 4 skipped (3 empty, 1 not administered)"))
    }

    @Test func requireScoresMakesABlankScoreAnError() throws {
        for command in ["check", "report"] {
            let r = try runHeadway([command, fixture("messy/excel-trailing-rows.csv"), "--require-scores"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("excel-trailing-rows.csv:3:4: missing score (a blank score means the measure was not administered"), "\(command): \(r.stderr)")
        }
    }
}

@Suite struct DateInputTests {
    @Test func isoDateTimesKeepTheCalendarDate() throws {
        let r = try runHeadway(["change", fixture("messy/iso-datetimes.csv"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        // The time (and any offset) is dropped, with no time-zone conversion.
        #expect(r.stdout.contains(",2025-01-06,2025-03-03,19,7,-12,"))
        #expect(try runHeadway(["report", fixture("messy/iso-datetimes.csv"), "--format", "csv"]).status == 0)
    }

    @Test func slashDatesNeedAFormatAndTheErrorNamesBothReadings() throws {
        let r = try runHeadway(["check", fixture("messy/dmy-dates.csv")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("dmy-dates.csv:2:3: date \"03/02/2025\" is not an ISO 8601 date, and Headway does not guess the order: read day-first it is 2025-02-03 (--date-format dmy), month-first 2025-03-02 (--date-format mdy)"))
        let dmy = try runHeadway(["change", fixture("messy/dmy-dates.csv"), "--date-format", "dmy", "--format", "csv"])
        #expect(dmy.status == 0, "\(dmy.stderr)")
        #expect(dmy.stdout.contains("\nP1,1,GAD-7,") && dmy.stdout.contains(",2025-02-03,2025-03-17,15,6,"))
        #expect(dmy.stdout.contains(",2025-02-04,2025-03-05,12,11,"))
        // Month-first: 17/03/2025 has no month 17, so that row is an error naming the line.
        let mdy = try runHeadway(["check", fixture("messy/dmy-dates.csv"), "--date-format", "mdy"])
        #expect(mdy.status == 1)
        #expect(mdy.stderr.contains("dmy-dates.csv:3:3: date \"17/03/2025\" is not a valid ISO 8601 date"))
    }
}

@Suite struct ColumnMappingTests {
    @Test func missingColumnListsHeadersAndClosestMatch() throws {
        let r = try runHeadway(["check", fixture("messy/mapped-columns.csv")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("mapped-columns.csv:1:0: header lacks required column(s): client_id (found: Client Name, Instrument, Visit Date, Score; closest: client_id: \"Client Name\"?); name a column's header with --column NAME=\"Header\""), "\(r.stderr)")
    }

    @Test func columnOptionMapsAHeader() throws {
        let r = try runHeadway(["check", fixture("messy/mapped-columns.csv"), "--column", "client_id=Client Name", "--lenient", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rows_read,,3\nrows_accepted,,2\nrows_rejected,,1\n"))
        // "Did you mean" in lenient rejects; the value itself is never replaced.
        #expect(r.stderr.contains("mapped-columns.csv:3:2: unknown measure \"phq-9 total\" (did you mean PHQ-9? see `headway measures`"))
        let report = try runHeadway(["report", fixture("messy/mapped-columns.csv"), "--column", "client_id=\"Client Name\"", "--lenient", "--format", "csv"])
        #expect(report.status == 0, "\(report.stderr)")
        let wrong = try runHeadway(["check", fixture("messy/mapped-columns.csv"), "--column", "client_id=Client Nme"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--column client_id=\"Client Nme\": the header has no such column (found: Client Name, Instrument, Visit Date, Score; closest: \"Client Name\")"))
        let unknown = try runHeadway(["check", fixture("messy/mapped-columns.csv"), "--column", "patient=Client Name"])
        #expect(unknown.stderr.contains("unknown column name \"patient\""))
        #expect(try runHeadway(["check", fixture("messy/mapped-columns.csv"), "--column", "client_id"]).status == 64)
    }
}

@Suite struct ImportCommandTests {
    @Test func importWritesCleanCSVThatReadsBackTheSame() throws {
        let cases: [(String, [String])] = [
            ("messy/excel-unicode-text-utf16le.txt", []),
            ("messy/zoe-windows-1252.csv", ["--encoding", "windows-1252"]),
            ("messy/semicolon-decimal-comma.csv", []),
            ("messy/dmy-dates.csv", ["--date-format", "dmy"]),
            ("messy/iso-datetimes.csv", []),
            ("messy/excel-trailing-rows.csv", []),
            ("messy/wide-measures.csv", []),
            ("messy/openpyxl-export.xlsx", []),
        ]
        for (name, options) in cases {
            let out = temporaryPath("import-\(name.split(separator: "/").last!).csv")
            let r = try runHeadway(["import", fixture(name), "--output", out] + options)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stderr.contains("rows read "))
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.hasPrefix("client_id,episode_id,measure,date,session,score,clinician_id,site,group,phase,status\n"))
            // The same analysis from the original (with its options) and from the clean file.
            let original = try runHeadway(["change", fixture(name), "--format", "csv"] + options)
            let clean = try runHeadway(["change", out, "--format", "csv"])
            #expect(clean.status == 0 && original.stdout == clean.stdout, "\(name)")
        }
    }

    @Test func importSaysWhatItDidAndWritesRejects() throws {
        let out = temporaryPath("import-mapped.csv"), rejects = temporaryPath("import-mapped-rejects.csv")
        let r = try runHeadway(["import", fixture("messy/mapped-columns.csv"), "--column", "client_id=Client Name",
                                "--lenient", "--rejects", rejects, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("delimiter: semicolon (detected), decimal comma"))
        #expect(r.stderr.contains("columns mapped: client_id = \"Client Name\""))
        #expect(r.stderr.contains("rows read 3: accepted 2, skipped 0 (0 empty, 0 not administered), rejected 1"))
        #expect(!r.stderr.contains("A1"))                      // no client id on stderr
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 3)
        let rej = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(rej.contains("3,2,measure,") && rej.contains("did you mean PHQ-9?"))
    }

    // MARK: Wide sheets

    /// One column per measure: detected (a message on stderr, no client id), each cell a row.
    @Test func wideSheetIsReadByEveryCommand() throws {
        let file = fixture("messy/wide-measures.csv")
        let c = try runHeadway(["check", file, "--format", "csv"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stderr.contains("wide-measures.csv: wide sheet (one column per measure: PHQ-9, GAD-7 ← \"GAD7 score\"); each cell is read as a row (--wide)"))
        #expect(!c.stderr.contains("W1") && !c.stderr.contains("W2"))
        // 6 data rows × 2 measure columns: 9 accepted, 1 blank GAD-7 cell, 2 cells of the `,,,,` row.
        #expect(c.stdout.contains("rows_read,,12\nrows_accepted,,9\nrows_rejected,,0\nrows_skipped_empty,,2\nrows_skipped_not_administered,,1\n"))
        #expect(c.stdout.contains("\nlayout,,wide (one column per measure)\n"))
        #expect(c.stdout.contains("\nclients,,2\n") && c.stdout.contains("\nrows,PHQ-9,5\n") && c.stdout.contains("\nrows,GAD-7,4\n"))
        let ch = try runHeadway(["change", file, "--format", "csv"])
        #expect(ch.status == 0)
        #expect(ch.stdout.contains("\nW1,1,PHQ-9,") && ch.stdout.contains(",18,7,-11,"))
        #expect(ch.stdout.contains("\nW1,1,GAD-7,") && ch.stdout.contains(",15,6,-9,"))
        for command in ["trend", "flags", "report"] {
            let r = try runHeadway([command, file, "--format", "csv"])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("wide sheet (one column per measure"), "\(command)")
        }
        // The report reads the same rows as check.
        let rep = try runHeadway(["report", file, "--format", "csv"])
        #expect(rep.stdout.contains("rows_read") || rep.status == 0)
        // --wide: no message (it was asked for); on a long file it is an error.
        let w = try runHeadway(["check", file, "--wide", "--format", "csv"])
        #expect(w.status == 0 && !w.stderr.contains("wide sheet"))
        let long = try runHeadway(["check", fixture("messy/iso-datetimes.csv"), "--wide"])
        #expect(long.status == 1 && long.stderr.contains("--wide: the header has a"))
    }

    @Test func wideSheetHeaderNearAMeasureSaysDidYouMean() throws {
        let path = temporaryPath("wide-typo.csv")
        try "client_id,date,PHQ9 totl\nA,2025-01-01,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        for command in ["check", "change", "report"] {
            let r = try runHeadway([command, path])
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("wide-typo.csv:1:3: wide sheet: header \"PHQ9 totl\" is not a measure of the catalog: did you mean PHQ-9?"), "\(command): \(r.stderr)")
        }
    }

    /// GAS sheet with Review 1, Review 2 and Outcome columns; a blank cell is a goal not rated,
    /// and the review says 2 of 3 goals were rated. T values: numpy, see WideSheetTests.aGoalNotRatedIsVisible.
    @Test func wideGASSheetShowsGoalsNotRated() throws {
        let r = try runHeadway(["gas", fixture("messy/gas-reviews-wide.csv"), "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("gas-reviews-wide.csv: wide sheet (one column per review: review 1 ← \"Review 1\", review 2 ← \"Review 2\", review 3 ← \"Outcome\")"))
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].contains(",goals_rated,goals_not_rated,goals_total,goals_scored,"))
        let r2 = try #require(lines.first { $0.hasPrefix("G1,1,,,gas,2,") })
        #expect(r2.contains(",2,1,3,2,37.951710,54.016097,16.064387,") && r2.hasSuffix(",not_all_rated"))
        let r3 = try #require(lines.first { $0.hasPrefix("G1,1,,,gas,3,") })
        #expect(r3.contains(",3,0,3,3,") && r3.contains(",63.333333,") && r3.hasSuffix(",ok"))
        let t = try runHeadway(["gas", fixture("messy/gas-reviews-wide.csv"), "--format", "table"])
        #expect(t.stdout.contains("2/3"))
        // --wide on a long goals file is an error; report --goals and flags --goals read the wide sheet.
        #expect(try runHeadway(["gas", fixture("gas-goals.csv"), "--wide"]).status == 1)
        let rep = try runHeadway(["report", fixture("flags-small.csv"), "--goals", fixture("messy/gas-reviews-wide.csv"), "--format", "csv"])
        #expect(rep.status == 0, "\(rep.stderr)")
    }

    // MARK: .xlsx

    /// A workbook written by openpyxl (scripts/mk-xlsx-fixtures.py): the same clients as the
    /// Windows-1252 file, Excel dates, a blank score; read by every command.
    @Test func xlsxWorkbookIsReadByEveryCommand() throws {
        let file = fixture("messy/openpyxl-export.xlsx")
        let c = try runHeadway(["check", file, "--format", "csv"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("rows_read,,5\nrows_accepted,,4\nrows_rejected,,0\nrows_skipped_empty,,0\nrows_skipped_not_administered,,1\n"))
        #expect(c.stdout.contains("encoding,,xlsx (sheet Observations)\ndelimiter,,none (xlsx cells)\n"))
        #expect(c.stdout.contains("\nclients,,2\n") && c.stdout.contains("first_date,,2025-01-06\nlast_date,,2025-02-05\n"))
        let ch = try runHeadway(["change", file, "--format", "csv"])
        let lines = ch.stdout.split(separator: "\n")
        #expect(ch.status == 0 && lines.count == 3)
        #expect(lines[1].hasPrefix("Zoë,1,PHQ-9,") && lines[1].contains(",18,9,-9,"))
        #expect(lines[2].hasPrefix("Zoé,1,PHQ-9,") && lines[2].contains(",17,16,-1,"))
        for command in ["trend", "flags", "report"] {
            let r = try runHeadway([command, file, "--format", "csv"])
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        // Another sheet by name: a wide sheet; by number: the goals sheet (review columns).
        let w = try runHeadway(["change", file, "--sheet", "Wide", "--format", "csv"])
        #expect(w.status == 0 && w.stderr.contains("wide sheet (one column per measure"))
        #expect(w.stdout.contains("\nW1,1,PHQ-9,") && w.stdout.contains(",18,7,-11,"))
        let g = try runHeadway(["gas", file, "--sheet", "3", "--format", "csv"])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stdout.contains("\nG1,1,,,gas,2,,2,1,3,2,37.951710,54.016097,16.064387,"))
        // Errors name the sheet's row and column.
        let bad = try runHeadway(["check", file, "--sheet", "Bad"])
        #expect(bad.status == 1 && bad.stderr.contains("openpyxl-export.xlsx:3:4: score \"x\" is not a number"))
        let none = try runHeadway(["check", file, "--sheet", "Nope"])
        #expect(none.status == 2 && none.stderr.contains("no sheet \"Nope\" (sheets: 1 \"Observations\", 2 \"Wide\", 3 \"Goals\", 4 \"Bad\")"))
        // A CSV file named .xlsx is not a workbook: a clear message, not a misread.
        let fake = temporaryPath("fake.xlsx")
        try "client_id,date,measure,score\n".write(toFile: fake, atomically: true, encoding: .utf8)
        let f = try runHeadway(["check", fake])
        #expect(f.status == 2 && f.stderr.contains("not an .xlsx workbook (not a ZIP archive)"))
    }
}
