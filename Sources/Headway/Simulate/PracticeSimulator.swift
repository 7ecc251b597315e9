// Synthetic practice data: streamed, deterministic PHQ-9 / GAD-7 observations, hidden courses
// and goal attainment scaling (GAS) rows for any number of clients.
// SPDX-License-Identifier: GPL-3.0-or-later

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Generates a synthetic practice as CSV bytes, one client at a time.
///
/// Every client draws from its own generator derived from (seed, client index), so the bytes do not
/// depend on buffer sizes, and goals use a separate stream so turning them off leaves the
/// observations unchanged. Memory use is three fixed 1 MiB buffers, whatever the number of clients.
///
/// Files written:
/// - observations: `client_id,clinician_id,site,episode_id,measure,session,date,score`
/// - truth: `client_id,episode_id,course` (the course is never hinted at in the observations)
/// - goals: `client_id,clinician_id,site,episode_id,goal_id,description,importance,difficulty,baseline,review,review_date,attained`
/// - plans: `client_id,clinician_id,site,episode_id,plan_date,modality,interventions,sessions_per_month,next_review,reason`
///
/// Plans (``SimulationOptions/includePlans``) draw from a third generator per client, so they do
/// not change the observations or goals. Every episode has an initial plan at intake (next review
/// 6 weeks later). The simulator's own flag: the first session s ≥ 2 (with a later session) at
/// which PHQ-9 or GAD-7 is 3 or more points above intake, or from session 4 PHQ-9 is less than
/// 3 points below intake. A flagged episode gets a plan change 1–3 days after that session with
/// probability ``SimulationOptions/adjustmentShare`` (reason `flag`); otherwise, or when never
/// flagged, 5% of episodes get a change at a random session (reason `client request`) and half of
/// the episodes still running at session 6 a review that keeps the plan (reason `review`). After a
/// change, expected PHQ-9 falls by ``SimulationOptions/adjustmentEffect`` points per week since
/// the change (GAD-7 by 21/27 of it); with effect 0 no score moves.
public struct PracticeSimulator: Sendable {
    public let options: SimulationOptions

    public static let observationsHeader = "client_id,clinician_id,site,episode_id,measure,session,date,score"
    public static let truthHeader = "client_id,episode_id,course"
    public static let goalsHeader =
        "client_id,clinician_id,site,episode_id,goal_id,description,importance,difficulty,baseline,review,review_date,attained"
    public static let plansHeader =
        "client_id,clinician_id,site,episode_id,plan_date,modality,interventions,sessions_per_month,next_review,reason"

    /// Modalities of simulated plans with their usual interventions.
    static let modalities: [(code: String, interventions: String)] = [
        ("CBT", "CBT;behavioural activation"),
        ("IPT", "interpersonal therapy"),
        ("CfD", "counselling for depression"),
        ("BA", "behavioural activation;activity scheduling"),
    ]
    /// Interventions added when a plan is stepped up.
    static let additions = ["medication review", "sleep hygiene", "relapse prevention", "worry time", "graded exposure"]

    /// Plausible therapy goals (some need RFC 4180 quoting).
    public static let goalDescriptions: [String] = [
        "Return to work part-time",
        "Sleep through most nights",
        "Walk outside for 20 minutes, three times a week",
        "Reconnect with one old friend",
        "Go to a social event without leaving early",
        "Manage panic without going to A&E",
        "Cook an evening meal most days",
        "Cut alcohol to under 14 units a week",
        "Take the children to school, every weekday",
        "Say \"no\" to extra shifts",
        "Use public transport alone",
        "Take up a hobby again",
        "Get up before 9 am on weekdays",
        "Spend less than an hour a day worrying",
        "Complete a job application",
        "Talk with partner about feelings, once a week",
    ]

    public static let phqMax = 27
    public static let gadMax = 21
    /// Maximum sessions of a (non-drop-out) episode.
    static let maxSessions = 16

    public init(options: SimulationOptions) { self.options = options }

    /// Streams CSV bytes in chunks to the sinks (each sink receives a chunk of UTF-8 bytes, e.g. to
    /// write to a file); never holds all clients in memory. Each file starts with its header line.
    /// `goals` receives nothing unless `options.includeGoals`.
    public func run(
        observations: (UnsafeRawBufferPointer) throws -> Void,
        truth: ((UnsafeRawBufferPointer) throws -> Void)?,
        goals: ((UnsafeRawBufferPointer) throws -> Void)?
    ) throws {
        try run(observations: observations, truth: truth, goals: goals, plans: nil, bufferCapacity: 1 << 20)
    }

    /// ``run(observations:truth:goals:)`` with a plans sink (nothing unless `options.includePlans`).
    public func run(
        observations: (UnsafeRawBufferPointer) throws -> Void,
        truth: ((UnsafeRawBufferPointer) throws -> Void)?,
        goals: ((UnsafeRawBufferPointer) throws -> Void)?,
        plans: ((UnsafeRawBufferPointer) throws -> Void)?
    ) throws {
        try run(observations: observations, truth: truth, goals: goals, plans: plans, bufferCapacity: 1 << 20)
    }

    /// `run` with a chosen buffer size (at least 4 KiB), so tests can check that chunking does not matter.
    func run(
        observations: ByteSink, truth: ByteSink?, goals: ByteSink?, plans: ByteSink? = nil, bufferCapacity: Int
    ) throws {
        let goals = options.includeGoals ? goals : nil
        let plans = options.includePlans ? plans : nil
        var pln = ByteBuffer(capacity: plans == nil ? 0 : bufferCapacity)
        if plans != nil { pln.bytes(Array((Self.plansHeader + "\n").utf8)) }
        // Plan decisions are made when plans are written or when a change moves scores.
        let decidePlans = plans != nil || options.adjustmentEffect != 0
        let effect = options.adjustmentEffect
        var obs = ByteBuffer(capacity: bufferCapacity)
        var tru = ByteBuffer(capacity: truth == nil ? 0 : bufferCapacity)
        var gas = ByteBuffer(capacity: goals == nil ? 0 : bufferCapacity)

        obs.bytes(Array((Self.observationsHeader + "\n").utf8))
        if truth != nil { tru.bytes(Array((Self.truthHeader + "\n").utf8)) }
        if goals != nil { gas.bytes(Array((Self.goalsHeader + "\n").utf8)) }

        // Constant byte strings.
        let clientDigits = max(6, String(options.clients).count)
        let clinicianDigits = max(2, String(options.clinicians).count)
        let staff: [[UInt8]] = (1...options.clinicians).map { t in
            ByteFormat.padded(84, t, width: clinicianDigits) + [44, 83]
                + Array(String((t - 1) % options.sites + 1).utf8) + [44]  // "T03,S3,"
        }
        let courseBytes: [[UInt8]] = SimulatedCourse.allCases.map { Array($0.rawValue.utf8) + [10] }
        let descriptions: [[UInt8]] = Self.goalDescriptions.map(ByteFormat.csvField)
        let phqName: [UInt8] = Array("PHQ-9,".utf8)
        let gadName: [UInt8] = Array("GAD-7,".utf8)

        // Per-episode scratch: "C000001,T03,S3,E1," and session day counts.
        let prefix = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { prefix.deallocate() }
        let sessionDays = UnsafeMutablePointer<Int>.allocate(capacity: Self.maxSessions)
        defer { sessionDays.deallocate() }
        let middle = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { middle.deallocate() }
        let maxRow = 128 + clientDigits + clinicianDigits + String(options.sites).count
        let maxGoalRow = maxRow + (descriptions.map(\.count).max() ?? 0)

        let start = CivilDate.days(year: options.startDate.year, month: options.startDate.month,
                                   day: options.startDate.day)

        for index in 0..<options.clients {
            var rng = Xoshiro256StarStar(seed: options.seed, stream: UInt64(index))
            var goalRNG = Xoshiro256StarStar(seed: options.seed ^ 0xC0A1_5EED_0000_0000, stream: UInt64(index))
            var planRNG = Xoshiro256StarStar(seed: options.seed ^ 0x91A5_5EED_0000_0000, stream: UInt64(index))

            // Client id bytes "C000001,".
            let idLength = Self.writeClientID(index + 1, digits: clientDigits, to: prefix)
            var clinician = rng.below(options.clinicians)
            var intake = start + rng.below(730)
            let episodes = rng.chance(0.05) ? 2 : 1

            for episode in 1...episodes {
                // Prefix "C000001,T03,S3,E1,".
                var prefixLength = idLength
                staff[clinician].withUnsafeBufferPointer {
                    (prefix + prefixLength).update(from: $0.baseAddress!, count: $0.count)
                    prefixLength += $0.count
                }
                let staffEnd = prefixLength
                prefix[prefixLength] = 69  // E
                prefixLength += 1
                prefixLength += ByteFormat.writeInt(episode, to: prefix + prefixLength)
                prefix[prefixLength] = 44
                prefixLength += 1

                // Course and number of sessions.
                let course = Self.drawCourse(&rng)
                let sessions: Int
                if course == .dropOut {
                    sessions = 1 + rng.below(3)
                } else {
                    // 4 + a geometric count (mean ~1.2), capped at 16: about 5.2 sessions on average.
                    var extra = 0
                    while extra < Self.maxSessions - 4 && rng.chance(0.54) { extra += 1 }
                    sessions = 4 + extra
                }

                // Weekly dates with ±2 days jitter and occasional missed weeks.
                var day = intake
                for s in 0..<sessions {
                    if s > 0 {
                        day += 7 + rng.int(in: -2...2)
                        if rng.chance(0.08) { day += 7 }
                    }
                    sessionDays[s] = day
                }

                // Truth.
                if let truth {
                    try tru.reserve(idLength + 40, flushingTo: truth)
                    tru.bytes(prefix, idLength)
                    tru.bytes(prefix + staffEnd, prefixLength - staffEnd)
                    courseBytes[Self.courseIndex(course)].withUnsafeBufferPointer { tru.bytes($0.baseAddress!, $0.count) }
                }

                // Intake severity, so that observed intake PHQ-9 ~ N(16, 4.5) and GAD-7 ~ N(13, 4),
                // correlated about 0.6, once measurement noise (below) is added to the true level.
                let zp = rng.normal()
                let phq0 = Self.clamp(16 + 3.93 * zp, 0, 27)
                let gad0 = Self.clamp(13 + 3.52 * (0.66 * zp + 0.751 * rng.normal()), 0, 21)
                let trajectory = Trajectory(course: course, sessions: sessions, phq0: phq0, gad0: gad0, rng: &rng)

                // Plans: the initial plan, then at most one change (flag or client request) and one kept review.
                var plan = SimulatedPlan(modality: planRNG.below(Self.modalities.count), perMonth: planRNG.chance(0.2) ? 2 : 4)
                var planRows: [(day: Int, plan: SimulatedPlan, reason: String)] = []
                var changeDay: Int? = nil
                var flagged = false
                let requestAt = decidePlans && planRNG.chance(0.05) && sessions >= 4 ? 2 + planRNG.below(sessions - 3) : -1
                if decidePlans { planRows.append((sessionDays[0], plan, "initial")) }
                var phqIntake = 0, gadIntake = 0

                for s in 0..<sessions {
                    var (phqMean, gadMean) = trajectory.means(at: s)
                    if let c = changeDay, effect != 0 {
                        let weeks = Double(sessionDays[s] - c) / 7
                        phqMean -= effect * weeks
                        gadMean -= effect * weeks * 21 / 27
                    }
                    // Measurement noise: SD 2.2 (PHQ-9) and 1.9 (GAD-7), correlated about 0.4.
                    let e1 = rng.normal(), e2 = rng.normal()
                    let phq = Self.score(phqMean + 2.2 * e1, max: Self.phqMax)
                    let gad = Self.score(gadMean + 1.9 * (0.4 * e1 + 0.9165 * e2), max: Self.gadMax)
                    // About 4% of follow-up sessions miss one of the two measures.
                    var skipPHQ = false, skipGAD = false
                    if s > 0 && rng.chance(0.04) {
                        if rng.chance(0.5) { skipPHQ = true } else { skipGAD = true }
                    }

                    try obs.reserve(2 * (prefixLength + 32), flushingTo: observations)
                    // ",<session>,YYYY-MM-DD," once for both rows.
                    var middleLength = ByteFormat.writeInt(s + 1, to: middle)
                    middle[middleLength] = 44
                    CivilDate.writeISO(days: sessionDays[s], to: middle + middleLength + 1)
                    middle[middleLength + 11] = 44
                    middleLength += 12
                    if !skipPHQ { Self.row(&obs, prefix, prefixLength, phqName, middle, middleLength, phq) }
                    if !skipGAD { Self.row(&obs, prefix, prefixLength, gadName, middle, middleLength, gad) }

                    // The simulator's flag and the plan decisions (after this session's scores).
                    if decidePlans {
                        if s == 0 { phqIntake = phq; gadIntake = gad }
                        let later = s + 1 < sessions
                        if changeDay == nil, later {
                            let gap = sessionDays[s + 1] - sessionDays[s]
                            if !flagged, s >= 1,
                               phq - phqIntake >= 3 || gad - gadIntake >= 3 || (s >= 3 && phqIntake - phq < 3) {
                                flagged = true
                                if planRNG.chance(options.adjustmentShare) {
                                    let day = sessionDays[s] + 1 + planRNG.below(max(1, min(3, gap - 1)))
                                    plan = plan.steppedUp(&planRNG)
                                    changeDay = day
                                    planRows.append((day, plan, "flag"))
                                }
                            } else if s == requestAt {
                                let day = sessionDays[s] + 1 + planRNG.below(max(1, min(3, gap - 1)))
                                plan = plan.steppedUp(&planRNG)
                                changeDay = day
                                planRows.append((day, plan, "client request"))
                            }
                        }
                        if s == 5, later, changeDay == nil, planRNG.chance(0.5) {
                            planRows.append((sessionDays[s], plan, "review"))
                        }
                    }
                }

                if let plans {
                    for row in planRows {
                        // Next review: 6 weeks after an initial plan or a kept review, 4 weeks after a change.
                        let nextReview = row.day + (row.reason == "initial" || row.reason == "review" ? 42 : 28)
                        var text = ","
                        text += CivilDate.dateString(daysSinceEpoch: row.day) + ","
                        text += Self.modalities[row.plan.modality].code + ","
                        text += row.plan.interventions + ","
                        text += String(row.plan.perMonth) + ","
                        text += CivilDate.dateString(daysSinceEpoch: nextReview) + ","
                        text += row.reason + "\n"
                        let bytes = Array(text.utf8)
                        try pln.reserve(prefixLength + bytes.count, flushingTo: plans)
                        pln.bytes(prefix, prefixLength - 1)
                        pln.bytes(bytes)
                    }
                }

                // Goal attainment scaling for episodes with at least 3 sessions.
                if let goals, sessions >= 3 {
                    try Self.writeGoals(&gas, sink: goals, rng: &goalRNG, course: course, sessions: sessions,
                                        sessionDays: sessionDays, prefix: prefix, prefixLength: prefixLength,
                                        descriptions: descriptions, maxRow: maxGoalRow)
                }

                // A later second episode: 2–12 months after the end, usually with the same clinician.
                intake = sessionDays[sessions - 1] + 60 + rng.below(300)
                if rng.chance(0.2) { clinician = rng.below(options.clinicians) }
            }
        }

        try obs.flush(to: observations)
        if let truth { try tru.flush(to: truth) }
        if let goals { try gas.flush(to: goals) }
        if let plans { try pln.flush(to: plans) }
    }

    /// A simulated plan: a modality, its interventions plus any added ones, and a frequency.
    struct SimulatedPlan {
        var modality: Int
        var perMonth: Int
        var added: [String] = []

        init(modality: Int, perMonth: Int) {
            self.modality = modality
            self.perMonth = perMonth
        }

        var interventions: String {
            ([PracticeSimulator.modalities[modality].interventions] + added).joined(separator: ";")
        }

        /// A changed plan: another modality (40%), or an added intervention, and weekly sessions.
        func steppedUp(_ rng: inout Xoshiro256StarStar) -> SimulatedPlan {
            var p = self
            if rng.chance(0.4) {
                p.modality = (modality + 1 + rng.below(PracticeSimulator.modalities.count - 1)) % PracticeSimulator.modalities.count
                p.added = []
            } else {
                let extra = PracticeSimulator.additions[rng.below(PracticeSimulator.additions.count)]
                if !p.added.contains(extra) { p.added.append(extra) } else { p.perMonth += 2 }
            }
            p.perMonth = max(p.perMonth, 4)
            return p
        }
    }

    // MARK: - Pieces

    /// One observation row: prefix, measure, "session,date,", score.
    @inline(__always)
    static func row(_ out: inout ByteBuffer, _ prefix: UnsafeMutablePointer<UInt8>, _ prefixLength: Int,
                    _ measure: [UInt8], _ middle: UnsafeMutablePointer<UInt8>, _ middleLength: Int, _ score: Int) {
        out.bytes(prefix, prefixLength)
        out.bytes(measure)
        out.bytes(middle, middleLength)
        out.int(score)
        out.byte(10)
    }

    /// Writes "C000001," at `p`; returns its length.
    static func writeClientID(_ id: Int, digits: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = 67  // C
        var m = id
        var i = digits
        while i > 0 {
            p[i] = 48 &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
            i -= 1
        }
        p[digits + 1] = 44
        return digits + 2
    }

    static func drawCourse(_ rng: inout Xoshiro256StarStar) -> SimulatedCourse {
        let u = rng.uniform()
        if u < 0.45 { return .improver }
        if u < 0.65 { return .slowImprover }
        if u < 0.82 { return .nonResponder }
        if u < 0.90 { return .deteriorator }
        return .dropOut
    }

    @inline(__always) static func courseIndex(_ c: SimulatedCourse) -> Int {
        switch c {
        case .improver: 0
        case .slowImprover: 1
        case .nonResponder: 2
        case .deteriorator: 3
        case .dropOut: 4
        }
    }

    @inline(__always) static func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        x < lo ? lo : (x > hi ? hi : x)
    }

    /// Rounds to the nearest integer and clamps to 0...max.
    @inline(__always) static func score(_ x: Double, max: Int) -> Int {
        let r = (x + 0.5).rounded(.down)
        if r <= 0 { return 0 }
        if r >= Double(max) { return max }
        return Int(r)
    }

    /// The expected (noise-free) scores of an episode, session by session.
    struct Trajectory {
        let course: SimulatedCourse
        let phq0: Double, gad0: Double
        /// Course-specific parameters.
        var a = 0.0, b = 0.0, c = 0.0, d = 0.0

        init(course: SimulatedCourse, sessions: Int, phq0: Double, gad0: Double, rng: inout Xoshiro256StarStar) {
            self.course = course
            self.phq0 = phq0
            self.gad0 = gad0
            switch course {
            case .improver:
                // Reduction to about half (40–60% off) reached by session 6–8, log-shaped.
                a = rng.uniform(0.40, 0.60)            // PHQ-9 share removed
                b = a * rng.uniform(0.8, 1.2)          // GAD-7 share removed
                c = 1 / log(1 + rng.uniform(5, 7))     // 1 / log(1 + sessions to reach it)
            case .slowImprover:
                // Linear decline of 1.5–3.5% of intake per session.
                a = rng.uniform(0.015, 0.035)
                b = a * rng.uniform(0.8, 1.2)
            case .nonResponder:
                // Flat, with a small drift either way.
                a = rng.normal(mean: 0, sd: 0.08)
                b = rng.normal(mean: 0, sd: 0.07)
            case .deteriorator:
                // Rises 4–10 points (GAD-7 about three quarters of that) across the course.
                a = rng.uniform(4, 10)
                b = a * rng.uniform(0.6, 0.9)
                c = 1 / Double(max(1, sessions - 1))
            case .dropOut:
                // Random slope per session, either way.
                a = rng.normal(mean: 0, sd: 1.5)
                b = 0.7 * a + rng.normal(mean: 0, sd: 0.5)
            }
        }

        @inline(__always) func means(at s: Int) -> (Double, Double) {
            let t = Double(s)
            switch course {
            case .improver:
                let f = Swift.min(1, log(1 + t) * c)
                return (phq0 * (1 - a * f), gad0 * (1 - b * f))
            case .slowImprover:
                return (phq0 * Swift.max(0.3, 1 - a * t), gad0 * Swift.max(0.3, 1 - b * t))
            case .nonResponder, .dropOut:
                return (phq0 + a * t, gad0 + b * t)
            case .deteriorator:
                let f = t * c
                return (phq0 + a * f, gad0 + b * f)
            }
        }
    }

    /// 2–4 goals, each reviewed at mid-course (review 1) and at the end (review 2; not for drop-outs).
    static func writeGoals(
        _ out: inout ByteBuffer, sink: ByteSink, rng: inout Xoshiro256StarStar, course: SimulatedCourse,
        sessions: Int, sessionDays: UnsafeMutablePointer<Int>, prefix: UnsafeMutablePointer<UInt8>,
        prefixLength: Int, descriptions: [[UInt8]], maxRow: Int
    ) throws {
        // Mean attainment (GAS level) at review 1 and review 2 by course.
        let (mean1, mean2): (Double, Double) = switch course {
        case .improver: (0.2, 1.0)
        case .slowImprover: (-0.3, 0.4)
        case .nonResponder: (-0.8, -0.6)
        case .deteriorator: (-1.2, -1.6)
        case .dropOut: (-0.8, -0.8)
        }
        let reviews = course == .dropOut ? 1 : 2
        let count = 2 + rng.below(3)
        var chosen = (-1, -1, -1, -1)
        for g in 0..<count {
            // A description not yet used in this episode.
            var k: Int
            repeat { k = rng.below(descriptions.count) } while k == chosen.0 || k == chosen.1 || k == chosen.2
            switch g { case 0: chosen.0 = k; case 1: chosen.1 = k; case 2: chosen.2 = k; default: chosen.3 = k }
            let importance = weightedLevel(&rng)
            let difficulty = weightedLevel(&rng)
            let baseline = rng.chance(0.35) ? -2 : -1
            let goalEffect = rng.normal(mean: 0, sd: 0.45) - 0.2 * Double(difficulty - 2)
            for review in 1...reviews {
                let mean = review == 1 ? mean1 : mean2
                let level = Int(clamp((mean + goalEffect + rng.normal(mean: 0, sd: 0.45) + 0.5).rounded(.down), -2, 2))
                let day = review == 1 ? sessionDays[(sessions - 1) / 2] : sessionDays[sessions - 1]

                try out.reserve(maxRow, flushingTo: sink)
                out.bytes(prefix, prefixLength)
                out.byte(71)  // G
                out.int(g + 1)
                out.byte(44)
                out.bytes(descriptions[k])
                out.byte(44)
                out.int(importance)
                out.byte(44)
                out.int(difficulty)
                out.byte(44)
                out.int(baseline)
                out.byte(44)
                out.int(review)
                out.byte(44)
                out.date(days: day)
                out.byte(44)
                out.int(level)
                out.byte(10)
            }
        }
    }

    /// Importance or difficulty 0–3: 0 rarely (5%), otherwise mostly 1–3.
    static func weightedLevel(_ rng: inout Xoshiro256StarStar) -> Int {
        let u = rng.uniform()
        if u < 0.05 { return 0 }
        if u < 0.35 { return 1 }
        if u < 0.75 { return 2 }
        return 3
    }
}
