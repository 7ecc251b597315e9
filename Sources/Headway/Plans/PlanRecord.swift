// SPDX-License-Identifier: GPL-3.0-or-later
// Treatment plans: one row per client episode and plan version.

/// One version of a client episode's treatment plan (a row of a plans file).
///
/// A plan version whose interventions, modality or session frequency differ from the previous
/// version's is a *change* (``PlanHistory/changes``); a version that repeats them records a
/// review at which the plan was kept.
public struct PlanVersion: Sendable, Equatable {
    public var episode: GoalEpisodeKey
    public var clinicianID: String?
    public var site: String?
    /// The day the plan was made or changed (days since 1970-01-01).
    public var day: Int
    /// Interventions as written (`CBT;sleep hygiene`): split on `;` or `|` (``interventionList``).
    public var interventions: String?
    /// A short code for grouping (`CBT`, `IPT`, …).
    public var modality: String?
    /// Planned sessions per month (≥ 0; decimals allowed).
    public var sessionsPerMonth: Double?
    /// When the plan is next to be reviewed (days since 1970-01-01).
    public var nextReview: Int?
    /// Why the plan was made or changed (`initial`, `flag`, `client request`, `review`, …).
    public var reason: String?
    /// Input line (for messages).
    public var line: Int

    public init(episode: GoalEpisodeKey, clinicianID: String? = nil, site: String? = nil, day: Int,
                interventions: String? = nil, modality: String? = nil, sessionsPerMonth: Double? = nil,
                nextReview: Int? = nil, reason: String? = nil, line: Int = 0) {
        self.episode = episode
        self.clinicianID = clinicianID
        self.site = site
        self.day = day
        self.interventions = interventions
        self.modality = modality
        self.sessionsPerMonth = sessionsPerMonth
        self.nextReview = nextReview
        self.reason = reason
        self.line = line
    }

    /// The interventions split on `;` or `|`, trimmed, blanks dropped, in input order.
    public var interventionList: [String] {
        (interventions ?? "").split(whereSeparator: { $0 == ";" || $0 == "|" })
            .map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// Whether this version changes the treatment relative to `previous`: a different set of
    /// interventions (compared case-insensitively, order ignored), modality or frequency.
    public func changes(from previous: PlanVersion) -> Bool {
        let a = Set(interventionList.map { $0.lowercased() }), b = Set(previous.interventionList.map { $0.lowercased() })
        return a != b || modality?.lowercased() != previous.modality?.lowercased()
            || sessionsPerMonth != previous.sessionsPerMonth
    }
}

/// The plan versions of one client episode, oldest first.
public struct PlanHistory: Sendable, Equatable {
    public var episode: GoalEpisodeKey
    /// Sorted by plan date (then input line).
    public var versions: [PlanVersion]

    public init(episode: GoalEpisodeKey, versions: [PlanVersion]) {
        self.episode = episode
        self.versions = versions.sorted { ($0.day, $0.line) < ($1.day, $1.line) }
    }

    /// The version in force on `day` (the latest with plan date ≤ day), or `nil` before the first.
    public func current(on day: Int?) -> PlanVersion? {
        guard let day else { return versions.last }
        return versions.last { $0.day <= day }
    }

    /// The versions after the first that change the treatment (``PlanVersion/changes(from:)``).
    public var changes: [PlanVersion] {
        guard versions.count > 1 else { return [] }
        return (1..<versions.count).filter { versions[$0].changes(from: versions[$0 - 1]) }.map { versions[$0] }
    }

    /// Whether version `i` changes the treatment relative to version `i − 1` (version 0: no).
    public func isChange(_ i: Int) -> Bool { i > 0 && i < versions.count && versions[i].changes(from: versions[i - 1]) }
}

/// The plans of a file with load accounting.
public struct PlanSet: Sendable {
    public var file: String
    /// One history per client episode, sorted by client and episode.
    public var histories: [PlanHistory]
    public var counts: LoadCounts
    public var rejections: [Rejection]
    public var header: [String]

    public init(file: String, histories: [PlanHistory], counts: LoadCounts, rejections: [Rejection], header: [String]) {
        self.file = file
        self.histories = histories
        self.counts = counts
        self.rejections = rejections
        self.header = header
    }

    /// The history of one client episode.
    public func history(_ key: GoalEpisodeKey) -> PlanHistory? {
        histories.first { $0.episode == key }
    }

    /// Histories by episode key.
    public var byEpisode: [GoalEpisodeKey: PlanHistory] {
        Dictionary(histories.map { ($0.episode, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
