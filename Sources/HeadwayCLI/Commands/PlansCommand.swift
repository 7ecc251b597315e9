// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Headway

extension PlanEffect.Grouping: ExpressibleByArgument {}

struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Did adjusting help? Flagged episodes whose plan changed soon after the flag against those whose plan did not.",
        discussion: """
        Among episodes flagged red or yellow (the first score at which `flags` would say so), \
        compares those whose plan changed within --within sessions after the flag with those \
        whose plan did not: the score change per week from the flag to the last score (Welch 95% \
        interval of the difference) and the share reliably improved by the end (Newcombe 95% \
        interval). Observational: confounded by indication. By modality or clinician with --by, \
        groups with fewer than --min-cell episodes in an arm suppressed. See docs/plans.md.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("plans"), help: ArgumentHelp("Plans CSV (docs/plans.md).", valueName: "file"))
    var plansFile: String

    @Option(name: .customLong("measure"), help: "The measure to compare on.")
    var measure: String = "PHQ-9"

    @Option(name: .customLong("within"), help: ArgumentHelp("A plan change counts when it comes within this many sessions after the flag.", valueName: "n"))
    var within: Int = 2

    @Option(name: .customLong("by"), help: "practice, modality or clinician.")
    var by: PlanEffect.Grouping = .practice

    @Option(name: .customLong("min-cell"), help: "Groups with fewer episodes than this in an arm are suppressed.")
    var minCell: Int = 5

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Ignore scores after this date (YYYY-MM-DD or 'today').", valueName: "date"))
    var asOf: String?

    @OptionGroup var input: InputOptions

    func validate() throws {
        if within < 1 { throw ValidationError("--within must be at least 1") }
        if minCell < 1 { throw ValidationError("--min-cell must be at least 1") }
        if asOf != nil && asOf.flatMap(AsOfDate.parse) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD or 'today'") }
    }

    func run() throws {
        let catalog = try Loading.catalog(input)
        guard let m = catalog.measure(named: measure) else { throw ValidationError("--measure \(measure): not in the catalog") }
        let set = try Loading.observations(file, input)
        let plans = try PlansLoading.plans(plansFile, input)
        var o = FlagOptions()
        o.asOf = asOf.flatMap(AsOfDate.parse)
        let engine = FlagEngine.prepare(episodes: set.episodes, catalog: catalog, options: o)
        let r = PlanEffect.analyse(episodes: set.episodes, engine: engine, plans: plans.byEpisode, measure: m.name,
                                   within: within, minimumCell: minCell, by: by)
        Terminal.out(PlanEffect.text(r))
    }
}
