import Foundation
import Testing

/// Issue 18 items 10, 11 and 13: the atomic writer and standard output under hostile conditions.
@Suite struct OutputRobustnessTests {
    var headway: String { productsDirectory.appendingPathComponent("headway").path }

    /// Runs a shell command line (for redirections such as `> /dev/full`).
    func shell(_ line: String) throws -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", line]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }

    /// Item 11: table output to /dev/full exited 0 with everything lost; CSV exited 1 with
    /// "Error: <output>:0:0". Both now exit 2 and name standard output and the system's reason.
    @Test(arguments: ["table", "csv"])
    func fullDiskExitsTwo(format: String) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let r = try shell("'\(headway)' measures --format \(format) > /dev/full")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write standard output: No space left on device"))
        #expect(!r.stderr.contains("<output>:0:0"))
    }

    /// Item 10: `--rejects` on a symbolic link replaced the link by a regular file; now the
    /// link's target is replaced and the link kept.
    @Test func rejectsThroughSymlinkReplacesTarget() throws {
        let dir = temporaryPath("symlink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let target = dir + "/real.csv", link = dir + "/link.csv"
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        let r = try runHeadway(["check", fixture("defects.csv"), "--lenient", "--rejects", link])
        #expect(r.status == 0 || r.status == 1)
        let attrs = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        let text = try String(contentsOfFile: target, encoding: .utf8)
        #expect(text != "old\n" && text.contains("reason"), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.csv", "real.csv"])
    }

    /// Item 10: a FIFO or device is written through, not replaced by a regular file.
    @Test func rejectsToFifoWritesThrough() throws {
        let dir = temporaryPath("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fifo = dir + "/rejects.fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        let r = try shell("cat '\(fifo)' > '\(dir)/copy.csv' & '\(headway)' check '\(fixture("defects.csv"))' --lenient --rejects '\(fifo)'; wait")
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        #expect(try String(contentsOfFile: dir + "/copy.csv", encoding: .utf8).contains("reason"))
        // /dev/null stays a device.
        let n = try runHeadway(["check", fixture("defects.csv"), "--lenient", "--rejects", "/dev/null"])
        #expect(n.status == 0 || n.status == 1)
        #expect(lstat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
    }

    /// Item 13: SIGINT and SIGTERM during `simulate` left `FILE.tmp-PID` behind.
    @Test(arguments: [SIGINT, SIGTERM])
    func signalRemovesTemporaryFile(signal: Int32) throws {
        let dir = temporaryPath("signal-\(signal)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: headway)
        p.arguments = ["simulate", "--clients", "2000000", "--output", dir + "/sim.csv"]
        let err = Pipe()
        p.standardError = err
        try p.run()
        // Wait until the temporary file exists, then interrupt.
        var waited = 0
        while (try FileManager.default.contentsOfDirectory(atPath: dir)).isEmpty && waited < 200 {
            usleep(50_000); waited += 1
        }
        kill(p.processIdentifier, signal)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "status \(p.terminationStatus) after \(waited) waits: \(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [])
    }
}
