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
}
