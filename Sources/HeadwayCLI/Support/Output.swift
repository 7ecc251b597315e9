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

    /// Writes a file atomically: to a temporary file beside it, then rename.
    /// A reader never sees a half-written file.
    static func atomically(path: String, _ body: (CSVWriter) throws -> Void) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            Terminal.error("headway: cannot write \(path): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        do {
            let w = CSVWriter(fileDescriptor: fd)
            try body(w)
            try w.flush()
            guard fsync(fd) == 0 || errno == EINVAL else { throw CSVError(file: path, line: 0, column: 0, reason: "fsync failed") }
            close(fd)
            guard rename(tmp, path) == 0 else {
                throw CSVError(file: path, line: 0, column: 0, reason: "rename failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            close(fd)
            unlink(tmp)
            Terminal.error("headway: cannot write \(path): \(error)")
            throw HeadwayExit.ioError
        }
    }

    /// Writes text atomically (temporary file, then rename).
    static func atomically(path: String, text: String) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            Terminal.error("headway: cannot write \(path): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            Terminal.error("headway: cannot write \(path)")
            throw HeadwayExit.ioError
        }
    }
}
