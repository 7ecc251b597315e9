// SPDX-License-Identifier: GPL-3.0-or-later
// 64 concurrent fits of the same data must give bitwise-identical results: the only
// shared state is the once-only switch of GSL's error handler.
import Testing
@testable import HeadwayStats

@Test func concurrentFitsAreIdentical() async throws {
    let x = Norris.x, y = Norris.y
    let design = Longley.design, ly = Longley.y
    let robustDesign = RobustReference.design, robustY = RobustReference.y
    let reference = try fitLine(x: x, y: y)
    let referenceModel = try fitLinearModel(design: design, y: ly)
    let referenceRobust = try fitRobust(design: robustDesign, y: robustY)
    let referenceRoot = try findRootBrent(lower: 0, upper: 1) { x in x * x * x - 0.3 }

    let results = await withTaskGroup(of: (LinearFit?, LinearModelFit?, RobustFit?, Double?).self) { group in
        for _ in 0..<64 {
            group.addTask {
                (try? fitLine(x: x, y: y), try? fitLinearModel(design: design, y: ly),
                 try? fitRobust(design: robustDesign, y: robustY),
                 try? findRootBrent(lower: 0, upper: 1) { x in x * x * x - 0.3 })
            }
        }
        var all: [(LinearFit?, LinearModelFit?, RobustFit?, Double?)] = []
        for await r in group { all.append(r) }
        return all
    }
    #expect(results.count == 64)
    for (line, model, robust, root) in results {
        #expect(line == reference)      // synthesized Equatable compares every Double exactly
        #expect(line?.slope.bitPattern == reference.slope.bitPattern)
        #expect(model == referenceModel)
        #expect(robust == referenceRobust)
        #expect(root?.bitPattern == referenceRoot.bitPattern)
    }
}
