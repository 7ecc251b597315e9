// SPDX-License-Identifier: GPL-3.0-or-later
// Cutting a delimited text file into byte ranges that can be parsed in parallel.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// The header of a delimited text file and its data cut into consecutive byte ranges, one per
/// parallel part.
///
/// The header record is everything through the first line feed outside double quotes (it must
/// end within the first 64 KiB). The data after it is cut at the first line feed at or after
/// each of the `parts - 1` evenly spaced offsets; the ranges are consecutive, non-empty and
/// cover every byte from the end of the header to the end of the file.
///
/// A cut is only *assumed* to be a record boundary: a line feed inside a quoted field looks the
/// same. Whether it was one is known exactly once the range before it has been read as records
/// from a known boundary (the header's end for the first range): the cut was a boundary exactly
/// when that range's last record is not an unterminated quoted field
/// (``endsInsideQuotes(_:)``). A reader of the parts therefore checks every range but the last
/// and falls back to one sequential pass when a cut was not a boundary, so its result never
/// depends on where the cuts fell. Line numbers: the first range starts at line
/// ``firstDataLine``; the others are read from line 1 and shifted by the lines of the ranges
/// before them (`CSVReader/endLine`).
///
/// Not for standard input, workbooks or non-UTF-8 text (a UTF-16 byte-order mark makes the
/// initializer fail; an explicit other encoding must be checked by the caller).
///
/// Used by ``ObservationLoader`` (`--threads`). The report's reader could use it the same way:
/// its `headerBytes`, `lineStart` and `fileSize` are ``headerRecord(path:)``,
/// ``lineStart(path:after:size:)`` and ``fileSize(_:)``, and its one middle cut is
/// `ByteRangeSplit(path:parts: 2, minimumSize:)`'s `ranges`.
public struct ByteRangeSplit: Sendable, Equatable {
    /// The header record's bytes, through its line feed.
    public let header: [UInt8]
    /// Consecutive data ranges (byte offsets in the file), in file order; at least two.
    public let ranges: [Range<Int>]
    /// The line number of the first data record (1 + the line feeds of the header).
    public var firstDataLine: Int { 1 + header.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// Splits `path` into at most `parts` ranges; nil when it is not a regular file of at least
    /// `minimumSize` bytes, when fewer than two ranges result, when the header does not end within
    /// its first 64 KiB or the file starts with a UTF-16 byte-order mark.
    public init?(path: String, parts: Int, minimumSize: Int = 0) {
        guard parts > 1, path != "-", let size = Self.fileSize(path), size >= minimumSize,
              let header = Self.headerRecord(path: path) else { return nil }
        if header.count >= 2, (header[0] == 0xFF && header[1] == 0xFE) || (header[0] == 0xFE && header[1] == 0xFF) { return nil }
        let start = header.count
        guard start < size else { return nil }
        var cuts = [start]
        for k in 1..<parts {
            let target = start + (size - start) / parts * k
            guard target > cuts.last!, let cut = Self.lineStart(path: path, after: target, size: size) else { continue }
            if cut > cuts.last!, cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        guard cuts.count >= 3 else { return nil }
        self.header = header
        ranges = (0..<cuts.count - 1).map { cuts[$0] ..< cuts[$0 + 1] }
    }

    /// Whether `record` (the last record of a range) is an unterminated quoted field: then the
    /// cut after that range was inside quotes, not a record boundary.
    public static func endsInsideQuotes(_ record: CSVRecord) -> Bool {
        record.malformed?.hasPrefix("unterminated quoted field") ?? false
    }

    /// The size of a regular file; nil for anything else (a pipe, a directory, a missing file).
    public static func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The header record's bytes (through its line feed outside quotes), if it ends within the
    /// first 64 KiB.
    public static func headerRecord(path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return nil }
        var inQuotes = false
        for i in 0..<n {
            if buf[i] == 0x22 { inQuotes.toggle() } else if buf[i] == 0x0A, !inQuotes { return Array(buf[0...i]) }
        }
        return nil
    }

    /// Line feeds per byte in the 64 KiB from `offset` (nil when that holds none): an estimate of
    /// a range's rows, so a reader can reserve its memory once instead of growing it by doubling.
    public static func lineDensity(path: String, at offset: Int) -> Double? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
        guard n > 0 else { return nil }
        let lines = buf[0..<n].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return lines > 0 ? Double(lines) / Double(n) : nil
    }

    /// The offset just after the first line feed at or after `offset` (nil: none before `size`).
    public static func lineStart(path: String, after offset: Int, size: Int) -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var pos = offset
        while pos < size {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(pos)) }
            guard n > 0 else { return nil }
            if let i = buf[0..<n].firstIndex(of: 0x0A) { return pos + i + 1 }
            pos += n
        }
        return nil
    }
}
