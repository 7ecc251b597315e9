// SPDX-License-Identifier: GPL-3.0-or-later
// Saving and loading fitted recovery curves (`headway flags --fit-only`, `--curves FILE`).
import HeadwayCSV

/// The curves CSV: one pooled row per measure (empty `session`, `n` = fitted rows, `sigma` =
/// pooled σ), then one row per session (`n` = residuals at that session, `sigma` = their root
/// mean square). Every row repeats the coefficients b0–b3, the episode count and R², so the file
/// reads well in a spreadsheet; loading takes them from the pooled row.
public enum RecoveryCurveFile {
    public static let header = ["measure", "session", "n", "sigma", "b0", "b1", "b2", "b3", "episodes", "r_squared"]

    /// Writes `curves` (sorted by measure, then session).
    public static func write(_ curves: [RecoveryCurve], to w: CSVWriter, digits: Int) throws {
        try w.row(header)
        for c in curves.sorted(by: { $0.measure < $1.measure }) {
            func line(session: Int?, n: Int, sigma: Double) throws {
                w.field(c.measure)
                w.field(session)
                w.field(n)
                w.field(sigma, decimals: digits)
                for b in c.coefficients { w.field(b, decimals: digits) }
                w.field(c.episodes)
                w.field(c.rSquared, decimals: digits)
                try w.endRecord()
            }
            try line(session: nil, n: c.rows, sigma: c.pooledSigma)
            for t in c.sessionSigma.keys.sorted() {
                let s = c.sessionSigma[t]!
                try line(session: t, n: s.n, sigma: s.sigma)
            }
        }
    }

    public static func load(path: String, format: CSVFormat = CSVFormat()) throws -> [String: RecoveryCurve] {
        let reader = try InputFile.reader(path: path, format: format)
        return try load(reader: reader)
    }

    /// Reads a curves file with its measure names resolved through `catalog` (aliases such as
    /// `phq9` become `PHQ-9`; a name the catalog does not know is kept as written). When two
    /// spellings name one measure, the curve written under the canonical name wins, else the
    /// alphabetically first spelling (deterministic, whatever the dictionary's order).
    public static func load(path: String, format: CSVFormat = CSVFormat(), catalog: MeasureCatalog) throws -> [String: RecoveryCurve] {
        canonical(try load(path: path, format: format), catalog: catalog)
    }

    /// `curves` keyed by the catalog's canonical measure names.
    public static func canonical(_ curves: [String: RecoveryCurve], catalog: MeasureCatalog) -> [String: RecoveryCurve] {
        let named = curves.map { (spelling: $0.key, name: catalog.measure(named: $0.key)?.name ?? $0.key, curve: $0.value) }
            .sorted { ($0.spelling != $0.name ? 1 : 0, $0.spelling) < ($1.spelling != $1.name ? 1 : 0, $1.spelling) }
        return Dictionary(named.map { ($0.name, $0.curve) }, uniquingKeysWith: { first, _ in first })
    }

    public static func load(text: String, name: String = "<memory>") throws -> [String: RecoveryCurve] {
        try load(reader: CSVReader(string: text, name: name))
    }

    /// Reads a curves file; measure names are taken as written (use the catalog's canonical names).
    /// The shared input layer applies: encoding, delimiter and decimal separator (a `;` file saved
    /// by a European spreadsheet reads `1,25` as 1.25), headers matched case-insensitively, `,,,,`
    /// rows skipped, errors at file:line:column.
    /// - Throws: `CSVError` (file:line:column: reason) for a missing column, a bad number, a
    ///   non-positive σ or a measure without its pooled row.
    public static func load(reader: CSVReader) throws -> [String: RecoveryCurve] {
        var index: [String: Int] = [:]
        var curves: [String: RecoveryCurve] = [:]
        var sessions: [String: [Int: RecoveryCurve.SessionSigma]] = [:]
        let file = reader.name
        try reader.forEachRecord { rec in
            if let m = rec.malformed { throw CSVError(file: file, line: rec.line, column: rec.malformedField, reason: m) }
            if index.isEmpty {
                let names = rec.allStrings()
                for i in 0..<rec.count { index[ColumnSpec.normalise(names[i])] = i }
                let missing = header.filter { index[$0] == nil }
                if !missing.isEmpty {
                    let near = missing.compactMap { m in Suggestions.closest(m, among: names.map { ($0, [$0]) }).map { "\(m): \(FieldExcerpt.quoted($0))?" } }
                    throw CSVError(file: file, line: rec.line, column: 0,
                                   reason: "missing column(s) \(missing.joined(separator: ", ")) (found: \(FieldExcerpt.list(names))\(near.isEmpty ? "" : "; closest: " + near.joined(separator: ", ")))")
                }
                return
            }
            if rec.isEmptyRow { return }                // a spreadsheet's trailing `,,,,` row
            func number(_ name: String) throws -> Double {
                let i = index[name]!
                guard i < rec.count, let v = FieldParser.double(rec[i], decimal: reader.decimal), v.isFinite else {
                    let hint = reader.decimal == .comma ? " (read with a decimal comma, 12,5: for a decimal point use --decimal point)" : ""
                    throw CSVError(file: file, line: rec.line, column: i + 1, reason: "\(name) \(rec.quoted(i)) must be a number\(hint)")
                }
                return v
            }
            func integer(_ name: String) throws -> Int {
                let i = index[name]!
                guard i < rec.count, let v = FieldParser.int(rec[i]), v >= 0 else {
                    throw CSVError(file: file, line: rec.line, column: i + 1, reason: "\(name) must be a non-negative integer")
                }
                return v
            }
            let mi = index["measure"]!, si = index["session"]!
            let measure = mi < rec.count ? rec.string(mi) : ""
            guard !measure.isEmpty else { throw CSVError(file: file, line: rec.line, column: mi + 1, reason: "measure is empty") }
            let sigma = try number("sigma")
            guard sigma > 0 else { throw CSVError(file: file, line: rec.line, column: index["sigma"]! + 1, reason: "sigma must be positive") }
            let n = try integer("n")
            if si >= rec.count || rec.isBlank(si) {
                let b = try ["b0", "b1", "b2", "b3"].map(number)
                curves[measure] = RecoveryCurve(measure: measure, coefficients: b, pooledSigma: sigma,
                                                episodes: try integer("episodes"), rows: n, rSquared: try number("r_squared"))
            } else {
                guard let t = FieldParser.int(rec[si]), t >= 1 else {
                    throw CSVError(file: file, line: rec.line, column: si + 1, reason: "session must be a positive integer or empty")
                }
                sessions[measure, default: [:]][t] = RecoveryCurve.SessionSigma(sigma: sigma, n: n)
            }
        }
        for (m, s) in sessions {
            guard curves[m] != nil else {
                throw CSVError(file: file, line: 1, column: 0, reason: "measure \(m) has session rows but no pooled row (empty session)")
            }
            curves[m]!.sessionSigma = s
        }
        return curves
    }
}
