// SPDX-License-Identifier: GPL-3.0-or-later
// The review page and the caseload index as self-contained HTML (the practice report's look).
import HeadwayCharts
import HeadwayCSV

/// Self-contained HTML (inline CSS and SVG, no script, no external URL) in the visual language
/// of the practice report (``ReportHTML``): the same stylesheet, the Okabe–Ito palette, charts
/// with a title, axis labels, a legend and a `<title>`/`<desc>`, and no meaning carried by
/// colour alone (every status is also written).
public enum ReviewHTML {
    static func e(_ s: String) -> String { SVGText.escape(s) }
    static func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "–" }

    static let css = ReportHTML.css + """

    .status { border: 1px solid #9aa5b1; border-left: 10px solid #999999; padding: 0.5rem 0.8rem; margin: 1rem 0; font-size: 1.05rem; }
    .status.red { border-left-color: #D55E00; } .status.yellow { border-left-color: #E69F00; }
    .status.green { border-left-color: #009E73; } .status.white { border-left-color: #56B4E9; }
    .badge { display: inline-block; min-width: 4.2rem; text-align: center; font-weight: bold; padding: 0 0.3rem; border: 2px solid #999999; border-radius: 3px; }
    .badge.red { border-color: #D55E00; color: #8a2b00; } .badge.yellow { border-color: #E69F00; color: #6b4a00; }
    .badge.green { border-color: #009E73; color: #005c43; } .badge.white { border-color: #56B4E9; color: #1d5c82; }
    .overdue { color: #8a2b00; font-weight: bold; }
    ul.tight { margin: 0.2rem 0 0.6rem; padding-left: 1.2rem; }
    """

    static func badge(_ s: FlagStatus) -> String { "<span class=\"badge \(s.rawValue)\">\(s.rawValue)</span>" }

    /// The full page of one client episode.
    public static func page(_ p: ReviewPage, clientLabel: String? = nil) -> String {
        let who = clientLabel ?? p.clientID
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e("Review: \(who) episode \(p.episodeID)"))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        h += body(p, clientLabel: who)
        h += "</body>\n</html>\n"
        return h
    }

    /// The page content (without the document shell).
    public static func body(_ p: ReviewPage, clientLabel who: String) -> String {
        var h = "<header><h1>\(e("Review: \(who), episode \(p.episodeID)"))</h1>\n<p class=\"meta\">"
        var meta: [String] = []
        if let c = p.clinicianID { meta.append("clinician \(c)") }
        if let s = p.site { meta.append("site \(s)") }
        meta.append("as of \(date(p.asOf))")
        meta.append("scores \(date(p.firstDay)) to \(date(p.lastDay))")
        meta.append(p.isOpen ? "open" : "closed")
        if !p.otherEpisodes.isEmpty { meta.append("other episodes: \(p.otherEpisodes.joined(separator: ", "))") }
        h += e(meta.joined(separator: " · ")) + "</p></header>\n"

        // Status, reminders, since.
        h += "<section class=\"first\" aria-label=\"status\"><div class=\"status \(p.status.rawValue)\"><strong>Status: \(badge(p.status))</strong> "
        h += e(p.statusReasons.joined(separator: "; ")) + "</div>\n"
        if !p.reminders.isEmpty {
            h += "<h3>Reminders (not a clinical colour)</h3><ul class=\"tight\">" + p.reminders.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        if let s = p.sinceDay {
            h += "<h3>\(e("Since \(date(s)) (\(p.sinceSource))"))"
            if let then = p.statusAtSince { h += ": status \(badge(then)) then, \(badge(p.status)) now" }
            h += "</h3><ul class=\"tight\">" + p.changesSince.map { "<li>\(e($0.replacing("->", with: "→")))</li>" }.joined() + "</ul>\n"
        }
        h += "</section>\n"

        // Measures.
        for (k, m) in p.measures.enumerated() {
            h += "<section><h2>\(e(m.measure))\(m.fullName.map { " <span class=\"note\">\(e($0))</span>" } ?? "") \(badge(m.flag.status))</h2>\n"
            h += "<figure>" + chart(m, id: "m\(k)") + "<figcaption>\(e(caption(m)))</figcaption></figure>\n"
            h += "<ul class=\"tight\">"
            if let c = m.change, let x0 = m.points.first?.value, let x = m.points.last?.value {
                var t = "Change: \(fmt(x0)) → \(fmt(x)) (\(signed(x - x0)))"
                switch c.reliableDirection {
                case .improved?: t += ", reliable improvement"
                case .deteriorated?: t += ", reliable deterioration"
                case .unchanged?: t += ", no reliable change"
                case nil: t += ", reliable change not computable"
                }
                if let th = m.threshold { t += " (reliable at \(th))" }
                if let cat = c.category { t += "; clinically: \(cat.rawValue)" }
                h += "<li>\(e(t))</li>"
            }
            if let s = m.flag.trendSlope, let lo = m.flag.trendCILower, let hi = m.flag.trendCIUpper {
                let per = m.flag.trendTimeAxis == .weeks ? "week" : "session"
                h += "<li>\(e("Trend: \(signed(s)) points/\(per) (95% CI \(fmt2(lo)) to \(fmt2(hi)))" + (m.flag.trendMKp.map { ", Mann–Kendall p \(fmt3($0))" } ?? "")))</li>"
            }
            h += "<li>Flag \(badge(m.flag.status)): \(e(m.flag.reason))</li></ul>\n"
            h += "<details><summary>Scores and expected range</summary><table><thead><tr><th>Session</th><th>Date</th><th>Score</th><th>Expected</th><th>Review beyond (\(m.yellowLabel))</th><th>Act beyond (\(m.redLabel))</th></tr></thead><tbody>"
            for pt in m.points {
                h += "<tr><td class=\"num\">\(Int(pt.session))</td><td>\(date(pt.day))</td><td class=\"num\">\(fmt(pt.value))</td>"
                h += "<td class=\"num\">\(pt.expected.map(fmt) ?? "–")</td><td class=\"num\">\(pt.yellow.map(fmt) ?? "–")</td><td class=\"num\">\(pt.red.map(fmt) ?? "–")</td></tr>"
            }
            h += "</tbody></table></details></section>\n"
        }

        // Goals.
        h += "<section><h2>Goals</h2>\n"
        if p.goals.isEmpty {
            h += "<p>No goals recorded.</p>\n"
        } else {
            if !p.gasReviews.isEmpty {
                h += "<p>GAS T by review: " + e(p.gasReviews.map { "\($0.label)\($0.day.map { " (\(date($0)))" } ?? ""): \($0.t.map(fmt) ?? "–")" }.joined(separator: "; "))
                h += p.goalPhrase.map { " — " + e($0) } ?? ""
                h += "</p>\n"
            }
            h += "<table><thead><tr><th>Goal</th><th>Description</th><th>Ratings (oldest first)</th><th>Target</th><th>Progress</th></tr></thead><tbody>"
            for g in p.goals {
                let ratings = g.ratings.map { "\($0.label): \(ReviewContext.level($0.value, g.scale))" }.joined(separator: ", ")
                let target = g.targetDay.map { "\(g.targetLevel.map { ReviewContext.level($0, g.scale) } ?? "–") by \(date($0))" } ?? "no target date"
                var progress = ""
                if g.targetDay != nil {
                    if g.reached { progress = "reached" } else if let o = g.overdueDays { progress = "<span class=\"overdue\">overdue \(o) days</span>" } else if let a = p.asOf, let td = g.targetDay { progress = "\(td - a) days left" }
                }
                h += "<tr><td>\(e(g.goalID))</td><td>\(e(g.description ?? ""))</td><td>\(e(ratings))</td><td>\(e(target))</td><td>\(progress)</td></tr>"
            }
            h += "</tbody></table>\n"
        }
        h += "</section>\n"

        // Plan.
        h += "<section><h2>Plan</h2>\n"
        if let hist = p.plan, let cur = p.currentPlan {
            h += "<p><strong>Current:</strong> \(e(ReviewText.describe(cur))) since \(date(cur.day))\(cur.reason.map { " (" + e($0) + ")" } ?? "")"
            if let n = cur.nextReview { h += "; next review \(date(n))" + (p.planReviewOverdue.map { " <span class=\"overdue\">overdue \($0) days</span>" } ?? "") }
            h += "</p>\n<table><thead><tr><th>Version</th><th>Date</th><th>Kept or changed</th><th>Reason</th><th>Plan</th><th>Next review</th></tr></thead><tbody>"
            for (i, v) in hist.versions.enumerated() {
                h += "<tr><td class=\"num\">\(i + 1)</td><td>\(date(v.day))</td><td>\(i == 0 ? "first" : hist.isChange(i) ? "changed" : "kept")</td><td>\(e(v.reason ?? ""))</td><td>\(e(ReviewText.describe(v)))</td><td>\(date(v.nextReview))</td></tr>"
            }
            h += "</tbody></table>\n"
        } else {
            h += "<p>No plan recorded.</p>\n"
        }
        h += "</section>\n"
        return h
    }

    static func caption(_ m: MeasureReview) -> String {
        let worse = m.direction == .lowerIsBetter ? "above" : "below"
        return "\(m.measure) score at each session (solid line, circles) against the practice's expected recovery curve for this intake score (dashed), with the review limit (\(m.yellowLabel) percentile, dotted) and the act limit (\(m.redLabel) percentile, dash-dot) \(worse) it; vertical lines mark plan versions."
    }

    /// The trajectory chart of one measure.
    static func chart(_ m: MeasureReview, id: String) -> String {
        let maxSession = max(2, (m.points.map(\.session).max() ?? 1) + 0.5)
        let xTicks = stride(from: 1, through: Int(maxSession), by: maxSession > 16 ? 2 : 1).map { (Double($0), String($0)) }
        let x = SVGAxis(label: "Session", min: 0.5, max: maxSession, ticks: xTicks)
        let y = SVGAxis.nice(label: "\(m.measure) score (\(m.direction == .lowerIsBetter ? "lower" : "higher") is better)", min: m.minScore, max: m.maxScore)
        var series: [SVGSeries] = []
        let pal = SVGPlot.palette
        series.append(SVGSeries(name: "Expected", points: m.points.map { ($0.session, $0.expected) }, colour: pal[6], style: .line(dash: "6 4", width: 1.5)))
        series.append(SVGSeries(name: "Review limit (\(m.yellowLabel))", points: m.points.map { ($0.session, $0.yellow) }, colour: pal[4], style: .line(dash: "2 3", width: 1.5)))
        series.append(SVGSeries(name: "Act limit (\(m.redLabel))", points: m.points.map { ($0.session, $0.red) }, colour: pal[1], style: .line(dash: "8 3 2 3", width: 1.5)))
        if let c = m.cutoff {
            series.append(SVGSeries(name: "Cut-off \(fmt(c))", points: [(0.5, c), (maxSession, c)], colour: pal[2], style: .segment(dash: "1 3")))
        }
        series.append(SVGSeries(name: "Score", points: m.points.map { ($0.session, $0.value) }, colour: pal[0], style: .line(dash: nil, width: 2.5), marker: .circle))
        var labels: [SVGLabel] = []
        for (i, k) in m.planMarks.enumerated() {
            // Halfway between the scores around the plan date.
            let after = k.beforePoint < m.points.count ? m.points[k.beforePoint].session : maxSession
            let before = k.beforePoint > 0 ? m.points[k.beforePoint - 1].session : 0.5
            let xx = k.beforePoint == 0 ? max(0.6, after - 0.3) : (before + after) / 2
            series.append(SVGSeries(name: "Plan version", points: [(xx, m.minScore), (xx, m.maxScore)], colour: pal[3], style: .segment(dash: "4 2"), inLegend: i == 0))
            labels.append(SVGLabel(x: xx, y: m.maxScore - Double(i % 2) * (m.maxScore - m.minScore) * 0.07,
                                   text: "v\(k.version)\(k.version == 1 ? "" : k.isChange ? " changed" : " kept")"))
        }
        var plot = SVGPlot(title: "\(m.measure): scores against the expected recovery range",
                           description: caption(m) + " Scores: " + m.points.map { "session \(Int($0.session)) \(fmt($0.value))" }.joined(separator: ", ") + ".",
                           x: x, y: y, series: series, labels: labels)
        plot.height = 340
        return plot.render(id: id)
    }
}
