// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import Headway
import HeadwayCSV

/// The one selection rule of `change`, `trend` and `flags` (--client, --clinician, --measure,
/// --from/--to). Expected episodes are read off the six rows below by hand.
@Suite struct EpisodeSelectionTests {
    // C1: PHQ-9 (last dated 2025-01-15) and GAD-7 (last 2025-03-01), clinician T1.
    // C2: PHQ-9, last dated 2025-02-10, clinician T2.
    static let csv = """
    client_id,measure,date,score,clinician_id
    C1,PHQ-9,2025-01-01,20,T1
    C1,PHQ-9,2025-01-15,15,T1
    C1,GAD-7,2025-01-01,12,T1
    C1,GAD-7,2025-03-01,8,T1
    C2,PHQ-9,2025-02-01,18,T2
    C2,PHQ-9,2025-02-10,16,T2
    """

    func episodes() throws -> [Episode] { try ObservationLoader(catalog: .builtin).load(text: Self.csv).episodes }
    func keys(_ e: [Episode]) -> [String] { e.map { "\($0.key.clientID)/\($0.key.measure)" } }

    @Test func nothingSetKeepsEverything() throws {
        let all = try episodes()
        let s = EpisodeSelection()
        #expect(!s.isSet)
        #expect(keys(s.apply(all, catalog: .builtin)) == keys(all))
        #expect(s.emptyNote(input: 3, selected: 3) == nil)
    }

    @Test func filtersCombineAndAliasesResolve() throws {
        let all = try episodes()
        #expect(Set(keys(EpisodeSelection(client: "C1").apply(all, catalog: .builtin))) == ["C1/PHQ-9", "C1/GAD-7"])
        #expect(keys(EpisodeSelection(measure: "phq9").apply(all, catalog: .builtin)).sorted() == ["C1/PHQ-9", "C2/PHQ-9"])
        #expect(keys(EpisodeSelection(clinician: "T2").apply(all, catalog: .builtin)) == ["C2/PHQ-9"])
        #expect(keys(EpisodeSelection(client: "C1", measure: "GAD-7").apply(all, catalog: .builtin)) == ["C1/GAD-7"])
    }

    @Test func periodUsesTheLatestDatedScoreInclusive() throws {
        let all = try episodes()
        let feb1 = CivilCalendar.days(year: 2025, month: 2, day: 1), feb10 = CivilCalendar.days(year: 2025, month: 2, day: 10)
        // Latest dates: C1/PHQ-9 Jan 15, C1/GAD-7 Mar 1, C2/PHQ-9 Feb 10 (inclusive upper end).
        #expect(keys(EpisodeSelection(fromDay: feb1, toDay: feb10).apply(all, catalog: .builtin)) == ["C2/PHQ-9"])
        #expect(keys(EpisodeSelection(fromDay: feb10 + 1).apply(all, catalog: .builtin)) == ["C1/GAD-7"])
    }

    @Test func emptyNoteNamesTheOptionsAsTyped() throws {
        let s = EpisodeSelection(client: "C9", measure: "phq9", periodText: "--from 2025-01-01")
        let selected = s.apply(try episodes(), catalog: .builtin)
        #expect(selected.isEmpty)
        #expect(s.emptyNote(input: 3, selected: selected.count) == "--client C9 --measure phq9 --from 2025-01-01")
        #expect(s.emptyNote(input: 0, selected: 0) == nil)   // an empty file is not the filter's doing
    }
}
