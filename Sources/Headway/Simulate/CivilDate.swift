// Proleptic Gregorian calendar dates as day counts since 1970-01-01, after Howard Hinnant's
// `days_from_civil` / `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html).
// SPDX-License-Identifier: GPL-3.0-or-later

import HeadwayCSV

public enum CivilDate {
    /// Days since 1970-01-01 of the given civil date (negative before 1970); see `CivilCalendar`.
    @inlinable public static func days(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// Civil date of a day count since 1970-01-01; see `CivilCalendar`.
    @inlinable public static func components(days: Int) -> (year: Int, month: Int, day: Int) {
        CivilCalendar.components(days: days)
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
