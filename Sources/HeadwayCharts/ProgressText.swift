// SPDX-License-Identifier: GPL-3.0-or-later

/// The text of a progress line on standard error (the caller redraws it in place).
public enum ProgressText {
    /// `reading: 1,234,567 rows, 411,522 rows/s, 0:03 elapsed`: the rows read, the mean rate
    /// since the start (rows ÷ elapsed seconds, rounded to whole rows; omitted before the first
    /// tenth of a second) and the elapsed time as minutes:seconds (hours:minutes:seconds from an hour).
    public static func line(rows: Int, elapsed: Double, verb: String = "reading") -> String {
        var s = "\(verb): \(grouped(rows)) rows"
        if elapsed.isFinite && elapsed >= 0.1 {
            let rate = Double(rows) / elapsed
            if rate.isFinite && rate < 1e15 { s += ", \(grouped(Int(rate.rounded()))) rows/s" }
        }
        return s + ", \(clock(elapsed)) elapsed"
    }

    /// `n` with a comma between groups of three digits: 1234567 → "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Whole seconds as m:ss, or h:mm:ss from one hour; negative or non-finite input reads 0:00.
    public static func clock(_ seconds: Double) -> String {
        let total = seconds.isFinite && seconds > 0 ? Int(min(seconds, 1e9)) : 0
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
