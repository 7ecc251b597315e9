// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCharts

/// The progress line of a long read: rows read, rate and elapsed time on standard error, one line
/// redrawn in place with a carriage return at most four times a second, from one second after the
/// start (so a short run prints nothing), and erased when the read ends.
///
/// Drawn only when standard error is a terminal and `--quiet` is not given: nothing is ever
/// written when standard error is a file or a pipe. The loader reports its row count every
/// ``ObservationLoader/progressInterval`` rows (not per row), so the hot loop does no clock reads.
/// `HEADWAY_PROGRESS_AFTER` (seconds, default 1) sets the delay before the first draw.
/// Sendable: the streaming reader calls ``update(rows:)`` from its reading threads one at a time.
final class ProgressLine: @unchecked Sendable {
    private let start: Double
    private let after: Double
    private var lastDraw = -Double.infinity
    private var drawn = false

    /// A progress line, or `nil` when standard error is not a terminal or `quiet` is set.
    static func start(quiet: Bool) -> ProgressLine? {
        guard !quiet, Terminal.stderrIsTerminal else { return nil }
        return ProgressLine()
    }

    private init() {
        start = Self.now()
        let after = Terminal.environment("HEADWAY_PROGRESS_AFTER").flatMap(Double.init) ?? 1
        self.after = after.isFinite && after >= 0 ? after : 1
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Redraws the line with `rows` read, if a quarter of a second has passed since the last draw.
    func update(rows: Int) {
        let t = Self.now()
        guard t - start >= after, t - lastDraw >= 0.25 else { return }
        lastDraw = t
        drawn = true
        Terminal.errorRaw("\r" + ProgressText.line(rows: rows, elapsed: t - start) + "\u{1B}[K")
    }

    /// Erases the line (if it was drawn), so that later messages start on a clean line.
    func finish() {
        if drawn { Terminal.errorRaw("\r\u{1B}[K") }
        drawn = false
    }
}
