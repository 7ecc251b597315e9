import Testing

/// Colour is only for terminals: ANSI escapes appear with --color always and never otherwise.
@Suite struct ColourTests {
    @Test func flagsTableColoursStatusesOnlyWhenAsked() throws {
        let always = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table", "--color", "always"])
        #expect(always.stdout.contains("\u{1B}[31;1mred\u{1B}[0m"))
        let never = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table", "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}["))
        // auto: standard output is a pipe here, so no colour.
        let auto = try runHeadway(["flags", fixture("flags-small.csv"), "--format", "table"])
        #expect(!auto.stdout.contains("\u{1B}["))
        #expect(never.stdout == auto.stdout)
    }
}
