import Foundation
import Testing

/// docs/output.md's CSV conventions, checked on every command's CSV output for the sample
/// practice: no text in a numeric column (no `<5`, `suppressed`, `nan`, `inf`), proportions
/// within 0–1, whole-number scores as integers, and headers that depend neither on options
/// nor on the data.
@Suite struct CSVConventionsTests {
    static let obs = repositoryPath("Datasets/sample-practice/observations.csv")
    static let goals = repositoryPath("Datasets/sample-practice/goals.csv")
    static let phases = repositoryPath("Datasets/single-case-example/observations.csv")

    /// RFC 4180 parsing (quoted fields may hold commas, quotes and line breaks).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var it = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func csv(_ args: [String]) throws -> [[String]] {
        let r = try runHeadway(args + ["--format", "csv"])
        #expect(r.status == 0 || r.status == 3, "\(args): \(r.stderr)")
        return parse(r.stdout)
    }

    static let runs: [[String]] = [
        ["change", obs], ["change", obs, "--summary"], ["change", obs, "--summary", "--by", "clinician"],
        ["change", obs, "--paired"], ["change", obs, "--paired", "--summary"], ["change", obs, "--method", "jt"],
        ["trend", obs], ["trend", phases], ["flags", obs], ["flags", obs, "--per-measure"], ["flags", obs, "--goals", goals],
        ["gas", goals], ["gas", goals, "--goals"], ["gas", goals, "--summary", "--by", "clinician"],
        ["report", obs, "--by", "clinician", "--goals", goals, "--flags"], ["report", obs], ["check", obs], ["measures"],
    ]

    /// Columns whose values are text by design (labels, ids, reasons, lists).
    static func isTextColumn(_ command: String, _ name: String) -> Bool {
        // check's long metric/value table mixes the file name and encodings with counts.
        command == "check" && name == "value"
    }

    @Test(arguments: runs) func numericColumnsHoldOnlyNumbers(args: [String]) throws {
        let rows = try Self.csv(args)
        let header = try #require(rows.first)
        #expect(rows.dropFirst().allSatisfy { $0.count == header.count }, "\(args): ragged rows")
        for (j, name) in header.enumerated() where !Self.isTextColumn(args[0], name) {
            let cells = rows.dropFirst().map { $0.count > j ? $0[j] : "" }.filter { !$0.isEmpty }
            let numeric = cells.filter { Double($0) != nil && !$0.lowercased().contains("nan") && !$0.lowercased().contains("inf") }
            // A column with any number holds numbers only (ids such as C000001 are not numbers).
            if !numeric.isEmpty { #expect(numeric.count == cells.count, "\(args) \(name): \(Set(cells).subtracting(numeric).prefix(3))") }
            for c in cells { #expect(!["<5", "<3", "suppressed", "nan", "inf", "-inf"].contains(c.lowercased()) || name == "status", "\(args) \(name): \(c)") }
        }
    }

    @Test(arguments: runs) func proportionsLieInZeroToOne(args: [String]) throws {
        let rows = try Self.csv(args)
        let header = try #require(rows.first)
        let proportion = header.indices.filter { ["proportion", "ci_low", "ci_high"].contains(header[$0]) || header[$0].hasPrefix("prop_") }
        let isReport = args[0] == "report"
        for row in rows.dropFirst() {
            // The report's value/ci columns are proportions on rate rows (a count and an n).
            if isReport {
                let h = Dictionary(uniqueKeysWithValues: zip(header, row))
                guard !(h["count"] ?? "").isEmpty, !(h["n"] ?? "").isEmpty else { continue }
                for c in ["value", "ci_low", "ci_high"] { if let v = Double(h[c] ?? "") { #expect((0...1).contains(v), "\(args) \(h["metric"]!): \(v)") } }
            } else {
                for j in proportion { if let v = Double(row[j]) { #expect((0...1).contains(v), "\(args) \(header[j]): \(v)") } }
            }
        }
    }

    /// The sample's scores are whole numbers: every score column prints them as integers.
    @Test func wholeScoresAreIntegers() throws {
        for (args, columns) in [(["change", Self.obs], ["pre", "post", "change"]), (["trend", Self.obs], ["first_score", "last_score"]),
                                (["flags", Self.obs, "--per-measure"], ["intake_score", "latest_score"])] {
            let rows = try Self.csv(args)
            for c in columns {
                let j = try #require(rows[0].firstIndex(of: c))
                #expect(rows.dropFirst().allSatisfy { $0[j].isEmpty || Int($0[j]) != nil }, "\(args[0]) \(c)")
            }
        }
    }

    /// A command's header does not depend on the data or on grouping options.
    @Test func headersAreStable() throws {
        let empty = ["--from", "1990-01-01", "--to", "1990-01-31"]
        for variants in [
            [["change", Self.obs, "--summary"], ["change", Self.obs, "--summary", "--by", "site"], ["change", Self.obs, "--summary"] + empty],
            [["change", Self.obs], ["change", Self.obs, "--method", "jt"], ["change", Self.obs] + empty],
            [["trend", Self.obs], ["trend", Self.phases], ["trend", Self.obs] + empty],
            [["flags", Self.obs], ["flags", Self.obs, "--goals", Self.goals], ["flags", Self.obs] + empty],
            [["gas", Self.goals, "--summary"], ["gas", Self.goals, "--summary", "--by", "site"], ["gas", Self.goals, "--summary"] + empty],
            [["report", Self.obs], ["report", Self.obs, "--by", "site", "--flags"]],
        ] {
            let headers = try variants.map { try Self.csv($0).first ?? [] }
            #expect(Set(headers.map { $0.joined(separator: ",") }).count == 1, "\(variants[0][0]): \(headers.map(\.count))")
        }
    }
}
