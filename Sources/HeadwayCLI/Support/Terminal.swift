#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCharts
import HeadwayCSV

/// Standard streams and terminal detection.
enum Terminal {
    /// Where ``out(_:)`` writes: standard output, or the temporary file of `--output FILE`
    /// (``Output/redirecting(to:_:)``).
    nonisolated(unsafe) static var destination: (fd: Int32, name: String) = (1, "standard output")

    static var stdoutIsTerminal: Bool { isatty(destination.fd) != 0 }
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// The note of a filter that matches nothing (`--client`, `--measure`, `--clinician`,
    /// `--from`, `--to`): the same in every format: the result is empty (a CSV header, an empty
    /// table, no chart), the exit status 0, and this line on standard error.
    static func noteEmpty(_ what: String) {
        error("headway: note: \(what) matches nothing; the result is empty")
    }

    /// The width tables are laid out for (``TableLayout/width(terminal:columnsVariable:)``): the
    /// terminal's width (`ioctl` `TIOCGWINSZ` on standard output) when standard output is a
    /// terminal, else the `COLUMNS` environment variable when it is a positive integer, else 80.
    static var tableWidth: Int {
        var size = winsize()
        let terminal: Int? = isatty(1) != 0 && ioctl(1, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
        return TableLayout.width(terminal: terminal, columnsVariable: environment("COLUMNS"))
    }

    /// Writes `s` to standard error as it is (no newline added; failures ignored): for the progress line.
    static func errorRaw(_ s: String) { writeAll(2, s) }

    /// Writes to standard error (diagnostics never go to standard output).
    static func error(_ s: String) {
        var line = s
        if !line.hasSuffix("\n") { line += "\n" }
        writeAll(2, line)
    }

    /// Writes text to standard output. A failed write (a full disk, `/dev/full`, a closed
    /// pipe) ends the command with exit status 2 and the system's reason on standard error.
    static func out(_ s: String) {
        if let reason = writeAll(destination.fd, Array(s.utf8)) { outputFailed(reason) }
    }

    /// Writes bytes to standard output, exiting with status 2 on failure (see ``out(_:)``).
    static func outBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { outBytes($0) }
    }

    /// Writes bytes lent for the call (a CSV writer's buffer, not copied).
    static func outBytes(_ raw: UnsafeRawBufferPointer) {
        if let reason = writeAll(destination.fd, raw) { outputFailed(reason) }
    }

    /// Reports a failed write to standard output, removes temporary files and exits 2.
    static func outputFailed(_ reason: String) -> Never {
        _ = writeAll(2, Array("headway: cannot write \(destination.name): \(reason)\n".utf8))
        TemporaryFiles.removeAll()
        exit(2)
    }

    /// Writes every byte; returns the system's reason on failure.
    @discardableResult
    private static func writeAll(_ fd: Int32, _ s: String) -> String? { writeAll(fd, Array(s.utf8)) }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    private static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> String? {
        var off = 0
        while off < raw.count {
            let n = write(fd, raw.baseAddress! + off, raw.count - off)
            if n < 0 { if errno == EINTR { continue }; return String(cString: strerror(errno)) }
            off += n
        }
        return nil
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }
}
