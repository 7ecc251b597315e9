// SPDX-License-Identifier: GPL-3.0-or-later
// The caseload index: one line per client, most urgent first.
import HeadwayCSV

/// One client of a caseload index.
public struct ReviewIndexEntry: Sendable {
    /// The client as shown (the id, or its pseudonym with `--pseudonymize`).
    public var label: String
    public var episodeID: String
    /// The page's file name, relative to the index.
    public var file: String
    public var status: FlagStatus
    public var statusLine: String
    public var isOpen: Bool
    public var nextReview: Int?
    public var planReviewOverdue: Int?
    public var overdueGoals: Int
    public var lastDay: Int?

    public init(page: ReviewPage, label: String, file: String) {
        self.label = label
        self.episodeID = page.episodeID
        self.file = file
        self.status = page.status
        self.statusLine = page.statusLine
        self.isOpen = page.isOpen
        self.nextReview = page.isOpen ? page.currentPlan?.nextReview : nil
        self.planReviewOverdue = page.planReviewOverdue
        self.overdueGoals = page.overdueGoals
        self.lastDay = page.lastDay
    }
}

/// The caseload index (docs/review.md).
///
/// Order: client status (red, yellow, green, white, grey), then open before closed, then the
/// next plan review date (earliest first; none last), then the client label.
public enum ReviewIndex {
    public static func sorted(_ entries: [ReviewIndexEntry]) -> [ReviewIndexEntry] {
        entries.sorted {
            ($0.status.rank, $0.isOpen ? 0 : 1, $0.nextReview ?? Int.max, $0.label) < ($1.status.rank, $1.isOpen ? 0 : 1, $1.nextReview ?? Int.max, $1.label)
        }
    }

    static func date(_ d: Int?) -> String { d.map { CivilCalendar.isoString(days: $0) } ?? "-" }

    /// Plain-text index (80 columns: one line per client, then its status reasons indented).
    public static func text(_ entries: [ReviewIndexEntry], clinician: String, asOf: Int?) -> String {
        let list = sorted(entries)
        var out = "CASELOAD clinician \(clinician) · as of \(date(asOf)) · \(list.count) client\(list.count == 1 ? "" : "s")\n"
        let counts = FlagStatus.allCases.map { s in (s, list.filter { $0.status == s }.count) }.filter { $0.1 > 0 }
        out += "  " + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\n"
        out += "status  client            ep   next review  overdue     page\n"
        for x in list {
            var overdue: [String] = []
            if let d = x.planReviewOverdue { overdue.append("plan \(d)d") }
            if x.overdueGoals > 0 { overdue.append("\(x.overdueGoals) goal\(x.overdueGoals == 1 ? "" : "s")") }
            out += ReviewText.pad(x.status.rawValue, 8) + ReviewText.pad(ReviewText.clip(x.label, 17), 18) + ReviewText.pad(x.episodeID, 5)
                + ReviewText.pad(x.isOpen ? date(x.nextReview) : "closed", 13) + ReviewText.pad(overdue.joined(separator: ", "), 12) + x.file + "\n"
        }
        return out
    }

    /// Self-contained HTML index linking to the pages.
    public static func html(_ entries: [ReviewIndexEntry], clinician: String, asOf: Int?) -> String {
        let e = ReviewHTML.e
        let list = sorted(entries)
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e("Caseload review: clinician \(clinician)"))</title>\n<style>\n\(ReviewHTML.css)\n</style>\n</head>\n<body>\n"
        h += "<header><h1>\(e("Caseload review: clinician \(clinician)"))</h1>\n"
        h += "<p class=\"meta\">\(e("As of \(date(asOf)) · \(list.count) clients · sorted by status (red first), then open episodes by next plan review date"))</p></header>\n"
        let counts = FlagStatus.allCases.map { s in (s, list.filter { $0.status == s }.count) }.filter { $0.1 > 0 }
        h += "<p>" + counts.map { "\(ReviewHTML.badge($0.0)) \($0.1)" }.joined(separator: " &nbsp; ") + "</p>\n"
        h += "<table><thead><tr><th>Status</th><th>Client</th><th>Episode</th><th>Next plan review</th><th>Overdue</th><th>Why</th></tr></thead><tbody>\n"
        for x in list {
            var overdue: [String] = []
            if let d = x.planReviewOverdue { overdue.append("plan review \(d) days") }
            if x.overdueGoals > 0 { overdue.append("\(x.overdueGoals) goal\(x.overdueGoals == 1 ? "" : "s") past target") }
            let reasons = x.statusLine.split(separator: ":", maxSplits: 1).dropFirst().first.map { String($0).trimmingCharacters(in: " ") } ?? ""
            h += "<tr><td>\(ReviewHTML.badge(x.status))</td><td><a href=\"\(e(x.file))\">\(e(x.label))</a></td><td>\(e(x.episodeID))</td>"
            h += "<td>\(x.isOpen ? date(x.nextReview) : "closed")</td><td class=\"overdue\">\(e(overdue.joined(separator: "; ")))</td><td>\(e(reasons))</td></tr>\n"
        }
        h += "</tbody></table>\n</body>\n</html>\n"
        return h
    }
}
