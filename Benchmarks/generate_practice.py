#!/usr/bin/env python3
"""Independent generator of a large practice for the episode-engine benchmark (issue 12).

Written from the issue's description, not from `headway simulate`, so the benchmark does not
depend on Headway's own simulator: per client, 2-9 weekly sessions (uniform) of PHQ-9 and
GAD-7; 55% improving, 35% flat, 10% worsening (0.8 points a session); Gaussian noise SD 2;
200 clinicians, 5 sites; scores rounded and clamped to each measure's range. Seven columns:
client_id, clinician_id, site, measure, session, date, score. With the default 1,000,000
clients and seed 12 it writes 11,001,368 rows (426 MB).

Usage: python3 Benchmarks/generate_practice.py [--clients N] [--seed S] OUTPUT.csv
Needs numpy and polars (Notebooks/requirements.txt has numpy; `pip install polars`).
"""
import argparse
import datetime as dt

import numpy as np
import polars as pl

MEASURES = [  # name, max, intake mean, intake SD, improving slope per session
    ("PHQ-9", 27, 16.0, 4.0, -1.2),
    ("GAD-7", 21, 13.0, 3.5, -0.9),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--clients", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    n = a.clients
    sessions = rng.integers(2, 10, size=n)                       # 2..9 sessions
    course = rng.choice(3, size=n, p=[0.55, 0.35, 0.10])         # 0 improving, 1 flat, 2 worsening
    clinician = rng.integers(1, 201, size=n)
    site = (clinician - 1) % 5 + 1
    start = np.datetime64("2024-01-01") + rng.integers(0, 730, size=n).astype("timedelta64[D]")
    client = np.repeat(np.arange(1, n + 1), sessions)
    # session number within the client: row position minus the client's first row, plus 1
    offsets = np.repeat(np.cumsum(sessions) - sessions, sessions)
    sess = np.arange(client.size) - offsets + 1
    idx = client - 1
    dates = start[idx] + ((sess - 1) * 7).astype("timedelta64[D]")
    frames = []
    for name, mx, mu, sd, slope in MEASURES:
        intake = rng.normal(mu, sd, size=n)
        per_client_slope = np.where(course == 0, slope, np.where(course == 1, 0.0, 0.8))
        score = intake[idx] + per_client_slope[idx] * (sess - 1) + rng.normal(0, 2.0, size=client.size)
        score = np.clip(np.rint(score), 0, mx).astype(np.int16)
        frames.append(pl.DataFrame({
            "row": np.arange(client.size) * 2 + len(frames),
            "client_id": client, "clinician_id": clinician[idx], "site": site[idx],
            "measure": name, "session": sess, "date": dates, "score": score,
        }))
    df = pl.concat(frames).sort("row").drop("row")
    df = df.with_columns(
        pl.format("C{}", pl.col("client_id").cast(pl.Utf8).str.zfill(7)).alias("client_id"),
        pl.format("T{}", pl.col("clinician_id").cast(pl.Utf8).str.zfill(3)).alias("clinician_id"),
        pl.format("S{}", pl.col("site")).alias("site"),
    )
    df.write_csv(a.output)
    print(f"{a.output}: {df.height} rows, {n} clients")


if __name__ == "__main__":
    main()
