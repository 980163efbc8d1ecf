#!/usr/bin/env bash
# The classroom view in a real browser: `escalade view` of the teaching scenario under two
# policies writes a page whose animation runs in headless Chromium — the clock and the
# counters differ between two moments — with no console error and no network request.
# Keeps the screenshot as OUT_DIR/view.png. Bad options exit 2. Then the routing graph of a
# policy (escalade graph --policy) draws (OUT_DIR/graph.png).
# Usage: view_test.sh ESCALADE REPO_ROOT OUT_DIR PYTHON
set -eu
bin=$1 root=$2 out=$3 python=$4
mkdir -p "$out"
rm -f "$out/view.html"
"$bin" view "$root/scenarios/teaching_community.yaml" --policy layered_reporting \
  --policy community_orders --out "$out/view.html" --quiet
[ -s "$out/view.html" ] || { echo "FAIL: no view.html"; exit 1; }
echo "view.html: $(stat -c %s "$out/view.html") bytes"
for bad in "--policy nosuch" "--from 3x" "--day 100000"; do
  code=0
  # shellcheck disable=SC2086
  "$bin" view "$root/scenarios/teaching_community.yaml" $bad --out "$out/bad.html" --quiet \
    2>/dev/null || code=$?
  [ "$code" = 2 ] || { echo "FAIL: view $bad: exit $code, expected 2"; exit 1; }
done
"$python" "$root/tests/browser/page_check.py" view "$out/view.html" --min-panels 2 \
  --interval 2 --screenshot "$out/view.png"
# The routing graph of a policy (escalade graph --policy): drawn, with a legend.
"$bin" graph "$root/scenarios/teaching_community.yaml" --policy community_orders \
  --out "$out/graph.html"
"$python" "$root/tests/browser/page_check.py" graph "$out/graph.html" --screenshot "$out/graph.png"
