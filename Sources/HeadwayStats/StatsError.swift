// SPDX-License-Identifier: GPL-3.0-or-later

/// Invalid input detected before GSL is called, or a result that could not be
/// made finite. HeadwayStats never returns NaN or ±infinity; it throws one of these.
public enum StatsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than the computation needs.
    case tooFewPoints(needed: Int, got: Int)
    /// Paired inputs (x and y, design and response, weights) have different lengths,
    /// or design rows have different lengths.
    case lengthMismatch
    /// The predictor of a straight-line fit takes a single value, so the slope is undefined.
    case constantPredictor
    /// A series has zero variance where a non-zero variance is required (e.g. correlation).
    case zeroVariance(String)
    /// An input (named by the associated value) contains NaN or ±infinity,
    /// or a computed result would be non-finite.
    case nonFinite(String)
    /// A probability or confidence level outside its allowed range.
    case probabilityOutOfRange(Double)
    /// Any other invalid argument, described by the associated value.
    case invalidArgument(String)
    /// The design matrix does not have full column rank.
    case singularDesign
    /// The function has the same sign at both ends of the bracket.
    case noSignChange(lower: Double, upper: Double)
    /// An iterative method did not converge within the given number of iterations.
    case noConvergence(iterations: Int)

    /// A one-line, human-readable explanation of the error.
    public var description: String {
        switch self {
        case let .tooFewPoints(needed, got):
            return "too few data points: needed at least \(needed), got \(got)"
        case .lengthMismatch:
            return "inputs have different lengths"
        case .constantPredictor:
            return "the predictor is constant, so the slope is undefined"
        case let .zeroVariance(what):
            return "\(what) has zero variance"
        case let .nonFinite(what):
            return "non-finite value (NaN or infinity) in \(what)"
        case let .probabilityOutOfRange(p):
            return "probability \(p) is outside the allowed range"
        case let .invalidArgument(what):
            return "invalid argument: \(what)"
        case .singularDesign:
            return "the design matrix is singular (columns are linearly dependent)"
        case let .noSignChange(lower, upper):
            return "the function does not change sign between \(lower) and \(upper)"
        case let .noConvergence(iterations):
            return "no convergence after \(iterations) iterations"
        }
    }
}
