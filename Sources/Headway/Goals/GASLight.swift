/// Verbal attainment ratings ("GAS-light" style) mapped onto the −2…+2 GAS levels.
///
/// An input convenience only: every phrase maps to one of the five standard levels, so
/// the T-score formula is unchanged. The mapping follows the Turner-Stokes (2009)
/// convention that a goal starts at −1 (some ability) or −2 (none) and that "no change"
/// leaves it at its baseline level:
///
/// | phrase (case, spaces, `-` and `_` ignored)                                  | level |
/// |------------------------------------------------------------------------------|-------|
/// | much better than expected, a lot more than expected, much more than expected | +2 |
/// | better than expected, a little more than expected, more than expected        | +1 |
/// | as expected, achieved, expected                                              |  0 |
/// | partially achieved, less than expected, a little less than expected          | −1 |
/// | no change, unchanged, same                                                   | the goal's baseline (−1 or −2; needs a baseline) |
/// | worse, got worse, much less than expected, much worse than expected          | −2 |
///
/// Numbers (`-2`, `+1`, `0`…) are read as levels directly.
public enum GASLight {
    public enum Mapping: Equatable, Sendable {
        case level(Int)
        case baseline
    }

    static let phrases: [String: Mapping] = {
        var m: [String: Mapping] = [:]
        for p in ["much_better_than_expected", "a_lot_more_than_expected", "much_more_than_expected", "a_lot_better_than_expected"] { m[p] = .level(2) }
        for p in ["better_than_expected", "a_little_more_than_expected", "more_than_expected", "a_little_better_than_expected", "somewhat_more_than_expected"] { m[p] = .level(1) }
        for p in ["as_expected", "achieved", "expected", "achieved_as_expected", "expected_level"] { m[p] = .level(0) }
        for p in ["partially_achieved", "less_than_expected", "a_little_less_than_expected", "somewhat_less_than_expected", "partly_achieved"] { m[p] = .level(-1) }
        for p in ["no_change", "unchanged", "same"] { m[p] = .baseline }
        for p in ["worse", "got_worse", "much_less_than_expected", "much_worse_than_expected", "worse_than_baseline"] { m[p] = .level(-2) }
        return m
    }()

    /// The mapping of a verbal rating, or `nil` when the phrase is unknown.
    public static func mapping(_ text: String) -> Mapping? {
        phrases[ColumnSpec.normalise(text.trimmingSpaces())]
    }

    /// The known phrase closest to an unknown rating (``Suggestions``), for "did you mean"; the
    /// rating itself is never replaced.
    public static func suggestion(_ text: String) -> String? {
        Suggestions.closest(text, among: phrases.keys.sorted().map { ($0.replacingUnderscores(), [$0]) })
    }

    /// The level of a verbal rating given the goal's baseline; `nil` when unknown or when
    /// "no change" is used without a baseline.
    public static func level(_ text: String, baseline: Int?) -> Int? {
        switch mapping(text) {
        case .level(let l): return l
        case .baseline: return baseline
        case nil: return nil
        }
    }
}

extension String {
    /// Underscores as spaces (a normalised phrase as written).
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
