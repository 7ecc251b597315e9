/// "Did you mean" suggestions for unknown measures and columns.
///
/// Distance: the Levenshtein edit distance (insertions, deletions, substitutions; Levenshtein
/// 1966) between normalised spellings (lower case, no spaces, hyphens, underscores or dots). A
/// candidate is suggested when its distance is at most a third of the longer spelling (at least
/// 1). For measures, trailing words a spreadsheet adds to a column or value (`total`, `score`,
/// `sum`, `raw`) are removed first, so `phq-9 total` suggests PHQ-9. A suggestion is only ever
/// shown in a message: the value is never replaced.
public enum Suggestions {
    /// Levenshtein distance between two strings (by Unicode scalar), in O(len(a)·len(b)) time.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    static let fillerWords = ["total", "score", "scores", "sum", "raw", "totalscore"]

    /// The closest of `candidates` (each a display name with its spellings) to `text`, or nil.
    public static func closest(_ text: String, among candidates: [(name: String, spellings: [String])], dropFillers: Bool = false) -> String? {
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "(" || $0 == ")" }).map(String.init)
        if dropFillers { while words.count > 1, fillerWords.contains(words.last!) { words.removeLast() } }
        let key = MeasureCatalog.normalize(words.joined(separator: " "))
        guard !key.isEmpty, key.count <= 64 else { return nil }
        var best: (String, Int)? = nil
        for c in candidates {
            for s in c.spellings {
                let n = MeasureCatalog.normalize(s)
                let d = editDistance(key, n)
                if d <= max(1, max(key.count, n.count) / 3), best == nil || d < best!.1 { best = (c.name, d) }
            }
        }
        return best?.0
    }

    /// A suggested catalog measure for an unknown measure name.
    public static func measure(_ text: String, in catalog: MeasureCatalog) -> String? {
        closest(text, among: catalog.measures.map { ($0.name, [$0.name] + $0.aliases) }, dropFillers: true)
    }

    /// The header closest to column `spec` (its name or an alias), for a missing-column message.
    public static func header(for spec: ColumnSpec, in headers: [String]) -> String? {
        closest(spec.name, among: headers.map { ($0, [$0]) }) ?? spec.aliases.lazy.compactMap { closest($0, among: headers.map { ($0, [$0]) }) }.first
    }
}
