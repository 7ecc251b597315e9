import Headway
import HeadwayCSV

/// Loading a plans file with the user's validation mode (as ``GoalsLoading`` does for goals).
enum PlansLoading {
    static func plans(_ path: String, _ input: InputOptions) throws -> PlanSet {
        let set: PlanSet
        do {
            var loader = PlansLoader(mode: input.mode)
            loader.limits = input.limits
            loader.format = input.format
            loader.dateFormat = input.dateFormat
            loader.columnMap = input.columnMap
            set = try loader.load(path: path)
        } catch let e as CSVError {
            Terminal.error("headway: \(e)")
            throw e.line == 0 ? HeadwayExit.ioError : HeadwayExit.invalidData
        }
        try Loading.reportRejections(set.rejections, header: set.header, counts: set.counts, file: set.file, input: input)
        return set
    }
}
