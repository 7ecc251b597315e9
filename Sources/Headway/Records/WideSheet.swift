import HeadwayCSV

/// A wide sheet: identifier columns kept on every row, and one column per measure (an
/// observations sheet: `client_id, date, PHQ-9, GAD7 score`) or per review (a GAS sheet:
/// `client_id, goal_id, Baseline, Review 1, Review 2, Outcome`), read as the long data every
/// loader reads.
///
/// Reading is an adapter at the input boundary, before rows reach a loader's parser: the header
/// becomes a long header (the kept headers, then the key columns, then the value column) and each
/// **value cell** of a data row becomes one long row on the row's line, holding the kept cells,
/// the column's key (the measure's catalog name; the review number or date) and the cell.
///
/// Accounting: **each value cell is a row read**, so a sheet of R data rows and M measure columns
/// reads R × M rows, and accepted + skipped + rejected = rows read holds as for long files. A blank
/// cell is a measure not administered (observations: skipped and counted, an error under
/// `--require-scores`) or a goal not rated at that review (goals: skipped and counted); each cell
/// of an all-empty row is an empty row (skipped). Messages name the sheet's own line and column
/// (the cell's column, not a column of the long row), and a rejects file holds the long rows
/// under the long header, so it can be corrected and read again.
///
/// Measure columns are matched to the catalog by name or alias after normalising (case, spaces,
/// hyphens, underscores and dots ignored), with trailing `total`/`score`/`sum`/`raw` words
/// dropped (`GAD7 score` is GAD-7): never by edit distance. A header that is not a known column
/// but is within edit distance of a measure is an error with "did you mean" (a measure column
/// must never be dropped silently); other unknown headers (`Notes`) are kept on each long row
/// and ignored, as in long files.
public struct WideLayout: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// One column per measure (observations).
        case measures
        /// One column per review (goals).
        case reviews
    }

    /// A column whose cells become long rows.
    public struct ValueColumn: Sendable, Equatable {
        /// 0-based column of the sheet.
        public var index: Int
        /// Its header as written.
        public var header: String
        /// The long row's key cells for this column (measure name; review number, review date).
        public var keys: [String]
    }

    public var kind: Kind
    /// The sheet's header as written.
    public var headers: [String]
    /// 0-based columns copied onto every long row, in sheet order.
    public var kept: [Int]
    /// Names of the key columns of the long rows (`measure`; `review`, `review_date`).
    public var keyNames: [String]
    /// Name of the value column of the long rows (`score`; `attained`).
    public var valueName: String
    public var values: [ValueColumn]
    /// Whether the option asked for a wide sheet (`--wide`) rather than it being detected.
    public var requested = false

    /// The long header handed to the loader.
    public var longHeader: [String] { kept.map { headers[$0] } + keyNames + [valueName] }

    /// One line for standard error and `check`: what was read and how.
    public var summary: String {
        let cols = values.map { v -> String in
            let key = v.keys.first { !$0.isEmpty } ?? ""
            let name = kind == .reviews && v.keys.first == "" ? "review_date \(key)" : (kind == .reviews ? "review \(key)" : key)
            return ColumnSpec.normalise(v.header) == ColumnSpec.normalise(key) ? name : "\(name) ← \(FieldExcerpt.quoted(v.header))"
        }
        let what = kind == .measures ? "one column per measure" : "one column per review"
        return "wide sheet (\(what): \(cols.joined(separator: ", "))); each cell is read as a row"
    }

    /// A short description without commas (`check`'s `layout` row).
    public var shortSummary: String { kind == .measures ? "wide (one column per measure)" : "wide (one column per review)" }

    /// The sheet's 1-based column for a long row's 1-based column `c`, for value column `v`.
    func origin(_ c: Int, value v: Int) -> Int {
        if c <= 0 { return c }
        if c <= kept.count { return kept[c - 1] + 1 }
        return values[v].index + 1
    }

    /// Calls `body` with each value cell of `record` as a long row (see the type's documentation),
    /// with the index of its value column. A `CSVError` thrown for the row names the sheet's column.
    public func expand(_ record: CSVRecord, _ body: (CSVRecord, Int) throws -> Void) throws {
        let empty = record.isEmptyRow
        var tooMany: String? = nil
        if record.count > headers.count, record.malformed == nil {
            tooMany = "row has \(record.count) fields but the header has \(headers.count)"
        }
        var fields: [[UInt8]] = []
        for (v, column) in values.enumerated() {
            fields.removeAll(keepingCapacity: true)
            for k in kept { fields.append(empty ? [] : Array(record[k])) }
            for key in column.keys { fields.append(empty ? [] : Array(key.utf8)) }
            fields.append(empty ? [] : Array(record[column.index]))
            var malformed = record.malformed ?? tooMany
            var field = 0
            if record.malformed != nil, record.malformedField > 0 {
                let f = record.malformedField - 1
                if let i = kept.firstIndex(of: f) {
                    field = i + 1
                } else if f == column.index {
                    field = fields.count
                } else {
                    malformed = nil            // the bad bytes are in another cell of the sheet's row
                }
            }
            do {
                try CSVRecord.withFields(fields, line: record.line, malformed: malformed, malformedField: field) { try body($0, v) }
            } catch let e as CSVError where e.line == record.line {
                throw CSVError(file: e.file, line: e.line, column: origin(e.column, value: v), reason: e.reason)
            }
        }
    }

    /// A rejection of a long row, with its column turned into the sheet's column.
    public func sheetRejection(_ r: Rejection) -> Rejection {
        let n = keyNames.count
        guard r.raw.count >= kept.count + n else { return r }
        let keys = Array(r.raw[kept.count..<(kept.count + n)])
        guard let v = values.firstIndex(where: { $0.keys == keys }) else { return r }
        var out = r
        out.column = origin(r.column, value: v)
        return out
    }

    // MARK: Detection

    /// The catalog measure a header names: by name or alias, or with trailing filler words
    /// (`total`, `score`, `sum`, `raw`) dropped.
    static func measureName(_ header: String, catalog: MeasureCatalog) -> String? {
        if let m = catalog.measure(named: header) { return m.name }
        var words = header.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "(" || $0 == ")" }).map(String.init)
        var dropped = false
        while words.count > 1, Suggestions.fillerWords.contains(words.last!) { words.removeLast(); dropped = true }
        guard dropped else { return nil }
        return catalog.measure(named: words.joined(separator: " "))?.name
    }

    /// The measure named by the first words of a header followed by other words (`GAD7 totl`,
    /// `PHQ-9 at intake`): a suggestion only, never a match.
    static func measurePrefix(_ header: String, catalog: MeasureCatalog) -> String? {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "(" || $0 == ")" }).map(String.init)
        guard words.count > 1 else { return nil }
        for k in stride(from: words.count - 1, through: 1, by: -1) {
            if let m = catalog.measure(named: words[0..<k].joined(separator: " ")) { return m.name }
        }
        return nil
    }

    /// The canonical column a header names among `specs` (`mapping` first, as ``HeaderMap`` does).
    static func canonical(_ header: String, specs: [ColumnSpec], mapping: [String: String]) -> String? {
        let t = header.trimmingSpaces()
        for (name, wanted) in mapping.sorted(by: { $0.key < $1.key })
        where wanted.trimmingSpaces() == t || ColumnSpec.normalise(wanted) == ColumnSpec.normalise(t) { return name }
        let n = ColumnSpec.normalise(header)
        for s in specs where s.name == n || s.aliases.contains(where: { ColumnSpec.normalise($0) == n }) { return s.name }
        return nil
    }

    /// The layout of an observations header with one column per measure, or nil for a long header.
    ///
    /// Detected when the header has no `measure` and no `score` column and at least one header
    /// names a catalog measure; `requested` (`--wide`) makes a header that is not such a sheet an
    /// error. A header near a measure (edit distance, ``Suggestions``) that names no column is an
    /// error with "did you mean", and so is a measure named by two headers.
    public static func measures(header record: CSVRecord, catalog: MeasureCatalog, columnMap: [String: String],
                                requested: Bool, file: String) throws -> WideLayout? {
        if record.malformed != nil { return nil }
        let headers = record.allStrings()
        var kept: [Int] = [], values: [ValueColumn] = [], near: [(Int, String)] = []
        var long: String? = nil
        for (i, h) in headers.enumerated() {
            if let c = canonical(h, specs: ObservationLoader.columns, mapping: columnMap) {
                if c == "measure" || c == "score" { long = long ?? h }
                kept.append(i)
            } else if let m = measureName(h, catalog: catalog) {
                if let first = values.first(where: { $0.keys == [m] }) {
                    throw CSVError(file: file, line: record.line, column: i + 1,
                                   reason: "header \(FieldExcerpt.quoted(h)) names measure \(m) again (already \(FieldExcerpt.quoted(first.header)), field \(first.index + 1)); a wide sheet has one column per measure")
                }
                values.append(ValueColumn(index: i, header: h, keys: [m]))
            } else {
                if let s = Suggestions.measure(h, in: catalog) ?? measurePrefix(h, catalog: catalog) { near.append((i, s)) }
                kept.append(i)
            }
        }
        if let long {
            guard requested else { return nil }
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: "--wide: the header has a \(FieldExcerpt.quoted(long)) column, so the file is long (one row per measure and session); a wide sheet has one column per measure and no measure or score column")
        }
        if let (i, s) = near.first {
            throw CSVError(file: file, line: record.line, column: i + 1,
                           reason: "wide sheet: header \(FieldExcerpt.quoted(headers[i])) is not a measure of the catalog: did you mean \(s)? (rename the column, or add the name as an alias with --measures)")
        }
        if values.isEmpty {
            guard requested else { return nil }
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: "--wide: no header names a measure of the catalog (found: \(FieldExcerpt.list(headers)))")
        }
        return WideLayout(kind: .measures, headers: headers, kept: kept, keyNames: ["measure"], valueName: "score",
                          values: values, requested: requested)
    }

    /// The review number a header names: `Review 1`, `review_2`, `Rev 3`, `R4`, `Session 5`,
    /// `Week 6`, `T1`, `Time 2` (case-insensitive), or nil.
    static func reviewNumber(_ header: String) -> Int? {
        let n = String(ColumnSpec.normalise(header).filter { $0 != "_" })
        for prefix in ["review", "rev", "session", "week", "time", "r", "t"] where n.hasPrefix(prefix) {
            let digits = n.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(digits) else { continue }
            return v
        }
        return nil
    }

    /// The layout of a goals header with one column per review, or nil for a long header.
    ///
    /// Review columns are `Review 1`-style headers (`reviewNumber(_:)`) or dates (ISO, or in
    /// `--date-format`). Detected when the header has review columns and no `review` or
    /// `review_date` column. An `Outcome`/`Attainment` column (the `attained` column) beside
    /// numbered reviews is the rating at the review after the last one; beside dated reviews it is
    /// an error (its date is unknown). With `requested` (`--wide`), a header with neither review
    /// columns nor a `review` or `review_date` column but with an `attained` column
    /// (`client, goal, Baseline, Outcome`) is read as rated once, at review 1 (without the option
    /// that header is the usual missing-column error: Headway does not guess a review), and a
    /// long header is an error.
    public static func reviews(header record: CSVRecord, columnMap: [String: String], dateFormat: DateFormat?,
                               requested: Bool, file: String) throws -> WideLayout? {
        if record.malformed != nil { return nil }
        let headers = record.allStrings()
        var kept: [Int] = [], values: [ValueColumn] = []
        var long: String? = nil
        var outcome: Int? = nil
        for (i, h) in headers.enumerated() {
            let c = canonical(h, specs: GoalsLoader.columns, mapping: columnMap)
            if c == "review" || c == "review_date" { long = long ?? h; kept.append(i); continue }
            if c == "attained" || c == "goal_score" { if outcome == nil { outcome = i } else { kept.append(i) }; continue }
            if c != nil { kept.append(i); continue }
            if let r = reviewNumber(h) {
                values.append(ValueColumn(index: i, header: h, keys: [String(r), ""]))
                continue
            }
            var bytes = Array(h.trimmingSpaces().utf8)
            if !bytes.isEmpty, case let .success(day) = bytes.withUnsafeMutableBufferPointer({ DateFormat.parse(UnsafeBufferPointer($0), format: dateFormat) }) {
                values.append(ValueColumn(index: i, header: h, keys: ["", CivilCalendar.isoString(days: day)]))
                continue
            }
            kept.append(i)
        }
        if let long {
            guard requested else { return nil }
            throw CSVError(file: file, line: record.line, column: 0,
                           reason: "--wide: the header has a \(FieldExcerpt.quoted(long)) column, so the goals file is long (one row per goal and review); a wide GAS sheet has one column per review (Review 1, Review 2, … or dates)")
        }
        if values.isEmpty {
            // A rating column alone (client, goal, baseline, outcome) is read as review 1 only
            // when asked for: without --wide the missing review column stays an error.
            guard let outcome, requested else {
                guard requested else { return nil }
                throw CSVError(file: file, line: record.line, column: 0,
                               reason: "--wide: no review columns (Review 1, Review 2, … or dated headers) and no Outcome/Attainment column (found: \(FieldExcerpt.list(headers)))")
            }
            values.append(ValueColumn(index: outcome, header: headers[outcome], keys: ["1", ""]))
        } else if let outcome {
            let numbers = values.compactMap { Int($0.keys[0]) }
            guard numbers.count == values.count, let last = numbers.max() else {
                throw CSVError(file: file, line: record.line, column: outcome + 1,
                               reason: "wide GAS sheet: the \(FieldExcerpt.quoted(headers[outcome])) column has no review date (the reviews are dated columns): head it with its date, or name it Review N")
            }
            values.append(ValueColumn(index: outcome, header: headers[outcome], keys: [String(last + 1), ""]))
        }
        let seen = Dictionary(values.map { ($0.keys, [$0]) }, uniquingKeysWith: +)
        if let dup = values.first(where: { seen[$0.keys]!.count > 1 }) {
            let other = seen[dup.keys]!
            throw CSVError(file: file, line: record.line, column: other[1].index + 1,
                           reason: "wide GAS sheet: headers \(FieldExcerpt.quoted(other[0].header)) and \(FieldExcerpt.quoted(other[1].header)) name the same review")
        }
        return WideLayout(kind: .reviews, headers: headers, kept: kept, keyNames: ["review", "review_date"], valueName: "attained",
                          values: values, requested: requested)
    }
}
