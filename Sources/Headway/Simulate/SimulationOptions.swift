// Options and course labels of the synthetic-practice simulator.
// SPDX-License-Identifier: GPL-3.0-or-later

/// What to simulate: how many clients, from which seed, across how many sites and clinicians.
public struct SimulationOptions: Sendable {
    /// Number of clients (ids `C000001`...; at least six digits, more when needed).
    public var clients: Int
    /// Seed of the run: the same options give byte-identical output.
    public var seed: UInt64
    /// Number of sites (`S1`...). Each clinician works at one site.
    public var sites: Int = 3
    /// Number of clinicians (`T01`...; at least two digits).
    public var clinicians: Int = 12
    /// First possible intake date; intakes spread across about two years from here.
    public var startDate: (year: Int, month: Int, day: Int) = (2025, 1, 6)
    /// Whether goal attainment scaling rows are generated (for the `goals` sink).
    public var includeGoals: Bool = true
    /// Whether treatment-plan rows are generated (for the `plans` sink; see ``PracticeSimulator``).
    public var includePlans: Bool = false
    /// The known effect of a plan change: after a change the expected PHQ-9 falls by this many
    /// points per week since the change (GAD-7 by 21/27 of it). 0 (the default) leaves every
    /// score as without plans, so observations and goals stay byte-identical for a seed.
    public var adjustmentEffect: Double = 0
    /// The probability that an episode flagged by the simulator's own rule gets a plan change
    /// (the decision is random, so the comparison of changed and unchanged flagged episodes is
    /// randomised within the simulator's flag).
    public var adjustmentShare: Double = 0.5

    public init(
        clients: Int,
        seed: UInt64,
        sites: Int = 3,
        clinicians: Int = 12,
        startDate: (year: Int, month: Int, day: Int) = (2025, 1, 6),
        includeGoals: Bool = true
    ) {
        self.clients = max(0, clients)
        self.seed = seed
        self.sites = max(1, sites)
        self.clinicians = max(1, clinicians)
        self.startDate = startDate
        self.includeGoals = includeGoals
    }

    /// The most clients, sites and clinicians a run accepts (issue 18 item 9: 2⁶³ − 1
    /// clinicians crashed the simulator): a practice far larger than any service, still
    /// written in bounded memory.
    public static let maximumClients = 100_000_000
    public static let maximumSites = 10_000
    public static let maximumClinicians = 100_000
    /// Intake years accepted for `startDate`: the simulated dates (intakes over about two
    /// years, then the sessions) stay four-digit years (9999-12-31 wrapped to year 0001).
    public static let startYears = 1900...9000

    /// A description of the first option out of range (named as the command-line option), or `nil`.
    public var problem: String? {
        if !(0...Self.maximumClients).contains(clients) { return "--clients must be between 0 and \(Self.maximumClients)" }
        if !(1...Self.maximumSites).contains(sites) { return "--sites must be between 1 and \(Self.maximumSites)" }
        if !(1...Self.maximumClinicians).contains(clinicians) { return "--clinicians must be between 1 and \(Self.maximumClinicians)" }
        if !Self.startYears.contains(startDate.year) {
            return "--start-date must lie in the years \(Self.startYears.lowerBound) to \(Self.startYears.upperBound)"
        }
        return nil
    }
}

/// The true (hidden) course of an episode; written only to the truth file.
public enum SimulatedCourse: String, Sendable, CaseIterable {
    /// Log-shaped decline to about half of intake within 6–8 sessions (~45%).
    case improver
    /// Gradual linear decline (~20%).
    case slowImprover = "slow_improver"
    /// Flat with noise (~17%).
    case nonResponder = "non_responder"
    /// Rising by 4–10 points over the course (~8%).
    case deteriorator
    /// Stops after 1–3 sessions on a random trajectory (~10%).
    case dropOut = "drop_out"

    /// Share of episodes with this course.
    public var proportion: Double {
        switch self {
        case .improver: 0.45
        case .slowImprover: 0.20
        case .nonResponder: 0.17
        case .deteriorator: 0.08
        case .dropOut: 0.10
        }
    }
}
