// SPDX-License-Identifier: GPL-3.0-or-later
// From per-episode state to the practice report's rows.
import Dispatch
import HeadwayStats
import HeadwayCSV

/// A pointer handed to worker threads that write disjoint ranges.
struct UnsafeSendablePointer<T>: @unchecked Sendable { let pointer: UnsafeMutablePointer<T> }

/// The practice-wide outcome report (`headway report`).
public enum ReportAnalysis {
    /// Streams `path` (`-` for standard input) and builds the report. `goals` are the reviews
    /// of a goals file (``GoalAnalysis/run(_:rho:gboThreshold:)``), if any.
    /// - Throws: `CSVError` for unreadable input, a bad header, or (strict mode) the first invalid row.
    public static func run(path: String, catalog: MeasureCatalog, mode: ValidationMode = .strict,
                           options: ReportOptions = ReportOptions(), goals: [ClientReview]? = nil,
                           flags: [FlagResult]? = nil) throws -> PracticeReport {
        let reader = ReportReader(catalog: catalog, mode: mode, intervalKey: options.by?.intervalKey ?? .none, options: options)
        let data = ReportPeriod.select(try reader.read(path: path), options)
        let t = ReportTiming.now()
        defer { ReportTiming.log("build", since: t) }
        return ReportBuilder(data: data, options: options).build(goals: ReportPeriod.select(goals, options), flags: ReportPeriod.select(flags, options))
    }

    /// Per-episode change categories exactly as the report computes them (for checks against
    /// ``ChangeAnalysis/run(episodes:catalog:options:threads:)``): (client number, episode id, measure, category).
    static func categories(path: String, catalog: MeasureCatalog, options: ReportOptions = ReportOptions()) throws -> [(Int, String, String, ChangeCategory?)] {
        let reader = ReportReader(catalog: catalog, mode: .strict, intervalKey: .none, options: options)
        let data = try reader.read(path: path)
        let b = ReportBuilder(data: data, options: options)
        let (_, cls) = b.classify()
        return data.episodes.indices.map { i in
            let e = data.episodes[i]
            return (Int(e.client), data.episodeIDs[Int(e.episodeID)], data.measures[Int(e.measure)].name, cls[i].categoryValue)
        }
    }
}

/// The classification of one episode, compact (one per episode).
struct CompactClass {
    /// Index into `ChangeCategory.allCases`, -1 none.
    var category: Int8 = -1
    /// 0 improved, 1 unchanged, 2 deteriorated, -1 none.
    var direction: Int8 = -1
    /// -1 unknown, 0 false, 1 true.
    var clinicalPre: Int8 = -1
    var functionalPost: Int8 = -1

    var classification: ChangeClassification {
        func b(_ x: Int8) -> Bool? { x < 0 ? nil : x == 1 }
        let dirs: [ReliableDirection] = [.improved, .unchanged, .deteriorated]
        return ChangeClassification(reliableDirection: direction < 0 ? nil : dirs[Int(direction)], clinicalPre: b(clinicalPre),
                                    functionalPost: b(functionalPost), category: categoryValue, status: .ok)
    }
    var categoryValue: ChangeCategory? { category < 0 ? nil : ChangeCategory.allCases[Int(category)] }
}

/// What every breakdown of one read shares, computed once per read: each episode's change
/// class, the NHS Talking Therapies outcome of each course, the Jacobson points and the
/// month of each episode's last score. The HTML report builds the practice, clinician, site,
/// month and quarter reports from one read (issue 15); none of this depends on the grouping.
struct ReportShared {
    var params: [Int: ChangeParameters]
    var classes: [CompactClass]
    /// Month index (`ReportChunk.monthIndex`) of each episode's last score; `Int32.min` when undated.
    var lastMonth: [Int32]
    /// The `--pair` measures (indices) when both are in the data.
    var pairA: Int?, pairB: Int?
    /// Each course with both pair measures paired: the index of its first pair measure's
    /// episode and its outcome (``ReportShared/ttKnownCase`` … bits).
    var pairedOutcomes: [(episode: Int32, bits: UInt8)] = []
    /// The measure the charts show (the first pair measure, else the most often paired).
    var primary: Int?
    /// Distinct (pre, post, category) points of the primary measure and the number of classified episodes.
    var jacobsonPoints: [(pre: Double, post: Double, category: ChangeCategory)] = []
    var jacobsonN = 0
    /// Classified paired episodes of the primary measure with a dated last score:
    /// (episode, month of the last score, reliably improved).
    var sparkEpisodes: [(episode: Int32, month: Int32, improved: Bool)] = []

    static let ttKnownCase: UInt8 = 1, ttCase: UInt8 = 2, ttRecovered: UInt8 = 4, ttReliableRecovery: UInt8 = 8
    static let ttKnownDirection: UInt8 = 16, ttImproved: UInt8 = 32, ttDeteriorated: UInt8 = 64

    init(data: ReportData, options: ReportOptions) {
        let builder = ReportBuilder(data: data, options: options)
        let tc = ReportTiming.now()
        (params, classes) = builder.classify()
        ReportTiming.log("classify", since: tc)
        let ts = ReportTiming.now()
        defer { ReportTiming.log("shared: months, pairs, points", since: ts) }
        let episodes = data.episodes
        var months = [Int32](repeating: Int32.min, count: episodes.count)
        months.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeSendablePointer(pointer: buffer.baseAddress!)
            let count = buffer.count
            let parts = count > 100_000 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for i in count * part / parts..<count * (part + 1) / parts where episodes[i].lastDay != TimeKey.none {
                    base.pointer[i] = Int32(truncatingIfNeeded: ReportChunk.monthIndex(Int(episodes[i].lastDay)))
                }
            }
        }
        lastMonth = months

        let pa = data.measures.firstIndex { MeasureCatalog.normalize($0.name) == MeasureCatalog.normalize(options.pair.0) }
        let pb = data.measures.firstIndex { MeasureCatalog.normalize($0.name) == MeasureCatalog.normalize(options.pair.1) }
        pairA = pa; pairB = pb
        if let pa, let pb {
            var i = 0
            let eps = episodes
            while i < eps.count {
                var j = i + 1
                while j < eps.count, eps[j].client == eps[i].client, eps[j].episodeID == eps[i].episodeID { j += 1 }
                var ia = -1, ib = -1
                for k in i..<j { if Int(eps[k].measure) == pa { ia = k } else if Int(eps[k].measure) == pb { ib = k } }
                if ia >= 0, ib >= 0, eps[ia].paired, eps[ib].paired {
                    let o = PairedOutcome.rules(classes[ia].classification, classes[ib].classification)
                    var bits: UInt8 = 0
                    if let c = o.caseAtStart {
                        bits |= Self.ttKnownCase
                        if c { bits |= Self.ttCase; if o.recovered == true { bits |= Self.ttRecovered }; if o.reliableRecovery == true { bits |= Self.ttReliableRecovery } }
                    }
                    if let ri = o.reliableImprovement {
                        bits |= Self.ttKnownDirection
                        if ri { bits |= Self.ttImproved }
                        if o.reliableDeterioration == true { bits |= Self.ttDeteriorated }
                    }
                    pairedOutcomes.append((Int32(ia), bits))
                }
                i = j
            }
        }

        let M = data.measures.count
        let nCats = ChangeCategory.allCases.count
        primary = pa
        if primary == nil {
            var counts = [Int](repeating: 0, count: M)
            for e in episodes where e.paired { counts[Int(e.measure)] += 1 }
            primary = counts.indices.max { counts[$0] < counts[$1] }
        }
        guard let pm = primary, params[pm] != nil else { return }
        // Distinct (pre, post, category) points: a bitmap over whole scores, else a set.
        struct PointKey: Hashable { var pre: Double, post: Double, category: Int8 }
        var seen = Set<PointKey>()
        let ms0 = data.measures[pm]
        let width = ms0.maxScore - ms0.minScore
        let useGrid = ms0.minScore == ms0.minScore.rounded() && width >= 0 && width < 1000
        let span = useGrid ? Int(width) + 1 : 0  // checked before converting: no trap for huge ranges
        var grid = [Bool](repeating: false, count: useGrid ? span * span * nCats : 0)
        var pts: [(pre: Double, post: Double, category: ChangeCategory)] = []
        var n = 0
        for (i, e) in episodes.enumerated() where Int(e.measure) == pm && e.paired {
            guard let c = classes[i].categoryValue else { continue }
            n += 1
            let x = e.pre - ms0.minScore, y = e.post - ms0.minScore
            if useGrid, x == x.rounded(), y == y.rounded() {
                let k = (Int(x) * span + Int(y)) * nCats + Int(classes[i].category)
                if !grid[k] { grid[k] = true; pts.append((e.pre, e.post, c)) }
            } else if seen.insert(PointKey(pre: e.pre, post: e.post, category: classes[i].category)).inserted {
                pts.append((e.pre, e.post, c))
            }
            if e.lastDay != TimeKey.none { sparkEpisodes.append((Int32(i), months[i], classes[i].category <= 1)) }
        }
        jacobsonPoints = pts
        jacobsonN = n
    }
}

struct ReportBuilder {
    let data: ReportData
    let options: ReportOptions
    /// Group by the episodes' second attribute (`attr2`, named by `data.attributes`): the site
    /// breakdown of a read whose first attribute is the clinician, without copying the episodes.
    var secondAttribute = false
    /// 0 turns suppression off (`--audience internal`).
    var minCell: Int { max(0, options.minCell) }

    /// Parameters per measure (from the paired episodes, in loader order, as ``ChangeAnalysis``) and every episode's class.
    func classify() -> ([Int: ChangeParameters], [CompactClass]) {
        let tc = ReportTiming.now()
        // Per-measure sample statistics from sums over the paired episodes (exact for whole-number
        // scores; the same statistics as ``ChangeAnalysis/sampleStatistics(pre:post:)``).
        var sums = [PairedSums](repeating: PairedSums(), count: data.measures.count)
        for e in data.episodes where e.paired { sums[Int(e.measure)].add(pre: e.pre, post: e.post) }
        var params: [Int: ChangeParameters] = [:]
        for (m, measure) in data.measures.enumerated() where sums[m].n > 0 {
            let s = sums[m]
            let stats = SampleStatistics(n: s.n, preMean: s.preMean, preSD: s.preSD.flatMap { $0 > 0 ? $0 : nil },
                                         postMean: s.postMean, postSD: s.postSD.flatMap { $0 > 0 ? $0 : nil },
                                         prePostCorrelation: s.correlation)
            params[m] = ChangeAnalysis.parametersFor(measure: measure, sample: stats, options: options.change)
        }
        ReportTiming.log("classify: parameters", since: tc)
        var out = [CompactClass](repeating: CompactClass(), count: data.episodes.count)
        let table: [ChangeParameters?] = data.measures.indices.map { params[$0] }
        let episodes = data.episodes
        // Two halves on two threads: each writes only its own range of `out`.
        out.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeSendablePointer(pointer: buffer.baseAddress!)
            let count = buffer.count
            let parts = count > 100_000 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lo = count * part / parts, hi = count * (part + 1) / parts
                for i in lo..<hi {
                    let e = episodes[i]
                    guard e.paired, let p = table[Int(e.measure)] else { continue }
                    base.pointer[i] = Self.compact(ChangeAnalysis.classify(pre: e.pre, post: e.post, parameters: p))
                }
            }
        }
        return (params, out)
    }

    static func compact(_ c: ChangeClassification) -> CompactClass {
        var k = CompactClass()
        if let cat = c.category { k.category = Int8(ChangeCategory.allCases.firstIndex(of: cat)!) }
        if let d = c.reliableDirection { k.direction = d == .improved ? 0 : (d == .unchanged ? 1 : 2) }
        if let x = c.clinicalPre { k.clinicalPre = x ? 1 : 0 }
        if let x = c.functionalPost { k.functionalPost = x ? 1 : 0 }
        return k
    }

    // MARK: groups

    static let none = "(none)"
    static let noDate = "(no date)"

    func periodLabel(_ unit: GoalSummaryPeriod, month: Int) -> String {
        unit.label(days: CivilCalendar.days(year: month / 12, month: month % 12 + 1, day: 1))
    }

    var periodUnit: GoalSummaryPeriod? {
        switch options.by {
        case .month: return .month
        case .quarter: return .quarter
        case .year: return .year
        default: return nil
        }
    }

    /// The group label index of every episode (-1 without grouping) and the labels.
    func groups(_ shared: ReportShared) -> ([Int32], [String]) {
        guard let by = options.by else { return ([Int32](repeating: -1, count: data.episodes.count), []) }
        var labels: [String] = []
        var index: [String: Int32] = [:]
        func id(_ s: String) -> Int32 {
            if let i = index[s] { return i }
            let i = Int32(labels.count); labels.append(s); index[s] = i; return i
        }
        func attrMap(_ names: [String]) -> [Int32] { names.map { id($0) } }
        var out = [Int32](repeating: -1, count: data.episodes.count)
        switch by {
        case .clinician, .site, .group, .measure:
            let names = by == .measure ? data.measures.map(\.name) : data.attributes
            let map = attrMap(names)
            var noneID: Int32 = -1
            for (i, e) in data.episodes.enumerated() {
                let a = by == .measure ? e.measure : (secondAttribute ? e.attr2 : e.attr)
                if a >= 0 { out[i] = map[Int(a)] } else { if noneID < 0 { noneID = id(Self.none) }; out[i] = noneID }
            }
        case .month, .quarter, .year:
            let unit = periodUnit!
            var cache: [Int: Int32] = [:]
            let months = shared.lastMonth
            for (i, e) in data.episodes.enumerated() {
                if e.lastDay == TimeKey.none { out[i] = id(Self.noDate); continue }
                let m = Int(months[i])
                if let g = cache[m] { out[i] = g } else { let g = id(periodLabel(unit, month: m)); cache[m] = g; out[i] = g }
            }
        }
        return (out, labels)
    }

    // MARK: build

    func build(goals: [ClientReview]?, flags: [FlagResult]? = nil) -> PracticeReport {
        Self.build([self], goals: [goals], flags: [flags])[0]
    }

    /// Several reports of the same episodes (builders whose data share `episodes` and whose
    /// options differ only in `by` and the interval histograms, as the HTML report's practice,
    /// clinician, site, month and quarter breakdowns): each episode is classified once and one
    /// pass over the episodes (two threads) accumulates every grouping.
    /// `shared` must come from the same episodes and change options (``ReportShared/init(data:options:)``).
    static func build(_ builders: [ReportBuilder], goals: [[ClientReview]?], flags: [[FlagResult]?], shared: ReportShared? = nil) -> [PracticeReport] {
        guard let first = builders.first else { return [] }
        let tb = ReportTiming.now()
        let shared = shared ?? ReportShared(data: first.data, options: first.options)
        var tg = ReportTiming.now()
        let grouped = builders.map { $0.groups(shared) }
        ReportTiming.log("groups", since: tg); tg = ReportTiming.now()
        let accs = ReportAccumulator.accumulate(data: first.data, groupings: grouped.map(\.0), counts: grouped.map { $0.1.count },
                                                classes: shared.classes, openWithinDays: first.options.openWithinDays)
        ReportTiming.log("accumulate", since: tg)
        let reports = builders.indices.map { k in
            builders[k].rows(goals: goals[k], flags: flags[k], shared: shared, groupOf: grouped[k].0, labels: grouped[k].1, acc: accs[k])
        }
        ReportTiming.log("build \(builders.count) report(s)", since: tb)
        return reports
    }

    /// The rows and charts of one report from the shared classes and its accumulated sums.
    func rows(goals: [ClientReview]?, flags: [FlagResult]?, shared: ReportShared, groupOf: [Int32], labels: [String],
              acc: ReportAccumulator) -> PracticeReport {
        let tb = ReportTiming.now()
        let params = shared.params
        let G = labels.count, P = G        // accumulator index of the practice
        let M = data.measures.count
        let nCats = ChangeCategory.allCases.count
        let (episodes, scores, paired, open, clients, courses) = (acc.episodes, acc.scores, acc.paired, acc.open, acc.clients, acc.courses)
        let (sums, catCounts, slopeN, slopeSum) = (acc.sums, acc.catCounts, acc.slopeN, acc.slopeSum)
        let sessions = acc.sessions

        var r = RowSink(minCell: minCell, level: options.level, groupBy: options.by?.rawValue)
        r.groupLabels = labels
        let order = [P] + (0..<G).sorted { labels[$0] < labels[$1] }
        func label(_ a: Int) -> String { a == P ? "all" : labels[a] }

        // Intervals between scores.
        var intervals = [[Int]](repeating: [], count: G + 1)
        func addHist(_ a: Int, _ h: [Int]) {
            if intervals[a].isEmpty { intervals[a] = h } else { for j in h.indices { intervals[a][j] += h[j] } }
        }
        var labelIndex: [String: Int] = [:]
        for (i, l) in labels.enumerated() { labelIndex[l] = i }
        for (key, h) in data.intervals {
            addHist(P, h)
            guard let by = options.by else { continue }
            let name: String
            switch by {
            case .clinician, .site, .group: name = key >= 0 ? data.attributes[key] : Self.none
            case .measure: name = data.measures[key].name
            case .month, .quarter, .year: name = periodLabel(periodUnit!, month: key)
            }
            if let a = labelIndex[name] { addHist(a, h) }
        }

        // Activity rows.
        var pairedCell = [Int](repeating: -1, count: G + 1)
        var pairedNCells = [[Int]](repeating: [], count: G + 1)
        for a in order {
            let gl = label(a)
            r.count("activity", gl, "", "clients", clients[a], column: a == P)
            r.count("activity", gl, "", "courses", courses[a], column: a == P)
            let ep = r.count("activity", gl, "", "episodes", episodes[a], column: a == P)
            r.count("activity", gl, "", "scores", scores[a], column: a == P)
            let pc = r.count("activity", gl, "", "paired_episodes", paired[a], column: a == P)
            pairedCell[a] = pc
            r.rate("activity", gl, "", "paired_data_rate", k: paired[a], kCell: pc, n: episodes[a], nCell: ep)
            r.statistic("activity", gl, "", "median_sessions_per_episode", ReportStatistics.median(counts: sessions[a]), n: episodes[a], nCell: ep)
            let nIntervals = intervals[a].reduce(0, +)
            r.statistic("activity", gl, "", "median_days_between_scores", ReportStatistics.median(counts: intervals[a]), n: nIntervals, nCell: nil)
            r.openCells[gl] = r.count("activity", gl, "", "open_episodes", open[a], column: a == P)
        }

        // Outcomes per measure.
        let cats = ChangeCategory.allCases
        for m in 0..<M {
            let name = data.measures[m].name
            let hasCutoff = params[m]?.cutoff != nil
            for a in order {
                let gl = label(a)
                let om = a * M + m
                let s = sums[om]
                // Every group is listed (a missing group would be a differencing hint), except
                // that with --by measure a group is a measure and only its own rows exist.
                if s.n == 0 && a != P && options.by == .measure { continue }
                let pn = r.count("outcomes", gl, name, "paired_n", s.n, column: a == P)
                pairedNCells[a].append(pn)
                let n = s.n
                r.statistic("outcomes", gl, name, "pre_mean", s.preMean, n: n, nCell: pn)
                r.statistic("outcomes", gl, name, "pre_sd", s.preSD, n: n, nCell: pn)
                r.statistic("outcomes", gl, name, "post_mean", s.postMean, n: n, nCell: pn)
                r.statistic("outcomes", gl, name, "post_sd", s.postSD, n: n, nCell: pn)
                r.statistic("outcomes", gl, name, "change_mean", s.changeMean, n: n, nCell: pn)
                r.statistic("outcomes", gl, name, "change_sd", s.changeSD, n: n, nCell: pn)
                let d = ReportStatistics.prePostEffect(s, level: options.level)
                r.statistic("outcomes", gl, name, "effect_size_d", d?.value, n: n, nCell: pn, low: d?.low, high: d?.high)
                r.statistic("outcomes", gl, name, "srm", ReportStatistics.srm(s), n: n, nCell: pn)
                let counts = (0..<nCats).map { catCounts[om * nCats + $0] }
                let classified = counts.reduce(0, +)
                if classified > 0 {
                    var cells: [ChangeCategory: Int] = [:]
                    for (j, c) in cats.enumerated() where hasCutoff || (c != .recovered && c != .harmed) {
                        cells[c] = r.rate("outcomes", gl, name, c.rawValue, k: counts[j], n: classified, nCell: classified == n ? pn : nil, newCount: true, column: a == P, complement: true)
                    }
                    let ri = counts[0] + counts[1], rd = counts[3] + counts[4]
                    let riCell = r.rate("outcomes", gl, name, "reliable_improvement", k: ri, n: classified, nCell: classified == n ? pn : nil, newCount: true, column: a == P, complement: true)
                    let rdCell = r.rate("outcomes", gl, name, "reliable_deterioration", k: rd, n: classified, nCell: classified == n ? pn : nil, newCount: true, column: a == P, complement: true)
                    r.cells.line(cats.map { cells[$0] } + [classified == n ? pn : nil])
                    r.cells.line([cells[.recovered], cells[.improved], riCell])
                    r.cells.line([cells[.deteriorated], cells[.harmed], rdCell])
                    r.cells.line([riCell, cells[.unchanged], rdCell, classified == n ? pn : nil])
                }
                let sn = slopeN[om]
                r.statistic("outcomes", gl, name, "slope_per_week_mean", sn > 0 ? slopeSum[om] / Double(sn) : nil, n: sn, nCell: nil)
            }
        }

        // The activity section's paired episodes are the sum of the outcome sections' paired n.
        for a in order { r.cells.line([pairedCell[a]] + pairedNCells[a]) }

        // NHS Talking Therapies paired outcomes.
        if let pa = shared.pairA, let pb = shared.pairB {
            // Per group, 8 counts: 0 pairs, 1 with caseness, 2 cases, 3 recovered, 4 with directions,
            // 5 reliable improvement, 6 reliable deterioration, 7 reliable recovery (one flat array).
            var tt = [Int](repeating: 0, count: (G + 1) * 8)
            let byMeasure = options.by == .measure
            tt.withUnsafeMutableBufferPointer { t in
                for (ia, bits) in shared.pairedOutcomes {
                    let g = byMeasure ? -1 : Int(groupOf[Int(ia)])
                    for pass in 0..<(g >= 0 ? 2 : 1) {
                        let b = (pass == 0 && g >= 0 ? g : P) * 8
                        t[b] += 1
                        if bits & ReportShared.ttKnownCase != 0 {
                            t[b + 1] += 1
                            if bits & ReportShared.ttCase != 0 {
                                t[b + 2] += 1
                                if bits & ReportShared.ttRecovered != 0 { t[b + 3] += 1 }
                                if bits & ReportShared.ttReliableRecovery != 0 { t[b + 7] += 1 }
                            }
                        }
                        if bits & ReportShared.ttKnownDirection != 0 {
                            t[b + 4] += 1
                            if bits & ReportShared.ttImproved != 0 { t[b + 5] += 1 }
                            if bits & ReportShared.ttDeteriorated != 0 { t[b + 6] += 1 }
                        }
                    }
                }
            }
            let pairName = "\(data.measures[pa].name)+\(data.measures[pb].name)"
            for a in order where a == P || options.by != .measure {
                let gl = label(a), t = Array(tt[a * 8..<a * 8 + 8])
                let pc = r.count("talking_therapies", gl, pairName, "paired_episodes", t[0], column: a == P)
                let cc = r.rate("talking_therapies", gl, pairName, "cases_at_start", k: t[2], n: t[1], nCell: t[1] == t[0] ? pc : nil, newCount: true, column: a == P, complement: true)
                r.rate("talking_therapies", gl, pairName, "recovery", k: t[3], n: t[2], nCell: cc, newCount: true, column: a == P, complement: true)
                r.rate("talking_therapies", gl, pairName, "reliable_improvement", k: t[5], n: t[4], nCell: t[4] == t[0] ? pc : nil, newCount: true, column: a == P, complement: true)
                r.rate("talking_therapies", gl, pairName, "reliable_recovery", k: t[7], n: t[2], nCell: cc, newCount: true, column: a == P, complement: true)
                r.rate("talking_therapies", gl, pairName, "reliable_deterioration", k: t[6], n: t[4], nCell: t[4] == t[0] ? pc : nil, newCount: true, column: a == P, complement: true)
            }
        }

        // Goals.
        var gasT: [Double] = []
        if let goals {
            gasT = r.goals(goals, by: options.by, period: periodUnit)
        }

        if let flags { r.flags(flags, by: options.by, period: periodUnit) }

        r.finish(benchmark: options.benchmark, alpha: options.benchmarkAlpha)

        // Charts: primary measure, Jacobson plot, sparklines.
        let primary = shared.primary
        var jacobson: ReportJacobson? = nil
        var sparklines: [(group: String, values: [Double?])] = []
        var periodLabels: [String] = []
        if let pm = primary, let p = params[pm] {
            let n = shared.jacobsonN
            if n >= minCell {
                let ms = data.measures[pm]
                jacobson = ReportJacobson(measure: ms.name, points: shared.jacobsonPoints, bandHalfWidth: p.problem == nil ? p.reliable.thresholdPoints : nil,
                                          cutoff: p.cutoff?.value, scoreRange: ms.minScore...ms.maxScore, n: n)
            }
            // Reliable improvement rate per period of the episode's last score.
            if let newest = data.newestDay {
                let unit = periodUnit ?? .month
                let step = unit == .month ? 1 : (unit == .quarter ? 3 : 12)
                let K = max(1, options.sparklinePeriods)
                // The last period: that of `--to` when given, else the latest period in which at least
                // max(5, minimum cell) classified episodes ended (5 also when suppression is off), so that a few stray late dates (a
                // typing error, a future date) do not end the sparkline in a run of blank periods.
                var perPeriod: [Int: Int] = [:]
                for s in shared.sparkEpisodes { perPeriod[Int(s.month) / step, default: 0] += 1 }
                let newestPeriod = options.to.map { ReportChunk.monthIndex($0) / step }
                    ?? perPeriod.filter { $0.value >= max(5, minCell) }.keys.max() ?? perPeriod.keys.max() ?? ReportChunk.monthIndex(newest) / step
                var k = [Int](repeating: 0, count: (G + 1) * K), nn = k
                k.withUnsafeMutableBufferPointer { kb in
                    nn.withUnsafeMutableBufferPointer { nb in
                        for s in shared.sparkEpisodes {
                            let back = newestPeriod - Int(s.month) / step
                            guard back >= 0, back < K else { continue }
                            let slot = K - 1 - back
                            let g = Int(groupOf[Int(s.episode)])
                            for pass in 0..<(g >= 0 ? 2 : 1) { let a = pass == 0 && g >= 0 ? g : P
                                nb[a * K + slot] += 1
                                if s.improved { kb[a * K + slot] += 1 }
                            }
                        }
                    }
                }
                periodLabels = (0..<K).map { periodLabel(unit, month: (newestPeriod - (K - 1 - $0)) * step) }
                for a in order.dropFirst() + [P] {
                    sparklines.append((label(a), (0..<K).map { j in
                        let d = nn[a * K + j]
                        return d > 0 && d >= minCell ? Double(k[a * K + j]) / Double(d) : nil
                    }))
                }
            }
        }
        var report = PracticeReport(rows: r.rows, file: data.file, counts: data.counts, rejections: data.rejections, header: data.header,
                              groupBy: options.by, minCell: minCell, primaryMeasure: primary.map { data.measures[$0].name },
                              jacobson: jacobson, gasT: gasT.count >= minCell ? gasT : [], sparklines: sparklines,
                              sparklinePeriods: periodLabels, sparklineMetric: "reliable_improvement",
                              outOfOrderIntervals: data.outOfOrderIntervals, parts: data.parts)
        report.wide = data.wide
        ReportTiming.log("rows and charts", since: tb)
        return report
    }
}

/// Per-group activity and per-(group, measure) outcome sums over a range of episodes
/// (whole clients), mergeable so that two threads can each take half of the practice.
struct ReportAccumulator {
    var episodes: [Int], scores: [Int], paired: [Int], open: [Int], clients: [Int], courses: [Int]
    /// Per group: number of episodes with each number of scores.
    var sessions: [[Int]]
    var sums: [PairedSums]
    var catCounts: [Int]
    var slopeN: [Int], slopeSum: [Double]
    let measures: Int, categories: Int

    init(groups: Int, measures: Int, categories: Int) {
        episodes = [Int](repeating: 0, count: groups)
        scores = episodes; paired = episodes; open = episodes; clients = episodes; courses = episodes
        sessions = [[Int]](repeating: [], count: groups)
        sums = [PairedSums](repeating: PairedSums(), count: groups * measures)
        catCounts = [Int](repeating: 0, count: groups * measures * categories)
        slopeN = [Int](repeating: 0, count: groups * measures)
        slopeSum = [Double](repeating: 0, count: groups * measures)
        self.measures = measures
        self.categories = categories
    }

    /// The sums of every grouping in one pass over the episodes, on two threads over two ranges
    /// of clients: `groupings[k][i]` is episode i's group in grouping k (-1 none), among
    /// `counts[k]` groups. Returns one accumulator per grouping (its groups, then the practice).
    static func accumulate(data: ReportData, groupings: [[Int32]], counts: [Int], classes: [CompactClass],
                           openWithinDays: Int) -> [ReportAccumulator] {
        let M = data.measures.count
        let nCats = ChangeCategory.allCases.count
        let offsets = counts.indices.map { counts[..<$0].reduce(0, +) }
        let G = counts.reduce(0, +)
        let P = G        // accumulator index of the practice
        let total = data.episodes.count
        var cut = total / 2
        while cut > 0, cut < total, data.episodes[cut].client == data.episodes[cut - 1].client { cut += 1 }
        // Small files in one range, unless read in two parts (so tests cover the merge).
        let ranges = (total > 100_000 || data.parts > 1) && cut < total ? [0..<cut, cut..<total] : [0..<total]
        var partial = [ReportAccumulator?](repeating: nil, count: ranges.count)
        partial.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendablePointer(pointer: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                var acc = ReportAccumulator(groups: G + 1, measures: M, categories: nCats)
                acc.add(range: ranges[k], data: data, groupings: groupings, offsets: offsets, classes: classes, newest: data.newestDay,
                        openWithinDays: openWithinDays, practice: P)
                out.pointer[k] = acc
            }
        }
        var acc = partial[0]!
        for k in 1..<partial.count { acc.merge(partial[k]!) }
        return counts.indices.map { acc.slice(offset: offsets[$0], count: counts[$0], practice: P) }
    }

    /// Groups `offset..<offset + count` and the practice (last) of a combined accumulator.
    func slice(offset: Int, count: Int, practice P: Int) -> ReportAccumulator {
        var o = ReportAccumulator(groups: count + 1, measures: measures, categories: categories)
        let M = measures, C = categories
        for a in 0...count {
            let src = a == count ? P : offset + a
            o.episodes[a] = episodes[src]; o.scores[a] = scores[src]; o.paired[a] = paired[src]
            o.open[a] = open[src]; o.clients[a] = clients[src]; o.courses[a] = courses[src]
            o.sessions[a] = sessions[src]
            for m in 0..<M {
                o.sums[a * M + m] = sums[src * M + m]
                o.slopeN[a * M + m] = slopeN[src * M + m]
                o.slopeSum[a * M + m] = slopeSum[src * M + m]
                for c in 0..<C { o.catCounts[(a * M + m) * C + c] = catCounts[(src * M + m) * C + c] }
            }
        }
        return o
    }

    /// Adds the episodes in `range`, which must hold whole clients (clients are counted once),
    /// to the practice and, for each grouping k, to group `offsets[k] + groupings[k][i]`.
    mutating func add(range: Range<Int>, data: ReportData, groupings: [[Int32]], offsets: [Int], classes: [CompactClass], newest: Int?,
                      openWithinDays: Int, practice P: Int) {
        let M = measures, nCats = categories
        var lastClient: Int32 = -1
        // This client's groups (combined indices), courses and (course, group) pairs.
        var clientGroups: [Int32] = []
        var clientCourses: [Int32] = []
        var clientGroupCourses: [Int64] = []
        /// Calls `each` once per distinct value (a linear scan for the usual few, hashed for a
        /// client with many episodes, where a scan would be quadratic).
        func distinct<T: Hashable>(_ xs: [T], _ each: (T) -> Void) {
            if xs.count <= 16 {
                for (j, x) in xs.enumerated() where !xs[..<j].contains(x) { each(x) }
            } else {
                var seen = Set<T>()
                for x in xs where seen.insert(x).inserted { each(x) }
            }
        }
        func flushClient() {
            if lastClient >= 0 {
                clients[P] += 1
                distinct(clientGroups) { clients[Int($0)] += 1 }
                distinct(clientCourses) { _ in courses[P] += 1 }
                distinct(clientGroupCourses) { courses[Int(UInt32(truncatingIfNeeded: $0))] += 1 }
            }
            clientGroups.removeAll(keepingCapacity: true)
            clientCourses.removeAll(keepingCapacity: true)
            clientGroupCourses.removeAll(keepingCapacity: true)
        }
        let K = groupings.count
        for i in range {
            let e = data.episodes[i]
            if e.client != lastClient { flushClient(); lastClient = e.client }
            clientCourses.append(e.episodeID)
            let isOpen: Bool
            if e.status >= 0 { isOpen = e.status == 0 } else if let newest, e.lastDay != TimeKey.none { isOpen = Int(e.lastDay) >= newest - openWithinDays } else { isOpen = false }
            let n = Int(e.scores)
            let c = e.paired ? Int(classes[i].category) : -1
            for k in 0...K {
                let a: Int
                if k < K {
                    let g = groupings[k][i]
                    guard g >= 0 else { continue }
                    a = offsets[k] + Int(g)
                    clientGroups.append(Int32(a))
                    clientGroupCourses.append(Int64(e.episodeID) << 32 | Int64(a))
                } else {
                    a = P
                }
                episodes[a] += 1
                scores[a] += n
                if e.paired { paired[a] += 1 }
                if isOpen { open[a] += 1 }
                if sessions[a].count <= n { sessions[a] += [Int](repeating: 0, count: n + 1 - sessions[a].count) }
                sessions[a][n] += 1
                let om = a * M + Int(e.measure)
                if e.paired {
                    sums[om].add(pre: e.pre, post: e.post)
                    if c >= 0 { catCounts[om * nCats + c] += 1 }
                }
                if e.hasSlope { slopeN[om] += 1; slopeSum[om] += e.slope }
            }
        }
        flushClient()
    }

    mutating func merge(_ o: ReportAccumulator) {
        for i in episodes.indices {
            episodes[i] += o.episodes[i]; scores[i] += o.scores[i]; paired[i] += o.paired[i]
            open[i] += o.open[i]; clients[i] += o.clients[i]; courses[i] += o.courses[i]
            if sessions[i].count < o.sessions[i].count { sessions[i] += [Int](repeating: 0, count: o.sessions[i].count - sessions[i].count) }
            for (n, c) in o.sessions[i].enumerated() { sessions[i][n] += c }
        }
        for i in sums.indices {
            sums[i].merge(o.sums[i])
            slopeN[i] += o.slopeN[i]
            slopeSum[i] += o.slopeSum[i]
        }
        for i in catCounts.indices { catCounts[i] += o.catCounts[i] }
    }
}

extension ReportReader {
    /// A reader set up from the report's options (parts, parallel threshold, length limits, input
    /// format, blank scores, date format, column mapping): the one place every report read is configured.
    init(catalog: MeasureCatalog, mode: ValidationMode, intervalKey: IntervalKey, options: ReportOptions) {
        self.init(catalog: catalog, mode: mode, intervalKey: intervalKey, parts: options.parts)
        self.parallelThreshold = options.parallelThreshold
        self.settings = options.settings
    }
}
