#!/usr/bin/env bash
# Runs the benchmarks and prints the figures quoted in bench/RESULTS.md.
# Usage: bash bench/run.sh            (builds Release first via the Makefile's build dir)
# Each benchmark is repeated 5 times, pinned to one core; medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target kernel_bench >/dev/null
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "compiler: $(c++ --version | head -1); build: Release ($(sed -n "s/^CMAKE_CXX_FLAGS_RELEASE:STRING=//p" build/CMakeCache.txt))"
echo "commit: $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
taskset -c 0 build/bench/kernel_bench \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.5 "$@"

# Scenario loading: parse, validate and build the megacity (issue 3 target: < 2 s).
cmake --build --preset release -j "$(nproc)" --target escalade >/dev/null
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  taskset -c 0 build/escalade validate scenarios/shenzhen_megacity.yaml >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "validate scenarios/shenzhen_megacity.yaml: median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms (runs: $sorted)"

# Demand streaming: one replication of the megacity-year, generator alone (issue 4 target:
# < 200 MB peak for the generator), then the NYC trace replay when the shared data is here.
cmake --build --preset release -j "$(nproc)" --target demand_stream_bench >/dev/null
for _ in 1 2 3; do
  taskset -c 0 /usr/bin/time -f "  peak RSS of the whole process %M KB, %e s" \
    build/bench/demand_stream_bench scenarios/shenzhen_megacity.yaml 2>&1 | grep -v '^summary'
done
if [ -f ../shared/data/raw/boston311_2015H1_bostonservicemap.csv ]; then
  taskset -c 0 build/bench/demand_stream_bench scenarios/boston311_2015h1.yaml
fi
