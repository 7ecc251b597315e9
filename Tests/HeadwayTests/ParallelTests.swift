// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import Headway

/// Per-episode work on several threads gives results in input order, identical for any thread count.
@Suite struct ParallelTests {
    @Test func orderedEmitsBlocksInInputOrder() {
        for threads in 1...4 {
            for count in [0, 1, 7, 1000, 4099] {
                var seen: [Int] = []
                Parallel.ordered(count: count, threads: threads, blockSize: 16, work: { r in Array(r) }, emit: { seen += $0 })
                #expect(seen == Array(0..<count))
            }
        }
    }

    @Test func trendsAndFlagsAreIdenticalForOneToFourThreads() throws {
        // A simulated practice (PracticeSimulator, fixed seed) read through the loader.
        var bytes: [UInt8] = []
        try PracticeSimulator(options: SimulationOptions(clients: 400, seed: 7))
            .run(observations: { bytes.append(contentsOf: $0) }, truth: nil, goals: nil)
        let text = String(decoding: bytes, as: UTF8.self)
        let set = try ObservationLoader(catalog: .builtin).load(text: text)
        let one = TrendAnalysis.run(episodes: set.episodes, catalog: .builtin, threads: 1)
        let engine = FlagEngine.prepare(episodes: set.episodes, catalog: .builtin, options: FlagOptions())
        let flagsOne = engine.run(set.episodes)
        for threads in 2...4 {
            let many = TrendAnalysis.run(episodes: set.episodes, catalog: .builtin, threads: threads)
            #expect(many.count == one.count)
            for (a, b) in zip(one, many) {
                #expect(a.key == b.key && a.values == b.values && a.ols == b.ols && a.theilSen == b.theilSen
                        && a.mannKendall == b.mannKendall && a.interpretation == b.interpretation)
            }
            let flags = engine.run(set.episodes, threads: threads)
            #expect(flags.map(\.key) == flagsOne.map(\.key))
            #expect(flags.map(\.status) == flagsOne.map(\.status))
        }
    }
}
