#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Output {
    /// Writes a set of files into `dir` as a whole (`report --output DIR`): `body` writes them
    /// into a fresh temporary folder beside `dir` (`.NAME.tmp-PID`), which then takes the place
    /// of `dir`: atomically where the system can exchange two paths (Linux `renameat2` with
    /// `RENAME_EXCHANGE`), else by two renames. The old folder's files are then removed. So no
    /// file of an earlier run survives, and a run that fails leaves `dir` as it was.
    ///
    /// `dir` must be new, empty, or hold only names in `ours` (the files such a run writes):
    /// a folder with other files is refused (exit status 2), so a mistyped path cannot delete
    /// someone's work.
    static func replacingDirectory(_ dir: String, ours: Set<String>, _ body: (String) throws -> Void) throws {
        var path = dir
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let (parent, name) = split(path)
        var st = stat()
        let exists = lstat(path, &st) == 0
        if exists {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                Terminal.error("headway: cannot write \(dir): it exists and is not a directory")
                throw HeadwayExit.ioError
            }
            let foreign = entries(path).filter { name in !ours.contains(name) && !ours.contains { name.hasPrefix($0 + ".tmp-") } }
            guard foreign.isEmpty else {
                Terminal.error("headway: cannot write \(dir): it holds files a report does not write (\(foreign.sorted().prefix(3).joined(separator: ", "))); choose a new or empty directory")
                throw HeadwayExit.ioError
            }
        }
        let tmp = parent + "/." + name + ".tmp-\(getpid())"
        guard mkdir(tmp, 0o755) == 0 else {
            Terminal.error("headway: cannot create directory \(tmp): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        do {
            try body(tmp)
        } catch {
            removeFlat(tmp)
            throw error
        }
        if !exists {
            guard rename(tmp, path) == 0 else { return try failed(tmp, dir) }
            return
        }
        if exchange(tmp, path) {
            removeFlat(tmp)   // now the old folder
            return
        }
        let old = parent + "/." + name + ".old-\(getpid())"
        guard rename(path, old) == 0 else { return try failed(tmp, dir) }
        guard rename(tmp, path) == 0 else {
            _ = rename(old, path)
            return try failed(tmp, dir)
        }
        removeFlat(old)
    }

    private static func failed(_ tmp: String, _ dir: String) throws {
        let reason = String(cString: strerror(errno))
        removeFlat(tmp)
        Terminal.error("headway: cannot write \(dir): \(reason)")
        throw HeadwayExit.ioError
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// Names in a directory (without . and ..).
    static func entries(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Removes a directory holding only files.
    static func removeFlat(_ dir: String) {
        for name in entries(dir) { unlink(dir + "/" + name) }
        rmdir(dir)
    }

    /// Exchanges two paths atomically (Linux renameat2 RENAME_EXCHANGE); false where unavailable.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let f = unsafeBitCast(symbol, to: RenameAt2.self)
        return f(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
        #else
        return false
        #endif
    }
}
