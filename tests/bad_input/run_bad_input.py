#!/usr/bin/python3
"""Runs the bad-input corpus through the escalade command, as a user would meet it.

Every case must end with exit code 2 (bad input: not 1, not a signal), within a time limit,
under a memory limit, with a message on stderr that names the place: the file, and the line
and column (YAML), the line (CSV rows) or the key path. A case fails on a crash (a signal), a
hang (the time limit), an allocation past the memory limit (exit 1 "internal error", or a
signal), a wrong exit code or a message without the expected located fragment.

The cases:
  - cases.tsv: the committed corpus (generate.py writes it and cases/);
  - tests/sim/scenario/malformed/*.yaml: the loader's corpus, whose first line says
    "# expect: LINE:COL: key.path: message", here checked through `escalade validate`;
  - generated here into a temporary folder, because they are too big or too odd to commit:
    megabyte strings, alias bombs, deep nesting, binary garbage, files over the size limit,
    error floods, directories, FIFOs, paths under a file, /dev/zero, unreadable files.

Unreadable files: chmod 000 does not stop root (CI runs as root), so that case is skipped
when running as root, and said so; the other "cannot read" cases (a directory, a FIFO with no
writer, a path under a regular file, a dangling symlink, a symlink loop) hold for everyone.

Usage: run_bad_input.py --escalade BIN [--root REPO] [--timeout S] [--memory-mb MB]
                        [--sanitized] [--jobs N] [--only SUBSTRING] [--verbose]
With --sanitized (an ASan build) the address-space limit is replaced by ASan's own
hard_rss_limit_mb, and time limits are tripled.
"""
import argparse
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
MIB = 1 << 20
# Mirrors of the limits in sim/io/yaml_reader.h (ParseLimits) and csv_reader.h
# (CsvOptions); the messages quote them.
MAX_BYTES = 4 * MIB
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_SCALAR = 1 * MIB
MAX_RECORD = 1 * MIB
MAX_FIELDS = 4096


class Case:
    def __init__(self, name, kind, command, path, expected, **extra):
        self.name = name
        self.kind = kind  # scenario | mapping | trace | malformed (the loader's corpus)
        self.command = command  # validate | mapping | demand | run | exit0
        self.path = path  # the input
        self.expected = expected  # fragment with {file}, {mapping}, {scenario}, {place}, {line}
        self.extra = extra


# ---------------------------------------------------------------------------------------
# Generated inputs.

def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def billion_laughs(levels=9, width=9, prefix=b"version: 1\n"):
    out = prefix + b"l0: &l0 [" + b", ".join([b"lol"] * width) + b"]\n"
    for i in range(1, levels):
        ref = b"*l%d" % (i - 1)
        out += b"l%d: &l%d [" % (i, i) + b", ".join([ref] * width) + b"]\n"
    return out + b"meta: {name: x, sources: *l%d}\n" % (levels - 1)


def place_of(data, offset):
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return "%d:%d: " % (line, col)


def generated_cases(tmp, root, escalade):
    base = os.path.join(HERE, "base")
    small = read(os.path.join(base, "small.yaml"))
    mapping = read(os.path.join(base, "trace.mapping.yaml")).replace(
        b"  file: trace.csv", b"  file: " + os.path.join(base, "trace.csv").encode())
    trace = read(os.path.join(base, "trace.csv"))
    header, row1 = trace.split(b"\n")[0], trace.split(b"\n")[1]
    rng = random.Random(10)
    cases = []
    g = os.path.join(tmp, "gen")
    os.makedirs(g)

    def scen(name, data, expected):
        cases.append(Case(name, "scenario", "validate", write(os.path.join(g, name + ".yaml"), data),
                          expected))

    def mapp(name, data, expected):
        cases.append(Case(name, "mapping", "mapping",
                          write(os.path.join(g, name + ".mapping.yaml"), data), expected))

    def trc(name, data, expected, command="demand"):
        cases.append(Case(name, "trace", command, write(os.path.join(g, name + ".csv"), data),
                          expected))

    # --- scenario files ---
    scen("gen_empty_file", b"", "{file}: the file is empty")
    scen("gen_blank_lines", b"\n   \n\t\n", "{file}: the file is empty")
    garbage = rng.randbytes(1 * MIB)
    scen("gen_binary_garbage", garbage,
         "{file}:" + place_of(garbage, garbage.index(b"\0")) + "binary data, not YAML (a NUL byte)")
    no_nul = bytes(b if b else 1 for b in rng.randbytes(256 * 1024))
    try:
        no_nul.decode("utf-8")
        bad = None
    except UnicodeDecodeError as e:
        bad = e.start
    scen("gen_binary_without_nul", no_nul,
         "{file}:" + place_of(no_nul, bad) + "not valid UTF-8 (byte 0x%02X)" % no_nul[bad])
    elf = read(escalade)[:4 * MIB]
    scen("gen_executable", elf,
         "{file}:" + place_of(elf, elf.index(b"\0")) + "binary data, not YAML (a NUL byte)")
    deep_block = b"".join(b"  " * i + b"k%d:\n" % i for i in range(300))
    scen("gen_deep_block_mappings", deep_block, "{file}:{place}too deeply nested: more than 64")
    scen("gen_deep_block_lists", b"version: 1\nmeta:\n" + b"- " * 20_000 + b"x\n",
         "{file}:{place}too deeply nested: more than 64")
    scen("gen_deep_flow_lists", b"version: 1\nmeta: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
         "{file}:2:{col}too deeply nested: more than 64")
    scen("gen_deep_flow_mappings", b"version: 1\nmeta: " + b"{a: " * 50_000 + b"1" + b"}" * 50_000,
         "{file}:2:{col}too deeply nested: more than 64")
    scen("gen_deep_unclosed", b"meta: " + b"[{" * 200_000, "{file}:1:{col}too deeply nested")
    scen("gen_alias_bomb", billion_laughs(),
         "{file}:{place}too many nodes after alias expansion (alias bomb?): more than %d" % MAX_NODES)
    merge_bomb = b"version: 1\na0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8}\n"
    for i in range(1, 12):
        merge_bomb += b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 8) + b"]\n"
    scen("gen_alias_bomb_wide", merge_bomb, "{file}:{place}too many nodes after alias expansion")
    scen("gen_alias_deep_chain",
         b"version: 1\n" + b"".join(b"a%d: &a%d [*a%d]\n" % (i, i, i - 1) if i else b"a0: &a0 [x]\n"
                                    for i in range(200)),
         "{file}:{place}too deeply nested: more than 64 levels of mappings and lists inside one "
         "another (through alias")
    ten_mb = 10 * MIB
    two_mb = 2 * MIB  # over max_scalar_bytes, within max_bytes
    scen("gen_string_10mb", small.replace(b"title: One street, two communities",
                                          b"title: " + b"x" * ten_mb),
         "{file}: the file is too large: %d bytes; expected at most %d bytes"
         % (len(small) - 27 + ten_mb, MAX_BYTES))
    scen("gen_string_2mb", small.replace(b"title: One street, two communities",
                                         b"title: " + b"x" * two_mb),
         "{file}:5:10: a string of %d bytes is too long; expected at most %d bytes"
         % (two_mb, MAX_SCALAR))
    scen("gen_quoted_string_2mb", small.replace(b"title: One street, two communities",
                                                b'title: "' + b"x" * two_mb + b'"'),
         "{file}:5:10: a string of")
    # A plain key over 1024 characters is not a YAML implicit key: a syntax error at its ':'.
    scen("gen_key_2mb", small + b"k" * two_mb + b": 1\n", "{file}:{place}syntax error")
    scen("gen_quoted_key_2mb", small + b'"' + b"k" * two_mb + b'": 1\n', "{file}:{place}")
    scen("gen_block_scalar_2mb", small.replace(b"title: One street, two communities",
                                               b"title: |\n" + b"    abcdefghi\n" * (two_mb // 14)),
         "{file}:{place}a string of")
    # The slowest inputs within the limits (yaml-cpp reads long scalars at a few MB/s):
    # three strings just under max_scalar_bytes, then one error.
    scen("gen_worst_long_strings", small + b"".join(
        b"s%d: %s\n" % (i, b"x" * (MAX_SCALAR - 16)) for i in range(3)) + b"zz: 1\n",
         "{file}:{place}zz: unknown key 'zz'")
    # ... and the most nodes: a list just under max_nodes, then one error.
    scen("gen_worst_many_nodes", small.replace(b"title: One street, two communities",
                                               b"title: x\n  sources: [" + b"a," * (MAX_NODES - 400)
                                               + b"a]").replace(b"version: 1", b"version: 7"),
         "{file}:2:10: version: ")
    scen("gen_number_100k_digits", small.replace(b"replications: 2", b"replications: " + b"9" * 100_000),
         "{file}:{place}experiment.replications: ")
    scen("gen_file_over_limit", small + b"#" * (MAX_BYTES + 1 - len(small)) + b"\n",
         "{file}: the file is too large: %d bytes; expected at most %d bytes"
         % (MAX_BYTES + 2, MAX_BYTES))
    flood = small + b"".join(b"x%d: 1\n" % i for i in range(MAX_NODES // 2 - 1000))
    scen("gen_error_flood", flood, "{file}:{line}x0: unknown key 'x0'")
    scen("gen_node_limit", b"version: 1\nmeta: {name: x, sources: [" + b"a," * (MAX_NODES + 10)
         + b"a]}\n", "{file}:{place}too many nodes")
    scen("gen_long_line_of_keys", b"{" + b", ".join(b"k%d: 1" % i for i in range(300_000)) + b"}\n",
         "{file}:1:{col}too many nodes after alias expansion")
    scen("gen_many_documents", b"version: 1\n---\n" * 100_000, "{file}:{line}a second YAML document")

    # Unreadable scenario paths.
    cases.append(Case("gen_directory", "scenario", "validate", g, "{file}: cannot read the file: Is a directory"))
    fifo = os.path.join(tmp, "fifo.yaml")
    os.mkfifo(fifo)
    cases.append(Case("gen_fifo_without_writer", "scenario", "validate", fifo, "{file}: "))
    cases.append(Case("gen_path_under_a_file", "scenario", "validate",
                      os.path.join(base, "small.yaml", "x.yaml"),
                      "{file}: cannot read the file: Not a directory"))
    cases.append(Case("gen_missing", "scenario", "validate", os.path.join(g, "nope.yaml"),
                      "{file}: cannot read the file: No such file or directory"))
    dangling = os.path.join(tmp, "dangling.yaml")
    os.symlink(os.path.join(tmp, "nowhere.yaml"), dangling)
    cases.append(Case("gen_dangling_symlink", "scenario", "validate", dangling,
                      "{file}: cannot read the file: No such file or directory"))
    loop = os.path.join(tmp, "loop.yaml")
    os.symlink(loop, loop)
    cases.append(Case("gen_symlink_loop", "scenario", "validate", loop,
                      "{file}: cannot read the file: Too many levels of symbolic links"))
    cases.append(Case("gen_dev_zero", "scenario", "validate", "/dev/zero",
                      "{file}: the file is too large"))
    unreadable = write(os.path.join(tmp, "unreadable.yaml"), small)
    os.chmod(unreadable, 0)
    cases.append(Case("gen_chmod_000", "scenario", "validate", unreadable,
                      "{file}: cannot read the file: Permission denied", root_skips=True))

    # --- mapping files ---
    mapp("gen_mapping_empty", b"", "{file}: the file is empty")
    mapp("gen_mapping_binary", garbage[:64 * 1024],
         "{file}:" + place_of(garbage, garbage.index(b"\0")) + "binary data")
    mapp("gen_mapping_alias_bomb", billion_laughs(prefix=b""), "{file}:{place}too many nodes")
    mapp("gen_mapping_deep", b"version: 1\ncolumns: " + b"[" * 100_000, "{file}:2:{col}too deeply nested")
    mapp("gen_mapping_string_10mb", mapping.replace(b"reason: internal work",
                                                    b"reason: " + b"r" * ten_mb),
         "{file}: the file is too large")
    mapp("gen_mapping_string_2mb", mapping.replace(b"reason: internal work",
                                                   b"reason: " + b"r" * two_mb),
         "{file}:{place}a string of %d bytes is too long" % two_mb)
    mapp("gen_mapping_huge_map", mapping.replace(
        b"map: {HEAT: heat}", b"map: {" + b", ".join(b'"T%d": heat' % i for i in range(MAX_NODES // 2 - 1000))
        + b", HEAT: hot}"), "{file}:{place}columns.category.map.HEAT: unknown category 'hot'")
    mapp("gen_mapping_over_limit", mapping + b"#" * (MAX_BYTES + 1) + b"\n",
         "{file}: the file is too large")
    for name, target, expected in [
            ("gen_mapping_directory", g, "is a directory"),
            ("gen_mapping_fifo", fifo, "is not a regular file"),
            ("gen_mapping_missing", os.path.join(g, "none.mapping.yaml"), "does not exist"),
            ("gen_mapping_under_a_file", os.path.join(base, "trace.csv", "m.yaml"), "does not exist")]:
        cases.append(Case(name, "mapping", "mapping", target,
                          "{scenario}:22:10: demand.trace: mapping file "))
        cases[-1].extra["also"] = expected

    # --- traces ---
    trc("gen_trace_binary_garbage", garbage,
        "{mapping}:8:7: columns.id: the trace {file} has no column 'Key'")
    trc("gen_trace_rows_of_garbage", header + b"\n" + row1 + b"\n" + garbage,
        "{file}:{line}")
    cell = b"x" * ten_mb
    trc("gen_trace_cell_10mb", header + b"\n" + row1 + b"\n1002," + cell + b",,,,,,,\n",
        "{file}:3: record is longer than %d bytes (max_record_bytes)" % MAX_RECORD)
    trc("gen_trace_header_10mb", cell + b"\n" + row1 + b"\n",
        "{file}:1: record is longer than %d bytes" % MAX_RECORD)
    trc("gen_trace_100k_fields", header + b"\n" + b",".join([b"1"] * 100_000) + b"\n",
        "{file}:2: record has more than %d fields (max_fields)" % MAX_FIELDS)
    trc("gen_trace_header_5000_columns", header + b"," + b",".join(b"c%d" % i for i in range(5000))
        + b"\n" + row1 + b"\n", "{file}:1: record has more than %d fields" % MAX_FIELDS)
    trc("gen_trace_quote_never_closed_20mb", header + b"\n" + row1 + b'\n1002,"' + b"y\n" * (10 * MIB),
        "{file}:3: ")
    trc("gen_trace_line_50mb_no_newline", header + b"\n" + b"z" * (50 * MIB),
        "{file}:2: record is longer than")
    rows = []
    for i in range(100_000):
        minute = i * 1440 // 100_000
        rows.append(b"%d,12/25/2013 %02d:%02d:00 %s,,,01 NORTH,HEAT,PHONE,HPD,Phone" % (
            2000 + i, (minute // 60) % 12 or 12, minute % 60, b"AM" if minute < 720 else b"PM"))
    rows.append(b"999999,12/25/2013 12:00:00 AM,,,01 NORTH,HEAT,PHONE,HPD,Phone")
    trc("gen_trace_out_of_order_after_100k_rows", header + b"\n" + b"\n".join(rows) + b"\n",
        "{file}:100002: column 'Created': created '12/25/2013 12:00:00 AM' is earlier than the row "
        "before it")
    trc("gen_trace_only_nuls", b"\0" * (4 * MIB), "{file}:1: contains a NUL byte")
    for name, target, expected in [
            ("gen_trace_directory", g, "cannot read the trace: cannot open '{file}': is a directory"),
            ("gen_trace_fifo_without_writer", fifo, "{file}"),
            ("gen_trace_missing", os.path.join(g, "none.csv"),
             "cannot read the trace: cannot open '{file}': No such file or directory"),
            ("gen_trace_under_a_file", os.path.join(base, "trace.csv", "t.csv"),
             "cannot read the trace: cannot open '{file}': Not a directory"),
            ("gen_trace_dev_zero", "/dev/zero", "{file}:1: contains a NUL byte")]:
        if name in ("gen_trace_fifo_without_writer", "gen_trace_dev_zero"):
            cases.append(Case(name, "trace", "demand", target, expected))
        else:
            cases.append(Case(name, "trace", "demand", target,
                              "{mapping}:4:9: trace.file: " + expected))
    unreadable_csv = write(os.path.join(tmp, "unreadable.csv"), trace)
    os.chmod(unreadable_csv, 0)
    cases.append(Case("gen_trace_chmod_000", "trace", "demand", unreadable_csv,
                      "cannot open '{file}': Permission denied", root_skips=True))
    return cases


# ---------------------------------------------------------------------------------------
# Committed cases.

def committed_cases():
    cases = []
    kinds = {"validate": "scenario", "mapping": "mapping", "demand": "trace", "run": "trace"}
    with open(os.path.join(HERE, "cases.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, command, rel, expected = line.rstrip("\n").split("\t")
            cases.append(Case(name, kinds[command], command, os.path.join(HERE, rel), expected))
    return cases


def malformed_cases(root):
    folder = os.path.join(root, "tests", "sim", "scenario", "malformed")
    cases = []
    pattern = re.compile(r"^# expect: (?:(\d+):(?:(\d+):)? )?(.+)$")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            m = pattern.match(f.readline().rstrip("\n"))
        if not m:
            raise SystemExit(f"{path}: first line is not '# expect: ...'")
        line, col, text = m.groups()
        place = (line + ":" + (col + ":" if col else "") + " ") if line else " "
        if line and not col:
            place = line + ":{col}"
        # As malformed_test.cc reads it: the text is part of "key.path: message".
        cases.append(Case("malformed/" + name[:-5], "malformed", "validate", path,
                          "{file}:" + place + "{any}" + text if line else "{file}: {any}" + text))
    return cases


# ---------------------------------------------------------------------------------------
# Running.

def expected_regex(case, ctx):
    parts = re.split(r"(\{file\}|\{mapping\}|\{scenario\}|\{place\}|\{line\}|\{col\}|\{any\})",
                     case.expected)
    out = ""
    for p in parts:
        if p == "{file}":
            out += re.escape(ctx["file"])
        elif p == "{mapping}":
            out += re.escape(ctx["mapping"])
        elif p == "{scenario}":
            out += re.escape(ctx["scenario"])
        elif p == "{place}":
            out += r"[1-9]\d*:[1-9]\d*: "
        elif p == "{any}":
            out += r"[^\n]*"
        elif p in ("{line}", "{col}"):
            out += r"[1-9]\d*:(?:[1-9]\d*:)? "
        else:
            out += re.escape(p)
    return re.compile(out)


def command_for(case, args, tmp):
    base = os.path.join(HERE, "base")
    ctx = {"file": case.path, "mapping": os.path.join(base, "trace.mapping.yaml"),
           "scenario": os.path.join(base, "trace.yaml")}
    work = tempfile.mkdtemp(dir=tmp, prefix="run_")
    if case.command == "validate":
        return [args.escalade, "validate", case.path], ctx, work
    if case.command == "mapping":
        text = read(os.path.join(base, "trace.yaml")).replace(
            b"trace: trace.mapping.yaml", b"trace: " + case.path.encode())
        scenario = write(os.path.join(work, "trace.yaml"), text)
        ctx["scenario"] = scenario
        ctx["mapping"] = case.path
        return [args.escalade, "validate", scenario], ctx, work
    scenario = os.path.join(base, "trace.yaml")
    if case.command == "demand":
        return [args.escalade, "demand", scenario, "--trace", case.path, "--quiet",
                "--out", os.path.join(work, "demands.csv")], ctx, work
    if case.command == "run":
        return [args.escalade, "run", scenario, "--trace", case.path, "--quiet",
                "--replications", "1", "--out", os.path.join(work, "results")], ctx, work
    raise ValueError(case.command)


def limits(memory_mb, sanitized):
    def apply():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if not sanitized:
            size = memory_mb * MIB
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        os.setsid()
    return apply


def run_case(case, args, tmp):
    if case.extra.get("root_skips") and os.geteuid() == 0:
        return "skip", "running as root: chmod 000 does not make a file unreadable for root", 0.0, 0
    cmd, ctx, work = command_for(case, args, tmp)
    timeout = args.timeout * (3 if args.sanitized else 1)
    env = dict(os.environ)
    if args.sanitized:
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + \
            ":hard_rss_limit_mb=%d:allocator_may_return_null=0" % args.memory_mb
    out_path, err_path = os.path.join(work, "stdout"), os.path.join(work, "stderr")
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                preexec_fn=limits(args.memory_mb, args.sanitized))
        status, rusage, hung = None, None, False
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                hung = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    rss_mb = rusage.ru_maxrss // 1024
    stderr = read(err_path).decode("utf-8", "replace")
    shutil.rmtree(work, ignore_errors=True)
    code = proc.returncode
    problems = []
    if hung:
        problems.append("still running after %.0f s (a hang)" % timeout)
    elif code < 0:
        problems.append("killed by signal %s (a crash)" % signal.Signals(-code).name)
    elif code != 2:
        problems.append("exit code %d, expected 2" % code)
    for bad in ("internal error", "AddressSanitizer", "runtime error:", "terminate called",
                "LeakSanitizer"):
        if bad in stderr:
            problems.append("stderr says %r" % bad)
    if not hung and not expected_regex(case, ctx).search(stderr):
        problems.append("no message matching %r" % case.expected.format_map(
            {**ctx, "place": "L:C: ", "line": "L: ", "col": "C: ", "any": "..."}))
    also = case.extra.get("also")
    if also and also not in stderr:
        problems.append("the message does not say %r" % also)
    first = stderr.strip().splitlines()[0] if stderr.strip() else "(nothing on stderr)"
    if problems:
        return "fail", "; ".join(problems) + "\n    stderr: " + stderr[:600].replace("\n", "\n    "), \
            elapsed, rss_mb
    return "pass", first[:200], elapsed, rss_mb


def check_bases(args):
    """The valid bases must pass, or every case would test the base instead of its defect."""
    base = os.path.join(HERE, "base")
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for cmd in ([args.escalade, "validate", os.path.join(base, "small.yaml")],
                    [args.escalade, "validate", os.path.join(base, "trace.yaml")],
                    [args.escalade, "demand", os.path.join(base, "trace.yaml"), "--quiet", "--out",
                     os.path.join(work, "d.csv")]):
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            if p.returncode != 0:
                failures.append("base: %s: exit %d: %s" % (" ".join(cmd[1:]), p.returncode, p.stderr))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--escalade", required=True)
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(HERE)))
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case (10)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space per case (2048)")
    parser.add_argument("--sanitized", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    args.escalade = os.path.abspath(args.escalade)
    started = time.monotonic()
    failures = check_bases(args)
    for f in failures:
        print("FAIL", f)
    tmp = tempfile.mkdtemp(prefix="escalade_bad_input_")
    try:
        cases = committed_cases() + generated_cases(tmp, args.root, args.escalade) + \
            malformed_cases(args.root)
        cases = [c for c in cases if args.only in c.name]
        lock = threading.Lock()
        results = {}

        def one(case):
            result = run_case(case, args, tmp)
            with lock:
                results[case.name] = result
                status, detail, elapsed, rss = result
                if status != "pass" or args.verbose:
                    print("%s %s [%s %s] %.2f s %d MiB: %s" % (
                        status.upper(), case.name, case.kind, case.command, elapsed, rss, detail),
                        flush=True)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(one, cases))
    finally:
        for dirpath, dirnames, _ in os.walk(tmp):
            for d in dirnames:
                os.chmod(os.path.join(dirpath, d), stat.S_IRWXU)
        shutil.rmtree(tmp, ignore_errors=True)
    by_kind = {}
    for c in cases:
        status = results[c.name][0]
        by_kind.setdefault(c.kind, {"pass": 0, "fail": 0, "skip": 0})[status] += 1
    slowest = sorted(cases, key=lambda c: -results[c.name][2])[:3]
    hungriest = sorted(cases, key=lambda c: -results[c.name][3])[:3]
    print("bad input: " + ", ".join("%s %d/%d passed%s" % (
        k, v["pass"], v["pass"] + v["fail"] + v["skip"], " (%d skipped)" % v["skip"] if v["skip"] else "")
        for k, v in sorted(by_kind.items())))
    print("slowest: " + ", ".join("%s %.2f s" % (c.name, results[c.name][2]) for c in slowest))
    print("most memory: " + ", ".join("%s %d MiB" % (c.name, results[c.name][3]) for c in hungriest))
    failed = len(failures) + sum(v["fail"] for v in by_kind.values())
    print("%d cases, %d failed, %.1f s" % (len(cases), failed, time.monotonic() - started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
