import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Headway

/// Golden-structure tests of the HTML report: the document is parsed (it is well-formed XML as
/// well as HTML5: void elements self-closed), then its structure is checked, never the whole text.
@Suite struct ReportHTMLTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let observations = root.appendingPathComponent("Datasets/sample-practice/observations.csv").path
    static let goals = root.appendingPathComponent("Datasets/sample-practice/goals.csv").path

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var text = ""
        var attributes: [String] = []
        var sectionIDs: [String] = []
        var stack: [String] = []
        /// Per <svg>: whether it has a <title> and a <desc> child and its aria-labelledby.
        var svgs: [(title: Bool, desc: Bool, labelled: String?)] = []
        var svgTexts: [String] = []
        func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
            elements[name, default: 0] += 1
            attributes += a.values
            if name == "section", let id = a["id"] { sectionIDs.append(id) }
            if name == "svg" { svgs.append((false, false, a["aria-labelledby"])); svgTexts.append("") }
            if stack.last == "svg", name == "title" { svgs[svgs.count - 1].title = true }
            if stack.last == "svg", name == "desc" { svgs[svgs.count - 1].desc = true }
            stack.append(name)
        }
        func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
        func parser(_ p: XMLParser, foundCharacters s: String) {
            text += s
            if stack.contains("svg") { svgTexts[svgTexts.count - 1] += s + " " }
        }
    }

    func render(audience: ReportAudience, from: Int? = nil, to: Int? = nil) throws -> (String, Collector) {
        var o = ReportOptions()
        o.from = from
        o.to = to
        let set = try GoalsLoader().load(path: Self.goals)
        let reviews = try GoalAnalysis.run(set.goals)
        let d = try ReportDashboard.run(path: Self.observations, catalog: .builtin, options: o, audience: audience, goals: reviews)
        let html = ReportHTML.render(d, title: "Sample <practice> & co", generated: "2026-01-01")
        let c = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = c
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        return (html, c)
    }

    @Test func publicReportStructure() throws {
        let (html, c) = try render(audience: .public)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Sections in order, charts with accessible names.
        #expect(c.sectionIDs == ["summary", "over-time", "funnels", "outcomes", "talking-therapies", "goals", "glossary"])
        #expect(c.elements["svg", default: 0] >= 8)   // p-chart, XmR, 4 funnels, Jacobson, change, GAS
        for (k, s) in c.svgs.enumerated() {
            #expect(s.title && s.desc, "svg \(k) lacks <title>/<desc>")
            #expect(s.labelled != nil)
        }
        // Every chart has axis labels with units and a legend entry.
        #expect(c.svgTexts.allSatisfy { $0.contains("(") })
        // Self-contained: no script, no link, no image, no external reference.
        for tag in ["script", "link", "img", "iframe", "object", "embed"] { #expect(c.elements[tag] == nil, "\(tag)") }
        #expect(!c.attributes.contains { $0.contains("http") || $0.contains("//") })
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("@import") && !html.contains("@font-face"))
        // Escaped title; no client id; suppressed cells in words.
        #expect(c.text.contains("Sample <practice> & co"))
        #expect(html.range(of: "C0[0-9]{5}", options: .regularExpression) == nil)
        #expect(c.text.contains("fewer than 5"))
        #expect(!c.text.contains("suppressed"))
        #expect(!c.text.contains("Internal — not for publication"))
        // Headline tiles and the data covered.
        for s in ["Recovery", "Reliable improvement", "Reliable recovery", "Reliable deterioration", "First and last score", "Paired data rate", "Glossary"] {
            #expect(c.text.contains(s), "\(s)")
        }
        #expect(!html.contains("NaN") && !html.contains("nan\"") && !html.contains("inf\""))
    }

    @Test func internalReportIsMarkedOnEveryPageAndHidesNothing() throws {
        let (html, c) = try render(audience: .internal)
        let marks = c.text.components(separatedBy: "Internal — not for publication").count - 1
        #expect(marks >= c.sectionIDs.count)   // once per section, each section starts a printed page
        #expect(html.contains("class=\"page-mark\""))   // and a fixed mark repeated on every printed page
        #expect(!c.text.contains("fewer than"))
        #expect(html.range(of: "C0[0-9]{5}", options: .regularExpression) == nil)
    }

    @Test func periodIsShownAndSelectsEpisodesByLastScore() throws {
        let from = try #require(ReportPeriod.parseDate("2025-01-01")), to = try #require(ReportPeriod.parseDate("2025-06-30"))
        let (_, c) = try render(audience: .public, from: from, to: to)
        #expect(c.text.contains("2025-01-01 to 2025-06-30 (episodes whose last score falls in this period)"))
        #expect(ReportPeriod.parseDate("2025-02-30") == nil && ReportPeriod.parseDate("2025-2-3") == nil)
    }
}
