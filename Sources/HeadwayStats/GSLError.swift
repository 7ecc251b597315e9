// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// A non-zero status returned by a GSL routine.
///
/// `reason` is GSL's own text for the code, `String(cString: gsl_strerror(code))`
/// (GSL manual, section "Error Handling" → "Error Codes").
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The GSL status code (for example `GSL_EMAXITER` = 11).
    public let code: Int32
    /// The GSL function that returned the status.
    public let function: String
    /// `gsl_strerror(code)`.
    public let reason: String

    /// Creates an error for `code` returned by `function`; the reason is looked up with `gsl_strerror`.
    public init(code: Int32, function: String) {
        self.code = code
        self.function = function
        self.reason = String(cString: gsl_strerror(code))
    }

    /// "`function` failed: `reason` (GSL status `code`)".
    public var description: String { "\(function) failed: \(reason) (GSL status \(code))" }
}
