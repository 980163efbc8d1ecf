#!/usr/bin/env bash
# End-to-end check of `escalade run` and `escalade compare`:
#  - every file of the output contract is written, with the documented header;
#  - the manifest says complete, names the scenario's SHA-256 (checked with sha256sum);
#  - the same run twice gives byte-identical CSV files (determinism);
#  - a policy compared with itself differs by exactly zero in every metric;
#  - the metrics recomputed from demands.csv by an independent script equal the
#    collectors' values (tests/scenarios/check_metrics.py);
#  - escalade compare prints the same table as the run; bad input exits 2.
# Usage: run_cli_test.sh ESCALADE_BINARY REPO_ROOT
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { checked=$((checked + 1)); }
scenario="$root/scenarios/teaching_community.yaml"

check
"$bin" run "$scenario" --replications 4 --out "$tmp/a" --records --quiet >"$tmp/table_a" 2>"$tmp/err" ||
  fail "run: exit $?: $(cat "$tmp/err")"
for f in manifest.json summary.csv replications.csv compare.csv workload.csv backlog.csv demands.csv; do
  check
  [ -s "$tmp/a/$f" ] || fail "run: $f missing or empty"
done
check
[ "$(head -n1 "$tmp/a/summary.csv")" = "policy,metric,mean,stderr,ci95_low,ci95_high,n" ] || fail "summary.csv header"
check
[ "$(head -n1 "$tmp/a/replications.csv")" = "policy,replication,metric,value" ] || fail "replications.csv header"
check
[ "$(head -n1 "$tmp/a/compare.csv")" = "policy,baseline,metric,diff_mean,ci95_low,ci95_high,n" ] || fail "compare.csv header"
check
[ "$(head -n1 "$tmp/a/workload.csv")" = "policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs" ] || fail "workload.csv header"
check
[ "$(head -n1 "$tmp/a/demands.csv")" = "policy,replication,demand_id,created_h,category,tier,channel,origin,resolved_level,resolver,closed_h,resolution_h,hops,escalations,sla_met,satisfied,status,received_h,triaged_h,assigned_h,started_h,ordered_h,on_site_h,resolved_at,visits" ] || fail "demands.csv header"
check
[ "$(head -n1 "$tmp/a/visits.csv")" = "demand_id,seq,unit,kind,level,queued_h,started_h,finished_h,outcome,policy,replication" ] || fail "visits.csv header"
check
# Every demand's visits in visits.csv: as many rows as its record says.
python3 - "$tmp/a" <<'PY' || fail "visits.csv does not match demands.csv"
import csv, sys, collections
d = sys.argv[1]
count = collections.Counter()
for v in csv.DictReader(open(d + "/visits.csv")):
    count[(v["policy"], v["replication"], v["demand_id"])] += 1
for r in csv.DictReader(open(d + "/demands.csv")):
    assert count[(r["policy"], r["replication"], r["demand_id"])] == int(r["visits"]), r
PY
check
grep -q '"status": "complete"' "$tmp/a/manifest.json" || fail "manifest: not complete"
check
grep -q "\"sha256\": \"$(sha256sum "$scenario" | cut -d' ' -f1)\"" "$tmp/a/manifest.json" || fail "manifest: sha256"
check
ls "$tmp/a" | grep -q '\.tmp\.' && fail "temporary files left behind"

# Determinism: the same bytes again.
"$bin" run "$scenario" --replications 4 --out "$tmp/b" --records --quiet >/dev/null 2>&1
for f in summary.csv replications.csv compare.csv workload.csv backlog.csv demands.csv; do
  check
  cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "determinism: $f differs between two identical runs"
done

# A policy against itself: exactly zero.
sed 's/^  - preset: street_whistle .*/  - preset: layered_reporting\n    name: layered_again/' "$scenario" >"$tmp/self.yaml"
check
"$bin" run "$tmp/self.yaml" --replications 3 --policy layered_reporting --policy layered_again \
  --out "$tmp/self" --quiet >/dev/null 2>"$tmp/err" || fail "self run: $(cat "$tmp/err")"
check
awk -F, 'NR > 1 && $1 == "layered_again" && ($4 != 0 || $5 != 0 || $6 != 0) {bad = 1} END {exit bad}' \
  "$tmp/self/compare.csv" || fail "a policy against itself differs: $(grep layered_again "$tmp/self/compare.csv" | head -3)"
check
[ "$(grep -c '^layered_again,' "$tmp/self/compare.csv")" -gt 10 ] || fail "self compare: too few rows"

# Metrics recomputed independently from demands.csv.
check
/usr/bin/python3 "$root/tests/scenarios/check_metrics.py" --run "$tmp/a" --scenario "$scenario" >"$tmp/out" 2>&1 ||
  fail "metrics from demands.csv: $(cat "$tmp/out")"

# --precision adds replications until the headline intervals are narrow enough, and says so.
check
"$bin" run "$scenario" --replications 3 --precision 0.2 --max-replications 30 --out "$tmp/p" \
  --quiet >"$tmp/out" 2>&1 || fail "precision run: $(cat "$tmp/out")"
check
grep -q "^precision: the widest headline interval is" "$tmp/out" || fail "precision: no report"
reps=$(sed -n 's/.*"replications": \([0-9]*\).*/\1/p' "$tmp/p/manifest.json")
check
[ "$reps" -gt 3 ] && [ "$reps" -le 30 ] || fail "precision: $reps replications, expected 4..30"
check
[ "$(grep -c '^layered_reporting,[0-9]*,demands,' "$tmp/p/replications.csv")" -eq "$reps" ] ||
  fail "precision: replications.csv does not have $reps replications"

# The analytic prediction is printed beside the simulated utilisation.
check
grep -q "^busiest units under layered_reporting: predicted utilisation" "$tmp/table_a" || fail "no prediction printed"

# compare prints the run's table.
check
"$bin" compare "$tmp/a" >"$tmp/table_c" 2>/dev/null || fail "compare: exit $?"
check
table() { tail -n +2 "$1" | sed '/^busiest units/,$d'; }  # the run's table, without the notes
diff <(table "$tmp/table_a") "$tmp/table_c" >/dev/null || fail "compare prints another table: $(diff <(table "$tmp/table_a") "$tmp/table_c" | head -5)"
check
"$bin" compare "$tmp/nowhere" >/dev/null 2>&1
[ $? -eq 2 ] || fail "compare of a missing folder: expected exit 2"
check
"$bin" run "$scenario" --policy no_such_policy --out "$tmp/x" --quiet >/dev/null 2>"$tmp/x.err"
[ $? -eq 2 ] || fail "run --policy no_such_policy: expected exit 2"
check
grep -q "no policy named 'no_such_policy'" "$tmp/x.err" || fail "run --policy no_such_policy: the message does not name it: $(cat "$tmp/x.err")"
check
[ ! -e "$tmp/x" ] || fail "run --policy no_such_policy left $tmp/x behind"
check
"$bin" sweep "$scenario" --policy no_such_policy --out "$tmp/y" --db "$tmp/y.db" --quiet >/dev/null 2>&1
[ $? -eq 2 ] || fail "sweep --policy no_such_policy: expected exit 2"
check
[ ! -e "$tmp/y" ] && [ ! -e "$tmp/y.db" ] || fail "sweep --policy no_such_policy left its folder or store behind"

echo "run_cli_test: $checked checks, $failures failed"
[ $failures -eq 0 ]
