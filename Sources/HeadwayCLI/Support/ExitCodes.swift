import ArgumentParser

/// Exit statuses documented in `headway --help`.
enum HeadwayExit {
    static let invalidData = ExitCode(1)
    static let ioError = ExitCode(2)
    static let redFlags = ExitCode(3)
}
