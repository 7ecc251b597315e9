#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

extension Output {
    /// Runs a command's `body` with its standard output sent to `path` (`--output FILE`), if
    /// given: written to a temporary file beside it and renamed into place only when the
    /// command succeeds (or ends with exit status 3, red flags, whose output is complete), so a
    /// failed run leaves no file, empty or partial, and an earlier file stays as it was.
    static func redirecting(to path: String?, _ body: () throws -> Void) throws {
        guard let path, path != "-" else { return try body() }
        let sink = try FileSink(path: path)
        Terminal.destination = (sink.fd, path)
        defer { Terminal.destination = (1, "standard output") }
        do {
            try body()
        } catch let e as ExitCode where e == HeadwayExit.redFlags {
            WorkbookOutput.finish()   // --format xlsx: the workbook goes into the file
            try commit(sink, path)
            throw e
        } catch {
            sink.abandon()
            throw error
        }
        WorkbookOutput.finish()   // --format xlsx: the workbook goes into the file
        try commit(sink, path)
    }

    private static func commit(_ sink: FileSink, _ path: String) throws {
        do { try sink.commit() } catch {
            sink.abandon()
            Terminal.error("headway: cannot write \(path): \(error)")
            throw HeadwayExit.ioError
        }
    }
}
