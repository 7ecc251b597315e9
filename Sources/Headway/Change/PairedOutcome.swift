// SPDX-License-Identifier: GPL-3.0-or-later
// NHS Talking Therapies paired-measure outcomes (PHQ-9 with GAD-7 by default).

/// Paired outcomes of one client episode on two measures, following the NHS Talking Therapies
/// for anxiety and depression Manual: caseness at the start = clinical on at least one
/// measure; recovery = a case at the start and clinical on neither at the end; reliable
/// improvement = reliable improvement on at least one measure and reliable deterioration on
/// neither; reliable deterioration = reliable deterioration on at least one; reliable
/// recovery = recovery and reliable improvement.
public struct PairedOutcome: Sendable, Hashable {
    public var clientID: String
    public var episodeID: String
    public var measures: (String, String)
    public var caseAtStart: Bool?
    public var recovered: Bool?
    public var reliableImprovement: Bool?
    public var reliableDeterioration: Bool?
    public var reliableRecovery: Bool?
    public var status: ChangeStatus

    public static func == (a: PairedOutcome, b: PairedOutcome) -> Bool {
        a.clientID == b.clientID && a.episodeID == b.episodeID && a.measures == b.measures && a.caseAtStart == b.caseAtStart
            && a.recovered == b.recovered && a.reliableImprovement == b.reliableImprovement
            && a.reliableDeterioration == b.reliableDeterioration && a.reliableRecovery == b.reliableRecovery && a.status == b.status
    }

    public func hash(into h: inout Hasher) {
        h.combine(clientID); h.combine(episodeID); h.combine(measures.0); h.combine(measures.1)
    }

    /// Pairs the rows of `result` by (client, episode); episodes with only one of the two
    /// measures are skipped. Status is the first non-ok status of the two rows (no_norms
    /// leaves caseness and recovery empty but keeps the reliable-change outcomes).
    public static func pair(_ result: ChangeResult, _ a: String, _ b: String) -> [PairedOutcome] {
        struct K: Hashable, Comparable {
            var c: String, e: String
            static func < (x: K, y: K) -> Bool { (x.c, x.e) < (y.c, y.e) }
        }
        var rowsA: [K: EpisodeChange] = [:], rowsB: [K: EpisodeChange] = [:]
        let na = MeasureCatalog.normalize(a), nb = MeasureCatalog.normalize(b)
        for e in result.episodes {
            let k = K(c: e.key.clientID, e: e.key.episodeID)
            let m = MeasureCatalog.normalize(e.key.measure)
            if m == na { rowsA[k] = e } else if m == nb { rowsB[k] = e }
        }
        var out: [PairedOutcome] = []
        for k in rowsA.keys.sorted() {
            guard let x = rowsA[k], let y = rowsB[k] else { continue }
            var o = PairedOutcome(clientID: k.c, episodeID: k.e, measures: (x.key.measure, y.key.measure), status: .ok)
            let statuses = [x.status, y.status].filter { $0 != .ok }
            o.status = statuses.first(where: { $0 != .noNorms }) ?? statuses.first ?? .ok
            let r = rules(ChangeClassification(reliableDirection: x.reliableDirection, clinicalPre: x.clinicalPre, functionalPost: x.functionalPost, status: x.status),
                          ChangeClassification(reliableDirection: y.reliableDirection, clinicalPre: y.clinicalPre, functionalPost: y.functionalPost, status: y.status))
            o.caseAtStart = r.caseAtStart
            o.recovered = r.recovered
            o.reliableImprovement = r.reliableImprovement
            o.reliableDeterioration = r.reliableDeterioration
            o.reliableRecovery = r.reliableRecovery
            out.append(o)
        }
        return out
    }

    /// The outcomes of one episode's two classifications (the rules above); shared with the practice report.
    public static func rules(_ x: ChangeClassification, _ y: ChangeClassification)
        -> (caseAtStart: Bool?, recovered: Bool?, reliableImprovement: Bool?, reliableDeterioration: Bool?, reliableRecovery: Bool?) {
        var out: (caseAtStart: Bool?, recovered: Bool?, reliableImprovement: Bool?, reliableDeterioration: Bool?, reliableRecovery: Bool?) = (nil, nil, nil, nil, nil)
        if let dx = x.reliableDirection, let dy = y.reliableDirection {
            out.reliableImprovement = (dx == .improved || dy == .improved) && dx != .deteriorated && dy != .deteriorated
            out.reliableDeterioration = dx == .deteriorated || dy == .deteriorated
        }
        if let cx = x.clinicalPre, let cy = y.clinicalPre, let fx = x.functionalPost, let fy = y.functionalPost {
            out.caseAtStart = cx || cy
            out.recovered = (cx || cy) && fx && fy
            if let ri = out.reliableImprovement { out.reliableRecovery = out.recovered! && ri }
        }
        return out
    }
}
