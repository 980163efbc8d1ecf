#!/usr/bin/env bash
# Parallel speed-up of a 16-run experiment (issue 7): Nanshan one window, its 2 policies x 8
# replications (a district-year of ~366,000 demands each), run with 1 and 2 threads
# (`escalade run`), and as a one-point sweep
# on 2 threads vs 2 MPI ranks of 1 thread (`escalade sweep`, a fresh store each time).
# Medians of REPEATS (default 3) wall times, measured in one run of this script.
# Usage: bash bench/parallel.sh [REPEATS]   (the binary: $ESCALADE_BUILD_DIR/escalade, default
# build-lto/, as bench/run.sh). The scenario's instability warnings (printed by every run) go to
# $work/warnings, not to the report.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}
escalade=${ESCALADE_BUILD_DIR:-build-lto}/escalade
scenario=scenarios/nanshan_one_window.yaml
args=(--replications 8 --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--allow-run-as-root)

median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
time_ms() {  # command...
  local start
  start=$(date +%s%N)
  "$@" > /dev/null 2>> "$work/warnings"
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}

declare -A times
for _ in $(seq "$repeats"); do
  times[run1]+="$(time_ms "$escalade" run "$scenario" "${args[@]}" --threads 1 --out "$work/r1") "
  times[run2]+="$(time_ms "$escalade" run "$scenario" "${args[@]}" --threads 2 --out "$work/r2") "
  rm -rf "$work/s2" "$work/m2"
  times[sweep2]+="$(time_ms "$escalade" sweep "$scenario" "${args[@]}" --threads 2 --out "$work/s2") "
  if command -v mpirun > /dev/null; then
    times[mpi2]+="$(time_ms mpirun "${as_root[@]}" --oversubscribe -np 2 "$escalade" sweep \
        "$scenario" "${args[@]}" --threads 1 --out "$work/m2") "
  fi
done
cmp -s "$work/r1/summary.csv" "$work/r2/summary.csv" || { echo "1 and 2 threads differ"; exit 1; }
m1=$(median ${times[run1]}); m2=$(median ${times[run2]}); s2=$(median ${times[sweep2]})
echo "16 runs (nanshan_one_window, 2 policies x 8 replications), medians of $repeats:"
echo "  escalade run --threads 1: ${m1} ms   (runs: ${times[run1]})"
echo "  escalade run --threads 2: ${m2} ms   (runs: ${times[run2]})"
awk -v a="$m1" -v b="$m2" 'BEGIN { printf "  speed-up 1 -> 2 threads: %.2fx\n", a / b }'
echo "  escalade sweep --threads 2: ${s2} ms   (runs: ${times[sweep2]})"
if [ -n "${times[mpi2]:-}" ]; then
  p2=$(median ${times[mpi2]})
  cmp -s "$work/s2/summary.csv" "$work/m2/summary.csv" || { echo "MPI and threads differ"; exit 1; }
  echo "  mpirun -np 2 escalade sweep --threads 1: ${p2} ms   (runs: ${times[mpi2]})"
  awk -v a="$s2" -v b="$p2" 'BEGIN { printf "  2 MPI ranks / 2 threads time ratio: %.2f\n", b / a }'
fi
