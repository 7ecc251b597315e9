// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Headway
import HeadwayCSV

enum ReviewFormat: String, ExpressibleByArgument, CaseIterable { case text, html }

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "One page per client for the review meeting: measures against the expected recovery band, goals, plan, one status.",
        discussion: """
        --client ID prints the page of the client's latest episode (--episode E for another): for \
        every measure the scores against the practice's expected recovery band with plan versions \
        marked, reliable and clinically significant change, trend and flag; the goals with GAS T \
        at each review and progress toward their target dates; the plan and its history; ONE \
        client-level status (the most urgent of the measures' flags and the goals') with its \
        reasons; reminders that are not colours (measurement due, plan review overdue, goals past \
        their target date); and what changed since --since (default: the date of the current plan).

        --clinician ID --output DIR writes one page per client of that clinician and an index \
        (index.txt or index.html) sorted by status, red first. See docs/review.md.
        """
    )

    @Argument(help: "Observations CSV ('-' for standard input).")
    var file: String

    @Option(name: .customLong("goals"), help: ArgumentHelp("Goals CSV (GAS; optional target_date and target_level).", valueName: "file"))
    var goalsFile: String?

    @Option(name: .customLong("plans"), help: ArgumentHelp("Plans CSV (docs/plans.md).", valueName: "file"))
    var plansFile: String?

    @Option(name: .customLong("client"), help: "The client to review.")
    var client: String?

    @Option(name: .customLong("episode"), help: "The episode (default: the client's latest).")
    var episode: String?

    @Option(name: .customLong("clinician"), help: "Caseload: every client of this clinician (needs --output DIR).")
    var clinician: String?

    @Option(name: .customLong("output"), help: ArgumentHelp("Caseload: the directory for the pages and the index. Single page: a file (default: standard output).", valueName: "path"))
    var outputPath: String?

    @Option(name: .customLong("since"), help: ArgumentHelp("Show what changed since this date (default: the date of the current plan).", valueName: "date"))
    var since: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge as of this date (YYYY-MM-DD or 'today'). Default: the newest date in the data.", valueName: "date"))
    var asOf: String?

    @Option(name: .customLong("format"), help: "text (80 columns) or html (self-contained).")
    var format: ReviewFormat = .text

    @Option(name: .customLong("charset"), help: "Text characters: unicode or ascii.")
    var charset: ChartCharset = .unicode

    @Option(name: .customLong("width"), help: "Text width in columns (at least 60).")
    var width: Int = 80

    @OptionGroup var input: InputOptions
    @OptionGroup var privacy: PrivacyOptions

    func validate() throws {
        if (client == nil) == (clinician == nil) { throw ValidationError("give --client ID or --clinician ID (with --output DIR)") }
        if clinician != nil && outputPath == nil { throw ValidationError("--clinician needs --output DIR") }
        if episode != nil && client == nil { throw ValidationError("--episode needs --client") }
        if asOf != nil && asOf.flatMap(AsOfDate.parse) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD or 'today'") }
        if since != nil && since.flatMap(AsOfDate.parse) == nil { throw ValidationError("--since must be a date YYYY-MM-DD or 'today'") }
        if width < 60 { throw ValidationError("--width must be at least 60") }
    }

    func run() throws {
        let catalog = try Loading.catalog(input)
        let set = try Loading.observations(file, input)
        let pseudonymizer = try privacy.pseudonymizer()
        let goals = try goalsFile.map { try GoalsLoading.goals($0, input).goals } ?? []
        let plans = try plansFile.map { try PlansLoading.plans($0, input).histories } ?? []
        var options = FlagOptions()
        options.asOf = asOf.flatMap(AsOfDate.parse)
        let context: ReviewContext
        do {
            context = try ReviewContext.prepare(episodes: set.episodes, catalog: catalog, options: options, goals: goals, plans: plans)
        } catch {
            Terminal.error("headway: review: \(error)")
            throw HeadwayExit.invalidData
        }
        let sinceDay = since.flatMap(AsOfDate.parse)
        if let client {
            guard let page = context.page(client: client, episode: episode, since: sinceDay) else {
                Terminal.error(episode == nil ? "headway: review: no scores, goals or plans for that client"
                                              : "headway: review: that client has no such episode (episodes: \(context.episodeIDs(client: client).joined(separator: ", ")))")
                throw HeadwayExit.invalidData
            }
            let label = pseudonymizer.map { $0.pseudonym(client) }
            let text = format == .html ? ReviewHTML.page(page, clientLabel: label)
                                       : ReviewText.render(page, charset: charset.charset, width: width, clientLabel: label)
            if let outputPath, outputPath != "-" { try Output.atomically(path: outputPath, text: text) } else { Terminal.out(text) }
            return
        }
        let written = try ReviewCaseloadWriter.write(context: context, clinician: clinician!, directory: outputPath!,
                                                     html: format == .html, charset: charset.charset, width: width,
                                                     pseudonymizer: pseudonymizer, since: sinceDay)
        Terminal.error("headway: review: \(written) client page\(written == 1 ? "" : "s") and an index written to \(outputPath!)")
    }
}
