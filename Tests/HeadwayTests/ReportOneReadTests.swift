import Testing
import Foundation
@testable import Headway

/// The HTML report reads its input once: the site breakdown comes from the reader's second
/// attribute, collected in the same pass as the clinician one. Here it is compared with what a
/// separate read grouped by site gives (the previous, two-read path), row by row, in one part and
/// in two parallel parts (the merge of the second attribute across the split).
@Suite struct ReportOneReadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let observations = root.appendingPathComponent("Datasets/sample-practice/observations.csv").path

    @Test(arguments: [1, 2])
    func secondAttributeEqualsASeparateRead(parts: Int) throws {
        func reader(_ key: IntervalKey) -> ReportReader {
            ReportReader(catalog: .builtin, mode: .strict, intervalKey: key, parallelThreshold: 1024, parts: parts)
        }
        var once = reader(.clinician)
        once.secondKey = .site
        let both = try once.read(path: Self.observations)
        let clinician = try reader(.clinician).read(path: Self.observations)
        let site = try reader(.site).read(path: Self.observations)
        #expect(both.parts == parts && site.parts == parts)
        #expect(!both.attributes2.isEmpty && !both.intervals2.isEmpty)

        var co = ReportOptions(); co.by = .clinician
        var so = ReportOptions(); so.by = .site
        let siteRows = ReportBuilder(data: site, options: so).build(goals: nil).rows
        #expect(ReportBuilder(data: both.bySecondAttribute(), options: so).build(goals: nil).rows == siteRows)
        #expect(siteRows.contains { $0.groupBy == "site" && $0.metric == "median_days_between_scores" && $0.group != "all" })
        // The first attribute is unchanged by collecting a second.
        #expect(ReportBuilder(data: both, options: co).build(goals: nil).rows == ReportBuilder(data: clinician, options: co).build(goals: nil).rows)
        #expect(both.attributes == clinician.attributes && both.intervals == clinician.intervals)
        #expect(both.attributes2 == site.attributes && both.intervals2 == site.intervals)
    }
}
