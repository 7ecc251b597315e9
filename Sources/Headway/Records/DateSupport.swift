// SPDX-License-Identifier: GPL-3.0-or-later
// A Date-friendly API beside the day numbers (issue 19). Headway counts days since
// 1970-01-01 (`Score.day`, `Episode.firstDay`, `FlagOptions.asOf`); these additions convert
// to and from Foundation's `Date` for embedders. Additive: the day-number API is unchanged.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Conversions between `Date` and Headway's day numbers.
///
/// Convention: a day number is a calendar day in UTC (proleptic Gregorian calendar). A
/// `Date` becomes the UTC day that contains it (so 2025-01-06T23:30:00-02:00, which is
/// 2025-01-07T01:30Z, is day 2025-01-07), and a day number becomes midnight UTC of that day.
/// Dates whose day does not fit the stored range (about ±5.8 million years) give `nil`.
public enum DayNumber {
    static let secondsPerDay = 86_400.0

    /// The UTC calendar day of `date`, in days since 1970-01-01; `nil` outside ±2³¹ days.
    public static func day(of date: Date) -> Int? {
        let d = (date.timeIntervalSince1970 / secondsPerDay).rounded(.down)
        guard let day = Int(checked: d), day > Int(Int32.min), day <= Int(Int32.max) else { return nil }
        return day
    }

    /// Midnight UTC of `day` (days since 1970-01-01).
    public static func date(of day: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * secondsPerDay)
    }
}

extension Score {
    /// The score's day as a `Date` (midnight UTC), or `nil` without a date.
    public var date: Date? { day.map(DayNumber.date(of:)) }

    /// A score on the UTC calendar day of `date` (see ``DayNumber``); a date outside the
    /// stored range is treated as no date.
    public init(value: Double, date: Date?, session: Int? = nil, line: Int = 0, phase: Phase? = nil, phasePair: Int? = nil) {
        self.init(value: value, day: date.flatMap(DayNumber.day(of:)), session: session, line: line, phase: phase, phasePair: phasePair)
    }
}

extension Episode {
    /// The date of the earliest dated score (midnight UTC), or `nil`.
    public var firstDate: Date? { firstDay.map(DayNumber.date(of:)) }
    /// The date of the latest dated score (midnight UTC), or `nil`.
    public var lastDate: Date? { lastDay.map(DayNumber.date(of:)) }
}

extension ObservationSet {
    /// The newest score date in the set (midnight UTC), or `nil`.
    public var newestDate: Date? { newestDay.map(DayNumber.date(of:)) }
    /// The oldest score date in the set (midnight UTC), or `nil`.
    public var oldestDate: Date? { oldestDay.map(DayNumber.date(of:)) }
}

extension FlagOptions {
    /// ``asOf`` as a `Date`: judge as of the UTC calendar day of this date.
    public var asOfDate: Date? {
        get { asOf.map(DayNumber.date(of:)) }
        set { asOf = newValue.flatMap(DayNumber.day(of:)) }
    }
}

extension ScoreSelector {
    /// ``date(_:)`` from a `Date`: the score on the UTC calendar day of `date` (nil outside
    /// the stored range).
    public static func on(_ date: Date) -> ScoreSelector? {
        DayNumber.day(of: date).map { .date($0) }
    }
}
