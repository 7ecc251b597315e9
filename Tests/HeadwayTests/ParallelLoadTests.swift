import Foundation
import PropertyBased
import Testing
import HeadwayCSV
@testable import Headway

/// Issue 12: the general loader reads a large file as parallel byte ranges (`--threads`), and
/// the merged set is exactly the one-pass set: episodes in the same order with the same scores
/// (lines included), clinician, site, group and status; the same rejections in line order; the
/// same counts, blank lines and read info. The threshold is 0 here, so small files are split.
@Suite struct ParallelLoadTests {
    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "headway-parallel-load-\(getpid())-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func loader(_ mode: ValidationMode, threads: Int) -> ObservationLoader {
        var l = ObservationLoader(catalog: .builtin, mode: mode)
        l.threads = threads
        l.parallelThreshold = 0
        return l
    }

    /// Everything a loaded set says, one string per fact, for exact comparison.
    static func fingerprint(_ set: ObservationSet) -> [String] {
        var out = ["file \(set.file)", "counts \(set.counts)", "dates \(set.hasDates) sessions \(set.hasSessions)",
                   "header \(set.header)", "info \(set.readInfo)", "episodes \(set.episodes.count)"]
        for e in set.episodes {
            out.append("E \(e.key.clientID)|\(e.key.episodeID)|\(e.key.measure)|\(e.clinicianID ?? "-")|\(e.site ?? "-")|\(e.group ?? "-")|\(String(describing: e.status))")
            for s in e.scores {
                out.append("  \(s.value) d\(String(describing: s.day)) s\(String(describing: s.session)) l\(s.line) \(String(describing: s.phase)) \(String(describing: s.phasePair))")
            }
        }
        for r in set.rejections { out.append("R \(r.line) \(r.column) \(r.field) \(r.reason) \(r.raw)") }
        return out
    }

    /// Loads `text` in one pass and on 2…5 threads; expects identical sets (or the same error
    /// line in strict mode). Returns whether any thread count used the parallel path.
    @discardableResult
    static func expectSame(_ text: String, mode: ValidationMode = .lenient, threads: [Int] = [2, 3, 4, 5],
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let path = try write(text)
        defer { unlink(path) }
        var usedParallel = false
        let one: Result<[String], CSVError>
        do { one = .success(fingerprint(try loader(mode, threads: 1).load(path: path))) } catch let e as CSVError { one = .failure(e) }
        for t in threads {
            let l = loader(mode, threads: t)
            let parts: Result<[String], CSVError>
            do { parts = .success(fingerprint(try l.load(path: path))) } catch let e as CSVError { parts = .failure(e) }
            if let _ = try? l.loadParallel(path: path) { usedParallel = true }
            switch (one, parts) {
            case let (.success(a), .success(b)):
                #expect(a.count == b.count, "threads \(t)", sourceLocation: sourceLocation)
                if let k = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) {
                    Issue.record("threads \(t): first difference at \(k): one pass '\(a[k])', parallel '\(b[k])'", sourceLocation: sourceLocation)
                }
            case let (.failure(a), .failure(b)):
                #expect(a.line == b.line && a.column == b.column && a.reason == b.reason, "threads \(t): \(a) vs \(b)", sourceLocation: sourceLocation)
            default:
                Issue.record("threads \(t): one pass \(one), parallel \(parts)", sourceLocation: sourceLocation)
            }
        }
        return usedParallel
    }

    /// A practice file: `clients` clients, each with 2–9 sessions of PHQ-9 and GAD-7, rows of a
    /// client spread through the file (every client's rows interleave with the next ones), some
    /// with episode ids, clinicians (some blank), sites, status, blank lines and bad rows.
    static func practice(clients: Int, seed: UInt64, bad: Bool = true, interleave: Bool = true) -> String {
        var rng = seed &+ 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(n))
        }
        var rows: [String] = []
        for c in 0..<clients {
            let sessions = 2 + next(8)
            let episode = next(3) == 0 ? "2" : ""
            for s in 1...sessions {
                for m in ["PHQ-9", "GAD-7"] {
                    let day = 20000 + c + 7 * s
                    let date = CivilCalendar.isoString(days: day)
                    var score = String(next(22))
                    if bad, next(40) == 0 { score = "abc" }
                    let clinician = next(5) == 0 ? "" : "T\(c % 7)"
                    let status = s == sessions && next(2) == 0 ? "closed" : ""
                    rows.append("C\(c),\(m),\(s),\(date),\(score),\(episode),\(clinician),S\(c % 3),\(status)")
                    if bad, next(60) == 0 { rows.append("C\(c),\(m),\(s),\(date),\(next(22)),\(episode),,,") }   // duplicate
                    if next(50) == 0 { rows.append("") }
                }
            }
        }
        if interleave {
            // Swap neighbouring blocks so each client's rows are spread over a stretch of the file.
            var i = 0
            while i + 6 < rows.count { rows.swapAt(i, i + 5); i += 7 }
        }
        return "client_id,measure,session,date,score,episode_id,clinician_id,site,status\n" + rows.joined(separator: "\n") + "\n"
    }

    @Test func cutsInsideClientsGiveTheOnePassSet() throws {
        for seed in 0..<4 as Range<UInt64> {
            let text = Self.practice(clients: 60, seed: seed, bad: false)
            #expect(try Self.expectSame(text), "seed \(seed): the parallel path was never taken")
        }
    }

    /// Clients with more episodes than the builder walks before it hashes
    /// (``ObservationBuilder/walkLimit``), rows of all their episodes spread over the whole file so
    /// every part (2–5) meets them: the parallel load finds and merges them exactly as the one-pass
    /// load; then with a repeat of an early row at the end, rejected as in one pass (which itself
    /// must see 3 clients with 2·limit+3 episodes and one with 5).
    @Test func clientsWithManyEpisodesInEveryPartGiveTheOnePassSet() throws {
        let n = 2 * Int(ObservationBuilder.walkLimit) + 3
        var text = "client_id,episode_id,measure,session,score\n"
        for session in 1...40 {
            for episode in 0..<n {
                for client in ["A", "B", "C", "D"] where client != "D" || episode < 5 {
                    text += "\(client),E\(episode),\(episode % 2 == 0 ? "PHQ-9" : "GAD-7"),\(session),\((session * 3 + episode) % 22)\n"
                }
            }
        }
        #expect(try Self.expectSame(text), "the parallel path was never taken")
        // A repeat of a row of the first part at the end: a duplicate across the cut (read again in one pass).
        text += "A,E3,GAD-7,2,4\n"
        let path = try Self.write(text)
        defer { unlink(path) }
        let set = try Self.loader(.lenient, threads: 1).load(path: path)
        #expect(set.episodes.count == 3 * n + 5 && set.counts.rejected == 1)
        try Self.expectSame(text)
    }

    @Test func rejectionsInEveryPartAreInLineOrder() throws {
        for seed in 10..<14 as Range<UInt64> {
            let text = Self.practice(clients: 80, seed: seed)
            let path = try Self.write(text)
            defer { unlink(path) }
            let set = try Self.loader(.lenient, threads: 1).load(path: path)
            #expect(set.rejections.count > 4)
            #expect(set.rejections.map(\.line) == set.rejections.map(\.line).sorted())
            try Self.expectSame(text)
        }
    }

    @Test func strictModeReportsTheFirstBadRowInFileOrder() throws {
        // Bad rows in several parts; and one bad row only near the end.
        try Self.expectSame(Self.practice(clients: 80, seed: 21), mode: .strict)
        var lines = Self.practice(clients: 60, seed: 22, bad: false).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[lines.count - 3] = "C1,PHQ-9,99,2025-01-01,not-a-number,,,,"
        try Self.expectSame(lines.joined(separator: "\n"), mode: .strict)
        // A clean file: no error on any thread count.
        #expect(try Self.expectSame(Self.practice(clients: 60, seed: 23, bad: false), mode: .strict))
    }

    @Test func duplicateAcrossTheCutRejectsTheLaterLine() throws {
        // The first and the last data row have the same client, measure and session: whatever
        // the cuts, the later line is rejected (the parallel read hands over to one pass).
        let body = Self.practice(clients: 50, seed: 31, bad: false, interleave: false)
        var first = body.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        first[4] = "3"
        first[6] = "T9"
        let text = body + first.joined(separator: ",") + "\n"
        try Self.expectSame(text)
        let path = try Self.write(text)
        defer { unlink(path) }
        let set = try Self.loader(.lenient, threads: 3).load(path: path)
        #expect(set.rejections.last?.reason.hasPrefix("duplicate row") == true)
        #expect(set.rejections.last?.line == text.filter { $0 == "\n" }.count)
        #expect(try Self.loader(.lenient, threads: 3).loadParallel(path: path) == nil)
        try Self.expectSame(text, mode: .strict)
    }

    @Test func clientAcrossTheCutKeepsTheFirstClinicianAndTheLatestStatus() throws {
        let head = "client_id,measure,session,date,score,episode_id,clinician_id,site,status\n"
        var rows = ["C0,PHQ-9,1,2024-01-01,10,,,,open"]
        rows += (1..<200).map { "C\($0),PHQ-9,1,2024-01-01,\($0 % 27),,T\($0 % 5),S1," }
        rows += ["C0,PHQ-9,3,2024-01-15,7,,T8,,", "C0,PHQ-9,2,2024-01-08,8,,T7,S2,closed", "C0,GAD-7,1,2024-01-01,3,,,,"]
        let text = head + rows.joined(separator: "\n") + "\n"
        #expect(try Self.expectSame(text))
        let path = try Self.write(text)
        defer { unlink(path) }
        let set = try #require(try Self.loader(.strict, threads: 3).loadParallel(path: path))
        let c0 = set.episodes.filter { $0.key.clientID == "C0" }
        #expect(c0.map(\.key.measure) == ["GAD-7", "PHQ-9"])
        #expect(c0[1].clinicianID == "T8" && c0[1].site == "S2" && c0[1].status == .closed)
        #expect(c0[1].scores.map(\.session) == [1, 2, 3] && c0[1].scores.map(\.line) == [2, 203, 202])
        #expect(set.episodes.first?.key.clientID == "C0")
    }

    @Test func cutInsideAQuotedFieldWithNewlinesFallsBackToOnePass() throws {
        // A site with hundreds of line feeds in quotes fills the middle of the file.
        let quoted = "\"Site" + String(repeating: "\nmore of the site,name", count: 400) + "\""
        let head = "client_id,measure,session,score,site\n"
        let rows = (0..<20).map { "C\($0),PHQ-9,1,\($0 % 27)," + ($0 == 10 ? quoted : "S") }
        let text = head + rows.joined(separator: "\n") + "\n"
        try Self.expectSame(text, threads: [2])
        try Self.expectSame(text, mode: .strict, threads: [2])
        let path = try Self.write(text)
        defer { unlink(path) }
        #expect(try Self.loader(.lenient, threads: 2).loadParallel(path: path) == nil)
        // With many small quoted newlines some cuts fall inside quotes, some not: the same set.
        let many = head + (0..<300).map { "C\($0 % 40),PHQ-9,\($0 / 40),\($0 % 27),\"a\nb\"" }.joined(separator: "\n") + "\n"
        try Self.expectSame(many, threads: [2, 3, 4, 5, 7, 11])
    }

    @Test func crlfBlankLinesAndSemicolonsAreReadAsInOnePass() throws {
        let text = Self.practice(clients: 40, seed: 41).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Self.expectSame(text))
        let semi = Self.practice(clients: 40, seed: 42).replacingOccurrences(of: ",", with: ";")
        #expect(try Self.expectSame(semi))
        #expect(try Self.expectSame("\u{FEFF}" + Self.practice(clients: 40, seed: 43)))
    }

    @Test func byteRangeSplitCutsAfterLineFeeds() throws {
        let text = Self.practice(clients: 30, seed: 51)
        let path = try Self.write(text)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        for parts in 2...9 {
            let split = try #require(ByteRangeSplit(path: path, parts: parts))
            #expect(split.ranges.count <= parts && split.ranges.count >= 2)
            #expect(split.ranges.first?.lowerBound == split.header.count)
            #expect(split.ranges.last?.upperBound == bytes.count)
            for (a, b) in zip(split.ranges, split.ranges.dropFirst()) {
                #expect(a.upperBound == b.lowerBound && !a.isEmpty)
                #expect(bytes[b.lowerBound - 1] == 0x0A)
            }
            #expect(split.firstDataLine == 2)
        }
        #expect(ByteRangeSplit(path: path, parts: 1) == nil)
        #expect(ByteRangeSplit(path: path, parts: 2, minimumSize: bytes.count + 1) == nil)
        #expect(ByteRangeSplit(path: "-", parts: 2) == nil)
    }

    /// Random messy files (the property suite's rows: duplicates, bad values, quoted newlines,
    /// blank lines, unterminated quotes) on 2–4 threads: the same set or the same first error.
    @Test func randomFilesGiveTheOnePassResult() async {
        await propertyCheck(count: 60, input: PropertyTests.file) { text in
            try Self.expectSame(text, threads: [2, 3, 4])
            try Self.expectSame(text, mode: .strict, threads: [2, 3])
        }
    }

    @Test func settingsApplyAsOneValue() {
        var s = LoadSettings()
        s.requireScores = true
        s.columnMap = ["client_id": "Name"]
        s.wide = true
        s.limits = CSVLimits(maxFieldBytes: 123)
        var l = ObservationLoader(catalog: .builtin)
        l.settings = s
        #expect(l.requireScores && l.wide && l.columnMap == ["client_id": "Name"] && l.limits.maxFieldBytes == 123)
        #expect(l.settings == s)
        var o = ReportOptions()
        o.settings = s
        #expect(o.requireScores && o.wide && o.settings == s)
        let r = ReportReader(catalog: .builtin, mode: .strict, intervalKey: .none, options: o)
        #expect(r.settings == s)
    }
}
