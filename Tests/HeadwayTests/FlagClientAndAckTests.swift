import Testing
@testable import Headway

private let day0 = 20000
private let curve = RecoveryCurve(measure: "PHQ-9", coefficients: [0, 1, -2, 0], pooledSigma: 2, episodes: 100, rows: 300)

/// Weekly scores from `day0` (sessions 1, 2, …) of one client episode and measure.
private func ep(_ values: [Double], measure: String = "PHQ-9", client: String = "C1", episode: String = "1") -> Episode {
    Episode(key: EpisodeKey(clientID: client, episodeID: episode, measure: measure), clinicianID: "T1", status: nil,
            scores: values.indices.map { Score(value: values[$0], day: day0 + 7 * $0, session: $0 + 1, line: $0 + 2) })
}

private func results(_ eps: [Episode], asOf: Int? = nil) -> [FlagResult] {
    var o = FlagOptions()
    o.asOf = asOf
    return FlagEngine.prepare(episodes: eps, catalog: .builtin, options: o, curves: ["PHQ-9": curve]).run(eps)
}

private func status(_ s: FlagStatus, _ measure: String, day: Int = day0 + 14, due: Int? = nil) -> FlagResult {
    var r = FlagResult(key: EpisodeKey(clientID: "C1", episodeID: "1", measure: measure), status: s,
                       rule: s == .red ? .offTrack : .onTrack, reason: "\(s.rawValue) reason")
    r.latestDay = day
    r.scoreCount = 3
    r.measurementDue = due
    if s == .red || s == .yellow { r.rulesFired = [r.rule] }
    return r
}

@Suite struct ClientFlagTests {
    /// The most urgent status wins and the reason names the measure(s) that set it.
    @Test func mostUrgentMeasureWins() {
        let c = ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: [status(.yellow, "PHQ-9"), status(.red, "GAD-7")])!
        #expect(c.status == .red && c.measures == ["GAD-7"] && c.rule == .offTrack)
        #expect(c.reason == "GAD-7: red reason | other measures: PHQ-9 yellow")
        let both = ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: [status(.red, "PHQ-9"), status(.red, "GAD-7")])!
        #expect(both.status == .red && both.measures == ["PHQ-9", "GAD-7"] && both.reason == "PHQ-9: red reason | GAD-7: red reason")
        // Green beats white beats grey.
        #expect(ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: [status(.white, "PHQ-9"), status(.green, "GAD-7")])!.status == .green)
        #expect(ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: [status(.white, "PHQ-9"), status(.grey, "GAD-7")])!.status == .white)
    }

    /// Through the engine: the client (GAD-7 reliably worse at session 2 but now below the
    /// cut-off, PHQ-9 recovered) is not red; one row per client episode, in input order.
    @Test func groupsByClientEpisode() {
        let eps = [ep([20, 14, 8], client: "A"), ep([6, 11, 7, 7], measure: "GAD-7", client: "A"),
                   ep([12, 18, 19], client: "B"), ep([12, 18, 19], client: "B", episode: "2")]
        let flags = ClientFlag.group(results(eps))
        #expect(flags.map(\.key.clientID) == ["A", "B", "B"] && flags.map(\.key.episodeID) == ["1", "1", "2"])
        #expect(flags[0].status == .green && flags[0].measures == ["GAD-7"] && flags[0].pastDeterioration == "GAD-7 session 2")
        #expect(flags[0].rows.count == 2 && flags[1].status == .red)
        let c = ClientFlag.counts(flags)
        #expect(c.red == 2 && c.green == 1 && c.total == 3)
    }

    /// Through the engine, both sides of the red limit on one measure (expected(20, 3) = 20 − 2·ln 3,
    /// σ 2, red limit + z(0.90)·2 with z = 1.2815515655446004 from scipy.stats.norm.ppf(0.90)) while
    /// the other measure (GAD-7, no curve) is green: the client episode is red a hair above, and
    /// yellow (the PHQ-9 yellow band) a hair below.
    @Test func clientStatusAtTheRedLimitBothSides() {
        let red = 20 - 2 * log(3.0) + 1.2815515655446004 * 2
        let gad = ep([10, 9, 9], measure: "GAD-7")
        func client(_ x: Double) -> ClientFlag {
            ClientFlag.group(results([ep([20, 20 - 2 * log(2.0), x]), gad]))[0]
        }
        let above = client(red + 1e-6), below = client(red - 1e-6)
        #expect(above.status == .red && above.measures == ["PHQ-9"] && above.rule == .offTrack, "\(above.reason)")
        #expect(above.reason.hasPrefix("PHQ-9: off track") && above.reason.hasSuffix("other measures: GAD-7 green"))
        #expect(below.status == .yellow && below.measures == ["PHQ-9"])
    }

    /// Rows of one client episode that are not consecutive still form one group (in order of first
    /// appearance, rows in input order): grouping reads runs of consecutive rows and must merge a
    /// key met again.
    @Test func rowsOfAClientEpisodeApartAreOneGroup() {
        func row(_ client: String, _ measure: String, _ status: FlagStatus) -> FlagResult {
            FlagResult(key: EpisodeKey(clientID: client, episodeID: "1", measure: measure), status: status)
        }
        let flags = ClientFlag.group([row("A", "PHQ-9", .green), row("B", "PHQ-9", .yellow), row("A", "GAD-7", .red),
                                      row("B", "GAD-7", .green), row("C", "PHQ-9", .white)])
        #expect(flags.map(\.key.clientID) == ["A", "B", "C"])
        #expect(flags.map { $0.rows.map(\.key.measure) } == [["PHQ-9", "GAD-7"], ["PHQ-9", "GAD-7"], ["PHQ-9"]])
        #expect(flags.map(\.status) == [.red, .yellow, .white])
    }

    @Test func noRowsNoClientFlag() {
        #expect(ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: []) == nil)
        #expect(ClientFlag.group([]).isEmpty)
    }

    /// Measurement due: the largest among the measures; absent when none is due.
    @Test func measurementDueIsTheLargest() {
        let k = GoalEpisodeKey(clientID: "C1", episodeID: "1")
        #expect(ClientFlag(key: k, rows: [status(.green, "PHQ-9", due: 3), status(.green, "GAD-7", due: 10)])!.measurementDue == 10)
        #expect(ClientFlag(key: k, rows: [status(.green, "PHQ-9"), status(.green, "GAD-7")])!.measurementDue == nil)
        #expect(ClientFlag.counts([ClientFlag(key: k, rows: [status(.green, "PHQ-9", due: 1)])!]).measurementDue == 1)
    }
}

@Suite struct FlagAcknowledgementTests {
    private let asOf = day0 + 30

    /// Acknowledged on the day of the latest score or later (up to the as-of date): yes; a score
    /// one day after the acknowledgement lifts it; an acknowledgement after the as-of date is ignored.
    @Test func acknowledgementDateBothSides() {
        let r = status(.red, "PHQ-9", day: day0 + 14)
        func ack(_ d: Int, _ m: String? = "PHQ-9") -> FlagAcknowledgement {
            FlagAcknowledgement(clientID: "C1", episodeID: "1", measure: m, day: d, by: "T1")
        }
        #expect(ack(day0 + 14).covers(r, asOf: asOf))
        #expect(!ack(day0 + 13).covers(r, asOf: asOf))            // a newer score arrived after it
        #expect(ack(day0 + 30).covers(r, asOf: asOf))
        #expect(!ack(day0 + 31).covers(r, asOf: asOf))            // after the as-of date
        #expect(ack(day0 + 14, nil).covers(r, asOf: asOf))        // measure "all"
        #expect(!ack(day0 + 14, "GAD-7").covers(r, asOf: asOf))   // another measure
        #expect(!FlagAcknowledgement(clientID: "C1", episodeID: "2", measure: nil, day: day0 + 20, by: "T1").covers(r, asOf: asOf))
        #expect(!ack(day0 + 20).covers(status(.green, "PHQ-9"), asOf: asOf))   // only red or yellow
        var undated = r
        undated.latestDay = nil
        #expect(!ack(day0 + 20).covers(undated, asOf: asOf))
    }

    /// Applying: the latest covering acknowledgement; the exit-status test ignores acknowledged reds;
    /// a client episode is acknowledged only when every row with its status is.
    @Test func applyAndExitStatus() {
        var rows = [status(.red, "PHQ-9"), status(.red, "GAD-7"), status(.green, "CORE-10")]
        #expect(ClientFlag.anyUnacknowledgedRed(rows))
        let a1 = FlagAcknowledgement(clientID: "C1", episodeID: "1", measure: "PHQ-9", day: day0 + 15, by: "T1", note: "seen", line: 2)
        let a2 = FlagAcknowledgement(clientID: "C1", episodeID: "1", measure: "PHQ-9", day: day0 + 20, by: "S9", line: 3)
        FlagAcknowledgement.apply([a1, a2], to: &rows, asOf: asOf)
        #expect(rows[0].acknowledgement == a2 && rows[1].acknowledgement == nil && rows[2].acknowledgement == nil)
        #expect(ClientFlag.anyUnacknowledgedRed(rows))
        #expect(!ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: rows)!.isAcknowledged)
        FlagAcknowledgement.apply([a1, FlagAcknowledgement(clientID: "C1", episodeID: "1", measure: nil, day: day0 + 14, by: "T1")], to: &rows, asOf: asOf)
        #expect(!ClientFlag.anyUnacknowledgedRed(rows))
        let c = ClientFlag(key: GoalEpisodeKey(clientID: "C1", episodeID: "1"), rows: rows)!
        #expect(c.isAcknowledged && c.acknowledgement?.day == day0 + 15 && ClientFlag.counts([c]).acknowledged == 1)
    }

    @Test func fileReadsAliasesAllAndReportsErrorsWithLineAndColumn() throws {
        let text = "client_id,episode_id,measure,date,by,note\nC1,1,phq9,2024-10-07,T1,\"seen, plan changed\"\nC2,E1,all,2024-10-08,T2,\n"
        let a = try FlagAcknowledgementFile.load(text: text, name: "acks.csv", catalog: .builtin)
        #expect(a.count == 2 && a[0].measure == "PHQ-9" && a[0].note == "seen, plan changed" && a[0].line == 2)
        #expect(a[1].measure == nil && a[1].episodeID == "E1" && a[1].day - a[0].day == 1)
        func error(_ t: String) -> String {
            do { _ = try FlagAcknowledgementFile.load(text: t, name: "acks.csv", catalog: .builtin); return "" } catch { return "\(error)" }
        }
        #expect(error("client_id,episode_id,measure,date,by\nC1,1,PHQ-9,2024-13-07,T1\n").contains("acks.csv:2:4"))
        #expect(error("client_id,episode_id,measure,date,by\nC1,1,PHQ-9,2024-10-07,\n").contains("acks.csv:2:5"))
        #expect(error("client_id,episode_id,measure,date,by\nC1,,PHQ-9,2024-10-07,T1\n").contains("acks.csv:2:2"))
        #expect(error("client_id,episode_id,measure,by\n").contains("missing column date"))
        #expect(error("").contains("empty file"))
        // Without an episode_id column the episode is "1", as in the observations file.
        #expect(try FlagAcknowledgementFile.load(text: "client_id,measure,date,by\nC1,all,2024-10-07,T1\n", catalog: .builtin)[0].episodeID == "1")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
