// SPDX-License-Identifier: GPL-3.0-or-later
import Headway
import HeadwayCharts
import HeadwayCSV

/// One output column of this command.
typealias FlagColumn = OutputColumn<FlagResult>

enum FlagsColumns {
    static func num(_ v: Double?, _ digits: Int) -> String { CellText.number(v, digits) }
    static func date(_ d: Int?) -> String { CellText.date(d) }
    static func col(_ name: String, _ f: @escaping @Sendable (FlagResult) -> Double?) -> FlagColumn { .number(name, f) }
    static func text(_ name: String, _ f: @escaping @Sendable (FlagResult) -> String?) -> FlagColumn { .text(name, f) }
    static func bool(_ v: Bool?) -> String? { CellText.bool(v) }

    static let csv: [FlagColumn] = [
        text("client_id") { $0.key.clientID }, text("episode_id") { $0.key.episodeID }, text("measure") { $0.key.measure },
        text("clinician_id") { $0.clinicianID }, text("site") { $0.site },
        text("n_scores") { String($0.scoreCount) }, text("session") { $0.session.map(String.init) },
        .score("intake_score") { $0.intake }, .score("latest_score") { $0.latest },
        text("first_date") { date($0.firstDay) }, text("latest_date") { date($0.latestDay) },
        text("evaluated_date") { date($0.evaluatedDay) },
        text("status") { $0.status.rawValue }, text("rule") { $0.rule.rawValue },
        text("rules_fired") { $0.rulesFired.map(\.rawValue).joined(separator: ";") },
        text("reason") { $0.reason },
        text("curve_source") { $0.curveSource?.rawValue },
        col("expected_score") { $0.expected }, col("yellow_limit") { $0.yellowLimit }, col("red_limit") { $0.redLimit },
        col("sigma") { $0.sigma }, text("sigma_kind") { $0.sigmaIsPerSession.map { $0 ? "per-session" : "pooled" } },
        col("residual_z") { $0.residualZ },
        col("change") { $0.change }, col("change_percent") { $0.changePercent },
        text("rc_method") { $0.changeMethod?.rawValue }, col("rci_z") { $0.rciZ },
        col("rci_critical_z") { $0.rciCriticalZ }, col("rc_threshold_points") { $0.rcThresholdPoints },
        col("rc_threshold_percent") { $0.rcThresholdPercent }, text("reliable_direction") { $0.reliableDirection?.rawValue },
        col("cutoff") { $0.cutoff }, text("functional") { bool($0.functional) },
        col("worst_change") { $0.worstChange }, col("worst_rci_z") { $0.worstRCIZ },
        text("worst_session") { $0.worstSession.map(String.init) },
        text("trend_time_unit") { $0.trendTimeAxis?.rawValue },
        col("trend_slope") { $0.trendSlope }, col("trend_ci_lower") { $0.trendCILower },
        col("trend_ci_upper") { $0.trendCIUpper }, .pValue("trend_mk_p") { $0.trendMKp },
        text("days_since_last") { $0.daysSinceLast.map(String.init) },
        col("gas_t") { $0.gasT }, text("gas_goal_at_minus_two") { bool($0.gasAnyMinusTwo) },
        col("current_score") { $0.currentScore },
        text("past_deterioration_session") { $0.pastDeteriorationSession.map(String.init) },
        col("past_deterioration_change") { $0.pastDeteriorationChange },
        col("past_deterioration_rci_z") { $0.pastDeteriorationRCIZ },
        text("measurement_due") { $0.measurementDue.map(String.init) },
        text("goal_review_due") { $0.goalReviewDue.map(String.init) },
        text("plan_review_due") { $0.planReviewDue.map(String.init) },
        text("goal_target_due") { $0.goalTargetDue.map(String.init) },
        text("acknowledged") { ackText($0.status, $0.acknowledgement) },
        text("acknowledged_date") { $0.acknowledgement.map { date($0.day) } },
        text("acknowledged_by") { $0.acknowledgement?.by },
    ]

    /// "true" for an acknowledged red or yellow flag, "false" for an unacknowledged one, empty otherwise.
    static func ackText(_ s: FlagStatus, _ a: FlagAcknowledgement?) -> String? {
        guard s == .red || s == .yellow else { return nil }
        return a == nil ? "false" : "true"
    }

    /// One row per client episode (the default layout).
    static let clientCSV: [OutputColumn<ClientFlag>] = [
        .text("client_id") { $0.key.clientID }, .text("episode_id") { $0.key.episodeID },
        .text("clinician_id") { $0.clinicianID }, .text("site") { $0.site },
        .text("status") { $0.status.rawValue },
        .text("acknowledged") { $0.status == .red || $0.status == .yellow ? ($0.isAcknowledged ? "true" : "false") : nil },
        .text("measures") { $0.measures.joined(separator: ";") },
        .text("rule") { $0.rule.rawValue },
        .text("rules_fired") { $0.rulesFired.map(\.rawValue).joined(separator: ";") },
        .text("measure_statuses") { $0.rows.map { "\($0.key.measure) \($0.status.rawValue)" }.joined(separator: ";") },
        .text("reason") { $0.reason },
        .text("n_scores") { String($0.scoreCount) },
        .text("latest_date") { date($0.latestDay) }, .text("evaluated_date") { date($0.evaluatedDay) },
        .text("measurement_due") { $0.measurementDue.map(String.init) },
        .text("goal_review_due") { $0.goalReviewDue.map(String.init) },
        .text("plan_review_due") { $0.planReviewDue.map(String.init) },
        .text("goal_target_due") { $0.goalTargetDue.map(String.init) },
        .text("past_deterioration") { $0.pastDeterioration },
        .text("acknowledged_date") { $0.acknowledgement.map { date($0.day) } },
        .text("acknowledged_by") { $0.acknowledgement?.by },
    ]

    static let clientTable: [OutputColumn<ClientFlag>] = [
        .text("status") { $0.status.rawValue + ($0.isAcknowledged ? " (ack)" : "") },
        .text("client") { $0.key.clientID }, .text("ep") { $0.key.episodeID },
        .text("measures") { $0.measures.joined(separator: ",") },
        .text("due") { $0.measurementDue.map { "\($0)d" } },
        .text("reason") { $0.reason },
    ]

    static let table: [FlagColumn] = [
        text("status") { $0.status.rawValue + ($0.isAcknowledged ? " (ack)" : "") }, text("client") { $0.key.clientID },
        text("ep") { $0.key.episodeID },
        text("measure") { $0.key.measure }, text("s") { $0.session.map(String.init) },
        text("due") { $0.measurementDue.map { "\($0)d" } },
        col("latest") { $0.latest }, col("expected") { $0.expected }, text("rule") { $0.rule.rawValue },
    ]

    static let curves: [String] = RecoveryCurveFile.header
}
