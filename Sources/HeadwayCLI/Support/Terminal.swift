#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeadwayCSV

/// Standard streams and terminal detection.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Writes to standard error (diagnostics never go to standard output).
    static func error(_ s: String) {
        var line = s
        if !line.hasSuffix("\n") { line += "\n" }
        writeAll(2, line)
    }

    /// Writes text to standard output.
    static func out(_ s: String) {
        writeAll(1, s)
    }

    private static func writeAll(_ fd: Int32, _ s: String) {
        let bytes = Array(s.utf8)
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }
}
