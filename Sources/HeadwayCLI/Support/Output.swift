#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import HeadwayCSV

/// Where command output goes.
enum Output {
    /// A CSV writer on standard output.
    /// A failed write ends the command with exit status 2 (``Terminal/outputFailed(_:)``).
    static func stdoutCSV() -> CSVWriter {
        if WorkbookOutput.active { return CSVWriter { WorkbookOutput.append($0) } }    // --format xlsx
        return CSVWriter(borrowing: { Terminal.outBytes($0) })
    }

    /// Writes a CSV file atomically: to a temporary file beside it, then rename.
    /// A reader never sees a half-written file.
    static func atomically(path: String, _ body: (CSVWriter) throws -> Void) throws {
        let sink = try FileSink(path: path)
        do {
            let w = CSVWriter(borrowing: { try sink.write($0) })
            try body(w)
            try w.flush()
            try sink.commit()
        } catch {
            sink.abandon()
            Terminal.error("headway: cannot write \(path): \(error)")
            throw HeadwayExit.ioError
        }
    }

    /// Writes text atomically (temporary file, then rename).
    static func atomically(path: String, text: String) throws {
        let sink = try FileSink(path: path)
        do {
            try Array(text.utf8).withUnsafeBytes { try sink.write($0) }
            try sink.commit()
        } catch {
            sink.abandon()
            Terminal.error("headway: cannot write \(path): \(error)")
            throw HeadwayExit.ioError
        }
    }
}

/// A file written through a temporary name beside it and renamed on ``commit()``
/// (standard output for "-"), so that no reader sees it half-written.
///
/// - A symbolic link is followed: the temporary file is made beside the link's final target and
///   renamed over the target, so the link stays a link and now points to the new contents.
/// - A FIFO, character or block device (`/dev/null`, `/dev/stdout`, a named pipe) is written
///   directly: it cannot be replaced by a regular file, and renaming over it would destroy it.
/// - The temporary file is removed if the command is interrupted (``TemporaryFiles``).
final class FileSink {
    let path: String
    /// The file actually replaced: `path`, or the final target of a symbolic link.
    let target: String
    let tmp: String
    let fd: Int32
    /// Written in place (standard output, a FIFO or a device): nothing to rename.
    let direct: Bool
    private var slot = -1
    private var open = true

    init(path: String) throws {
        self.path = path
        if path == "-" {
            target = path
            tmp = ""
            fd = 1
            direct = true
            return
        }
        let resolved = Self.resolveLinks(path)
        target = resolved
        var st = stat()
        if stat(resolved, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG, (st.st_mode & S_IFMT) != S_IFDIR {
            // FIFO or device: write through.
            tmp = ""
            direct = true
            fd = Glibc.open(resolved, O_WRONLY)
            if fd < 0 {
                Terminal.error("headway: cannot write \(path): \(String(cString: strerror(errno)))")
                throw HeadwayExit.ioError
            }
            return
        }
        direct = false
        tmp = resolved + ".tmp-\(getpid())"
        fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 {
            Terminal.error("headway: cannot write \(path): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        slot = TemporaryFiles.register(tmp)
    }

    /// The final target of `path` if it is a symbolic link (following chains, at most 40 links),
    /// else `path`. A dangling link resolves to the missing file it names.
    static func resolveLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buf, buf.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        return current
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < chunk.count {
            let n = Glibc.write(fd, chunk.baseAddress! + off, chunk.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw SinkError(message: "write to \(path) failed: \(String(cString: strerror(errno)))")
            }
            off += n
        }
    }

    /// Flushes to disk and renames the temporary file into place.
    func commit() throws {
        guard path != "-" else { open = false; return }
        if direct {
            open = false
            guard close(fd) == 0 || errno == EINTR else { throw SinkError(message: "close of \(path) failed: \(String(cString: strerror(errno)))") }
            return
        }
        guard fsync(fd) == 0 || errno == EINVAL else { throw SinkError(message: "fsync of \(path) failed: \(String(cString: strerror(errno)))") }
        let closed = close(fd)
        open = false
        guard closed == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            TemporaryFiles.unregister(slot)
            throw SinkError(message: "close of \(path) failed: \(reason)")
        }
        guard rename(tmp, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            TemporaryFiles.unregister(slot)
            throw SinkError(message: "rename to \(path) failed: \(reason)")
        }
        TemporaryFiles.unregister(slot)
    }

    /// Removes the temporary file of a write that did not complete.
    func abandon() {
        guard open, path != "-" else { return }
        close(fd)
        open = false
        if !direct {
            unlink(tmp)
            TemporaryFiles.unregister(slot)
        }
    }
}

struct SinkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
