"""The escalade Python module against the output contract (docs/architecture.md) and its promises:
DataFrames with exactly the contract's columns, results independent of the thread count, located
errors, the GIL released during runs, Ctrl-C stopping a run.

Run by ctest (python_module) with PYTHONPATH=<build>/python and ESCALADE_SOURCE_DIR set.
"""

import os
import signal
import threading
import time
import unittest

import pandas as pd
from pandas.testing import assert_frame_equal

import escalade

SOURCE = os.environ.get("ESCALADE_SOURCE_DIR",
                        os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
SCENARIOS = os.path.join(SOURCE, "scenarios")
TEACHING = os.path.join(SCENARIOS, "teaching_community.yaml")
MMC = os.path.join(SCENARIOS, "mmc.yaml")

# docs/architecture.md "Output contract" (backlog.csv: README "Output files and metrics").
CONTRACT = {
    "summary": ["policy", "metric", "mean", "stderr", "ci95_low", "ci95_high", "n"],
    "replications": ["policy", "replication", "metric", "value"],
    "compare": ["policy", "baseline", "metric", "diff_mean", "ci95_low", "ci95_high", "n"],
    "workload": ["policy", "replication", "unit", "kind", "level", "staff", "busy_hours",
                 "utilization", "jobs", "staffed_hours"],
    "backlog": ["policy", "replication", "day", "open"],
    "demands": ["policy", "replication", "demand_id", "created_h", "category", "tier", "channel",
                "origin", "resolved_level", "resolver", "closed_h", "resolution_h", "hops",
                "escalations", "sla_met", "satisfied", "status", "received_h", "triaged_h",
                "assigned_h", "started_h", "ordered_h", "on_site_h", "resolved_at", "visits"],
    "visits": ["demand_id", "seq", "unit", "kind", "level", "queued_h", "started_h",
               "finished_h", "outcome", "policy", "replication"],
}


def small(path=TEACHING, horizon="60d"):
    """A scenario as a dict with a short horizon, for quick runs."""
    d = escalade.load(path)
    d["experiment"]["horizon"] = horizon
    d["experiment"]["warmup"] = "7d"
    return d


class RunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.result = escalade.run(small(), replications=3, seed=7, threads=1, records=True)

    def test_frames_have_exactly_the_contract_columns(self):
        for name, columns in CONTRACT.items():
            frame = getattr(self.result, name)
            self.assertIsInstance(frame, pd.DataFrame, name)
            self.assertEqual(list(frame.columns), columns, name)
            self.assertGreater(len(frame), 0, name)

    def test_what_was_run(self):
        r = self.result
        self.assertEqual(r.scenario, "teaching_community")
        self.assertEqual(r.policies, ["layered_reporting", "street_whistle", "community_orders"])
        self.assertEqual(r.baseline, "layered_reporting")
        self.assertEqual((r.seed, r.n_replications, r.interrupted), (7, 3, False))
        self.assertEqual(sorted(r.summary["policy"].unique()), sorted(r.policies))
        self.assertEqual(sorted(r.demands["replication"].unique()), [0, 1, 2])
        mean = r.metric("resolution_h_mean")
        self.assertEqual(list(mean.index), r.policies)
        self.assertTrue(((mean["ci95_low"] <= mean["mean"]) & (mean["mean"] <= mean["ci95_high"]))
                        .all())
        self.assertTrue((r.workload["utilization"].between(0, 1)).all())
        # The records agree with the summary: measured demands (created after the warm-up).
        measured = r.demands[r.demands["created_h"] >= r.warmup_h]
        per_rep = measured.groupby(["policy", "replication"]).size()
        reps = r.replications[r.replications["metric"] == "demands"].set_index(
            ["policy", "replication"])["value"]
        self.assertTrue((per_rep.sort_index() == reps.sort_index()).all())

    def test_one_and_two_threads_give_identical_frames(self):
        two = escalade.run(small(), replications=3, seed=7, threads=2, records=True)
        for name in CONTRACT:
            assert_frame_equal(getattr(self.result, name), getattr(two, name), check_exact=True,
                               obj=name)

    def test_a_dict_runs_as_its_file(self):
        d = escalade.load(TEACHING)
        by_dict = escalade.run(d, policies="community_orders", replications=2, threads=2)
        by_file = escalade.run(TEACHING, policies=["community_orders"], replications=2, threads=2)
        assert_frame_equal(by_dict.summary, by_file.summary, check_exact=True)
        self.assertEqual(by_file.policies, ["community_orders"])
        self.assertIsNone(by_file.demands)

    def test_an_unknown_policy_is_a_run_error(self):
        with self.assertRaises(escalade.RunError) as caught:
            escalade.run(small(), policies=["no_such_arm"], replications=2)
        self.assertIn("no_such_arm", str(caught.exception))


class ErrorTest(unittest.TestCase):
    def test_validate_returns_the_size_summary(self):
        self.assertTrue(escalade.validate(TEACHING).startswith("teaching_community: 1 district"))

    def test_a_bad_file_raises_located_messages(self):
        bad = os.path.join(SOURCE, "tests/sim/scenario/malformed/lead_unknown_department.yaml")
        with self.assertRaises(escalade.ScenarioError) as caught:
            escalade.validate(bad)
        e = caught.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.messages, [
            f"{bad}:38:11: categories.noise.lead: unknown department 'enviroment'; "
            "did you mean 'environment'?"])
        self.assertIn("1 error in", e.summary)
        self.assertIn("did you mean 'environment'", str(e))
        with self.assertRaises(escalade.ScenarioError):
            escalade.run(bad)

    def test_a_bad_dict_names_the_key_and_keeps_its_yaml(self):
        d = small()
        d["departments"]["health"]["staf"] = 3
        with self.assertRaises(escalade.ScenarioError) as caught:
            escalade.validate(d)
        e = caught.exception
        self.assertEqual(len(e.messages), 1)
        self.assertRegex(e.messages[0],
                         r"^<dict:teaching_community>\.yaml:\d+:\d+: departments\.health\.staf: ")
        self.assertIn("staf: 3", e.yaml_text)

    def test_relative_paths_of_a_dict_resolve_against_base_dir(self):
        d = escalade.load(os.path.join(SCENARIOS, "nyc311_christmas.yaml"))
        with self.assertRaises(escalade.ScenarioError) as caught:
            escalade.validate(d, base_dir=os.path.join(SOURCE, "tests"))
        self.assertIn("mapping file", str(caught.exception))
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the trace CSV may be missing here: a warning
            self.assertTrue(escalade.validate(d, base_dir=SCENARIOS).startswith("nyc311"))

    def test_not_a_scenario_or_a_bad_option(self):
        with self.assertRaises(TypeError):
            escalade.run(42)
        with self.assertRaises(ValueError):
            escalade.run(TEACHING, threads=-1)


class GraphAndPoliciesTest(unittest.TestCase):
    def test_graph(self):
        g = escalade.graph(TEACHING)
        kinds = g.nodes.set_index("name")["kind"]
        self.assertEqual(kinds["xingfu"], "community")
        self.assertEqual(kinds["demo"], "district")
        self.assertNotIn("grid", set(kinds))
        self.assertEqual(list(g.nodes["id"]), list(range(len(g.nodes))))
        self.assertTrue(set(g.edges["source"]) | set(g.edges["target"]) <= set(g.nodes["id"]))
        self.assertEqual(set(g.edges["kind"]) - {"jurisdiction", "travel", "authority"}, set())
        with_grids = escalade.graph(TEACHING, grids=True)
        self.assertEqual((with_grids.nodes["kind"] == "grid").sum(), 6)

    def test_policies(self):
        p = escalade.policies()
        self.assertEqual(list(p.presets["name"]),
                         ["layered_reporting", "street_whistle", "hotline_direct", "call_response",
                          "community_orders", "tiered_sla", "one_window", "nyc311_sla",
                          "itil_tiered", "pure_queueing"])
        self.assertEqual(p.presets.set_index("name")["settings"]["layered_reporting"]
                         ["paperwork_per_hop"], "4h")
        self.assertIn("red_to_district", list(p.rules["name"]))
        self.assertIn("paperwork_per_hop", list(p.parameters["name"]))
        self.assertEqual(list(p.parameters.columns), ["name", "type", "unit", "default", "help"])

    def test_mmc_theory(self):
        m = escalade.mmc(8, 1, 10)  # scenarios/mmc.yaml's header
        self.assertAlmostEqual(m["mean_wait"], 0.20459, places=5)
        self.assertAlmostEqual(m["mean_in_system"], 9.63672, places=5)
        with self.assertRaises(ValueError):
            escalade.mmc(10, 1, 10)


class ThreadsAndSignalsTest(unittest.TestCase):
    def test_the_gil_is_released_during_a_run(self):
        ticks = []
        done = threading.Event()

        def tick():
            while not done.is_set():
                ticks.append(time.monotonic())
                time.sleep(0.001)

        ticker = threading.Thread(target=tick)
        ticker.start()
        try:
            start = time.monotonic()
            escalade.run(small(MMC, horizon="365d"), replications=12, threads=1)
            end = time.monotonic()
        finally:
            done.set()
            ticker.join()
        self.assertGreater(end - start, 0.3, "the run is too short to tell")
        during = [t for t in ticks if start + 0.1 < t < end - 0.1]
        # Holding the GIL, the run would leave the ticker no turn at all; released, it ticks
        # hundreds of times a second.
        self.assertGreater(len(during), 10)

    def test_ctrl_c_stops_a_run(self):
        timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
        start = time.monotonic()
        timer.start()
        with self.assertRaises(KeyboardInterrupt):
            escalade.run(small(MMC, horizon="365d"), replications=400, threads=1)
        # 400 replications take about a minute; the runs in flight finish, no new one starts.
        self.assertLess(time.monotonic() - start, 15)


if __name__ == "__main__":
    unittest.main()
