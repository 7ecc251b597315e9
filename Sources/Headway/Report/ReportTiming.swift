// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Phase timings on standard error when HEADWAY_TIMING is set (for profiling the report and the
/// general loader's parallel read: parts, merge, episodes in order).
enum ReportTiming {
    static let enabled = getenv("HEADWAY_TIMING") != nil

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func log(_ phase: String, since t: Double) {
        guard enabled else { return }
        let line = Array("headway: timing: \(phase) \(Int((now() - t) * 1000)) ms\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
