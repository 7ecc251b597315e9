#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operating characteristics of `headway flags` on two generators with known courses (issue 17).

    python3 Benchmarks/flags_operating.py [--clients 20000] [--seed 17] [-- extra headway flags options]

For each generator -- `headway simulate --truth` and Benchmarks/flags_generator.py (different
courses, slopes and noise) -- it runs

- `headway flags --at-score k` for k = 2, 3, 4, 5, 6, 8 (every client episode with k or more scores,
  judged on its first k: the same episodes followed as scores arrive) and `--all-episodes` (each
  episode at its last score), and tabulates by course the share flagged red and red-or-yellow by
  the combined status (one per client episode over PHQ-9 and GAD-7) and the share on which each
  rule fired (any measure);
- `headway flags --as-of MEDIAN` (the median score date: a typical week of a practice in steady
  state; otherwise defaults, open episodes = the review list) and reports the share of rows red or
  yellow, and with a measurement due;

then checks the issue's targets: deteriorators with 4+ scores flagged red/yellow >= 97%, with 3
scores >= 80%; improvers red <= 3% and red-or-yellow <= 15%; review-list rows red/yellow <= 25%.
Sensitivity = share of deteriorators (or non-responders / flat) flagged; false-alarm rate = share
of improvers flagged. Prints Markdown. HEADWAY=path overrides the binary (default
.build/release/headway, else .build/debug/headway). Needs python3 only (standard library).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RULES = ["reliable_deterioration", "off_track", "no_reliable_improvement", "worsening_trend", "recovered"]


def binary():
    if os.environ.get("HEADWAY"):
        return os.environ["HEADWAY"]
    for b in (".build/release/headway", ".build/debug/headway"):
        if os.access(os.path.join(ROOT, b), os.X_OK):
            return os.path.join(ROOT, b)
    sys.exit("build headway first (swift build)")


def flags(args):
    p = subprocess.run([binary(), "flags", *args, "--format", "csv"], capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.exit(f"headway flags failed ({p.returncode}): {p.stderr}")
    return list(csv.DictReader(p.stdout.splitlines()))


def pct(k, n):
    return f"{100 * k / n:.1f}" if n else "-"


KS = [2, 3, 4, 5, 6, 8]


def median_date(obs):
    dates = sorted(r["date"] for r in csv.DictReader(open(obs, newline="")) if r["date"])
    return dates[len(dates) // 2]


def rates(rows, truth, course):
    rs = [r for r in rows if truth[(r["client_id"], r["episode_id"])] == course]
    red = sum(r["status"] == "red" for r in rs)
    ry = sum(r["status"] in ("red", "yellow") for r in rs)
    fired = Counter(x for r in rs for x in set(r["rules_fired"].split(";")) if x)
    return red, ry, len(rs), fired


def analyse(name, obs, truth_path, courses, extra, targets):
    truth = {(r["client_id"], r["episode_id"]): r["course"] for r in csv.DictReader(open(truth_path, newline=""))}
    at = {k: flags([obs, "--at-score", str(k), *extra]) for k in KS}
    last = [r for r in flags([obs, "--all-episodes", *extra]) if int(r["n_scores"]) >= 2]
    res = {(c, k): rates(at[k], truth, c) for c in courses for k in KS}
    res.update({(c, "last"): rates(last, truth, c) for c in courses})
    cols = KS + ["last"]
    head = " | ".join(f"k = {k}" for k in KS) + " | at last score (2+ scores) |"
    print(f"\n### {name}\n")
    print("Combined status (one per client episode, the most urgent over PHQ-9 and GAD-7): % red / % red or yellow "
          "when judged on the first k scores (`--at-score k`, episodes with k or more scores; n = episodes), "
          "and at the last score (`--all-episodes`):\n")
    print("| course | " + head)
    print("|---|" + "---:|" * len(cols))
    for c in courses:
        print(f"| {c} | " + " | ".join(f"{pct(res[(c, k)][0], res[(c, k)][2])} / {pct(res[(c, k)][1], res[(c, k)][2])} (n {res[(c, k)][2]})" for k in cols) + " |")
    print("\nPer rule: % of client episodes on which the rule fired (any measure), by k:\n")
    print("| course | rule | " + head)
    print("|---|---|" + "---:|" * len(cols))
    for c in courses:
        for rule in RULES:
            print(f"| {c} | {rule} | " + " | ".join(pct(res[(c, k)][3][rule], res[(c, k)][2]) for k in cols) + " |")
    print("\nAt the last score (`--all-episodes`), grouped by the episode's number of scores (the issue's view): "
          "% red / % red or yellow (n):\n")
    groups = [("2", 2, 2), ("3", 3, 3), ("4", 4, 4), ("5-6", 5, 6), ("7+", 7, 10 ** 6), ("4+", 4, 10 ** 6)]
    print("| course | " + " | ".join(f"{g} scores" for g, *_ in groups) + " |")
    print("|---|" + "---:|" * len(groups))
    bylast = {}
    for c in courses:
        cells = []
        for g, lo, hi in groups:
            rs = [r for r in last if truth[(r["client_id"], r["episode_id"])] == c and lo <= int(r["n_scores"]) <= hi]
            red = sum(r["status"] == "red" for r in rs)
            ry = sum(r["status"] in ("red", "yellow") for r in rs)
            bylast[(c, g)] = (red, ry, len(rs))
            cells.append(f"{pct(red, len(rs))} / {pct(ry, len(rs))} ({len(rs)})")
        print(f"| {c} | " + " | ".join(cells) + " |")
    as_of = median_date(obs)
    review = flags([obs, "--as-of", as_of, *extra])
    ry = sum(r["status"] in ("red", "yellow") for r in review)
    due = sum(r["measurement_due"] != "" for r in review)
    red = sum(r["status"] == "red" for r in review)
    print(f"\nReview list (`headway flags --as-of {as_of}`, the median score date, otherwise defaults: open client episodes): "
          f"{len(review)} rows; red {pct(red, len(review))}%, red or yellow {pct(ry, len(review))}%; "
          f"measurement due {pct(due, len(review))}% (a separate column, not a colour)")
    print("\nReview list by course: flagged red or yellow / rows of that course (%):\n")
    print("| " + " | ".join(courses) + " |")
    print("|" + "---:|" * len(courses))
    cells = []
    for c in courses:
        rs = [r for r in review if truth[(r["client_id"], r["episode_id"])] == c]
        k = sum(r["status"] in ("red", "yellow") for r in rs)
        cells.append(f"{k} / {len(rs)} ({pct(k, len(rs))})")
    print("| " + " | ".join(cells) + " |")
    det, imp = targets
    checks = []
    worst4 = min((res[(det, k)][1] / res[(det, k)][2], k) for k in KS if k >= 4 and res[(det, k)][2])
    checks.append((f"{det}, 4+ scores, red or yellow >= 97% (first k scores, lowest k >= 4: k = {worst4[1]})", 100 * worst4[0], worst4[0] >= 0.97))
    r3, ry3, n3, _ = res[(det, 3)]
    checks.append((f"{det}, 3 scores, red or yellow >= 80% (first 3 scores)", 100 * ry3 / n3, ry3 / n3 >= 0.80))
    for g, limit in (("4+", 0.97), ("3", 0.80)):
        _, k, n = bylast[(det, g)]
        if n:
            checks.append((f"{det}, {g} scores, red or yellow >= {100 * limit:.0f}% (at last score)", 100 * k / n, k / n >= limit))
    ri, ryi, ni, _ = res[(imp, "last")]
    checks.append((f"{imp} red <= 3% (at last score)", 100 * ri / ni, ri / ni <= 0.03))
    checks.append((f"{imp} red or yellow <= 15% (at last score)", 100 * ryi / ni, ryi / ni <= 0.15))
    wr = max((res[(imp, k)][0] / res[(imp, k)][2], k) for k in KS if res[(imp, k)][2])
    wry = max((res[(imp, k)][1] / res[(imp, k)][2], k) for k in KS if res[(imp, k)][2])
    checks.append((f"{imp} red <= 3% (worst k: k = {wr[1]})", 100 * wr[0], wr[0] <= 0.03))
    checks.append((f"{imp} red or yellow <= 15% (worst k: k = {wry[1]})", 100 * wry[0], wry[0] <= 0.15))
    checks.append(("review-list rows red or yellow <= 25%", 100 * ry / len(review), ry / len(review) <= 0.25))
    print("\n| target | reached | met |\n|---|---:|---|")
    for t, v, ok in checks:
        print(f"| {t} | {v:.1f}% | {'yes' if ok else 'NO'} |")
    return all(ok for *_, ok in checks)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--only", type=int, choices=[1, 2], help="run one generator only")
    ap.add_argument("extra", nargs="*", help="extra headway flags options (after --)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        print(f"headway flags operating characteristics: {a.clients} clients per generator, seed {a.seed}, "
              f"options: {' '.join(a.extra) or '(defaults)'}")
        ok1 = ok2 = None
        obs1, t1 = f"{d}/sim.csv", f"{d}/sim-truth.csv"
        if a.only != 2:
            subprocess.run([binary(), "simulate", "--clients", str(a.clients), "--seed", str(a.seed),
                            "--output", obs1, "--truth", t1], check=True)
            ok1 = analyse("Generator 1: `headway simulate`", obs1, t1,
                          ["improver", "slow_improver", "non_responder", "deteriorator", "drop_out"], a.extra,
                          ("deteriorator", "improver"))
        obs2, t2 = f"{d}/gen.csv", f"{d}/gen-truth.csv"
        if a.only != 1:
            subprocess.run([sys.executable, os.path.join(HERE, "flags_generator.py"), "--clients", str(a.clients),
                            "--seed", str(a.seed), "--output", obs2, "--truth", t2], check=True)
            ok2 = analyse("Generator 2: `Benchmarks/flags_generator.py` (55% improving, 35% flat, 10% worsening "
                          "0.8/session, noise SD 2)", obs2, t2, ["improving", "flat", "worsening"], a.extra,
                          ("worsening", "improving"))
        word = {True: "yes", False: "no", None: "not run"}
        print(f"\nAll targets met: generator 1 {word[ok1]}, generator 2 {word[ok2]}")


if __name__ == "__main__":
    main()
