"""escalade: simulate how citizen demands move through a city's governance graph.

The Python face of the escalade simulator (C++20; this package wraps its experiment layer). A
scenario is a YAML file (scenarios/FORMAT.md) or the same thing as a dict; every function below
accepts either.

    import escalade
    r = escalade.run("scenarios/guangming.yaml", replications=10, threads=2)
    r.summary            # policy,metric,mean,stderr,ci95_low,ci95_high,n
    r.compare            # paired differences against the baseline policy
    r.metric("resolution_h_mean")

    d = escalade.load("scenarios/mmc.yaml")       # a plain dict
    d["experiment"]["horizon"] = "90d"
    escalade.run(d, base_dir="scenarios")         # relative paths inside resolve there

Functions: run, optimize, validate, graph, policies, load, mmc. Errors: ScenarioError (the scenario does
not load; .messages holds the located `file:line:col: key.path: message` lines), RunError (the
run failed). The tables' columns are the output contract of docs/architecture.md, produced by the
same C++ code as `escalade run`'s files (they are parsed from that CSV text here).

Runs release the GIL: other Python threads keep running, and several runs may go at once from
different threads. Ctrl-C (KeyboardInterrupt) stops a run: the replications in flight finish,
then the exception is raised.
"""

import os
from collections.abc import Mapping

import yaml

from . import _escalade as _core
from ._frames import Graph, OptimizeResult, Policies, RunResult, graph_from_json, \
    optimize_result_from_tables, policies_from_lists, run_result_from_tables

__version__ = _core.__version__
git_commit = _core.git_commit

__all__ = ["run", "optimize", "validate", "graph", "policies", "load", "mmc", "RunResult",
           "OptimizeResult", "Graph",
           "Policies", "EscaladeError", "ScenarioError", "RunError", "__version__"]


class EscaladeError(Exception):
    """Base class of escalade's errors."""


class ScenarioError(EscaladeError, ValueError):
    """A scenario that does not load or validate.

    Attributes: summary ("2 errors in x.yaml"), messages (one located message per problem,
    `file:line:col: key.path: message`), yaml_text (for a dict scenario, the YAML the line
    numbers refer to; else None).
    """

    def __init__(self, summary, messages, yaml_text=None):
        self.summary = summary
        self.messages = list(messages)
        self.yaml_text = yaml_text
        super().__init__("\n".join(self.messages + [summary]))


class RunError(EscaladeError, RuntimeError):
    """A run that failed after the scenario loaded (e.g. a trace row it cannot read)."""


def load(path):
    """Reads a scenario file into a plain dict (yaml.safe_load), to modify and pass to run().

    Relative paths inside it (a trace mapping) are relative to the file's folder: pass
    base_dir=os.path.dirname(path) to run/validate/graph.
    """
    with open(os.fspath(path), encoding="utf-8") as f:
        return yaml.safe_load(f)


def _plain(value):
    """numpy scalars and other number-likes to plain Python, for yaml.safe_dump."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def _source(scenario, base_dir):
    """(path or YAML text, is_text, display path) for the core."""
    if isinstance(scenario, (str, os.PathLike)):
        return os.fspath(scenario), False, ""
    if isinstance(scenario, Mapping):
        data = _plain(scenario)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
        name = (data.get("meta") or {}).get("name", "scenario")
        # The loader resolves relative paths against the folder of the display path.
        display = os.path.join(os.fspath(base_dir) if base_dir else "", f"<dict:{name}>.yaml")
        return text, True, display
    raise TypeError(f"scenario must be a path or a dict, not {type(scenario).__name__}")


def _call(function, scenario, base_dir, *args):
    source = _source(scenario, base_dir)
    try:
        return function(*source, *args)
    except _core.ScenarioError as e:
        summary, messages = e.args
        raise ScenarioError(summary, messages, source[0] if source[1] else None) from None
    except _core.RunError as e:
        raise RunError(str(e)) from None


def run(scenario, policies=None, replications=None, seed=None, threads=None, records=False, *,
        base_dir=None, trace_file=None, precision=None, max_replications=None):
    """Runs a scenario's policy arms over its replications (as `escalade run`).

    scenario: a path or a dict. policies: an arm name or a list of them (default: every arm).
    replications, seed: override the scenario's experiment section. threads: worker threads
    (default: all cores; the results do not depend on it). records: also return one row per
    demand (RunResult.demands). base_dir: for a dict, the folder relative paths inside it are
    resolved against (default: the current directory). trace_file: trace scenarios, another copy
    of the CSV. precision, max_replications: add replications until every headline metric's 95%
    half-width is within precision x |mean| (as --precision).

    Returns a RunResult whose summary, replications, compare, workload, backlog and demands are
    DataFrames with the output contract's columns. Raises ScenarioError or RunError.
    """
    if isinstance(policies, str):
        policies = [policies]
    for name, value in [("replications", replications), ("seed", seed), ("threads", threads),
                        ("max_replications", max_replications)]:
        if value is not None and int(value) < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if precision is not None and not 0 <= float(precision) < 1:
        raise ValueError(f"precision must be in [0, 1), got {precision}")
    result = _call(_core.run, scenario, base_dir, list(policies or []), int(replications or 0),
                   None if seed is None else int(seed), int(threads or 0), bool(records),
                   os.fspath(trace_file) if trace_file else "", float(precision or 0),
                   int(max_replications or 1000))
    return run_result_from_tables(result)


def validate(scenario, *, base_dir=None):
    """Loads and checks a scenario (as `escalade validate`).

    Returns its one-line size summary ("guangming: 1 district, 6 streets, ..."); notes (such as a
    trace file missing here) are issued as warnings. Raises ScenarioError with every located
    message otherwise.
    """
    out = _call(_core.validate, scenario, base_dir)
    if out["notes"]:
        import warnings
        for note in out["notes"]:
            warnings.warn(note, stacklevel=2)
    return out["summary"]


def graph(scenario, grids=False, *, base_dir=None):
    """The governance graph (as `escalade graph --format json`): a Graph with nodes and edges
    DataFrames (fields documented in analysis/graph_export.h) and the parsed JSON as .data."""
    return graph_from_json(_call(_core.graph, scenario, base_dir, bool(grids)))


def policies():
    """The registered presets, C++ rules and rule parameters (as `escalade policies`): a
    Policies with presets, rules and parameters DataFrames."""
    return policies_from_lists(_core.policies())


def mmc(arrival_rate, service_rate, servers):
    """Steady-state M/M/c measures from analysis/queueing_theory.h (Erlang C): a dict with
    utilization, wait_probability, mean_wait, mean_sojourn, mean_queue_length, mean_in_system.
    Rates per hour give times in hours. ValueError unless 0 <= arrival_rate < servers x
    service_rate."""
    return _core.mmc(float(arrival_rate), float(service_rate), int(servers))


def optimize(scenario, constraints, policies=None, vary=None, objective="staff_hours",
             budget=4000, seed=None, threads=None, db=None, initial_replications=10,
             max_replications=50, confirm_replications=20):
    """The least staffing that meets service targets, per policy (as `escalade optimize`).

    scenario: a scenario file's path (the optimised scenario is that file's own text with the
    new staff). constraints: "METRIC<=X" / "METRIC>=X" (optionally "+-TOLERANCE"), one or a
    list. policies: an arm name or a list (default: every arm): each gets the least staffing
    meeting the same constraints. vary: staff key paths, * for any key or index (default: every
    staff the file sets). objective: "staff_hours" or "staff". budget: most runs per policy.
    db: a results store file to resume from (default: in memory). The method and its guarantee:
    README "Optimising staffing".

    Returns an OptimizeResult: result (one row per policy), candidates (every candidate
    evaluated), pareto (staff-hours against the first constraint's metric), optimized_yaml
    ({policy: scenario text}) and table (the printed table). Raises ScenarioError, ValueError
    (an unknown metric or key path, with a suggestion) or RunError.
    """
    if isinstance(constraints, str):
        constraints = [constraints]
    if isinstance(policies, str):
        policies = [policies]
    if isinstance(vary, str):
        vary = [vary]
    if objective not in ("staff_hours", "staff"):
        raise ValueError(f"objective must be staff_hours or staff, not {objective!r}")
    if not isinstance(scenario, (str, os.PathLike)):
        raise TypeError("optimize needs a scenario file's path (it edits the file's text)")
    try:
        out = _core.optimize(os.fspath(scenario), list(policies or []), list(constraints),
                             list(vary or []), objective, int(budget), int(initial_replications),
                             int(max_replications), int(confirm_replications),
                             None if seed is None else int(seed), int(threads or 0),
                             os.fspath(db) if db else "")
    except _core.ScenarioError as e:
        summary, messages = e.args
        raise ScenarioError(summary, messages) from None
    except _core.RunError as e:
        raise RunError(str(e)) from None
    return optimize_result_from_tables(out)
