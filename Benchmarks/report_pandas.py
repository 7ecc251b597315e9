#!/usr/bin/env python3
"""Pandas equivalent of the core of `headway report` (for the benchmark in docs/report.md).

Reads an observations CSV, takes each episode's (client, episode, measure) first and last
score in session order, classifies the change with the catalog's published reliable-change
thresholds and cut-offs (PHQ-9: 6 points, >= 10 clinical; GAD-7: 4 points, >= 8 clinical;
lower is better), and prints per-measure category rates for the practice and per clinician.
Usage: python3 Benchmarks/report_pandas.py FILE
"""
import sys
import pandas as pd
import numpy as np

THRESHOLDS = {"PHQ-9": (6.0, 10.0), "GAD-7": (4.0, 8.0)}


def main(path):
    df = pd.read_csv(path, usecols=["client_id", "clinician_id", "episode_id", "measure", "session", "date", "score"],
                     dtype={"client_id": "string", "clinician_id": "category", "episode_id": "category",
                            "measure": "category", "session": "int32", "score": "float64"})
    n_rows = len(df)
    df = df.sort_values(["client_id", "episode_id", "measure", "session"], kind="stable")
    g = df.groupby(["client_id", "episode_id", "measure"], sort=False, observed=True)
    ep = g.agg(pre=("score", "first"), post=("score", "last"), n=("score", "size"), clinician=("clinician_id", "first"))
    ep = ep[ep["n"] >= 2].reset_index()
    rc = ep["measure"].map({m: t[0] for m, t in THRESHOLDS.items()}).astype(float)
    cut = ep["measure"].map({m: t[1] for m, t in THRESHOLDS.items()}).astype(float)
    change = ep["post"] - ep["pre"]
    improved = change <= -rc
    deteriorated = change >= rc
    clinical_pre = ep["pre"] >= cut
    functional_post = ep["post"] < cut
    ep["category"] = np.select(
        [improved & clinical_pre & functional_post, improved, deteriorated & clinical_pre, deteriorated],
        ["recovered", "improved", "deteriorated", "harmed"], default="unchanged")
    practice = ep.groupby("measure", observed=True)["category"].value_counts(normalize=True).rename("rate").reset_index()
    practice.insert(0, "group", "all")
    by = ep.groupby(["measure", "clinician"], observed=True)["category"].value_counts(normalize=True).rename("rate").reset_index()
    by = by.rename(columns={"clinician": "group"})
    out = pd.concat([practice, by[["group", "measure", "category", "rate"]]])
    out.to_csv(sys.stdout, index=False)
    print(f"# rows {n_rows}, paired episodes {len(ep)}, pandas {pd.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
