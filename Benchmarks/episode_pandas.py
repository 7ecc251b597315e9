#!/usr/bin/env python3
"""Pandas equivalents of `headway change` and `headway trend` (same work as episode_polars.py).

Usage: python3 Benchmarks/episode_pandas.py change|trend FILE OUT.csv
"""
import sys

import numpy as np
import pandas as pd

THRESHOLDS = {"PHQ-9": (6.0, 10.0), "GAD-7": (4.0, 8.0)}
DTYPES = {"client_id": "string", "clinician_id": "category", "site": "category", "measure": "category",
          "session": "int32", "score": "float64"}


def change(path, out):
    df = pd.read_csv(path, dtype=DTYPES)
    df = df.sort_values(["client_id", "measure", "session"], kind="stable")
    g = df.groupby(["client_id", "measure"], sort=False, observed=True)
    ep = g.agg(pre=("score", "first"), post=("score", "last"), n=("score", "size"),
               clinician_id=("clinician_id", "first"))
    ep = ep[ep["n"] >= 2].reset_index()
    rc = ep["measure"].map({m: t[0] for m, t in THRESHOLDS.items()}).astype(float)
    cut = ep["measure"].map({m: t[1] for m, t in THRESHOLDS.items()}).astype(float)
    ep["change"] = ep["post"] - ep["pre"]
    improved, deteriorated = ep["change"] <= -rc, ep["change"] >= rc
    clinical, functional = ep["pre"] >= cut, ep["post"] < cut
    ep["category"] = np.select([improved & clinical & functional, improved, deteriorated & clinical, deteriorated],
                               ["recovered", "improved", "deteriorated", "harmed"], default="unchanged")
    ep.to_csv(out, index=False)
    print(ep.groupby(["measure", "category"], observed=True).size())


def trend(path, out):
    df = pd.read_csv(path, dtype=DTYPES)
    df["x"] = df["session"].astype("float64")
    df["xx"] = df["x"] * df["x"]
    df["xy"] = df["x"] * df["score"]
    df["yy"] = df["score"] * df["score"]
    g = df.groupby(["client_id", "measure"], sort=False, observed=True).agg(
        n=("x", "size"), sx=("x", "sum"), sy=("score", "sum"), sxx=("xx", "sum"), sxy=("xy", "sum"), syy=("yy", "sum"))
    g = g[g["n"] >= 3]
    n = g["n"]
    Sxx = g["sxx"] - g["sx"] ** 2 / n
    Sxy = g["sxy"] - g["sx"] * g["sy"] / n
    Syy = g["syy"] - g["sy"] ** 2 / n
    slope = Sxy / Sxx
    sse = (Syy - slope * Sxy).clip(lower=0)
    res = pd.DataFrame({"n": n, "slope": slope, "intercept": g["sy"] / n - slope * g["sx"] / n,
                        "slope_se": np.sqrt(sse / (n - 2) / Sxx),
                        "r_squared": np.where(Syy > 0, 1 - sse / Syy.where(Syy > 0, 1), np.nan)})
    res.reset_index().to_csv(out, index=False)


if __name__ == "__main__":
    {"change": change, "trend": trend}[sys.argv[1]](sys.argv[2], sys.argv[3])
