import Foundation
import Testing

/// FHIR input through the commands (docs/fhir.md).
@Suite("FHIR input in the commands")
struct FHIRCommandTests {
    func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "headway-fhir-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// The simulate CSV rewritten with the references the FHIR writer uses (docs/fhir.md,
    /// "simulate --format fhir"), without the session column (FHIR has no place for it); with
    /// `encounters: false` also without episode and site (an Observation file alone has neither).
    func equivalentCSV(_ csv: String, encounters: Bool) -> String {
        var lines = csv.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        func col(_ n: String) -> Int { header.firstIndex(of: n)! }
        var out = encounters ? ["client_id,clinician_id,site,episode_id,measure,date,score"] : ["client_id,clinician_id,measure,date,score"]
        for l in lines {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let client = f[col("client_id")], episode = f[col("episode_id")]
            var row = ["Patient/" + client, "Practitioner/" + f[col("clinician_id")]]
            if encounters { row += ["Organization/" + f[col("site")], "EpisodeOfCare/" + client + "." + episode] }
            row += [f[col("measure")], f[col("date")], f[col("score")]]
            out.append(row.joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Issue 14, "done when": the report of `simulate --format fhir` output equals the report of
    /// the same simulation written as CSV (same seed), for an Observation file alone and for a
    /// folder with its Encounters.
    @Test func reportOfFHIREqualsReportOfEquivalentCSV() throws {
        let d = try tempDir()
        let sim = try runHeadway(["simulate", "--clients", "400", "--seed", "11"])
        #expect(sim.status == 0)
        let fhirDir = d + "/export"
        try FileManager.default.createDirectory(atPath: fhirDir, withIntermediateDirectories: true)
        let fhir = try runHeadway(["simulate", "--clients", "400", "--seed", "11", "--format", "fhir",
                                   "--output", fhirDir + "/Observation.ndjson", "--encounters", fhirDir + "/Encounter.ndjson"])
        #expect(fhir.status == 0, "\(fhir.stderr)")
        for withEncounters in [false, true] {
            let csvPath = d + "/equivalent-\(withEncounters).csv"
            try equivalentCSV(sim.stdout, encounters: withEncounters).write(toFile: csvPath, atomically: true, encoding: .utf8)
            let input = withEncounters ? fhirDir : fhirDir + "/Observation.ndjson"
            for extra in [[String](), ["--by", "clinician"]] {
                let a = try runHeadway(["report", csvPath, "--format", "csv"] + extra)
                let b = try runHeadway(["report", input, "--format", "csv"] + extra)
                #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
                #expect(!a.stdout.isEmpty)
                #expect(a.stdout == b.stdout, "encounters: \(withEncounters) \(extra)")
            }
            // Other commands read the same records.
            for cmd in ["change", "trend"] {
                let a = try runHeadway([cmd, csvPath, "--format", "csv"])
                let b = try runHeadway([cmd, input, "--format", "csv"])
                #expect(a.status == 0 && a.stdout == b.stdout, "\(cmd) encounters: \(withEncounters)")
            }
        }
    }

    @Test func importWritesTheTidyCSVAndAccounts() throws {
        let r = try runHeadway(["import", fixture("fhir/Observation.ndjson"), "--lenient"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 5)                               // header + 4 accepted
        #expect(r.stdout.contains("\nPatient/p1,1,PHQ-9,2024-01-05,,18,Practitioner/dr1,"))
        #expect(r.stdout.contains("\nPatient/p1,1,PHQ-9,2024-02-02,,11,Practitioner/dr1,"))   // the amended version
        #expect(r.stderr.contains("15 resources read, 4 accepted, 5 skipped, 6 rejected"))
        #expect(r.stderr.contains("skipped 1: status entered-in-error"))
        #expect(r.stderr.contains("unknown code http://loinc.org|8867-4"))
        #expect(r.stderr.contains(":7:0: malformed JSON"))
        #expect(!r.stderr.contains("Patient/p1"), "no client ids on stderr")
    }

    @Test func strictErrorAndInputFormatOption() throws {
        let r = try runHeadway(["check", fixture("fhir/Observation.ndjson")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("Observation.ndjson:7:0: malformed JSON"))
        // --input-format csv reads the same file as CSV (and fails on it as CSV).
        let c = try runHeadway(["check", fixture("fhir/QuestionnaireResponse.ndjson"), "--input-format", "csv"])
        #expect(c.status != 0)
        let f = try runHeadway(["check", fixture("fhir/QuestionnaireResponse.ndjson"), "--input-format", "fhir", "--lenient"])
        #expect(f.status == 0, "\(f.stderr)")
        // check says what it read: FHIR JSON, not a comma-delimited long file.
        let csv = try runHeadway(["check", fixture("fhir/QuestionnaireResponse.ndjson"), "--input-format", "fhir", "--lenient", "--format", "csv"])
        #expect(csv.stdout.contains("\nencoding,,utf-8 (FHIR R4 JSON)\ndelimiter,,none (FHIR R4 JSON)\n"), "\(csv.stdout)")
        #expect(csv.stdout.contains("\nlayout,,FHIR resources\n"))
    }

    @Test func measuresListsCodes() throws {
        let r = try runHeadway(["measures", "--format", "csv"])
        #expect(r.status == 0)
        let header = r.stdout.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        #expect(header.contains("loinc") && header.contains("loinc_panel") && header.contains("snomed"))
        #expect(r.stdout.contains("44261-6"))
    }
}
