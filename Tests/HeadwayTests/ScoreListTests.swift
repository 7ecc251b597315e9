import Testing
@testable import Headway

/// Issue 12: a load keeps every score in one store, and each episode's ``ScoreList`` is a range of
/// it. These tests pin what that must not change: an episode's scores read as an array with
/// indices from 0; editing one episode's scores never shows in another's (copy on write); the
/// loader's episodes are back to back in the store, in episode order and time order.
@Suite struct ScoreListTests {
    static func scores(_ values: [Double]) -> [Score] {
        values.enumerated().map { Score(value: $0.element, session: $0.offset + 1, line: $0.offset + 2) }
    }

    @Test func readsAsTheArrayItWasMadeFrom() {
        let a = Self.scores([3, 1, 4, 1, 5])
        let list = ScoreList(a)
        #expect(list.count == 5)
        #expect(list.indices == 0..<5)
        #expect(Array(list) == a)
        #expect(list.map(\.value) == [3, 1, 4, 1, 5])
        #expect(list[2].value == 4)
        #expect(list.last?.value == 5)
        #expect(list[1...3].map(\.value) == [1, 4, 1])
        #expect(list.withUnsafeBufferPointer { Array($0) } == a)
        #expect(ScoreList().isEmpty)
        #expect(ScoreList() == [])
        #expect(list == ScoreList(a))
        #expect(list != ScoreList(Self.scores([3, 1, 4, 1])))
    }

    @Test func isSixteenBytes() {
        // The store reference and a 32-bit start and count: an episode holds no array of its own.
        #expect(MemoryLayout<ScoreList>.size == 16)
        #expect(MemoryLayout<Score>.stride == 24)
        // docs/input.md: 24 bytes a score and 120 bytes an episode record.
        #expect(MemoryLayout<Episode>.stride <= 120)
    }

    @Test func prefixSharesTheStoreAndWritesCopy() {
        let full = ScoreList(Self.scores([10, 20, 30, 40]))
        var head = full.prefix(2)
        #expect(head.map(\.value) == [10, 20])
        #expect(full.prefix(9).count == 4)
        head[0] = Score(value: 99)
        #expect(head.map(\.value) == [99, 20])
        #expect(full.map(\.value) == [10, 20, 30, 40], "the shared store is not written")
    }

    @Test func editingOneLoadedEpisodeLeavesTheOthersAndTheSetAlone() throws {
        let text = """
        client_id,measure,session,score
        C1,PHQ-9,1,20
        C1,PHQ-9,2,15
        C2,PHQ-9,1,12
        C2,PHQ-9,2,9
        C2,PHQ-9,3,7
        """
        let set = try ObservationLoader(catalog: .builtin).load(text: text)
        #expect(set.episodes.map { $0.scores.map(\.value) } == [[20, 15], [12, 9, 7]])
        var copy = set
        copy.episodes[0].scores[1] = Score(value: 0, session: 2)
        copy.episodes[1].scores.withUnsafeMutableBufferPointer { $0[0].value = -1 }
        #expect(copy.episodes.map { $0.scores.map(\.value) } == [[20, 0], [-1, 9, 7]])
        #expect(set.episodes.map { $0.scores.map(\.value) } == [[20, 15], [12, 9, 7]])
        // Lines are the file's, after the sort into time order.
        #expect(set.episodes[1].scores.map(\.line) == [4, 5, 6])
    }

    @Test func loadedEpisodesAreInEpisodeAndTimeOrderWhateverTheRowOrder() throws {
        // Rows by date, clients interleaved, sessions out of order within an episode: the set is
        // clients in order of first appearance, episodes by id then measure, scores by session.
        let text = """
        client_id,measure,session,score,episode_id
        C2,GAD-7,3,5,1
        C1,PHQ-9,2,14,1
        C2,GAD-7,1,9,1
        C1,PHQ-9,1,18,1
        C2,PHQ-9,2,11,1
        C1,PHQ-9,3,10,1
        C2,PHQ-9,1,13,1
        C1,GAD-7,1,8,2
        """
        let set = try ObservationLoader(catalog: .builtin).load(text: text)
        let keys = set.episodes.map { "\($0.key.clientID)/\($0.key.episodeID)/\($0.key.measure)" }
        #expect(keys == ["C2/1/GAD-7", "C2/1/PHQ-9", "C1/1/PHQ-9", "C1/2/GAD-7"])
        #expect(set.episodes.map { $0.scores.map(\.value) } == [[9, 5], [13, 11], [18, 14, 10], [8]])
        #expect(set.episodes.map { $0.scores.map(\.line) } == [[4, 2], [8, 6], [5, 3, 7], [9]])
    }

    @Test func episodesBeyondOneWindowKeepTheirOwnScores() throws {
        // 700 clients (episodes in windows of 256): client c has c % 4 + 1 scores, valued
        // c % 20 + session (within PHQ-9's 0–27), written in reverse session order.
        var text = "client_id,measure,session,score\n"
        for c in 0..<700 {
            for s in stride(from: c % 4 + 1, through: 1, by: -1) { text += "C\(c),PHQ-9,\(s),\(c % 20 + s)\n" }
        }
        let set = try ObservationLoader(catalog: .builtin).load(text: text)
        #expect(set.episodes.count == 700)
        for (c, e) in set.episodes.enumerated() {
            #expect(e.key.clientID == "C\(c)")
            #expect(e.scores.map(\.value) == (1...(c % 4 + 1)).map { Double(c % 20 + $0) })
        }
    }
}
