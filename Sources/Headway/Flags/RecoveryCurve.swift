// SPDX-License-Identifier: GPL-3.0-or-later
// The practice's expected recovery curve of one measure, fitted on its completed episodes.
import HeadwayStats
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The expected score at session t given the intake (first) score x0:
///
///     ŷ(t, x0) = β0 + β1·x0 + (β2 + β3·x0)·ln t
///
/// fitted by ordinary least squares (`BlockLeastSquares`: GSL's Householder QR of blocks of
/// rows, solved as `gsl_multifit_linear` solves a whole design) on the
/// practice's completed episodes of the measure, design row [1, x0, ln t, x0·ln t]. This is the
/// log-linear expected-recovery model of the empirically derived signal-alarm systems (Finch,
/// Lambert & Schaalje 2001, "Psychotherapy quality control: the statistical generation of
/// expected recovery curves for integration into an early warning system", Clinical Psychology
/// & Psychotherapy 8, 231–242; Lambert, Whipple, Bishop et al. 2002), where the intake score
/// moderates the slope on log session.
///
/// Headway's conventions: t is the session number (`Score.session`, else the 1-based position
/// in the episode); the first score of every episode is the predictor x0 and is not itself a
/// fitted row (it would equal x0 by construction and shrink σ); rows with t < 1 are skipped.
///
/// σ: pooled = √(SSR/(n − 4)) (the model's residual SD); per session = √(Σ r²/n_t), the root
/// mean square residual of the rows at session t (about 0, not about their mean, since it is a
/// prediction error), used only when n_t ≥ the minimum, else the pooled σ.
public struct RecoveryCurve: Sendable, Hashable {
    public var measure: String
    /// β0, β1, β2, β3.
    public var coefficients: [Double]
    public var pooledSigma: Double
    /// Session → (σ_t, n_t) for every session present in the fit (all counts, also those below
    /// the per-session minimum, so that a saved file can be reused with another minimum).
    public var sessionSigma: [Int: SessionSigma]
    /// Completed episodes in the fit.
    public var episodes: Int
    /// Fitted rows (scores after the first).
    public var rows: Int
    public var rSquared: Double

    public struct SessionSigma: Sendable, Hashable {
        public var sigma: Double
        public var n: Int
        public init(sigma: Double, n: Int) {
            self.sigma = sigma
            self.n = n
        }
    }

    public init(measure: String, coefficients: [Double], pooledSigma: Double, sessionSigma: [Int: SessionSigma] = [:],
                episodes: Int, rows: Int, rSquared: Double = 0) {
        precondition(coefficients.count == 4, "a recovery curve has four coefficients")
        self.measure = measure
        self.coefficients = coefficients
        self.pooledSigma = pooledSigma
        self.sessionSigma = sessionSigma
        self.episodes = episodes
        self.rows = rows
        self.rSquared = rSquared
    }

    /// The design row [1, x0, ln t, x0·ln t].
    public static func designRow(intake x0: Double, session t: Double) -> [Double] {
        let l = log(t)
        return [1, x0, l, x0 * l]
    }

    /// ŷ(t, x0); `nil` for t < 1.
    public func expected(intake x0: Double, session t: Double) -> Double? {
        guard t >= 1 else { return nil }
        // Σ_j β_j·row_j over designRow(intake:session:) in column order, without the array.
        let l = log(t)
        var s = 0.0
        s += coefficients[0] * 1
        s += coefficients[1] * x0
        s += coefficients[2] * l
        s += coefficients[3] * (x0 * l)
        return s.isFinite ? s : nil
    }

    /// The σ used at session t: per-session when asked for and session t has at least
    /// `minimum` residuals, else pooled.
    public func sigma(session t: Int, kind: SigmaKind, minimum: Int) -> (sigma: Double, perSession: Bool) {
        if kind == .perSession, let s = sessionSigma[t], s.n >= minimum, s.sigma > 0 { return (s.sigma, true) }
        return (pooledSigma, false)
    }

    /// Why a curve could not be fitted.
    public enum FitProblem: Error, Sendable, Hashable {
        /// Fewer completed episodes than the minimum (count, minimum).
        case tooFewEpisodes(Int, Int)
        /// The design is singular (e.g. every intake score equal, or one session only).
        case singular
        case zeroSigma

        public var description: String {
            switch self {
            case .tooFewEpisodes(let n, let m): return "\(n) completed episodes < \(m)"
            case .singular: return "the model cannot be fitted (singular design: intake scores or sessions do not vary)"
            case .zeroSigma: return "the residual SD is 0"
            }
        }
    }

    /// Fits the curve of `measure` on `episodes` (already the training episodes of that measure,
    /// each with at least two scores).
    public static func fit<C: Collection>(measure: String, episodes: C, minEpisodes: Int, threads: Int = 1) -> Result<RecoveryCurve, FitProblem>
    where C.Element == Episode {
        Array(episodes).withUnsafeBufferPointer { all in
            fit(measure: measure, episodes: all, indices: nil, minEpisodes: minEpisodes, threads: threads)
        }
    }

    /// Natural logarithms of the session numbers below 4096 (the same values `log` gives: the
    /// design's `ln t` of most rows is looked up, not computed).
    static let logOfSession: [Double] = (0..<4096).map { log(Double($0)) }

    /// Training episodes a block of the fit takes (a divisor of the score store's windows, and
    /// fixed: the blocks, and so the coefficients' bits, never depend on the thread count).
    static let episodesPerBlock = 256

    /// The rows of a fit: `episodes[indices]` (all of `episodes` when `indices` is `nil`), read
    /// in place (no copy of an episode, which retained its strings and its score store).
    struct Rows: @unchecked Sendable {
        let episodes: UnsafeBufferPointer<Episode>
        let indices: [Int32]?
        var count: Int { indices?.count ?? episodes.count }

        /// Episode k's rows, in order: t as TrendAnalysis.times(_, axis: .session) (the session,
        /// else the 1-based position), rows with t < 1 left out; ln t looked up.
        @inline(__always)
        func forEachRow(_ k: Int, _ body: (_ x0: Double, _ t: Double, _ l: Double, _ score: Double) -> Void) {
            let logs = RecoveryCurve.logOfSession
            let e = episodes.baseAddress! + (indices.map { Int($0[k]) } ?? k)
            e.pointee.scores.withUnsafeBufferPointer { scores in
                guard let x0 = scores.first?.value else { return }
                for i in 1..<scores.count {
                    let t = Double(scores[i].session ?? (i + 1))
                    guard t >= 1 else { continue }
                    body(x0, t, t < 4096 ? logs[Int(t)] : log(t), scores[i].value)
                }
            }
        }
    }

    /// ``fit(measure:episodes:minEpisodes:threads:)`` over `episodes[indices]` (all of `episodes`
    /// when `indices` is `nil`): ``coefficients(_:threads:)`` then ``curve(measure:rows:coefficients:)``.
    static func fit(measure: String, episodes: UnsafeBufferPointer<Episode>, indices: [Int32]?, minEpisodes: Int,
                    threads: Int) -> Result<RecoveryCurve, FitProblem> {
        let rows = Rows(episodes: episodes, indices: indices)
        guard rows.count >= minEpisodes else { return .failure(.tooFewEpisodes(rows.count, minEpisodes)) }
        return coefficients(rows, threads: threads).flatMap { curve(measure: measure, rows: rows, coefficients: $0) }
    }

    /// The least-squares coefficients and the number of rows, by blocks of ``episodesPerBlock``
    /// episodes (`BlockLeastSquares`: the QR factor of each block's rows, made on up to
    /// `threads` threads and merged in block order), so no design of millions of rows is held
    /// (it and GSL's copy of it were about 360 MB a measure at 4.5 M rows). The coefficients
    /// agree with `gsl_multifit_linear` on the whole design to rounding (tested), and are the
    /// same bits for any thread count.
    static func coefficients(_ rows: Rows, threads: Int) -> Result<(c: [Double], rows: Int), FitProblem> {
        var ls: BlockLeastSquares
        do {
            ls = try BlockLeastSquares(columns: 4)
            var failure: Error?
            Parallel.ordered(count: rows.count, threads: threads, blockSize: episodesPerBlock, work: { range -> Result<BlockLeastSquares, Error> in
                Result {
                    // The design [1, x0, ln t, x0·ln t] of the block's rows.
                    var design: [Double] = [], y: [Double] = []
                    for k in range {
                        rows.forEachRow(k) { x0, _, l, score in
                            design.append(1); design.append(x0); design.append(l); design.append(x0 * l)
                            y.append(score)
                        }
                    }
                    var block = try BlockLeastSquares(columns: 4)
                    try design.withUnsafeBufferPointer { d in try y.withUnsafeBufferPointer { try block.add(design: d, y: $0) } }
                    return block
                }
            }, emit: { result in
                guard failure == nil else { return }
                do { try ls.merge(result.get()) } catch { failure = error }
            })
            if let failure { throw failure }
            return .success((try ls.solve(), ls.rows))
        } catch { return .failure(.singular) }
    }

    /// The curve of coefficients `fitted` over `rows`: the residuals summed in row order (SSR,
    /// per session, and the total sum of squares), one pass on the calling thread.
    static func curve(measure: String, rows: Rows, coefficients fitted: (c: [Double], rows: Int)) -> Result<RecoveryCurve, FitProblem> {
        let c = fitted.c, count = rows.count
        // Residuals in row order: SSR, squared residuals per session (sessions below `dense` in an
        // array, others in a table), and y's running mean for the total sum of squares (as
        // `fitLinearModel`: centred, the design has an intercept).
        let dense = 4096
        var denseSum = [Double](repeating: 0, count: dense), denseCount = [Int](repeating: 0, count: dense)
        var ss: [Int: (Double, Int)] = [:]
        var ssr = 0.0, mean = 0.0, seen = 0.0
        for k in 0..<count {
            rows.forEachRow(k) { x0, time, l, score in
                // ŷ: Σ_j c_j·row_j in column order (as ``expected(intake:session:)``).
                var fitted = 0.0
                fitted += c[0] * 1
                fitted += c[1] * x0
                fitted += c[2] * l
                fitted += c[3] * (x0 * l)
                let r = score - fitted
                ssr += r * r
                seen += 1
                mean += (score - mean) / seen
                let t = Int(saturating: time)
                if t >= 0 && t < dense {
                    denseSum[t] += r * r
                    denseCount[t] += 1
                } else {
                    let cur = ss[t] ?? (0, 0)
                    ss[t] = (cur.0 + r * r, cur.1 + 1)
                }
            }
        }
        var sst = 0.0
        for k in 0..<count { rows.forEachRow(k) { _, _, _, score in let d = score - mean; sst += d * d } }
        let residualSD = (ssr / Double(fitted.rows - 4)).squareRoot()
        let rSquared = sst > 0 ? 1 - ssr / sst : 0
        // Sums that overflowed (scores near the largest double) cannot be fitted, as fitLinearModel
        // reported non-finite results; an exact fit has no spread to flag against.
        guard residualSD.isFinite, rSquared.isFinite else { return .failure(.singular) }
        // A residual SD within rounding of 0 is 0: scores that follow the curve exactly leave no
        // spread to flag against, and a σ of 1e-15 made the colours depend on the last bits of
        // the coefficients. The bound is 1e-9 of the scores' root mean square (rounding leaves
        // about 1e-16 of it).
        let negligible = 1e-9 * ((sst + Double(fitted.rows) * mean * mean) / Double(fitted.rows)).squareRoot()
        guard residualSD > negligible else { return .failure(.zeroSigma) }
        for t in 0..<dense where denseCount[t] > 0 { ss[t] = (denseSum[t], denseCount[t]) }
        // A session's σ within rounding of 0 is 0 (so that session uses the pooled σ).
        let perSession = ss.mapValues { v -> SessionSigma in
            let sigma = (v.0 / Double(v.1)).squareRoot()
            return SessionSigma(sigma: sigma > negligible ? sigma : 0, n: v.1)
        }
        return .success(RecoveryCurve(measure: measure, coefficients: c, pooledSigma: residualSD,
                                      sessionSigma: perSession, episodes: count, rows: fitted.rows, rSquared: rSquared))
    }
}
