#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Output identity (issue 12): runs every command of `headway` on the bundled Datasets/ and on a
# 100,000-client simulated practice and saves every output (stdout, stderr, exit status, files
# written) under OUTDIR. Run it on two builds and compare the folders with `diff -r`:
#
#   Benchmarks/output-identity.sh /tmp/before        # on the old build
#   Benchmarks/output-identity.sh /tmp/after         # on the new build
#   diff -r /tmp/before /tmp/after && echo identical
#
# Usage: Benchmarks/output-identity.sh OUTDIR [HEADWAY]   (default HEADWAY: .build/release/headway)
# Every variant of a command also runs with --threads 1 and --threads 3 when the build accepts
# --threads (HEADWAY_THREADS_VARIANTS=1); their outputs must equal the default run's.
set -u
OUT=${1:?usage: output-identity.sh OUTDIR [HEADWAY]}
HW=${2:-.build/release/headway}
mkdir -p "$OUT"
SIM=${HEADWAY_IDENTITY_SIM:-${TMPDIR:-/tmp}/headway-identity-sim-100k.csv}
SIMGOALS=${SIM%.csv}-goals.csv
if [ ! -s "$SIM" ]; then
    "$HW" simulate --clients 100000 --seed 12 --output "$SIM" --goals "$SIMGOALS" > /dev/null
fi
n=0
# run NAME ARGS...: stdout, stderr and exit status of one command.
run() {
    name=$1; shift
    "$HW" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
    n=$((n + 1))
    # Only the commands that take --threads (gas, measures, import, review and simulate do not).
    case "$1" in check|change|trend|flags|report) threaded=1 ;; *) threaded=0 ;; esac
    if [ "${HEADWAY_THREADS_VARIANTS:-0}" = 1 ] && [ $threaded = 1 ]; then
        for t in 1 3; do
            "$HW" "$@" --threads $t > "$OUT/$name.t$t.out" 2> "$OUT/$name.t$t.err"
            echo $? > "$OUT/$name.t$t.rc"
            for s in out err rc; do
                cmp -s "$OUT/$name.$s" "$OUT/$name.t$t.$s" || echo "threads $t differs: $name.$s"
            done
            rm -f "$OUT/$name.t$t.out" "$OUT/$name.t$t.err" "$OUT/$name.t$t.rc"
        done
    fi
}
# rundir NAME ARGS...: also keeps the files of report --output DIR.
rundir() {
    name=$1; shift
    rm -rf "$OUT/$name.dir"
    "$HW" "$@" --output "$OUT/$name.dir" > "$OUT/$name.out" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
    n=$((n + 1))
}
SP=Datasets/sample-practice/observations.csv
SG=Datasets/sample-practice/goals.csv
JT=Datasets/jacobson-truax-1991/observations.csv
JTM=Datasets/jacobson-truax-1991/measures.csv
SC=Datasets/single-case-example/observations.csv
MP=Datasets/single-case-example/multi-phase.csv
for d in sp:$SP sim:$SIM; do
    tag=${d%%:*}; f=${d#*:}
    run $tag-check check "$f" --format csv
    run $tag-check-table check "$f" --format table
    run $tag-change change "$f" --format csv
    run $tag-change-digits3 change "$f" --format csv --digits 3
    run $tag-change-summary change "$f" --format csv --summary
    run $tag-change-summary-clin change "$f" --format csv --summary --by clinician
    run $tag-change-paired change "$f" --format csv --paired
    run $tag-change-paired-summary change "$f" --format csv --paired --summary
    run $tag-change-jt change "$f" --format csv --method jt --cutoff c
    run $tag-change-pct change "$f" --format csv --method percentage
    run $tag-trend trend "$f" --format csv
    run $tag-trend-robust trend "$f" --format csv --robust --time session
    run $tag-flags flags "$f" --format csv --as-of 2026-06-30
    run $tag-flags-all flags "$f" --format csv --all-episodes --per-measure
    run $tag-flags-fit flags "$f" --format csv --fit-only
    run $tag-report report "$f" --format csv
    run $tag-report-table report "$f" --format table
    run $tag-report-clin report "$f" --format csv --by clinician
    rundir $tag-report-dir report "$f"
done
run sp-report-html report $SP --goals $SG --format html --title sample
run sp-report-flags report $SP --format csv --flags
run sp-change-chart change $SP --format chart
run sp-trend-chart trend $SP --format chart --client C000001
run sp-gas gas $SG --format csv
run sp-gas-summary gas $SG --format csv --summary
run sim-gas gas "$SIMGOALS" --format csv
run sim-gas-summary gas "$SIMGOALS" --format csv --summary --by clinician
run sim-report-html report "$SIM" --format html --title sim
run jt-check check $JT --measures $JTM --format csv
run jt-change change $JT --measures $JTM --format csv
run jt-change-summary change $JT --measures $JTM --format csv --summary
run jt-trend trend $JT --measures $JTM --format csv
run sc-check check $SC --format csv
run sc-trend trend $SC --format csv
run sc-trend-long trend $SC --format csv --single-case-long
run sc-trend-summary trend $SC --format csv --single-case-summary
run mp-trend trend $MP --format csv
run mp-trend-long trend $MP --format csv --single-case-long
run mp-change change $MP --format csv
run mp-flags flags $MP --format csv --all-episodes
# Errors and lenient accounting: a file with bad rows.
BAD=${TMPDIR:-/tmp}/headway-identity-bad.csv
{ head -200 $SP; echo "C9,T1,S1,E1,PHQ-9,1,2025-01-01,99"; echo "C9,T1,S1,E1,PHQ-9,x,2025-01-02,3";
  sed -n 2,3p $SP; echo "C10,T1,S1,E1,NOPE,1,2025-01-01,3"; } > "$BAD"
for c in check change trend flags report; do
    run bad-$c-strict $c "$BAD" --format csv
    run bad-$c-lenient $c "$BAD" --format csv --lenient
done
echo "$n command runs saved in $OUT"
