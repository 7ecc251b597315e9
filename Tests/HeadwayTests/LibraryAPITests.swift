import Foundation
import Testing
import Headway
import HeadwayCSV
import HeadwayStats

/// Issue 19, the library: errors carry the command-line tool's messages through
/// `localizedDescription`, and a Date-friendly API sits beside the day numbers.
@Suite struct LibraryAPITests {
    /// A strict load of a bad row throws a CSVError whose localizedDescription is the tool's
    /// `file:line:column: reason` (it was "The operation could not be completed.
    /// (HeadwayCSV.CSVError error 1.)").
    @Test func csvErrorLocalizedDescription() throws {
        let text = "client_id,measure,session,score\nC1,PHQ-9,1,20\nC1,PHQ-9,2,99\n"
        do {
            _ = try ObservationLoader(catalog: .builtin).load(text: text, name: "in.csv")
            Issue.record("no error")
        } catch {
            #expect(error.localizedDescription == "\(error)")
            #expect(error.localizedDescription.hasPrefix("in.csv:3:4: "), "\(error.localizedDescription)")
            #expect(!error.localizedDescription.contains("could not be completed"))
        }
    }

    @Test func everyErrorTypeHasItsMessage() throws {
        let errors: [any Error] = [
            CSVError(file: "a.csv", line: 2, column: 3, reason: "bad"),
            CatalogError(line: 4, column: 2, field: "max", reason: "too big"),
            GoalError.invalid("rho must be at least 0"),
            PrivacyError.invalid("the salt must not be empty"),
            DateError.invalid,
            StatsError.invalidArgument("n must be positive"),
            ChangeProblem.zeroSD,
            RecoveryCurve.FitProblem.singular,
        ]
        for e in errors {
            #expect(e.localizedDescription == String(describing: e))
            #expect(!e.localizedDescription.contains("could not be completed"), "\(type(of: e))")
            #expect(!e.localizedDescription.isEmpty)
        }
        #expect(CSVError(file: "a.csv", line: 2, column: 3, reason: "bad").localizedDescription == "a.csv:2:3: bad")
        #expect(CatalogError(line: 4, column: 2, field: "max", reason: "too big").localizedDescription
                == "catalog line 4, column 2 (max): too big")
        #expect(ChangeProblem.zeroSD.localizedDescription.hasPrefix("zero_sd: "))
    }

    /// A user catalog error through the file API: the tool's message again.
    @Test func catalogFileErrorLocalizedDescription() throws {
        var catalog = MeasureCatalog.builtin
        do {
            try UserCatalog.apply(text: "name,min,max,direction\nX,0,1e300,lower\n", name: "cat.csv", to: &catalog)
            Issue.record("no error")
        } catch {
            #expect(error.localizedDescription.hasPrefix("cat.csv:2:3: max: "), "\(error.localizedDescription)")
        }
    }

    /// Day numbers and Dates: 2025-01-06 is day 20094 (Python: `(date(2025,1,6) - date(1970,1,1)).days`).
    @Test func datesAndDayNumbers() throws {
        let iso = ISO8601DateFormatter()
        let d = try #require(iso.date(from: "2025-01-06T00:00:00Z"))
        #expect(DayNumber.day(of: d) == 20094)
        #expect(DayNumber.date(of: 20094) == d)
        // The UTC day containing the instant: 23:30 at UTC−2 is 01:30 the next day in UTC.
        let late = try #require(iso.date(from: "2025-01-06T23:30:00-02:00"))
        #expect(DayNumber.day(of: late) == 20095)
        // Before 1970: floor, not truncation.
        let before = try #require(iso.date(from: "1969-12-31T12:00:00Z"))
        #expect(DayNumber.day(of: before) == -1)
        #expect(DayNumber.day(of: Date(timeIntervalSince1970: 1e300)) == nil)

        let s = Score(value: 12, date: d, session: 1)
        #expect(s.day == 20094 && s.date == d && s.session == 1)
        #expect(Score(value: 3, date: nil).date == nil)
        #expect(Score(value: 3, date: Date(timeIntervalSince1970: 1e300)).day == nil)

        let e = Episode(key: EpisodeKey(clientID: "C1", episodeID: "1", measure: "PHQ-9"),
                        scores: [Score(value: 20, date: d, session: 1), Score(value: 10, day: 20094 + 21, session: 4)])
        #expect(e.firstDate == d && e.lastDate == DayNumber.date(of: 20094 + 21))

        var o = FlagOptions()
        o.asOfDate = late
        #expect(o.asOf == 20095)
        #expect(o.asOfDate == DayNumber.date(of: 20095))
        #expect(ScoreSelector.on(d) == .date(20094))
    }

    /// A loaded file's scores answer in Dates too.
    @Test func loadedScoresHaveDates() throws {
        let set = try ObservationLoader(catalog: .builtin).load(text: "client_id,measure,date,score\nC1,PHQ-9,2025-01-06,20\nC1,PHQ-9,2025-01-13,15\n")
        let iso = ISO8601DateFormatter()
        #expect(set.episodes.first?.scores.map(\.date) == [iso.date(from: "2025-01-06T00:00:00Z"), iso.date(from: "2025-01-13T00:00:00Z")])
        #expect(set.newestDate == iso.date(from: "2025-01-13T00:00:00Z"))
    }
}

/// The code of the DocC getting-started article (Sources/Headway/Headway.docc/GettingStarted.md)
/// compiles and runs on the sample practice.
@Suite struct GettingStartedArticleTests {
    @Test func articleCodeRuns() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets/sample-practice/observations.csv").path
        let loader = ObservationLoader(catalog: .builtin, mode: .lenient)
        let set = try loader.load(path: path)
        #expect(set.counts.accepted + set.counts.skipped + set.counts.rejected == set.counts.rowsRead)
        let result = ChangeAnalysis.run(episodes: set.episodes, catalog: .builtin, options: ChangeOptions())
        var lines: [String] = []
        for e in result.episodes {
            lines.append("\(e.key.clientID) \(e.key.measure) \(e.pre ?? .nan) \(e.post ?? .nan) \(e.category?.rawValue ?? e.status.rawValue)")
        }
        #expect(lines.count == result.episodes.count && !lines.isEmpty)
        let trends = TrendAnalysis.run(episodes: set.episodes, catalog: .builtin)
        let engine = FlagEngine.prepare(episodes: set.episodes, catalog: .builtin, options: FlagOptions())
        let flags = engine.run(set.episodes)
        #expect(!trends.isEmpty)
        #expect(!flags.isEmpty)
        var options = FlagOptions()
        options.asOfDate = Date()
        #expect(options.asOf != nil)
    }
}
