// SPDX-License-Identifier: GPL-3.0-or-later
// Ids interned from field bytes: shared by the report reader and the general loader.

/// Interns short byte strings (ids) to dense indices, remembering the last one.
///
/// Names are `String`s (two spellings that are equal as strings are one name), but a spelling
/// already met is found by its bytes (``ByteKeyTable``), without building and hashing a
/// `String`: a file whose clinician changes with every client did that on every episode.
struct ByteInterner {
    var names: [String] = []
    var index: [String: Int32] = [:]
    var last: [UInt8] = []
    var lastIndex: Int32 = -1
    /// Spellings met so far, by their bytes, and the name each spells.
    var spellings = ByteKeyTable(capacity: 64)
    var spellingNames: [Int32] = []

    @inline(__always)
    mutating func intern(_ f: UnsafeBufferPointer<UInt8>) -> Int32 {
        if lastIndex >= 0, Bytes.equal(last, f) { return lastIndex }
        let i: Int32
        if let k = spellings.find(f) {
            i = spellingNames[k]
        } else {
            let s = String(decoding: f, as: UTF8.self)
            if let found = index[s] {
                i = found
            } else {
                i = Int32(names.count)
                names.append(s)
                index[s] = i
            }
            _ = spellings.intern(f)
            spellingNames.append(i)
        }
        last.removeAll(keepingCapacity: true)
        last.append(contentsOf: f)
        lastIndex = i
        return i
    }

    /// Index of an existing or new name.
    mutating func intern(_ s: String) -> Int32 {
        if let i = index[s] { return i }
        let i = Int32(names.count)
        names.append(s)
        index[s] = i
        return i
    }
}

/// Trims spaces and tabs at both ends of a field.
@inline(__always)
func trimmedField(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var s = 0, e = f.count
    while s < e, f[s] == 0x20 || f[s] == 0x09 { s += 1 }
    while e > s, f[e - 1] == 0x20 || f[e - 1] == 0x09 { e -= 1 }
    return UnsafeBufferPointer(rebasing: f[s..<e])
}
