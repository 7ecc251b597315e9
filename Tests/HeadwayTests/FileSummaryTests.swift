import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Headway
import HeadwayCSV

/// `headway check`'s streamed summary (``FileSummary``) against the summary of the loaded
/// observations (`DataSummary(ObservationSet)`): the loader is the independent reference.
struct FileSummaryTests {
    private static func repoPath(_ relative: String) -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)   // Tests/HeadwayTests/FileSummaryTests.swift
        return parts.joined(separator: "/") + "/" + relative
    }

    private static func tempCSV(_ text: String) -> String {
        let path = "/tmp/headway-summary-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).csv"
        let f = fopen(path, "w")!
        fputs(text, f)
        fclose(f)
        return path
    }

    /// Streams `path` in `parts` parts (split whatever its size) and loads it, and compares all
    /// that `headway check` prints.
    private static func expectSameAsLoader(_ path: String, mode: ValidationMode = .lenient, parts: Int, wide: Bool = false,
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        var loader = ObservationLoader(catalog: .builtin, mode: mode)
        loader.wide = wide
        let set = try loader.load(path: path)
        var o = StreamReadOptions()
        o.parts = parts
        o.parallelThreshold = 0
        o.settings.wide = wide
        let streamed = try FileSummary.read(path: path, catalog: .builtin, mode: mode, options: o)
        #expect(streamed.summary == DataSummary(set), sourceLocation: sourceLocation)
        #expect(streamed.counts == set.counts, sourceLocation: sourceLocation)
        #expect(streamed.rejections.map(\.line) == set.rejections.map(\.line), sourceLocation: sourceLocation)
        #expect(streamed.rejections.map(\.column) == set.rejections.map(\.column), sourceLocation: sourceLocation)
        #expect(streamed.rejections.map(\.reason) == set.rejections.map(\.reason), sourceLocation: sourceLocation)
        #expect(streamed.readInfo == set.readInfo, sourceLocation: sourceLocation)
        #expect(streamed.header == set.header, sourceLocation: sourceLocation)
        #expect(streamed.file == set.file, sourceLocation: sourceLocation)
        #expect((streamed.wide == nil) == (set.wide == nil), sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2])
    func bundledDatasetsMatchTheLoader(parts: Int) throws {
        for d in ["sample-practice/observations.csv", "jacobson-truax-1991/observations.csv",
                  "single-case-example/observations.csv", "single-case-example/multi-phase.csv"] {
            try Self.expectSameAsLoader(Self.repoPath("Datasets/" + d), parts: parts)
        }
    }

    /// Several episodes per client (blank, "1" and named episode ids), two spellings of one
    /// measure, clinician and site blank on an episode's first row, clients out of order, dates
    /// out of order, duplicates (adjacent, far apart and across the parallel split), rejected
    /// rows of every kind, skipped rows; long enough that the two parts hold many rows each.
    @Test(arguments: [1, 2])
    func trickyRowsMatchTheLoader(parts: Int) throws {
        var text = "client_id,episode_id,measure,date,session,score,clinician_id,site\n"
        var rng = SystemRandomNumberGenerator()
        let spellings = ["PHQ-9", "phq9", "GAD-7", "CORE-10"]
        for i in 0..<3000 {
            let client = "C\((i * 7919) % 401)"
            let episode = ["", "1", "2", " e3 "][i % 4]
            let measure = spellings[Int.random(in: 0..<spellings.count, using: &rng)]
            let day = 10 + Int.random(in: 0..<60, using: &rng)
            let dayOfMonth = day % 28 + 1
            let date = "2024-0\(day / 28 + 1)-\(dayOfMonth < 10 ? "0" : "")\(dayOfMonth)"
            let session = i % 5 == 0 ? "" : String(Int.random(in: 0..<12, using: &rng))
            let score = Double(Int.random(in: 0..<42, using: &rng)) / 2   // halves: sums are exact in any order
            let clinician = i % 3 == 0 ? "" : "T\(i % 17)"
            let site = i % 4 == 1 ? " " : "S\(i % 3)"
            switch i % 97 {
            case 5: text += "\(client),\(episode),UNKNOWN,\(date),1,3,T1,S1\n"
            case 6: text += "\(client),\(episode),PHQ-9,\(date),1,99,T1,S1\n"
            case 7: text += ",,,,,,,\n"
            case 8: text += "\(client),\(episode),PHQ-9,\(date),2,,T1,S1\n"
            case 9: text += "\(client),\(episode),PHQ-9,2024-13-40,2,4,T1,S1\n"
            default: text += "\(client),\(episode),\(measure),\(date),\(session),\(score),\(clinician),\(site)\n"
            }
        }
        // A duplicate of the first data row at the end (across the split when read in two parts).
        text += text.split(separator: "\n")[1] + "\n"
        let path = Self.tempCSV(text)
        defer { unlink(path) }
        let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        #expect(loaded.counts.rejected > 40 && loaded.counts.emptyRows > 0 && loaded.counts.notAdministered > 0)
        try Self.expectSameAsLoader(path, parts: parts)
    }

    /// Clients with more episodes than the reader walks before it hashes (``ReportChunk/walkLimit``),
    /// their rows interleaved, with duplicates among them: found, counted and rejected as the loader does.
    @Test(arguments: [1, 2])
    func clientsWithManyEpisodesMatchTheLoader(parts: Int) throws {
        var text = "client_id,episode_id,measure,session,score\n"
        for session in 1...6 {
            for episode in 0..<(2 * Int(ReportChunk.walkLimit) + 3) {
                for client in ["A", "B", "C"] where client != "C" || episode < 5 {
                    text += "\(client),E\(episode),\(episode % 2 == 0 ? "PHQ-9" : "GAD-7"),\(session),\((session * 3 + episode) % 22)\n"
                }
            }
            text += "A,E3,GAD-7,\(session),4\n"   // a duplicate of an earlier row
        }
        let path = Self.tempCSV(text)
        defer { unlink(path) }
        let loaded = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        #expect(loaded.counts.rejected == 6 && loaded.episodes.count == 2 * 19 + 5)
        try Self.expectSameAsLoader(path, parts: parts)
    }

    /// Strict mode: the error is the loader's (the first bad row in file order), also when the
    /// bad row is in the second part and when it is a duplicate of a row in the first part.
    @Test(arguments: [1, 2])
    func strictErrorsMatchTheLoader(parts: Int) throws {
        var rows = "client_id,measure,session,score\n"
        for i in 0..<2000 { rows += "C\(i),PHQ-9,1,\(i % 27)\n" }
        for tail in ["C1999,PHQ-9,2,99\n", "C3,PHQ-9,1,5\n"] {
            let path = Self.tempCSV(rows + tail + "C5000,GAD-7,1,30\n")
            defer { unlink(path) }
            var o = StreamReadOptions()
            o.parts = parts
            o.parallelThreshold = 0
            var expected = ""
            do { _ = try ObservationLoader(catalog: .builtin).load(path: path) } catch { expected = "\(error)" }
            var got = ""
            do { _ = try FileSummary.read(path: path, catalog: .builtin, options: o) } catch { got = "\(error)" }
            #expect(!expected.isEmpty && got == expected)
        }
    }

    @Test func wideSheetMatchesTheLoader() throws {
        let path = Self.repoPath("Tests/HeadwayCLITests/Fixtures/messy/wide-measures.csv")
        try Self.expectSameAsLoader(path, parts: 2)
        let bad = Self.tempCSV("client_id,date,PHQ-9,GAD-7\nC1,2024-01-01,12,8\nC1,2024-01-08,99,7\nC2,2024-01-01,,\nC1,2024-01-01,3,4\n")
        defer { unlink(bad) }
        try Self.expectSameAsLoader(bad, parts: 2, wide: true)
    }

    /// A file over the parallel threshold (lowered to 1 MiB) read in two parts: 200 clinicians and 5 sites.
    @Test func largeFileReadInTwoParts() throws {
        var text = "client_id,measure,date,score,clinician_id,site\n"
        text.reserveCapacity(3 << 19)
        var i = 0
        while text.utf8.count < 3 << 19 {
            let c = i / 6
            text += "client-\(c),\(i % 2 == 0 ? "PHQ-9" : "GAD-7"),2024-0\(1 + (i / 2) % 3)-1\(i % 10),\((c + i) % 21),T\(c % 200),S\(c % 5)\n"
            i += 1
        }
        let path = Self.tempCSV(text)
        defer { unlink(path) }
        let set = try ObservationLoader(catalog: .builtin, mode: .lenient).load(path: path)
        var o = StreamReadOptions()
        o.parallelThreshold = 1 << 20
        let streamed = try FileSummary.read(path: path, catalog: .builtin, mode: .lenient, options: o)
        #expect(streamed.summary == DataSummary(set))
        #expect(streamed.summary.clinicians == 200 && streamed.summary.sites == 5)
    }
}
