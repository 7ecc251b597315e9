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
    static func stdoutCSV() -> CSVWriter { CSVWriter(fileDescriptor: 1) }

    /// Writes a CSV file atomically: to a temporary file beside it, then rename.
    /// A reader never sees a half-written file.
    static func atomically(path: String, _ body: (CSVWriter) throws -> Void) throws {
        let sink = try FileSink(path: path)
        do {
            let w = CSVWriter { chunk in try chunk.withUnsafeBytes { try sink.write($0) } }
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
final class FileSink {
    let path: String
    let tmp: String
    let fd: Int32
    private var open = true

    init(path: String) throws {
        self.path = path
        if path == "-" {
            tmp = ""
            fd = 1
            return
        }
        tmp = path + ".tmp-\(getpid())"
        fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 {
            Terminal.error("headway: cannot write \(path): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
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
        guard fsync(fd) == 0 || errno == EINVAL else { throw SinkError(message: "fsync of \(path) failed") }
        close(fd)
        open = false
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw SinkError(message: "rename to \(path) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the temporary file of a write that did not complete.
    func abandon() {
        guard open, path != "-" else { return }
        close(fd)
        open = false
        unlink(tmp)
    }
}

struct SinkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
