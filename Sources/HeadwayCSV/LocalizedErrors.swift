// SPDX-License-Identifier: GPL-3.0-or-later
// Errors as LocalizedError (issue 19): `error.localizedDescription` is the message the
// command-line tool prints, not "The operation could not be completed. (… error 1.)".
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `file:line:column: reason`, as printed by the command-line tool.
extension CSVError: LocalizedError {
    public var errorDescription: String? { description }
}
