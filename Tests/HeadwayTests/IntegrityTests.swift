import Testing
#if canImport(Glibc)
import Glibc
#endif
import HeadwayCSV
@testable import Headway

private func tempFile(_ text: String) -> String {
    let path = "/tmp/headway-integrity-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).csv"
    let f = fopen(path, "w")!
    fputs(text, f)
    fclose(f)
    return path
}

/// Issue 18, data integrity: one duplicate rule, strict = first bad row in file order.
@Suite struct IntegrityTests {
    /// Item 1: same client, measure and session on two dates, in date order, is a duplicate
    /// (the loader used to keep both because the keys increased).
    @Test func inOrderDuplicateIsRejected() throws {
        let text = "client_id,measure,session,date,score\nc1,PHQ-9,1,2025-01-01,5\nc1,PHQ-9,1,2025-01-02,6\n"
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: text)
        #expect(set.counts.rowsRead == 2 && set.counts.accepted == 1 && set.counts.rejected == 1)
        #expect(set.rejections.map(\.line) == [3])
        #expect(set.episodes.first?.scores.map(\.value) == [5])
        // The reverse order: still the later line in the file.
        let reversed = "client_id,measure,session,date,score\nc1,PHQ-9,1,2025-01-02,6\nc1,PHQ-9,1,2025-01-01,5\n"
        let set2 = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: reversed)
        #expect(set2.rejections.map(\.line) == [3])
        #expect(set2.episodes.first?.scores.map(\.value) == [6])
    }

    /// The loader and the report apply the same rule on mixed files: rows with and without
    /// sessions, dates repeated across session and date-only rows.
    @Test(arguments: [1, 2])
    func loaderAndReportAgreeOnMixedRows(parts: Int) throws {
        var text = "client_id,measure,session,date,score\n"
        text += "A,PHQ-9,1,2025-01-01,5\nA,PHQ-9,,2025-01-01,6\nA,PHQ-9,1,2025-01-05,7\nA,PHQ-9,,2025-01-01,8\nA,PHQ-9,2,2025-01-01,9\n"
        for c in 0..<30 { text += "F\(c),GAD-7,1,2025-02-03,12\n" }
        text += "A,PHQ-9,2,2025-03-01,3\nA,PHQ-9,,2025-03-01,4\n"
        let path = tempFile(text)
        defer { unlink(path) }
        let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        #expect(loaded.rejections.map(\.line) == [4, 5, 37])
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        let report = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient, options: o)
        #expect(report.counts == loaded.counts)
        #expect(report.rejections.map(\.line) == loaded.rejections.map(\.line))
        #expect(report.rejections.map(\.reason) == loaded.rejections.map(\.reason))
    }

    /// Item 3: strict mode names the first bad row in file order, a duplicate included
    /// (duplicates used to be checked after every row had parsed).
    @Test func strictLoaderStopsAtAnEarlierDuplicate() {
        let text = "client_id,measure,session,score\nA,PHQ-9,2,5\nA,PHQ-9,1,6\nA,PHQ-9,2,7\nA,PHQ-9,3,99\n"
        #expect {
            try ObservationLoader(catalog: .builtin, mode: .strict).load(text: text, name: "s.csv")
        } throws: { e in
            (e as? CSVError)?.line == 4 && "\(e)".contains("duplicate row")
        }
    }

    /// Item 3, report: a duplicate whose rows fall in the two parts of a parallel read,
    /// followed by a bad row in the second part, gives the same error as one part.
    @Test func strictReportFirstErrorDoesNotDependOnParts() throws {
        var text = "client_id,measure,session,score\nA,PHQ-9,1,5\n"
        for c in 0..<60 { text += "F\(c),GAD-7,1,12\n" }
        text += "A,PHQ-9,1,6\n"          // line 63: duplicate of line 2, in the second half
        for c in 60..<80 { text += "F\(c),GAD-7,1,12\n" }
        text += "B,PHQ-9,1,99\n"         // line 84: out of range
        let path = tempFile(text)
        defer { unlink(path) }
        func firstError(parts: Int) -> CSVError? {
            var o = ReportOptions()
            o.parts = parts
            o.parallelThreshold = 0
            do { _ = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .strict, options: o) } catch { return error as? CSVError }
            return nil
        }
        let one = firstError(parts: 1), two = firstError(parts: 2)
        #expect(one?.line == 63)
        #expect(two == one)
    }

    /// A duplicate across the two parts whose times lie outside the bit windows (session 100,
    /// and a date 300 days after the episode's first): only the overflow sets hold them.
    @Test(arguments: [1, 2])
    func crossPartDuplicatesInTheOverflowSets(parts: Int) throws {
        var text = "client_id,measure,session,date,score\nA,PHQ-9,100,2025-01-01,5\nB,GAD-7,,2025-01-01,5\nB,GAD-7,,2025-10-28,6\n"
        for c in 0..<60 { text += "F\(c),GAD-7,1,2025-02-03,12\n" }
        text += "A,PHQ-9,100,2025-01-02,6\nB,GAD-7,,2025-10-28,7\n"   // lines 65 and 66
        let path = tempFile(text)
        defer { unlink(path) }
        var o = ReportOptions()
        o.parts = parts
        o.parallelThreshold = 0
        let report = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient, options: o)
        #expect(report.rejections.map(\.line) == [65, 66])
        let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        #expect(loaded.rejections.map(\.line) == [65, 66])
    }

    /// The report's reader copied its whole episode array on every row (a method of the chunk
    /// called with `&episodes[i]`): 20,000 one-row clients took 98 s in a debug build, 40,000
    /// took 409 s. Now linear: well under a second for 20,000 rows.
    @Test func reportReadIsLinearInEpisodes() throws {
        var text = "client_id,measure,session,score\n"
        for c in 0..<20_000 { text += "F\(c),GAD-7,1,12\n" }
        let path = tempFile(text)
        defer { unlink(path) }
        var o = ReportOptions()
        o.parts = 1
        let clock = ContinuousClock()
        let start = clock.now
        let report = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .strict, options: o)
        let elapsed = clock.now - start
        #expect(report.counts.accepted == 20_000)
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }

    /// Goals: the duplicate check runs as rows are read, so strict stops at it; the later
    /// line is rejected and the message names the earlier line, not the client.
    @Test func goalsStrictStopsAtAnEarlierDuplicate() {
        let text = "client_id,goal_id,review,attained\nSECRET,G1,1,0\nSECRET,G1,1,1\nSECRET,G2,1,7\n"
        #expect {
            try GoalsLoader(mode: .strict).load(text: text, name: "g.csv")
        } throws: { e in
            (e as? CSVError)?.line == 3 && "\(e)".contains("duplicate goal row: line 2") && !"\(e)".contains("SECRET")
        }
    }

    /// Item 2: a line holding only `""` is a row read and rejected: the counts balance.
    @Test func quotedEmptyLineIsCountedAndRejected() throws {
        let text = "client_id,measure,session,score\nA,PHQ-9,1,5\n\"\"\n\nA,PHQ-9,2,6\n"
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(text: text)
        #expect(set.counts.rowsRead == 3 && set.counts.accepted == 2 && set.counts.rejected == 1 && set.counts.balanced)
        #expect(set.rejections.map(\.line) == [3])
        let goals = try GoalsLoader(mode: .lenient).load(text: "client_id,goal_id,review,attained\nA,G1,1,0\n\"\"\n")
        #expect(goals.counts.rowsRead == 2 && goals.counts.rejected == 1 && goals.counts.balanced)
        var o = ReportOptions()
        o.parts = 1
        let path = tempFile(text)
        defer { unlink(path) }
        let report = try ReportAnalysis.run(path: path, catalog: .builtin, mode: .lenient, options: o)
        #expect(report.counts == set.counts)
    }
}

/// Issue 18 items 5 and 8: whole numbers are decimal digits, limits are named, fields quoted short.
@Suite struct StrictNumbersAndExcerptsTests {
    func goalsReason(_ review: String) throws -> String? {
        let set = try GoalsLoader(mode: .lenient).load(text: "client_id,goal_id,review,attained\nA,G1,\(review),0\n")
        return set.rejections.first?.reason
    }

    @Test func goalsWholeNumbersAreDecimalDigitsOnly() throws {
        #expect(try goalsReason("0x10")?.contains("review \"0x10\" is not a whole number") == true)
        #expect(try goalsReason("1e3")?.contains("review \"1e3\" is not a whole number") == true)
        #expect(try goalsReason("0x1p3")?.contains("not a whole number") == true)
        #expect(try goalsReason("2.0") == nil)
        #expect(try goalsReason("+3") == nil)
        #expect(try goalsReason("1000000") == nil)
        let limit = try goalsReason("1000001")
        #expect(limit?.contains("review 1000001 is outside 0…1000000") == true, "\(limit ?? "")")
        let importance = try GoalsLoader(mode: .lenient).load(text: "client_id,goal_id,review,attained,importance,difficulty\nA,G1,1,0,0x2,1\n")
        #expect(importance.counts.rejected == 1)
    }

    @Test func sessionLimitIsNamed() throws {
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient)
            .load(text: "client_id,measure,session,score\nA,PHQ-9,1000001,5\nA,PHQ-9,1e3,5\nA,PHQ-9,1000000,5\n")
        #expect(set.rejections.map(\.line) == [2, 3])
        #expect(set.rejections[0].reason.contains("session 1000001 is outside 0…1000000"))
        #expect(set.rejections[1].reason.contains("session \"1e3\" is not a whole number"))
    }

    /// A huge unknown measure name is quoted as a 40-character prefix with its length.
    @Test func longFieldsAreQuotedAsAShortPrefix() throws {
        var loader = ObservationLoader(catalog: .builtin, mode: .lenient)
        loader.limits = CSVLimits(maxFieldBytes: 1 << 20)
        let name = String(repeating: "M", count: 200_000)
        let set = try loader.load(text: "client_id,measure,session,score\nA,\(name),1,5\n")
        let reason = set.rejections.first?.reason ?? ""
        #expect(reason.contains("unknown measure \"" + String(repeating: "M", count: 40) + "…\" (200000 bytes)"))
        #expect(reason.utf8.count < 200)
        // Over the default field limit: the row is rejected as too long, the others kept.
        let big = try ObservationLoader(catalog: .builtin, mode: .lenient)
            .load(text: "client_id,measure,session,score,note\nA,PHQ-9,1,5,\(String(repeating: "n", count: 70_000))\nA,PHQ-9,2,6,\n")
        #expect(big.counts.rejected == 1 && big.counts.accepted == 1)
        #expect(big.rejections.first?.reason.contains("over the limit of 65536 bytes per field") == true)
    }
}
