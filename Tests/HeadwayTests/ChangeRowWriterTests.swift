import Foundation
import HeadwayCSV
import Testing
@testable import Headway

/// The per-episode CSV row written field by field (`ChangeOutput.writeEpisodeRow`) against the
/// same row written through the column definitions (`episodeColumns(parameters:)`, which also
/// name the header and make the tables): the same bytes for every method, with and without a
/// cut-off, on the claus_2020 pairs, the bundled sample practice (episodes of 1 to many scores,
/// RTI present and absent) and episodes the analysis cannot classify.
@Suite struct ChangeRowWriterTests {
    static var samplePractice: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/sample-practice/observations.csv").path
    }

    static func bytes(_ r: ChangeResult, digits: Int, fused: Bool) -> String {
        let (w, text) = CSVWriter.inMemory()
        let columns = ChangeOutput.episodeColumns(parameters: r.parameters)
        for e in r.episodes {
            if fused { ChangeOutput.writeEpisodeRow(e, parameters: r.parameters, digits: digits, to: w) }
            else { OutputColumn.write(columns, e, digits: digits, to: w) }
            try? w.endRecord()
        }
        return text()
    }

    @Test(arguments: ChangeMethod.allCases)
    func fusedRowEqualsColumns(method: ChangeMethod) throws {
        var o = ChangeOptions(method: method, reliability: 0.8)
        if method == .nk { o.postReliability = 0.5 }
        var runs: [ChangeResult] = []
        let claus = claus2020HAMD.map { row in
            Episode(key: EpisodeKey(clientID: row.id, episodeID: "1", measure: "HAMD"), group: row.group,
                    scores: [Score(value: row.pre, session: 1), Score(value: row.post + 0.25, session: 4)])
        }
        runs.append(ChangeAnalysis.run(episodes: claus, catalog: .builtin, options: o))
        let set = try ObservationLoader(catalog: .builtin, mode: .strict).load(path: Self.samplePractice)
        var practice = ChangeOptions(method: method)
        if method == .nk { practice.postReliability = 0.5 }
        runs.append(ChangeAnalysis.run(episodes: set.episodes, catalog: .builtin, options: practice))
        for r in runs {
            #expect(!r.episodes.isEmpty)
            for digits in [0, 2, 6] {
                let fused = Self.bytes(r, digits: digits, fused: true), columns = Self.bytes(r, digits: digits, fused: false)
                #expect(fused == columns, "method \(method), digits \(digits)")
            }
        }
    }

    /// The streaming path (each row made as it is written, by blocks) against the whole run's
    /// rows, on 1 and 3 threads.
    @Test(arguments: ChangeMethod.allCases)
    func streamedRowsEqualTheRun(method: ChangeMethod) throws {
        let set = try ObservationLoader(catalog: .builtin, mode: .strict).load(path: Self.samplePractice)
        var o = ChangeOptions(method: method)
        if method == .nk { o.postReliability = 0.5 }
        let run = ChangeAnalysis.run(episodes: set.episodes, catalog: .builtin, options: o)
        let (w1, whole) = CSVWriter.inMemory()
        try ChangeOutput.writeEpisodes(run, to: w1, digits: 6)
        let plan = ChangeAnalysis.plan(episodes: set.episodes, catalog: .builtin, options: o)
        for threads in [1, 3] {
            let (w2, streamed) = CSVWriter.inMemory()
            try ChangeOutput.writeEpisodes(set.episodes, plan: plan, to: w2, digits: 6, threads: threads)
            #expect(streamed() == whole(), "method \(method), \(threads) threads")
        }
        #expect(whole().split(separator: "\n").count == run.episodes.count + 1)
    }

    @Test func headerIsTheColumnsNames() {
        #expect(ChangeOutput.episodeHeader == ChangeOutput.episodeColumns(parameters: [:]).map(\.name))
        #expect(ChangeOutput.episodeHeader.count == 30)
    }
}
