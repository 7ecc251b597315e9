// SPDX-License-Identifier: GPL-3.0-or-later
// Reads FHIR R4 Observation, QuestionnaireResponse and Encounter resources (Bulk Data NDJSON,
// a folder of NDJSON files, or a Bundle) into measure scores. See docs/fhir.md for the mapping.
//
// Specification pages followed: FHIR R4 Observation (hl7.org/fhir/R4/observation.html),
// QuestionnaireResponse (questionnaireresponse.html), Encounter (encounter.html), Bundle
// (bundle.html), and the Bulk Data Access IG (hl7.org/fhir/uv/bulkdata/, NDJSON output:
// one resource per line, one file per resource type).

import HeadwayCSV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One measure score read from a FHIR resource, before its encounter is resolved.
struct FHIRRecord {
    var file: Int32
    var line: Int32
    /// Index into the reader's string table (`strings`) for each text value; -1 when absent.
    var client: Int32
    var measure: Int32
    var clinician: Int32
    var encounter: Int32
    /// The score as written (an index into `strings`).
    var score: Int32
    var day: Int32
}

/// Why a resource was skipped (not an error: counted per reason).
enum FHIRSkip {
    static func status(_ s: String) -> String { "status \(s)" }
    static let superseded = "superseded by a later version with the same id (meta.lastUpdated)"
    static func unknownCode(_ c: String) -> String { "unknown code \(c)" }
    static func unknownQuestionnaire(_ q: String) -> String { "unknown questionnaire \(q)" }
    static let panel = "panel Observation (a measure's panel code: its total is read from the total-score Observation)"
    static let dataAbsent = "no value (dataAbsentReason)"
}

/// The reader's state across files: string table, records, encounters, replacement ids and counts.
struct FHIRReader {
    let catalog: MeasureCatalog
    let strict: Bool

    var files: [String] = []
    var records: [FHIRRecord] = []
    /// Per record (same index): whether it is used (false once superseded or skipped by status).
    var live: [Bool] = []
    /// Resource id ("Observation/1") -> (record index or -1 for a skipped-status version, its
    /// lastUpdated instant, file, line); the later version wins.
    var versions: [String: Version] = [:]
    struct Version {
        var record: Int
        var instant: Double
        var statusSkip: String?
    }
    /// The string table (``ByteInterner``: each distinct text once, numbered in order of first use).
    var table = ByteInterner()
    var strings: [String] { table.names }
    /// "Encounter/id" -> (episode, site).
    var encounters: [String: (episode: String?, site: String?)] = [:]
    var encountersRead = 0

    /// Resources read (Observations and QuestionnaireResponses, Bundle entries included).
    var resourcesRead = 0
    var skipped: [String: Int] = [:]
    var rejections: [FHIRRejection] = []

    init(catalog: MeasureCatalog, strict: Bool) {
        self.catalog = catalog
        self.strict = strict
    }

    mutating func intern(_ s: String) -> Int32 { table.intern(s) }

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    /// Catalog lookups by code, cached (an export repeats a handful of codes).
    var loincCache: [String: (name: String?, panel: Bool)] = [:]
    var snomedCache: [String: String?] = [:]

    /// The measure named by a LOINC (total or panel) or SNOMED CT code.
    mutating func codeLookup(_ code: String, loinc: Bool) -> (name: String?, panel: Bool) {
        if loinc {
            if let hit = loincCache[code] { return hit }
            let name = catalog.measure(code: code, kind: .loinc)?.name
            let hit = (name, name == nil && catalog.measure(code: code, kind: .loincPanel) != nil)
            loincCache[code] = hit
            return hit
        }
        if let hit = snomedCache[code] { return (hit, false) }
        let name = catalog.measure(code: code, kind: .snomed)?.name
        snomedCache[code] = name
        return (name, false)
    }

    mutating func reject(file: Int, line: Int, _ reason: String, raw: [String] = []) throws {
        let r = FHIRRejection(file: file, line: line, reason: reason, raw: raw)
        if strict { throw CSVError(file: files[file], line: line, column: 0, reason: reason) }
        rejections.append(r)
    }

    // MARK: Files

    /// Reads one file: NDJSON (one resource per line) or a single JSON document (a Bundle or
    /// one resource, possibly pretty-printed), told apart by whether the first non-blank line
    /// is a complete JSON value.
    mutating func read(path: String) throws {
        let fileIndex = files.count
        files.append(path)
        guard let fp = fopen(path, "rb") else {
            throw CSVError(file: path, line: 0, column: 0, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(fp) }
        var tape = JSONTape()
        var stack: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        var lineNumber = 0
        var firstLine = true
        var document: [UInt8]? = nil       // set when the file is one (multi-line) JSON document
        var documentBase = 0                 // lines before the document's first line
        while true {
            let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, fp) }
            if got == 0 {
                if ferror(fp) != 0 { throw CSVError(file: path, line: lineNumber, column: 0, reason: "read error") }
                break
            }
            if document != nil { document!.append(contentsOf: buffer[0..<got]); continue }
            var start = 0
            var i = 0
            while i < got {
                if buffer[i] == 0x0A {
                    lineNumber += 1
                    if carry.isEmpty {
                        try buffer.withUnsafeBufferPointer { p in
                            try line(UnsafeBufferPointer(rebasing: p[start..<i]), fileIndex, lineNumber, &tape, &stack, &firstLine, &document)
                        }
                    } else {
                        carry.append(contentsOf: buffer[start..<i])
                        try carry.withUnsafeBufferPointer { p in
                            try line(p, fileIndex, lineNumber, &tape, &stack, &firstLine, &document)
                        }
                        carry.removeAll(keepingCapacity: true)
                    }
                    if let d = document {
                        // The first line was not a complete value: read the rest as one document.
                        documentBase = lineNumber - 1
                        document = d + Array(buffer[(i + 1)..<got])
                        break
                    }
                    start = i + 1
                }
                i += 1
            }
            if document == nil, start < got { carry.append(contentsOf: buffer[start..<got]) }
            if carry.count > 1 << 30 { throw CSVError(file: path, line: lineNumber + 1, column: 0, reason: "line longer than 1 GiB") }
        }
        if let d = document {
            try readDocument(d, fileIndex, base: documentBase)
            return
        }
        if !carry.isEmpty {
            lineNumber += 1
            try carry.withUnsafeBufferPointer { p in try line(p, fileIndex, lineNumber, &tape, &stack, &firstLine, &document) }
            if let d = document { try readDocument(d, fileIndex, base: lineNumber - 1) }
        }
    }

    private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, _ file: Int, _ lineNumber: Int, _ tape: inout JSONTape,
                               _ stack: inout [Int32], _ firstLine: inout Bool, _ document: inout [UInt8]?) throws {
        var b = bytes
        while let last = b.last, last == 0x0D || last == 0x20 || last == 0x09 { b = UnsafeBufferPointer(rebasing: b[0..<(b.count - 1)]) }
        if b.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }     // blank line
        let syntaxError = parseJSONError(b, into: &tape, stack: &stack)
        if let error = syntaxError {
            if firstLine {
                // A pretty-printed document: keep this line and read the whole file.
                document = Array(bytes) + [0x0A]
                firstLine = false
                return
            }
            resourcesRead += 1
            try reject(file: file, line: lineNumber, "malformed JSON at byte \(error.offset + 1) of the line: \(error.reason)")
            return
        }
        firstLine = false
        let view = JSONView(bytes: b, tape: tape)
        try resource(view, 0, file, lineNumber)
    }

    private mutating func readDocument(_ d: [UInt8], _ file: Int, base: Int) throws {
        var tape = JSONTape()
        var stack: [Int32] = []
        try d.withUnsafeBufferPointer { p in
            let syntaxError = parseJSONError(p, into: &tape, stack: &stack)
            if let error = syntaxError {
                // Not one JSON document. When a later line is a complete JSON object, this is
                // NDJSON whose first line is broken: read it line by line.
                var lines: [(Int, Int)] = []       // (start, end) of each line
                var st = 0
                for (i, c) in p.enumerated() where c == 0x0A { lines.append((st, i)); st = i + 1 }
                if st < p.count { lines.append((st, p.count)) }
                var probe = JSONTape(), probeStack: [Int32] = []
                let isNDJSON = lines.dropFirst().prefix(3).contains { l in
                    let b = UnsafeBufferPointer(rebasing: p[l.0..<l.1])
                    return !b.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) && parseJSONError(b, into: &probe, stack: &probeStack) == nil
                        && probe.kinds.first == .object
                }
                if isNDJSON {
                    var firstLine = false
                    var document: [UInt8]? = nil
                    for (k, l) in lines.enumerated() {
                        try line(UnsafeBufferPointer(rebasing: p[l.0..<l.1]), file, base + k + 1, &tape, &stack, &firstLine, &document)
                    }
                    return
                }
                let line = base + 1 + p[0..<min(error.offset, p.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                resourcesRead += 1
                try reject(file: file, line: line, "malformed JSON: \(error.reason)")
                return
            }
            let view = JSONView(bytes: p, tape: tape)
            // Line of each token start, for Bundle entries.
            var newlines: [Int] = []
            for (i, c) in p.enumerated() where c == 0x0A { newlines.append(i) }
            func lineOf(_ t: Int) -> Int {
                let off = Int(tape.starts[t])
                var lo = 0, hi = newlines.count
                while lo < hi { let mid = (lo + hi) / 2; if newlines[mid] < off { lo = mid + 1 } else { hi = mid } }
                return base + lo + 1
            }
            try resource(view, 0, file, base + 1, lineOf: lineOf)
        }
    }

    // MARK: Resources

    mutating func resource(_ v: JSONView, _ r: Int, _ file: Int, _ line: Int, lineOf: ((Int) -> Int)? = nil) throws {
        guard v.kind(r) == .object else {
            resourcesRead += 1
            try reject(file: file, line: line, "not a FHIR resource (a JSON object with resourceType)")
            return
        }
        let type = v.member(r, "resourceType")
        if v.stringEquals(type, "Observation") {
            resourcesRead += 1
            try observation(v, r, file, line)
        } else if v.stringEquals(type, "QuestionnaireResponse") {
            resourcesRead += 1
            try questionnaireResponse(v, r, file, line)
        } else if v.stringEquals(type, "Encounter") {
            encounter(v, r)
        } else if v.stringEquals(type, "Bundle") {
            // searchset, collection, transaction, batch...: every entry.resource is read.
            if let entries = v.member(r, "entry") {
                for e in v.elements(entries) {
                    guard let res = v.member(e, "resource") else { continue }
                    try resource(v, res, file, lineOf?(res) ?? line, lineOf: lineOf)
                }
            }
        } else {
            resourcesRead += 1
            let t = v.string(type)
            try reject(file: file, line: line, t == nil ? "missing resourceType" : "resource type \(FieldExcerpt.quoted(t!)) is not read (Observation, QuestionnaireResponse, Encounter, Bundle)")
        }
    }

    mutating func encounter(_ v: JSONView, _ r: Int) {
        encountersRead += 1
        guard let id = v.string(v.member(r, "id")) else { return }
        var episode: String? = nil
        if let eoc = v.member(r, "episodeOfCare"), let first = v.elements(eoc).first {
            episode = v.string(v.member(first, "reference"))
        }
        var site: String? = nil
        if let sp = v.member(r, "serviceProvider") {
            site = v.string(v.member(sp, "reference")) ?? v.string(v.member(sp, "display"))
        }
        encounters["Encounter/" + id] = (episode, site)
    }

    /// `Observation`: see docs/fhir.md for the order of the checks.
    mutating func observation(_ v: JSONView, _ r: Int, _ file: Int, _ line: Int) throws {
        // 1. The measure, from code.coding (LOINC total, SNOMED CT, or a LOINC panel).
        guard let code = v.member(r, "code") else {
            try reject(file: file, line: line, "Observation has no code"); return
        }
        var measureName: String? = nil
        var firstCoding = -1
        var isPanel = false
        v.forEachElement(v.member(code, "coding") ?? -1) { c in
            guard measureName == nil, !isPanel else { return }
            if firstCoding < 0 { firstCoding = c }
            let system = v.member(c, "system")
            let loinc = v.stringEquals(system, "http://loinc.org")
            guard loinc || v.stringEquals(system, "http://snomed.info/sct"), let value = v.string(v.member(c, "code")) else { return }
            let hit = codeLookup(value, loinc: loinc)
            measureName = hit.name
            isPanel = hit.panel
        }
        if isPanel && measureName == nil { skip(FHIRSkip.panel); return }
        guard let measureName else {
            let first = firstCoding >= 0 ? (v.string(v.member(firstCoding, "system")) ?? "") + "|" + (v.string(v.member(firstCoding, "code")) ?? "") : nil
            skip(FHIRSkip.unknownCode(first ?? "(no coding; text " + FieldExcerpt.quoted(v.string(v.member(code, "text")) ?? "") + ")"))
            return
        }
        // 2. Status.
        let id = v.string(v.member(r, "id"))
        let lastUpdated = v.string(v.path(r, "meta", "lastUpdated"))
        guard let status = v.string(v.member(r, "status")) else {
            try reject(file: file, line: line, "Observation has no status", raw: ["", measureName]); return
        }
        switch status {
        case "final", "amended", "corrected": break
        case "entered-in-error", "cancelled", "preliminary", "registered", "unknown":
            try noteVersion(id.map { "Observation/" + $0 }, lastUpdated, record: -1, statusSkip: FHIRSkip.status(status), file: file, line: line)
            return
        default:
            try reject(file: file, line: line, "unknown Observation status \(FieldExcerpt.quoted(status))", raw: ["", measureName]); return
        }
        // 3. Client, value, date.
        let client = v.string(v.path(r, "subject", "reference"))
        var scoreText: String? = nil
        if let q = v.path(r, "valueQuantity", "value") {
            scoreText = v.numberText(q)
            if scoreText == nil { try reject(file: file, line: line, "valueQuantity.value is not a number", raw: [client ?? "", measureName]); return }
        } else if let n = v.member(r, "valueInteger") ?? v.member(r, "valueDecimal") {
            scoreText = v.numberText(n)
            if scoreText == nil { try reject(file: file, line: line, "valueInteger/valueDecimal is not a number", raw: [client ?? "", measureName]); return }
        } else {
            if v.member(r, "dataAbsentReason") != nil { skip(FHIRSkip.dataAbsent); return }
            let other = v.members(r).first { $0.key.hasPrefix("value") }?.key
            try reject(file: file, line: line, other.map { "\($0) is not a numeric score (valueQuantity, valueInteger or valueDecimal)" } ?? "Observation has no value", raw: [client ?? "", measureName])
            return
        }
        guard let client, !client.isEmpty else {
            try reject(file: file, line: line, "Observation has no subject.reference (the client)", raw: ["", measureName, scoreText!]); return
        }
        let dateToken = v.member(r, "effectiveDateTime") ?? v.path(r, "effectivePeriod", "start") ?? v.member(r, "effectiveInstant") ?? v.member(r, "issued")
        guard let dateText = v.string(dateToken) else {
            try reject(file: file, line: line, "Observation has no date (effectiveDateTime, effectivePeriod.start, effectiveInstant or issued)", raw: [client, measureName, scoreText!]); return
        }
        guard let day = FHIRDate.day(dateText) else {
            try reject(file: file, line: line, "date \(FieldExcerpt.quoted(dateText)) is not a FHIR date with a day (YYYY-MM-DD...)", raw: [client, measureName, scoreText!, dateText]); return
        }
        var clinician: String? = nil
        v.forEachElement(v.member(r, "performer") ?? -1) { p in
            guard clinician == nil, let ref = v.string(v.member(p, "reference")) else { return }
            if ref.hasPrefix("Practitioner/") || ref.hasPrefix("PractitionerRole/") || ref.contains("/Practitioner/") { clinician = ref }
        }
        let encounter = v.string(v.path(r, "encounter", "reference"))
        try add(id: id.map { "Observation/" + $0 }, lastUpdated: lastUpdated, file: file, line: line, client: client,
                measure: measureName, score: scoreText!, day: day, clinician: clinician, encounter: encounter)
    }

    mutating func add(id: String?, lastUpdated: String?, file: Int, line: Int, client: String, measure: String, score: String,
                      day: Int, clinician: String?, encounter: String?) throws {
        let rec = FHIRRecord(file: Int32(file), line: Int32(clamping: line), client: intern(client), measure: intern(measure),
                             clinician: clinician.map { intern($0) } ?? -1, encounter: encounter.map { intern(FHIRReader.localReference($0)) } ?? -1,
                             score: intern(score), day: Int32(clamping: day))
        records.append(rec)
        live.append(true)
        try noteVersion(id, lastUpdated, record: records.count - 1, statusSkip: nil, file: file, line: line)
    }

    /// Replacement of an earlier version: same resource id, later `meta.lastUpdated` (a
    /// missing lastUpdated is older than any given one; on a tie the later line in the input wins).
    mutating func noteVersion(_ id: String?, _ lastUpdated: String?, record: Int, statusSkip: String?, file: Int, line: Int) throws {
        guard let id else {
            if let s = statusSkip { skip(s) }
            return
        }
        let instant = lastUpdated.flatMap(FHIRDate.instant) ?? -Double.infinity
        let new = Version(record: record, instant: instant, statusSkip: statusSkip)
        guard let old = versions[id] else {
            versions[id] = new
            return
        }
        // The loser is counted as superseded; the winner is counted when the read ends.
        if instant >= old.instant {
            if old.record >= 0 { live[old.record] = false }
            skip(FHIRSkip.superseded)
            versions[id] = new
        } else {
            if record >= 0 { live[record] = false }
            skip(FHIRSkip.superseded)
        }
    }

    /// Counts the status skips of the versions that won (called once, after every file).
    mutating func finishVersions() {
        for (_, v) in versions {
            if let s = v.statusSkip { skip(s) }
        }
        versions = [:]
    }

    /// "https://server/fhir/Encounter/12" and "Encounter/12" both become "Encounter/12".
    static func localReference(_ ref: String) -> String {
        let parts = ref.split(separator: "/")
        guard parts.count >= 2 else { return ref }
        if let h = parts.firstIndex(of: "_history"), h >= 2 { return parts[h - 2] + "/" + parts[h - 1] }
        return parts[parts.count - 2] + "/" + parts[parts.count - 1]
    }
}

/// A resource rejected by the FHIR reader: file index, line and reason.
struct FHIRRejection {
    var file: Int
    var line: Int
    var reason: String
    /// What was read of the tidy columns (client_id, measure, score, date), for the rejects file.
    var raw: [String]
}

/// FHIR date, dateTime and instant values.
enum FHIRDate {
    /// Days since 1970-01-01 of the date part as written (no time-zone conversion: the
    /// calendar day on which the measure was taken, in the clock of the record). A year or a
    /// year-month alone has no day and gives nil.
    static func day(_ s: String) -> Int? {
        let u = Array(s.utf8)
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        if u.count > 10 && u[10] != UInt8(ascii: "T") { return nil }
        return u.withUnsafeBufferPointer { FieldParser.isoDate(UnsafeBufferPointer(rebasing: $0[0..<10])) }
    }

    /// Seconds since 1970-01-01T00:00:00Z of a FHIR instant (`YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)`);
    /// a date-time without a zone is read as UTC, a date alone as its midnight UTC.
    static func instant(_ s: String) -> Double? {
        guard let d = day(s) else { return nil }
        let u = Array(s.utf8)
        if u.count == 10 { return Double(d) * 86400 }
        guard u.count >= 19, u[13] == 0x3A, u[16] == 0x3A else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? { Int(String(decoding: u[a..<b], as: UTF8.self)) }
        guard let h = num(11, 13), let m = num(14, 16), let sec = num(17, 19), h < 24, m < 60, sec < 61 else { return nil }
        var i = 19
        var frac = 0.0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            var j = i + 1
            while j < u.count, u[j] >= 0x30, u[j] <= 0x39 { j += 1 }
            frac = Double("0" + String(decoding: u[i..<j], as: UTF8.self)) ?? 0
            i = j
        }
        var offset = 0
        if i < u.count {
            if u[i] == UInt8(ascii: "Z") { i += 1 } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), i + 6 <= u.count,
                                                         let oh = num(i + 1, i + 3), let om = num(i + 4, i + 6) {
                offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
                i += 6
            } else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(d) * 86400 + Double(h * 3600 + m * 60 + sec - offset) + frac
    }
}
