#!/usr/bin/env bash
# Two escalade binaries on the megacity-year (community_orders, one replication) at the same
# moment, one per core (taskset -c 0 and -c 1), so both meet the same machine; run it again
# with the binaries swapped, since the two cores of this VM are not equally fast. Prints the
# wall, user CPU and peak RSS of each and checks that the two summary.csv are identical.
# Usage: bash bench/megacity_pair.sh OLD_ESCALADE NEW_ESCALADE
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  echo "usage: bash bench/megacity_pair.sh ESCALADE_ON_CORE_0 ESCALADE_ON_CORE_1" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # binary core
  taskset -c "$2" /usr/bin/time -f "%e s wall, %U s user, %M KB peak RSS" -o "$work/time$2" \
    "$1" run scenarios/shenzhen_megacity.yaml --policy community_orders --replications 1 \
    --quiet --out "$work/out$2" > /dev/null
}
run "$1" 0 &
run "$2" 1 &
wait
echo "$1 (core 0): $(cat "$work/time0")"
echo "$2 (core 1): $(cat "$work/time1")"
if cmp -s "$work/out0/summary.csv" "$work/out1/summary.csv"; then
  echo "summary.csv identical"
else
  echo "summary.csv DIFFERS"
  exit 1
fi
