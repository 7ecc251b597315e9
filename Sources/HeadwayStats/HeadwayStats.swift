// SPDX-License-Identifier: GPL-3.0-or-later
/// HeadwayStats: the one module that talks to the GNU Scientific Library.
///
/// Every function takes Swift arrays, validates its input before GSL sees it
/// (GSL returns success with NaN for degenerate input), switches GSL's
/// abort-on-error handler off once, checks every status, and throws
/// ``GSLError`` or ``StatsError`` instead of returning NaN or infinity.
/// All results are `Sendable` values; there is no shared mutable state, so
/// every function is safe to call concurrently.
public enum HeadwayStats {}
