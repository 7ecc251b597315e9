// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// GSL's default error handler calls `abort()`. It is switched off exactly once,
/// the first time any entry point touches this lazily initialised global
/// (Swift initialises globals once, thread-safely). This is the module's only
/// shared state; it is never mutated afterwards.
private let gslHandlerOff: Void = { headway_gsl_disable_error_handler() }()

/// Call at the start of every public entry point that may reach GSL.
@inline(__always)
func prepareGSL() { _ = gslHandlerOff }

/// Throws ``GSLError`` when `status` is not `GSL_SUCCESS`.
@inline(__always)
func checkGSL(_ status: Int32, _ function: String) throws {
    if status != Int32(GSL_SUCCESS) { throw GSLError(code: status, function: function) }
}

/// Throws ``StatsError/nonFinite(_:)`` unless every value is finite.
func requireFinite<S: Sequence>(_ values: S, _ name: String) throws where S.Element == Double {
    for v in values where !v.isFinite { throw StatsError.nonFinite(name) }
}

/// Throws ``StatsError/nonFinite(_:)`` unless `value` is finite.
func requireFinite(_ value: Double, _ name: String) throws {
    if !value.isFinite { throw StatsError.nonFinite(name) }
}

/// Allocates an `n × p` GSL matrix filled from `rows` (row-major). The caller frees it.
func makeMatrix(_ rows: [[Double]], columns p: Int) throws -> UnsafeMutablePointer<gsl_matrix> {
    guard let m = gsl_matrix_alloc(rows.count, p) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_matrix_alloc")
    }
    let tda = m.pointee.tda
    for (i, row) in rows.enumerated() {
        for j in 0..<p { m.pointee.data[i * tda + j] = row[j] }
    }
    return m
}

/// Allocates a GSL vector; filled from `values` when given. The caller frees it.
func makeVector(_ count: Int, _ values: [Double]? = nil) throws -> UnsafeMutablePointer<gsl_vector> {
    guard let v = gsl_vector_alloc(count) else {
        throw GSLError(code: Int32(GSL_ENOMEM), function: "gsl_vector_alloc")
    }
    if let values {
        let stride = v.pointee.stride
        for (i, x) in values.enumerated() { v.pointee.data[i * stride] = x }
    }
    return v
}

/// A GSL vector over `count` doubles of the caller's memory at `data`, `stride` apart, owning
/// nothing (no copy; GSL reads, and may write, that memory while the view is in use).
func vectorView(_ data: UnsafeMutablePointer<Double>, count: Int, stride: Int = 1) -> gsl_vector {
    gsl_vector(size: count, stride: stride, data: data, block: nil, owner: 0)
}

/// A row-major `rows × columns` GSL matrix over the caller's memory at `data` (tda = columns,
/// the layout `gsl_matrix_alloc` has), owning nothing.
func matrixView(_ data: UnsafeMutablePointer<Double>, rows: Int, columns: Int) -> gsl_matrix {
    gsl_matrix(size1: rows, size2: columns, tda: columns, data: data, block: nil, owner: 0)
}

/// Copies a GSL vector into a Swift array.
func toArray(_ v: UnsafePointer<gsl_vector>) -> [Double] {
    let stride = v.pointee.stride
    return (0..<v.pointee.size).map { v.pointee.data[$0 * stride] }
}

/// Copies a GSL matrix into a Swift array of rows.
func toRows(_ m: UnsafePointer<gsl_matrix>) -> [[Double]] {
    let tda = m.pointee.tda
    return (0..<m.pointee.size1).map { i in (0..<m.pointee.size2).map { m.pointee.data[i * tda + $0] } }
}
