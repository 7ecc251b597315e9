// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the CSV reader (HeadwayCSV) and the observation row parser and loader
// (Headway). Built and run by scripts/fuzz; see docs/fuzzing.md. Not part of the Swift package.
//
// Each input is a CSV file. The target checks, and traps (a finding) when one fails:
//  1. the reader never crashes, and it delivers the same records (line, fields, malformed flag)
//     whatever its buffer size: the input is read with a 4-byte-or-more buffer chosen from the
//     input's length and with the default 1 MiB buffer;
//  2. the loader, in lenient mode, never crashes or throws a data error (only strict mode
//     throws), and accepted + rejected = rows read;
//  3. strict mode either loads the same rows or throws the error of lenient mode's first
//     rejected row (same line).
import Headway
import HeadwayCSV

struct Snapshot: Equatable {
    var line: Int
    var fields: [[UInt8]]
    var malformed: String?
}

func records(_ bytes: [UInt8], chunk: Int) -> (records: [Snapshot], error: String?) {
    let reader = CSVReader(bytes: bytes, name: "fuzz.csv", chunkSize: chunk)
    var out: [Snapshot] = []
    do {
        try reader.forEachRecord { r in
            out.append(Snapshot(line: r.line, fields: (0..<r.count).map { Array(r[$0]) }, malformed: r.malformed))
            if out.count > 100_000 { throw CSVError(file: "fuzz.csv", line: r.line, column: 0, reason: "too many records") }
        }
    } catch let e as CSVError {
        return (out, "\(e.line):\(e.reason)")
    } catch {
        return (out, "\(error)")
    }
    return (out, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func headwayFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. Differential: small buffer vs default buffer.
    let small = records(bytes, chunk: 4 + size % 61)
    let large = records(bytes, chunk: 1 << 20)
    if small.records != large.records || small.error != large.error {
        fatalError("CSVReader: records differ with buffer size \(4 + size % 61)")
    }

    // 2. Lenient loading never throws a data error; the counts balance.
    let lenient: ObservationSet
    do {
        lenient = try ObservationLoader(catalog: .builtin, mode: .lenient).load(reader: CSVReader(bytes: bytes, name: "fuzz.csv"))
    } catch let e as CSVError {
        // Header errors (missing columns, malformed header) stop every mode: that is by design.
        if e.line <= 1 || e.reason.hasPrefix("header") || e.reason.contains("header") { return 0 }
        if e.reason.contains("unterminated") || e.reason.contains("too long") { return 0 }
        fatalError("lenient load threw a row error: \(e.line):\(e.column): \(e.reason)")
    } catch {
        return 0
    }
    if !lenient.counts.balanced {
        fatalError("unbalanced counts: read \(lenient.counts.rowsRead), accepted \(lenient.counts.accepted), rejected \(lenient.counts.rejected)")
    }

    // 3. Strict: the first error is lenient's first reject.
    do {
        let strict = try ObservationLoader(catalog: .builtin, mode: .strict).load(reader: CSVReader(bytes: bytes, name: "fuzz.csv"))
        if !lenient.rejections.isEmpty { fatalError("strict accepted a file that lenient rejected rows of") }
        if strict.counts != lenient.counts { fatalError("strict and lenient counts differ") }
    } catch let e as CSVError {
        if let first = lenient.rejections.first, first.line != e.line {
            fatalError("strict error at line \(e.line), lenient's first reject at line \(first.line)")
        }
    } catch {}
    return 0
}
