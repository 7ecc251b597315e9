// SPDX-License-Identifier: GPL-3.0-or-later
// The review page for the terminal: 80 columns, UTF-8 or ASCII.
import HeadwayCharts
import HeadwayCSV

/// Renders a ``ReviewPage`` as plain text that fits `width` columns (default 80).
///
/// Each measure is a table, one row per score, with a strip that places the score (`o`)
/// against the expected score (`|`) and the worse-side band of the practice's expected
/// recovery curve: `-` up to the yellow (review) limit, `=` up to the red (act) limit (percentiles of the flag options).
/// Plan versions are rows of their own between the scores, at their date.
public enum ReviewText {
    public static func render(_ page: ReviewPage, charset: Charset = .unicode, width: Int = 80, clientLabel: String? = nil) -> String {
        var out: [String] = []
        let rule = String(repeating: charset.horizontal, count: width)
        let arrow = charset == .ascii ? "->" : "→"
        func line(_ s: String) { out.append(s) }
        func wrap(_ s: String, indent: Int = 2, first: String = "") { out.append(contentsOf: wrapText(first + s, width: width, indent: indent)) }
        let d = { (day: Int?) in day.map { CivilCalendar.isoString(days: $0) } ?? "-" }
        let ascii = { (s: String) in charset == .ascii ? s.replacing("→", with: "->").replacing("−", with: "-").replacing("…", with: "...").replacing("–", with: "-").replacing("σ", with: "sd").replacing("·", with: "-") : s }

        // Header.
        var head = "REVIEW \(clientLabel ?? page.clientID) episode \(page.episodeID)"
        if let c = page.clinicianID { head += " · clinician \(c)" }
        if let s = page.site { head += " · site \(s)" }
        wrap(ascii(head), indent: 2)
        var sub = "as of \(d(page.asOf)) · scores \(d(page.firstDay)) to \(d(page.lastDay)) · \(page.isOpen ? "open" : "closed")"
        if !page.otherEpisodes.isEmpty { sub += " · other episodes: \(page.otherEpisodes.joined(separator: ", "))" }
        wrap(ascii(sub), indent: 2)
        line(rule)
        wrap(ascii(page.statusLine.replacing("->", with: arrow)), indent: 2, first: "STATUS ")
        for r in page.reminders { wrap(ascii(r), indent: 4, first: "  reminder: ") }
        if let s = page.sinceDay {
            var t = "SINCE \(d(s)) (\(page.sinceSource))"
            if let then = page.statusAtSince { t += ": status \(then.rawValue) then, \(page.status.rawValue) now" }
            wrap(ascii(t), indent: 2)
            for c in page.changesSince { wrap(ascii(c.replacing("->", with: arrow)), indent: 4, first: "  ") }
        }

        // Measures.
        let stripWidth = 21
        for m in page.measures {
            line(rule)
            let dir = m.direction == .lowerIsBetter ? "lower is better" : "higher is better"
            var title = "\(m.measure) (\(dir)"
            if let c = m.cutoff { title += ", cut-off \(fmt(c))" }
            if let th = m.threshold { title += ", reliable change \(th)" }
            title += ")"
            wrap(ascii(title), indent: 2)
            let lo = fmt(m.minScore), hi = fmt(m.maxScore)
            let axis = " " + lo + String(repeating: " ", count: max(1, stripWidth + 2 - lo.count - hi.count)) + hi
            line(pad("  ses  date        score  expect review  red ", 45) + axis)
            var markIndex = 0
            func marks(before i: Int) {
                while markIndex < m.planMarks.count, m.planMarks[markIndex].beforePoint <= i {
                    let k = m.planMarks[markIndex]
                    let what = k.version == 1 ? "plan" : (k.isChange ? "plan changed" : "plan kept")
                    let text = "  \(charset.horizontal)\(charset.horizontal) v\(k.version) \(d(k.day)) \(what)\(k.reason.map { " (\($0))" } ?? "")"
                    line(ascii(clip(text, width)))
                    markIndex += 1
                }
            }
            for (i, p) in m.points.enumerated() {
                marks(before: i)
                var row = "  " + pad(String(Int(p.session)), 4) + " " + pad(d(p.day), 11) + " " + lpad(fmt(p.value), 5)
                row += "  " + lpad(p.expected.map(fmt) ?? "", 6) + " " + lpad(p.yellow.map(fmt) ?? "", 6) + " " + lpad(p.red.map(fmt) ?? "", 5)
                row = pad(row, 45) + strip(p, m, width: stripWidth, charset: charset)
                line(row)
            }
            marks(before: Int.max)
            // Change, trend, flag.
            if let c = m.change, let x0 = m.points.first?.value, let x = m.points.last?.value {
                var t = "change: \(fmt(x0)) \(arrow) \(fmt(x)) (\(signed(x - x0)))"
                switch c.reliableDirection {
                case .improved?: t += ", reliable improvement"
                case .deteriorated?: t += ", reliable deterioration"
                case .unchanged?: t += ", no reliable change"
                case nil: t += ", reliable change not computable (\(c.status.rawValue))"
                }
                if let cat = c.category { t += "; clinically: \(cat.rawValue)" }
                if let cut = m.cutoff { t += " (cut-off \(fmt(cut)))" }
                wrap(ascii(t), indent: 4, first: "  ")
            }
            if let slope = m.flag.trendSlope, let lo = m.flag.trendCILower, let hi = m.flag.trendCIUpper {
                let per = m.flag.trendTimeAxis == .weeks ? "week" : "session"
                var t = "trend: \(signed(slope)) points/\(per) (95% CI \(fmt2(lo)) to \(fmt2(hi)))"
                if let p = m.flag.trendMKp { t += ", Mann-Kendall p \(fmt3(p))" }
                wrap(ascii(t), indent: 4, first: "  ")
            } else {
                wrap("trend: fewer than \(4) scores", indent: 4, first: "  ")
            }
            wrap(ascii("flag \(m.flag.status.rawValue): \(m.flag.reason)"), indent: 4, first: "  ")
        }
        if !page.measures.isEmpty {
            wrap("  strip: \(charset == .ascii ? "o" : "●") score, | expected, - to the \(page.measures[0].yellowLabel) and = to the \(page.measures[0].redLabel) percentile (worse side)", indent: 4)
        }

        // Goals.
        line(rule)
        if page.goals.isEmpty {
            line("GOALS none recorded")
        } else {
            let ts = page.gasReviews.map { "\($0.label) \($0.t.map(fmt) ?? "-")" }.joined(separator: ", ")
            wrap(ascii("GOALS" + (ts.isEmpty ? "" : " · GAS T: \(ts)") + (page.goalPhrase.map { " · \($0)" } ?? "")), indent: 2)
            for g in page.goals {
                let levels = g.ratings.map { ReviewContext.level($0.value, g.scale) }.joined(separator: " ")
                var target = "no target date"
                if let td = g.targetDay {
                    target = "target \(g.targetLevel.map { ReviewContext.level($0, g.scale) } ?? "-") by \(d(td)): "
                    if g.reached { target += "reached" } else if let o = g.overdueDays { target += "OVERDUE \(o) d" } else if let a = page.asOf { target += "\(td - a) d left" } else { target += "open" }
                }
                let desc = clip(g.description ?? "", 26)
                line(ascii(clip("  " + pad(g.goalID, 4) + " " + pad(desc, 26) + " " + pad(levels, 8) + " " + target, width)))
            }
            line("  levels: GAS -2..+2 at each review, oldest first")
        }

        // Plan.
        line(rule)
        if let h = page.plan, let cur = page.currentPlan {
            let i = h.versions.firstIndex(of: cur).map { $0 + 1 } ?? h.versions.count
            var t = "PLAN v\(i) since \(d(cur.day))\(cur.reason.map { " (\($0))" } ?? ""): \(describe(cur))"
            if let n = cur.nextReview { t += " · next review \(d(n))" + (page.planReviewOverdue.map { " (OVERDUE \($0) d)" } ?? "") }
            wrap(ascii(t), indent: 4)
            for (k, v) in h.versions.enumerated() {
                let what = k == 0 ? "" : (h.isChange(k) ? " changed" : " kept")
                wrap(ascii("v\(k + 1) \(d(v.day))\(what)\(v.reason.map { " (\($0))" } ?? ""): \(describe(v))"), indent: 6, first: "  ")
            }
        } else {
            line("PLAN none recorded")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// "CBT · CBT;sleep hygiene · 4/month".
    public static func describe(_ v: PlanVersion) -> String {
        var parts: [String] = []
        if let m = v.modality { parts.append(m) }
        if !v.interventionList.isEmpty { parts.append(v.interventionList.joined(separator: "; ")) }
        if let f = v.sessionsPerMonth { parts.append("\(fmt(f))/month") }
        return parts.isEmpty ? "no details" : parts.joined(separator: " · ")
    }

    /// The strip of one score: its position against the expected score and the worse-side band.
    static func strip(_ p: ReviewPoint, _ m: MeasureReview, width: Int, charset: Charset) -> String {
        var cells = Array(repeating: Character(" "), count: width)
        let span = m.maxScore - m.minScore
        func pos(_ v: Double) -> Int {
            guard span > 0 else { return 0 }
            let x = ((min(max(v, m.minScore), m.maxScore) - m.minScore) / span * Double(width - 1)).rounded()
            return Int(x)
        }
        if let e = p.expected, let y = p.yellow, let r = p.red {
            let pe = pos(e), py = pos(y), pr = pos(r)
            for i in min(pe, py)...max(pe, py) { cells[i] = "-" }
            if pr != py { for i in min(py, pr)...max(py, pr) where cells[i] == " " || i == pr { cells[i] = "=" } }
            cells[pe] = "|"
        }
        cells[pos(p.value)] = charset == .ascii ? "o" : "●"
        return String(charset.vertical) + String(cells) + String(charset.vertical)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    /// Greedy word wrap; continuation lines are indented.
    static func wrapText(_ s: String, width: Int, indent: Int) -> [String] {
        var lines: [String] = []
        let lead = s.prefix { $0 == " " }
        var current = String(lead)
        for word in s.dropFirst(lead.count).split(separator: " ").map(String.init) {
            let blank = current.trimmingCharacters(in: " ").isEmpty
            let candidate = blank ? current + word : current + " " + word
            if candidate.count <= width || blank {
                current = candidate
            } else {
                lines.append(current)
                current = String(repeating: " ", count: indent) + word
            }
        }
        if !current.trimmingCharacters(in: " ").isEmpty { lines.append(current) }
        // Hard-split any word longer than the width.
        return lines.flatMap { l -> [String] in
            var rest = Substring(l)
            var parts: [String] = []
            while rest.count > width { parts.append(String(rest.prefix(width))); rest = rest.dropFirst(width) }
            parts.append(String(rest))
            return parts
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in the library).
    func replacing(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
