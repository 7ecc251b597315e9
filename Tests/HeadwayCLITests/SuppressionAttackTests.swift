import Foundation
import Testing

/// Differencing attacks on every published summary (change --summary, change --paired
/// --summary, gas --summary, report with --flags and --goals), on small simulated
/// practices: an attacker who sees the public outputs (grouped and ungrouped runs) and knows
/// how the numbers relate (rows add up to their total, groups add up to the practice, a
/// rate's count and complement add up to its denominator, two sections count the same
/// episodes) solves every relation with exactly one unknown, repeatedly. No count below
/// the minimum may be recovered, and none may be printed.
///
/// The relations follow from the definitions (a count is the denominator of a rate, the
/// activity section's open episodes are the flags section's open episodes, …) and are kept
/// where they hold on the true numbers (the same runs with suppression off).
@Suite struct SuppressionAttackTests {
    static let minimum = 5

    // MARK: the attacker

    struct Relation { var terms: [(String, Int)] }   // Σ coefficient · variable = 0

    /// Solves relations with one unknown until nothing changes; returns what became known.
    static func attack(known: [String: Int], relations: [Relation]) -> [String: Int] {
        var k = known
        var changed = true
        while changed {
            changed = false
            for r in relations {
                let unknown = r.terms.filter { k[$0.0] == nil }
                guard unknown.count == 1 else { continue }
                let (v, c) = unknown[0]
                let rest = r.terms.filter { $0.0 != v }.reduce(0) { $0 + $1.1 * k[$1.0]! }
                k[v] = -rest / c
                changed = true
            }
        }
        return k
    }

    /// Relations that hold on `truth`.
    static func valid(_ relations: [Relation], _ truth: [String: Int]) -> [Relation] {
        relations.filter { r in r.terms.allSatisfy { truth[$0.0] != nil } && r.terms.reduce(0) { $0 + $1.1 * truth[$1.0]! } == 0 }
    }

    /// Sum relation: parts add up to total.
    static func sum(_ parts: [String], _ total: String) -> Relation {
        Relation(terms: parts.map { ($0, 1) } + [(total, -1)])
    }

    /// The checks: nothing below the minimum shown; nothing hidden and below it recovered.
    /// Returns how many small counts the same attack recovers from primary suppression alone
    /// (every count ≥ the minimum shown): the attacker must have teeth for the test to mean anything.
    @discardableResult
    static func expectSafe(truth: [String: Int], public shown: [String: Int], relations: [Relation], _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let primaryOnly = truth.filter { $0.value >= minimum && !$0.key.hasSuffix(":complement") && !$0.key.hasSuffix("|below") }
        let naive = attack(known: primaryOnly, relations: valid(relations, truth))
        let teeth = truth.filter { $0.value < minimum && primaryOnly[$0.key] == nil && naive[$0.key] != nil }.count
        for (v, x) in shown where x < minimum {
            Issue.record("\(what): \(v) = \(x) is shown", sourceLocation: sourceLocation)
        }
        let learned = attack(known: shown, relations: valid(relations, truth))
        for (v, x) in truth where x < minimum && shown[v] == nil && !v.hasSuffix("paired_data_rate:complement") {
            if let y = learned[v] { Issue.record("\(what): hidden \(v) = \(x) recovered as \(y)", sourceLocation: sourceLocation) }
        }
        return teeth
    }

    // MARK: practices

    /// A small practice: `clients` clients over `clinicians` clinicians (two sites), PHQ-9
    /// and GAD-7 at 2 to 5 sessions, scores drawn so that every change category occurs.
    static func practice(seed: UInt64, clients: Int, clinicians: Int) throws -> (observations: String, goals: String) {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var obs = "client_id,clinician_id,site,episode_id,measure,session,date,score\n"
        var goals = "client_id,clinician_id,site,episode_id,goal_id,importance,difficulty,baseline,review,review_date,attained\n"
        for c in 1...clients {
            let t = "T\(next(clinicians) + 1)", site = "S\(next(2) + 1)"
            let sessions = 2 + next(4)
            let start = 1 + next(200)
            for (m, top) in [("PHQ-9", 27), ("GAD-7", 21)] where m == "PHQ-9" || next(3) > 0 {
                var score = top / 2 + next(top / 2 + 1)
                for s in 1...sessions {
                    let day = start + 14 * (s - 1)
                    let date = String(format: "2025-%02d-%02d", 1 + day / 31 % 12, 1 + day % 28)
                    obs += "C\(c),\(t),\(site),E1,\(m),\(s),\(date),\(score)\n"
                    score = max(0, min(top, score + next(13) - 8))
                }
            }
            if next(4) > 0 {
                for g in 1...(1 + next(3)) {
                    let importance = 1 + next(3), difficulty = 1 + next(3)
                    for review in 1...2 {
                        goals += "C\(c),\(t),\(site),E1,G\(g),\(importance),\(difficulty),-1,\(review),2025-0\(review + 2)-1\(review),\(next(5) - 2)\n"
                    }
                }
            }
        }
        let dir = temporaryPath("attack-\(seed)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let o = dir + "/observations.csv", g = dir + "/goals.csv"
        try obs.write(toFile: o, atomically: true, encoding: .utf8)
        try goals.write(toFile: g, atomically: true, encoding: .utf8)
        return (o, g)
    }

    static let practices: [(UInt64, Int, Int)] = [(1, 12, 3), (2, 25, 4), (3, 40, 5), (4, 18, 2), (5, 60, 6), (6, 9, 3)]

    /// CSV rows as dictionaries by header.
    static func table(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func run(_ args: [String]) throws -> [[String: String]] {
        let r = try runHeadway(args + ["--format", "csv"])
        #expect(r.status == 0 || r.status == 3, "\(args): \(r.stderr)")
        return table(r.stdout)
    }

    // MARK: change --summary

    static func changeCells(_ rows: [[String: String]], grouped: Bool) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in rows where r["category"]?.hasPrefix("ha_") == false {
            let g = grouped ? r["group"]! : "*"
            let m = r["measure"]!
            if let k = Int(r["count"] ?? "") { out["\(g)|\(m)|\(r["category"]!)"] = k }
            if let n = Int(r["total"] ?? "") { out["\(g)|\(m)|total"] = n }
        }
        return out
    }

    @Test(arguments: ["clinician", "site"]) func changeSummaryResistsDifferencing(by: String) throws {
        let categories = ["recovered", "improved", "unchanged", "deteriorated", "harmed"]
        var teeth = 0
        defer { #expect(teeth > 0, "the attack recovers nothing even from primary suppression alone") }
        for (seed, n, t) in Self.practices {
            let p = try Self.practice(seed: seed, clients: n, clinicians: t)
            func cells(_ minCell: Int) throws -> [String: Int] {
                let grouped = try Self.run(["change", p.observations, "--summary", "--by", by, "--min-cell", String(minCell)])
                let practice = try Self.run(["change", p.observations, "--summary", "--min-cell", String(minCell)])
                return Self.changeCells(grouped, grouped: true).merging(Self.changeCells(practice, grouped: false)) { a, _ in a }
            }
            var truth = try cells(0)
            let shown = try cells(Self.minimum)
            let groups = Set(truth.keys.map { String($0.split(separator: "|")[0]) }).subtracting(["*"])
            var relations: [Relation] = []
            for m in ["PHQ-9", "GAD-7"] {
                for g in groups.union(["*"]) {
                    relations.append(Self.sum(categories.map { "\(g)|\(m)|\($0)" }, "\(g)|\(m)|total"))
                    // A category's complement (the group's other episodes) is never printed but follows from count and total.
                    for c in categories {
                        relations.append(Self.sum(["\(g)|\(m)|\(c)", "\(g)|\(m)|\(c):complement"], "\(g)|\(m)|total"))
                        if let k = truth["\(g)|\(m)|\(c)"], let n = truth["\(g)|\(m)|total"] { truth["\(g)|\(m)|\(c):complement"] = n - k }
                    }
                }
                for c in categories + ["total"] { relations.append(Self.sum(groups.map { "\($0)|\(m)|\(c)" }, "*|\(m)|\(c)")) }
            }
            #expect(!truth.isEmpty)
            teeth += Self.expectSafe(truth: truth, public: shown, relations: relations, "change --summary --by \(by), practice \(seed)")
        }
    }

    @Test func pairedSummaryResistsDifferencing() throws {
        var teeth = 0
        defer { #expect(teeth > 0, "the attack recovers nothing even from primary suppression alone") }
        for (seed, n, t) in Self.practices {
            let p = try Self.practice(seed: seed, clients: n, clinicians: t)
            func cells(_ minCell: Int) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for r in try Self.run(["change", p.observations, "--paired", "--summary", "--min-cell", String(minCell)]) {
                    let o = r["outcome"]!
                    if let k = Int(r["count"] ?? "") { out[o] = k }
                    if let n = Int(r["total"] ?? "") { out[o + ":n"] = n }
                }
                return out
            }
            let truth = try cells(0), shown = try cells(Self.minimum)
            var relations: [Relation] = []
            for o in ["case_start", "recovered", "reliable_improvement", "reliable_deterioration", "reliable_recovery"] {
                relations.append(Self.sum([o, o + ":complement"], o + ":n"))
            }
            var t2 = truth
            for o in ["case_start", "recovered", "reliable_improvement", "reliable_deterioration", "reliable_recovery"] {
                if let k = truth[o], let n = truth[o + ":n"] { t2[o + ":complement"] = n - k }
            }
            // The cases at the start are the denominator of recovery and reliable recovery.
            relations.append(Self.sum(["case_start"], "recovered:n"))
            relations.append(Self.sum(["case_start"], "reliable_recovery:n"))
            teeth += Self.expectSafe(truth: t2, public: shown, relations: relations, "change --paired --summary, practice \(seed)")
        }
    }

    // MARK: gas --summary

    @Test(arguments: ["clinician", "site"]) func gasSummaryResistsDifferencing(by: String) throws {
        var teeth = 0
        defer { #expect(teeth > 0, "the attack recovers nothing even from primary suppression alone") }
        for (seed, n, t) in Self.practices {
            let p = try Self.practice(seed: seed, clients: n, clinicians: t)
            func cells(_ minCell: Int) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for grouped in [true, false] {
                    let rows = try Self.run(["gas", p.goals, "--summary", "--min-cell", String(minCell)] + (grouped ? ["--by", by] : []))
                    for r in rows where grouped || r["group"] == "all" {
                        let g = r["group"] == "all" ? "*" : r["group"]!
                        let clients = Int(r["n_clients"] ?? "")
                        if let clients { out[g + "|n"] = clients }
                        if let c = Int(r["n_with_change"] ?? "") { out[g + "|change"] = c }
                        if let p = Double(r["prop_t_at_least_50"] ?? ""), let clients {
                            out[g + "|k"] = Int((p * Double(clients)).rounded())
                            out[g + "|below"] = clients - out[g + "|k"]!
                        }
                    }
                }
                return out
            }
            let truth = try cells(0)
            let shown = try cells(Self.minimum)
            let groups = Set(truth.keys.map { String($0.split(separator: "|")[0]) }).subtracting(["*"])
            var relations: [Relation] = []
            for v in ["n", "change", "k", "below"] { relations.append(Self.sum(groups.map { "\($0)|\(v)" }, "*|\(v)")) }
            for g in groups.union(["*"]) { relations.append(Self.sum(["\(g)|k", "\(g)|below"], "\(g)|n")) }
            // The complement is never printed: the attacker only learns it by subtraction.
            var published = shown
            for key in shown.keys where key.hasSuffix("|below") { published[key] = nil }
            teeth += Self.expectSafe(truth: truth, public: published, relations: relations, "gas --summary --by \(by), practice \(seed)")
        }
    }

    // MARK: report

    static func reportCells(_ rows: [[String: String]]) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in rows {
            let g = r["group"] == "all" ? "*" : r["group"]!
            let name = "\(g)|\(r["section"]!)/\(r["measure"]!)/\(r["metric"]!)"
            if let x = Double(r["value"] ?? ""), r["count"]?.isEmpty ?? true, r["n"]?.isEmpty ?? true, x == x.rounded(),
               !(r["metric"]!.contains("median") || r["metric"]!.contains("mean") || r["metric"]!.contains("sd")
                   || r["metric"]!.contains("srm") || r["metric"]!.contains("effect") || r["metric"]!.contains("slope")) {
                out[name] = Int(x)
            }
            if let k = Int(r["count"] ?? "") { out[name] = k }
            if let n = Int(r["n"] ?? "") {
                out[name + ":n"] = n
                if let k = Int(r["count"] ?? "") { out[name + ":complement"] = n - k }
            }
        }
        return out
    }

    @Test(arguments: ["clinician", "site"]) func reportResistsDifferencingAcrossRowsColumnsAndSections(by: String) throws {
        var teeth = 0
        defer { #expect(teeth > 0, "the attack recovers nothing even from primary suppression alone") }
        for (seed, n, t) in Self.practices {
            let p = try Self.practice(seed: seed, clients: n, clinicians: t)
            func cells(_ audience: String) throws -> [String: Int] {
                let common = ["report", p.observations, "--flags", "--goals", p.goals, "--audience", audience]
                let grouped = Self.reportCells(try Self.run(common + ["--by", by]))
                let practice = Self.reportCells(try Self.run(common)).filter { $0.key.hasPrefix("*|") }
                return grouped.merging(practice) { a, _ in a }
            }
            let truth = try cells("internal")
            var shown = try cells("public")
            // Complements are not printed: learned only by subtraction.
            for key in shown.keys where key.hasSuffix(":complement") { shown[key] = nil }
            let groups = Set(truth.keys.map { String($0.split(separator: "|")[0]) }).subtracting(["*"])
            let names = Set(truth.keys.map { String($0.split(separator: "|", maxSplits: 1)[1]) })
            var relations: [Relation] = []
            // Columns: each variable across the groups adds up to the practice.
            for v in names { relations.append(Self.sum(groups.map { "\($0)|\(v)" }, "*|\(v)")) }
            for g in groups.union(["*"]) {
                // Rates: count + complement = n.
                for v in names where v.hasSuffix(":n") {
                    let base = String(v.dropLast(2))
                    relations.append(Self.sum(["\(g)|\(base)", "\(g)|\(base):complement"], "\(g)|\(v)"))
                }
                // Rows: categories, derived sums, flag colours, paired episodes across measures.
                for m in ["PHQ-9", "GAD-7"] {
                    let o = "\(g)|outcomes/\(m)/"
                    relations.append(Self.sum(["recovered", "improved", "unchanged", "deteriorated", "harmed"].map { o + $0 }, o + "paired_n"))
                    relations.append(Self.sum([o + "recovered", o + "improved"], o + "reliable_improvement"))
                    relations.append(Self.sum([o + "deteriorated", o + "harmed"], o + "reliable_deterioration"))
                    relations.append(Self.sum([o + "reliable_improvement", o + "unchanged", o + "reliable_deterioration"], o + "paired_n"))
                }
                relations.append(Self.sum(["red", "yellow", "green", "white", "grey"].map { "\(g)|flags//\($0)" }, "\(g)|flags//open_episodes_flagged"))
                relations.append(Self.sum(["\(g)|outcomes/PHQ-9/paired_n", "\(g)|outcomes/GAD-7/paired_n"], "\(g)|activity//paired_episodes"))
            }
            // Sections and denominators: the identities a reader knows from the definitions.
            let tt = "talking_therapies/PHQ-9+GAD-7/"
            for g in groups.union(["*"]) {
                var pairs: [(String, String)] = [
                    ("activity//paired_data_rate:n", "activity//episodes"), ("activity//paired_data_rate", "activity//paired_episodes"),
                    ("activity//median_sessions_per_episode:n", "activity//episodes"),
                    ("activity//open_episodes", "flags//open_episodes_flagged"),
                    (tt + "cases_at_start:n", tt + "paired_episodes"), (tt + "recovery:n", tt + "cases_at_start"),
                    (tt + "reliable_recovery:n", tt + "cases_at_start"), (tt + "reliable_improvement:n", tt + "paired_episodes"),
                    (tt + "reliable_deterioration:n", tt + "paired_episodes"),
                    ("goals/GAS/gas_t_at_least_50:n", "goals/GAS/gas_episodes"), ("goals/GAS/gas_t_median:n", "goals/GAS/gas_episodes"),
                    ("goals/GBO/gbo_mean_change:n", "goals/GBO/gbo_episodes"),
                ]
                for c in ["red", "yellow", "green", "white", "grey", "measurement_due"] { pairs.append(("flags//\(c):n", "flags//open_episodes_flagged")) }
                for m in ["PHQ-9", "GAD-7"] {
                    for c in ["recovered", "improved", "unchanged", "deteriorated", "harmed", "reliable_improvement", "reliable_deterioration"] {
                        pairs.append(("outcomes/\(m)/\(c):n", "outcomes/\(m)/paired_n"))
                    }
                    for st in ["pre_mean", "pre_sd", "post_mean", "post_sd", "change_mean", "change_sd", "effect_size_d", "srm"] {
                        pairs.append(("outcomes/\(m)/\(st):n", "outcomes/\(m)/paired_n"))
                    }
                }
                for (a, b) in pairs { relations.append(Self.sum(["\(g)|\(a)"], "\(g)|\(b)")) }
            }
            #expect(truth.count > 50)
            teeth += Self.expectSafe(truth: truth, public: shown, relations: relations, "report --by \(by), practice \(seed)")
        }
    }
}
