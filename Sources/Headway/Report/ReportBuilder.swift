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
    /// ``ChangeAnalysis/run(episodes:catalog:options:)``): (client number, episode id, measure, category).
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

struct ReportBuilder {
    let data: ReportData
    let options: ReportOptions
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
    func groups() -> ([Int32], [String]) {
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
                let a = by == .measure ? e.measure : e.attr
                if a >= 0 { out[i] = map[Int(a)] } else { if noneID < 0 { noneID = id(Self.none) }; out[i] = noneID }
            }
        case .month, .quarter, .year:
            let unit = periodUnit!
            var cache: [Int: Int32] = [:]
            for (i, e) in data.episodes.enumerated() {
                if e.lastDay == TimeKey.none { out[i] = id(Self.noDate); continue }
                let m = ReportChunk.monthIndex(Int(e.lastDay))
                if let g = cache[m] { out[i] = g } else { let g = id(periodLabel(unit, month: m)); cache[m] = g; out[i] = g }
            }
        }
        return (out, labels)
    }

    // MARK: build

    func build(goals: [ClientReview]?, flags: [FlagResult]? = nil) -> PracticeReport {
        var tb = ReportTiming.now()
        let (params, classes) = classify()
        ReportTiming.log("classify", since: tb); tb = ReportTiming.now()
        let (groupOf, labels) = groups()
        let G = labels.count, P = G        // accumulator index of the practice
        let M = data.measures.count
        let nCats = ChangeCategory.allCases.count

        // Activity and outcome accumulators, on two threads over two ranges of clients.
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
                acc.add(range: ranges[k], data: data, groupOf: groupOf, classes: classes, newest: data.newestDay,
                        openWithinDays: options.openWithinDays, practice: P)
                out.pointer[k] = acc
            }
        }
        var acc = partial[0]!
        for k in 1..<partial.count { acc.merge(partial[k]!) }
        let (episodes, scores, paired, open, clients, courses) = (acc.episodes, acc.scores, acc.paired, acc.open, acc.clients, acc.courses)
        let (sums, catCounts, slopeN, slopeSum) = (acc.sums, acc.catCounts, acc.slopeN, acc.slopeSum)
        let sessions = acc.sessions

        ReportTiming.log("accumulate", since: tb); tb = ReportTiming.now()
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
        let pa = data.measures.firstIndex { MeasureCatalog.normalize($0.name) == MeasureCatalog.normalize(options.pair.0) }
        let pb = data.measures.firstIndex { MeasureCatalog.normalize($0.name) == MeasureCatalog.normalize(options.pair.1) }
        if let pa, let pb {
            var tt = [[Int]](repeating: [Int](repeating: 0, count: 8), count: G + 1)
            // 0 pairs, 1 with caseness, 2 cases, 3 recovered, 4 with directions, 5 reliable improvement, 6 reliable deterioration, 7 reliable recovery
            var i = 0
            let eps = data.episodes
            while i < eps.count {
                var j = i + 1
                while j < eps.count, eps[j].client == eps[i].client, eps[j].episodeID == eps[i].episodeID { j += 1 }
                var ia = -1, ib = -1
                for k in i..<j { if Int(eps[k].measure) == pa { ia = k } else if Int(eps[k].measure) == pb { ib = k } }
                if ia >= 0, ib >= 0, eps[ia].paired, eps[ib].paired {
                    let o = PairedOutcome.rules(classes[ia].classification, classes[ib].classification)
                    let g = options.by == .measure ? -1 : Int(groupOf[ia])
                    for pass in 0..<(g >= 0 ? 2 : 1) { let a = pass == 0 && g >= 0 ? g : P
                        tt[a][0] += 1
                        if let c = o.caseAtStart { tt[a][1] += 1; if c { tt[a][2] += 1; if o.recovered == true { tt[a][3] += 1 }; if o.reliableRecovery == true { tt[a][7] += 1 } } }
                        if let ri = o.reliableImprovement { tt[a][4] += 1; if ri { tt[a][5] += 1 }; if o.reliableDeterioration == true { tt[a][6] += 1 } }
                    }
                }
                i = j
            }
            let pairName = "\(data.measures[pa].name)+\(data.measures[pb].name)"
            for a in order where a == P || options.by != .measure {
                let gl = label(a), t = tt[a]
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

        ReportTiming.log("rows", since: tb); tb = ReportTiming.now()
        // Charts: primary measure, Jacobson plot, sparklines.
        var primary: Int? = pa
        if primary == nil {
            var counts = [Int](repeating: 0, count: M)
            for e in data.episodes where e.paired { counts[Int(e.measure)] += 1 }
            primary = counts.indices.max { counts[$0] < counts[$1] }
        }
        var jacobson: ReportJacobson? = nil
        var sparklines: [(group: String, values: [Double?])] = []
        var periodLabels: [String] = []
        if let pm = primary, let p = params[pm] {
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
            for (i, e) in data.episodes.enumerated() where Int(e.measure) == pm && e.paired {
                guard let c = classes[i].categoryValue else { continue }
                n += 1
                let x = e.pre - ms0.minScore, y = e.post - ms0.minScore
                if useGrid, x == x.rounded(), y == y.rounded() {
                    let k = (Int(x) * span + Int(y)) * nCats + Int(classes[i].category)
                    if !grid[k] { grid[k] = true; pts.append((e.pre, e.post, c)) }
                } else if seen.insert(PointKey(pre: e.pre, post: e.post, category: classes[i].category)).inserted {
                    pts.append((e.pre, e.post, c))
                }
            }
            if n >= minCell {
                let ms = data.measures[pm]
                jacobson = ReportJacobson(measure: ms.name, points: pts, bandHalfWidth: p.problem == nil ? p.reliable.thresholdPoints : nil,
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
                for (i, e) in data.episodes.enumerated() where Int(e.measure) == pm && e.paired && e.lastDay != TimeKey.none && classes[i].category >= 0 {
                    perPeriod[ReportChunk.monthIndex(Int(e.lastDay)) / step, default: 0] += 1
                }
                let newestPeriod = options.to.map { ReportChunk.monthIndex($0) / step }
                    ?? perPeriod.filter { $0.value >= max(5, minCell) }.keys.max() ?? perPeriod.keys.max() ?? ReportChunk.monthIndex(newest) / step
                var k = [Int](repeating: 0, count: (G + 1) * K), nn = k
                for (i, e) in data.episodes.enumerated() where Int(e.measure) == pm && e.paired && e.lastDay != TimeKey.none {
                    let c = classes[i].category
                    guard c >= 0 else { continue }
                    let back = newestPeriod - ReportChunk.monthIndex(Int(e.lastDay)) / step
                    guard back >= 0, back < K else { continue }
                    let slot = K - 1 - back
                    let g = Int(groupOf[i])
                    for pass in 0..<(g >= 0 ? 2 : 1) { let a = pass == 0 && g >= 0 ? g : P
                        nn[a * K + slot] += 1
                        if c <= 1 { k[a * K + slot] += 1 }
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

    /// Adds the episodes in `range`, which must hold whole clients (clients are counted once).
    mutating func add(range: Range<Int>, data: ReportData, groupOf: [Int32], classes: [CompactClass], newest: Int?,
                      openWithinDays: Int, practice P: Int) {
        let M = measures, nCats = categories
        var lastClient: Int32 = -1
        var clientGroups: [Int32] = []
        // Courses of treatment (client, episode id) across measures, per group.
        var clientCourses: [(episode: Int32, group: Int32)] = []
        func flushClient() {
            if lastClient >= 0 {
                clients[P] += 1
                // Distinct groups and courses of this client, hashed: a client with many
                // episodes made a scan of the earlier ones quadratic.
                var seenGroups = Set<Int32>(), seenCourses = Set<Int32>(), seenGroupCourses = Set<Int64>()
                for g in clientGroups where g >= 0 && seenGroups.insert(g).inserted { clients[Int(g)] += 1 }
                for c in clientCourses {
                    if seenCourses.insert(c.episode).inserted { courses[P] += 1 }
                    if c.group >= 0, seenGroupCourses.insert(Int64(c.episode) << 32 | Int64(UInt32(bitPattern: c.group))).inserted {
                        courses[Int(c.group)] += 1
                    }
                }
            }
            clientGroups.removeAll(keepingCapacity: true)
            clientCourses.removeAll(keepingCapacity: true)
        }
        for i in range {
            let e = data.episodes[i]
            if e.client != lastClient { flushClient(); lastClient = e.client }
            let g = Int(groupOf[i])
            clientGroups.append(groupOf[i])
            clientCourses.append((e.episodeID, groupOf[i]))
            let isOpen: Bool
            if e.status >= 0 { isOpen = e.status == 0 } else if let newest, e.lastDay != TimeKey.none { isOpen = Int(e.lastDay) >= newest - openWithinDays } else { isOpen = false }
            for pass in 0..<(g >= 0 ? 2 : 1) {
                let a = pass == 0 && g >= 0 ? g : P
                episodes[a] += 1
                scores[a] += Int(e.scores)
                if e.paired { paired[a] += 1 }
                if isOpen { open[a] += 1 }
                let n = Int(e.scores)
                if sessions[a].count <= n { sessions[a] += [Int](repeating: 0, count: n + 1 - sessions[a].count) }
                sessions[a][n] += 1
                let om = a * M + Int(e.measure)
                if e.paired {
                    sums[om].add(pre: e.pre, post: e.post)
                    let c = classes[i].category
                    if c >= 0 { catCounts[om * nCats + Int(c)] += 1 }
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
        self.settings = options.load
    }
}
