#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The episode-engine benchmark (issue 12): every per-episode command of `headway` (release build)
# side by side with polars and pandas scripts doing the same work and the C parse floor, on one
# file, in one run. Prints wall time, CPU time (user + system), peak RSS, and the ratios the issue
# asks for (headway vs polars, pandas vs headway, headway CPU as a multiple of the C floor).
#
# Usage: Benchmarks/run-episode-benchmark.sh [FILE]
#   default FILE: Benchmarks/data/practice-11m.csv, made by
#   python3 Benchmarks/generate_practice.py Benchmarks/data/practice-11m.csv   (11,001,368 rows)
# Needs: cc, python3 with numpy, pandas and polars, GNU time (/usr/bin/time).
set -eu
FILE=${1:-Benchmarks/data/practice-11m.csv}
OUT=${TMPDIR:-/tmp}/headway-episode-bench
mkdir -p "$OUT"
swift build -c release --product headway > /dev/null
cc -O2 -o "$OUT/parse_floor" Benchmarks/parse_floor.c
HW=.build/release/headway
ROWS=$(($(wc -l < "$FILE") - 1))
cat "$FILE" > /dev/null   # warm the page cache so every contender reads from memory
RESULTS="$OUT/results.txt"
: > "$RESULTS"
run() {
    name=$1; shift
    rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" > "$OUT/stdout" 2> "$OUT/stderr" || rc=$?
    # flags exits 3 when it raised a red flag: a result, not a failure.
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then echo "$name failed:"; tail -5 "$OUT/stderr"; return 0; fi
    # GNU time writes "Command exited with non-zero status" before the numbers: the last line.
    read -r wall user sys kb <<EOF
$(tail -n 1 "$OUT/time")
EOF
    echo "$name $wall $user $sys $kb" >> "$RESULTS"
    awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v k="$kb" \
        'BEGIN { printf "%-16s %7.2f s wall %7.2f s cpu %7.0f MB peak\n", n, w, u + s, k / 1024 }'
}
echo "file: $FILE ($ROWS rows), $(nproc) cores, $(python3 -c 'import polars, pandas; print("polars", polars.__version__, "pandas", pandas.__version__)')"
run floor "$OUT/parse_floor" "$FILE"
run check $HW check "$FILE" --format csv
run change $HW change "$FILE" --format csv
run trend $HW trend "$FILE" --format csv
# flags at the data's newest date (open episodes judged: 182,524 on the 11 M file), and with an
# as-of after every score (no episode open: load and curve fit only; the earlier parts' run).
run flags $HW flags "$FILE" --format csv
run flags-fit $HW flags "$FILE" --format csv --as-of 2026-06-30
run report $HW report "$FILE" --format csv
run report-html $HW report "$FILE" --format html --output "$OUT/report.html"
run polars-change python3 Benchmarks/episode_polars.py change "$FILE" "$OUT/polars-change.csv"
run polars-trend python3 Benchmarks/episode_polars.py trend "$FILE" "$OUT/polars-trend.csv"
run pandas-change python3 Benchmarks/episode_pandas.py change "$FILE" "$OUT/pandas-change.csv"
run pandas-trend python3 Benchmarks/episode_pandas.py trend "$FILE" "$OUT/pandas-trend.csv"
echo
awk -v rows="$ROWS" '{ wall[$1] = $2; cpu[$1] = $3 + $4 }
END {
    printf "ratios (wall unless noted)\n"
    for (c in wall) if (c !~ /^(floor|polars|pandas)/) printf "  %-11s cpu / C floor cpu  %6.1fx   cpu per row %6.3f us\n", c, cpu[c] / (cpu["floor"] > 0 ? cpu["floor"] : 1), cpu[c] / rows * 1e6
    if (wall["change"] > 0) printf "  change: polars / headway %5.2f   pandas / headway %5.2f\n", wall["polars-change"] / wall["change"], wall["pandas-change"] / wall["change"]
    if (wall["trend"] > 0)  printf "  trend:  polars / headway %5.2f   pandas / headway %5.2f\n", wall["polars-trend"] / wall["trend"], wall["pandas-trend"] / wall["trend"]
    if (cpu["change"] > 0) printf "  cpu:    change polars / headway %5.2f   pandas / headway %5.2f\n", cpu["polars-change"] / cpu["change"], cpu["pandas-change"] / cpu["change"]
    if (cpu["trend"] > 0)  printf "  cpu:    trend  polars / headway %5.2f   pandas / headway %5.2f\n", cpu["polars-trend"] / cpu["trend"], cpu["pandas-trend"] / cpu["trend"]
    if (wall["report"] > 0) printf "  report: html - csv %5.2f s wall, %5.2f s cpu\n", wall["report-html"] - wall["report"], cpu["report-html"] - cpu["report"]
}' "$RESULTS"
