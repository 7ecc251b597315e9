import ArgumentParser
import Headway
import HeadwayCSV

/// Loading a goals file with the user's validation mode; failures become a message on
/// standard error and a documented exit code (as ``Loading`` does for observations).
enum GoalsLoading {
    static func goals(_ path: String, _ input: InputOptions) throws -> GoalSet {
        let set: GoalSet
        do {
            var loader = GoalsLoader(mode: input.mode)
            loader.limits = input.limits
            set = try loader.load(path: path)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        try Loading.reportRejections(set.rejections, header: set.header, counts: set.counts, file: set.file, input: input)
        return set
    }
}
