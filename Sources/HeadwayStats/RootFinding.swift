// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Carries the Swift closure through GSL's `void *params`.
private final class RootFunctionBox {
    let f: (Double) -> Double
    var nonFiniteAt: Double?
    init(_ f: @escaping (Double) -> Double) { self.f = f }
}

/// The C callback GSL calls; it recovers the box from `params`.
private let rootCallback: headway_gsl_callback = { x, params in
    let box = Unmanaged<RootFunctionBox>.fromOpaque(params!).takeUnretainedValue()
    let value = box.f(x)
    if !value.isFinite && box.nonFiniteAt == nil { box.nonFiniteAt = x }
    return value
}

/// Finds a root of `f` in `[lower, upper]` with Brent's method
/// (`gsl_root_fsolver_brent`, GSL manual §35.8 "Root Bracketing Algorithms";
/// Brent, *Algorithms for Minimization without Derivatives*, 1973): inverse quadratic
/// interpolation safeguarded by bisection. Iterates until
/// `gsl_root_test_interval` accepts the bracket, i.e.
/// `|upper − lower| < absoluteTolerance + relativeTolerance · min(|lower|, |upper|)` (§35.6).
///
/// `f` must change sign on the bracket (checked before GSL is called). If `f` is exactly
/// zero at an end point, that end point is returned.
/// - Throws: `invalidArgument` (bad bracket, tolerances or iteration limit), `nonFinite`
///   (non-finite bracket or `f` value), `noSignChange`, `noConvergence`, ``GSLError``.
public func findRootBrent(lower: Double, upper: Double, absoluteTolerance: Double = 1e-12,
                          relativeTolerance: Double = 1e-12, maxIterations: Int = 200,
                          _ f: (Double) -> Double) throws -> Double {
    prepareGSL()
    guard lower.isFinite, upper.isFinite else { throw StatsError.nonFinite("bracket") }
    guard lower < upper else { throw StatsError.invalidArgument("lower must be less than upper") }
    guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance.isFinite, relativeTolerance.isFinite,
          absoluteTolerance + relativeTolerance > 0 else {
        throw StatsError.invalidArgument("tolerances must be finite, non-negative and not both zero")
    }
    guard maxIterations >= 1 else { throw StatsError.invalidArgument("maxIterations must be at least 1") }
    let fLower = f(lower), fUpper = f(upper)
    guard fLower.isFinite else { throw StatsError.nonFinite("f(\(lower))") }
    guard fUpper.isFinite else { throw StatsError.nonFinite("f(\(upper))") }
    if fLower == 0 { return lower }
    if fUpper == 0 { return upper }
    guard (fLower < 0) != (fUpper < 0) else { throw StatsError.noSignChange(lower: lower, upper: upper) }

    return try withoutActuallyEscaping(f) { escapable in
        let box = RootFunctionBox(escapable)
        return try withExtendedLifetime(box) {
            var function = headway_make_function(rootCallback, Unmanaged.passUnretained(box).toOpaque())
            guard let solver = gsl_root_fsolver_alloc(headway_root_fsolver_brent()) else {
                throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_root_fsolver_alloc")
            }
            defer { gsl_root_fsolver_free(solver) }
            try checkGSL(gsl_root_fsolver_set(solver, &function, lower, upper), "gsl_root_fsolver_set")
            for _ in 0..<maxIterations {
                let status = gsl_root_fsolver_iterate(solver)
                if let x = box.nonFiniteAt { throw StatsError.nonFinite("f(\(x))") }
                try checkGSL(status, "gsl_root_fsolver_iterate")
                let root = gsl_root_fsolver_root(solver)
                let test = gsl_root_test_interval(gsl_root_fsolver_x_lower(solver), gsl_root_fsolver_x_upper(solver),
                                                  absoluteTolerance, relativeTolerance)
                if test == Int32(GSL_SUCCESS) { return try finiteResult(root, "root") }
                if test != Int32(GSL_CONTINUE) { try checkGSL(test, "gsl_root_test_interval") }
            }
            throw StatsError.noConvergence(iterations: maxIterations)
        }
    }
}
