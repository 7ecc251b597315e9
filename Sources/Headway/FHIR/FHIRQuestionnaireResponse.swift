// SPDX-License-Identifier: GPL-3.0-or-later
// QuestionnaireResponse -> a measure total. FHIR R4 QuestionnaireResponse
// (hl7.org/fhir/R4/questionnaireresponse.html); answer weights from the ordinalValue extension
// (R4: http://hl7.org/fhir/StructureDefinition/ordinalValue) or its successor itemWeight
// (http://hl7.org/fhir/StructureDefinition/itemWeight, FHIR Extensions Pack: "This extension
// used to be called ordinalValue").

/// How a questionnaire's total is formed from its items.
public enum FHIRScoring {
    /// Measures whose total is the plain sum of their item scores, with their item counts.
    /// Sources: PHQ-9 (Kroenke et al. 2001: nine items scored 0-3, summed), GAD-7 (Spitzer et
    /// al. 2006: seven items 0-3, summed), PHQ-2 (Kroenke et al. 2003: two items 0-3, summed),
    /// CORE-10 (Barkham et al. 2013: ten items 0-4, summed to the 0-40 clinical score), PCL-5
    /// (Weathers et al. 2013: twenty items 0-4, summed), BDI-II (Beck, Steer & Brown 1996:
    /// twenty-one items 0-3, summed), K10 (Kessler et al. 2002: ten items 1-5, summed) and
    /// WEMWBS (Tennant et al. 2007: fourteen items 1-5, summed). Other measures (CORE-OM's mean
    /// × 10, SWEMWBS's Rasch metric score) are read only from a total item.
    public static let summedItemCounts: [String: Int] = [
        "PHQ-9": 9, "GAD-7": 7, "PHQ-2": 2, "CORE-10": 10, "PCL-5": 20, "BDI-II": 21, "K10": 10, "WEMWBS": 14,
    ]

    /// Published prorating rules for incomplete responses. None is catalogued: no measure's
    /// own prorating rule could be confirmed from a source text, so an incomplete response is
    /// rejected with its answered and expected item counts (docs/fhir.md).
    public static let proratingRules: [String: String] = [:]
}

import HeadwayCSV

extension FHIRReader {
    static let weightExtensions: Set<String> = [
        "http://hl7.org/fhir/StructureDefinition/ordinalValue",
        "http://hl7.org/fhir/StructureDefinition/itemWeight",
        "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
    ]

    /// The measure a `QuestionnaireResponse.questionnaire` canonical names: its last path
    /// segment (without `|version`) as a LOINC panel code of the catalog ("http://loinc.org/q/44249-1"),
    /// else as a measure name or alias ("http://example.org/Questionnaire/phq-9").
    func questionnaireMeasure(_ canonical: String) -> Measure? {
        let noVersion = canonical.split(separator: "|", maxSplits: 1).first.map(String.init) ?? canonical
        guard let last = noVersion.split(separator: "/").last.map(String.init) else { return nil }
        if let m = catalog.measure(code: last, kind: .loincPanel) { return m }
        return catalog.measure(named: last)
    }

    mutating func questionnaireResponse(_ v: JSONView, _ r: Int, _ file: Int, _ line: Int) throws {
        guard let canonical = v.string(v.member(r, "questionnaire")) else {
            try reject(file: file, line: line, "QuestionnaireResponse has no questionnaire"); return
        }
        guard let measure = questionnaireMeasure(canonical) else {
            skip(FHIRSkip.unknownQuestionnaire(canonical)); return
        }
        let id = v.string(v.member(r, "id")).map { "QuestionnaireResponse/" + $0 }
        let lastUpdated = v.string(v.path(r, "meta", "lastUpdated"))
        guard let status = v.string(v.member(r, "status")) else {
            try reject(file: file, line: line, "QuestionnaireResponse has no status", raw: ["", measure.name]); return
        }
        switch status {
        case "completed", "amended": break
        case "entered-in-error", "stopped":
            try noteVersion(id, lastUpdated, record: -1, statusSkip: FHIRSkip.status(status), file: file, line: line)
            return
        case "in-progress":
            try reject(file: file, line: line, "QuestionnaireResponse is in-progress (incomplete): no published prorating rule for \(measure.name) is catalogued", raw: ["", measure.name])
            return
        default:
            try reject(file: file, line: line, "unknown QuestionnaireResponse status \(FieldExcerpt.quoted(status))", raw: ["", measure.name]); return
        }
        guard let client = v.string(v.path(r, "subject", "reference")), !client.isEmpty else {
            try reject(file: file, line: line, "QuestionnaireResponse has no subject.reference (the client)", raw: ["", measure.name]); return
        }
        guard let authored = v.string(v.member(r, "authored")) else {
            try reject(file: file, line: line, "QuestionnaireResponse has no authored date", raw: [client, measure.name]); return
        }
        guard let day = FHIRDate.day(authored) else {
            try reject(file: file, line: line, "authored \(FieldExcerpt.quoted(authored)) is not a FHIR date with a day", raw: [client, measure.name, "", authored]); return
        }
        // The total: a total item if present, else the sum of the scored items.
        var total: Double? = nil
        var totalText: String? = nil
        var scored = 0
        var sum = 0.0
        var problem: String? = nil
        func visit(_ items: Int) {
            v.forEachElement(items) { item in
                let linkId = v.string(v.member(item, "linkId")) ?? ""
                var isTotal = linkId.lowercased().contains("total")
                let bareLink = linkId.hasPrefix("/") ? String(linkId.dropFirst()) : linkId
                if measure.loinc.contains(bareLink) { isTotal = true }
                v.forEachElement(v.member(item, "code") ?? -1) { c in
                    if let code = v.string(v.member(c, "code")), measure.loinc.contains(code) { isTotal = true }
                }
                let answers = v.elements(v.member(item, "answer") ?? -1)
                for a in answers {
                    guard let value = answerValue(v, a) else { continue }
                    if isTotal {
                        if total == nil { total = value.value; totalText = value.text }
                    } else {
                        scored += 1
                        sum += value.value
                    }
                    if !value.value.isFinite { problem = "item \(linkId) has a non-finite answer" }
                }
                if answers.count > 1, !isTotal { problem = problem ?? "item \(FieldExcerpt.quoted(linkId)) has \(answers.count) answers" }
                if let sub = v.member(item, "item") { visit(sub) }
                for a in answers { if let sub = v.member(a, "item") { visit(sub) } }
            }
        }
        visit(v.member(r, "item") ?? -1)
        if let problem { try reject(file: file, line: line, problem, raw: [client, measure.name, "", authored]); return }
        let scoreText: String
        if let totalText, total != nil {
            scoreText = totalText
        } else {
            guard let expected = FHIRScoring.summedItemCounts[measure.name] else {
                try reject(file: file, line: line, "no total item, and \(measure.name) is not a plain sum of items: give its total as an item", raw: [client, measure.name, "", authored])
                return
            }
            if scored < expected {
                try reject(file: file, line: line, "\(scored) of \(measure.name)'s \(expected) items have a scored answer: no published prorating rule for \(measure.name) is catalogued", raw: [client, measure.name, "", authored])
                return
            }
            if scored > expected {
                try reject(file: file, line: line, "\(scored) scored answers, but \(measure.name) has \(expected) items", raw: [client, measure.name, "", authored])
                return
            }
            scoreText = formatNumber(sum)
        }
        var clinician: String? = nil
        if let a = v.string(v.path(r, "author", "reference")), a.hasPrefix("Practitioner") || a.contains("/Practitioner/") { clinician = a }
        let encounter = v.string(v.path(r, "encounter", "reference"))
        try add(id: id, lastUpdated: lastUpdated, file: file, line: line, client: client, measure: measure.name,
                score: scoreText, day: day, clinician: clinician, encounter: encounter)
    }

    /// A numeric answer: valueInteger, valueDecimal, or a valueCoding (or the answer itself)
    /// carrying an ordinalValue/itemWeight extension. Other answer types carry no score (nil).
    func answerValue(_ v: JSONView, _ a: Int) -> (value: Double, text: String)? {
        if let n = v.member(a, "valueInteger") ?? v.member(a, "valueDecimal"), let x = v.number(n), let t = v.numberText(n) {
            return (x, t)
        }
        for holder in [v.member(a, "valueCoding"), a] {
            guard let h = holder else { continue }
            for e in v.elements(v.member(h, "extension") ?? -1) {
                guard let url = v.string(v.member(e, "url")), FHIRReader.weightExtensions.contains(url),
                      let n = v.member(e, "valueDecimal") ?? v.member(e, "valueInteger"), let x = v.number(n) else { continue }
                return (x, formatNumber(x))
            }
        }
        return nil
    }
}
