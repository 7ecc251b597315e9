#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Upper bound on what ANY flag rule can reach on Benchmarks/flags_generator.py's practice (issue 17).

The generator's model is known exactly, so the best possible rule can be computed. Per client, two
measures follow one course (session index s = 0, 1, ..., k-1):

    true_m(s) = mu_m + beta * s        (improving: max(., floor_m), floor 2 for PHQ-9, 1 for GAD-7)
    x_m(s)    = clamp(round(true_m(s) + N(0, 2)), 0, top_m)

with intakes mu_PHQ = clamp(N(16, 4), 10, 27), mu_GAD = clamp(N(13, 3.5), 8, 21) and
beta = +0.8 (worsening), 0 (flat), -U(0.5, 1.5) (improving). Courses do not depend on the number of
scores, the intakes or the dates, so a rule judging a client on its first k scores is a test between
three known distributions of the 2k integer scores.

Neyman-Pearson lemma (Neyman & Pearson 1933, "On the problem of the most efficient tests of
statistical hypotheses", Phil. Trans. R. Soc. A 231, 289-337; Lehmann & Romano, Testing Statistical
Hypotheses, 3rd ed., Theorem 3.2.1): for a simple null H0 and simple alternative H1, the test that
flags when the likelihood ratio f1(x)/f0(x) exceeds a constant is the most powerful at its size --
no rule (red/yellow logic, curves, trends, pooling measures, anything computed from the scores)
flags more H1 clients while flagging at most the same share of H0 clients. Each course is a simple
hypothesis here: the unknown intakes (and the improving slope) have known distributions, so f is
the marginal likelihood, integrated over them. So at each k:

    best sensitivity at false-alarm rate a = P_worsening(LR > c_a), P_H0(LR > c_a) = a

with H0 = flat, = improving, or = the practice's non-worsening mix (35 flat : 55 improving; the
review list counts these together). The likelihoods are exact for the model above (rounding and
clamping of every score, the clamped intake distributions with their point masses, the improving
floor): a grid of 0.2 point in the intake and 0.05 point/session in the improving slope (midpoint
rule; the integrands are smooth on that scale, noise SD 2). Sensitivities and false-alarm rates
are Monte Carlo estimates over --n clients per course and k (standard error <= 0.5 point at
--n 10000).

Review list: the generator's practice at the median score date (as flags_operating.py: open = a
score in the last 90 days; k = the episode's number of scores by then), classified here without
headway. A lower bound on the share of its rows red or yellow under the issue's deterioration
targets -- worsening flagged >= 80% at 3 scores and >= 97% at 4+ scores -- is the number of rows a
most powerful test must flag: the worsening rows at the required rate plus the fewest non-worsening
rows any rule can flag while doing so (NP against the non-worsening mix, per k, or pooled over
4+ scores with one likelihood-ratio threshold when the 97% is read over all 4+ rows together).

    python3 Benchmarks/flags_np_bound.py [--n 10000] [--seed 1] [--clients 20000] [--gen-seed 17]

Needs numpy and scipy. Prints Markdown.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from collections import Counter

import numpy as np
from scipy.special import logsumexp, ndtr
from scipy.stats import norm

HERE = os.path.dirname(os.path.abspath(__file__))
NOISE = 2.0
WORSE = 0.8
# name: (top, intake mean, intake SD, intake low clamp, improving floor), as flags_generator.py
MEASURES = [("PHQ-9", 27, 16.0, 4.0, 10, 2), ("GAD-7", 21, 13.0, 3.5, 8, 1)]
SHARE = {"improving": 0.55, "flat": 0.35, "worsening": 0.10}
IMP_SLOPES = -(0.5 + 0.05 * (np.arange(20) + 0.5))  # midpoints of U(0.5, 1.5), 20 cells
STEP = 0.2


def intake_grid(top, mu, sd, lo):
    """Grid of intake values and log prior weights: cell midpoints on (lo, top) plus the point
    masses of the clamp at lo and top."""
    edges = np.arange(lo, top + STEP / 2, STEP)
    mids = (edges[:-1] + edges[1:]) / 2
    w = norm.cdf(edges[1:], mu, sd) - norm.cdf(edges[:-1], mu, sd)
    vals = np.concatenate([[lo], mids, [top]])
    w = np.concatenate([[norm.cdf(lo, mu, sd)], w, [norm.sf(top, mu, sd)]])
    return vals, np.log(w)


GRIDS = [intake_grid(top, mu, sd, lo) for _, top, mu, sd, lo, _ in MEASURES]


def log_p_score_exact(x, mean, top):
    """log P(clamp(round(mean + N(0, NOISE)), 0, top) = x), x integer; broadcasts."""
    a = (x - 0.5 - mean) / NOISE
    b = (x + 0.5 - mean) / NOISE
    a = np.where(x <= 0, -np.inf, a)
    b = np.where(x >= top, np.inf, b)
    # Difference of normal CDFs without cancellation in the upper tail.
    upper = a > 0
    p = np.where(upper, ndtr(-a) - ndtr(-b), ndtr(b) - ndtr(a))
    return np.log(np.maximum(p, 1e-300))


# log P(score = x | mean) tabulated on a 0.002-point grid of the mean, for speed: a lookup instead of
# two normal CDFs (the mean is rounded by at most 0.001 point; the probability then differs from the
# exact one by < 0.3% wherever it exceeds 1e-6, checked against log_p_score_exact).
MEAN_LO, MEAN_HI, MEAN_STEP = -25.0, 50.0, 0.002
MEAN_GRID = np.arange(MEAN_LO, MEAN_HI + MEAN_STEP / 2, MEAN_STEP)
TABLES = [log_p_score_exact(np.arange(top + 1)[:, None], MEAN_GRID[None, :], top) for _, top, *_ in MEASURES]
# Self-check: each column is a probability distribution over the scores 0..top.
assert all(np.allclose(np.exp(t).sum(axis=0), 1, atol=1e-9) for t in TABLES)


def log_p_score(x, mean, m):
    idx = np.clip(np.rint((mean - MEAN_LO) / MEAN_STEP).astype(np.int64), 0, len(MEAN_GRID) - 1)
    return TABLES[m][x.astype(np.int64), idx]


def log_lik(x, m, slopes, floor):
    """log marginal likelihood of one measure's scores x (clients x k) for each slope in `slopes`,
    integrated over the intake prior: returns clients x len(slopes)."""
    vals, logw = GRIDS[m]
    k = x.shape[1]
    s = np.arange(k)
    out = np.empty((x.shape[0], len(slopes)))
    for j, b in enumerate(slopes):
        mean = vals[:, None] + b * s[None, :]  # grid x k
        if floor is not None:
            mean = np.maximum(mean, floor)
        # clients x grid x k
        lp = log_p_score(x[:, None, :], mean[None, :, :], m).sum(axis=2)
        out[:, j] = logsumexp(lp + logw[None, :], axis=1)
    return out


def log_liks(x):
    """x: clients x 2 x k. Returns log f_worsening, log f_flat, log f_improving (clients)."""
    lw = sum(log_lik(x[:, m], m, [WORSE], None)[:, 0] for m in range(2))
    lf = sum(log_lik(x[:, m], m, [0.0], None)[:, 0] for m in range(2))
    li = sum(log_lik(x[:, m], m, IMP_SLOPES, MEASURES[m][5]) for m in range(2))  # clients x slopes
    li = logsumexp(li, axis=1) - np.log(len(IMP_SLOPES))
    return lw, lf, li


def simulate(rng, course, n, k):
    """n clients' first k scores (n x 2 x k) under the generator's model."""
    s = np.arange(k)
    if course == "worsening":
        beta = np.full(n, WORSE)
    elif course == "flat":
        beta = np.zeros(n)
    else:
        beta = -rng.uniform(0.5, 1.5, n)
    out = np.empty((n, 2, k))
    for m, (_, top, mu, sd, lo, floor) in enumerate(MEASURES):
        intake = np.clip(rng.normal(mu, sd, n), lo, top)
        true = intake[:, None] + beta[:, None] * s[None, :]
        if course == "improving":
            true = np.maximum(true, floor)
        out[:, m] = np.clip(np.round(true + rng.normal(0, NOISE, (n, k))), 0, top)
    return out


def chunked(x, size=400):
    parts = [log_liks(x[i:i + size]) for i in range(0, len(x), size)]
    return tuple(np.concatenate(p) for p in zip(*parts))


def samples(rng, n, k):
    """Log-likelihood triples for n clients of each course at k scores."""
    return {c: chunked(simulate(rng, c, n, k)) for c in ("worsening", "flat", "improving")}


def stats(L, c, mix=None):
    """Per client of course c: log LR against flat, improving and the non-worsening mix (flat and
    improving weighted by `mix`, default the practice's 35 : 55)."""
    lw, lf, li = L[c]
    mf, mi = mix or (SHARE["flat"], SHARE["improving"])
    wf, wi = mf / (mf + mi), mi / (mf + mi)
    mix = np.logaddexp(np.log(wf) + lf, np.log(wi) + li)
    return {"flat": lw - lf, "improving": lw - li, "mix": lw - mix}


def null_rate(L, h0, t, mix=None):
    """Share of H0 (flat, improving or the mix) with LR against h0 above t (>= for ties: the
    randomized boundary is negligible with a continuous-ish LR)."""
    if h0 == "mix":
        mf, mi = mix or (SHARE["flat"], SHARE["improving"])
        f = np.mean(stats(L, "flat", mix)["mix"] >= t)
        i = np.mean(stats(L, "improving", mix)["mix"] >= t)
        return (mf * f + mi * i) / (mf + mi), f, i
    r = np.mean(stats(L, h0)[h0] >= t)
    return r, None, None


def best_sens(L, h0, alpha):
    """Best sensitivity at false-alarm rate alpha against h0 (NP: threshold at H0's 1-alpha quantile)."""
    if h0 == "mix":
        # Threshold from the mixed null sample: weight flat and improving by their shares.
        sf, si = stats(L, "flat")["mix"], stats(L, "improving")["mix"]
        allv = np.concatenate([sf, si])
        w = np.concatenate([np.full(len(sf), SHARE["flat"] / len(sf)), np.full(len(si), SHARE["improving"] / len(si))])
        w /= w.sum()
        order = np.argsort(-allv)
        cum = np.cumsum(w[order])
        idx = np.searchsorted(cum, alpha, side="right")
        t = allv[order][max(idx - 1, 0)] if idx > 0 else np.inf
    else:
        t = np.quantile(stats(L, h0)[h0], 1 - alpha)
    return np.mean(stats(L, "worsening")[h0] > t)


def min_alarm(L, h0, sens, mix=None):
    """Fewest H0 clients flagged (share) by any rule flagging >= sens of worsening clients."""
    t = np.quantile(stats(L, "worsening", mix)[h0], 1 - sens)
    return null_rate(L, h0, t, mix)


def review_list(clients, seed):
    """(k, course) -> rows of the review list of the generator's practice at its median score date."""
    with tempfile.TemporaryDirectory() as d:
        obs, truth = f"{d}/obs.csv", f"{d}/truth.csv"
        subprocess.run([sys.executable, os.path.join(HERE, "flags_generator.py"), "--clients", str(clients),
                        "--seed", str(seed), "--output", obs, "--truth", truth], check=True)
        course = {r["client_id"]: r["course"] for r in csv.DictReader(open(truth, newline=""))}
        rows = list(csv.DictReader(open(obs, newline="")))
    dates = sorted(r["date"] for r in rows)
    as_of = dates[len(dates) // 2]
    import datetime as dt
    a = dt.date.fromisoformat(as_of)
    last, n = {}, Counter()
    for r in rows:
        if r["date"] <= as_of and r["measure"] == "PHQ-9":
            c = r["client_id"]
            n[c] += 1
            last[c] = max(last.get(c, r["date"]), r["date"])
    out = Counter()
    for c, d in last.items():
        if (a - dt.date.fromisoformat(d)).days <= 90:
            out[(n[c], course[c])] += 1
    return as_of, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="simulated clients per course and k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kmax", type=int, default=12)
    ap.add_argument("--clients", type=int, default=20000, help="review list: generator clients")
    ap.add_argument("--gen-seed", type=int, default=17, help="review list: generator seed")
    ap.add_argument("--point", action="append", metavar="K:SENS:FA_IMPROVING:FA_FLAT",
                    help="a rule's measured point to compare with the bound (percentages); default: the "
                         "defaults' points on flags_generator.py, 20,000 clients, seed 17 (docs/flags.md)")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    ks = list(range(2, a.kmax + 1))
    L = {}
    for k in ks:
        L[k] = samples(rng, a.n if k <= 6 else max(a.n // 2, 1000), k)
        print(f"k = {k} done", file=sys.stderr, flush=True)

    print(f"Most powerful tests (Neyman-Pearson) on flags_generator.py's model, {a.n} simulated clients "
          f"per course and k (k <= 6; half from 7), seed {a.seed}.\n")
    alphas = [0.03, 0.05, 0.10, 0.15, 0.25, 0.50]
    print("Best possible sensitivity for worsening clients (% flagged) of any rule judging the first k scores "
          "(both measures), at a given false-alarm rate among improving / flat / non-worsening (mix) clients:\n")
    print("| k | against | " + " | ".join(f"FA {100 * x:.0f}%" for x in alphas) + " |")
    print("|---:|---|" + "---:|" * len(alphas))
    for k in ks[:5]:
        for h0 in ("improving", "flat", "mix"):
            print(f"| {k} | {h0} | " + " | ".join(f"{100 * best_sens(L[k], h0, x):.1f}" for x in alphas) + " |")

    print("\nFewest clients any rule must flag to reach the issue's sensitivities (% of improving / flat; "
          "the NP test against each alone, and against the mix: % of the mix, with its improving / flat parts):\n")
    print("| k | worsening flagged | improving (best rule vs improving) | flat (best vs flat) | non-worsening mix (improving / flat) |")
    print("|---:|---:|---:|---:|---:|")
    for k, s in [(3, 0.80), (4, 0.97), (3, 0.67), (4, 0.864), (5, 0.97), (6, 0.97)]:
        if k not in L:
            continue
        i, _, _ = min_alarm(L[k], "improving", s)
        f, _, _ = min_alarm(L[k], "flat", s)
        m, mf, mi = min_alarm(L[k], "mix", s)
        print(f"| {k} | {100 * s:.1f} | {100 * i:.1f} | {100 * f:.1f} | {100 * m:.1f} ({100 * mi:.1f} / {100 * mf:.1f}) |")

    points = a.point or ["3:67.1:14.0:40.5", "4:86.4:11.6:50.6"]
    print("\nA measured rule against the bound: its sensitivity, and the best any rule reaches at the same "
          "false-alarm rate among improving and among flat clients:\n")
    print("| k | rule: worsening flagged | improving flagged | best at that rate | flat flagged | best at that rate |")
    print("|---:|---:|---:|---:|---:|---:|")
    for pt in points:
        k, sens, fi, ff = pt.split(":")
        k = int(k)
        if k not in L:
            continue
        bi = best_sens(L[k], "improving", float(fi) / 100)
        bf = best_sens(L[k], "flat", float(ff) / 100)
        print(f"| {k} | {sens} | {fi} | {100 * bi:.1f} | {ff} | {100 * bf:.1f} |")

    as_of, rl = review_list(a.clients, a.gen_seed)
    total = sum(rl.values())
    print(f"\nReview list of the generator's practice ({a.clients} clients, seed {a.gen_seed}, open at {as_of}, "
          f"the median score date): {total} rows. Fewest rows red or yellow any rule can have while flagging "
          "worsening clients at 80% with 3 scores and 97% with 4+ scores (rows with 2 scores, or more than "
          f"{a.kmax}, counted as unflagged):\n")
    nw = lambda k: rl[(k, "worsening")]
    nn = lambda k: rl[(k, "flat")] + rl[(k, "improving")]
    # A: per k (80% at 3, 97% at every k >= 4).
    flagged_a = flat_a = imp_a = 0.0
    for k in ks:
        if k >= 3:
            s = 0.80 if k == 3 else 0.97
            # The most powerful test against this k's own mix of flat and improving rows.
            m, mf, mi = min_alarm(L[k], "mix", s, (rl[(k, "flat")], rl[(k, "improving")]))
            flagged_a += nw(k) * s + rl[(k, "flat")] * mf + rl[(k, "improving")] * mi
            flat_a += rl[(k, "flat")] * mf
            imp_a += rl[(k, "improving")] * mi
    # B: 97% over all 4+ rows together: one LR threshold over k >= 4, rows weighted by their counts.
    vw, ww, vn, wn = [], [], [], []
    for k in ks:
        if k < 4:
            continue
        # Likelihood ratio of (k, scores) between the list's worsening and non-worsening rows:
        # nw(k) f_w,k(x) / (nn(k) f_mix,k(x)), with this k's own mix of flat and improving rows.
        if nw(k) == 0 or nn(k) == 0:
            continue
        mix = (rl[(k, "flat")], rl[(k, "improving")])
        shift = np.log(nw(k) / nn(k))
        sw = stats(L[k], "worsening", mix)["mix"] + shift
        vw.append(sw); ww.append(np.full(len(sw), nw(k) / len(sw)))
        for c in ("flat", "improving"):
            sc = stats(L[k], c, mix)["mix"] + shift
            vn.append(sc); wn.append(np.full(len(sc), rl[(k, c)] / len(sc)))
    vw, ww, vn, wn = map(np.concatenate, (vw, ww, vn, wn))
    order = np.argsort(-vw)
    need = 0.97 * ww.sum()
    t = vw[order][np.searchsorted(np.cumsum(ww[order]), need)]
    m3, f3, i3 = min_alarm(L[3], "mix", 0.80, (rl[(3, "flat")], rl[(3, "improving")]))
    flagged_b = nw(3) * 0.80 + rl[(3, "flat")] * f3 + rl[(3, "improving")] * i3 + need + wn[vn >= t].sum()
    k2 = rl[(2, "worsening")] + nn(2)
    print("| reading of the targets | fewest rows flagged | % of the review list |")
    print("|---|---:|---:|")
    print(f"| 80% at the 3rd score, 97% at every k >= 4 | {flagged_a:.0f} | {100 * flagged_a / total:.1f} |")
    print(f"| 80% of 3-score rows, 97% of all 4+-score rows together | {flagged_b:.0f} | {100 * flagged_b / total:.1f} |")
    nflat = sum(v for (k, c), v in rl.items() if c == "flat")
    nimp = sum(v for (k, c), v in rl.items() if c == "improving")
    print(f"\nThe first reading's most powerful rule flags {100 * flat_a / nflat:.1f}% of the list's {nflat} flat rows and "
          f"{100 * imp_a / nimp:.1f}% of its {nimp} improving rows; a 25% list leaves room for "
          f"{0.25 * total - flagged_a:.0f} more flagged rows ({100 * (0.25 * total - flagged_a) / nflat:.1f}% of the flat rows).")
    print(f"\n(rows by number of scores: " + ", ".join(
        f"{k}: {nw(k)} worsening / {nn(k)} other" for k in sorted({k for k, _ in rl})) + f"; 2-score rows {k2})")


if __name__ == "__main__":
    main()
