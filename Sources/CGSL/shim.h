#ifndef HEADWAY_CGSL_SHIM_H
#define HEADWAY_CGSL_SHIM_H
/*
 * The parts of the GNU Scientific Library that HeadwayStats uses, plus small
 * accessors for C globals (Swift 6 cannot read mutable C globals directly).
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_roots.h>

/* Root-solver types are exported as C globals; Swift 6 cannot read them. */
static inline const gsl_root_fsolver_type *headway_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }
/* Robust-regression weighting functions are C globals too. */
static inline const gsl_multifit_robust_type *headway_robust_bisquare(void) { return gsl_multifit_robust_bisquare; }

/* Switch GSL's abort-on-error handler off; returns the previous handler. */
static inline void headway_gsl_disable_error_handler(void) { (void)gsl_set_error_handler_off(); }

/* The callback signature used by gsl_function, so Swift can pass a context pointer. */
typedef double (*headway_gsl_callback)(double x, void *params);
static inline gsl_function headway_make_function(headway_gsl_callback f, void *params) {
    gsl_function F; F.function = f; F.params = params; return F;
}
#endif
