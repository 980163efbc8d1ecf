#!/usr/bin/python3
"""Recomputes metrics from a run's demands.csv and compares them with replications.csv.

Usage: check_metrics.py --run DIR --scenario SCENARIO.yaml

An independent computation of the definitions in analysis/metrics.h (README "Metrics"), from
the flat records alone, with Python's csv module: demands, resolved, resolution_rate,
resolution_h_mean, satisfaction_rate, escalations_per_demand, hops_mean, backlog_end (open at
the horizon: still open, or closed in the cool-down) exactly
(to 1e-9 relative), and resolution_h_p50/p90/p99 within 0.5% of the exact lower quantiles
(element floor(q·(n−1)) of the sorted times: the collectors' DDSketch guarantees 0.5% relative
error for that element). Exits 1 on a mismatch.
"""
import argparse
import collections
import csv
import math
import re
import sys

import yaml


def hours(duration):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(s|m|h|d|w)", str(duration).strip())
    if not m:
        sys.exit(f"check_metrics: cannot read duration {duration!r}")
    factor = {"s": 1 / 3600, "m": 1 / 60, "h": 1, "d": 24, "w": 168}[m.group(2)]
    return float(m.group(1)) * factor


def lower_quantile(values, q):
    """Element floor(q·(n−1)) of the sorted values, 0-based (the definition in metrics.h)."""
    values = sorted(values)
    return values[math.floor(q * (len(values) - 1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--scenario", required=True)
    args = ap.parse_args()
    scenario = yaml.safe_load(open(args.scenario, encoding="utf-8"))
    warmup_h = hours(scenario.get("experiment", {}).get("warmup", "0s"))
    horizon_h = hours(scenario.get("experiment", {}).get("horizon", "365d"))

    rows = collections.defaultdict(list)
    with open(f"{args.run}/demands.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[(r["policy"], int(r["replication"]))].append(r)
    reported = collections.defaultdict(dict)
    with open(f"{args.run}/replications.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            reported[(r["policy"], int(r["replication"]))][r["metric"]] = float(r["value"])

    problems = 0
    checked = 0
    for key, records in sorted(rows.items()):
        # Measured: created in [warm-up, horizon), each followed to its end (the cool-down).
        measured = [r for r in records
                    if warmup_h - 1e-9 <= float(r["created_h"]) < horizon_h - 1e-9]
        closed = [r for r in measured if r["status"] != "open"]
        resolved = [r for r in measured if r["status"] == "resolved"]
        times = [float(r["resolution_h"]) for r in resolved]
        n = len(measured)
        expected = {
            "demands": n,
            "resolved": len(resolved),
            "resolution_rate": len(resolved) / n,
            "resolution_h_mean": sum(times) / len(times),
            "satisfaction_rate": sum(r["satisfied"] == "1" for r in closed) / len(closed),
            "escalations_per_demand": sum(int(r["escalations"]) for r in measured) / n,
            "hops_mean": sum(int(r["hops"]) for r in measured) / n,
            "backlog_end": sum(r["status"] == "open" or float(r["closed_h"]) > horizon_h + 1e-9
                               for r in records),
        }
        approx = {f"resolution_h_p{int(q * 100)}": lower_quantile(times, q) for q in (0.5, 0.9, 0.99)}
        got = reported[key]
        for name, value in expected.items():
            checked += 1
            if name not in got or abs(got[name] - value) > 1e-9 * max(1, abs(value)):
                problems += 1
                print(f"{key}: {name}: demands.csv gives {value}, replications.csv {got.get(name)}")
        for name, value in approx.items():
            checked += 1
            if name not in got or abs(got[name] - value) > 0.005 * abs(value) * (1 + 1e-9) + 1e-9:
                problems += 1
                print(f"{key}: {name}: exact {value}, sketch {got.get(name)} (more than 0.5% apart)")
    print(f"check_metrics: {checked} values over {len(rows)} runs, {problems} mismatches")
    return 1 if problems or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
