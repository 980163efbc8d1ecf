#!/usr/bin/env bash
# End-to-end check of `escalade demand` as a user runs it, and of trace replay
# against an independent computation (tests/scenarios/check_trace_replay.py,
# Python's csv module and its own reading of the mapping rules):
#  - a synthetic scenario: exit 0, the documented header, same bytes twice,
#    another replication gives other bytes, a bad --replication exits 2;
#  - the NYC excerpt fixture replays exactly its valid rows in time order, and
#    gives the same list gzip-compressed and as TSV;
#  - the bad-rows fixture stops at its first bad line (exit 2, nothing written,
#    an existing output file left intact) or, with --skip-bad-rows, skips and
#    counts exactly the 8 bad rows;
#  - the full NYC and Boston traces of ../shared/data, when they are present;
#  - escalade policies lists every preset, rule and parameter.
# Usage: demand_cli_test.sh ESCALADE_BINARY REPO_ROOT
set -u
bin=$1
root=$2
py=/usr/bin/python3
checker="$root/tests/scenarios/check_trace_replay.py"
nyc="$root/scenarios/nyc311_christmas.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { checked=$((checked + 1)); }

# Synthetic demand.
check
"$bin" demand "$root/scenarios/teaching_community.yaml" --out "$tmp/a.csv" 2>"$tmp/err" ||
  fail "teaching_community: exit $?: $(cat "$tmp/err")"
header="demand_id,source,created_h,created_at,origin,grid,category,channel,people,money,urgent,department,trace_id,source_line,observed_closed_h,observed_target_h,u_work,u_resolve,u_return,u_satisfaction"
check
[ "$(head -n 1 "$tmp/a.csv")" = "$header" ] || fail "header: $(head -n 1 "$tmp/a.csv")"
check
[ "$(wc -l <"$tmp/a.csv")" -gt 1000 ] || fail "teaching_community: too few demands"
check
grep -q "demands: .* resident, .* patrol, 20 backlog" "$tmp/err" || fail "summary: $(cat "$tmp/err")"
"$bin" demand "$root/scenarios/teaching_community.yaml" --quiet >"$tmp/b.csv"
check
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "the same scenario and replication gave other bytes"
"$bin" demand "$root/scenarios/teaching_community.yaml" --replication 1 --quiet --out "$tmp/c.csv"
check
cmp -s "$tmp/a.csv" "$tmp/c.csv" && fail "replications 0 and 1 gave the same demands"
check
"$bin" demand "$root/scenarios/teaching_community.yaml" --replication 20 --out "$tmp/d.csv" 2>/dev/null
[ $? -eq 2 ] || fail "--replication 20 of 20: expected exit 2"

# The NYC excerpt: exactly its valid rows, in time order.
check
"$bin" demand "$nyc" --trace "$root/tests/fixtures/nyc311_excerpt.csv" --out "$tmp/x.csv" 2>"$tmp/err" ||
  fail "excerpt: exit $?: $(cat "$tmp/err")"
check
"$py" "$checker" --scenario "$nyc" --csv "$root/tests/fixtures/nyc311_excerpt.csv" \
  --demands "$tmp/x.csv" --expect-bad 0 >"$tmp/out" 2>&1 || fail "excerpt: $(cat "$tmp/out")"

# The same excerpt gzip-compressed, and as TSV: the same demand list, byte for byte.
gzip -c "$root/tests/fixtures/nyc311_excerpt.csv" >"$tmp/excerpt.csv.gz"
check
"$bin" demand "$nyc" --trace "$tmp/excerpt.csv.gz" --quiet --out "$tmp/xz.csv" 2>"$tmp/err" ||
  fail "excerpt.csv.gz: exit $?: $(cat "$tmp/err")"
check
cmp -s "$tmp/x.csv" "$tmp/xz.csv" || fail "excerpt.csv.gz: not the demands of the plain CSV"
"$py" -c "
import csv, sys
with open(sys.argv[1], newline='') as f, open(sys.argv[2], 'w', newline='') as out:
    csv.writer(out, dialect='excel-tab').writerows(csv.reader(f))" \
  "$root/tests/fixtures/nyc311_excerpt.csv" "$tmp/excerpt.tsv"
check
"$bin" demand "$nyc" --trace "$tmp/excerpt.tsv" --quiet --out "$tmp/xt.csv" 2>"$tmp/err" ||
  fail "excerpt.tsv: exit $?: $(cat "$tmp/err")"
check
cmp -s "$tmp/x.csv" "$tmp/xt.csv" || fail "excerpt.tsv: not the demands of the plain CSV"

# Bad rows: stop at the first (line 13), write nothing, keep an existing file.
echo "previous contents" >"$tmp/keep.csv"
check
"$bin" demand "$nyc" --trace "$root/tests/fixtures/nyc311_bad_rows.csv" --out "$tmp/keep.csv" 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad rows: expected exit 2"
check
grep -q "nyc311_bad_rows.csv:13: column 'Created Date': " "$tmp/err" || fail "bad rows: message $(cat "$tmp/err")"
check
[ "$(cat "$tmp/keep.csv")" = "previous contents" ] || fail "bad rows: the existing output was touched"
check
[ -z "$(ls "$tmp" | grep '\.tmp\.')" ] || fail "bad rows: a temporary file was left behind"
check
"$bin" demand "$nyc" --trace "$root/tests/fixtures/nyc311_bad_rows.csv" --skip-bad-rows \
  --out "$tmp/s.csv" 2>"$tmp/err" || fail "skip bad rows: exit $?"
check
grep -q "bad rows skipped: 1 closed: bad time, 2 created: bad time, 1 id: not digits, 1 target: bad time, 1 unmapped department, 1 unmapped origin, 1 wrong field count" "$tmp/err" ||
  fail "skip bad rows: summary $(cat "$tmp/err")"
check
"$py" "$checker" --scenario "$nyc" --csv "$root/tests/fixtures/nyc311_bad_rows.csv" \
  --demands "$tmp/s.csv" --expect-bad 8 >"$tmp/out" 2>&1 || fail "bad rows: $(cat "$tmp/out")"

# escalade policies: every preset, the C++ rule and every parameter are listed.
out=$("$bin" policies)
for name in layered_reporting street_whistle hotline_direct call_response community_orders \
            tiered_sla one_window nyc311_sla itil_tiered red_to_district report_deadline \
            dispatch_authority return_probability; do
  check
  printf '%s\n' "$out" | grep -q "^  $name " || fail "escalade policies does not list $name"
done
check
"$bin" policies no_such_preset >/dev/null 2>&1
[ $? -eq 2 ] || fail "escalade policies no_such_preset: expected exit 2"

# The checker checks itself.
check
"$py" "$checker" --self-test >"$tmp/out" 2>&1 || fail "checker self-test: $(cat "$tmp/out")"

# The full traces, when the shared data is here.
for scenario in nyc311_christmas boston311_2015h1; do
  file=$(sed -n 's/^  file: *//p' "$root/scenarios/traces/${scenario%%_*}.mapping.yaml" | sed 's/ *#.*//')
  if [ ! -f "$root/scenarios/traces/$file" ]; then
    echo "note: $scenario: the trace is not here; full-trace check skipped"
    continue
  fi
  check
  "$bin" demand "$root/scenarios/$scenario.yaml" --out "$tmp/full.csv" 2>"$tmp/err" ||
    fail "$scenario: exit $?: $(cat "$tmp/err")"
  check
  "$py" "$checker" --scenario "$root/scenarios/$scenario.yaml" --demands "$tmp/full.csv" \
    --expect-bad 0 >"$tmp/out" 2>&1 || fail "$scenario: $(cat "$tmp/out")"
done

echo "demand_cli_test: $checked checks, $failures failed"
[ $failures -eq 0 ]
