import HeadwayCSV

/// How dates that are not ISO 8601 are written (`--date-format`).
///
/// ISO 8601 calendar dates (`2025-02-03`) are always accepted. So are ISO date-times
/// (`2025-02-03T10:00:00`, `2025-02-03 10:00`, with seconds, fractions, `Z` or an offset):
/// the time is dropped and the calendar date is kept as written, with no time-zone
/// conversion (a score belongs to the day the client saw).
///
/// Dates such as `03/02/2025` (separators `/`, `.` or `-`) are read only with a format:
/// `dmy` (3 February 2025), `mdy` (2 March 2025) or `ymd` (`2025/02/03`). Without one they are
/// an error naming both readings: Headway never guesses between day-first and month-first.
/// A year must have four digits; day and month one or two.
public enum DateFormat: String, Sendable, CaseIterable {
    case dmy, mdy, ymd

    /// Parses a date field: ISO date, ISO date-time, or (with `format`) a day/month/year date.
    /// Returns the day count since 1970-01-01, or the reason it is not a date.
    public static func parse(_ f: UnsafeBufferPointer<UInt8>, format: DateFormat?) -> Result<Int, DateError> {
        if let d = FieldParser.isoDate(f) { return .success(d) }
        var s = 0, e = f.count
        while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
        while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
        let bytes = Array(f[s..<e])
        // ISO date-time: the first 10 bytes are a date, then `T` or a space and a time.
        if bytes.count > 10, bytes[10] == 0x54 || bytes[10] == 0x20 || bytes[10] == 0x74, isTime(bytes[11...]) {
            let date = Array(bytes[0..<10])
            if let d = date.withUnsafeBufferPointer({ FieldParser.isoDate($0) }) { return .success(d) }
            return .failure(.invalid)
        }
        // Day, month and year numbers separated by one of / . -
        guard let parts = numbers(bytes) else { return .failure(.invalid) }
        func date(_ y: Int, _ m: Int, _ d: Int) -> Int? {
            guard y >= 1, y <= 9999, m >= 1, m <= 12, d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
            return CivilCalendar.days(year: y, month: m, day: d)
        }
        let (a, b, c) = (parts[0], parts[1], parts[2])
        if a.digits == 4 && c.digits <= 2 {
            // Year first (2025/02/03): only year-month-day is in use.
            guard format == nil || format == .ymd else { return .failure(.wrongFormat(format!)) }
            if let d = date(a.value, b.value, c.value) { return .success(d) }
            return .failure(.invalid)
        }
        guard c.digits == 4, a.digits <= 2, b.digits <= 2 else { return .failure(.invalid) }
        let dmy = date(c.value, b.value, a.value), mdy = date(c.value, a.value, b.value)
        switch format {
        case .dmy?: return dmy.map(Result.success) ?? .failure(.invalid)
        case .mdy?: return mdy.map(Result.success) ?? .failure(.invalid)
        case .ymd?: return .failure(.wrongFormat(.ymd))
        case nil: return .failure(.needsFormat(dmy: dmy, mdy: mdy))
        }
    }

    /// `HH:MM`, with optional `:SS`, fraction, `Z` or `±HH:MM`.
    static func isTime(_ t: ArraySlice<UInt8>) -> Bool {
        let t = Array(t)
        guard t.count >= 5, isDigit(t[0]), isDigit(t[1]), t[2] == 0x3A, isDigit(t[3]), isDigit(t[4]) else { return false }
        for b in t[5...] where !(isDigit(b) || b == 0x3A || b == 0x2E || b == 0x2C || b == 0x5A || b == 0x2B || b == 0x2D) { return false }
        return true
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func numbers(_ bytes: [UInt8]) -> [(value: Int, digits: Int)]? {
        guard let sep = bytes.first(where: { $0 == 0x2F || $0 == 0x2E || $0 == 0x2D }) else { return nil }
        let parts = bytes.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var out: [(Int, Int)] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 4, p.allSatisfy(isDigit) else { return nil }
            out.append((p.reduce(0) { $0 * 10 + Int($1 - 0x30) }, p.count))
        }
        return out
    }
}

/// Why a date field was not read.
public enum DateError: Error, Equatable, Sendable {
    /// Not a date in any accepted form.
    case invalid
    /// A day/month/year date without `--date-format`: both readings (nil when impossible).
    case needsFormat(dmy: Int?, mdy: Int?)
    /// Written in another order than `--date-format` says.
    case wrongFormat(DateFormat)

    /// The reason for a message, after `date "03/02/2025"`.
    public var reason: String {
        func iso(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "impossible" }
        switch self {
        case .invalid:
            return "is not a valid ISO 8601 date (YYYY-MM-DD; ISO date-times, and with --date-format dmy|mdy|ymd 03/02/2025-style dates, are also read)"
        case let .needsFormat(dmy, mdy):
            return "is not an ISO 8601 date, and Headway does not guess the order: read day-first it is \(iso(dmy)) (--date-format dmy), month-first \(iso(mdy)) (--date-format mdy)"
        case let .wrongFormat(f):
            return "does not match --date-format \(f.rawValue)"
        }
    }
}
