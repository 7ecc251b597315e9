// SPDX-License-Identifier: GPL-3.0-or-later
// Pre/post comparison of every episode: reliable change and clinical significance.
import HeadwayStats

public enum ChangeAnalysis {
    /// Compares pre and post scores of every episode, with per-measure parameters computed
    /// over the analysed episodes (those with both a pre and a post score).
    ///
    /// The same as ``plan(episodes:catalog:options:threads:)`` followed by
    /// ``row(_:plan:)`` for every episode; rows are built on up to `threads` threads, and the
    /// result is the same for any thread count.
    public static func run(episodes: [Episode], catalog: MeasureCatalog, options: ChangeOptions, threads: Int = 1) -> ChangeResult {
        run(episodes: episodes, plan: plan(episodes: episodes, catalog: catalog, options: options, threads: threads), threads: threads)
    }

    /// Every episode's row under `plan` (made on up to `threads` threads, in episode order).
    public static func run(episodes: [Episode], plan: ChangePlan, threads: Int = 1) -> ChangeResult {
        let rows = Parallel.map(episodes, threads: threads, blockSize: 4096) { row($0, plan: plan) }
        return ChangeResult(episodes: rows, parameters: plan.parameters, haGroupLevel: plan.haGroupLevel)
    }

    /// The per-measure parameters of a run: the sample statistics of the pre and post scores of
    /// the analysed episodes, taken in episode order (pre and post selected on up to `threads`
    /// threads, in blocks put back in order), so the parameters do not depend on the thread count.
    /// With the plan, each episode's row (``row(_:plan:)``) needs nothing else: a caller can
    /// write rows as they are made instead of keeping them all (`headway change`'s CSV).
    public static func plan(episodes: [Episode], catalog: MeasureCatalog, options: ChangeOptions, threads: Int = 1) -> ChangePlan {
        let t0 = ReportTiming.now()
        defer { ReportTiming.log("change: plan (per-measure parameters)", since: t0) }
        // Per measure, in order of first appearance (`NameSlots`): the pre and post scores of its
        // analysed episodes in episode order.
        var measures = NameSlots(), pre: [[Double]] = [], post: [[Double]] = []
        // Each block sorts its episodes' pre and post scores by measure (its own `NameSlots`);
        // blocks are joined in order, so each measure's lists are in episode order whatever the
        // thread count (joining per block, not per episode, keeps the serial part short).
        typealias Block = (names: [String], pre: [[Double]], post: [[Double]])
        Parallel.ordered(count: episodes.count, threads: threads, blockSize: 8192, work: { range -> Block in
            var local = NameSlots(), x1: [[Double]] = [], x2: [[Double]] = []
            // In place: no copy of an episode (nor a retain of its score store) per episode.
            episodes.withUnsafeBufferPointer { episodes in
                for i in range {
                    guard let (a, b) = select(episodes[i].scores, options) else { continue }
                    let k = local.slot(episodes[i].key.measure)
                    if k == x1.count { x1.append([]); x2.append([]) }
                    x1[k].append(episodes[i].scores[a].value)
                    x2[k].append(episodes[i].scores[b].value)
                }
            }
            return (local.names, x1, x2)
        }, emit: { block in
            for (j, name) in block.names.enumerated() {
                let k = measures.slot(name)
                if k == pre.count { pre.append([]); post.append([]) }
                pre[k].append(contentsOf: block.pre[j])
                post[k].append(contentsOf: block.post[j])
            }
        })
        ReportTiming.log("change: plan: pre and post scores", since: t0)
        // The measures' statistics side by side (each one pass in episode order, as before).
        let names = measures.names
        let found = Parallel.map(Array(names.indices), threads: threads, blockSize: 1) { k -> (ChangeParameters, HAGroupLevel?)? in
            guard let measure = catalog.measure(named: names[k]) else { return nil }
            let stats = sampleStatistics(pre: pre[k], post: post[k])
            let p = parametersFor(measure: measure, sample: stats, options: options)
            return (p, p.reliable.method == .ha ? haGroupLevel(pre: pre[k], post: post[k], parameters: p) : nil)
        }
        var parameters: [String: ChangeParameters] = [:]
        var haGroup: [String: HAGroupLevel] = [:]
        for (k, name) in names.enumerated() {
            guard let (p, g) = found[k] else { continue }
            parameters[name] = p
            if let g { haGroup[name] = g }
        }
        return ChangePlan(options: options, parameters: parameters, haGroupLevel: haGroup)
    }

    /// One episode's row: its pre and post scores (``ChangeOptions/pre``, ``ChangeOptions/post``),
    /// and, when both exist and its measure has parameters, the reliable change, clinical
    /// significance and RTI under the plan's parameters.
    public static func row(_ e: Episode, plan: ChangePlan) -> EpisodeChange {
        var row = EpisodeChange(key: e.key, clinicianID: e.clinicianID, site: e.site, group: e.group, scoreCount: e.scores.count)
        guard let (a, b) = select(e.scores, plan.options) else { return row }
        let p = e.scores[a], q = e.scores[b]
        row.pre = p.value; row.post = q.value; row.change = q.value - p.value
        row.preSession = p.session; row.preDay = p.day; row.postSession = q.session; row.postDay = q.day
        if let parameters = plan.parameters[e.key.measure] {
            classify(&row, episode: e, selected: (a, b), pre: p.value, post: q.value, parameters: parameters)
        }
        return row
    }

    /// Fills the reliable change, clinical significance and RTI columns of one analysed row.
    private static func classify(_ row: inout EpisodeChange, episode: Episode, selected: (Int, Int), pre x1: Double, post x2: Double,
                                 parameters p: ChangeParameters) {
        let c = classify(pre: x1, post: x2, parameters: p)
        row.method = p.reliable.method
        row.rci = c.index
        if p.problem == nil {
            switch p.reliable.method {
            case .published: row.threshold = p.reliable.publishedThreshold
            case .percentage: row.threshold = p.reliable.percentImprovement
            default: row.threshold = p.reliable.criticalValue
            }
        }
        row.reliableDirection = c.reliableDirection
        row.cutoffKind = p.cutoff?.kind
        row.cutoff = p.cutoff?.value
        row.clinicalPre = c.clinicalPre
        row.functionalPost = c.functionalPost
        row.category = c.category
        row.status = c.status
        let (a, b) = selected
        if b - a + 1 > 2, let se = p.reliable.standardError {
            // The selected scores' values in a stack buffer (no array per episode).
            let rti = episode.scores.withUnsafeBufferPointer { scores in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: b - a + 1) { ys in
                    for k in a...b { ys[k - a] = scores[k].value }
                    return ReliableTrend.index(scores: UnsafeBufferPointer(ys), standardError: se)
                }
            }
            if let rti {
                row.rti = rti
                let better = p.reliable.direction == .lowerIsBetter ? -rti : rti
                row.rtiDirection = better >= p.trendCriticalValue ? .improved : (-better >= p.trendCriticalValue ? .deteriorated : .unchanged)
            }
        }
    }

    /// Classifies one pre/post pair with precomputed per-measure parameters (reused by
    /// reports and flags).
    ///
    /// Reliable direction from ``ReliableChangeParameters/index(pre:post:)``. Clinical at pre:
    /// the pre score on the clinical side of the cut-off. Functional at post: the post score on
    /// the functional side; for Hageman & Arrindell (1999) the true post score
    /// T̂ = M2 + r_yy(x2 − M2) must lie beyond the cut-off by at least the critical value
    /// times √r_yy·SE. Categories: recovered = improved ∧ clinical pre ∧ functional post;
    /// harmed = deteriorated ∧ functional (not clinical) at pre.
    public static func classify(pre x1: Double, post x2: Double, parameters p: ChangeParameters) -> ChangeClassification {
        var out = ChangeClassification(status: .ok)
        if let problem = p.problem { out.status = ChangeStatus(problem); return out }
        let z: Double
        do { z = try p.reliable.index(pre: x1, post: x2) } catch { out.status = ChangeStatus(error); return out }
        guard z.isFinite else { out.status = .zeroSD; return out }
        out.index = z
        let dir = p.reliable.direction(ofIndex: z)
        out.reliableDirection = dir
        if let cut = p.cutoff {
            let clinicalPre = cut.isClinical(x1)
            var functionalPost = !cut.isClinical(x2)
            if p.reliable.method == .ha {
                functionalPost = false
                if let ryy = p.reliable.postScoreReliability, let m2 = p.reliable.sample.postMean, let se = p.reliable.standardError {
                    let t = m2 + ryy * (x2 - m2)
                    let beyond = p.reliable.direction == .lowerIsBetter ? cut.value - t : t - cut.value
                    functionalPost = beyond / (ryy.squareRoot() * se) >= p.reliable.criticalValue
                }
            }
            out.clinicalPre = clinicalPre
            out.functionalPost = functionalPost
            switch dir {
            case .improved: out.category = clinicalPre && functionalPost ? .recovered : .improved
            case .unchanged: out.category = .unchanged
            case .deteriorated: out.category = clinicalPre ? .deteriorated : .harmed
            }
        } else {
            out.status = .noNorms
            switch dir {
            case .improved: out.category = .improved
            case .unchanged: out.category = .unchanged
            case .deteriorated: out.category = .deteriorated
            }
        }
        return out
    }

    /// Builds the parameters of one measure from the catalog, the options and the sample.
    public static func parametersFor(measure: Measure, sample: SampleStatistics, options: ChangeOptions) -> ChangeParameters {
        let method = options.method ?? (measure.reliableChange != nil ? .published : .jt)
        let alpha = options.alpha > 0 && options.alpha < 1 ? options.alpha : 0.05
        let twoSided = (try? Normal.quantile(1 - alpha / 2)) ?? 1.959963984540054
        let oneSided = (try? Normal.quantile(1 - alpha)) ?? 1.6448536269514722
        let sd: Double? = options.sdSource == .sample ? sample.preSD : (options.clinicalSD ?? measure.clinicalSD)
        let reliability = options.reliability ?? measure.reliability
        let rel = ReliableChangeParameters(
            method: method, direction: measure.direction,
            criticalValue: method.isOneSided ? oneSided : twoSided,
            publishedThreshold: measure.reliableChange, reliability: reliability,
            postReliability: options.postReliability, sd: sd, sample: sample,
            percentImprovement: method == .percentage ? options.percentImprovement : nil,
            percentDeterioration: method == .percentage ? options.percentDeterioration : nil)
        var problem: ChangeProblem? = nil
        if method == .published {
            if measure.reliableChange == nil { problem = .noThreshold }
        } else if method == .percentage {
            let valid = { (v: Double?) in v.map { $0 > 0 && $0.isFinite } ?? true }
            if !(valid(options.percentImprovement) && valid(options.percentDeterioration)) { problem = .noThreshold }
        } else if reliability.map({ !($0 > 0 && $0 < 1) }) ?? true {
            problem = .noReliability
        } else if let r2 = options.postReliability, !(r2 > 0 && r2 < 1) {
            problem = .noReliability
        } else if rel.standardError == nil {
            // --sd norm without a clinical SD: missing; otherwise a zero or undefined sample SD.
            problem = options.sdSource == .norm && sd == nil ? .missingSD : .zeroSD
        } else if method == .ha && rel.differenceReliability == nil {
            problem = .zeroSD
        }
        // Norms: overrides, then the sample's pre statistics (sd sample) or the catalog (sd norm).
        var norms = Norms(functionalMean: options.functionalMean ?? measure.functionalMean,
                          functionalSD: options.functionalSD ?? measure.functionalSD)
        if options.sdSource == .sample {
            norms.clinicalMean = options.clinicalMean ?? sample.preMean ?? measure.clinicalMean
            norms.clinicalSD = options.clinicalSD ?? sample.preSD ?? measure.clinicalSD
        } else {
            norms.clinicalMean = options.clinicalMean ?? measure.clinicalMean
            norms.clinicalSD = options.clinicalSD ?? measure.clinicalSD
        }
        let kind = options.cutoff ?? (measure.cutoff != nil ? .published : .c)
        var value: Double?
        var corrected = false
        if kind == .published {
            value = measure.cutoff
        } else if method == .ha {
            if let se = rel.standardError {
                value = ClinicalCutoff.trueScoreValue(kind, norms: norms, standardError: se, direction: measure.direction)
                corrected = true
            }
        } else {
            value = ClinicalCutoff.value(kind, norms: norms, direction: measure.direction)
        }
        let cutoff = value.map {
            ClinicalCutoff(kind: kind, value: $0, direction: measure.direction, equalIsClinical: measure.cutoffIsClinical, reliabilityCorrected: corrected)
        }
        return ChangeParameters(measure: measure.name, reliable: rel, problem: problem, cutoff: cutoff, norms: norms, trendCriticalValue: twoSided)
    }

    /// n, means, SDs (n − 1) and the pre–post correlation; undefined values stay `nil`.
    public static func sampleStatistics(pre x1: [Double], post x2: [Double]) -> SampleStatistics {
        var s = SampleStatistics(n: x1.count)
        s.preMean = try? Descriptive.mean(x1)
        s.postMean = try? Descriptive.mean(x2)
        s.preSD = (try? Descriptive.standardDeviation(x1)).flatMap { $0 > 0 ? $0 : nil }
        s.postSD = (try? Descriptive.standardDeviation(x2)).flatMap { $0 > 0 ? $0 : nil }
        s.prePostCorrelation = try? Descriptive.correlation(x1, x2)
        return s
    }

    /// Hageman & Arrindell (1999) group level, see ``HAGroupLevel``.
    static func haGroupLevel(pre x1: [Double], post x2: [Double], parameters p: ChangeParameters) -> HAGroupLevel? {
        let d = zip(x1, x2).map { $1 - $0 }
        guard let rdd = p.reliable.differenceReliability, let sdD = try? Descriptive.standardDeviation(d), sdD > 0,
              let md = try? Descriptive.mean(d) else { return nil }
        let better = p.reliable.direction == .lowerIsBetter ? -md : md
        let changed = Normal.cdf(better / (rdd.squareRoot() * sdD))
        var functional: Double? = nil
        if let cut = p.cutoff, let m2 = p.reliable.sample.postMean, let s2 = p.reliable.sample.postSD, let se = p.reliable.standardError, s2 > se {
            let st = (s2 * s2 - se * se).squareRoot()
            let beyond = p.reliable.direction == .lowerIsBetter ? cut.value - m2 : m2 - cut.value
            functional = Normal.cdf(beyond / st)
        }
        return HAGroupLevel(measure: p.measure, changed: changed, functional: functional)
    }

    /// Indices (pre, post) of the selected scores, or `nil` when a selector matches nothing or
    /// the pre score is not before the post score.
    static func select(_ scores: ScoreList, _ o: ChangeOptions) -> (Int, Int)? {
        guard scores.count >= 2 else { return nil }
        func pick(_ s: ScoreSelector, pre: Bool) -> Int? {
            switch s {
            case .first: return 0
            case .last: return scores.count - 1
            case .session(let n): return scores.firstIndex { $0.session == n }
            case .date(let d):
                if let i = scores.firstIndex(where: { $0.day == d }) { return i }
                return pre ? scores.firstIndex { ($0.day ?? .min) >= d } : scores.lastIndex { ($0.day ?? .max) <= d }
            }
        }
        guard let a = pick(o.pre, pre: true), let b = pick(o.post, pre: false), a < b else { return nil }
        return (a, b)
    }
}
