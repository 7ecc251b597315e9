import ArgumentParser
import Headway
import HeadwayCSV

/// Loading a goals file with the user's validation mode; failures become a message on
/// standard error and a documented exit code (as ``Loading`` does for observations).
enum GoalsLoading {
    /// `wide`: the file must be a wide GAS sheet (`gas --wide`); otherwise one is detected.
    static func goals(_ path: String, _ input: InputOptions, wide: Bool = false) throws -> GoalSet {
        let set: GoalSet
        do {
            var loader = GoalsLoader(mode: input.mode)
            loader.limits = input.limits
            loader.format = input.format
            loader.dateFormat = input.dateFormat
            loader.columnMap = input.columnMap
            loader.wide = wide
            set = try loader.load(path: path)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        Loading.wideNotice(set.wide, file: set.file)
        try Loading.reportRejections(set.rejections, header: set.header, counts: set.counts, file: set.file, input: input)
        return set
    }
}
