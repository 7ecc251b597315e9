#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rejection rates at alpha = .05 of the Mann-Kendall variants on short AR(1) series (docs/trend.md).

Series: AR(1) noise (unit innovation SD, stationary start) + slope * (0..n-1), rounded to half
points (ties, as in questionnaire scores). Tests: pymannkendall 1.4.3 original, Hamed-Rao
(significant lags), Yue-Wang with lag=1 (pyMK 'yw1'), Yue-Wang AR(1) as Headway ('ywar1'),
Yue-Wang all lags (pyMK default, 'ywall') and trend-free pre-whitening.

    python3 scripts/mk-type1-simulation.py --n 6 10 16 --reps 1500 --slopes 0 0.3
    python3 scripts/mk-type1-simulation.py --n 30 50 --reps 800 --slopes 0

(each run starts from numpy seed 1; the table in docs/trend.md is the output of these two runs).
"""
import argparse
import warnings
from collections import namedtuple

import numpy as np
import pymannkendall as mk
from scipy.stats import norm

warnings.filterwarnings("ignore")
P = namedtuple("P", "p")


def ywar1(x):
    """Yue & Wang (2004) with the AR(1) effective sample size (Headway's yue-wang)."""
    n = len(x)
    o = mk.original_test(x)
    b = mk.sens_slope(x).slope
    d = x - np.arange(1, n + 1) * b
    y = d - d.mean()
    c0 = np.sum(y * y)
    r = 0.0 if c0 == 0 else np.sum(y[:-1] * y[1:]) / c0
    f = 1 + 2 * np.sum((1 - np.arange(1, n) / n) * r ** np.arange(1, n))
    if o.s == 0:
        return P(1.0)
    z = (o.s - np.sign(o.s)) / np.sqrt(o.var_s * f)
    return P(2 * norm.sf(abs(z)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[6, 10, 16])
    ap.add_argument("--reps", type=int, default=1500)
    ap.add_argument("--slopes", type=float, nargs="+", default=[0.0, 0.3])
    ap.add_argument("--rhos", type=float, nargs="+", default=[0.0, 0.5])
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    tests = [("orig", mk.original_test), ("hr", mk.hamed_rao_modification_test),
             ("yw1", lambda x: mk.yue_wang_modification_test(x, lag=1)), ("ywar1", ywar1),
             ("ywall", mk.yue_wang_modification_test), ("tfpw", mk.trend_free_pre_whitening_modification_test)]
    for n in a.n:
        for rho in a.rhos:
            for slope in a.slopes:
                rej = {k: 0 for k, _ in tests}
                for _ in range(a.reps):
                    e = np.zeros(n)
                    e[0] = rng.normal() / np.sqrt(1 - rho ** 2)
                    for i in range(1, n):
                        e[i] = rho * e[i - 1] + rng.normal()
                    x = np.round((e + slope * np.arange(n)) * 2) / 2
                    for k, f in tests:
                        try:
                            p = f(x).p
                            if p == p and p < 0.05:
                                rej[k] += 1
                        except Exception:
                            pass
                print(n, rho, slope, {k: round(v / a.reps, 3) for k, v in rej.items()}, flush=True)


if __name__ == "__main__":
    main()
