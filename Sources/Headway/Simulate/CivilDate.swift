// Proleptic Gregorian calendar dates as day counts since 1970-01-01, after Howard Hinnant's
// `days_from_civil` / `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html).
// SPDX-License-Identifier: GPL-3.0-or-later

public enum CivilDate {
    /// Days since 1970-01-01 of the given civil date (negative before 1970).
    @inlinable public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400                                        // [0, 399]
        let mp = month > 2 ? month - 3 : month + 9                     // March = 0
        let doy = (153 * mp + 2) / 5 + day - 1                         // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy                // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// Civil date of a day count since 1970-01-01.
    @inlinable public static func components(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097                                    // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)              // [0, 365]
        let mp = (5 * doy + 2) / 153                                   // [0, 11]
        let d = doy - (153 * mp + 2) / 5 + 1                           // [1, 31]
        let m = mp < 10 ? mp + 3 : mp - 9                              // [1, 12]
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// Same as `days(year:month:day:)`.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        days(year: year, month: month, day: day)
    }

    /// ISO 8601 `YYYY-MM-DD` (years 0...9999) of a day count since 1970-01-01.
    public static func dateString(daysSinceEpoch: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: 10)
        bytes.withUnsafeMutableBufferPointer { writeISO(days: daysSinceEpoch, to: $0.baseAddress!) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the 10 bytes `YYYY-MM-DD` at `p` (year taken modulo 10000).
    @inlinable @inline(__always)
    static func writeISO(days: Int, to p: UnsafeMutablePointer<UInt8>) {
        let (y, m, d) = components(days: days)
        let yy = ((y % 10_000) + 10_000) % 10_000
        p[0] = 48 &+ UInt8(truncatingIfNeeded: yy / 1000)
        p[1] = 48 &+ UInt8(truncatingIfNeeded: (yy / 100) % 10)
        p[2] = 48 &+ UInt8(truncatingIfNeeded: (yy / 10) % 10)
        p[3] = 48 &+ UInt8(truncatingIfNeeded: yy % 10)
        p[4] = 45
        p[5] = 48 &+ UInt8(truncatingIfNeeded: m / 10)
        p[6] = 48 &+ UInt8(truncatingIfNeeded: m % 10)
        p[7] = 45
        p[8] = 48 &+ UInt8(truncatingIfNeeded: d / 10)
        p[9] = 48 &+ UInt8(truncatingIfNeeded: d % 10)
    }
}
