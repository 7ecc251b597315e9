// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV

/// Reads expected rates for `--benchmark`: a CSV with columns `metric` and `expected`
/// (a proportion 0–1, or a percentage 1–100 when written with `%` or greater than 1), and
/// optionally `measure` and `section` (blank = any). Example: `metric,measure,expected` /
/// `recovered,PHQ-9,0.5` / `recovery,,50%`.
public enum ReportBenchmarkFile {
    public static func load(path: String) throws -> [BenchmarkRate] {
        var header: [String]? = nil
        var out: [BenchmarkRate] = []
        try CSVReader(path: path).forEachRecord { rec in
            guard let h = header else {
                header = rec.allStrings().map { ColumnSpec.normalise($0) }
                for c in ["metric", "expected"] where !header!.contains(c) {
                    throw CSVError(file: path, line: rec.line, column: 0, reason: "benchmark file lacks a \(c) column")
                }
                return
            }
            func field(_ name: String) -> String? {
                guard let i = h.firstIndex(of: name), i < rec.count else { return nil }
                let s = rec.string(i).trimmingSpaces()
                return s.isEmpty ? nil : s
            }
            guard let metric = field("metric") else { throw CSVError(file: path, line: rec.line, column: 0, reason: "missing metric") }
            var text = field("expected") ?? ""
            let percent = text.hasSuffix("%")
            if percent { text.removeLast() }
            guard var p = Double(text.trimmingSpaces()), p.isFinite else {
                throw CSVError(file: path, line: rec.line, column: 0, reason: "expected \(FieldExcerpt.quoted(field("expected") ?? "")) is not a number")
            }
            if percent || p > 1 { p /= 100 }
            guard p >= 0, p <= 1 else { throw CSVError(file: path, line: rec.line, column: 0, reason: "expected rate must be 0-1 or 0-100%") }
            out.append(BenchmarkRate(section: field("section"), measure: field("measure"), metric: metric, expected: p))
        }
        return out
    }
}
