// SPDX-License-Identifier: GPL-3.0-or-later
// Plain-English names and definitions of the report's metrics (tables, HTML, glossary).

public enum ReportLabels {
    /// A plain-English label for a metric of a section (the CSV keeps the snake_case name).
    public static func label(_ metric: String, section: String = "") -> String {
        if section == "talking_therapies" {
            switch metric {
            case "paired_episodes": return "Courses with both measures paired"
            case "reliable_improvement": return "Reliable improvement (either measure)"
            case "reliable_deterioration": return "Reliable deterioration (either measure)"
            default: break
            }
        }
        return names[metric] ?? String(metric.map { $0 == "_" ? " " : $0 })
    }

    static let names: [String: String] = [
        "clients": "Clients", "courses": "Courses of treatment", "episodes": "Episodes (client × measure)",
        "scores": "Scores", "paired_episodes": "Episodes with a first and last score",
        "paired_data_rate": "Paired data rate", "median_sessions_per_episode": "Median scores per episode",
        "median_days_between_scores": "Median days between scores", "open_episodes": "Open episodes",
        "paired_n": "Episodes with a first and last score", "pre_mean": "Mean first score", "pre_sd": "SD of first scores",
        "post_mean": "Mean last score", "post_sd": "SD of last scores", "change_mean": "Mean change (last − first)",
        "change_sd": "SD of change", "effect_size_d": "Pre–post effect size d", "srm": "Standardised response mean",
        "recovered": "Recovered", "improved": "Reliably improved, not recovered", "unchanged": "No reliable change",
        "deteriorated": "Reliably deteriorated", "harmed": "Deteriorated from a healthy start",
        "reliable_improvement": "Reliable improvement", "reliable_deterioration": "Reliable deterioration",
        "slope_per_week_mean": "Mean change per week", "cases_at_start": "Above the clinical cut-off at the start",
        "recovery": "Recovery", "reliable_recovery": "Reliable recovery",
        "gas_episodes": "Episodes with goals rated (GAS)", "gas_t_median": "Median GAS T-score",
        "gas_t_at_least_50": "Goals met as expected or better (T ≥ 50)", "gbo_episodes": "Episodes with goal-based outcomes",
        "gbo_mean_change": "Mean goal-based outcome change", "open_episodes_flagged": "Open episodes with a flag",
        "red": "Red: worse than expected", "yellow": "Yellow: not on track", "green": "Green: on track",
        "white": "White: too early to tell", "grey": "Grey: no usable data",
    ]

    /// The glossary: term, definition and source.
    public static let glossary: [(term: String, definition: String, source: String)] = [
        ("Episode", "One client's scores on one measure within one course of treatment (client, episode id, measure).", "Headway docs/report.md"),
        ("Paired data rate", "The share of episodes with at least two scores, so that a first and a last score can be compared.", "NHS Talking Therapies Manual (NHS England), paired data completeness"),
        ("Reliable change", "A change larger than the measure's reliable change index threshold, unlikely (p < 0.05) to be measurement error.", "Jacobson & Truax 1991, J Consult Clin Psychol 59:12–19"),
        ("Reliable improvement", "The score moved by more than the reliable change threshold in the healthy direction.", "Jacobson & Truax 1991; NHS Talking Therapies Manual"),
        ("Reliable deterioration", "The score moved by more than the reliable change threshold in the unhealthy direction.", "Jacobson & Truax 1991; NHS Talking Therapies Manual"),
        ("Recovery", "Above the clinical cut-off at the start (a 'case') and below it at the end. For the NHS Talking Therapies pair: a case on either measure at the start and on neither at the end.", "NHS Talking Therapies Manual (NHS England)"),
        ("Reliable recovery", "Recovered and reliably improved.", "NHS Talking Therapies Manual (NHS England)"),
        ("95% interval", "The range of rates compatible with the data (Wilson score interval for proportions).", "Wilson 1927, J Am Stat Assoc 22:209–212"),
        ("Benchmark comparison", "Significantly above or below the target when a two-sided exact binomial test gives p < 0.05.", "Clopper & Pearson 1934; scipy.stats.binomtest"),
        ("Effect size d", "Mean change divided by the standard deviation of the first scores.", "Becker 1988, Br J Math Stat Psychol 41:257–278"),
        ("Control chart (p-chart)", "A monthly rate with a centre line (the overall rate) and 3-sigma limits that widen for months with fewer episodes; points outside them, or unusual patterns, suggest a real change (special cause).", "Montgomery, Introduction to Statistical Quality Control; NHS England, Making Data Count (2019)"),
        ("XmR chart", "A chart of monthly counts with limits at the mean ± 2.66 × the mean month-to-month change.", "Wheeler & Chambers 1992, Understanding Statistical Process Control"),
        ("Special cause", "A point outside the limits; 7 or more points in a row on one side of the centre; 6 or more points in a row rising or falling; 2 of 3 points beyond 2 sigma on the same side.", "NHS England and NHS Improvement, Making Data Count: Strengthening your decisions (2019)"),
        ("Funnel plot", "Each clinician's or site's rate against its number of episodes, with 95% and 99.8% limits around the practice rate. Groups inside the funnel are consistent with the practice; small groups vary more by chance. A fairer alternative to a league table.", "Spiegelhalter 2005, Stat Med 24:1185–1202"),
        ("Jacobson plot", "Each episode's first score (across) against its last score (up); points below the diagonal improved.", "Jacobson & Truax 1991"),
        ("GAS T-score", "Goal Attainment Scaling summary: 50 means goals were met as expected; above 50, better than expected.", "Kiresuk & Sherman 1968, Community Ment Health J 4:443–453"),
        ("GBO", "Goal-based outcomes: the change in a goal's 0–10 rating from first to latest review.", "Law & Jacob 2015, Goals and Goal Based Outcomes (CORC)"),
        ("Fewer than 5", "A count below the minimum cell size (5 unless --min-cell says otherwise), hidden (with any count that would reveal it) to protect privacy.", "ONS / NHS Digital small-number suppression practice"),
    ]
}
