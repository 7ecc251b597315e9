// SPDX-License-Identifier: GPL-3.0-or-later
// FHIR input for every command: detection, and the conversion of FHIR resources into the
// tidy rows the CSV loader reads, so both inputs give the same observation records.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// The format of an observations input.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Detected from the content: FHIR when the path is a folder or its first non-blank byte is `{`.
    case auto
    case csv
    /// FHIR R4 JSON: Bulk Data NDJSON, a folder of NDJSON/JSON files, or a Bundle.
    case fhir
}

public enum FHIRInput {
    /// Whether `path` looks like FHIR: a folder, or a file whose first non-blank byte is `{`
    /// (no CSV header starts with a brace). Standard input (`-`) is never detected as FHIR.
    public static func detect(path: String) -> Bool {
        guard path != "-" else { return false }
        if isDirectory(path) { return true }
        guard let fp = fopen(path, "rb") else { return false }
        defer { fclose(fp) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, fp) }
        var i = 0
        if n >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { i = 3 }
        while i < n, buf[i] == 0x20 || buf[i] == 0x0A || buf[i] == 0x0D || buf[i] == 0x09 { i += 1 }
        return i < n && buf[i] == UInt8(ascii: "{")
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The files of a folder that are read: names ending in `.ndjson` or `.json` (sorted, so the
    /// order is stable); anything else in the folder is ignored.
    public static func files(in folder: String) throws -> [String] {
        guard let dir = opendir(folder) else {
            throw CSVError(file: folder, line: 0, column: 0, reason: "cannot open folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            let lower = name.lowercased()
            if !name.hasPrefix("."), lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { names.append(name) }
        }
        let sep = folder.hasSuffix("/") ? "" : "/"
        return names.sorted().map { folder + sep + $0 }.filter { !isDirectory($0) }
    }

    /// The tidy columns the FHIR reader produces (the rejects file's columns too).
    public static let header = ["client_id", "measure", "score", "date", "clinician_id", "site", "episode_id"]

    /// Reads FHIR resources at `path` (a file or a folder) into an ``ObservationSet`` through
    /// `loader`, so the records are those the CSV loader makes of the same rows.
    ///
    /// Every resource read is accepted, skipped (counted per reason in
    /// ``LoadCounts/skippedByRule``) or rejected; line numbers are NDJSON lines (for a
    /// pretty-printed Bundle, the line where the entry's resource starts). With a folder the
    /// reasons of rejected rows start with the file name.
    public static func load(path: String, loader: ObservationLoader) throws -> ObservationSet {
        let tidy = try FHIRTidy(path: path, catalog: loader.catalog, strict: loader.mode == .strict)
        var set: ObservationSet
        if tidy.origins.isEmpty {
            set = ObservationSet(file: path, episodes: [], counts: LoadCounts(), rejections: [], hasDates: false, hasSessions: false, header: header)
        } else {
            var csvLoader = loader
            csvLoader.columnMap = [:]
            csvLoader.dateFormat = nil
            set = try tidy.mapErrors { try csvLoader.load(reader: CSVReader(bytes: tidy.csv, name: path)) }
        }
        // Map CSV lines back to NDJSON lines.
        for i in set.episodes.indices {
            for j in set.episodes[i].scores.indices {
                set.episodes[i].scores[j].lineStorage = Int32(clamping: tidy.origin(set.episodes[i].scores[j].line).line)
            }
        }
        tidy.finish(rejections: &set.rejections, counts: &set.counts)
        set.file = path
        set.header = header
        set.readInfo = CSVReadInfo()
        set.readInfo.container = "FHIR R4 JSON"
        return set
    }

    static func csvField(_ s: String) -> [UInt8] {
        let u = Array(s.utf8)
        if !u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return u }
        var out: [UInt8] = [0x22]
        for c in u {
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        out.append(0x22)
        return out
    }

    static func appendISO(_ days: Int, to out: inout [UInt8]) {
        let c = CivilDate.components(days: days)
        func two(_ v: Int) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        let y = c.year
        out.append(UInt8(48 + (y / 1000) % 10)); out.append(UInt8(48 + (y / 100) % 10)); two(y % 100)
        out.append(0x2D); two(c.month); out.append(0x2D); two(c.day)
    }
}

/// FHIR resources as tidy CSV bytes, with each row's origin (file, NDJSON line) and what the
/// FHIR reader skipped and rejected; shared by ``FHIRInput/load(path:loader:)`` and the
/// report's streaming reader.
struct FHIRTidy {
    var csv: [UInt8]
    var origins: [(file: Int32, line: Int32)]
    var files: [String]
    var rejections: [FHIRRejection]
    var skipped: [String: Int]
    var resourcesRead: Int

    init(path: String, catalog: MeasureCatalog, strict: Bool) throws {
        var reader = FHIRReader(catalog: catalog, strict: strict)
        let paths = FHIRInput.isDirectory(path) ? try FHIRInput.files(in: path) : [path]
        if paths.isEmpty { throw CSVError(file: path, line: 0, column: 0, reason: "no .ndjson or .json files in the folder") }
        for p in paths { try reader.read(path: p) }
        reader.finishVersions()
        var csv: [UInt8] = Array("client_id,measure,score,date,clinician_id,site,episode_id\n".utf8)
        var origins: [(file: Int32, line: Int32)] = []
        csv.reserveCapacity(reader.records.count * 64)
        origins.reserveCapacity(reader.records.count)
        // Quoted CSV field bytes of each string, made once.
        var fieldCache: [[UInt8]?] = Array(repeating: nil, count: reader.strings.count)
        func field(_ i: Int32) {
            guard i >= 0 else { return }
            if fieldCache[Int(i)] == nil { fieldCache[Int(i)] = FHIRInput.csvField(reader.strings[Int(i)]) }
            csv.append(contentsOf: fieldCache[Int(i)]!)
        }
        var encounterFields: [Int32: (episode: [UInt8], site: [UInt8])] = [:]
        for (k, rec) in reader.records.enumerated() where reader.live[k] {
            field(rec.client); csv.append(0x2C)
            field(rec.measure); csv.append(0x2C)
            field(rec.score); csv.append(0x2C)
            FHIRInput.appendISO(Int(rec.day), to: &csv); csv.append(0x2C)
            field(rec.clinician); csv.append(0x2C)
            if rec.encounter >= 0 {
                if encounterFields[rec.encounter] == nil {
                    let e = reader.encounters[reader.strings[Int(rec.encounter)]]
                    encounterFields[rec.encounter] = (e?.episode.map(FHIRInput.csvField) ?? [], e?.site.map(FHIRInput.csvField) ?? [])
                }
                let f = encounterFields[rec.encounter]!
                csv.append(contentsOf: f.site); csv.append(0x2C)
                csv.append(contentsOf: f.episode)
            } else {
                csv.append(0x2C)
            }
            csv.append(0x0A)
            origins.append((rec.file, rec.line))
        }
        self.csv = csv
        self.origins = origins
        files = reader.files
        rejections = reader.rejections
        skipped = reader.skipped
        resourcesRead = reader.resourcesRead
    }

    /// The (file index, NDJSON line) of a tidy CSV line (the header is line 1).
    func origin(_ csvLine: Int) -> (file: Int, line: Int) {
        let k = csvLine - 2
        guard k >= 0, k < origins.count else { return (0, 0) }
        return (Int(origins[k].file), Int(origins[k].line))
    }

    /// Reasons of rows from a folder start with the file's name.
    func prefix(_ file: Int) -> String {
        files.count > 1 ? (files[file].split(separator: "/").last.map(String.init) ?? files[file]) + ": " : ""
    }

    /// Runs `body` (a read of `csv`), turning a ``CSVError`` at a tidy line into one at its
    /// FHIR file and line.
    func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as CSVError {
            guard e.line > 1 else { throw e }
            let o = origin(e.line)
            throw CSVError(file: files[o.file], line: o.line, column: 0, reason: e.reason)
        }
    }

    /// Rejections of the CSV stage at their FHIR lines, merged with the FHIR reader's own, in
    /// (file, line) order; counts of resources read, skipped by rule and rejected.
    func finish(rejections csvRejections: inout [Rejection], counts: inout LoadCounts) {
        var all: [(file: Int, r: Rejection)] = csvRejections.map { r in
            let o = origin(r.line)
            var m = r
            m.line = o.line
            m.column = 0
            m.reason = prefix(o.file) + r.reason
            return (o.file, m)
        }
        for r in rejections {
            var raw = r.raw
            while raw.count < FHIRInput.header.count { raw.append("") }
            all.append((r.file, Rejection(line: r.line, column: 0, field: "", reason: prefix(r.file) + r.reason, raw: raw)))
        }
        all.sort { ($0.file, $0.r.line) < ($1.file, $1.r.line) }
        csvRejections = all.map(\.r)
        counts.rowsRead = resourcesRead
        counts.rejected += rejections.count
        counts.skippedByRule = skipped
    }
}
