// SPDX-License-Identifier: GPL-3.0-or-later
// Reading one sheet of an Excel workbook (.xlsx, Office Open XML SpreadsheetML, ECMA-376 Part 1).
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A problem reading a workbook (not a ZIP archive, a missing part, an unknown sheet).
public struct XLSXError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One row of a sheet: its 1-based row number in the sheet and its cells as text, from column A,
/// with empty strings for empty or absent cells.
public struct XLSXRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// An .xlsx workbook opened for reading.
///
/// The archive is read with ZIPFoundation; each XML part is parsed with Foundation's streaming
/// `XMLParser` (libxml2's SAX interface): a sheet of 100,000 rows is a few tens of megabytes of
/// XML, which a document or `Codable` decoder (XMLCoder) would first build into a tree of every
/// element; a streaming parse keeps only the current cell and the rows' text.
///
/// Cells become text as Headway's CSV reader would see them:
/// - shared strings (`t="s"`, rich-text runs concatenated, phonetic runs left out), inline strings
///   (`t="inlineStr"`) and formula strings (`t="str"`) as written;
/// - numbers as the stored value (`12`, `12.5`, `1E-3`: always with a decimal point);
/// - booleans (`t="b"`) as `true`/`false`; error cells (`t="e"`) as written (`#N/A`);
/// - numbers whose cell style is a date or time format (built-in formats 14–22, 27–36, 45–47,
///   50–58, or a custom format with y, m, d, h or s outside quotes and brackets) as the ISO date
///   `YYYY-MM-DD` of the Excel serial date, in the workbook's date system (1900, with Excel's
///   fictitious 1900-02-29, or 1904); the time of day is dropped, as for ISO date-times. A serial
///   below 1, serial 60 (1900-02-29) and serials past 9999-12-31 are left as numbers.
public struct XLSXWorkbook {
    public let path: String
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    /// Whether the workbook uses the 1904 date system.
    public let date1904: Bool
    let archive: Archive
    let sheetParts: [String]
    let sharedStrings: [String]
    let dateStyles: [Bool]

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw XLSXError("cannot open file: no such file") }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw XLSXError("not an .xlsx workbook (not a ZIP archive): save it from the spreadsheet as \"Excel Workbook (.xlsx)\", or as CSV UTF-8")
        }
        guard let workbookXML = try Self.part(archive, "xl/workbook.xml") else {
            throw XLSXError("not an .xlsx workbook (no xl/workbook.xml; an .xls or .ods file must be saved as .xlsx or CSV first)")
        }
        let book = try WorkbookParser.parse(workbookXML)
        date1904 = book.date1904
        var rels: [String: String] = [:]
        if let relsXML = try Self.part(archive, "xl/_rels/workbook.xml.rels") { rels = try RelationshipsParser.parse(relsXML) }
        var names: [String] = [], parts: [String] = []
        for (name, rid) in book.sheets {
            guard let target = rels[rid] else { continue }
            names.append(name)
            parts.append(target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
        }
        guard !names.isEmpty else { throw XLSXError("the workbook has no worksheets") }
        sheetNames = names
        sheetParts = parts
        sharedStrings = try Self.part(archive, "xl/sharedStrings.xml").map { try SharedStringsParser.parse($0) } ?? []
        dateStyles = try Self.part(archive, "xl/styles.xml").map { try StylesParser.parse($0) } ?? []
    }

    static func part(_ archive: Archive, _ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw XLSXError("cannot read \(path) from the workbook: \(error)")
        }
        return data
    }

    /// The index of the sheet `selector` names: a sheet name (exact, else case-insensitive), or a
    /// 1-based number; nil selects the first sheet.
    public func sheetIndex(_ selector: String?) throws -> Int {
        guard let s = selector else { return 0 }
        if let i = sheetNames.firstIndex(of: s) ?? sheetNames.firstIndex(where: { $0.lowercased() == s.lowercased() }) { return i }
        if let n = Int(s), n >= 1, n <= sheetNames.count { return n - 1 }
        throw XLSXError("no sheet \(s.debugDescription) (sheets: \(sheetNames.enumerated().map { "\($0.offset + 1) \($0.element.debugDescription)" }.joined(separator: ", ")))")
    }

    /// The rows of a sheet (`--sheet NAME|N`; nil: the first), in sheet order. Rows with no cell
    /// holding a value are left out (like blank lines of a CSV file).
    public func rows(sheet selector: String?) throws -> (name: String, rows: [XLSXRow]) {
        let i = try sheetIndex(selector)
        guard let xml = try Self.part(archive, sheetParts[i]) else {
            throw XLSXError("sheet \(sheetNames[i].debugDescription): part \(sheetParts[i]) is missing from the workbook")
        }
        let parser = SheetParser(shared: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        let rows = try parser.parse(xml)
        return (sheetNames[i], rows)
    }

    // MARK: Dates

    /// The ISO date of an Excel serial date, or nil when it has none (see the type's documentation).
    /// 1900 system: serial 1 = 1900-01-01, with the nonexistent 1900-02-29 as serial 60, so from
    /// serial 61 on day = serial − 25569 days from 1970-01-01; 1904 system: serial 0 = 1904-01-01,
    /// day = serial − 24107 (ECMA-376 Part 1, §18.17.4.1).
    public static func isoDate(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let days: Int
        if date1904 {
            guard whole >= 0 else { return nil }
            days = whole - 24107
        } else {
            guard whole >= 1, whole != 60 else { return nil }
            days = whole < 60 ? whole - 25568 : whole - 25569
        }
        return isoString(days: days)
    }

    /// `YYYY-MM-DD` of a day count from 1970-01-01 (Hinnant's civil-from-days algorithm).
    static func isoString(days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Whether a number format shows a date or time.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuote = false, inBracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[": if !inQuote { inBracket = true }
            case "]": if !inQuote { inBracket = false }
            case "y", "m", "d", "h", "s": if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }

    /// 0-based column of a cell reference (`C5` → 2), or nil.
    static func column(of ref: String) -> Int? {
        var c = 0, n = 0
        for u in ref.utf8 {
            if u >= 0x41 && u <= 0x5A { c = c * 26 + Int(u - 0x40); n += 1 } else if u >= 0x61 && u <= 0x7A { c = c * 26 + Int(u - 0x60); n += 1 } else { break }
        }
        return n == 0 || n > 3 ? nil : c - 1
    }
}

// MARK: Streaming parsers

/// `<sheet name=… r:id=…>` and `<workbookPr date1904=…>`.
final class WorkbookParser: NSObject, XMLParserDelegate {
    static let part = "xl/workbook.xml"
    var sheets: [(String, String)] = []
    var date1904 = false
    static func parse(_ data: Data) throws -> WorkbookParser {
        let d = WorkbookParser()
        let p = streamingParser(data)
        p.delegate = d
        guard p.parse() else { throw XLSXError("the workbook's \(Self.part) is not well-formed XML (line \(p.lineNumber))") }
        return d
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "sheet":
            if let n = attributes["name"], let rid = attributes.first(where: { local($0.key) == "id" && $0.key != "sheetId" })?.value { sheets.append((n, rid)) }
        case "workbookPr":
            if let v = attributes["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        default: break
        }
    }
}

/// Relationship id → target.
final class RelationshipsParser: NSObject, XMLParserDelegate {
    static let part = "xl/_rels/workbook.xml.rels"
    var targets: [String: String] = [:]
    static func parse(_ data: Data) throws -> [String: String] {
        let d = RelationshipsParser()
        let p = streamingParser(data)
        p.delegate = d
        guard p.parse() else { throw XLSXError("the workbook's \(Self.part) is not well-formed XML (line \(p.lineNumber))") }
        return d.targets
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if local(name) == "Relationship", let id = attributes["Id"], let t = attributes["Target"] { targets[id] = t }
    }
}

/// `<si>` items: the text of their `<t>` elements, without phonetic runs (`<rPh>`).
final class SharedStringsParser: NSObject, XMLParserDelegate {
    static let part = "xl/sharedStrings.xml"
    var strings: [String] = []
    var current = ""
    var inT = false, inPhonetic = false
    static func parse(_ data: Data) throws -> [String] {
        let d = SharedStringsParser()
        let p = streamingParser(data)
        p.delegate = d
        guard p.parse() else { throw XLSXError("the workbook's \(Self.part) is not well-formed XML (line \(p.lineNumber))") }
        return d.strings
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "si": current = ""
        case "t": inT = true
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "si": strings.append(current)
        case "t": inT = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inT && !inPhonetic { current += string }
    }
}

/// Per cell style (`<cellXfs>` order): whether its number format is a date.
final class StylesParser: NSObject, XMLParserDelegate {
    static let part = "xl/styles.xml"
    var formats: [Int: String] = [:]
    var xfFormats: [Int] = []
    var inCellXfs = false
    static func parse(_ data: Data) throws -> [Bool] {
        let d = StylesParser()
        let p = streamingParser(data)
        p.delegate = d
        guard p.parse() else { throw XLSXError("the workbook's \(Self.part) is not well-formed XML (line \(p.lineNumber))") }
        return d.xfFormats.map { XLSXWorkbook.isDateFormat(id: $0, code: d.formats[$0]) }
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { formats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf": if inCellXfs { xfFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0) }
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if local(name) == "cellXfs" { inCellXfs = false }
    }
}

/// The rows of a worksheet (`<row r=…><c r=… t=… s=…><v>…</v> | <is><t>…</t></is></c>`).
final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var rows: [XLSXRow] = []
    var rowNumber = 0
    var cells: [String] = []
    var hasValue = false
    var cellColumn = 0
    var cellType = ""
    var cellStyle = 0
    var text = ""
    var collecting = false
    var inInline = false, inPhonetic = false
    var failure: XLSXError?

    init(shared: [String], dateStyles: [Bool], date1904: Bool) {
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    func parse(_ data: Data) throws -> [XLSXRow] {
        let p = streamingParser(data)
        p.delegate = self
        if !p.parse() {
            throw failure ?? XLSXError("the sheet's XML is malformed: \(p.parserError.map { "\($0)" } ?? "parse error") at line \(p.lineNumber)")
        }
        if let failure { throw failure }
        return rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            hasValue = false
        case "c":
            cellColumn = attributes["r"].flatMap(XLSXWorkbook.column(of:)) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            text = ""
        case "v": collecting = true; text = ""
        case "is": inInline = true; text = ""
        case "t": if inInline { collecting = true }
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting && !inPhonetic { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "v", "t": collecting = false
        case "is": inInline = false
        case "rPh": inPhonetic = false
        case "c":
            let value: String
            switch cellType {
            case "s":
                guard let i = Int(text), i >= 0, i < shared.count else {
                    failure = XLSXError("row \(rowNumber): shared string \(text.debugDescription) is not in the workbook's string table")
                    parser.abortParsing()
                    return
                }
                value = shared[i]
            case "b": value = text == "1" ? "true" : (text == "0" ? "false" : text)
            case "n":
                if !text.isEmpty, cellStyle < dateStyles.count, dateStyles[cellStyle], let v = Double(text),
                   let iso = XLSXWorkbook.isoDate(serial: v, date1904: date1904) {
                    value = iso
                } else {
                    value = text
                }
            default: value = text          // inlineStr, str (formula result), e (error), d (ISO date)
            }
            guard cellColumn >= 0, cellColumn < 16_384 else { return }
            if cellColumn >= cells.count { cells.append(contentsOf: repeatElement("", count: cellColumn + 1 - cells.count)) }
            cells[cellColumn] = value
            if !value.isEmpty { hasValue = true }
        case "row":
            if hasValue {
                while let last = cells.last, last.isEmpty { cells.removeLast() }
                rows.append(XLSXRow(number: rowNumber, cells: cells))
            }
        default: break
        }
    }
}

/// An element's local name (without a namespace prefix such as `x:`).
@inline(__always) func local(_ name: String) -> String {
    guard let i = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: i)...])
}

/// A parser fed from a stream: on Linux, `XMLParser(data:)` reports an internal error at the end of
/// a large single-line document (a 20 MB sheet) although every element was delivered; the stream
/// form parses it in chunks and succeeds.
func streamingParser(_ data: Data) -> XMLParser {
    XMLParser(stream: InputStream(data: data))
}
