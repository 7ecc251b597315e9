import Testing
@testable import Headway

// MARK: - Helpers

/// All three outputs of a run, as bytes, plus how many chunks each sink received.
struct SimOutput {
    var observations: [UInt8] = []
    var truth: [UInt8] = []
    var goals: [UInt8] = []
    var chunks = (observations: 0, truth: 0, goals: 0)
}

func simulate(_ options: SimulationOptions, bufferCapacity: Int = 1 << 20) throws -> SimOutput {
    var out = SimOutput()
    try PracticeSimulator(options: options).run(
        observations: { out.observations.append(contentsOf: $0); out.chunks.observations += 1 },
        truth: { out.truth.append(contentsOf: $0); out.chunks.truth += 1 },
        goals: { out.goals.append(contentsOf: $0); out.chunks.goals += 1 },
        bufferCapacity: bufferCapacity)
    return out
}

/// FNV-1a 64-bit hash of the bytes.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// Minimal RFC 4180 parser: header and rows of fields (quoted fields with doubled quotes supported).
func parseCSV(_ bytes: [UInt8]) -> (header: [String], rows: [[String]]) {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if inQuotes {
            if b == 34 {
                if i + 1 < bytes.count && bytes[i + 1] == 34 { field.append(34); i += 1 } else { inQuotes = false }
            } else { field.append(b) }
        } else if b == 34 {
            inQuotes = true
        } else if b == 44 {
            row.append(String(decoding: field, as: UTF8.self)); field = []
        } else if b == 10 {
            row.append(String(decoding: field, as: UTF8.self)); field = []
            rows.append(row); row = []
        } else { field.append(b) }
        i += 1
    }
    if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
    guard let header = rows.first else { return ([], []) }
    return (header, Array(rows.dropFirst()))
}

func firstLine(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.prefix(while: { $0 != 10 }), as: UTF8.self)
}

private struct EpisodeKey: Hashable { let client: String; let episode: String }

// MARK: - CivilDate

@Suite struct SimulateCivilDateTests {
    @Test func knownDates() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11017)
        #expect(CivilDate.days(year: 2024, month: 2, day: 29) == 19782)
        #expect(CivilDate.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.daysSinceEpoch(year: 2025, month: 1, day: 6) == 20094)
        #expect(CivilDate.components(days: 0) == (1970, 1, 1))
        #expect(CivilDate.components(days: 11017) == (2000, 3, 1))
        #expect(CivilDate.components(days: 19782) == (2024, 2, 29))
        #expect(CivilDate.components(days: -719_468) == (0, 3, 1))
    }

    @Test func dateStrings() {
        #expect(CivilDate.dateString(daysSinceEpoch: 0) == "1970-01-01")
        #expect(CivilDate.dateString(daysSinceEpoch: 19782) == "2024-02-29")
        #expect(CivilDate.dateString(daysSinceEpoch: 19783) == "2024-03-01")
        #expect(CivilDate.dateString(daysSinceEpoch: 10956) == "1999-12-31")
        #expect(CivilDate.dateString(daysSinceEpoch: -1) == "1969-12-31")
    }

    @Test func roundTripAndConsecutiveDays() {
        var previous = CivilDate.components(days: -800_000)
        for d in stride(from: -799_999, through: 800_000, by: 1) {
            let c = CivilDate.components(days: d)
            #expect(CivilDate.days(year: c.year, month: c.month, day: c.day) == d)
            // Each day follows the previous one.
            let nextDay = c.day == previous.day + 1 && c.month == previous.month && c.year == previous.year
            let nextMonth = c.day == 1 && (c.month == previous.month + 1 && c.year == previous.year
                || c.month == 1 && previous.month == 12 && c.year == previous.year + 1)
            if !(nextDay || nextMonth) { Issue.record("day \(d): \(previous) -> \(c)"); break }
            previous = c
        }
    }
}

// MARK: - Random

@Suite struct SimulateRandomTests {
    @Test func splitMix64ReferenceValues() {
        // Reference outputs of SplitMix64 seeded with 1234567.
        var sm = SplitMix64(state: 1_234_567)
        #expect(sm.next() == 6_457_827_717_110_365_317)
        #expect(sm.next() == 3_203_168_211_198_807_973)
    }

    @Test func xoshiroReferenceValues() {
        // xoshiro256** seeded by four SplitMix64(42) outputs (checked against a Python transcription).
        var rng = Xoshiro256StarStar(seed: 42)
        #expect(rng.next() == 1_546_998_764_402_558_742)
        #expect(rng.next() == 6_990_951_692_964_543_102)
        #expect(rng.next() == 12_544_586_762_248_559_009)
    }

    @Test func uniformAndNormalMoments() {
        var rng = Xoshiro256StarStar(seed: 7)
        let n = 200_000
        var su = 0.0, sz = 0.0, sz2 = 0.0
        for _ in 0..<n {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            su += u
            let z = rng.normal()
            sz += z; sz2 += z * z
        }
        #expect(abs(su / Double(n) - 0.5) < 0.01)
        #expect(abs(sz / Double(n)) < 0.01)
        #expect(abs(sz2 / Double(n) - 1) < 0.02)
        for _ in 0..<10_000 { #expect((0..<5).contains(rng.below(5))) }
    }

    @Test func streamsAreDistinct() {
        var a = Xoshiro256StarStar(seed: 1, stream: 0)
        var b = Xoshiro256StarStar(seed: 1, stream: 1)
        var c = Xoshiro256StarStar(seed: 1, stream: 0)
        let x = a.next()
        #expect(x != b.next())
        #expect(x == c.next())
    }
}

// MARK: - Simulator

@Suite struct SimulateTests {
    @Test func headersAreExact() throws {
        let out = try simulate(SimulationOptions(clients: 3, seed: 1))
        #expect(firstLine(out.observations) == "client_id,clinician_id,site,episode_id,measure,session,date,score")
        #expect(firstLine(out.truth) == "client_id,episode_id,course")
        #expect(firstLine(out.goals)
            == "client_id,clinician_id,site,episode_id,goal_id,description,importance,difficulty,baseline,review,review_date,attained")
    }

    @Test func zeroClientsGivesHeadersOnly() throws {
        let out = try simulate(SimulationOptions(clients: 0, seed: 1))
        #expect(out.observations == Array((PracticeSimulator.observationsHeader + "\n").utf8))
        #expect(out.truth == Array((PracticeSimulator.truthHeader + "\n").utf8))
    }

    @Test func sameSeedSameBytesDifferentSeedDifferentBytes() throws {
        let options = SimulationOptions(clients: 500, seed: 2025)
        let a = try simulate(options)
        let b = try simulate(options)
        #expect(fnv1a(a.observations) == fnv1a(b.observations))
        #expect(a.observations == b.observations)
        #expect(a.truth == b.truth)
        #expect(a.goals == b.goals)
        let c = try simulate(SimulationOptions(clients: 500, seed: 2026))
        #expect(fnv1a(a.observations) != fnv1a(c.observations))
        #expect(a.truth != c.truth)
    }

    @Test func chunkingDoesNotChangeBytes() throws {
        let options = SimulationOptions(clients: 400, seed: 9)
        let big = try simulate(options)
        let small = try simulate(options, bufferCapacity: 4096)
        #expect(small.chunks.observations > 5)
        #expect(small.chunks.goals > 5)
        #expect(big.chunks.observations == 1)
        #expect(small.observations == big.observations)
        #expect(small.truth == big.truth)
        #expect(small.goals == big.goals)
    }

    @Test func clientsHaveIndependentStreams() throws {
        // The first 300 clients of a 900-client run are the 300-client run (same id width).
        let short = try simulate(SimulationOptions(clients: 300, seed: 5))
        let long = try simulate(SimulationOptions(clients: 900, seed: 5))
        #expect(long.observations.starts(with: short.observations))
        #expect(long.truth.starts(with: short.truth))
        #expect(long.goals.starts(with: short.goals))
    }

    @Test func goalsDoNotChangeObservations() throws {
        var options = SimulationOptions(clients: 300, seed: 11)
        let with = try simulate(options)
        options.includeGoals = false
        let without = try simulate(options)
        #expect(with.observations == without.observations)
        #expect(with.truth == without.truth)
        #expect(without.goals.isEmpty)
        #expect(without.chunks.goals == 0)
    }

    @Test func nilSinksAreAllowed() throws {
        var bytes = 0
        try PracticeSimulator(options: SimulationOptions(clients: 50, seed: 3))
            .run(observations: { bytes += $0.count }, truth: nil, goals: nil)
        #expect(bytes > 1000)
    }

    @Test func observationsHaveExpectedStructure() throws {
        let options = SimulationOptions(clients: 2000, seed: 42)
        let out = try simulate(options)
        let (header, rows) = parseCSV(out.observations)
        #expect(header.count == 8)
        let truth = Dictionary(uniqueKeysWithValues: parseCSV(out.truth).rows.map {
            (EpisodeKey(client: $0[0], episode: $0[1]), SimulatedCourse(rawValue: $0[2])!)
        })

        let start = CivilDate.days(year: 2025, month: 1, day: 6)
        var sessions: [EpisodeKey: [Int: (date: String, measures: Set<String>)]] = [:]
        var staff: [EpisodeKey: Set<String>] = [:]
        var clients = Set<String>()
        var missingOne = 0, totalSessions = 0
        for row in rows {
            #expect(row.count == 8)
            let (client, clinician, site, episode, measure) = (row[0], row[1], row[2], row[3], row[4])
            #expect(client.count == 7 && client.hasPrefix("C"))
            #expect(clinician.count == 3 && clinician.hasPrefix("T"))
            let t = Int(clinician.dropFirst())!
            #expect((1...12).contains(t))
            #expect(site == "S\((t - 1) % 3 + 1)")
            #expect(episode == "E1" || episode == "E2")
            let score = Int(row[7])!
            switch measure {
            case "PHQ-9": #expect((0...27).contains(score))
            case "GAD-7": #expect((0...21).contains(score))
            default: Issue.record("unexpected measure \(measure)")
            }
            #expect(row[6].count == 10)
            let key = EpisodeKey(client: client, episode: episode)
            clients.insert(client)
            staff[key, default: []].insert(clinician)
            let session = Int(row[5])!
            var entry = sessions[key, default: [:]][session] ?? (row[6], [])
            #expect(entry.date == row[6], "both measures of a session share the date")
            #expect(!entry.measures.contains(measure), "one row per measure and session")
            entry.measures.insert(measure)
            sessions[key, default: [:]][session] = entry
        }
        #expect(clients.count == 2000)
        #expect(Set(truth.keys) == Set(sessions.keys), "truth lines = episodes")
        #expect(parseCSV(out.truth).rows.count == sessions.count)

        for (key, bySession) in sessions {
            #expect(staff[key]!.count == 1, "one clinician per episode")
            let n = bySession.count
            #expect(Set(bySession.keys) == Set(1...n), "sessions numbered 1...n")
            if truth[key] == .dropOut { #expect((1...3).contains(n)) } else { #expect((4...16).contains(n)) }
            #expect(bySession[1]!.measures.count == 2, "intake has both measures")
            var previous: Int?
            for s in 1...n {
                let date = bySession[s]!.date
                let parts = date.split(separator: "-").map { Int($0)! }
                let day = CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
                #expect(CivilDate.dateString(daysSinceEpoch: day) == date)
                #expect(day >= start)
                if let previous { #expect((5...16).contains(day - previous), "weekly with jitter") }
                if key.episode == "E1" && s == 1 { #expect(day < start + 730) }
                previous = day
                totalSessions += 1
                if bySession[s]!.measures.count == 1 { missingOne += 1 }
            }
        }
        // Second episodes: about 5% of clients, always after the first.
        let second = sessions.keys.filter { $0.episode == "E2" }
        #expect(second.count > 40 && second.count < 170)
        // About 4% of sessions miss one measure; about 10 rows per client.
        let missingRate = Double(missingOne) / Double(totalSessions)
        #expect(missingRate > 0.015 && missingRate < 0.06)
        let rowsPerClient = Double(rows.count) / 2000
        #expect(rowsPerClient > 9 && rowsPerClient < 11)
    }

    @Test func courseMixAndNoLeak() throws {
        let out = try simulate(SimulationOptions(clients: 2000, seed: 77))
        let rows = parseCSV(out.truth).rows
        var counts: [SimulatedCourse: Int] = [:]
        for row in rows {
            #expect(row.count == 3)
            guard let course = SimulatedCourse(rawValue: row[2]) else { Issue.record("bad course \(row[2])"); continue }
            counts[course, default: 0] += 1
        }
        for course in SimulatedCourse.allCases {
            let share = Double(counts[course, default: 0]) / Double(rows.count)
            #expect(abs(share - course.proportion) < 0.035, "\(course): \(share)")
        }
        #expect(abs(SimulatedCourse.allCases.map(\.proportion).reduce(0, +) - 1) < 1e-12)
        // The observations never mention a course.
        let text = String(decoding: out.observations, as: UTF8.self)
        for course in SimulatedCourse.allCases { #expect(!text.contains(course.rawValue)) }
    }

    @Test func intakeSeverityAndTrajectories() throws {
        let out = try simulate(SimulationOptions(clients: 2000, seed: 8))
        let truth = Dictionary(uniqueKeysWithValues: parseCSV(out.truth).rows.map {
            (EpisodeKey(client: $0[0], episode: $0[1]), SimulatedCourse(rawValue: $0[2])!)
        })
        var intake: [Double] = []
        var first: [EpisodeKey: Int] = [:], last: [EpisodeKey: (session: Int, score: Int)] = [:]
        for row in parseCSV(out.observations).rows where row[4] == "PHQ-9" {
            let key = EpisodeKey(client: row[0], episode: row[3])
            let session = Int(row[5])!, score = Int(row[7])!
            if session == 1 { intake.append(Double(score)); first[key] = score }
            if session > (last[key]?.session ?? 0) { last[key] = (session, score) }
        }
        let mean = intake.reduce(0, +) / Double(intake.count)
        let sd = (intake.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(intake.count)).squareRoot()
        #expect(abs(mean - 16) < 0.6)
        #expect(abs(sd - 4.5) < 0.6)
        let cases = Double(intake.filter { $0 >= 10 }.count) / Double(intake.count)
        #expect(cases > 0.8 && cases < 0.97)

        func meanChange(_ course: SimulatedCourse) -> Double {
            let keys = truth.filter { $0.value == course }.map(\.key)
            return keys.map { Double(last[$0]!.score - first[$0]!) }.reduce(0, +) / Double(keys.count)
        }
        #expect(meanChange(.improver) < -5)
        #expect(meanChange(.slowImprover) < -1)
        #expect(abs(meanChange(.nonResponder)) < 1.5)
        #expect(meanChange(.deteriorator) > 3)
    }

    @Test func goalsAreWellFormed() throws {
        let out = try simulate(SimulationOptions(clients: 2000, seed: 99))
        let truth = Dictionary(uniqueKeysWithValues: parseCSV(out.truth).rows.map {
            (EpisodeKey(client: $0[0], episode: $0[1]), SimulatedCourse(rawValue: $0[2])!)
        })
        // Session dates and counts per episode, from the observations.
        var dates: [EpisodeKey: [Int: String]] = [:]
        var staff: [EpisodeKey: String] = [:]
        for row in parseCSV(out.observations).rows {
            let key = EpisodeKey(client: row[0], episode: row[3])
            dates[key, default: [:]][Int(row[5])!] = row[6]
            staff[key] = row[1] + "," + row[2]
        }
        let (header, rows) = parseCSV(out.goals)
        #expect(header.count == 12)
        var goalsByEpisode: [EpisodeKey: [String: [Int]]] = [:]
        var levels: [SimulatedCourse: [Int]] = [:]
        let descriptions = Set(PracticeSimulator.goalDescriptions)
        var sawQuoted = false
        for row in rows {
            #expect(row.count == 12, "\(row)")
            let key = EpisodeKey(client: row[0], episode: row[3])
            #expect(staff[key] == row[1] + "," + row[2])
            #expect(descriptions.contains(row[5]))
            if row[5].contains(",") || row[5].contains("\"") { sawQuoted = true }
            #expect((0...3).contains(Int(row[6])!))
            #expect((0...3).contains(Int(row[7])!))
            #expect(row[8] == "-1" || row[8] == "-2")
            let review = Int(row[9])!
            let level = Int(row[11])!
            #expect((-2...2).contains(level))
            let n = dates[key]!.count
            #expect(n >= 3)
            let expectedDate = review == 1 ? dates[key]![(n + 1) / 2] : dates[key]![n]
            #expect(row[10] == expectedDate)
            goalsByEpisode[key, default: [:]][row[4], default: []].append(review)
            if review == 2 || truth[key] == .dropOut { levels[truth[key]!, default: []].append(level) }
        }
        #expect(sawQuoted)
        // Every episode with >= 3 sessions has 2-4 goals; reviews 1 and 2 (drop-outs: 1 only).
        for (key, d) in dates {
            let goals = goalsByEpisode[key] ?? [:]
            if d.count < 3 { #expect(goals.isEmpty); continue }
            #expect((2...4).contains(goals.count))
            #expect(Set(goals.keys).isSubset(of: ["G1", "G2", "G3", "G4"]))
            for reviews in goals.values {
                #expect(reviews == (truth[key] == .dropOut ? [1] : [1, 2]))
            }
        }
        // Attainment follows the course.
        let improvers = levels[.improver]!, deteriorators = levels[.deteriorator]!
        #expect(Double(improvers.filter { $0 >= 0 }.count) / Double(improvers.count) > 0.9)
        #expect(Double(deteriorators.filter { $0 < 0 }.count) / Double(deteriorators.count) > 0.85)
    }

    @Test func csvQuoting() {
        #expect(ByteFormat.csvField("plain") == Array("plain".utf8))
        #expect(ByteFormat.csvField("a, b") == Array("\"a, b\"".utf8))
        #expect(ByteFormat.csvField("Say \"no\"") == Array("\"Say \"\"no\"\"\"".utf8))
    }

    @Test func integerFormatting() {
        var buffer = [UInt8](repeating: 0, count: 32)
        for v in [0, 7, 10, 99, 100, 12345, -1, -2, -10, Int.max, Int.min] {
            let n = buffer.withUnsafeMutableBufferPointer { ByteFormat.writeInt(v, to: $0.baseAddress!) }
            #expect(String(decoding: buffer[..<n], as: UTF8.self) == String(v))
        }
    }
}
