// SPDX-License-Identifier: GPL-3.0-or-later
// Errors as LocalizedError (issue 19): `error.localizedDescription` is the message the
// command-line tool prints, not "The operation could not be completed. (… error 1.)".
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CatalogError: LocalizedError {
    public var errorDescription: String? { description }
}

extension GoalError: LocalizedError {
    public var errorDescription: String? { description }
}

/// The reason as the tool prints it after the date field (`date "03/02/2025" is not …`).
extension DateError: CustomStringConvertible, LocalizedError {
    public var description: String { "date \(reason)" }
    public var errorDescription: String? { description }
}

extension RecoveryCurve.FitProblem: CustomStringConvertible, LocalizedError {
    public var errorDescription: String? { description }
}

/// The snake_case status value, as written in the `status` column, with what it means.
extension ChangeProblem: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .insufficientData: return "insufficient_data: fewer than two scores, or no score matched the pre/post selector"
        case .noReliability: return "no_reliability: no reliability in the catalog or options"
        case .zeroSD: return "zero_sd: the SD of the pre scores is zero or undefined"
        case .missingSD: return "missing_sd: --sd norm on a measure without a clinical SD"
        case .undefinedPercentage: return "undefined_percentage: a pre score of 0 or below has no percentage change"
        case .noThreshold: return "no_threshold: the measure has no published reliable-change threshold"
        case .noNorms: return "no_norms: the norms for the clinical cut-off are missing"
        }
    }
    public var errorDescription: String? { description }
}
