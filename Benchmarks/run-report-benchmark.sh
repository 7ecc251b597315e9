#!/bin/sh
# Times `headway report` (release build) and the pandas equivalent on the same file, and
# prints wall time, peak memory (RSS) and rows per second for both.
# Usage: Benchmarks/run-report-benchmark.sh [FILE]  (default Benchmarks/data/practice-1m.csv;
# make it with: .build/release/headway simulate --clients 1000000 --seed 1 --output Benchmarks/data/practice-1m.csv)
set -eu
FILE=${1:-Benchmarks/data/practice-1m.csv}
swift build -c release --product headway > /dev/null
ROWS=$(($(wc -l < "$FILE") - 1))
run() {
    name=$1; shift
    /usr/bin/time -f "%e %M" -o /tmp/headway-bench-time "$@" > /dev/null 2>/tmp/headway-bench-err || { cat /tmp/headway-bench-err; exit 1; }
    read -r secs kb < /tmp/headway-bench-time
    awk -v n="$name" -v s="$secs" -v k="$kb" -v r="$ROWS" 'BEGIN { printf "%-8s %6.2f s  %7.0f MB peak RSS  %6.2f M rows/s\n", n, s, k / 1024, r / s / 1e6 }'
}
echo "file: $FILE ($ROWS rows), $(nproc) cores"
run headway .build/release/headway report "$FILE"
run pandas python3 Benchmarks/report_pandas.py "$FILE"
python3 -c 'import pandas, sys; print("pandas", pandas.__version__, "python", sys.version.split()[0])'
