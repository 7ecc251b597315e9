#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A second, independent practice generator for the flags operating characteristics (issue 17).

Deliberately different from `headway simulate` (different courses, slopes, noise, schedule), so
that the flag defaults are not tuned to one simulator:

- courses: improving 55% (linear, 0.5-1.5 points a session until a floor of 2 on PHQ-9 / 1 on
  GAD-7), flat 35% (no change), worsening 10% (+0.8 points a session);
- both PHQ-9 (0-27) and GAD-7 (0-21) per client, following the same course; intake PHQ-9 ~ N(16, 4),
  GAD-7 ~ N(13, 3.5), clamped to [10, 27] and [8, 21] (clinical at intake);
- measurement noise N(0, 2) on every score, independently per measure, rounded to integers and
  clamped to the range;
- planned number of sessions uniform on 1-12, weekly with 0-2 days of jitter and a 10% chance of
  a missed week; intakes uniform over the 400 days before the as-of date, so some episodes are
  still open (scores after the as-of date are dropped) and others completed.

Writes observations (client_id, clinician_id, site, episode_id, measure, session, date, score) and
a truth file (client_id, episode_id, course). Standard library only; the same seed gives the same
files.

    python3 Benchmarks/flags_generator.py --clients 20000 --seed 17 --output obs.csv --truth truth.csv
"""
import argparse
import csv
import datetime as dt
import random

MEASURES = {"PHQ-9": (0, 27, 16.0, 4.0, 10, 2), "GAD-7": (0, 21, 13.0, 3.5, 8, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--improving", type=float, default=0.55)
    ap.add_argument("--flat", type=float, default=0.35)
    ap.add_argument("--worsening-slope", type=float, default=0.8)
    ap.add_argument("--noise", type=float, default=2.0)
    ap.add_argument("--output", required=True)
    ap.add_argument("--truth", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    as_of = dt.date.fromisoformat(a.as_of)
    with open(a.output, "w", newline="") as fo, open(a.truth, "w", newline="") as ft:
        wo, wt = csv.writer(fo, lineterminator="\n"), csv.writer(ft, lineterminator="\n")
        wo.writerow(["client_id", "clinician_id", "site", "episode_id", "measure", "session", "date", "score"])
        wt.writerow(["client_id", "episode_id", "course"])
        for c in range(1, a.clients + 1):
            cid = f"P{c:06d}"
            u = rng.random()
            course = "improving" if u < a.improving else ("flat" if u < a.improving + a.flat else "worsening")
            slope = {"improving": -rng.uniform(0.5, 1.5), "flat": 0.0, "worsening": a.worsening_slope}[course]
            planned = rng.randint(1, 12)
            start = as_of - dt.timedelta(days=rng.randint(0, 400))
            days, d = [], start
            for s in range(planned):
                if s > 0:
                    d = d + dt.timedelta(days=7 + rng.randint(0, 2) + (7 if rng.random() < 0.10 else 0))
                days.append(d)
            clinician = f"T{rng.randint(1, 20):02d}"
            site = f"S{(int(clinician[1:]) - 1) % 4 + 1}"
            intake = {m: min(hi, max(lo_int, rng.gauss(mu, sd)))
                      for m, (lo, hi, mu, sd, lo_int, floor) in MEASURES.items()}
            wt.writerow([cid, "E1", course])
            for s, day in enumerate(days):
                if day > as_of:
                    break
                for m, (lo, hi, mu, sd, lo_int, floor) in MEASURES.items():
                    true = intake[m] + slope * s
                    if course == "improving":
                        true = max(true, floor)
                    x = round(true + rng.gauss(0, a.noise))
                    wo.writerow([cid, clinician, site, "E1", m, s + 1, day.isoformat(), min(hi, max(lo, x))])


if __name__ == "__main__":
    main()
