/// Fast parsers for CSV field bytes: integers, decimal numbers and ISO dates.
///
/// All trim ASCII spaces and tabs around the value and return `nil` for anything
/// they do not fully consume, so "12abc" is not a number.
public enum FieldParser {
    @inlinable
    static func trimmed(_ f: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var s = 0, e = f.count
        while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
        while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
        return (s, e)
    }

    /// A base-10 integer with optional sign, at most 18 digits.
    @inlinable
    public static func int(_ f: UnsafeBufferPointer<UInt8>) -> Int? {
        var (i, e) = trimmed(f)
        guard i < e else { return nil }
        var negative = false
        if f[i] == 0x2D || f[i] == 0x2B { negative = f[i] == 0x2D; i += 1 }
        guard i < e, e - i <= 18 else { return nil }
        var v = 0
        while i < e {
            let d = Int(f[i]) &- 48
            guard d >= 0, d <= 9 else { return nil }
            v = v &* 10 &+ d
            i += 1
        }
        return negative ? -v : v
    }

    @usableFromInline
    static let powersOfTen: [Double] = (0...22).map { k in
        var x = 1.0
        for _ in 0..<k { x *= 10 }
        return x
    }

    /// A finite decimal number (`12`, `-3.5`, `.5`, `1e3`).
    ///
    /// Fast path: at most 15 significant digits and no exponent is exact, because
    /// the digits and the power of ten are both exactly representable and IEEE
    /// division is correctly rounded (Clinger 1990). Anything else goes through
    /// Swift's own correctly rounded `Double(_: String)`. "nan" and "inf" are rejected.
    @inlinable @inline(__always)
    public static func double(_ f: UnsafeBufferPointer<UInt8>) -> Double? {
        // One or two digits and nothing else (most scores), inline: the value the general
        // parse computes.
        if f.count == 2 {
            let a = f[0] &- 0x30, b = f[1] &- 0x30
            if a <= 9, b <= 9 { return Double(a &* 10 &+ b) }
        } else if f.count == 1 {
            let a = f[0] &- 0x30
            if a <= 9 { return Double(a) }
        }
        return generalDouble(f)
    }

    /// ``double(_:)`` for any field.
    @inlinable @inline(never)
    static func generalDouble(_ f: UnsafeBufferPointer<UInt8>) -> Double? {
        let (s, e) = trimmed(f)
        guard s < e else { return nil }
        var i = s
        var negative = false
        if f[i] == 0x2D || f[i] == 0x2B { negative = f[i] == 0x2D; i += 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var sawPoint = false
        var sawDigit = false
        while i < e {
            let b = f[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if digits > 0 || b != 0x30 { digits += 1 }
                guard digits <= 15 else { return slowDouble(f, s, e) }
                mantissa = mantissa &* 10 &+ Int64(b &- 0x30)
                if sawPoint { fraction += 1 }
            } else if b == 0x2E && !sawPoint {
                sawPoint = true
            } else if b == 0x65 || b == 0x45 {
                return slowDouble(f, s, e)
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit, fraction <= 22 else { return sawDigit ? slowDouble(f, s, e) : nil }
        // Whole numbers (most scores) need no division.
        let v = fraction == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fraction]
        return negative ? -v : v
    }

    /// A number written with a decimal comma (`12,5`), as European spreadsheets write them
    /// (``DecimalSeparator/comma``). A point is not accepted in this mode: `1.234` may be a
    /// thousands separator, and Headway never guesses.
    public static func doubleDecimalComma(_ f: UnsafeBufferPointer<UInt8>) -> Double? {
        var commas = 0
        for b in f {
            if b == 0x2E { return nil }
            if b == 0x2C { commas += 1 }
        }
        if commas == 0 { return double(f) }
        guard commas == 1 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: f.count) { t in
            for i in 0..<f.count { t[i] = f[i] == 0x2C ? 0x2E : f[i] }
            return double(UnsafeBufferPointer(t))
        }
    }

    /// A number with the given decimal separator.
    @inlinable @inline(__always)
    public static func double(_ f: UnsafeBufferPointer<UInt8>, decimal: DecimalSeparator) -> Double? {
        decimal == .point ? double(f) : doubleDecimalComma(f)
    }

    @usableFromInline
    static func slowDouble(_ f: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: f[s..<e]), as: UTF8.self)
        // Reject words Swift accepts ("nan", "inf", "infinity") and hex floats.
        for u in text.utf8 where !(u >= 0x30 && u <= 0x39) && u != 0x2E && u != 0x2D && u != 0x2B && u != 0x65 && u != 0x45 {
            return nil
        }
        guard let v = Double(text), v.isFinite else { return nil }
        return v
    }

    /// An ISO 8601 calendar date `YYYY-MM-DD`, as days since 1970-01-01.
    /// Rejects impossible dates (2023-02-29, 2024-13-01).
    @inlinable
    public static func isoDate(_ f: UnsafeBufferPointer<UInt8>) -> Int? {
        let (s, e) = trimmed(f)
        guard e - s == 10, f[s + 4] == 0x2D, f[s + 7] == 0x2D else { return nil }
        @inline(__always) func digits(_ a: Int, _ n: Int) -> Int? {
            var v = 0
            for k in a..<(a + n) {
                let d = Int(f[k]) &- 48
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = digits(s, 4), let m = digits(s + 5, 2), let d = digits(s + 8, 2) else { return nil }
        guard m >= 1, m <= 12, d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d)
    }
}

/// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01
/// (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", 2013).
public enum CivilCalendar {
    @inlinable
    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date (days_from_civil).
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count (civil_from_days).
    @inlinable
    public static func components(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `YYYY-MM-DD` for a day count.
    public static func isoString(days: Int) -> String {
        let (y, m, d) = components(days: days)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
