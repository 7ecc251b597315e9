import Testing
import HeadwayCSV

func bytes<T>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(s.utf8).withUnsafeBufferPointer(body)
}

@Suite struct FieldParserTests {
    @Test func integers() {
        #expect(bytes("42") { FieldParser.int($0) } == 42)
        #expect(bytes(" -7 ") { FieldParser.int($0) } == -7)
        #expect(bytes("4.0") { FieldParser.int($0) } == nil)
        #expect(bytes("") { FieldParser.int($0) } == nil)
        #expect(bytes("12a") { FieldParser.int($0) } == nil)
    }

    /// Decimal parsing must agree exactly with Swift's correctly rounded parser.
    @Test func decimalsAgreeWithCorrectlyRoundedParser() {
        for s in ["0", "12", "-3.5", ".5", "47.5", "0.1", "123456789012345", "1234567890.12345", "3.14159265358979", "1e3", "-2.5E-2", "99.99"] {
            #expect(bytes(s) { FieldParser.double($0) } == Double(s), "\(s)")
        }
        for bad in ["", "abc", "1.2.3", "nan", "inf", "1,5", "--1", "0x1p3", "."] {
            #expect(bytes(bad) { FieldParser.double($0) } == nil, "\(bad)")
        }
    }

    /// The one- and two-digit fast path gives what the general loop gives (and rejects what it rejects).
    @Test func shortScoresAgreeWithGeneralParse() {
        var texts: [String] = []
        let alphabet = ["0", "1", "5", "9", " ", ".", "-", "+", "a", "/", ":", "\t", "e"]
        for a in alphabet { texts.append(a); for b in alphabet { texts.append(a + b) } }
        for s in texts {
            // Padded with spaces (trimmed by the parser) the field is too long for the fast path.
            let general = bytes(" " + s + " ") { FieldParser.double($0) }
            #expect(bytes(s) { FieldParser.double($0) } == general, "\(s)")
        }
        #expect(bytes("07") { FieldParser.double($0) } == 7)
        #expect(bytes("99") { FieldParser.double($0) } == 99)
        #expect(bytes("9") { FieldParser.double($0) } == 9)
        #expect(bytes("9a") { FieldParser.double($0) } == nil)
    }

    /// Day counts checked against Python: (date(y,m,d) - date(1970,1,1)).days
    @Test func isoDates() {
        #expect(bytes("1970-01-01") { FieldParser.isoDate($0) } == 0)
        #expect(bytes("2000-03-01") { FieldParser.isoDate($0) } == 11017)
        #expect(bytes("2024-02-29") { FieldParser.isoDate($0) } == 19782)
        #expect(bytes("1969-12-31") { FieldParser.isoDate($0) } == -1)
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "05/01/2024", "2024-04-31", ""] {
            #expect(bytes(bad) { FieldParser.isoDate($0) } == nil, "\(bad)")
        }
        #expect(CivilCalendar.isoString(days: 19782) == "2024-02-29")
        for d in stride(from: -1000, to: 30000, by: 37) {
            let (y, m, dd) = CivilCalendar.components(days: d)
            #expect(CivilCalendar.days(year: y, month: m, day: dd) == d)
        }
    }

    @Test func fixedNumberFormat() {
        #expect(NumberFormat.fixed(3.14159, decimals: 3) == "3.142")
        #expect(NumberFormat.fixed(-0.00001, decimals: 3) == "0.000")
        #expect(NumberFormat.fixed(-3.162277, decimals: 4) == "-3.1623")
        #expect(NumberFormat.fixed(2.5, decimals: 0) == "3")
        #expect(NumberFormat.fixed(0.05, decimals: 2) == "0.05")
        #expect(NumberFormat.fixed(1234.5, decimals: 1) == "1234.5")
        #expect(NumberFormat.fixed(.nan, decimals: 2) == "")
    }
}
