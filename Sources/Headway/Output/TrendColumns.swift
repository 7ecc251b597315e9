// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV

/// One output column of `headway trend`.
public typealias TrendColumn = OutputColumn<EpisodeTrend>

/// The columns of `headway trend`: the per-episode CSV (``csv``), the terminal table (``table``)
/// and the rows of `--single-case-long` and `--single-case-summary` (docs/trend.md, docs/output.md).
/// ``TrendOutput`` writes them.
public enum TrendColumns {
    static func num(_ v: Double?, _ digits: Int) -> String { CellText.number(v, digits) }
    static func date(_ d: Int?) -> String { CellText.date(d) }
    static func col(_ name: String, _ f: @escaping @Sendable (EpisodeTrend) -> Double?) -> TrendColumn { .number(name, f) }
    static func text(_ name: String, _ f: @escaping @Sendable (EpisodeTrend) -> String?) -> TrendColumn { .text(name, f) }
    static func sc(_ name: String, _ f: @escaping @Sendable (SingleCaseSummary) -> Double?) -> TrendColumn {
        TrendColumn(name: name, value: { t, d in num(t.singleCase.flatMap(f), d) },
                    write: { t, d, w in w.field(t.singleCase.flatMap(f), decimals: d) })
    }

    /// The episode: client, episode and measure.
    public static let ids: [TrendColumn] = [
        text("client_id") { $0.key.clientID }, text("episode_id") { $0.key.episodeID }, text("measure") { $0.key.measure },
    ]

    /// The trend block: counts, dates, OLS, Theil–Sen, Mann–Kendall, robust line, interpretation
    /// and the slope in reliable-change units, then ``modifiedMannKendall``.
    public static let trend: [TrendColumn] = ids + [
        .integer("n") { $0.n },
        .date("first_date") { $0.firstDay }, .date("last_date") { $0.lastDay },
        text("time_unit") { $0.timeAxis.rawValue },
        .score("first_score") { $0.firstScore }, .score("last_score") { $0.lastScore },
        text("status") { $0.status.rawValue },
        col("ols_slope") { $0.ols?.slope }, col("ols_slope_se") { $0.ols?.slopeSE },
        col("ols_slope_ci_lower") { $0.ols?.ciLower }, col("ols_slope_ci_upper") { $0.ols?.ciUpper },
        .pValue("ols_p") { $0.ols?.pValue }, col("ols_intercept") { $0.ols?.intercept }, col("ols_r_squared") { $0.ols?.rSquared },
        col("theil_sen_slope") { $0.theilSen?.slope }, col("theil_sen_intercept") { $0.theilSen?.intercept },
        col("theil_sen_ci_lower") { $0.theilSen?.ciLower }, col("theil_sen_ci_upper") { $0.theilSen?.ciUpper },
        .integer("mk_s") { $0.mannKendall?.s }, col("mk_var_s") { $0.mannKendall?.varianceS },
        col("mk_z") { $0.mannKendall?.z }, .pValue("mk_p") { $0.mannKendall?.pValue },
        col("kendall_tau_b") { $0.mannKendall?.tauB },
        col("robust_slope") { $0.robust?.slope }, col("robust_slope_se") { $0.robust?.slopeSE },
        col("robust_intercept") { $0.robust?.intercept },
        text("direction") { $0.direction == .lowerIsBetter ? "lower_is_better" : "higher_is_better" },
        text("interpretation") { $0.interpretation?.rawValue },
        col("slope_per_week") { $0.slopePerWeek }, col("slope_rc_units") { $0.slopeInReliableChanges },
    ] + modifiedMannKendall

    /// Autocorrelation-aware Mann–Kendall columns (always present; empty where a test is undefined).
    public static let modifiedMannKendall: [TrendColumn] = [
        col("lag1_autocorrelation") { $0.mannKendallVariants?.lag1Autocorrelation },
        col("mk_hr_var_s") { $0.mannKendallVariants?.hamedRao?.varianceS },
        col("mk_hr_z") { $0.mannKendallVariants?.hamedRao?.z }, .pValue("mk_hr_p") { $0.mannKendallVariants?.hamedRao?.pValue },
        col("mk_yw_var_s") { $0.mannKendallVariants?.yueWang?.varianceS },
        col("mk_yw_z") { $0.mannKendallVariants?.yueWang?.z }, .pValue("mk_yw_p") { $0.mannKendallVariants?.yueWang?.pValue },
        .integer("mk_tfpw_s") { $0.mannKendallVariants?.tfpw?.s },
        col("mk_tfpw_var_s") { $0.mannKendallVariants?.tfpw?.varianceS },
        col("mk_tfpw_z") { $0.mannKendallVariants?.tfpw?.z }, .pValue("mk_tfpw_p") { $0.mannKendallVariants?.tfpw?.pValue },
        text("mk_method") { $0.mkMethod.rawValue },
    ]

    /// Estimate, SE and CI columns of one index of ``SingleCaseSummary/estimates`` (the single pair's value,
    /// or the average over phase pairs).
    public static func es(_ prefix: String, _ name: String, ci: Bool = true) -> [TrendColumn] {
        let cols = [sc(prefix) { $0.estimate(name)?.estimate }, sc(prefix + "_se") { $0.estimate(name)?.se }]
        return ci ? cols + [sc(prefix + "_ci_lower") { $0.estimate(name)?.ciLower }, sc(prefix + "_ci_upper") { $0.estimate(name)?.ciUpper }] : cols
    }

    /// The single-case block (docs/trend.md): status, phase sizes and every effect size; empty cells
    /// for an episode without phases.
    public static let singleCase: [TrendColumn] = [
        text("sc_status") { $0.singleCase?.status.rawValue }, text("improvement") { $0.singleCase?.improvement.rawValue },
        .integer("n_a") { $0.singleCase?.nA }, .integer("n_b") { $0.singleCase?.nB },
        .integer("n_pairs") { $0.singleCase?.pairs.count },
    ] + es("nap", "NAP") + [
        sc("nap_se_hanley") { $0.nap?.seHanley }, sc("nap_se_null") { $0.nap?.seNull },
    ] + es("tau", "Tau") + es("tau_u", "Tau_U") + es("tau_bc", "Tau_BC") + es("tau_bc_kendall", "Tau_BC_Kendall") + [
        sc("pnd") { $0.estimate("PND")?.estimate }, sc("pem") { $0.estimate("PEM")?.estimate },
        sc("pand") { $0.estimate("PAND")?.estimate }, sc("ird") { $0.estimate("IRD")?.estimate },
    ] + es("smd_baseline", "SMD_baseline") + es("smd_pooled", "SMD_pooled") + [
        sc("lrr") { $0.lrr?.lrr }, sc("lrr_se") { $0.lrr?.se }, sc("lrr_percent_change") { $0.lrr?.percentChange },
        sc("lrr_ci_lower") { $0.lrr?.ciLower }, sc("lrr_ci_upper") { $0.lrr?.ciUpper },
    ] + es("lrri", "LRRi") + es("lrrd", "LRRd") + es("pog", "PoGO") + [
        sc("pw_intercept") { $0.piecewise?.intercept }, sc("pw_intercept_se") { $0.piecewise?.standardErrors[0] },
        sc("pw_baseline_slope") { $0.piecewise?.baselineSlope }, sc("pw_baseline_slope_se") { $0.piecewise?.standardErrors[1] },
        sc("pw_level_change") { $0.piecewise?.levelChange }, sc("pw_level_change_se") { $0.piecewise?.standardErrors[2] },
        sc("pw_slope_change") { $0.piecewise?.slopeChange }, sc("pw_slope_change_se") { $0.piecewise?.standardErrors[3] },
    ]

    /// Header of `--single-case-long`: one row per series × phase pair × index (SingleCaseES `batch_calc_ES`
    /// long layout); `phase_pair` is the pair number, or `average` for the average over two or more pairs.
    public static let longHeader = ["client_id", "episode_id", "measure", "phase_pair", "es", "est", "se", "ci_lower", "ci_upper",
                             "baseline_n", "treatment_n"]

    /// The `--single-case-long` rows of one episode: every pair's estimates, then their average
    /// when there are two or more pairs (none unless the single-case status is ok).
    public static func longRows(_ t: EpisodeTrend, digits: Int) -> [[String]] {
        guard let sc = t.singleCase, sc.status == .ok else { return [] }
        func row(_ pair: String, _ e: EffectSizeEstimate) -> [String] {
            [t.key.clientID, t.key.episodeID, t.key.measure, pair, e.name, num(e.estimate, digits), num(e.se, digits),
             num(e.ciLower, digits), num(e.ciUpper, digits), String(e.nA), String(e.nB)]
        }
        var rows = sc.pairs.flatMap { p in p.estimates.map { row(String(p.pair), $0) } }
        if sc.pairs.count > 1 { rows += sc.estimates.map { row("average", $0) } }
        return rows
    }

    /// Header of `--single-case-summary`: one row per measure × index.
    public static let summaryHeader = ["measure", "es", "k_series", "est", "se", "ci_lower", "ci_upper", "baseline_n", "treatment_n"]

    /// One `--single-case-summary` row.
    public static func summaryRow(_ s: StudyEstimate, digits: Int) -> [String] {
        let e = s.estimate
        return [s.measure, e.name, String(s.series), num(e.estimate, digits), num(e.se, digits), num(e.ciLower, digits),
                num(e.ciUpper, digits), String(e.nA), String(e.nB)]
    }

    /// CSV columns: always the single-case block too (empty without phases), so that the
    /// columns never depend on the data (docs/output.md).
    public static var csv: [TrendColumn] { trend + singleCase }

    /// The terminal table (``TrendOutput`` appends a sparkline column).
    public static let table: [TrendColumn] = ids + [
        text("n") { String($0.n) }, text("time") { $0.timeAxis.rawValue },
        col("slope") { $0.ols?.slope }, col("ci_lower") { $0.ols?.ciLower }, col("ci_upper") { $0.ols?.ciUpper },
        .pValue("mk_p") { $0.drivingMannKendall?.pValue }, col("rc_units") { $0.slopeInReliableChanges },
        text("trend") { $0.interpretation?.rawValue ?? ($0.status == .ok ? "" : $0.status.rawValue) },
    ]
}
