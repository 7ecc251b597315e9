#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent check of `headway flags --fit-only` on Datasets/sample-practice.

Fits score_t = b0 + b1*intake + (b2 + b3*intake)*ln(t) with numpy.linalg.lstsq on the completed
episodes (no score within 90 days of the newest date in the file, at least 3 scores), one row per
score after the first (t = session number, intake = the first score). Prints b0..b3, the pooled
residual SD sqrt(SSR/(n-4)), n episodes and n rows per measure. The numbers are pasted into
Tests/HeadwayTests/FlagCurveTests.swift.

    python3 Benchmarks/expected-curve-check.py [observations.csv] [open_within_days]
"""
import csv
import datetime
import sys

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "Datasets/sample-practice/observations.csv"
open_within = int(sys.argv[2]) if len(sys.argv) > 2 else 90

episodes = {}
for row in csv.DictReader(open(path, newline="")):
    key = (row["client_id"], row.get("episode_id") or "1", row["measure"])
    day = datetime.date.fromisoformat(row["date"]).toordinal()
    episodes.setdefault(key, []).append((int(row["session"]), day, float(row["score"])))

as_of = max(d for scores in episodes.values() for _, d, _ in scores)
for measure in sorted({k[2] for k in episodes}):
    X, y, n_episodes = [], [], 0
    for key, scores in episodes.items():
        if key[2] != measure:
            continue
        scores.sort()
        if len(scores) < 3 or as_of - max(d for _, d, _ in scores) <= open_within:
            continue
        n_episodes += 1
        intake = scores[0][2]
        for t, _, score in scores[1:]:
            lt = np.log(t)
            X.append([1.0, intake, lt, intake * lt])
            y.append(score)
    X, y = np.array(X), np.array(y)
    beta, ssr, rank, _ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    sigma = np.sqrt(resid @ resid / (len(y) - 4))
    print(f"{measure}: episodes={n_episodes} rows={len(y)} b={beta.tolist()} sigma={sigma!r}")
