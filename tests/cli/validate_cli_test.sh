#!/usr/bin/env bash
# End-to-end check of `escalade validate` and `escalade graph` as a user runs them:
# every shipped scenario is accepted (exit 0, "ok: ..."), every file of the
# malformed corpus is rejected with exit code 2 (not 1, not a signal) and a
# located message "FILE:LINE:COL: ..." or "FILE: ..." on stderr; graph prints
# DOT and JSON for a shipped scenario and exits 2 on a bad one.
# Usage: validate_cli_test.sh ESCALADE_BINARY REPO_ROOT
set -u
bin=$1
root=$2
failures=0
checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for f in "$root"/scenarios/*.yaml; do
  checked=$((checked + 1))
  out=$("$bin" validate "$f" 2>&1)
  code=$?
  [ $code -eq 0 ] || fail "$f: exit $code, expected 0: $out"
  case "$out" in ok:*) ;; *) fail "$f: expected 'ok: ...', got: $out" ;; esac
done

for f in "$root"/tests/sim/scenario/malformed/*.yaml; do
  checked=$((checked + 1))
  err=$(timeout 20 "$bin" validate "$f" 2>&1 >/dev/null)
  code=$?
  [ $code -eq 2 ] || fail "$f: exit $code, expected 2"
  first=$(printf '%s\n' "$err" | head -n 1)
  case "$first" in "$f:"*) ;; *) fail "$f: first message is not located at the file: $first" ;; esac
done

checked=$((checked + 1))
"$bin" validate "$root/scenarios/does_not_exist.yaml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing file must exit 2"

checked=$((checked + 1))
dot=$("$bin" graph "$root/scenarios/teaching_community.yaml" --format dot)
[ $? -eq 0 ] && case "$dot" in *"digraph city"*) true ;; *) false ;; esac || fail "graph --format dot"
checked=$((checked + 1))
json=$("$bin" graph "$root/scenarios/teaching_community.yaml" --format json)
[ $? -eq 0 ] && printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["nodes"] and d["edges"]' \
  || fail "graph --format json"
checked=$((checked + 1))
"$bin" graph "$root/tests/sim/scenario/malformed/lead_unknown_department.yaml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "graph on a bad file must exit 2"
checked=$((checked + 1))
"$bin" graph "$root/scenarios/mmc.yaml" --format svg >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown --format must exit 2"

echo "$((checked - failures)) passed, $failures failed"
[ $failures -eq 0 ]
