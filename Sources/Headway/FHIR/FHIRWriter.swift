// SPDX-License-Identifier: GPL-3.0-or-later
// Writes tidy observation rows as FHIR R4 Bulk Data NDJSON: one Observation per row and one
// Encounter per (client, episode), following the shape of the FHIR R4 Observation examples
// (hl7.org/fhir/R4/observation.html) and US Core's PHQ-9 total-score Observation.

/// Streams tidy CSV rows (no quoted fields: the simulator's output) into NDJSON.
///
/// Each row becomes an `Observation` with `status` final, the measure's first LOINC total-score
/// code (else its first SNOMED CT code), `valueQuantity` in `{score}`, `effectiveDateTime`,
/// `subject` `Patient/<client_id>`, `performer` `Practitioner/<clinician_id>` and `encounter`
/// `Encounter/<client_id>.<episode_id>`. Each (client, episode) gets one `Encounter` with
/// `episodeOfCare` `EpisodeOfCare/<client_id>.<episode_id>` and `serviceProvider`
/// `Organization/<site>`. A row's session number has no FHIR place and is not written.
public struct FHIRNDJSONWriter {
    let catalog: MeasureCatalog
    let observations: ([UInt8]) throws -> Void
    let encounters: (([UInt8]) throws -> Void)?
    var pending: [UInt8] = []
    var out: [UInt8] = []
    var encounterOut: [UInt8] = []
    var columns: [String: Int]? = nil
    var count = 0
    var lastEncounter = ""
    var codeCache: [String: [String]] = [:]

    public init(catalog: MeasureCatalog, observations: @escaping ([UInt8]) throws -> Void, encounters: (([UInt8]) throws -> Void)?) {
        self.catalog = catalog
        self.observations = observations
        self.encounters = encounters
    }

    public mutating func write(_ chunk: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: chunk)
        var start = 0
        for i in pending.indices where pending[i] == 0x0A {
            try row(Array(pending[start..<i]))
            start = i + 1
        }
        pending.removeFirst(start)
        if out.count > 1 << 20 { try observations(out); out.removeAll(keepingCapacity: true) }
        if encounterOut.count > 1 << 20 { try encounters?(encounterOut); encounterOut.removeAll(keepingCapacity: true) }
    }

    public mutating func finish() throws {
        if !pending.isEmpty { try row(pending); pending = [] }
        if !out.isEmpty { try observations(out); out = [] }
        if !encounterOut.isEmpty { try encounters?(encounterOut); encounterOut = [] }
    }

    mutating func row(_ line: [UInt8]) throws {
        var l = line
        if l.last == 0x0D { l.removeLast() }
        let fields = l.split(separator: 0x2C, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard let cols = columns else {
            var c: [String: Int] = [:]
            for (i, f) in fields.enumerated() { c[f] = i }
            columns = c
            return
        }
        func get(_ name: String) -> String { cols[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
        let client = get("client_id"), measure = get("measure"), score = get("score"), date = get("date")
        guard !client.isEmpty, !score.isEmpty else { return }
        let episode = get("episode_id").isEmpty ? "1" : get("episode_id")
        if codeCache[measure] == nil {
            let m = catalog.measure(named: measure)
            if let c = m?.loinc.first { codeCache[measure] = ["http://loinc.org", c] }
            else if let c = m?.snomed.first { codeCache[measure] = ["http://snomed.info/sct", c] }
            else { codeCache[measure] = [] }
        }
        let cc = codeCache[measure]!
        guard cc.count == 2 else { return }
        let coding = (system: cc[0], code: cc[1])
        count += 1
        let enc = client + "." + episode
        func s(_ x: String) { out.append(contentsOf: FHIRNDJSONWriter.jsonString(x)) }
        out.append(contentsOf: Array("{\"resourceType\":\"Observation\",\"id\":\"o\(count)\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"survey\"}]}],\"code\":{\"coding\":[{\"system\":".utf8))
        s(coding.system)
        out.append(contentsOf: Array(",\"code\":".utf8)); s(coding.code)
        out.append(contentsOf: Array(",\"display\":".utf8)); s(measure + " total score")
        out.append(contentsOf: Array("}]},\"subject\":{\"reference\":".utf8)); s("Patient/" + client)
        out.append(contentsOf: Array("},\"encounter\":{\"reference\":".utf8)); s("Encounter/" + enc)
        out.append(contentsOf: Array("},\"effectiveDateTime\":".utf8)); s(date)
        let clinician = get("clinician_id")
        if !clinician.isEmpty {
            out.append(contentsOf: Array(",\"performer\":[{\"reference\":".utf8)); s("Practitioner/" + clinician); out.append(contentsOf: Array("}]".utf8))
        }
        out.append(contentsOf: Array(",\"valueQuantity\":{\"value\":".utf8))
        out.append(contentsOf: Array(score.utf8))
        out.append(contentsOf: Array(",\"unit\":\"{score}\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"{score}\"}}\n".utf8))
        if encounters != nil, enc != lastEncounter {
            lastEncounter = enc
            func e(_ x: String) { encounterOut.append(contentsOf: FHIRNDJSONWriter.jsonString(x)) }
            encounterOut.append(contentsOf: Array("{\"resourceType\":\"Encounter\",\"id\":".utf8)); e(enc)
            encounterOut.append(contentsOf: Array(",\"status\":\"finished\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":{\"reference\":".utf8)); e("Patient/" + client)
            encounterOut.append(contentsOf: Array("},\"episodeOfCare\":[{\"reference\":".utf8)); e("EpisodeOfCare/" + enc)
            encounterOut.append(contentsOf: Array("}]".utf8))
            let site = get("site")
            if !site.isEmpty { encounterOut.append(contentsOf: Array(",\"serviceProvider\":{\"reference\":".utf8)); e("Organization/" + site); encounterOut.append(0x7D) }
            encounterOut.append(contentsOf: Array("}\n".utf8))
        }
    }

    /// A JSON string literal (RFC 8259 escaping).
    static func jsonString(_ s: String) -> [UInt8] {
        var o: [UInt8] = [0x22]
        for c in s.utf8 {
            switch c {
            case 0x22: o += [0x5C, 0x22]
            case 0x5C: o += [0x5C, 0x5C]
            case 0x0A: o += [0x5C, UInt8(ascii: "n")]
            case 0x0D: o += [0x5C, UInt8(ascii: "r")]
            case 0x09: o += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                o += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: o.append(c)
            }
        }
        o.append(0x22)
        return o
    }
}
