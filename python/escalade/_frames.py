"""The core's plain values as pandas DataFrames.

The tables arrive as the CSV text of a run folder (written by sim/experiment/outputs.cc and
analysis/run_files.cc), so the columns are those of the output contract by construction; this
file only parses them. Nothing here computes a statistic.
"""

import io
import json
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

# Columns read as text whatever they hold (a unit or policy named "1", "NA" or "null").
_TEXT = {"policy", "move", "note", "decision", "baseline", "metric", "unit", "kind", "level", "category", "tier", "channel",
         "origin", "resolved_level", "resolver", "status"}


def _frame(csv_text):
    header = csv_text.split("\n", 1)[0].split(",")
    dtypes = {c: str for c in header if c in _TEXT}
    return pd.read_csv(io.StringIO(csv_text), dtype=dtypes, keep_default_na=False,
                       na_values=[""])


@dataclass(frozen=True)
class RunResult:
    """One run: the tables of a run folder as DataFrames, and what was run.

    summary       policy,metric,mean,stderr,ci95_low,ci95_high,n
    replications  policy,replication,metric,value
    compare       policy,baseline,metric,diff_mean,ci95_low,ci95_high,n
    workload      policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs,staffed_hours
    backlog       policy,replication,day,open
    demands       policy,replication,demand_id,created_h,...,status,received_h,...,visits
                  (records=True; else None)
    visits        demand_id,seq,unit,kind,level,queued_h,started_h,finished_h,outcome,policy,
                  replication (records=True; else None)
    Times are in hours. Metric names: README "Output files and metrics".
    """
    scenario: str
    path: str
    policies: list
    presets: dict
    baseline: str
    seed: int
    n_replications: int
    interrupted: bool
    warmup_h: float
    horizon_h: float
    summary: pd.DataFrame = field(repr=False)
    replications: pd.DataFrame = field(repr=False)
    compare: pd.DataFrame = field(repr=False)
    workload: pd.DataFrame = field(repr=False)
    backlog: pd.DataFrame = field(repr=False)
    demands: Optional[pd.DataFrame] = field(repr=False, default=None)
    visits: Optional[pd.DataFrame] = field(repr=False, default=None)
    precision_widest: tuple = field(repr=False, default=(0.0, ""))

    def metric(self, name):
        """summary.csv's rows of one metric, indexed by policy in run order."""
        rows = self.summary[self.summary["metric"] == name].set_index("policy")
        return rows.reindex([p for p in self.policies if p in rows.index])

    def difference(self, name):
        """compare.csv's rows of one metric (each policy minus the baseline), by policy."""
        rows = self.compare[self.compare["metric"] == name].set_index("policy")
        return rows.reindex([p for p in self.policies if p in rows.index])


def run_result_from_tables(t):
    demands = _frame(t["demands"]) if t["demands"] is not None else None
    visits = _frame(t["visits"]) if t.get("visits") is not None else None
    return RunResult(
        scenario=t["scenario"], path=t["path"], policies=list(t["policies"]),
        presets=dict(t["presets"]), baseline=t["baseline"], seed=t["seed"],
        n_replications=t["n_replications"], interrupted=t["interrupted"],
        warmup_h=t["warmup_h"], horizon_h=t["horizon_h"],
        summary=_frame(t["summary"]), replications=_frame(t["replications"]),
        compare=_frame(t["compare"]), workload=_frame(t["workload"]),
        backlog=_frame(t["backlog"]), demands=demands, visits=visits,
        precision_widest=(t["widest_ratio"], t["widest"]))


@dataclass(frozen=True)
class Graph:
    """The governance graph: nodes (id, name, label, kind, level, staff, hours, population,
    grids, parent, district, street) and edges (source, target, kind, travel_minutes), as
    documented in analysis/graph_export.h; data is the parsed JSON."""
    nodes: pd.DataFrame
    edges: pd.DataFrame
    data: dict = field(repr=False)


def graph_from_json(text):
    data = json.loads(text)
    return Graph(nodes=pd.DataFrame(data["nodes"]), edges=pd.DataFrame(data["edges"]), data=data)


@dataclass(frozen=True)
class Policies:
    """presets (name, title, summary, source, settings: dict), rules (name, base_preset,
    summary) and parameters (name, type, unit, default, help), in documentation order."""
    presets: pd.DataFrame
    rules: pd.DataFrame
    parameters: pd.DataFrame


def policies_from_lists(d):
    return Policies(presets=pd.DataFrame(d["presets"]), rules=pd.DataFrame(d["rules"]),
                    parameters=pd.DataFrame(d["parameters"]))


@dataclass(frozen=True)
class OptimizeResult:
    """escalade.optimize's answer: the tables of `escalade optimize`'s folder as DataFrames.

    result          policy,found,staff_shipped,staff,staff_hours_shipped,staff_hours, per
                    constraint <metric>_shipped,<metric>,<metric>_ci95_high (or _ci95_low),
                    candidates,runs,note
    candidates      optimize.csv: policy,candidate,move,staff,staff_hours,replications,feasible,
                    confirmed,selected, per constraint <metric>_mean,_ci95_low,_ci95_high,
                    _decision, then one column per decision variable (its key path)
    pareto          pareto.csv: policy,candidate,staff_hours,staff,metric,mean,ci95_low,
                    ci95_high,feasible
    optimized_yaml  {policy: the scenario text with that policy's staffing}
    table           the table `escalade optimize` prints
    """
    result: pd.DataFrame
    candidates: pd.DataFrame
    pareto: pd.DataFrame
    optimized_yaml: dict
    table: str

    def __str__(self):
        return self.table


def optimize_result_from_tables(t):
    return OptimizeResult(result=_frame(t["result"]), candidates=_frame(t["candidates"]),
                          pareto=_frame(t["pareto"]), optimized_yaml=dict(t["optimized_yaml"]),
                          table=t["table"])
