#!/usr/bin/python3
"""The exit-code table of README "Exit codes", subcommand by subcommand.

Usage: exit_codes_test.py ESCALADE_BINARY REPO_ROOT

Every subcommand runs once per class of outcome that it can meet — success, bad input
(usage, an option, a scenario, a trace), an I/O failure (an output that cannot be created,
a full disk, a full standard output), interruption — and the exit code must be the table's:

    0 success, 1 I/O or runtime failure, 2 bad input, 130 interrupted (SIGINT).

A bad-input message names its option or starts with its place (file:line:col); after a
failure the run folder's manifest says "failed", after an interruption "interrupted".
A full disk is a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored: writes fail with EFBIG);
a full standard output is /dev/full.
"""
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

BIN, ROOT = sys.argv[1], sys.argv[2]
TEACHING = os.path.join(ROOT, "scenarios", "teaching_community.yaml")
NYC = os.path.join(ROOT, "scenarios", "nyc311_christmas.yaml")
SWEEP = os.path.join(ROOT, "tests", "sim", "experiment", "sweep_teaching.yaml")
MALFORMED = os.path.join(ROOT, "tests", "sim", "scenario", "malformed", "lead_unknown_department.yaml")
BAD_ROWS = os.path.join(ROOT, "tests", "fixtures", "nyc311_bad_rows.csv")
SCHEMA = os.path.join(ROOT, "scenarios", "schema", "scenario.schema.json")

tmp = tempfile.mkdtemp(prefix="escalade_exit_")
failures = []
checked = 0


def path(name):
    return os.path.join(tmp, name)


def small_disk(kib):
    """A preexec_fn: files may not grow past `kib` KiB (writes beyond fail with EFBIG)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, kib * 1024))
    return limit


def case(command, what, args, expected, stdout=None, preexec=None, message=None, after=None,
         interrupt_after=None):
    """Runs escalade `args`; checks the exit code, a stderr pattern and a follow-up check."""
    global checked
    checked += 1
    out = open("/dev/full", "w") if stdout == "full" else subprocess.DEVNULL
    proc = subprocess.Popen([BIN] + args, stdout=out, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec, cwd=tmp)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    label = f"{command} / {what}: escalade {' '.join(args)}"
    if proc.returncode != expected:
        failures.append(f"{label}: exit {proc.returncode}, expected {expected}; stderr: {err.strip()}")
        return
    if message and not re.search(message, err):
        failures.append(f"{label}: stderr does not match {message!r}: {err.strip()}")
    if after:
        problem = after()
        if problem:
            failures.append(f"{label}: {problem}")


def manifest_says(folder, status):
    def check():
        try:
            with open(os.path.join(tmp, folder, "manifest.json")) as f:
                got = json.load(f).get("status")
        except (OSError, ValueError) as e:
            return f"no manifest: {e}"
        return None if got == status else f"the manifest says {got!r}, expected {status!r}"
    return check


open(path("a_file"), "w").close()
with open(path("not_a_store"), "w") as f:
    f.write("not SQLite\n")
LOCATED = r"\.yaml:\d+:\d+: "

# run
case("run", "success", ["run", TEACHING, "--replications", "2", "--quiet", "--out", "ok"], 0,
     after=manifest_says("ok", "complete"))
case("run", "usage: no scenario", ["run"], 2)
case("run", "bad option value", ["run", TEACHING, "--replications", "0"], 2, message="--replications")
case("run", "missing scenario", ["run", path("nowhere.yaml")], 2, message="nowhere.yaml")
case("run", "malformed scenario", ["run", MALFORMED, "--out", "m"], 2, message=LOCATED)
case("run", "unknown --policy", ["run", TEACHING, "--policy", "nope", "--out", "p"], 2,
     message="--policy: no policy named 'nope'")
case("run", "bad trace row", ["run", NYC, "--trace", BAD_ROWS, "--replications", "1", "--quiet",
                              "--out", "t"], 2, message=r"nyc311_bad_rows\.csv:\d+: ",
     after=manifest_says("t", "failed"))
case("run", "--out under a file", ["run", TEACHING, "--out", path("a_file/x"), "--quiet"], 1,
     message="--out .*cannot create the folder")
case("run", "full disk", ["run", TEACHING, "--replications", "2", "--records", "--quiet", "--out",
                          "full"], 1, preexec=small_disk(64), message="cannot write",
     after=manifest_says("full", "failed"))
case("run", "interrupted", ["run", TEACHING, "--replications", "3000", "--threads", "2", "--quiet",
                            "--out", "int"], 130, interrupt_after=1.0,
     after=manifest_says("int", "interrupted"))

# sweep
case("sweep", "success", ["sweep", SWEEP, "--replications", "1", "--quiet", "--out", "sw"], 0,
     after=manifest_says("sw", "complete"))
case("sweep", "usage: no scenario", ["sweep"], 2)
case("sweep", "malformed scenario", ["sweep", MALFORMED], 2, message=LOCATED)
case("sweep", "--db not a store", ["sweep", SWEEP, "--replications", "1", "--quiet", "--out", "s2",
                                   "--db", path("not_a_store")], 2,
     message="--db: .*is it an escalade results store")
case("sweep", "--out under a file", ["sweep", SWEEP, "--out", path("a_file/x"), "--quiet"], 1,
     message="--out")
case("sweep", "--db under a file", ["sweep", SWEEP, "--out", "s3", "--db", path("a_file/x.sqlite"),
                                    "--quiet"], 1, message="--db")
case("sweep", "full disk (the store)", ["sweep", SWEEP, "--replications", "3", "--quiet", "--out",
                                        "sfull"], 1, preexec=small_disk(400),
     message="results store", after=manifest_says("sfull", "failed"))
case("sweep", "interrupted", ["sweep", SWEEP, "--replications", "300", "--threads", "2", "--quiet",
                              "--out", "sint"], 130, interrupt_after=1.0,
     after=manifest_says("sint", "interrupted"))

# compare
case("compare", "success", ["compare", path("ok")], 0)
case("compare", "usage: no folder", ["compare"], 2)
case("compare", "not a run folder", ["compare", path("a_file")], 2, message="manifest.json")
os.makedirs(path("broken"), exist_ok=True)
with open(path("ok/manifest.json")) as f:
    manifest = f.read()
with open(path("broken/manifest.json"), "w") as f:
    f.write(manifest)
with open(path("broken/summary.csv"), "w") as f:
    f.write("policy,metric,mean\nx,y,1\n")
case("compare", "a damaged summary.csv", ["compare", path("broken")], 2,
     message=r"summary\.csv:2: expected 7 fields")
case("compare", "full standard output", ["compare", path("ok")], 1, stdout="full",
     message="standard output")

# validate
case("validate", "success", ["validate", TEACHING], 0)
case("validate", "usage: no scenario", ["validate"], 2)
case("validate", "malformed scenario", ["validate", MALFORMED], 2, message=LOCATED)
case("validate", "missing scenario", ["validate", path("nowhere.yaml")], 2)
case("validate", "full standard output", ["validate", TEACHING], 1, stdout="full")

# graph
case("graph", "success", ["graph", TEACHING], 0)
case("graph", "bad --format", ["graph", TEACHING, "--format", "png"], 2, message="--format")
case("graph", "malformed scenario", ["graph", MALFORMED], 2, message=LOCATED)
case("graph", "--out under a file", ["graph", TEACHING, "--out", path("a_file/g.dot")], 1,
     message="--out")
case("graph", "full standard output", ["graph", TEACHING], 1, stdout="full")

# demand
case("demand", "success", ["demand", TEACHING, "--quiet", "--out", path("d.csv")], 0)
case("demand", "--replication out of range", ["demand", TEACHING, "--replication", "99"], 2,
     message="--replication 99")
case("demand", "bad trace row", ["demand", NYC, "--trace", BAD_ROWS, "--out", path("bad.csv")], 2,
     message=r"nyc311_bad_rows\.csv:13: ")
case("demand", "--out under a file", ["demand", TEACHING, "--out", path("a_file/d.csv")], 1,
     message="--out")
case("demand", "full standard output", ["demand", TEACHING, "--quiet"], 1, stdout="full")

# policies
case("policies", "success", ["policies"], 0)
case("policies", "unknown preset", ["policies", "nope"], 2, message="nope")
case("policies", "full standard output", ["policies"], 1, stdout="full")

# desk
DESK = ["desk", "--replications", "2", "--hours", "200", "--warmup-hours", "20", "--loads", "0.5"]
case("desk", "success", DESK, 0)
case("desk", "bad option value", ["desk", "--staff", "0"], 2, message="--staff")
case("desk", "full standard output", DESK, 1, stdout="full")

# schema
checked += 1
schema = subprocess.run([BIN, "schema"], capture_output=True)
with open(SCHEMA, "rb") as f:
    if schema.returncode != 0 or schema.stdout != f.read():
        failures.append("schema: `escalade schema` is not the shipped schema file (or failed)")
case("schema", "--format-md missing", ["schema", "--format-md", path("nowhere.md")], 2,
     message="--format-md")
with open(path("bad.md"), "w") as f:
    f.write("# x\n<!-- generated: keys nowhere -->\n<!-- end generated -->\n")
case("schema", "--format-md with an unknown marker", ["schema", "--format-md", path("bad.md")], 2,
     message=r"bad\.md: line 2: no section 'nowhere'")
case("schema", "full standard output", ["schema"], 1, stdout="full")

subprocess.run(["rm", "-rf", tmp])
for failure in failures:
    print("FAIL:", failure)
print(f"exit_codes_test: {checked} cases, {len(failures)} failed")
sys.exit(1 if failures else 0)
