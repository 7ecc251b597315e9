#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of unfinished atomic writes (``FileSink``), removed when the command is
/// interrupted (SIGINT, SIGTERM, SIGHUP) or fails writing standard output, so that no
/// `FILE.tmp-PID` is left behind.
///
/// The signal handler only calls `unlink`, `signal` and `raise` (async-signal-safe) on a fixed
/// table of C strings; it then re-raises the signal with its default action, so the exit status
/// is the usual one for that signal (130 for SIGINT in a shell). Signals that were ignored when
/// the command started stay ignored; blocked ones are unblocked.
enum TemporaryFiles {
    static let capacity = 64
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let t = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        t.initialize(repeating: nil, count: capacity)
        return t
    }()
    nonisolated(unsafe) private static var installed = false

    /// Registers `path` for removal on a signal; returns its slot (or -1 if the table is full).
    static func register(_ path: String) -> Int {
        installHandlers()
        for i in 0..<capacity where table[i] == nil {
            table[i] = strdup(path)
            return i
        }
        return -1
    }

    /// Forgets the file in `slot` (after it was renamed into place or removed).
    static func unregister(_ slot: Int) {
        guard slot >= 0, let p = table[slot] else { return }
        table[slot] = nil
        free(p)
    }

    /// Removes every registered file (not from a signal handler: see ``handle(_:)``).
    static func removeAll() {
        for i in 0..<capacity { if let p = table[i] { unlink(p) } }
    }

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        _ = table
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // A signal ignored by the parent (e.g. SIGINT of a background job) stays ignored.
            let previous = signal(sig) { s in TemporaryFiles.handle(s) }
            if let previous, unsafeBitCast(previous, to: Int.self) == 1 /* SIG_IGN */ { signal(sig, SIG_IGN) }
            sigaddset(&set, sig)
        }
        // A launcher may have blocked them (the mask is inherited): deliver them to us.
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func handle(_ sig: Int32) {
        for i in 0..<capacity { if let p = table[i] { unlink(p) } }
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
