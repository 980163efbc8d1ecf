#!/usr/bin/env bash
# escalade optimize as a user meets it:
#   1. the three M/M/c desks: exit 0, the files, the Erlang C staffing in optimized.yaml with
#      every changed line commented before -> after and the rest of the text unchanged;
#   2. killed with SIGKILL part-way and started again, it gives the same files;
#   3. an unknown metric or key path exits 2 with a "did you mean"; an impossible target is
#      reported infeasible with the failing constraint named, exit 2.
# Usage: optimize_cli_test.sh ESCALADE SOURCE_DIR
set -uo pipefail
escalade=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
desks="$src/tests/sim/experiment/mmc_desks.yaml"
args=(--policy layered_reporting --constraint 'resolution_h_p90.job_a<=2.9'
      --constraint 'resolution_h_p90.job_b<=3' --constraint 'resolution_h_p90.job_c<=3'
      --vary 'city.districts.0.streets.0.communities.*.staff' --threads 2 --quiet)

# 1. The answer and the files.
"$escalade" optimize "$desks" "${args[@]}" --out "$work/a" > "$work/a.out" 2> "$work/a.err" \
    || fail "optimize exited $?: $(cat "$work/a.err")"
for f in optimized.yaml optimize.csv pareto.csv result.csv manifest.json optimize.sqlite; do
  [ -s "$work/a/$f" ] || fail "no $f"
done
grep -q 'desk_a, population: 35040, staff: 6, .*# optimize layered_reporting: city.districts.0.streets.0.communities.0.staff 9 → 6' \
    "$work/a/optimized.yaml" || fail "desk_a is not 9 → 6: $(grep desk_a "$work/a/optimized.yaml")"
grep -q 'staff: 8, .*communities.1.staff 12 → 8' "$work/a/optimized.yaml" || fail "desk_b is not 12 → 8"
grep -q 'staff: 3, .*communities.2.staff 5 → 3' "$work/a/optimized.yaml" || fail "desk_c is not 5 → 3"
# Only the header and the three desk lines differ from the original.
changed=$(diff <(tail -n +4 "$work/a/optimized.yaml") "$desks" | grep -c '^>')
[ "$changed" = 3 ] || fail "$changed lines of the scenario changed, expected 3"
"$escalade" validate "$work/a/optimized.yaml" > /dev/null || fail "optimized.yaml does not validate"
head -1 "$work/a/optimize.csv" | grep -q '^policy,candidate,move,staff,staff_hours,replications,feasible,confirmed,selected,resolution_h_p90.job_a_mean,' \
    || fail "optimize.csv header: $(head -1 "$work/a/optimize.csv")"
head -1 "$work/a/pareto.csv" | grep -q '^policy,candidate,staff_hours,staff,metric,mean,ci95_low,ci95_high,feasible$' \
    || fail "pareto.csv header"
grep -q '"status": "complete"' "$work/a/manifest.json" || fail "manifest not complete"
grep -q 'layered_reporting' "$work/a.out" || fail "no result table"

# 2. Killed part-way, then resumed: the same files.
mkdir -p "$work/b"
"$escalade" optimize "$desks" "${args[@]}" --out "$work/b" > /dev/null 2>&1 &
pid=$!
sleep 0.4
kill -KILL "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
"$escalade" optimize "$desks" "${args[@]}" --out "$work/b" > "$work/b.out" 2>&1 \
    || fail "the resumed optimize exited $?"
for f in optimized.yaml optimize.csv pareto.csv result.csv; do
  cmp -s "$work/a/$f" "$work/b/$f" || fail "$f differs after a resume"
done

# 3. Bad input.
"$escalade" optimize "$desks" --constraint 'resolution_h_maen<=2' --out "$work/c" \
    > /dev/null 2> "$work/c.err"
code=$?
[ "$code" = 2 ] || fail "unknown metric exited $code"
grep -q "did you mean 'resolution_h_mean'" "$work/c.err" || fail "no suggestion: $(cat "$work/c.err")"
[ -e "$work/c" ] && fail "a folder was written for bad input"
"$escalade" optimize "$desks" --constraint 'resolution_h_p90<=9' --vary 'departments.*.staf' \
    > /dev/null 2> "$work/d.err"
code=$?
[ "$code" = 2 ] || fail "unknown key exited $code"
grep -q "did you mean 'staff'" "$work/d.err" || fail "no key suggestion: $(cat "$work/d.err")"
"$escalade" optimize "$desks" --constraint 'resolution_h_p90.job_a<=1' \
    --vary 'city.districts.0.streets.0.communities.0.staff' --quiet --out "$work/e" \
    > "$work/e.out" 2>&1
code=$?
[ "$code" = 2 ] || fail "an impossible target exited $code"
grep -q 'infeasible: even the maximum staffing.*resolution_h_p90.job_a<=1 fails' "$work/e.out" \
    || fail "infeasible not reported: $(cat "$work/e.out")"

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[ "$failures" = 0 ]
