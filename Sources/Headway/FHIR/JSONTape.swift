// SPDX-License-Identifier: GPL-3.0-or-later
// A validating JSON parser that writes a flat "tape" of tokens instead of an object tree, so
// reading one NDJSON line allocates nothing once the tape's arrays have grown (the idea of
// simdjson's tape, Langdale & Lemire 2019, "Parsing gigabytes of JSON per second", VLDB J 28).

/// The tokens of one JSON text, in document order.
///
/// Each token has a kind, a byte range in the source and, for containers, the index one past
/// its last descendant (`next`), so a reader skips a whole value in O(1). An object's tokens
/// are its keys and values alternately. Strings are kept as byte ranges (between the quotes)
/// and decoded only when asked for.
struct JSONTape {
    enum Kind: UInt8 { case object, array, string, number, bool, null }

    var kinds: [Kind] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    /// For every token, the index of the token after it and all its descendants.
    var next: [Int32] = []
    /// Whether a string token contains a backslash escape (decoded on access).
    var escaped: [Bool] = []

    var count: Int { kinds.count }

    mutating func reset() {
        kinds.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
    }
}

/// A JSON syntax error at a byte offset.
struct JSONSyntaxError: Error {
    var offset: Int
    var reason: String
}

/// Parses `bytes` (one JSON text) into `tape`. Nesting deeper than 512 levels is an error
/// (no recursion: the parser keeps an explicit stack, so hostile input cannot overflow it).
func parseJSON(_ bytes: UnsafeBufferPointer<UInt8>, into tape: inout JSONTape, stack: inout [Int32]) throws(JSONSyntaxError) {
    tape.reset()
    stack.removeAll(keepingCapacity: true)
    let n = bytes.count
    var i = 0
    @inline(__always) func skipSpace() {
        while i < n {
            let b = bytes[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { break }
        }
    }
    @inline(__always) func push(_ k: JSONTape.Kind, _ s: Int, _ e: Int, esc: Bool = false) {
        tape.kinds.append(k)
        tape.starts.append(Int32(truncatingIfNeeded: s))
        tape.ends.append(Int32(truncatingIfNeeded: e))
        tape.next.append(Int32(truncatingIfNeeded: tape.kinds.count))
        tape.escaped.append(esc)
    }
    // Container state: in an object we expect key / colon / value alternately.
    // expectKey: the next token must be a string key (or '}' right after '{').
    var expectValue = true
    var expectKey = false
    var done = false
    // After a complete value: a comma, a closing bracket, or the end.
    func afterValue() throws(JSONSyntaxError) {
        while true {
            guard let top = stack.last else {
                done = true
                expectValue = false
                expectKey = false
                return
            }
            skipSpace()
            guard i < n else { throw JSONSyntaxError(offset: i, reason: "unexpected end of JSON") }
            let c = bytes[i]
            let isObject = tape.kinds[Int(top)] == .object
            if c == UInt8(ascii: ",") {
                i += 1
                if isObject { expectKey = true; expectValue = false } else { expectValue = true; expectKey = false }
                return
            }
            if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                stack.removeLast()
                tape.ends[Int(top)] = Int32(i + 1)
                tape.next[Int(top)] = Int32(tape.kinds.count)
                i += 1
                continue
            }
            throw JSONSyntaxError(offset: i, reason: isObject ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }
    guard n < Int(Int32.max) else { throw JSONSyntaxError(offset: 0, reason: "JSON text longer than 2 GiB") }
    while true {
        skipSpace()
        if i >= n {
            if done && stack.isEmpty { return }
            throw JSONSyntaxError(offset: i, reason: stack.isEmpty ? "empty JSON text" : "unexpected end of JSON (unclosed \(tape.kinds[Int(stack.last!)] == .object ? "object" : "array"))")
        }
        if done { throw JSONSyntaxError(offset: i, reason: "unexpected text after the JSON value") }
        let b = bytes[i]
        if expectKey && b != UInt8(ascii: "\"") { throw JSONSyntaxError(offset: i, reason: "expected a quoted key") }
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard expectValue else { throw JSONSyntaxError(offset: i, reason: "unexpected '\(Character(UnicodeScalar(b)))'") }
            guard stack.count < 512 else { throw JSONSyntaxError(offset: i, reason: "JSON nested deeper than 512 levels") }
            push(b == UInt8(ascii: "{") ? .object : .array, i, i + 1)
            stack.append(Int32(tape.kinds.count - 1))
            i += 1
            if b == UInt8(ascii: "{") { expectKey = true; expectValue = false } else { expectKey = false; expectValue = true }
                // An empty container closes at once.
            skipSpace()
            if i < n, bytes[i] == (b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                let open = Int(stack.removeLast())
                tape.ends[open] = Int32(i + 1)
                tape.next[open] = Int32(tape.kinds.count)
                i += 1
                try afterValue()
            }
            continue
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            throw JSONSyntaxError(offset: i, reason: "unexpected '\(Character(UnicodeScalar(b)))'")
        case UInt8(ascii: "\""):
            guard expectValue || expectKey else { throw JSONSyntaxError(offset: i, reason: "unexpected string") }
            let start = i + 1
            var j = start
            var esc = false
            while true {
                guard j < n else { throw JSONSyntaxError(offset: i, reason: "unterminated string") }
                let c = bytes[j]
                if c == UInt8(ascii: "\"") { break }
                if c == UInt8(ascii: "\\") {
                    esc = true
                    guard j + 1 < n else { throw JSONSyntaxError(offset: j, reason: "unterminated string") }
                    let e = bytes[j + 1]
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        j += 2
                    case UInt8(ascii: "u"):
                        guard j + 5 < n, (2...5).allSatisfy({ isHex(bytes[j + $0]) }) else {
                            throw JSONSyntaxError(offset: j, reason: "invalid \\u escape")
                        }
                        j += 6
                    default:
                        throw JSONSyntaxError(offset: j, reason: "invalid escape in string")
                    }
                    continue
                }
                if c < 0x20 { throw JSONSyntaxError(offset: j, reason: "control character in string") }
                j += 1
            }
            push(.string, start, j, esc: esc)
            i = j + 1
            if expectKey {
                skipSpace()
                guard i < n, bytes[i] == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: i, reason: "expected ':' after key") }
                i += 1
                expectKey = false
                expectValue = true
                continue
            }
            try afterValue()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard expectValue else { throw JSONSyntaxError(offset: i, reason: "unexpected literal") }
            let word: [UInt8] = b == UInt8(ascii: "t") ? Array("true".utf8) : b == UInt8(ascii: "f") ? Array("false".utf8) : Array("null".utf8)
            guard i + word.count <= n, (0..<word.count).allSatisfy({ bytes[i + $0] == word[$0] }) else {
                throw JSONSyntaxError(offset: i, reason: "invalid literal")
            }
            push(b == UInt8(ascii: "n") ? .null : .bool, i, i + word.count)
            i += word.count
            try afterValue()
        default:
            guard expectValue, b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) else {
                throw JSONSyntaxError(offset: i, reason: "unexpected character '\(printable(b))'")
            }
            let start = i
            var j = i
            if bytes[j] == UInt8(ascii: "-") { j += 1 }
            guard j < n, isDigit(bytes[j]) else { throw JSONSyntaxError(offset: start, reason: "invalid number") }
            if bytes[j] == 0x30 { j += 1 } else { while j < n, isDigit(bytes[j]) { j += 1 } }
            if j < n, bytes[j] == UInt8(ascii: ".") {
                j += 1
                guard j < n, isDigit(bytes[j]) else { throw JSONSyntaxError(offset: start, reason: "invalid number") }
                while j < n, isDigit(bytes[j]) { j += 1 }
            }
            if j < n, bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E") {
                j += 1
                if j < n, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
                guard j < n, isDigit(bytes[j]) else { throw JSONSyntaxError(offset: start, reason: "invalid number") }
                while j < n, isDigit(bytes[j]) { j += 1 }
            }
            push(.number, start, j)
            i = j
            try afterValue()
        }
    }


}

/// ``parseJSON(_:into:stack:)`` with the error as a value (nil: parsed).
func parseJSONError(_ bytes: UnsafeBufferPointer<UInt8>, into tape: inout JSONTape, stack: inout [Int32]) -> JSONSyntaxError? {
    do throws(JSONSyntaxError) {
        try parseJSON(bytes, into: &tape, stack: &stack)
        return nil
    } catch {
        return error
    }
}

@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) private func isHex(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}
private func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
}

/// Read access to a parsed tape over its source bytes.
struct JSONView {
    let bytes: UnsafeBufferPointer<UInt8>
    let tape: JSONTape

    func kind(_ t: Int) -> JSONTape.Kind { tape.kinds[t] }

    /// The value of `key` in the object at token `obj`, or nil.
    func member(_ obj: Int, _ key: StaticString) -> Int? {
        guard obj >= 0, obj < tape.count, tape.kinds[obj] == .object else { return nil }
        let end = Int(tape.next[obj])
        var t = obj + 1
        let k = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        while t < end {
            if keyEquals(t, k) { return t + 1 }
            t = Int(tape.next[t + 1])
        }
        return nil
    }

    /// The keys of the object at `obj`, with their value tokens.
    func members(_ obj: Int) -> [(key: String, value: Int)] {
        guard tape.kinds[obj] == .object else { return [] }
        var out: [(String, Int)] = []
        var t = obj + 1
        let end = Int(tape.next[obj])
        while t < end {
            out.append((string(t) ?? "", t + 1))
            t = Int(tape.next[t + 1])
        }
        return out
    }

    private func keyEquals(_ t: Int, _ k: UnsafeBufferPointer<UInt8>) -> Bool {
        if tape.escaped[t] { return string(t) == String(decoding: k, as: UTF8.self) }
        let s = Int(tape.starts[t]), e = Int(tape.ends[t])
        guard e - s == k.count else { return false }
        for j in 0..<k.count where bytes[s + j] != k[j] { return false }
        return true
    }

    /// The element tokens of the array at `arr` (empty for a non-array).
    func elements(_ arr: Int) -> [Int] {
        guard arr >= 0, arr < tape.count, tape.kinds[arr] == .array else { return [] }
        var out: [Int] = []
        var t = arr + 1
        let end = Int(tape.next[arr])
        while t < end {
            out.append(t)
            t = Int(tape.next[t])
        }
        return out
    }

    /// Calls `body` with each element of the array at `arr`, without allocating.
    func forEachElement(_ arr: Int, _ body: (Int) throws -> Void) rethrows {
        guard arr >= 0, arr < tape.count, tape.kinds[arr] == .array else { return }
        var t = arr + 1
        let end = Int(tape.next[arr])
        while t < end {
            try body(t)
            t = Int(tape.next[t])
        }
    }

    /// Whether the string token `t` equals `s` byte for byte (no allocation when unescaped).
    func stringEquals(_ t: Int?, _ s: StaticString) -> Bool {
        guard let t, tape.kinds[t] == .string else { return false }
        let k = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        return keyEquals(t, k)
    }

    /// The raw bytes of a token (strings: between the quotes, undecoded).
    func raw(_ t: Int) -> UnsafeBufferPointer<UInt8> {
        let s = Int(tape.starts[t]), e = Int(tape.ends[t])
        return UnsafeBufferPointer(rebasing: bytes[s..<e])
    }

    /// The decoded string at token `t`, or nil when it is not a string.
    func string(_ t: Int?) -> String? {
        guard let t, tape.kinds[t] == .string else { return nil }
        let r = raw(t)
        if !tape.escaped[t] { return String(decoding: r, as: UTF8.self) }
        return decodeEscapes(r)
    }

    /// The number at token `t` as a Double (nil for a non-number or a non-finite value).
    func number(_ t: Int?) -> Double? {
        guard let t, tape.kinds[t] == .number else { return nil }
        let v = Double(String(decoding: raw(t), as: UTF8.self))
        return v.flatMap { $0.isFinite ? $0 : nil }
    }

    /// The literal text of a number token (as written: "12", "7.50").
    func numberText(_ t: Int?) -> String? {
        guard let t, tape.kinds[t] == .number else { return nil }
        return String(decoding: raw(t), as: UTF8.self)
    }

    /// Whether a number token is an integer literal (no fraction or exponent).
    func isIntegerLiteral(_ t: Int) -> Bool {
        tape.kinds[t] == .number && !raw(t).contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// A path of object keys from `t` (nil as soon as one is missing).
    func path(_ t: Int?, _ keys: StaticString...) -> Int? {
        var cur = t
        for k in keys {
            guard let c = cur else { return nil }
            cur = member(c, k)
        }
        return cur
    }

    private func decodeEscapes(_ r: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = 0
        var pendingHigh: UInt32? = nil
        func appendScalar(_ v: UInt32) {
            let scalar = UnicodeScalar(v) ?? UnicodeScalar(0xFFFD)!
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < r.count {
            let c = r[i]
            if c != UInt8(ascii: "\\") {
                if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                out.append(c); i += 1; continue
            }
            let e = r[i + 1]
            if e == UInt8(ascii: "u") {
                let hex = String(decoding: r[(i + 2)..<(i + 6)], as: UTF8.self)
                let v = UInt32(hex, radix: 16) ?? 0xFFFD
                i += 6
                if (0xD800...0xDBFF).contains(v) {
                    if let h = pendingHigh { appendScalar(h) }
                    pendingHigh = v
                    continue
                }
                if (0xDC00...0xDFFF).contains(v), let h = pendingHigh {
                    appendScalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                    continue
                }
                if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                appendScalar((0xD800...0xDFFF).contains(v) ? 0xFFFD : v)
                continue
            }
            if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            default: out.append(e)
            }
            i += 2
        }
        if let h = pendingHigh { appendScalar(h) }
        return String(decoding: out, as: UTF8.self)
    }
}
