/// Small-cell suppression for practice-level summaries.
///
/// Any statistic computed from fewer than `minimum` people is not shown: it becomes
/// ``Cell/suppressed`` and is printed as `suppressed`. Counts below the minimum are
/// printed as `<minimum` (e.g. `<5`) rather than their value. This protects clients'
/// privacy in small groups (a clinician with two clients) and stops unstable numbers
/// from being compared. The default minimum is 5, in line with common statistical
/// disclosure control practice for health data (cells of fewer than 5 suppressed).
public struct SmallCellSuppression: Sendable, Equatable {
    public static let defaultMinimum = 5
    public let minimum: Int

    /// - Throws: ``GoalError/invalid(_:)`` unless `minimum ≥ 1`.
    public init(minimum: Int = SmallCellSuppression.defaultMinimum) throws {
        guard minimum >= 1 else { throw GoalError.invalid("the minimum cell size must be at least 1 (got \(minimum))") }
        self.minimum = minimum
    }

    /// A statistic that may be suppressed or not applicable.
    public enum Cell<Value: Sendable & Equatable>: Sendable, Equatable {
        case value(Value)
        /// Computed from fewer than `minimum` people.
        case suppressed
        /// Not computable (e.g. a standard deviation of one value, or zero spread).
        case notApplicable

        public var value: Value? { if case .value(let v) = self { return v } else { return nil } }
    }

    /// Whether a statistic from `n` people may be shown.
    public func allows(_ n: Int) -> Bool { n >= minimum }

    /// `compute()` when `n` people is enough, else `.suppressed`; a `nil` result is `.notApplicable`.
    public func cell<T>(_ n: Int, _ compute: () throws -> T?) rethrows -> Cell<T> {
        guard allows(n) else { return .suppressed }
        return try compute().map(Cell.value) ?? .notApplicable
    }

    /// A count as text: its value, or `<minimum` when below it.
    public func count(_ n: Int) -> String { allows(n) ? String(n) : "<\(minimum)" }

    /// A cell as text: `suppressed`, empty when not applicable, else `format(value)`.
    public func text<T>(_ c: Cell<T>, _ format: (T) -> String) -> String {
        switch c {
        case .value(let v): return format(v)
        case .suppressed: return "suppressed"
        case .notApplicable: return ""
        }
    }
}
