import Testing
import Foundation
import Headway

/// The library example in README.md, kept compiling and checked on the sample practice.
@Suite struct ReadmeExampleTests {
    @Test func readmeLibraryExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/sample-practice/observations.csv").path
        // --- README ---
        let set = try ObservationLoader(catalog: .builtin).load(path: path)
        let result = ChangeAnalysis.run(episodes: set.episodes, catalog: .builtin, options: ChangeOptions())
        var deteriorated: [String] = []
        for row in result.episodes where row.category == .deteriorated { deteriorated.append(row.key.clientID) }
        // --- end ---
        // 11 PHQ-9 + 16 GAD-7 episodes deteriorated (headway change --summary on the same file).
        #expect(deteriorated.count == 27)
    }
}
