import HeadwayCSV
// SPDX-License-Identifier: GPL-3.0-or-later
// Options and the long-format rows of the practice report.

/// What the report's groups are.
public enum ReportGrouping: String, Sendable, CaseIterable {
    case clinician, site, measure, group, month, quarter, year

    var intervalKey: IntervalKey {
        switch self {
        case .clinician: return .clinician
        case .site: return .site
        case .measure: return .measure
        case .group: return .group
        case .month, .quarter, .year: return .month
        }
    }
}

/// An expected rate to compare groups with (`--benchmark FILE`).
public struct BenchmarkRate: Sendable, Equatable {
    /// Section (`outcomes`, `talking_therapies`, `activity`, `goals`) or `nil` for any.
    public var section: String?
    /// Measure name or `nil` for any.
    public var measure: String?
    public var metric: String
    /// Expected proportion, 0…1.
    public var expected: Double

    public init(section: String? = nil, measure: String? = nil, metric: String, expected: Double) {
        self.section = section
        self.measure = measure
        self.metric = metric
        self.expected = expected
    }
}

public struct ReportOptions: Sendable {
    public var by: ReportGrouping?
    /// Smallest count shown (counts below it, and statistics from fewer people, are suppressed).
    public var minCell: Int = 5
    /// The two measures of the NHS Talking Therapies paired outcomes.
    public var pair: (String, String) = ("PHQ-9", "GAD-7")
    /// Reliable change and cut-offs, as `headway change` (defaults: published thresholds).
    public var change = ChangeOptions()
    /// Without a `status` column, an episode is open when its latest score is at most this
    /// many days before the newest date in the file.
    public var openWithinDays = 90
    /// Confidence level of every interval.
    public var level = 0.95
    /// Significance level of benchmark comparisons.
    public var benchmarkAlpha = 0.05
    public var benchmark: [BenchmarkRate] = []
    /// Parallel parts for large files.
    public var parts = 2
    /// Files smaller than this many bytes are read in one part.
    public var parallelThreshold = 8 << 20
    /// Number of periods in the sparklines.
    public var sparklinePeriods = 12
    /// Reporting period, inclusive, as days since 1970-01-01 (`--from`/`--to`): only episodes
    /// whose last score falls in it are reported (see ``ReportPeriod``). `nil`: unbounded.
    public var from: Int? = nil
    public var to: Int? = nil
    /// Field and record length limits of the reader.
    public var limits = CSVLimits()
    /// CSV, FHIR or detected from the content (`--input-format`).
    public var inputFormat = InputFormat.auto
    /// Encoding, delimiter and decimal separator of the observations file (`CSVFormat`).
    public var format = CSVFormat()
    /// A blank score is an error rather than a skipped "not administered" row.
    public var requireScores = false
    /// How non-ISO dates are written (``DateFormat``).
    public var dateFormat: DateFormat? = nil
    /// Headers named explicitly: canonical column name → header text.
    public var columnMap: [String: String] = [:]
    /// The observations file must be a wide sheet (`--wide`); otherwise one is detected (``WideLayout``).
    public var wide = false

    public init() {}
}

/// What a row's value is.
public enum ReportValueKind: String, Sendable {
    /// A count of people, episodes or scores (`value` holds it).
    case count
    /// A proportion `count / n` with a Wilson interval.
    case rate
    /// A mean, SD, median, effect size or slope computed from `n` episodes or clients.
    case statistic
}

/// One row of the long-format report.
public struct ReportRow: Sendable, Equatable {
    public var section: String
    /// `practice` for practice-wide rows, else the grouping (`clinician`, `month`, …).
    public var groupBy: String
    public var group: String
    public var measure: String
    public var metric: String
    public var kind: ReportValueKind
    public var value: Double?
    /// Numerator of a rate.
    public var count: Int?
    /// Denominator of a rate, or the number of episodes/clients a statistic is computed from.
    public var n: Int?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var suppressed = false
    public var expected: Double?
    public var pValue: Double?
    /// `above`, `below` or `as_expected` against the benchmark.
    public var comparison: String?
    /// Cells (see ``SuppressionTable``) of the count (or numerator) and of the denominator.
    var countCell: Int? = nil
    var nCell: Int? = nil
}

/// The whole report: rows plus what the charts need.
public struct PracticeReport: Sendable {
    public var rows: [ReportRow]
    public var file: String
    public var counts: LoadCounts
    public var rejections: [Rejection]
    public var header: [String]
    /// The wide sheet's layout when the observations file had one column per measure.
    public var wide: WideLayout? = nil
    public var groupBy: ReportGrouping?
    public var minCell: Int
    /// The measure the charts show (the first `pair` measure when present, else the most common).
    public var primaryMeasure: String?
    public var jacobson: ReportJacobson?
    /// Latest GAS T per client episode (for the histogram), empty without goals or below the minimum.
    public var gasT: [Double]
    /// Per group (practice last): label and rate per period (nil = suppressed or no data), oldest first.
    public var sparklines: [(group: String, values: [Double?])]
    public var sparklinePeriods: [String]
    public var sparklineMetric: String
    public var outOfOrderIntervals: Int
    public var parts: Int
}

/// The practice Jacobson plot of the primary measure: distinct (pre, post, category) points.
public struct ReportJacobson: Sendable {
    public var measure: String
    public var points: [(pre: Double, post: Double, category: ChangeCategory)]
    public var bandHalfWidth: Double?
    public var cutoff: Double?
    public var scoreRange: ClosedRange<Double>
    public var n: Int
}
