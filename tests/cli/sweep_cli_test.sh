#!/usr/bin/env bash
# Parallel runs, sweeps, the results store and interruption, as a user meets them:
#   1. `escalade run` writes the same bytes with 1, 2 and 8 threads (records included);
#   2. a sweep killed with SIGKILL at a random moment and started again gives the same
#      files as an uninterrupted sweep, with every run stored exactly once;
#   3. SIGINT during `escalade run` writes the finished replications, a manifest that
#      says "interrupted", exit 130, and no temporary file;
#   4. with MPI: 2 ranks give the same files as one process.
# Usage: sweep_cli_test.sh ESCALADE SOURCE_DIR MPI(ON|OFF)
set -uo pipefail
escalade=$1
src=$2
mpi=${3:-OFF}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tables="summary.csv replications.csv compare.csv workload.csv backlog.csv"
same_files() {  # dir_a dir_b files...
  local a=$1 b=$2; shift 2
  for f in "$@"; do
    cmp -s "$a/$f" "$b/$f" || fail "$a/$f and $b/$f differ"
  done
}
teaching="$src/scenarios/teaching_community.yaml"
sweep="$src/tests/sim/experiment/sweep_teaching.yaml"

# 1. Threads do not change a byte.
for t in 1 2 8; do
  "$escalade" run "$teaching" --replications 4 --threads "$t" --records --quiet \
      --out "$work/run$t" > /dev/null || fail "run --threads $t exited $?"
done
same_files "$work/run1" "$work/run2" $tables demands.csv
same_files "$work/run1" "$work/run8" $tables demands.csv
grep -q '"threads": 8' "$work/run8/manifest.json" || fail "manifest does not record 8 threads"
[ "$(wc -l < "$work/run1/demands.csv")" -gt 10000 ] || fail "demands.csv is nearly empty"

# 2. A sweep killed with SIGKILL resumes without losing or duplicating a run.
reps=40
start=$(date +%s%N)
"$escalade" sweep "$sweep" --replications $reps --threads 2 --quiet --out "$work/whole" \
    || fail "uninterrupted sweep exited $?"
whole_ms=$(( ($(date +%s%N) - start) / 1000000 ))
runs=$((4 * 3 * reps))
for attempt in 1 2; do
  # A random moment between 10% and 35% of an uninterrupted sweep's time: the two attempts
  # together run at most 70% of it, so the resume always has runs left to compute (with
  # 10-60% two kills could finish the sweep between them once the code got fast enough).
  delay_ms=$(( whole_ms * (10 + RANDOM % 25) / 100 ))
  "$escalade" sweep "$sweep" --replications $reps --threads 2 --quiet --out "$work/killed" &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  echo "attempt $attempt: killed after ${delay_ms} ms of ~${whole_ms} ms"
done
grep -q '"status": "interrupted"' "$work/killed/manifest.json" \
  || fail "the killed sweep's manifest does not say interrupted"
"$escalade" sweep "$sweep" --replications $reps --threads 2 --out "$work/killed" 2> "$work/resume.err" \
    || fail "resumed sweep exited $?"
cat "$work/resume.err"
grep -q "computed on" "$work/resume.err" || fail "no summary line from the resumed sweep"
if grep -q ", 0 computed" "$work/resume.err"; then fail "the kills left nothing to resume"; fi
same_files "$work/whole" "$work/killed" points.csv $tables
stored=$(/usr/bin/python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute('SELECT COUNT(*) FROM runs').fetchone()[0],
      db.execute('SELECT COUNT(*) FROM (SELECT DISTINCT policy, point, replication FROM runs)').fetchone()[0],
      db.execute('SELECT COUNT(DISTINCT metric) FROM metrics').fetchone()[0])" "$work/killed/sweep.sqlite")
read -r count distinct metrics <<< "$stored"
[ "$count" = "$runs" ] || fail "the store holds $count runs, expected $runs"
[ "$distinct" = "$runs" ] || fail "the store holds $distinct distinct runs, expected $runs"
[ "$metrics" -gt 20 ] || fail "the store has only $metrics metrics"
grep -q '"status": "complete"' "$work/killed/manifest.json" || fail "resumed manifest not complete"

# 3. SIGINT during a run.
"$escalade" run "$teaching" --replications 400 --threads 2 --records --out "$work/int" \
    > /dev/null 2> "$work/int.err" &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" = 130 ] || fail "interrupted run exited $code, expected 130"
grep -q 'interrupted' "$work/int.err" || fail "no interruption message: $(cat "$work/int.err")"
grep -q '"status": "interrupted"' "$work/int/manifest.json" || fail "manifest does not say interrupted"
leftovers=$(find "$work/int" -name '.*' -type f | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left: $(find "$work/int" -name '.*' -type f)"
done_reps=$(sed -n 's/.*"replications": \([0-9]*\).*/\1/p' "$work/int/manifest.json")
if [ "${done_reps:-0}" -gt 0 ]; then
  [ "$done_reps" -lt 400 ] || fail "the interrupted run claims all 400 replications"
  n=$(awk -F, '$2 == "demands" && $1 == "layered_reporting" {print $7}' "$work/int/summary.csv")
  [ "$n" = "$done_reps" ] || fail "summary.csv n=$n but the manifest says $done_reps replications"
  # The kept replications are exactly those of an uninterrupted run.
  "$escalade" run "$teaching" --replications "$done_reps" --threads 1 --records --quiet \
      --out "$work/int_ref" > /dev/null
  same_files "$work/int" "$work/int_ref" $tables demands.csv
fi

# 4. MPI: two ranks, one process: the same files.
if [ "$mpi" = ON ]; then
  as_root=()
  [ "$(id -u)" = 0 ] && as_root=(--allow-run-as-root)
  mpirun "${as_root[@]}" --oversubscribe -np 2 "$escalade" sweep "$sweep" --replications $reps \
      --threads 1 --quiet --out "$work/mpi" || fail "mpirun -np 2 exited $?"
  grep -q '"ranks": 2' "$work/mpi/manifest.json" || fail "the sweep did not run on 2 ranks"
  same_files "$work/whole" "$work/mpi" points.csv $tables
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "sweep_cli_test: all checks passed"
