import ArgumentParser
import Foundation
import HeadwayXLSX

/// `--format xlsx`: the command writes its CSV output as usual (``Output/stdoutCSV()``), which is
/// collected here; when the command ends, the tables become an Excel workbook on standard output
/// (``XLSXWriter``: one sheet named after the command, or one per section for `report`), so
/// `--output FILE` or a shell redirection puts it in a file. A workbook is binary: it is never
/// written to a terminal.
enum WorkbookOutput {
    nonisolated(unsafe) private static var buffer: [UInt8]? = nil

    static var active: Bool { buffer != nil }

    /// `toFile`: `--output FILE` names the destination, so standard output may be a terminal.
    static func start(toFile: Bool = false) throws {
        if !toFile && Terminal.stdoutIsTerminal {
            throw ValidationError("--format xlsx writes a binary workbook: name a file with --output FILE, or redirect standard output")
        }
        buffer = []
    }

    static func append(_ bytes: [UInt8]) { buffer?.append(contentsOf: bytes) }

    /// Writes the workbook of the collected CSV (called once, when the command has run: by
    /// ``Output/redirecting(to:_:)`` before it commits `--output FILE`, else by the main command).
    static func finish() {
        guard let bytes = buffer else { return }
        buffer = nil
        let args = CommandLine.arguments.dropFirst()
        let name = args.first { !$0.hasPrefix("-") } ?? "headway"
        do {
            let tables = try XLSXWriter.tables(fromCSV: bytes, name: name)
            Terminal.outBytes(Array(try XLSXWriter.data(tables)))
        } catch {
            Terminal.error("headway: cannot write the workbook: \(error)")
            TemporaryFiles.removeAll()
            exit(2)
        }
    }
}
