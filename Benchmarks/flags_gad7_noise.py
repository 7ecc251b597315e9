#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Why GAD-7 gave false reds (issue 17): the published reliable-change threshold (4 points for
GAD-7, 6 for PHQ-9) against measurement noise of SD 2, when deterioration is judged at ANY
session versus at the current score. Monte Carlo (numpy), integer scores clamped to the range,
intake 13, nine scores (intake + 8).

    python3 Benchmarks/flags_gad7_noise.py
"""
import numpy as np

rng = np.random.default_rng(1)
N = 200_000
for slope, name in [(0, "flat"), (-1, "improving 1 point/session")]:
    for thr, meas, top in [(4, "GAD-7", 21), (6, "PHQ-9", 27)]:
        true = 13 + slope * np.arange(9)
        x = np.clip(np.round(true + rng.normal(0, 2, (N, 9))), 0, top)
        d = x[:, 1:] - x[:, :1]
        print(f"{name:26s} {meas}: any of 8 sessions {100 * (d >= thr).any(1).mean():.1f}%, "
              f"latest {100 * (d[:, -1] >= thr).mean():.1f}%, "
              f"mean of last two {100 * ((x[:, -2:].mean(1) - x[:, 0]) >= thr).mean():.1f}%, "
              f"at session 2 {100 * (d[:, 0] >= thr).mean():.1f}%")
