#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Confusion table of `headway flags` against the simulated course (headway simulate --truth).
#
#   Benchmarks/flags-confusion.sh [clients] [seed] [extra headway flags options...]
#
# Simulates a practice, runs `headway flags --all-episodes` (every episode judged at its last
# score; the curve is fitted on the completed episodes, so the judgement is in-sample) and
# `--at-session 4` (early warning: every episode that reached session 4, on its scores up to 4),
# and prints, per episode (the most urgent status over PHQ-9 and GAD-7), the share of each
# simulated course with each status. Needs bash and python3 (standard library only).
# HEADWAY=path/to/headway overrides the binary (default: .build/release/headway, else debug).
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-5000}
seed=${2:-7}
shift $(( $# > 2 ? 2 : $# ))
bin=${HEADWAY:-}
if [[ -z "$bin" ]]; then
  if [[ -x .build/release/headway ]]; then bin=.build/release/headway; else bin=.build/debug/headway; fi
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" simulate --clients "$clients" --seed "$seed" --output "$dir/obs.csv" --truth "$dir/truth.csv"
# Exit status 3 means "some episode is red": expected here.
"$bin" flags "$dir/obs.csv" --all-episodes --format csv "$@" > "$dir/all.csv" || [[ $? == 3 ]]
"$bin" flags "$dir/obs.csv" --at-session 4 --format csv "$@" > "$dir/s4.csv" || [[ $? == 3 ]]

python3 - "$dir" "$clients" "$seed" "$*" <<'PY'
import csv, sys
from collections import Counter, defaultdict

d, clients, seed, extra = sys.argv[1:5]
truth = {(r["client_id"], r["episode_id"]): r["course"] for r in csv.DictReader(open(f"{d}/truth.csv", newline=""))}
courses = ["improver", "slow_improver", "non_responder", "deteriorator", "drop_out"]
levels = ["red", "yellow", "green", "white", "grey"]
rank = {s: i for i, s in enumerate(levels)}

def table(path, title):
    worst = {}
    rules = defaultdict(Counter)
    for r in csv.DictReader(open(path, newline="")):
        k = (r["client_id"], r["episode_id"])
        if k not in worst or rank[r["status"]] < rank[worst[k][0]]:
            worst[k] = (r["status"], r["rule"])
    counts = defaultdict(Counter)
    for k, (s, rule) in worst.items():
        counts[truth[k]][s] += 1
        rules[truth[k]][rule] += 1
    print(f"\n{title}: {len(worst)} episodes (most urgent status over PHQ-9 and GAD-7), row % (n)")
    print(f"| course | n | " + " | ".join(levels) + " | flagged (red+yellow) |")
    print("|---|---:|" + "---:|" * (len(levels) + 1))
    for c in courses:
        n = sum(counts[c].values())
        if n == 0:
            continue
        cells = [f"{100 * counts[c][s] / n:.1f}" for s in levels]
        flagged = counts[c]["red"] + counts[c]["yellow"]
        print(f"| {c} | {n} | " + " | ".join(cells) + f" | {100 * flagged / n:.1f} |")
    print("\nrule that set the status (count):")
    for c in courses:
        if rules[c]:
            print(f"  {c}: " + ", ".join(f"{k} {v}" for k, v in rules[c].most_common()))

print(f"headway flags confusion: {clients} simulated clients, seed {seed}, options: {extra or '(defaults)'}")
table(f"{d}/all.csv", "--all-episodes (each episode at its last score)")
table(f"{d}/s4.csv", "--at-session 4 (episodes that reached session 4, scores up to 4)")
PY
