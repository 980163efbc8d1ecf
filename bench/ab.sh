#!/usr/bin/env bash
# Interleaved A/B of reference_bench binaries on a noisy machine: ROUNDS rounds, each
# binary once per round (10^6 demands, 10 replications, pinned to core 0), then the
# median, min and max of each binary's rate in model events per CPU second. Interleaving
# spreads the machine's slow and fast spells over all the binaries alike.
#
# Usage: bash bench/ab.sh ROUNDS BIN... (e.g. a copy of build/bench/reference_bench
# taken before a change, and the one after).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: bash bench/ab.sh ROUNDS REFERENCE_BENCH_BINARY..." >&2
  exit 2
fi
rounds=$1
shift
declare -A rates
for ((r = 0; r < rounds; ++r)); do
  for b in "$@"; do
    x=$(taskset -c 0 "$b" bench/scenarios/escalation_reference.yaml --demands 1000000 \
          --replications 10 --repeat 1 2>&1 |
        sed -n 's/.*(\([0-9.]*\) M per CPU second).*/\1/p' | tail -1)
    rates[$b]="${rates[$b]:-} $x"
  done
done
for b in "$@"; do
  echo "$b: $(echo ${rates[$b]} | tr ' ' '\n' | sort -g | awk '{a[NR] = $1}
    END {printf "median %.2f M model events per CPU s (min %.2f, max %.2f, %d runs)",
         (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR}')"
done
