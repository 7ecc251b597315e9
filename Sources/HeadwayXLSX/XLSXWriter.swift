// SPDX-License-Identifier: GPL-3.0-or-later
// Writing tables as an Excel workbook (.xlsx).
import Foundation
import HeadwayCSV
import ZIPFoundation

/// A table for a workbook: one sheet.
public struct XLSXTable: Sendable, Equatable {
    /// The sheet's name (made valid: at most 31 characters, none of `[]:*?/\`, unique).
    public var name: String
    /// The header row, then the data rows, as text.
    public var rows: [[String]]
    public init(name: String, rows: [[String]]) {
        self.name = name
        self.rows = rows
    }
}

/// Writes tables (one per sheet) as an .xlsx workbook, the archive with ZIPFoundation (deflate).
///
/// Cells: a field that is a plain decimal number (`-12`, `0.5`, `54.016097`: optional minus,
/// digits without a leading zero, an optional fraction; at most 15 significant digits, so the
/// double Excel stores is the same number) in a column whose header does not name an identifier is
/// written as a number; every other field, and every field of an identifier column (a header
/// ending in `id`, or `client`, `episode`, `goal`, `site`, `group`, `clinician`, `measure`), is
/// written as an inline string, exactly as in the CSV output. So an id such as `007` or `1.10` is
/// never turned into a number, and reading the workbook back gives the CSV's text (numbers may
/// lose trailing zeros: `20.000000` is the number 20). The first row is the header; an empty field
/// is an absent cell. Control characters other than tab, line feed and carriage return, which XML
/// cannot hold, are written as `_xHHHH_` (the Office Open XML escape, ECMA-376 Part 1 §22.9.2.19).
public enum XLSXWriter {
    /// Writes the workbook to `url` (replacing it).
    public static func write(_ tables: [XLSXTable], to url: URL) throws {
        let bytes = try data(tables)
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw XLSXError("cannot write \(url.path): \(error)")
        }
    }

    /// The workbook's bytes (an in-memory archive).
    public static func data(_ tables: [XLSXTable]) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw XLSXError("cannot create a workbook in memory: \(error)")
        }
        let names = sheetNames(tables.map(\.name))
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let sheetsCount = max(tables.count, 1)
        var types = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        types += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for i in 1...sheetsCount {
            types += #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        types += "</Types>"
        try add("[Content_Types].xml", types)
        try add("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
        var book = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        var rels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 1...sheetsCount {
            let name = i <= names.count ? names[i - 1] : "Sheet1"
            book += #"<sheet name="\#(escape(name, attribute: true))" sheetId="\#(i)" r:id="rId\#(i)"/>"#
            rels += #"<Relationship Id="rId\#(i)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i).xml"/>"#
        }
        book += "</sheets></workbook>"
        rels += #"<Relationship Id="rId\#(sheetsCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
        try add("xl/workbook.xml", book)
        try add("xl/_rels/workbook.xml.rels", rels)
        try add("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        for i in 1...sheetsCount {
            try add("xl/worksheets/sheet\(i).xml", sheetXML(i <= tables.count ? tables[i - 1].rows : []))
        }
        guard let data = archive.data else { throw XLSXError("cannot create a workbook in memory") }
        return data
    }

    /// Tables from a command's CSV output (RFC 4180, comma-separated, as Headway writes it): one
    /// table named `name`; or, when the first column is `section` (`headway report`), one table
    /// per section, in order of first appearance, each with the full header.
    public static func tables(fromCSV bytes: [UInt8], name: String) throws -> [XLSXTable] {
        let reader = CSVReader(bytes: bytes, name: name)
        reader.format = CSVFormat(encoding: .utf8, delimiter: 0x2C)
        var rows: [[String]] = []
        try reader.forEachRecord { r in rows.append(r.allFieldStrings()) }
        guard let header = rows.first else { return [XLSXTable(name: name, rows: [])] }
        guard header.first == "section" else { return [XLSXTable(name: name, rows: rows)] }
        var order: [String] = [], bySection: [String: [[String]]] = [:]
        for row in rows.dropFirst() {
            let s = row.first ?? ""
            if bySection[s] == nil { order.append(s) }
            bySection[s, default: []].append(row)
        }
        if order.isEmpty { return [XLSXTable(name: name, rows: [header])] }
        return order.map { XLSXTable(name: $0.isEmpty ? name : $0, rows: [header] + bySection[$0]!) }
    }

    /// The worksheet XML of `rows` (the first is the header, in bold, frozen).
    static func sheetXML(_ rows: [[String]]) -> String {
        let header = rows.first ?? []
        let numericColumn = header.map { !isIdentifierColumn($0) }
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if !rows.isEmpty { out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"# }
        out += "<sheetData>"
        for (r, row) in rows.enumerated() {
            out += #"<row r="\#(r + 1)">"#
            for (c, field) in row.enumerated() where !field.isEmpty {
                let ref = columnName(c) + String(r + 1)
                if r > 0, c < numericColumn.count, numericColumn[c], isPlainNumber(field) {
                    out += #"<c r="\#(ref)"><v>\#(field)</v></c>"#
                } else {
                    let style = r == 0 ? #" s="1""# : ""
                    out += #"<c r="\#(ref)"\#(style) t="inlineStr"><is><t xml:space="preserve">\#(escape(field, attribute: false))</t></is></c>"#
                }
            }
            out += "</row>"
        }
        out += "</sheetData></worksheet>"
        return out
    }

    /// Whether a header names an identifier column, whose fields are always text.
    public static func isIdentifierColumn(_ header: String) -> Bool {
        let h = header.lowercased()
        return h.hasSuffix("id") || ["client", "episode", "goal", "site", "group", "clinician", "measure", "file"].contains(h)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 15 significant digits.
    public static func isPlainNumber(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        if u.first == 0x2D { u = u.dropFirst() }
        guard let first = u.first, first >= 0x30, first <= 0x39 else { return false }
        var intDigits = 0, fracDigits = 0, sawPoint = false, significant = 0, leadingZero = false
        for (k, b) in u.enumerated() {
            if b == 0x2E {
                guard !sawPoint, intDigits > 0 else { return false }
                sawPoint = true
                continue
            }
            guard b >= 0x30, b <= 0x39 else { return false }
            if sawPoint { fracDigits += 1 } else { intDigits += 1 }
            if k == 0 && b == 0x30 { leadingZero = true }
            if significant > 0 || b != 0x30 { significant += 1 }
        }
        if leadingZero && intDigits > 1 { return false }
        if sawPoint && fracDigits == 0 { return false }
        return significant <= 15
    }

    /// Column letters of a 0-based column (0 → A, 26 → AA).
    static func columnName(_ c: Int) -> String {
        var n = c + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Valid, unique sheet names.
    static func sheetNames(_ names: [String]) -> [String] {
        var out: [String] = []
        for n in names {
            var s = String(n.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if s.isEmpty { s = "Sheet" }
            var candidate = s, k = 2
            while out.contains(where: { $0.lowercased() == candidate.lowercased() }) {
                let suffix = " (\(k))"
                candidate = String(s.prefix(31 - suffix.count)) + suffix
                k += 1
            }
            out.append(candidate)
        }
        return out
    }

    static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF {
                    let hex = String(ch.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}

extension CSVRecord {
    /// Every field as text.
    func allFieldStrings() -> [String] { (0..<count).map { string($0) } }
}
