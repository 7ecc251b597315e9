// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// `--as-of` values: `YYYY-MM-DD` or `today` (the local calendar date of this machine).
enum AsOfDate {
    /// Day number (as `FieldParser.isoDate`) of `text`, or `nil` when it is neither a date nor `today`.
    static func parse(_ text: String) -> Int? {
        let s = text.lowercased() == "today" ? today() : text
        return Array(s.utf8).withUnsafeBufferPointer { FieldParser.isoDate($0) }
    }

    /// Today's local date as YYYY-MM-DD.
    static func today() -> String {
        var now = time(nil)
        var tm = tm()
        localtime_r(&now, &tm)
        func pad(_ v: Int32, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1, 2))-\(pad(tm.tm_mday, 2))"
    }

    static let help = "YYYY-MM-DD or 'today'"
}
