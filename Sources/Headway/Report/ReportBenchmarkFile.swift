// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV

/// Reads expected rates for `--benchmark`: a CSV with columns `metric` and `expected`
/// (a proportion 0–1, or a percentage 1–100 when written with `%` or greater than 1), and
/// optionally `measure` and `section` (blank = any). Example: `metric,measure,expected` /
/// `recovered,PHQ-9,0.5` / `recovery,,50%`. The shared input layer applies: encoding, delimiter
/// and decimal separator (`recovered;PHQ-9;0,5` in a `;` file), `,,,,` rows skipped, errors at
/// file:line:column.
public enum ReportBenchmarkFile {
    public static func load(path: String, format: CSVFormat = CSVFormat()) throws -> [BenchmarkRate] {
        var header: [String]? = nil
        var out: [BenchmarkRate] = []
        let reader = try InputFile.reader(path: path, format: format)
        try reader.forEachRecord { rec in
            if let m = rec.malformed { throw CSVError(file: path, line: rec.line, column: rec.malformedField, reason: m) }
            guard let h = header else {
                let names = rec.allStrings()
                header = names.map { ColumnSpec.normalise($0) }
                for c in ["metric", "expected"] where !header!.contains(c) {
                    let near = Suggestions.closest(c, among: names.map { ($0, [$0]) }).map { "; closest: \(FieldExcerpt.quoted($0))" } ?? ""
                    throw CSVError(file: path, line: rec.line, column: 0, reason: "benchmark file lacks a \(c) column (found: \(FieldExcerpt.list(names))\(near))")
                }
                return
            }
            if rec.isEmptyRow { return }                // a spreadsheet's trailing `,,,,` row
            func column(_ name: String) -> Int { (h.firstIndex(of: name) ?? -1) + 1 }
            func field(_ name: String) -> String? {
                guard let i = h.firstIndex(of: name), i < rec.count else { return nil }
                let s = rec.string(i).trimmingSpaces()
                return s.isEmpty ? nil : s
            }
            guard let metric = field("metric") else { throw CSVError(file: path, line: rec.line, column: column("metric"), reason: "missing metric") }
            var text = field("expected") ?? ""
            let percent = text.hasSuffix("%")
            if percent { text.removeLast() }
            var bytes = Array(text.trimmingSpaces().utf8)
            guard var p = bytes.withUnsafeMutableBufferPointer({ FieldParser.double(UnsafeBufferPointer($0), decimal: reader.decimal) }), p.isFinite else {
                let hint = reader.decimal == .comma ? " (read with a decimal comma, 12,5: for a decimal point use --decimal point)" : ""
                throw CSVError(file: path, line: rec.line, column: column("expected"), reason: "expected \(FieldExcerpt.quoted(field("expected") ?? "")) is not a number\(hint)")
            }
            if percent || p > 1 { p /= 100 }
            guard p >= 0, p <= 1 else { throw CSVError(file: path, line: rec.line, column: column("expected"), reason: "expected rate must be 0-1 or 0-100%") }
            out.append(BenchmarkRate(section: field("section"), measure: field("measure"), metric: metric, expected: p))
        }
        return out
    }
}
