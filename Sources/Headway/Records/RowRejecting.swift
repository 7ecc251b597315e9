import HeadwayCSV

/// The part of a row builder that the goals and plans loaders share: finding a column by its
/// canonical name and rejecting a row (strict: the error at once; lenient: kept for the
/// rejects file and counted).
protocol RowRejecting {
    var mode: ValidationMode { get }
    var file: String { get }
    /// Canonical column name → field index.
    var c: [String: Int] { get }
    var counts: LoadCounts { get set }
    var rejections: [Rejection] { get set }
}

extension RowRejecting {
    func col(_ name: String) -> Int { c[name] ?? -1 }

    mutating func reject(_ record: CSVRecord, _ name: String, _ reason: String) throws {
        let column = name.isEmpty ? 0 : col(name) + 1
        let r = Rejection(line: record.line, column: column, field: name, reason: reason, raw: record.allStrings())
        if mode == .strict { throw r.error(file: file) }
        rejections.append(r)
        counts.rejected += 1
    }
}
