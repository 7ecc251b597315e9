import ArgumentParser
import Headway
import HeadwayCSV

/// Values the process keeps until it exits instead of freeing them when a command returns: the
/// loaded observations are millions of small arrays whose release one by one took a few hundred
/// milliseconds at the end of every command, for memory the operating system reclaims at exit
/// anyway. Only the command-line tool does this (the library frees as usual).
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []
    static func keep(_ value: Any) { values.append(value) }
}

/// Loading data with the catalog and validation mode the user chose, turning
/// every failure into a clear message on standard error and a documented exit code.
enum Loading {
    static func catalog(_ input: InputOptions) throws -> MeasureCatalog {
        var catalog = MeasureCatalog.builtin
        if let path = input.measuresFile {
            do {
                try UserCatalog.apply(path: path, format: input.format, to: &catalog)
            } catch let e as CSVError {
                Terminal.error("headway: \(e)")
                throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
            }
        }
        return catalog
    }

    /// Loads observations on `threads` threads (`--threads`; a large file is read in parallel
    /// byte ranges, with the same result as one pass).
    static func observations(_ path: String, _ input: InputOptions, threads: Int = Parallel.defaultThreads) throws -> ObservationSet {
        let catalog = try catalog(input)
        let set: ObservationSet
        do {
            var loader = ObservationLoader(catalog: catalog, mode: input.mode)
            loader.settings = input.loadSettings
            loader.threads = threads
            let line = ProgressLine.start(quiet: input.quiet)
            defer { line?.finish() }
            if let line { loader.progress = { line.update(rows: $0) } }
            set = try loader.load(path: path)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        wideNotice(set.wide, file: set.file)
        try reportRejections(set.rejections, header: set.header, counts: set.counts, file: set.file, input: input)
        KeptUntilExit.keep(set)
        return set
    }

    /// The summary `headway check` prints, streamed (per-episode state only), with the same
    /// messages as ``observations(_:_:)``: errors, the wide-sheet notice and the rejections.
    static func summary(_ path: String, _ input: InputOptions, threads: Int) throws -> FileSummary {
        let catalog = try catalog(input)
        var options = StreamReadOptions()
        options.parts = min(2, threads)   // the reader splits a large file in two parts
        options.settings = input.loadSettings
        let read: FileSummary
        do {
            let line = ProgressLine.start(quiet: input.quiet)
            defer { line?.finish() }
            var progress: (@Sendable (Int) -> Void)? = nil
            if let line { progress = { line.update(rows: $0) } }
            read = try FileSummary.read(path: path, catalog: catalog, mode: input.mode, options: options, progress: progress)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        wideNotice(read.wide, file: read.file)
        try reportRejections(read.rejections, header: read.header, counts: read.counts, file: read.file, input: input)
        return read
    }

    /// On standard error, when a wide sheet was detected (not asked for with --wide): what was read.
    static func wideNotice(_ layout: WideLayout?, file: String) {
        guard let layout, !layout.requested else { return }
        Terminal.error("headway: \(file): \(layout.summary) (--wide)")
    }

    /// In lenient mode: summary on stderr and the rejects file.
    static func reportRejections(_ rejections: [Rejection], header: [String], counts: LoadCounts, file: String, input: InputOptions) throws {
        // FHIR input: what was skipped, by reason, in both modes (no client ids: reasons only).
        if !counts.skippedByRule.isEmpty {
            Terminal.error("headway: \(file): \(counts.rowsRead) resources read, \(counts.accepted) accepted, \(counts.skipped) skipped, \(counts.rejected) rejected")
            let reasons = counts.skippedByRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            for (reason, n) in reasons.prefix(20) { Terminal.error("  skipped \(n): \(reason)") }
            if reasons.count > 20 { Terminal.error("  … \(reasons.count - 20) more skip reasons") }
        }
        guard input.mode == .lenient else { return }
        Terminal.error("headway: \(file): \(counts.rowsRead) rows read, \(counts.accepted) accepted, \(counts.rejected) rejected" + (counts.skipped > 0 ? ", \(counts.skipped) skipped (\(counts.emptyRows) empty, \(counts.notAdministered) not administered" + (counts.skippedByRule.isEmpty ? "" : ", \(counts.skipped - counts.emptyRows - counts.notAdministered) by FHIR rules") + ")" : ""))
        if let path = input.rejectsPath {
            try Output.atomically(path: path) { w in try RejectsFile.write(rejections, originalHeader: header, to: w) }
        } else {
            for r in rejections.prefix(20) { Terminal.error("  \(r.error(file: file))") }
            if rejections.count > 20 { Terminal.error("  … \(rejections.count - 20) more (use --rejects PATH to keep them all)") }
        }
    }
}

extension InputOptions {
    /// The reading settings chosen on the command line, as one library value.
    var loadSettings: LoadSettings {
        LoadSettings(limits: limits, format: format, requireScores: requireScores, dateFormat: dateFormat,
                     columnMap: columnMap, inputFormat: inputFormat, wide: wide)
    }
}
