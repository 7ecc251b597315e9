import Testing
@Test func moduleLoads() { #expect(1 + 1 == 2) }
