// SPDX-License-Identifier: GPL-3.0-or-later
// Reliable change indices (JT, GLN, HLL, EN, NK, HA) and the published-threshold rule.

/// Which way a reliable change went, in the measure's "better" sense.
public enum ReliableDirection: String, Sendable, Hashable, CaseIterable {
    case improved, unchanged, deteriorated
}

/// Sample statistics of one measure over the analysed episodes (those with a pre and a post
/// score): n, M1, S1, M2, S2 (SDs with n − 1) and r12. `nil` where undefined (n < 2, zero SD).
public struct SampleStatistics: Sendable, Hashable {
    public var n: Int
    public var preMean: Double?
    public var preSD: Double?
    public var postMean: Double?
    public var postSD: Double?
    public var prePostCorrelation: Double?

    public init(n: Int, preMean: Double? = nil, preSD: Double? = nil, postMean: Double? = nil,
                postSD: Double? = nil, prePostCorrelation: Double? = nil) {
        self.n = n
        self.preMean = preMean
        self.preSD = preSD
        self.postMean = postMean
        self.postSD = postSD
        self.prePostCorrelation = prePostCorrelation
    }
}

/// Why a reliable-change index could not be computed.
public enum ChangeProblem: String, Error, Sendable, Hashable {
    /// Fewer than two scores, or no score matched the pre/post selector.
    case insufficientData = "insufficient_data"
    /// No reliability (catalog or override), or a reliability outside (0, 1).
    case noReliability = "no_reliability"
    /// A zero or undefined SD (`--sd sample` needs two or more episodes with different pre scores).
    case zeroSD = "zero_sd"
    /// No SD at all: `--sd norm` on a measure without a clinical SD in the catalog (and no
    /// `clinicalSD` override).
    case missingSD = "missing_sd"
    /// `.percentage` with a pre score of 0 or below: the percentage change is undefined.
    case undefinedPercentage = "undefined_percentage"
    /// `published` method without a published reliable-change threshold.
    case noThreshold = "no_threshold"
    /// Norms for the clinical cut-off are missing.
    case noNorms = "no_norms"
}

/// Everything needed to classify reliable change for one measure, computed once per measure.
public struct ReliableChangeParameters: Sendable, Hashable {
    public var method: ChangeMethod
    public var direction: ScoreDirection
    /// Critical |z| (methods other than `.published`).
    public var criticalValue: Double
    /// Points for `.published`.
    public var publishedThreshold: Double?
    public var reliability: Double?
    public var postReliability: Double?
    /// The SD the standard error of measurement uses (sample pre SD or norm SD).
    public var sd: Double?
    public var sample: SampleStatistics
    /// `.percentage`: percent change in the better direction that is an improvement.
    public var percentImprovement: Double?
    /// `.percentage`: percent change in the worse direction that is a deterioration
    /// (`nil` = `percentImprovement`).
    public var percentDeterioration: Double?

    public init(method: ChangeMethod, direction: ScoreDirection, criticalValue: Double,
                publishedThreshold: Double? = nil, reliability: Double? = nil, postReliability: Double? = nil,
                sd: Double? = nil, sample: SampleStatistics,
                percentImprovement: Double? = nil, percentDeterioration: Double? = nil) {
        self.method = method
        self.direction = direction
        self.criticalValue = criticalValue
        self.publishedThreshold = publishedThreshold
        self.reliability = reliability
        self.postReliability = postReliability
        self.sd = sd
        self.sample = sample
        self.percentImprovement = percentImprovement
        self.percentDeterioration = percentDeterioration
    }

    /// Standard error of measurement SE = S·√(1 − r) (Jacobson & Truax 1991, eq. 1 note).
    public var standardError: Double? {
        guard let s = sd, s > 0, let r = reliability, r > 0, r < 1 else { return nil }
        return s * (1 - r).squareRoot()
    }

    /// Standard error of the difference S_diff = √(2·SE²) (Jacobson & Truax 1991, p. 14).
    public var sDiff: Double? { standardError.map { (2 * $0 * $0).squareRoot() } }

    /// Reliability of the difference score for Hageman & Arrindell (1999), assuming the error
    /// variance SE² is the same at pre and post: r_dd = 1 − 2SE² / S_D², where
    /// S_D² = S1² + S2² − 2·S1·S2·r12 is the variance of the observed differences. This is HA's
    /// r_dd = (S1²·r_xx + S2²·r_yy − 2·S1·S2·r12) / S_D² with r_yy = 1 − SE²/S2².
    public var differenceReliability: Double? {
        guard let se = standardError, let s1 = sample.preSD, let s2 = sample.postSD, let r12 = sample.prePostCorrelation else { return nil }
        let vd = s1 * s1 + s2 * s2 - 2 * s1 * s2 * r12
        guard vd > 0 else { return nil }
        let rdd = 1 - 2 * se * se / vd
        return rdd > 0 && rdd < 1 ? rdd : nil
    }

    /// Post-score reliability under a constant error variance: r_yy = 1 − SE²/S2² (Hageman &
    /// Arrindell 1999, with SE from the pre SD).
    public var postScoreReliability: Double? {
        guard let se = standardError, let s2 = sample.postSD, s2 > 0 else { return nil }
        let ryy = 1 - se * se / (s2 * s2)
        return ryy > 0 && ryy < 1 ? ryy : nil
    }

    /// The reliable-change index of one pre/post pair (a z value; for `.published` the raw
    /// change in points; for `.percentage` the percent change 100·(x2 − x1)/x1). Throws the
    /// reason when the parameters do not allow it.
    public func index(pre x1: Double, post x2: Double) throws(ChangeProblem) -> Double {
        if method == .published {
            guard publishedThreshold != nil else { throw .noThreshold }
            return x2 - x1
        }
        if method == .percentage {
            guard let imp = percentImprovement, imp > 0 else { throw .noThreshold }
            guard x1 > 0 else { throw .undefinedPercentage }
            // 100·(x2 − x1) first: exact for scores with few decimals, so that a change of
            // exactly the threshold (28 → 14 is −50 %) compares equal.
            let percent = 100 * (x2 - x1) / x1
            guard percent.isFinite else { throw .undefinedPercentage }   // a pre score too close to 0
            return percent
        }
        guard let r = reliability, r > 0, r < 1 else { throw .noReliability }
        guard let s = sd else { throw .missingSD }
        guard s > 0, let se = standardError else { throw .zeroSD }
        switch method {
        case .jt:
            return (x2 - x1) / (2 * se * se).squareRoot()
        case .gln:
            guard let m1 = sample.preMean else { throw .insufficientData }
            return ((x2 - m1) - r * (x1 - m1)) / (s * (1 - r * r).squareRoot())
        case .hll:
            guard let m1 = sample.preMean, let m2 = sample.postMean else { throw .insufficientData }
            return ((x2 - m2) - r * (x1 - m1)) / (s * (1 - r * r).squareRoot())
        case .en:
            guard let m1 = sample.preMean else { throw .insufficientData }
            return (x2 - (m1 + r * (x1 - m1))) / (s * (1 - r).squareRoot())
        case .nk:
            guard let m1 = sample.preMean else { throw .insufficientData }
            let r2 = postReliability ?? r
            guard r2 > 0, r2 < 1 else { throw .noReliability }
            // Error variance of the prediction: r²(1 − r)S² (error of the true-score estimate
            // M1 + r(x1 − M1)) + (1 − r2)S² (error of the post score).
            return ((x2 - m1) - r * (x1 - m1)) / (s * (r * r * (1 - r) + (1 - r2)).squareRoot())
        case .ha:
            guard let m1 = sample.preMean, let m2 = sample.postMean else { throw .insufficientData }
            guard let rdd = differenceReliability else { throw .zeroSD }
            return ((x2 - x1) * rdd + (m2 - m1) * (1 - rdd)) / (rdd * 2 * se * se).squareRoot()
        case .published, .percentage:
            return x2 - x1
        }
    }

    /// Classifies an index from ``index(pre:post:)``: beyond the critical value (or, for
    /// `.published`, at least the threshold in points; for `.percentage` at least
    /// `percentImprovement` percent, and `percentDeterioration` percent the other way) in the
    /// better direction is improved.
    public func direction(ofIndex z: Double) -> ReliableDirection {
        var limit = criticalValue, worse = criticalValue
        if method == .published { limit = publishedThreshold ?? .infinity; worse = limit }
        if method == .percentage {
            limit = percentImprovement ?? .infinity
            worse = percentDeterioration ?? limit
        }
        let better = direction == .lowerIsBetter ? -z : z
        if better >= limit { return .improved }
        if -better >= worse { return .deteriorated }
        return .unchanged
    }

    /// The raw change (points) that is reliable for Jacobson–Truax (critical z · S_diff) or the
    /// published threshold; `nil` for methods whose threshold depends on the pre score.
    public var thresholdPoints: Double? {
        switch method {
        case .published: return publishedThreshold
        case .jt: return sDiff.map { criticalValue * $0 }
        default: return nil
        }
    }
}
