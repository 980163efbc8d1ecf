#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan, build-fuzz/)
# and runs each for SECONDS (default 60) from seed corpora made of the shipped
# scenarios, mappings and traces, the bad-input corpus and, when present, excerpts
# of the raw traces in ../shared/data/raw. Fails if any target finds a crash, a
# hang (-timeout), an out-of-memory (-rss_limit_mb) or undefined behaviour.
# Findings are kept in build-fuzz/findings/<target>/ (crash-*, timeout-*, oom-*);
# turn each into a regression case (tests/bad_input, or a test in tests/sim/io, trace or scenario).
# Usage: tests/fuzz/run_fuzz.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
jobs=${FUZZ_BUILD_JOBS:-2}
cd "$root"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

# Seed corpora: fresh each run (libFuzzer adds what it finds to the first
# directory; the seeds in the tree stay untouched).
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/scenario_fuzzer" "$seeds/mapping_fuzzer" "$seeds/trace_fuzzer"
cp scenarios/*.yaml tests/bad_input/base/*.yaml tests/sim/scenario/malformed/*.yaml \
   tests/bad_input/cases/scenario/*.yaml "$seeds/scenario_fuzzer/"
cp scenarios/traces/*.mapping.yaml tests/bad_input/base/trace.mapping.yaml \
   tests/bad_input/cases/mapping/*.yaml "$seeds/mapping_fuzzer/"
cp tests/fixtures/*.csv tests/bad_input/base/*.csv tests/bad_input/cases/trace/*.csv \
   "$seeds/trace_fuzzer/"
# Real gzip streams to mutate (the trace fuzzer also reads its input as gzip).
for f in tests/fixtures/*.csv tests/bad_input/base/*.csv; do
  gzip -c "$f" > "$seeds/trace_fuzzer/$(basename "$f").gz"
done
# The NYC fixtures are long; their first 20 lines make quicker seeds.
for f in tests/fixtures/*.csv; do head -n 20 "$f" >"$seeds/trace_fuzzer/head20_$(basename "$f")"; done
# Raw traces of the project workspace, when this clone sits in one (not in CI).
raw="$root/../shared/data/raw"
if [ -d "$raw" ]; then
  for f in "$raw"/*.csv; do
    [ -f "$f" ] && head -n 40 "$f" >"$seeds/trace_fuzzer/raw40_$(basename "$f")"
  done
fi

failed=0
summary=()
for target in scenario_fuzzer mapping_fuzzer trace_fuzzer; do
  findings="$build/findings/$target"
  mkdir -p "$findings"
  dict=()
  case $target in
    scenario_fuzzer | mapping_fuzzer) dict=(-dict="$root/tests/fuzz/yaml.dict") ;;
    trace_fuzzer) dict=(-dict="$root/tests/fuzz/csv.dict") ;;
  esac
  log="$build/findings/$target.log"
  echo "== $target: ${seconds} s"
  set +e
  (cd "$findings" &&
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1:allocator_may_return_null=0" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:print_stacktrace=1:halt_on_error=1" \
    "$build/tests/fuzz/$target" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
      "$seeds/$target" </dev/null >"$log" 2>&1)
  code=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ $code -ne 0 ]; then
    failed=1
    echo "FAIL: $target exited $code; artifacts in $findings, log $log:"
    grep -E "^==[0-9]+==ERROR|runtime error|fuzz contract|^SUMMARY|Test unit written|ALARM|out-of-memory" \
      "$log" | head -n 20 || true
  fi
  summary+=("$target: ${runs:-?} executions, exit $code")
done
printf '%s\n' "${summary[@]}"
[ $failed -eq 0 ] && echo "run_fuzz: no findings" || echo "run_fuzz: findings (see above)"
exit $failed
