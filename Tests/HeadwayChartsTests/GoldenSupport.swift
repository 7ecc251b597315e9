import Foundation
import Testing

/// Compares `actual` with the golden file `Golden/<name>`; with the environment
/// variable HEADWAY_UPDATE_GOLDEN=1 it rewrites the file in the source tree instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sourceDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    if ProcessInfo.processInfo.environment["HEADWAY_UPDATE_GOLDEN"] == "1" {
        try actual.write(to: sourceDir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return
    }
    guard let url = Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil) else {
        Issue.record("missing golden file Golden/\(name); run with HEADWAY_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "chart differs from Golden/\(name)", sourceLocation: sourceLocation)
}
