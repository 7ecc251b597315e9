import Foundation
import Testing

/// The result of running the built `headway` binary.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Directory holding the built products (the test bundle sits beside `headway`).
var productsDirectory: URL {
    #if os(macOS)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    fatalError("couldn't find the products directory")
    #else
    return Bundle.main.bundleURL
    #endif
}

/// Runs `headway` with `arguments` (and optional standard input); never throws on a non-zero exit.
func runHeadway(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> RunResult {
    try runProcess(productsDirectory.appendingPathComponent("headway").path, arguments, stdin: stdin, environment: environment)
}

/// Runs any executable (e.g. /bin/sh for shell recipes); never throws on a non-zero exit.
func runProcess(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes fully before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// Path of a fixture file shipped with the test target.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

/// Path of a file in the repository (Datasets, Examples), from this source file's location.
func repositoryPath(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relative).path
}

/// Compares output with a golden file in Fixtures/golden; HEADWAY_UPDATE_GOLDEN=1 rewrites it.
func expectGoldenOutput(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
    if ProcessInfo.processInfo.environment["HEADWAY_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try actual.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: URL(fileURLWithPath: fixture("golden/\(name)")), encoding: .utf8)
    #expect(actual == expected, "output differs from Fixtures/golden/\(name)", sourceLocation: sourceLocation)
}

func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("headway-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}
