#!/usr/bin/env bash
# Runs every benchmark and prints every figure quoted in bench/RESULTS.md (about 10-15 minutes
# on the reference machine). Usage:
#
#   bash bench/run.sh                     # builds Release with LTO in build-lto/ first
#   ESCALADE_BUILD_DIR=build-perf bash bench/run.sh
#   bash bench/run.sh --quick             # fewer repetitions (a smoke test of the script)
#   MEGACITY_RUNS=1 bash bench/run.sh     # one megacity-year without --records instead of 3
#
# Everything is pinned to one core (taskset -c 0). Figures are medians of repeated runs; the
# machines are shared, so each figure prints its runs and the load average at its start.
# Speed is measured here, never by timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${ESCALADE_BUILD_DIR:-build-lto}
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
reps() { if [ "$QUICK" = 1 ]; then echo 1; else echo "$1"; fi; }
PIN="taskset -c 0"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/escalade-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Link-time optimisation and the benchmarks on, whatever the folder had (the figures are of LTO builds).
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DESCALADE_LTO=ON -DESCALADE_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)" \
  --target kernel_bench reference_bench predicted_loads demand_stream_bench escalade >/dev/null

# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else print v[int((NR + 1) / 2)]}'; }
load() { cut -d' ' -f1 /proc/loadavg; }

echo "== setup"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "compiler: $(c++ --version | head -1)"
# The flags the compiler really gets (CMakeLists.txt turns the cache's -O3 into -O2).
echo "build: $BUILD, $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt"):" \
     "$(sed -n 's/^CXX_FLAGS = //p' "$BUILD/sim/model/CMakeFiles/escalade_model.dir/flags.make")"
echo "commit: $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"

# 1. The reference escalation network through the full lifecycle (issue 8 target: >= 4 M model
#    events per second at 10^6 demands). Exact mean resolution time 4.274144 h.
echo
echo "== reference escalation network (load $(load))"
for demands in 1000000 10000000; do
  repeat=$(reps 5)
  [ "$demands" = 10000000 ] && repeat=$(reps 3)
  echo "\$ $PIN $BUILD/bench/reference_bench bench/scenarios/escalation_reference.yaml --demands $demands --replications 10 --exact 4.274144 --repeat $repeat"
  $PIN "$BUILD/bench/reference_bench" bench/scenarios/escalation_reference.yaml \
    --demands "$demands" --replications 10 --exact 4.274144 --repeat "$repeat"
done

# 2. The megacity-year: one replication of community_orders, without and with --records
#    (issue 8 targets: <= 60 s, <= 1 GiB peak RSS; --records streams demands.csv to disk).
echo
echo "== megacity-year (load $(load))"
echo "\$ $BUILD/bench/predicted_loads scenarios/shenzhen_megacity.yaml --above 0.85"
"$BUILD/bench/predicted_loads" scenarios/shenzhen_megacity.yaml --above 0.85 --top 5 \
  | sed -n '1,/^busiest over/p' | sed '$d' || true
for records in "" "--records"; do
  runs=$(reps "${MEGACITY_RUNS:-3}")
  [ -n "$records" ] && runs=1
  cmd="$BUILD/escalade run scenarios/shenzhen_megacity.yaml --policy community_orders --replications 1 --quiet $records --out $TMP/megacity"
  echo "\$ $PIN /usr/bin/time $cmd"
  walls=()
  for _ in $(seq "$runs"); do
    rm -rf "$TMP/megacity"
    $PIN /usr/bin/time -f "%e %U %M" -o "$TMP/time" $cmd >/dev/null
    read -r wall user rss < "$TMP/time"
    size=""
    [ -f "$TMP/megacity/demands.csv" ] && size=", demands.csv $(du -m "$TMP/megacity/demands.csv" | cut -f1) MB"
    echo "  wall ${wall} s, user ${user} s, peak RSS $((rss / 1024)) MB${size} (load $(load))"
    walls+=("$wall")
  done
  echo "  median wall: $(printf '%s\n' "${walls[@]}" | median) s"
  grep -E '^community_orders,(demands|backlog_end|resolution_h_mean),' "$TMP/megacity/summary.csv" \
    | sed 's/^/  summary: /' || true
done
rm -rf "$TMP/megacity"

# 3. The district-year under every preset: wall time per replication.
echo
echo "== district-year, every preset (load $(load))"
presets="layered_reporting street_whistle hotline_direct call_response community_orders tiered_sla one_window nyc311_sla itil_tiered"
python3 - "$TMP/guangming_presets.yaml" $presets <<'EOF'
import sys
text = open("scenarios/guangming.yaml").read()
head, rest = text.split("\npolicies:\n", 1)
tail = rest[rest.index("\nexperiment:"):]
policies = "".join(f"  - preset: {p}\n" for p in sys.argv[2:])
open(sys.argv[1], "w").write(head + "\npolicies:\n" + policies + tail)
EOF
greps=$(reps 10)
echo "\$ $PIN $BUILD/escalade run <guangming.yaml with every preset> --policy P --replications $greps --quiet"
for p in $presets; do
  $PIN /usr/bin/time -f "%e %M" -o "$TMP/time" "$BUILD/escalade" run "$TMP/guangming_presets.yaml" \
    --policy "$p" --replications "$greps" --quiet --out "$TMP/guangming" 2>"$TMP/err" >/dev/null \
    || { echo "  $p: failed: $(tail -1 "$TMP/err")"; continue; }
  read -r wall rss < "$TMP/time"
  awk -v p="$p" -v w="$wall" -v n="$greps" -v r="$rss" \
    'BEGIN {printf "  %-18s %6.3f s per replication (%s s for %d), peak RSS %d MB\n", p, w / n, w, n, r / 1024}'
done

# 4. Kernel microbenchmarks (foundation issue).
echo
echo "== kernel microbenchmarks (load $(load))"
$PIN "$BUILD/bench/kernel_bench" --benchmark_repetitions="$(reps 5)" \
  --benchmark_report_aggregates_only=true --benchmark_min_time=0.5 2>&1 | grep -E 'median|^BM_' || true

# 5. Scenario loading: parse, validate and build the megacity (issue 3 target: < 2 s).
echo
echo "== loading the megacity (load $(load))"
times=()
for _ in $(seq "$(reps 5)"); do
  start=$(date +%s%N)
  $PIN "$BUILD/escalade" validate scenarios/shenzhen_megacity.yaml >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
echo "validate scenarios/shenzhen_megacity.yaml: median $(printf '%s\n' "${times[@]}" | median) ms" \
     "(runs: $(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' '))"

# 6. Demand streaming: one replication of the megacity-year, generator alone (issue 4 target:
#    < 200 MB peak for the generator), then the Boston trace replay when the shared data is here.
echo
echo "== demand streaming (load $(load))"
for _ in $(seq "$(reps 3)"); do
  $PIN /usr/bin/time -f "  peak RSS of the whole process %M KB, %e s" \
    "$BUILD/bench/demand_stream_bench" scenarios/shenzhen_megacity.yaml 2>&1 | grep -v '^summary'
done
if [ -f ../shared/data/raw/boston311_2015H1_bostonservicemap.csv ]; then
  $PIN "$BUILD/bench/demand_stream_bench" scenarios/boston311_2015h1.yaml
fi

# 7. Parallel runs (issue 7): a 16-run experiment on 1 and 2 threads, and 2 MPI ranks vs 2
#    threads. Not pinned: it needs both cores.
echo
echo "== parallel runs (load $(load))"
bash bench/parallel.sh 3
