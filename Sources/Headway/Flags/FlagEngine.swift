// SPDX-License-Identifier: GPL-3.0-or-later
// Judges open episodes: red / yellow / green / white / grey, the rule that fired and why.
import HeadwayCSV
import HeadwayStats

/// Flags treatment plans that need review (signal-alarm feedback: Lambert, Whipple, Hawkins et al.
/// 2003, "Is it time for clinicians to routinely track patient outcome? A meta-analysis",
/// Clinical Psychology: Science and Practice 10, 288–301; Lambert, Whipple & Kleinstäuber 2018).
///
/// Rules, each reported with its numbers (see ``FlagRule``), and the level they set:
/// - red (current, not historical): the current score — the mean of the last two scores after the
///   intake, the latest alone with two scores — reliably worse than the first score (the change
///   module's classification, ``ChangeAnalysis/classify(pre:post:parameters:)``); latest score
///   beyond the expected curve plus z(red)·σ in the worse direction (``RecoveryCurve``). An
///   earlier reliable deterioration that has resolved is reported, not red.
/// - yellow: beyond expected plus z(yellow)·σ (default percentile 0.78); no reliable improvement
///   of the latest score at session ≥ k while the latest score is still clinical (or there is no
///   cut-off) and, with a curve, behind it beyond the yellow limit; worsening trend (``TrendAnalysis``); latest GAS T below 40 or a goal at −2.
/// - measurement due (no score for more than N days) is a separate column, not a colour.
/// - white: latest score functional (cut-off) with reliable improvement.
/// - green: none of the above; grey: a single score, or neither reliable change nor a curve.
/// Red beats yellow beats white.
public struct FlagEngine: Sendable {
    public var catalog: MeasureCatalog { didSet { measureOfName = [:] } }
    public var options: FlagOptions
    /// The as-of day (explicit or the newest date in the data); `nil` without dates.
    public var asOf: Int?
    /// Measure → curve (fitted or loaded).
    public var curves: [String: RecoveryCurve]
    public var curvesFromFile: Bool
    /// Measure → why no curve was fitted (for measures present in the data without a curve).
    public var curveProblems: [String: String]
    /// Measure → reliable-change parameters (sample: first and last score of every episode).
    public var changeParameters: [String: ChangeParameters] { didSet { limitTextOfName = [:] } }
    public var goals: [GoalEpisodeKey: LatestGoalStatus]
    /// Plan and goal-date reminders (`flags --plans`), not colours.
    public var planRules: PlanFlagRules? = nil
    /// The catalog's measure of each measure name in the data, and the text of its reliable-change
    /// limit, found once by ``prepare(episodes:catalog:options:curves:goals:threads:)`` (a catalog
    /// lookup normalises the name: it was an eighth of judging an episode). A name not here is
    /// looked up as before.
    var measureOfName: [String: Measure?] = [:]
    var limitTextOfName: [String: String] = [:]

    /// Prepares the engine: as-of date, training episodes, curves (fitted unless `curves` is
    /// given), reliable-change parameters and the latest GAS review of each client episode.
    /// Curves are fitted on up to `threads` threads (the same curves for any count).
    public static func prepare(episodes: [Episode], catalog: MeasureCatalog, options: FlagOptions,
                               curves loaded: [String: RecoveryCurve]? = nil,
                               goals: [LatestGoalStatus] = [], threads: Int = 1) -> FlagEngine {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("flags: prepare (curves, parameters)", since: t0) }
        // Episodes are read in place in these loops (a copy of each retained its strings and score store).
        // Both scans by blocks on `threads` threads (a maximum and an "any": exact in any order).
        let asOf = options.asOf ?? episodes.withUnsafeBufferPointer { all -> Int? in
            var newest: Int? = nil
            Parallel.ordered(count: all.count, threads: threads, blockSize: 8192, work: { r in all[r].lazy.compactMap(\.lastDay).max() },
                             emit: { if let d = $0 { newest = max(newest ?? d, d) } })
            return newest
        }
        // No copy of the episode list when no episode is cut (the usual case: as-of on or after the newest score).
        // An as-of taken from the data is the newest score's day, after which no score lies: only
        // a given as-of needs the scores read again.
        let cutAfter = options.asOf
        let cut = episodes.withUnsafeBufferPointer { all -> Bool in
            var any = false
            Parallel.ordered(count: all.count, threads: threads, blockSize: 8192, work: { r in
                all[r].contains { e in e.scores.isEmpty || cutAfter.map { hasScore(e, after: $0) } ?? false }
            }, emit: { any = any || $0 })
            return any
        }
        let trimmed = cut ? episodes.compactMap { truncate($0, asOf: asOf) } : episodes
        var curves: [String: RecoveryCurve] = [:]
        var problems: [String: String] = [:]
        // Measure names in order of first appearance (`NameSlots`: no hash per episode); `slot[i]`
        // is episode i's measure (same index as `trimmed`). Each block of episodes numbers its own
        // names on `threads` threads; the blocks' numbers are mapped to the first-appearance order.
        var measures = NameSlots()
        var slot: [Int32] = []
        slot.reserveCapacity(trimmed.count)
        trimmed.withUnsafeBufferPointer { all in
            Parallel.ordered(count: all.count, threads: threads, blockSize: 8192, work: { r -> (names: [String], slots: [Int32]) in
                var local = NameSlots()
                let slots = r.map { Int32(local.slot(all[$0].key.measure)) }
                return (local.names, slots)
            }, emit: { block in
                let global = block.names.map { Int32(measures.slot($0)) }
                for s in block.slots { slot.append(global[Int(s)]) }
            })
        }
        let names = measures.names
        if let loaded {
            curves = loaded
            for m in names where curves[m] == nil { problems[m] = "no curve for \(m) in the curves file" }
        } else {
            // The training episodes as indices into `trimmed` (a copy of each episode for its
            // measure's list held about 190 MB at 2 M episodes while the curves were fitted).
            let training = trainingIndices(trimmed, asOf: asOf, options: options, names: names, slot: slot, threads: threads)
            ReportTiming.log("flags: prepare: as-of, measures, training episodes", since: t0)
            // Each measure's coefficients on every thread (by blocks), then the residual passes
            // (one pass in row order each) of the measures side by side. A curve is the same bits
            // for any thread count.
            let order = names.indices.sorted(by: { names[$0] < names[$1] })
            let fits = trimmed.withUnsafeBufferPointer { all -> [Result<RecoveryCurve, RecoveryCurve.FitProblem>] in
                let rows = order.map { RecoveryCurve.Rows(episodes: all, indices: training[$0]) }
                let solved = rows.map { r -> Result<(c: [Double], rows: Int), RecoveryCurve.FitProblem> in
                    r.count >= options.minEpisodes ? RecoveryCurve.coefficients(r, threads: threads)
                        : .failure(.tooFewEpisodes(r.count, options.minEpisodes))
                }
                ReportTiming.log("flags: prepare: coefficients", since: t0)
                return Parallel.map(Array(order.indices), threads: threads, blockSize: 1) { j in
                    solved[j].flatMap { RecoveryCurve.curve(measure: names[order[j]], rows: rows[j], coefficients: $0) }
                }
            }
            ReportTiming.log("flags: prepare: curves fitted", since: t0)
            for (k, fit) in zip(order, fits) {
                let m = names[k]
                switch fit {
                case .success(let c): curves[m] = c
                case .failure(let p): problems[m] = p.description
                }
            }
        }
        // Reliable-change parameters per measure over every episode with two or more scores.
        // The first and last scores by blocks on `threads` threads, joined in episode order; the
        // measures' statistics side by side.
        var pre = [[Double]](repeating: [], count: names.count), post = [[Double]](repeating: [], count: names.count)
        let slots = slot
        trimmed.withUnsafeBufferPointer { all in
            Parallel.ordered(count: all.count, threads: threads, blockSize: 8192, work: { r -> [(slot: Int32, pre: Double, post: Double)] in
                var out: [(slot: Int32, pre: Double, post: Double)] = []
                for i in r {
                    all[i].scores.withUnsafeBufferPointer { s in
                        if s.count >= 2 { out.append((slots[i], s[0].value, s[s.count - 1].value)) }
                    }
                }
                return out
            }, emit: { for x in $0 { pre[Int(x.slot)].append(x.pre); post[Int(x.slot)].append(x.post) } })
        }
        let known = names.map { catalog.measure(named: $0) }
        let samples = Parallel.map(Array(names.indices), threads: threads, blockSize: 1) { k in
            known[k] == nil ? nil : ChangeAnalysis.sampleStatistics(pre: pre[k], post: post[k])
        }
        var parameters: [String: ChangeParameters] = [:]
        for (k, m) in names.enumerated() {
            guard let measure = known[k], let s = samples[k] else { continue }
            parameters[m] = ChangeAnalysis.parametersFor(measure: measure, sample: s, options: options.change)
        }
        var g: [GoalEpisodeKey: LatestGoalStatus] = [:]
        for s in goals { g[s.episode] = s }
        var engine = FlagEngine(catalog: catalog, options: options, asOf: asOf, curves: curves, curvesFromFile: loaded != nil,
                                curveProblems: problems, changeParameters: parameters, goals: g)
        for (k, m) in names.enumerated() { engine.measureOfName[m] = known[k] }
        engine.limitTextOfName = parameters.mapValues { engine.rcText($0) }
        return engine
    }

    /// The catalog's measure named `name` (found once per name by `prepare`).
    func measure(named name: String) -> Measure? {
        if let known = measureOfName[name] { return known }
        return catalog.measure(named: name)
    }

    /// Flags every episode in scope, in input order.
    public func run(_ episodes: [Episode]) -> [FlagResult] { episodes.compactMap(evaluate) }

    /// Flags every episode in scope, in input order, evaluating episodes on up to `threads`
    /// threads (``Parallel``); the result does not depend on the thread count.
    public func run(_ episodes: [Episode], threads: Int) -> [FlagResult] {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("flags: evaluate", since: t0) }
        return Parallel.compactMap(episodes, threads: threads, blockSize: 512) { evaluate($0) }
    }

    /// Counts of each status (for practice reports).
    public static func counts(_ results: [FlagResult]) -> FlagCounts {
        var c = FlagCounts()
        for r in results {
            c[r.status] += 1
            if r.measurementDue != nil { c.measurementDue += 1 }
            if r.goalReviewDue != nil { c.goalReviewDue += 1 }
            if r.planReviewDue != nil { c.planReviewDue += 1 }
            if r.goalTargetDue != nil { c.goalTargetDue += 1 }
            if r.isAcknowledged { c.acknowledged += 1 }
        }
        return c
    }

    /// Whether `e` has a score dated after `day` (what ``truncate(_:asOf:)`` cuts), read through
    /// the scores' buffer.
    static func hasScore(_ e: Episode, after day: Int) -> Bool {
        e.scores.withUnsafeBufferPointer { $0.contains { ($0.day ?? Int.min) > day } }
    }

    /// The episode's scores on or before `asOf` (undated scores are kept); `nil` when none is left.
    public static func truncate(_ e: Episode, asOf: Int?) -> Episode? {
        guard let asOf, hasScore(e, after: asOf) else { return e.scores.isEmpty ? nil : e }
        var out = e
        out.scores = ScoreList(e.scores.filter { ($0.day ?? Int.min) <= asOf })
        return out.scores.isEmpty ? nil : out
    }

    /// Whether an episode is open: its explicit status, else its last score at most
    /// `openWithinDays` before `asOf`; without dates (or as-of) it is open.
    public static func isOpen(_ e: Episode, asOf: Int?, openWithinDays: Int) -> Bool {
        if let s = e.status { return s == .open }
        guard let asOf, let last = e.lastDay else { return true }
        return asOf - last <= openWithinDays
    }

    /// Completed episodes per measure for the curve fit: explicit status `closed`, or no status
    /// and a last score more than `openWithinDays` before `asOf`; with at least
    /// `minScoresPerEpisode` scores.
    public static func trainingEpisodes(_ episodes: [Episode], asOf: Int?, options: FlagOptions) -> [String: [Episode]] {
        var out: [String: [Episode]] = [:]
        for e in episodes where isTraining(e, asOf: asOf, options: options) { out[e.key.measure, default: []].append(e) }
        return out
    }

    /// ``trainingEpisodes(_:asOf:options:)`` as indices into `episodes`, one list per measure of
    /// `names` (same index), with each episode's measure given as an index into `names` (`slot`,
    /// same index as `episodes`): no hash and no copy per episode.
    static func trainingIndices(_ episodes: [Episode], asOf: Int?, options: FlagOptions, names: [String], slot: [Int32],
                                threads: Int = 1) -> [[Int32]] {
        var lists = [[Int32]](repeating: [], count: names.count)
        // Which episodes train, by blocks on `threads` threads, joined in episode order.
        episodes.withUnsafeBufferPointer { episodes in
            Parallel.ordered(count: episodes.count, threads: threads, blockSize: 8192, work: { r in
                r.filter { isTraining(episodes[$0], asOf: asOf, options: options) }
            }, emit: { for i in $0 { lists[Int(slot[i])].append(Int32(i)) } })
        }
        return lists
    }

    /// A completed episode with enough scores: closed, or (without a status) its last score more
    /// than `openWithinDays` before `asOf`.
    static func isTraining(_ e: Episode, asOf: Int?, options: FlagOptions) -> Bool {
        guard e.scores.count >= options.minScoresPerEpisode else { return false }
        if let s = e.status { return s == .closed }
        if let asOf, let last = e.lastDay { return asOf - last > options.openWithinDays }
        return false
    }

    /// Flags one episode, or `nil` when it is out of scope (closed, or it never reached the
    /// evaluation session).
    public func evaluate(_ episode: Episode) -> FlagResult? {
        // The usual case (open episodes, nothing dated after as-of): an episode out of scope is
        // dismissed before any copy of it (most are: closed, or last scored long ago); the same
        // steps as below, without `truncate`'s copy.
        if case .open = options.scope, !(asOf.map { Self.hasScore(episode, after: $0) } ?? false) {
            guard !episode.scores.isEmpty, Self.isOpen(episode, asOf: asOf, openWithinDays: options.openWithinDays) else { return nil }
            return judge(episode, evaluatedDay: asOf, checkOverdue: true)
        }
        guard var e = Self.truncate(episode, asOf: asOf) else { return nil }
        var evaluatedDay = asOf
        var checkOverdue = true
        switch options.scope {
        case .open:
            guard Self.isOpen(e, asOf: asOf, openWithinDays: options.openWithinDays) else { return nil }
        case .allEpisodes:
            evaluatedDay = e.lastDay
            checkOverdue = false
        case .atSession(let k):
            let t = TrendAnalysis.times(e, axis: .session) ?? []
            guard t.contains(where: { $0 >= Double(k) }) else { return nil }
            e.scores = ScoreList(zip(e.scores, t).filter { $0.1 <= Double(k) }.map(\.0))
            guard !e.scores.isEmpty else { return nil }
            evaluatedDay = e.lastDay
            checkOverdue = false
        case .atScore(let k):
            guard e.scores.count >= k else { return nil }
            e.scores = e.scores.prefix(k)
            evaluatedDay = e.lastDay
            checkOverdue = false
        }
        return judge(e, evaluatedDay: evaluatedDay, checkOverdue: checkOverdue)
    }

    /// Applies the rules to an episode already cut to the scores being judged.
    public func judge(_ e: Episode, evaluatedDay: Int?, checkOverdue: Bool) -> FlagResult {
        let o = options
        let name = e.key.measure
        let measure = measure(named: name)
        let direction = measure?.direction ?? .lowerIsBetter
        let t = TrendAnalysis.times(e, axis: .session) ?? e.scores.indices.map { Double($0 + 1) }
        let values = e.scores.map(\.value)
        let n = values.count
        var r = FlagResult(key: e.key)
        r.clinicianID = e.clinicianID
        r.site = e.site
        r.scoreCount = n
        r.firstDay = e.firstDay
        r.intake = values.first
        r.latest = values.last
        r.latestDay = e.scores.last?.day ?? e.lastDay
        r.session = t.last.map { Int(saturating: $0) }
        r.evaluatedDay = evaluatedDay
        r.values = values
        r.sessions = t
        var fired: [(FlagStatus, FlagRule, String)] = []
        let unit = name
        var courseJudged = false
        var past: String? = nil
        var goalNote: String? = nil

        // Reliable change of the latest score (and of every session for deterioration).
        if n >= 2, let p = changeParameters[name] {
            let x0 = values[0], x = values[n - 1]
            let c = ChangeAnalysis.classify(pre: x0, post: x, parameters: p)
            r.change = x - x0
            if c.index != nil {
                courseJudged = true
                r.changeMethod = p.reliable.method
                r.rci = c.index
                switch p.reliable.method {
                case .published: r.rcThreshold = p.reliable.publishedThreshold
                case .percentage: r.rcThreshold = p.reliable.percentImprovement
                default: r.rcThreshold = p.reliable.criticalValue
                }
                r.rcThresholdPoints = p.reliable.thresholdPoints
                r.reliableDirection = c.reliableDirection
                r.functional = c.functionalPost
                r.cutoff = p.cutoff?.value
            }
            if o.isEnabled(.reliableDeterioration), c.index != nil {
                // Worse-is-larger orientation of an index.
                let worseOf = { (z: Double) in direction == .lowerIsBetter ? z : -z }
                // The most deteriorated session (reliable deterioration from intake) among `range`.
                func worstSession(_ range: Range<Int>) -> (Int, Double)? {
                    var worst: (Int, Double)? = nil
                    for i in range {
                        let ci = ChangeAnalysis.classify(pre: x0, post: values[i], parameters: p)
                        guard ci.reliableDirection == .deteriorated, let z = ci.index else { continue }
                        if worst == nil || worseOf(z) > worseOf(worst!.1) { worst = (i, z) }
                    }
                    return worst
                }
                let limit = limitTextOfName[name] ?? rcText(p)
                switch o.deterioration {
                case .any:
                    if let (i, z) = worstSession(1..<n) {
                        r.worstRCI = z
                        r.worstChange = values[i] - x0
                        r.worstSession = Int(saturating: t[i])
                        r.currentScore = values[i]
                        fired.append((.red, .reliableDeterioration,
                                      "reliable deterioration: \(unit) \(fmt(x0)) at intake, \(fmt(values[i])) at session \(Int(saturating: t[i])) (\(indexText(z, p)); reliable at \(limit))"))
                    }
                case .current, .latest:
                    // The current score: the mean of the last k scores after the intake.
                    let k = o.deterioration == .latest ? 1 : min(o.currentScores, n - 1)
                    let current = values[(n - k)..<n].reduce(0, +) / Double(k)
                    r.currentScore = current
                    let cc = ChangeAnalysis.classify(pre: x0, post: current, parameters: p)
                    // Confirmed: the current score is the mean of the full window (or --deterioration latest).
                    let confirmed = o.deterioration == .latest || k >= o.currentScores
                    if cc.reliableDirection == .deteriorated, let z = cc.index {
                        r.worstRCI = z
                        r.worstChange = current - x0
                        r.worstSession = Int(saturating: t[n - 1])
                        if confirmed {
                            let what = k == 1 ? "\(fmt(current)) at session \(Int(saturating: t[n - 1]))"
                                : "\(fmt(current)) now (mean of the last \(k) scores, sessions \(Int(saturating: t[n - k])) to \(Int(saturating: t[n - 1])))"
                            fired.append((.red, .reliableDeterioration,
                                          "reliable deterioration: \(unit) \(fmt(x0)) at intake, \(what) (\(indexText(z, p)); reliable at \(limit))"))
                        } else {
                            fired.append((.yellow, .reliableDeterioration,
                                          "unconfirmed deterioration: \(unit) \(fmt(x0)) at intake, \(fmt(current)) at session \(Int(saturating: t[n - 1])) (\(indexText(z, p)); reliable at \(limit)); one score after intake, red when the mean of the last \(o.currentScores) scores confirms it"))
                        }
                    } else {
                        // The latest score alone reliably worse, but not the current mean: a new,
                        // unconfirmed deterioration (yellow).
                        let cl = ChangeAnalysis.classify(pre: x0, post: values[n - 1], parameters: p)
                        if k > 1, cl.reliableDirection == .deteriorated, let z = cl.index {
                            r.worstRCI = z
                            r.worstChange = values[n - 1] - x0
                            r.worstSession = Int(saturating: t[n - 1])
                            fired.append((.yellow, .reliableDeterioration,
                                          "unconfirmed deterioration: \(unit) \(fmt(x0)) at intake, \(fmt(values[n - 1])) at session \(Int(saturating: t[n - 1])) (\(indexText(z, p)); reliable at \(limit)), but the mean of the last \(k) scores, \(fmt(current)), is not"))
                        } else if let (i, z) = worstSession(1..<(n - k)) {
                            r.pastDeteriorationSession = Int(saturating: t[i])
                            r.pastDeteriorationRCI = z
                            r.pastDeteriorationChange = values[i] - x0
                            past = "past deterioration at session \(Int(saturating: t[i])) (\(unit) \(fmt(x0)) to \(fmt(values[i]))), not current"
                        }
                    }
                }
            }
        }

        // Off the expected recovery curve.
        if let curve = curves[name] {
            r.curveSource = curvesFromFile ? .file : .practice
            if n >= 2, let tl = t.last, let b = band(curve, intake: values[0], session: tl, direction: direction) {
                let sign: Double = direction == .lowerIsBetter ? 1 : -1
                let x = values[n - 1]
                let worse = sign * (x - b.expected)
                r.expected = b.expected
                r.sigma = b.sigma
                r.sigmaIsPerSession = b.perSession
                r.yellowLimit = b.yellow
                r.redLimit = b.red
                r.residualZ = worse / b.sigma
                courseJudged = true
                if o.isEnabled(.offTrack) {
                    let side = direction == .lowerIsBetter ? "above" : "below"
                    let pct = { (p: Double) in "\(fmt(p * 100))th percentile" }
                    // Strictly beyond the limit: a score exactly on it is not flagged.
                    if sign * (x - b.red) > 0 {
                        fired.append((.red, .offTrack, "off track: \(unit) \(fmt(x)) at session \(Int(saturating: tl)), expected \(fmt(b.expected)); \(side) the \(pct(o.redPercentile)) limit \(fmt(b.red))"))
                    } else if sign * (x - b.yellow) > 0 {
                        fired.append((.yellow, .offTrack, "off track: \(unit) \(fmt(x)) at session \(Int(saturating: tl)), expected \(fmt(b.expected)); \(side) the \(pct(o.yellowPercentile)) limit \(fmt(b.yellow))"))
                    }
                }
            }
        } else {
            r.curveSource = .publishedThreshold
            r.curveNote = curveProblems[name] ?? "no curve"
        }

        // No reliable improvement by session k.
        // With an expected curve, only while the latest score is behind the expected score by more
        // than `noImprovementZ`·σ (default: the yellow limit's z, so the curve decides; a client on
        // or ahead of the practice's expected course is not flagged for being slow).
        let nriZ = o.noImprovementZ
        if o.isEnabled(.noReliableImprovement), let tl = t.last, Int(saturating: tl) >= o.improvementBySession,
           let dir = r.reliableDirection, dir != .improved, let p = changeParameters[name],
           o.noImprovementWhenFunctional || r.functional != true,
           r.residualZ.map({ $0 > nriZ }) ?? true {
            let curveText = r.residualZ.map { ", residual z \(fmt2($0)) > \(fmt2(nriZ))" } ?? ""
            fired.append((.yellow, .noReliableImprovement,
                          "no reliable improvement by session \(o.improvementBySession): \(unit) \(fmt(values[0])) at intake, \(fmt(values[n - 1])) at session \(Int(saturating: tl)) (reliable at \(rcText(p))\(curveText))"))
        }

        // Worsening trend.
        if n >= o.trendMinScores {
            let tr = TrendAnalysis.analyse(e, measure: measure, options: TrendOptions(level: 1 - o.trendAlpha, alpha: o.trendAlpha),
                                           full: false)   // only OLS and Mann–Kendall are read below
            if let ols = tr.ols {
                r.trendTimeAxis = tr.timeAxis
                r.trendSlope = ols.slope
                r.trendCILower = ols.ciLower
                r.trendCIUpper = ols.ciUpper
                r.trendMKp = tr.mannKendall?.pValue
                if o.isEnabled(.worseningTrend), let mk = tr.mannKendall {
                    let improvement = Improvement(direction)
                    let worseSign: Double = improvement == .increase ? -1 : 1
                    let olsWorse = ols.ciExcludesZero && ols.slope * worseSign > 0
                    let mkWorse = mk.pValue < o.trendAlpha && Double(mk.s) * worseSign > 0
                    let worsening = o.trendRequiresBoth
                        ? TrendAnalysis.interpret(ols: ols, mannKendall: mk, improvement: improvement, alpha: o.trendAlpha) == .worsening
                        : (olsWorse || mkWorse)
                    if worsening {
                        let per = tr.timeAxis == .weeks ? "week" : "session"
                        fired.append((.yellow, .worseningTrend,
                                      "worsening trend: \(unit) slope \(signed(ols.slope))/\(per) (\(fmt(100 * (1 - o.trendAlpha)))% CI \(fmt2(ols.ciLower)) to \(fmt2(ols.ciUpper))), Mann-Kendall p \(fmt3(mk.pValue))"))
                    }
                }
            }
        }

        // Goal attainment.
        if let g = goals[GoalEpisodeKey(clientID: e.key.clientID, episodeID: e.key.episodeID)],
           (g.day ?? Int.min) <= (evaluatedDay ?? Int.max) {
            r.gasT = g.tAttained
            r.gasAnyMinusTwo = g.anyGoalAtMinusTwo
            if checkOverdue, let day = evaluatedDay, let reviewed = g.day, day - reviewed > o.goalReviewDays {
                r.goalReviewDue = day - reviewed - o.goalReviewDays
                goalNote = "goal review due: latest GAS review \(day - reviewed) days ago (\(day - reviewed - o.goalReviewDays) beyond \(o.goalReviewDays))"
            }
            if o.isEnabled(.goalsBelowExpected) {
                let review = g.review.map { "review \($0)" } ?? "latest review"
                if let tt = g.tAttained, tt < o.gasTBelow {
                    fired.append((.yellow, .goalsBelowExpected, "goals below expected: GAS T \(fmt(tt)) < \(fmt(o.gasTBelow)) at \(review)"))
                } else if g.anyGoalAtMinusTwo {
                    fired.append((.yellow, .goalsBelowExpected, "goals below expected: a goal at -2 at \(review)"))
                }
            }
        }

        // Measurement due: its own column, never a colour.
        if checkOverdue, let day = evaluatedDay, let last = e.lastDay {
            let d = day - last
            r.daysSinceLast = d
            if o.isEnabled(.overdueMeasurement), d > o.overdueDays { r.measurementDue = d - o.overdueDays }
        }

        // Recovered.
        if o.isEnabled(.recovered), r.reliableDirection == .improved, r.functional == true, let cut = r.cutoff {
            fired.append((.white, .recovered,
                          "recovered: \(unit) \(fmt(values[0])) to \(fmt(values[n - 1])), reliable improvement and past the cut-off \(fmt(cut)); consider ending or stepping down"))
        }

        let ordered = fired.enumerated().sorted { ($0.element.0.rank, $0.offset) < ($1.element.0.rank, $1.offset) }.map(\.element)
        r.rulesFired = ordered.map(\.1)
        if let first = ordered.first {
            r.status = first.0
            r.rule = first.1
            let others = ordered.dropFirst().map(\.1.rawValue)
            r.reason = first.2 + (others.isEmpty ? "" : " (also: \(others.joined(separator: ", ")))")
        } else if n < 2 || !courseJudged {
            r.status = .grey
            r.rule = .insufficientData
            if n < 2 {
                r.reason = "not enough data: one \(unit) score"
            } else if measure == nil {
                r.reason = "not enough data: \(unit) is not in the catalog"
            } else {
                r.reason = "not enough data: no reliable-change threshold and no expected curve for \(unit)"
            }
        } else {
            r.status = .green
            r.rule = .onTrack
            if let exp = r.expected, let lim = r.yellowLimit, let tl = t.last {
                r.reason = "on track: \(unit) \(fmt(values[n - 1])) at session \(Int(saturating: tl)), expected \(fmt(exp)) (review beyond \(fmt(lim)))"
            } else {
                r.reason = "on track by the published threshold: \(unit) \(fmt(values[0])) to \(fmt(values[n - 1])) (no practice curve: \(r.curveNote ?? "none"))"
            }
        }
        if r.curveSource == .publishedThreshold, r.status != .grey, r.rule != .onTrack {
            r.reason += " [no practice curve: \(r.curveNote ?? "none"); published-threshold rule]"
        }
        if let past { r.reason += "; \(past)" }
        if let due = r.measurementDue, let d = r.daysSinceLast {
            r.reason += "; measurement due: no \(unit) score for \(d) days (\(due) beyond \(o.overdueDays))"
        }
        if let goalNote { r.reason += "; \(goalNote)" }
        planRules?.apply(to: &r, evaluatedDay: evaluatedDay, checkOverdue: checkOverdue)
        return r
    }

    /// The expected score at session t for an intake score, with the yellow and red limits
    /// expected ± z(p)·σ on the worse side (z = Φ⁻¹(p), e.g. 0.7722 and 1.2816 for the defaults 0.78 and 0.90).
    public func band(_ curve: RecoveryCurve, intake: Double, session t: Double, direction: ScoreDirection)
        -> (expected: Double, yellow: Double, red: Double, sigma: Double, perSession: Bool)? {
        guard let e = curve.expected(intake: intake, session: t) else { return nil }
        let (sigma, perSession) = curve.sigma(session: Int(saturating: t.rounded(.down)), kind: options.sigma, minimum: options.minResidualsPerSession)
        let zy = (try? Normal.quantile(options.yellowPercentile)) ?? 0.7721932141886848
        let zr = (try? Normal.quantile(options.redPercentile)) ?? 1.2815515655446004
        let sign: Double = direction == .lowerIsBetter ? 1 : -1
        return (e, e + sign * zy * sigma, e + sign * zr * sigma, sigma, perSession)
    }

    /// ``band(_:intake:session:direction:)`` for an episode's measure, or `nil` without a curve.
    public func band(measure name: String, intake: Double, session t: Double)
        -> (expected: Double, yellow: Double, red: Double, sigma: Double, perSession: Bool)? {
        guard let c = curves[name] else { return nil }
        return band(c, intake: intake, session: t, direction: measure(named: name)?.direction ?? .lowerIsBetter)
    }

    // MARK: - Text

    func rcText(_ p: ChangeParameters) -> String {
        if p.reliable.method == .published, let th = p.reliable.publishedThreshold { return "\(fmt(th)) points" }
        if p.reliable.method == .percentage, let imp = p.reliable.percentImprovement {
            let det = p.reliable.percentDeterioration ?? imp
            return det == imp ? "\(fmt(imp)) % of the intake score"
                : "\(fmt(imp)) % better or \(fmt(det)) % worse than the intake score"
        }
        if let pts = p.reliable.thresholdPoints { return "|z| \(fmt2(p.reliable.criticalValue)), \(fmt(pts)) points" }
        return "|z| \(fmt2(p.reliable.criticalValue))"
    }

    func indexText(_ z: Double, _ p: ChangeParameters) -> String {
        switch p.reliable.method {
        case .published: return "change \(signed(z))"
        case .percentage: return "change \(signed(z)) %"
        default: return "RCI \(fmt2(z))"
        }
    }
}

/// One decimal, without a trailing ".0".
func fmt(_ v: Double) -> String {
    let s = NumberFormat.fixed(v, decimals: 1)
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}
func fmt2(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 2) }
func fmt3(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 3) }
func signed(_ v: Double) -> String { (v > 0 ? "+" : "") + fmt(v) }
