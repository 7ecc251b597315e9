#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline sweep of candidate yellow rules for `headway flags` (issue 17), on both generators.

Re-applies the off-track yellow (and the no-reliable-improvement rule's curve condition, which is
the same limit) to `headway flags --per-measure` output, with the residual z of every score
computed from the saved curves (`--fit-only`), so that many candidate rules can be compared in
seconds. Everything else (red rules, unconfirmed deterioration, trend, recovered) is taken from
the engine's output unchanged. `--check` first verifies that the re-application of the current
rule reproduces the engine's status on every per-measure row.

    python3 Benchmarks/flags_candidates.py DIR --prepare --check [--clients 20000] [--seed 17]
    python3 Benchmarks/flags_candidates.py DIR [--cands latest:0.8,confirm:0.76,latest:0.84:0.5]

--prepare simulates both practices into DIR (scratch: use /tmp) and runs `headway flags` once per
view (about 12 minutes with a debug build on a loaded machine); later calls reuse DIR and take
seconds per candidate. Candidates, `NAME:P[:ALPHA[:P2]]` (p = yellow percentile, z = Phi^-1(p);
"latest" = residual z of the latest score, "previous" = of the score before it, "mean2" = their
mean; with one score after intake the latest alone decides):

    latest:P          latest > z                                    (the current rule)
    confirm:P         latest > z and mean2 > z                      (behind on the latest and on the mean of the last two)
    mean2:P           mean2 > z
    both:P            latest > z and previous > z
    hybrid:P::P2      latest > z(P) or mean2 > z(P2)
    ...:ALPHA         plus the worsening-trend rule at two-sided p < ALPHA (OLS slope, from its 95% CI,
                      or Mann-Kendall; from 4 scores) instead of 0.05 = `--trend-alpha ALPHA`

Prints one Markdown row per candidate (the columns of docs/flags.md's "Second round" table, and
gen 1 deteriorators with 4+ scores at the last score). The Mann-Kendall direction is taken from the
OLS slope's sign (the output has the p only); the two trend rows run through the engine agree.
Needs python3 with scipy and a built headway (HEADWAY=path, default .build/release, else debug).
"""
import argparse
import csv
import math
import os
import subprocess
import sys
from collections import defaultdict
from statistics import NormalDist

from scipy.stats import t as t_dist

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KS = [2, 3, 4, 5, 6, 8]
GENS = {"sim": ("deteriorator", "improver", "non_responder"), "gen": ("worsening", "improving", "flat")}


def binary():
    if os.environ.get("HEADWAY"):
        return os.environ["HEADWAY"]
    for b in (".build/release/headway", ".build/debug/headway"):
        if os.access(os.path.join(ROOT, b), os.X_OK):
            return os.path.join(ROOT, b)
    sys.exit("build headway first")


def prepare(d, clients, seed):
    os.makedirs(d, exist_ok=True)
    h = binary()
    subprocess.run([h, "simulate", "--clients", str(clients), "--seed", str(seed), "--output", f"{d}/sim.csv",
                    "--truth", f"{d}/sim-truth.csv"], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "flags_generator.py"), "--clients", str(clients), "--seed",
                    str(seed), "--output", f"{d}/gen.csv", "--truth", f"{d}/gen-truth.csv"], check=True)
    for g in GENS:
        dates = sorted(r["date"] for r in csv.DictReader(open(f"{d}/{g}.csv", newline="")) if r["date"])
        med = dates[len(dates) // 2]
        open(f"{d}/{g}-median.txt", "w").write(med + "\n")

        def run(args, out):
            with open(out, "w") as f:
                p = subprocess.run([h, "flags", f"{d}/{g}.csv", *args], stdout=f)
                if p.returncode not in (0, 3):
                    sys.exit(f"headway flags {args} failed")
        for k in KS:
            run(["--per-measure", "--at-score", str(k), "--format", "csv"], f"{d}/{g}-k{k}.csv")
        run(["--per-measure", "--all-episodes", "--format", "csv"], f"{d}/{g}-last.csv")
        run(["--per-measure", "--as-of", med, "--format", "csv"], f"{d}/{g}-review.csv")
        run(["--fit-only", "--digits", "10"], f"{d}/{g}-curves.csv")
        run(["--fit-only", "--digits", "10", "--as-of", med], f"{d}/{g}-curves-review.csv")


def load_curves(path):
    out = {}
    for r in csv.DictReader(open(path, newline="")):
        if r["session"] == "":
            out[r["measure"]] = tuple(float(r[c]) for c in ("b0", "b1", "b2", "b3", "sigma"))
    return out


def load_obs(path):
    obs = defaultdict(list)
    for r in csv.DictReader(open(path, newline="")):
        obs[(r["client_id"], r["episode_id"], r["measure"])].append((float(r["session"]), float(r["score"])))
    return obs


class Rows:
    """Per-measure rows of one engine run with the residual z of every judged score."""

    def __init__(self, path, obs, curves):
        self.rows = []
        for r in csv.DictReader(open(path, newline="")):
            key = (r["client_id"], r["episode_id"], r["measure"])
            n = int(r["n_scores"])
            sc = obs[key][:n]
            assert float(r["latest_score"]) == sc[-1][1], (key, r["latest_score"], sc[-1])
            zs = []
            if r["measure"] in curves and n >= 2:
                b0, b1, b2, b3, s = curves[r["measure"]]
                x0 = sc[0][1]
                zs = [(x - (b0 + b1 * x0 + (b2 + b3 * x0) * math.log(t))) / s for t, x in sc]
            rules = set(filter(None, r["rules_fired"].split(";")))
            # Trend: two-sided OLS p from the slope and its 95% CI (df n - 2), Mann-Kendall p.
            tp = mk = None
            if r["trend_slope"] and r["trend_ci_upper"] and n >= 3:
                sl, hi = float(r["trend_slope"]), float(r["trend_ci_upper"])
                se = (hi - sl) / t_dist.ppf(0.975, n - 2)
                tp = (sl, 2 * t_dist.sf(abs(sl) / se, n - 2) if se > 0 else (0.0 if sl != 0 else 1.0))
                mk = float(r["trend_mk_p"]) if r["trend_mk_p"] else None
            self.rows.append({
                "key": key, "n": n, "status": r["status"], "rules": rules, "z": zs,
                "engine_z": float(r["residual_z"]) if r["residual_z"] else None,
                "session": float(r["session"]),
                "trend": tp, "mk": mk,
                "nri_pre": r["reliable_direction"] != "improved" and r["functional"] != "true" and r["rc_method"] != "",
            })


def z_of(p):
    return NormalDist().inv_cdf(p)


def offtrack_yellow(cand, p, zs):
    if isinstance(p, tuple):  # hybrid: latest beyond z(p1), or the mean of the last two beyond z(p2)
        return offtrack_yellow("latest", p[0], zs) or offtrack_yellow("mean2", p[1], zs)
    z = z_of(p)
    if len(zs) < 2:
        return False
    last = zs[-1]
    if len(zs) == 2:  # one score after intake: the latest alone
        return last > z
    prev = zs[-2]
    if cand == "latest":
        return last > z
    if cand == "confirm":
        return last > z and (last + prev) / 2 > z
    if cand == "mean2":
        return (last + prev) / 2 > z
    if cand == "both":
        return last > z and prev > z
    raise ValueError(cand)


def trend_worse(row, alpha):
    """The worsening-trend rule at level alpha (lower-is-better measures; MK direction taken from the
    OLS slope's sign, which the output does not separate)."""
    if row["trend"] is None or row["n"] < 4:
        return False
    slope, p = row["trend"]
    return slope > 0 and (p < alpha or (row["mk"] is not None and row["mk"] < alpha))


def status(row, cand, p, nri_session=8, alpha=None):
    if row["status"] == "red":
        return "red"
    if row["n"] < 2:
        return row["status"]
    rules = row["rules"]
    if alpha is not None and trend_worse(row, alpha):
        return "yellow"
    other = bool(rules & {"reliable_deterioration", "worsening_trend", "goals_below_expected"})
    oy = offtrack_yellow(cand, p, row["z"])
    nri = row["nri_pre"] and row["session"] >= nri_session and (oy if row["z"] else True)
    if not row["z"] and "no_reliable_improvement" in rules:
        nri = True
    if other or oy or nri:
        return "yellow"
    return "white" if "recovered" in rules else "green"


def client_flags(rows, cand, p, alpha=None):
    flagged, red = {}, {}
    for r in rows.rows:
        k = r["key"][:2]
        s = status(r, cand, p, alpha=alpha)
        flagged[k] = flagged.get(k, False) or s in ("red", "yellow")
        red[k] = red.get(k, False) or s == "red"
    return flagged, red


def share(flags, truth, course, n_filter=None):
    ks = [k for k in flags if truth[k] == course and (n_filter is None or n_filter(k))]
    return 100 * sum(flags[k] for k in ks) / len(ks) if ks else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--prepare", action="store_true")
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cands", default="latest:0.78,latest:0.8,confirm:0.74,confirm:0.76,confirm:0.78,mean2:0.78,"
                    "both:0.7,hybrid:0.85::0.78,latest:0.82:0.4,latest:0.84:0.5,latest:0.83:0.45")
    a = ap.parse_args()
    d = a.dir
    if a.prepare:
        prepare(d, a.clients, a.seed)
    data = {}
    for g in GENS:
        obs = load_obs(f"{d}/{g}.csv")
        curves, curves_r = load_curves(f"{d}/{g}-curves.csv"), load_curves(f"{d}/{g}-curves-review.csv")
        truth = {(r["client_id"], r["episode_id"]): r["course"] for r in csv.DictReader(open(f"{d}/{g}-truth.csv", newline=""))}
        runs = {k: Rows(f"{d}/{g}-k{k}.csv", obs, curves) for k in KS}
        runs["last"] = Rows(f"{d}/{g}-last.csv", obs, curves)
        runs["review"] = Rows(f"{d}/{g}-review.csv", obs, curves_r)
        data[g] = (truth, runs)
        if a.check:
            bad = 0
            total = 0
            for name, rows in runs.items():
                for r in rows.rows:
                    total += 1
                    if r["engine_z"] is not None and abs(r["engine_z"] - r["z"][-1]) > 1e-6:
                        bad += 1
                    elif status(r, "latest", 0.78) != r["status"]:
                        bad += 1
            print(f"check {g}: {total - bad} of {total} per-measure rows reproduced", file=sys.stderr)
    print("| candidate | sim det k3 / k4 | sim det last 4+ | sim imp last / worst k | sim non last | sim review "
          "| gen det k3 / k4 | gen det last 3 / 4+ | gen imp last / worst k | gen flat last | gen review |")
    print("|---|" + "---:|" * 10)
    for c in a.cands.split(","):
        cand, p, *al = c.split(":")
        p = float(p)
        alpha = float(al[0]) if al and al[0] else None
        if cand == "hybrid":
            p = (p, float(al[1]))
        cells = []
        for g, (det, imp, non) in GENS.items():
            truth, runs = data[g]
            f = {k: client_flags(runs[k], cand, p, alpha)[0] for k in KS}
            last, _ = client_flags(runs["last"], cand, p, alpha)
            nsc = {r["key"][:2]: r["n"] for r in runs["last"].rows}
            rev, _ = client_flags(runs["review"], cand, p, alpha)
            worst = max((share(f[k], truth, imp), k) for k in KS)
            cells.append(f"{share(f[3], truth, det):.1f} / {share(f[4], truth, det):.1f}")
            if g == "gen":
                cells.append(f"{share(last, truth, det, lambda k: nsc[k] == 3):.1f} / {share(last, truth, det, lambda k: nsc[k] >= 4):.1f}")
            else:
                cells.append(f"{share(last, truth, det, lambda k: nsc[k] >= 4):.1f}")
            cells.append(f"{share(last, truth, imp, lambda k: nsc[k] >= 2):.1f} / {worst[0]:.1f} (k {worst[1]})")
            cells.append(f"{share(last, truth, non, lambda k: nsc[k] >= 2):.1f}")
            cells.append(f"{100 * sum(rev.values()) / len(rev):.1f}")
        tag = f", trend {alpha}" if alpha else ""
        print(f"| {cand}({p}{tag}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
