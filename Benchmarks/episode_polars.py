#!/usr/bin/env python3
"""Polars equivalents of `headway change` and `headway trend` for the episode-engine benchmark.

  change: each (client, measure) series' first and last score in session order, the change
          category from the published thresholds (PHQ-9: 6 points, cut-off 10; GAD-7: 4 points,
          cut-off 8; lower is better), one row per episode written as CSV, and category counts.
  trend:  each series' OLS slope of score on session, its standard error and R^2, from group
          sums (n, Σx, Σy, Σxx, Σxy, Σyy), one row per episode written as CSV.

Usage: python3 Benchmarks/episode_polars.py change|trend FILE OUT.csv
"""
import sys

import polars as pl

THRESHOLDS = pl.DataFrame({"measure": ["PHQ-9", "GAD-7"], "rc": [6.0, 4.0], "cut": [10.0, 8.0]})


def change(path, out):
    df = pl.scan_csv(path, schema_overrides={"session": pl.Int32, "score": pl.Float64})
    ep = (df.sort(["client_id", "measure", "session"])
            .group_by(["client_id", "measure"], maintain_order=True)
            .agg(pl.col("score").first().alias("pre"), pl.col("score").last().alias("post"),
                 pl.len().alias("n"), pl.col("clinician_id").first())
            .filter(pl.col("n") >= 2)
            .join(THRESHOLDS.lazy(), on="measure")
            .with_columns((pl.col("post") - pl.col("pre")).alias("change")))
    improved = pl.col("change") <= -pl.col("rc")
    deteriorated = pl.col("change") >= pl.col("rc")
    clinical = pl.col("pre") >= pl.col("cut")
    functional = pl.col("post") < pl.col("cut")
    ep = ep.with_columns(
        pl.when(improved & clinical & functional).then(pl.lit("recovered"))
          .when(improved).then(pl.lit("improved"))
          .when(deteriorated & clinical).then(pl.lit("deteriorated"))
          .when(deteriorated).then(pl.lit("harmed"))
          .otherwise(pl.lit("unchanged")).alias("category")).collect()
    ep.drop(["rc", "cut"]).write_csv(out)
    print(ep.group_by(["measure", "category"]).len().sort(["measure", "category"]))


def trend(path, out):
    df = pl.scan_csv(path, schema_overrides={"session": pl.Float64, "score": pl.Float64})
    x, y = pl.col("session"), pl.col("score")
    g = (df.group_by(["client_id", "measure"], maintain_order=True)
           .agg(pl.len().alias("n"), x.sum().alias("sx"), y.sum().alias("sy"), (x * x).sum().alias("sxx"),
                (x * y).sum().alias("sxy"), (y * y).sum().alias("syy"))
           .filter(pl.col("n") >= 3))
    n = pl.col("n")
    sxx = pl.col("sxx") - pl.col("sx") ** 2 / n
    sxy = pl.col("sxy") - pl.col("sx") * pl.col("sy") / n
    syy = pl.col("syy") - pl.col("sy") ** 2 / n
    g = g.with_columns((sxy / sxx).alias("slope"), sxx.alias("Sxx"), sxy.alias("Sxy"), syy.alias("Syy"))
    sse = (pl.col("Syy") - pl.col("slope") * pl.col("Sxy")).clip(lower_bound=0)
    g = g.with_columns(
        (pl.col("sy") / n - pl.col("slope") * pl.col("sx") / n).alias("intercept"),
        (sse / (n - 2) / pl.col("Sxx")).sqrt().alias("slope_se"),
        pl.when(pl.col("Syy") > 0).then(1 - sse / pl.col("Syy")).otherwise(None).alias("r_squared"))
    g.select(["client_id", "measure", "n", "slope", "intercept", "slope_se", "r_squared"]).collect().write_csv(out)


if __name__ == "__main__":
    {"change": change, "trend": trend}[sys.argv[1]](sys.argv[2], sys.argv[3])
