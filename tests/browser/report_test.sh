#!/usr/bin/env bash
# report.html in a real browser: `escalade run` of the Guangming scenario (two replications,
# to stay fast) writes report.html; headless Chromium opens it offline and every chart must
# have drawn marks (at least 6 charts), with no console error and no network request; then
# `escalade report DIR` rebuilds the same page byte for byte. Keeps the screenshot as
# OUT_DIR/report.png.
# Usage: report_test.sh ESCALADE REPO_ROOT OUT_DIR PYTHON
set -eu
bin=$1 root=$2 out=$3 python=$4
rm -rf "$out/report-run"
mkdir -p "$out"
"$bin" run "$root/scenarios/guangming.yaml" --replications 2 --out "$out/report-run" --quiet >/dev/null
[ -s "$out/report-run/report.html" ] || { echo "FAIL: no report.html"; exit 1; }
cp "$out/report-run/report.html" "$out/report-first.html"
"$bin" report "$out/report-run" --quiet
cmp -s "$out/report-run/report.html" "$out/report-first.html" ||
  { echo "FAIL: escalade report wrote another page than escalade run"; exit 1; }
echo "report.html: $(stat -c %s "$out/report-run/report.html") bytes"
status=0
"$python" "$root/tests/browser/page_check.py" report "$out/report-run/report.html" \
  --min-charts 6 --screenshot "$out/report.png" || status=$?
# A sweep folder: `escalade sweep` writes its report (the headline metrics across the points,
# and the run charts of a chosen point).
rm -rf "$out/report-sweep"
"$bin" sweep "$root/tests/sim/experiment/sweep_teaching.yaml" --replications 2 \
  --out "$out/report-sweep" --quiet
"$python" "$root/tests/browser/page_check.py" report "$out/report-sweep/report.html" \
  --min-charts 4 --screenshot "$out/report-sweep.png" || status=$?
# A folder that is not a run folder is bad input.
if "$bin" report "$out" --quiet 2>/dev/null; then echo "FAIL: report of a non-run folder"; exit 1; fi
exit $status
