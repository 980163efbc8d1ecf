#!/usr/bin/python3
"""Independent check of a trace replay: recomputes from the raw CSV the demands that
`escalade demand` must emit for a scenario whose `demand.trace` names a mapping file
(scenarios/TRACES.md), and compares them with the demands.csv it wrote.

Usage:
  check_trace_replay.py --scenario S [--mapping M] [--csv C] --demands D [--expect-bad N]
  check_trace_replay.py --scenario S [--mapping M] [--csv C] --summary [--expect-bad N]
  check_trace_replay.py --self-test

  --scenario S   the scenario file (calendar.start, calendar.utc_offset, experiment.horizon;
                 the names of its communities, categories and departments)
  --mapping M    the mapping file; default: the scenario's demand.trace (relative to S)
  --csv C        the trace CSV; overrides the mapping's trace.file (e.g. a test fixture)
  --demands D    demands.csv written by `escalade demand`; compared row by row
  --expect-bad N the number of bad rows the trace must have (exit 1 otherwise)
  --summary      print the row classes and counts (by rule) and the per-name counts
  --max-diffs K  how many differences to print (default 10)

Exit status: 0 match (or summary printed and --expect-bad satisfied), 1 mismatch, 2 usage
or set-up error (unreadable file, invalid mapping, mapping names not in the scenario).

What is compared, per demand in emission order: demand_id (0, 1, 2, ...), source (`trace`),
trace_id, source_line, created_h (to 1e-6 h), created_at, origin, grid (empty), category,
channel, department, observed_closed_h, observed_target_h (to 1e-6 h, or both empty).
people, money, urgent and the u_* columns are drawn by the simulator and are ignored.

This file deliberately shares no code with the C++ replay: it reads the CSV with Python's
csv module and applies its own reading of the mapping rules (TRACES.md, "Row classes").
Python 3 standard library plus Debian's python3-yaml; run with /usr/bin/python3. One file on
purpose (self-test included), so that it can be copied next to a trace and run alone.
"""
import argparse
import collections
import csv
import datetime
import io
import os
import re
import sys
import tempfile

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.stderr.write("check_trace_replay: needs python3-yaml (apt-get install python3-yaml)\n")
    sys.exit(2)

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CHANNELS = ["hotline", "app", "walk_in", "grid_patrol", "sensor"]
FIELDS = ["origin", "category", "channel", "department"]   # evaluated in this order
TIME_FIELDS = ["created", "closed", "target"]
MS_PER_HOUR = 3_600_000
EPS_H = 1e-6 + 1e-9          # created_h etc. are printed with 6 decimals
TRIM = " \t"                 # "surrounding spaces": spaces and tabs


class SetupError(Exception):
    """A usage or set-up problem (exit 2)."""


# ---------------------------------------------------------------------------------------------
# YAML, read as yaml-cpp reads it for the loader: no implicit timestamps (dates stay strings).

class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=Loader)
    except OSError as e:
        raise SetupError(f"{path}: cannot read: {e.strerror}")
    except yaml.YAMLError as e:
        raise SetupError(f"{path}: YAML syntax: {e}")


# ---------------------------------------------------------------------------------------------
# Times.

OFFSET_RE = re.compile(r"^([+-])(\d{2}):(\d{2})$")
ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:(?:T| +)(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$")
DURATION_RE = re.compile(r"^(\d+(?:\.\d+)?)(s|m|h|d|w)$")
DURATION_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def parse_offset(text, what):
    m = OFFSET_RE.match(str(text))
    if not m or int(m.group(2)) > 23 or int(m.group(3)) > 59:
        raise SetupError(f"{what}: {text!r} is not a UTC offset ±HH:MM")
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    return datetime.timedelta(minutes=-minutes if m.group(1) == "-" else minutes)


def parse_duration_ms(text, what):
    m = DURATION_RE.match(str(text).strip())
    if not m:
        raise SetupError(f"{what}: {text!r} is not a calendar duration (90s, 30m, 2h, 7d, 2w)")
    return round(float(m.group(1)) * DURATION_MS[m.group(2)])


# Time formats (TRACES.md): strptime-like directives, every number read greedily, a space in
# the pattern matching one or more spaces; "iso" = YYYY-MM-DD[(T| +)HH:MM[:SS[.f]]].
DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})", "m": r"(?P<m>(?>\d{1,2}))", "d": r"(?P<d>(?>\d{1,2}))",
    "H": r"(?P<H>(?>\d{1,2}))", "I": r"(?P<I>(?>\d{1,2}))", "M": r"(?P<M>(?>\d{1,2}))",
    "S": r"(?P<S>(?>\d{1,2}))", "p": r"(?P<p>[AaPp][Mm])", "f": r"(?P<f>(?>\d+))",
}
_compiled = {}


def compile_format(fmt, what="format"):
    """A compiled regular expression for a pattern; SetupError when the pattern is invalid."""
    if fmt in _compiled:
        return _compiled[fmt]
    if not isinstance(fmt, str) or not fmt:
        raise SetupError(f"{what}: format must be a non-empty string")
    out, seen, i = [], set(), 0
    while i < len(fmt):
        c = fmt[i]
        if c == " ":
            while i < len(fmt) and fmt[i] == " ":
                i += 1
            out.append(" +")
            continue
        if c != "%":
            out.append(re.escape(c))
            i += 1
            continue
        if i + 1 == len(fmt):
            raise SetupError(f"{what}: format {fmt!r}: a lone % at the end (write %% for a literal %)")
        d = fmt[i + 1]
        i += 2
        if d == "%":
            out.append("%")
            continue
        if d not in DIRECTIVES:
            raise SetupError(f"{what}: format {fmt!r}: %{d} is not one of %Y %m %d %H %I %M %S %p %f %%")
        if d in seen:
            raise SetupError(f"{what}: format {fmt!r}: %{d} given twice")
        seen.add(d)
        out.append(DIRECTIVES[d])
    if not {"Y", "m", "d"} <= seen:
        raise SetupError(f"{what}: format {fmt!r}: needs %Y, %m and %d")
    if ("p" in seen) != ("I" in seen) or ("H" in seen and "I" in seen):
        raise SetupError(f"{what}: format {fmt!r}: %I goes with %p, and not with %H")
    _compiled[fmt] = re.compile("".join(out))
    return _compiled[fmt]


def check_format(fmt, what):
    if fmt != "iso":
        compile_format(fmt, what)


def parse_time(text, fmt):
    """A naive datetime (wall time of the trace), or None when it does not parse."""
    text = text.strip()
    if fmt == "iso":
        m = ISO_RE.match(text)
        if not m:
            return None
        y, mo, d = (int(m.group(i)) for i in range(1, 4))
        h, mi, s = (int(m.group(i) or 0) for i in range(4, 7))
        frac = (m.group(7) or "").ljust(6, "0")[:6]
        if h > 23 or mi > 59 or s > 59:
            return None
        try:
            return datetime.datetime(y, mo, d, h, mi, s, int(frac))
        except ValueError:
            return None
    m = compile_format(fmt).fullmatch(text)
    if not m:
        return None
    g = m.groupdict()
    num = lambda k: int(g[k]) if g.get(k) is not None else 0
    hour, minute, second = num("H"), num("M"), num("S")
    if g.get("I") is not None:
        hour = num("I")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["p"].upper() == "PM" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    frac = g.get("f")
    if frac is not None and len(frac) > 6:
        return None
    try:
        return datetime.datetime(num("Y"), num("m"), num("d"), hour, minute, second,
                                 int((frac or "").ljust(6, "0")[:6]))
    except ValueError:                       # month 13, 30 February, ...
        return None


class Clock:
    """Converts trace wall times to ms after the scenario start (local midnight of calendar.start)."""

    def __init__(self, trace_offset, scenario_offset, start_date):
        self.trace_offset = trace_offset
        self.scenario_offset = scenario_offset
        self.start = datetime.datetime.combine(start_date, datetime.time())

    def ms(self, wall):
        local = wall - self.trace_offset + self.scenario_offset      # -> UTC -> scenario local
        delta = local - self.start
        us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return us // 1000                                             # sub-ms digits truncated (floor)

    def local_text(self, ms):
        t = self.start + datetime.timedelta(milliseconds=ms)
        return t.strftime("%Y-%m-%dT%H:%M:%S")


def hours_text(ms):
    return "" if ms is None else f"{ms / MS_PER_HOUR:.6f}"


# ---------------------------------------------------------------------------------------------
# The mapping file.

class ValueRule:
    """A constant name, or {column, map, otherwise}."""

    def __init__(self, field, spec, where):
        self.field = field
        self.constant = None
        self.column = None
        self.map = {}
        self.otherwise = "error"
        if isinstance(spec, str):
            if not NAME_RE.match(spec):
                raise SetupError(f"{where}: {field}: {spec!r} is not a name")
            self.constant = spec
            return
        if not isinstance(spec, dict):
            raise SetupError(f"{where}: {field} must be a name or a mapping {{column, map, otherwise}}")
        unknown = set(spec) - {"column", "map", "otherwise"}
        if unknown:
            raise SetupError(f"{where}: {field}: unknown keys {sorted(unknown)}")
        if not isinstance(spec.get("column"), str):
            raise SetupError(f"{where}: {field}.column is required (a column name)")
        self.column = spec["column"]
        raw_map = spec.get("map") or {}
        if not isinstance(raw_map, dict):
            raise SetupError(f"{where}: {field}.map must be a mapping raw value -> name")
        for k, v in raw_map.items():
            if not isinstance(k, str):
                raise SetupError(f"{where}: {field}.map key {k!r} is not a string: quote it "
                                 "(yaml-cpp and Python would read it differently)")
            if not isinstance(v, str) or not NAME_RE.match(v):
                raise SetupError(f"{where}: {field}.map[{k!r}] = {v!r} is not a name")
            key = k.strip(TRIM)          # keys are trimmed like the cells they are compared with
            if key in self.map:
                raise SetupError(f"{where}: {field}.map: {k!r} is mapped twice")
            self.map[key] = v
        if "otherwise" not in spec:
            raise SetupError(f"{where}: {field}.otherwise is required: drop, error or a name")
        o = spec["otherwise"]
        if not isinstance(o, str) or not (o in ("drop", "error") or NAME_RE.match(o)):
            raise SetupError(f"{where}: {field}.otherwise must be drop, error or a name, not {o!r}")
        self.otherwise = o

    def names(self):
        out = set(self.map.values())
        if self.constant is not None:
            out.add(self.constant)
        if self.column is not None and self.otherwise not in ("drop", "error"):
            out.add(self.otherwise)
        return out


class Mapping:
    def __init__(self, path, csv_override=None):
        self.path = path
        doc = load_yaml(path)
        where = path
        if not isinstance(doc, dict):
            raise SetupError(f"{where}: not a mapping document")
        unknown = set(doc) - {"version", "trace", "columns", "drop"}
        if unknown:
            raise SetupError(f"{where}: unknown top-level keys {sorted(unknown)}")
        if doc.get("version") != 1:
            raise SetupError(f"{where}: version must be 1")
        trace = doc.get("trace")
        if not isinstance(trace, dict):
            raise SetupError(f"{where}: trace is required")
        unknown = set(trace) - {"file", "utc_offset", "order"}
        if unknown:
            raise SetupError(f"{where}: trace: unknown keys {sorted(unknown)}")
        if csv_override:
            self.csv_path = csv_override
        else:
            if not isinstance(trace.get("file"), str):
                raise SetupError(f"{where}: trace.file is required")
            self.csv_path = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)),
                                                          trace["file"]))
        if "utc_offset" not in trace:
            raise SetupError(f"{where}: trace.utc_offset is required (the trace's wall clock, ±HH:MM)")
        self.utc_offset = parse_offset(trace["utc_offset"], f"{where}: trace.utc_offset")
        self.order = trace.get("order", "ascending")
        if self.order not in ("ascending", "sort"):
            raise SetupError(f"{where}: trace.order must be ascending or sort")

        cols = doc.get("columns")
        if not isinstance(cols, dict):
            raise SetupError(f"{where}: columns is required")
        unknown = set(cols) - {"id", "created", "closed", "target"} - set(FIELDS)
        if unknown:
            raise SetupError(f"{where}: columns: unknown keys {sorted(unknown)}")
        self.id_column = cols.get("id")
        if self.id_column is not None and not isinstance(self.id_column, str):
            raise SetupError(f"{where}: columns.id must be a column name")
        self.times = {}
        for t in TIME_FIELDS:
            spec = cols.get(t)
            if spec is None:
                if t == "created":
                    raise SetupError(f"{where}: columns.created is required")
                continue
            if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
                raise SetupError(f"{where}: columns.{t} must be {{column, format}}")
            unknown = set(spec) - {"column", "format"}
            if unknown:
                raise SetupError(f"{where}: columns.{t}: unknown keys {sorted(unknown)}")
            check_format(spec.get("format"), f"{where}: columns.{t}")
            self.times[t] = (spec["column"], spec["format"])
        self.rules = {}
        for f in FIELDS:
            if f not in cols:
                if f == "department":
                    continue
                if f == "channel":                   # default: every row is a hotline call
                    self.rules[f] = ValueRule(f, "hotline", f"{where}: columns")
                    continue
                raise SetupError(f"{where}: columns.{f} is required")
            self.rules[f] = ValueRule(f, cols[f], f"{where}: columns")
        for n in self.rules["channel"].names():
            if n not in CHANNELS:
                raise SetupError(f"{where}: channel {n!r} is not one of {', '.join(CHANNELS)}")
        self.drops = []
        for i, d in enumerate(doc.get("drop") or []):
            if not isinstance(d, dict) or not isinstance(d.get("column"), str) \
                    or not isinstance(d.get("values"), list) or not d["values"] \
                    or not isinstance(d.get("reason", ""), str):
                raise SetupError(f"{where}: drop[{i}] must be {{column, values: [one or more], reason}}")
            unknown = set(d) - {"column", "values", "reason"}
            if unknown:
                raise SetupError(f"{where}: drop[{i}]: unknown keys {sorted(unknown)}")
            for v in d["values"]:
                if not isinstance(v, str):
                    raise SetupError(f"{where}: drop[{i}].values: {v!r} is not a string: quote it")
            self.drops.append((d["column"], set(d["values"]), d.get("reason", f"drop rule {i}")))

    def columns_used(self):
        cols = [c for c, _ in self.times.values()]
        if self.id_column:
            cols.append(self.id_column)
        cols += [r.column for r in self.rules.values() if r.column]
        cols += [c for c, _, _ in self.drops]
        return cols


# ---------------------------------------------------------------------------------------------
# The scenario: what the replay needs from it.

class Scenario:
    def __init__(self, path):
        self.path = path
        doc = load_yaml(path)
        if not isinstance(doc, dict):
            raise SetupError(f"{path}: not a scenario document")
        cal = doc.get("calendar") or {}
        start = str(cal.get("start", "2024-01-01"))
        try:
            self.start = datetime.date.fromisoformat(start)
        except ValueError:
            raise SetupError(f"{path}: calendar.start {start!r} is not a date YYYY-MM-DD")
        self.utc_offset = parse_offset(cal.get("utc_offset", "+08:00"), f"{path}: calendar.utc_offset")
        exp = doc.get("experiment") or {}
        self.horizon_ms = parse_duration_ms(exp.get("horizon", "365d"), f"{path}: experiment.horizon")
        demand = doc.get("demand") or {}
        self.trace = demand.get("trace")
        self.departments = set((doc.get("departments") or {}).keys())
        self.categories = set((doc.get("categories") or {}).keys())
        self.communities = set()
        city = doc.get("city") or {}
        for d in city.get("districts") or []:
            for s in d.get("streets") or []:
                for c in s.get("communities") or []:
                    self.communities.add(c.get("name"))

    def mapping_path(self):
        if not isinstance(self.trace, str):
            return None
        return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(self.path)), self.trace))


def cross_check(mapping, scenario):
    """Names the mapping produces that the scenario does not declare."""
    problems = []
    kinds = {"origin": ("community", scenario.communities), "category": ("category", scenario.categories),
             "department": ("department", scenario.departments)}
    for field, (kind, declared) in kinds.items():
        rule = mapping.rules.get(field)
        if rule is None:
            continue
        for n in sorted(rule.names() - declared):
            problems.append(f"{mapping.path}: columns.{field}: {kind} {n!r} is not in {scenario.path}")
    return problems


# ---------------------------------------------------------------------------------------------
# The replay, recomputed.

Demand = collections.namedtuple(
    "Demand", "trace_id source_line created_ms origin category channel department closed_ms target_ms")


class Replay:
    """Classifies every row and builds the expected demand list.

    The checks, in this order (TRACES.md, "Row classes"); the first that applies decides:
      1. bad: the row's field count differs from the header's;
      2. dropped: a `drop` rule matches (the first matching rule names the reason);
      3. bad: `created` is empty or does not parse;
      4. origin, category, channel, department, in this order: a value not in the map is
         bad (otherwise: error), dropped as "unmapped <field>" (otherwise: drop) or given
         the otherwise name;
      5. bad: a non-empty `closed` or `target` cell does not parse; the `id` cell is not
         1 to 18 digits;
      6. bad (order: ascending): created earlier than the last row that got this far;
      7. dropped "after the horizon": created at or after the horizon; with order:
         ascending the replay stops reading at the first such row;
      8. dropped "closed before the start": created before the start and closed at or
         before it;
      9. kept; created before the start = initial backlog.
    Kept rows are emitted in file order (ascending) or stably sorted by created (sort).
    """

    def __init__(self, mapping, scenario):
        self.mapping = mapping
        self.scenario = scenario
        self.clock = Clock(mapping.utc_offset, scenario.utc_offset, scenario.start)
        self.rows = 0
        self.blank_lines = 0
        self.bad = []                               # (line, reason, detail)
        self.dropped = collections.Counter()        # reason -> rows
        self.dropped_values = collections.defaultdict(collections.Counter)  # reason -> value -> rows
        self.stopped_at_line = 0
        self.demands = []
        self._last_created = None

    # the counts the C++ replay also reports
    @property
    def backlog(self):
        return sum(1 for d in self.demands if d.created_ms < 0)

    @property
    def closed_before_start(self):
        return self.dropped.get("closed before the start", 0)

    @property
    def after_horizon(self):
        return self.dropped.get("after the horizon", 0)

    @property
    def bad_by_reason(self):
        return collections.Counter(reason for _, reason, _ in self.bad)

    def run(self):
        m = self.mapping
        try:
            f = open(m.csv_path, newline="", encoding="utf-8-sig", errors="surrogateescape")
        except OSError as e:
            raise SetupError(f"{m.csv_path}: cannot read: {e.strerror}")
        with f:
            reader = csv.reader(f)
            try:
                header = next(reader)
            except StopIteration:
                raise SetupError(f"{m.csv_path}: empty file (no header)")
            index = {}
            for i, name in enumerate(header):
                index.setdefault(name, i)
            missing = [c for c in m.columns_used() if c not in index]
            if missing:
                raise SetupError(f"{m.csv_path}: columns not in the header: {sorted(set(missing))}")
            end_line = reader.line_num
            for row in reader:
                line = end_line + 1
                end_line = reader.line_num
                if not row:
                    self.blank_lines += 1
                    continue
                self.rows += 1
                d = self.classify(row, len(header), index, line)
                if d is not None:
                    self.demands.append(d)
                if self.stopped_at_line:
                    break
        if m.order == "sort":
            self.demands.sort(key=lambda d: d.created_ms)    # stable: ties keep file order
        return self

    def classify(self, row, fields, index, line):
        m = self.mapping

        def cell(column):
            return row[index[column]].strip(TRIM)

        def bad(reason, detail):
            self.bad.append((line, reason, detail))

        def drop(reason, value):
            self.dropped[reason] += 1
            self.dropped_values[reason][value] += 1

        if len(row) != fields:                                               # 1
            return bad("wrong field count", f"{len(row)} fields, the header has {fields}")
        for column, values, reason in m.drops:                               # 2
            if cell(column) in values:
                return drop(reason, cell(column))
        times = {}

        def parse(t):
            column, fmt = m.times[t]
            wall = parse_time(cell(column), fmt)
            return None if wall is None else self.clock.ms(wall)

        times["created"] = parse("created")                                  # 3
        if times["created"] is None:
            column, fmt = m.times["created"]
            return bad("created: bad time", f"{column} = {cell(column)!r} does not parse as {fmt!r}")
        names = {}
        for f in FIELDS:                                                     # 4
            rule = m.rules.get(f)
            if rule is None:
                names[f] = ""
            elif rule.constant is not None:
                names[f] = rule.constant
            else:
                value = cell(rule.column)
                if value in rule.map:
                    names[f] = rule.map[value]
                elif rule.otherwise == "drop":
                    return drop(f"unmapped {f}", value)
                elif rule.otherwise == "error":
                    return bad(f"unmapped {f}", f"{rule.column} = {value!r} is not in the {f} map "
                                                "(otherwise: error)")
                else:
                    names[f] = rule.otherwise
        for t in ("closed", "target"):                                       # 5
            times[t] = None
            if t in m.times and cell(m.times[t][0]) != "":
                times[t] = parse(t)
                if times[t] is None:
                    column, fmt = m.times[t]
                    return bad(f"{t}: bad time", f"{column} = {cell(column)!r} does not parse as {fmt!r}")
        trace_id = ""
        if m.id_column:
            text = cell(m.id_column)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                return bad("id: not digits", f"{m.id_column} = {text!r} is not 1 to 18 digits")
            trace_id = str(int(text))
        created = times["created"]
        if m.order == "ascending":                                           # 6
            if self._last_created is not None and created < self._last_created:
                return bad("out of order", "created earlier than the row before it (order: ascending)")
            self._last_created = created
        if created >= self.scenario.horizon_ms:                              # 7
            if m.order == "ascending":
                self.stopped_at_line = line
            return drop("after the horizon", "")
        if created < 0 and times["closed"] is not None and times["closed"] <= 0:   # 8
            return drop("closed before the start", "")
        return Demand(trace_id, line, created, names["origin"], names["category"],   # 9
                      names["channel"], names["department"], times["closed"], times["target"])

    def summary(self, out, verbose=True):
        m = self.mapping
        p = lambda *a: print(*a, file=out)
        p(f"trace      {m.csv_path}")
        p(f"mapping    {m.path} (order: {m.order})")
        p(f"scenario   {self.scenario.path} (start {self.scenario.start}, "
          f"horizon {self.scenario.horizon_ms / MS_PER_HOUR / 24:g} d)")
        p(f"rows       {self.rows}" + (f" (+{self.blank_lines} blank lines skipped)" if self.blank_lines else ""))
        p(f"bad        {len(self.bad)}")
        for reason, n in sorted(self.bad_by_reason.items()):
            p(f"  {n:6d}  {reason}")
        for line, reason, detail in self.bad[:20]:
            p(f"  line {line}: {reason}: {detail}")
        if len(self.bad) > 20:
            p(f"  ... {len(self.bad) - 20} more")
        p(f"dropped    {sum(self.dropped.values())}")
        for reason, n in self.dropped.items():
            p(f"  {n:6d}  {reason}")
            if verbose and reason not in ("after the horizon", "closed before the start"):
                for v, k in sorted(self.dropped_values[reason].items(), key=lambda x: (-x[1], x[0])):
                    p(f"          {k:6d}  {v!r}")
        if self.stopped_at_line:
            p(f"stopped    at line {self.stopped_at_line} (first row after the horizon; order: ascending)")
        p(f"demands    {len(self.demands)}, of which {self.backlog} open at the start (initial backlog)")
        if verbose:
            for f in ("origin", "category", "channel", "department"):
                c = collections.Counter(getattr(d, f) for d in self.demands)
                p(f"by {f}: " + ", ".join(f"{k or '(none)'} {v}" for k, v in
                                          sorted(c.items(), key=lambda x: (-x[1], x[0]))))


# ---------------------------------------------------------------------------------------------
# Comparison with demands.csv.

REQUIRED = ["demand_id", "source", "created_h", "created_at", "origin", "grid", "category", "channel",
            "department", "trace_id", "source_line", "observed_closed_h", "observed_target_h"]


def close_enough(text, ms):
    if ms is None:
        return text == ""
    try:
        return abs(float(text) - ms / MS_PER_HOUR) <= EPS_H
    except ValueError:
        return False


def compare(replay, demands_path, max_diffs, out):
    try:
        f = open(demands_path, newline="", encoding="utf-8")
    except OSError as e:
        raise SetupError(f"{demands_path}: cannot read: {e.strerror}")
    with f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise SetupError(f"{demands_path}: columns missing from the header: {missing}")
        got = list(reader)
    expected = replay.demands
    clock = replay.clock
    diffs = []
    if len(got) != len(expected):
        diffs.append(f"row count: demands.csv has {len(got)}, the trace gives {len(expected)}")
        # where the two lists part: the first demand whose CSV line differs
        for i, (g, e) in enumerate(zip(got, expected)):
            if g["source_line"] != str(e.source_line):
                have = {x["source_line"] for x in got}
                if str(e.source_line) not in have:
                    diffs.append(f"first missing demand: CSV line {e.source_line}"
                                 + (f", trace id {e.trace_id}" if e.trace_id else "")
                                 + f" (expected as demand {i})")
                else:
                    diffs.append(f"first extra demand: demands.csv row {i + 2}, CSV line {g['source_line']}")
                break
    for i, (g, e) in enumerate(zip(got, expected)):
        want = {
            "demand_id": str(i), "source": "trace", "trace_id": e.trace_id, "source_line": str(e.source_line),
            "created_at": clock.local_text(e.created_ms), "origin": e.origin, "grid": "",
            "category": e.category, "channel": e.channel, "department": e.department,
        }
        row_diffs = [f"{k}: got {g[k]!r}, expected {v!r}" for k, v in want.items() if g[k] != v]
        for k, ms in (("created_h", e.created_ms), ("observed_closed_h", e.closed_ms),
                      ("observed_target_h", e.target_ms)):
            if not close_enough(g[k], ms):
                row_diffs.append(f"{k}: got {g[k]!r}, expected {hours_text(ms)!r}")
        if row_diffs:
            diffs.append(f"demands.csv row {i + 2} (demand {i}; expected CSV line {e.source_line}"
                         + (f", trace id {e.trace_id}" if e.trace_id else "") + "): " + "; ".join(row_diffs))
        if len(diffs) > max_diffs:
            break
    if len(got) > len(expected) and len(diffs) <= max_diffs:
        g = got[len(expected)]
        diffs.append(f"first extra row in demands.csv: demand {g['demand_id']}, source_line {g['source_line']}")
    elif len(got) < len(expected) and len(diffs) <= max_diffs:
        e = expected[len(got)]
        diffs.append(f"first missing demand: CSV line {e.source_line}"
                     + (f", trace id {e.trace_id}" if e.trace_id else ""))
    for d in diffs[:max_diffs]:
        print(f"DIFF {d}", file=out)
    if len(diffs) > max_diffs:
        print(f"DIFF ... (stopped after {max_diffs} differences)", file=out)
    return not diffs


def write_demands(path, replay):
    """Writes demands.csv as `escalade demand` would (simulator-drawn columns filled with
    placeholders). Used by the self-test."""
    header = ["demand_id", "source", "created_h", "created_at", "origin", "grid", "category", "channel",
              "people", "money", "urgent", "department", "trace_id", "source_line", "observed_closed_h",
              "observed_target_h", "u_work", "u_resolve", "u_return", "u_satisfaction"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i, d in enumerate(replay.demands):
            w.writerow([i, "trace", hours_text(d.created_ms), replay.clock.local_text(d.created_ms), d.origin,
                        "", d.category, d.channel, 1, 0, 0, d.department, d.trace_id, d.source_line,
                        hours_text(d.closed_ms), hours_text(d.target_ms), 0.5, 0.5, 0.5, 0.5])


# ---------------------------------------------------------------------------------------------
# Self-test: a tiny trace covering every row class, and the comparison on perturbed outputs.

SELF_MAPPING = """\
version: 1
trace: {file: trace.csv, utc_offset: "-05:00", order: ascending}
columns:
  id: Key
  created: {column: Opened, format: "%m/%d/%Y %I:%M:%S %p"}
  closed: {column: Closed, format: "%m/%d/%Y %I:%M:%S %p"}
  target: {column: Due, format: iso}
  origin: {column: Area, map: {"North": north, "South": south}, otherwise: error}
  category: {column: Kind, map: {"Pothole": roads, "Noise": noise}, otherwise: other}
  channel: {column: Via, map: {"Phone": hotline, "App": app}, otherwise: drop}
  department: {column: Dept, map: {"PW": works}, otherwise: error}
drop:
  - {column: Via, values: ["Employee"], reason: internal}
  - {column: Area, values: [""], reason: no area}
"""
SELF_SCENARIO = """\
version: 1
calendar: {start: "2015-02-01", utc_offset: "+08:00"}
city:
  districts:
    - name: d
      streets:
        - name: s
          communities: [{name: north, population: 1}, {name: south, population: 1}]
departments: {works: {staff: 1}}
categories: {roads: {}, noise: {}, other: {}}
demand: {trace: mapping.yaml}
experiment: {horizon: 2d}
"""
# (row, expected class). Lines are 1-based and the header is line 1; the row of id 4 holds a
# quoted newline (lines 5-6), so the rows after it start one line later. The trace is at -05:00
# and the scenario at +08:00: the start (2015-02-01 00:00 +08:00) is 2015-01-31 11:00 AM in the
# trace's clock, the end of the 2-day horizon 2015-02-02 11:00 AM.
SELF_ROWS = [
    ('1,01/31/2015 09:00:00 AM,,,North,Pothole,Phone,PW', "line 2: backlog (open), -2 h"),
    ('2,01/31/2015 09:30:00 AM,01/31/2015 10:00:00 AM,,North,Pothole,Phone,PW', "line 3: closed before the start"),
    ('3,01/31/2015 08:00:00 AM,01/31/2015 10:30:00 AM,,North,Pothole,Phone,PW', "line 4: bad, out of order"),
    ('4,"01/31/2015 10:00:00 AM","02/01/2015 12:00:00 PM",2015-02-05 08:30,South,"Noise\nat night",App,PW',
     "lines 5-6: backlog closed after the start; category otherwise -> other"),
    ('5,02/01/2015 11:00:00 AM,,2015-02-05T08:30:15.5, North ,Graffiti,Phone,PW', "line 7: kept, trimmed, other"),
    ('6,02/01/2015 11:00:00 AM,,,North,Pothole,Employee,PW', "line 8: dropped, internal"),
    ('7,02/01/2015 11:00:00 AM,,,,Pothole,Phone,PW', "line 9: dropped, no area"),
    ('8,02/01/2015 11:00:00 AM,,,North,Pothole,Fax,PW', "line 10: dropped, channel otherwise"),
    ('9,02/31/2015 11:00:00 AM,,,North,Pothole,Phone,PW', "line 11: bad created"),
    ('10,02/01/2015 11:00:00 AM,yesterday,,North,Pothole,Phone,PW', "line 12: bad closed"),
    ('11,02/01/2015 11:00:00 AM,,2015-02-05 8:30,North,Pothole,Phone,PW', "line 13: bad target (hour not 2 digits)"),
    ('12,02/01/2015 11:00:00 AM,,,West,Pothole,Phone,PW', "line 14: bad origin (error)"),
    ('13,02/01/2015 11:00:00 AM,,,North,Pothole,Phone,PR', "line 15: bad department (error)"),
    ('A14,02/01/2015 11:00:00 AM,,,North,Pothole,Phone,PW', "line 16: bad id"),
    ('15,02/01/2015 09:00:00 PM,,,South,Noise,App,PW', "line 17: kept, 34 h"),
    ('16,02/02/2015 10:59:59 AM,,,South,Noise,App,PW', "line 18: kept, last second before the horizon"),
    ('17,02/02/2015 11:00:00 AM,,,South,Noise,App,PW', "line 19: after the horizon"),
]


def self_test():
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    # time parsing and conversion
    expect(parse_time("12/25/2013 12:00:00 AM", "%m/%d/%Y %I:%M:%S %p") == datetime.datetime(2013, 12, 25),
           "12 AM is midnight")
    expect(parse_time("12/25/2013 12:30:00 PM", "%m/%d/%Y %I:%M:%S %p") == datetime.datetime(2013, 12, 25, 12, 30),
           "12 PM is noon")
    expect(parse_time("2015-02-05 08:30", "iso") == datetime.datetime(2015, 2, 5, 8, 30), "iso without seconds")
    expect(parse_time("2015-02-05T08:30:15.25", "iso") == datetime.datetime(2015, 2, 5, 8, 30, 15, 250000),
           "iso with fraction")
    expect(parse_time("2015-02-05", "iso") == datetime.datetime(2015, 2, 5), "iso date only")
    expect(parse_time("2015-02-05  08:30", "iso") == datetime.datetime(2015, 2, 5, 8, 30), "iso, spaces")
    expect(parse_time("2015-02-05 8:30", "iso") is None, "iso numbers are zero-padded")
    expect(parse_time("02/30/2015 01:00:00 AM", "%m/%d/%Y %I:%M:%S %p") is None, "30 February")
    expect(parse_time("2/5/2015 1:02:03 pm", "%m/%d/%Y %I:%M:%S %p") == datetime.datetime(2015, 2, 5, 13, 2, 3),
           "1-digit fields, lower-case pm")
    expect(parse_time("02/05/2015  01:00:00 AM", "%m/%d/%Y %I:%M:%S %p") is not None, "a space matches spaces")
    expect(parse_time("02/05/2015 00:00:00 AM", "%m/%d/%Y %I:%M:%S %p") is None, "hour 0 with %I")
    expect(parse_time("02/05/2015 01:00:60 AM", "%m/%d/%Y %I:%M:%S %p") is None, "second 60")
    expect(parse_time("02/05/15 01:00:00 AM", "%m/%d/%Y %I:%M:%S %p") is None, "2-digit year")
    expect(parse_time("2015-02-05 13:00:00.1234567", "%Y-%m-%d %H:%M:%S.%f") is None, "7 fraction digits")
    expect(parse_time("2015-02-05 13:00:00.1239", "%Y-%m-%d %H:%M:%S.%f")
           == datetime.datetime(2015, 2, 5, 13, 0, 0, 123900), "fraction")
    c = Clock(parse_offset("-05:00", ""), parse_offset("+08:00", ""), datetime.date(2015, 2, 1))
    # 2015-01-31 11:00 EST = 2015-02-01 04:00 UTC = 2015-02-01 12:00 +08:00 -> 12 h
    expect(c.ms(datetime.datetime(2015, 1, 31, 23)) == 12 * MS_PER_HOUR, "offset conversion")
    expect(c.local_text(-1500) == "2015-01-31T23:59:58", "created_at floors to the second")
    expect(parse_duration_ms("1.5h", "") == 5_400_000 and parse_duration_ms("2w", "") == 14 * 86_400_000,
           "durations")

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("mapping.yaml", SELF_MAPPING), ("scenario.yaml", SELF_SCENARIO)):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(tmp, "trace.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("Key,Opened,Closed,Due,Area,Kind,Via,Dept\r\n")
            f.write("\r\n".join(r for r, _ in SELF_ROWS) + "\r\n")
        # this scenario uses the Chinese default offset +08:00 against a -05:00 trace: all times
        # shift by 13 h, which the expected classes above take into account
        scenario = Scenario(os.path.join(tmp, "scenario.yaml"))
        mapping = Mapping(scenario.mapping_path())
        expect(not cross_check(mapping, scenario), f"cross-check: {cross_check(mapping, scenario)}")
        r = Replay(mapping, scenario).run()
        bad_lines = [line for line, _, _ in r.bad]
        expect(r.rows == 17, f"rows {r.rows}")
        expect(bad_lines == [4, 11, 12, 13, 14, 15, 16], f"bad lines {bad_lines}")
        expect(dict(r.dropped) == {"internal": 1, "no area": 1, "unmapped channel": 1,
                                   "closed before the start": 1, "after the horizon": 1},
               f"dropped {dict(r.dropped)}")
        expect(sorted(r.bad_by_reason.items()) == [
            ("closed: bad time", 1), ("created: bad time", 1), ("id: not digits", 1), ("out of order", 1),
            ("target: bad time", 1), ("unmapped department", 1), ("unmapped origin", 1)],
            f"bad reasons {sorted(r.bad_by_reason.items())}")
        expect((len(r.demands), r.backlog, r.stopped_at_line) == (5, 2, 19),
               f"demands/backlog/stopped {(len(r.demands), r.backlog, r.stopped_at_line)}")
        lines = [d.source_line for d in r.demands]
        expect(lines == [2, 5, 7, 17, 18], f"emitted lines {lines}")
        d = {x.source_line: x for x in r.demands}
        expect(d[5].category == "other" and d[5].origin == "south" and d[5].channel == "app", "row on line 5")
        expect(d[5].created_ms == -MS_PER_HOUR, "backlog closed after the start: created_h")
        expect(d[7].category == "other" and d[7].origin == "north" and d[7].channel == "hotline",
               "otherwise name, trimming")
        expect(d[2].created_ms == -2 * MS_PER_HOUR and d[2].closed_ms is None, "backlog created_h")
        expect(d[17].created_ms == 34 * MS_PER_HOUR, "created_h of line 17")
        expect(d[5].closed_ms == 25 * MS_PER_HOUR and d[5].target_ms == (4 * 24 + 21) * MS_PER_HOUR + 30 * 60_000,
               "closed/target conversion")
        expect(d[7].target_ms == (4 * 24 + 21) * MS_PER_HOUR + 30 * 60_000 + 15_500, "iso fraction to ms")
        expect(d[18].created_ms == 48 * MS_PER_HOUR - 1000, "last second before the horizon")

        # comparison: exact output matches, perturbed outputs do not
        demands = os.path.join(tmp, "demands.csv")
        write_demands(demands, r)
        sink = io.StringIO()
        expect(compare(r, demands, 10, sink), "identical demands.csv must match: " + sink.getvalue())
        with open(demands, encoding="utf-8") as f:
            original = f.read().splitlines(keepends=True)

        def perturbed(edit, what):
            rows = [list(x) for x in csv.reader(io.StringIO("".join(original)))]
            edit(rows)
            with open(demands, "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            s = io.StringIO()
            expect(not compare(r, demands, 10, s), f"{what} must not match")
            expect("DIFF" in s.getvalue(), f"{what}: a DIFF line is printed")

        col = lambda name: original[0].rstrip("\n").split(",").index(name)
        perturbed(lambda rows: rows.__setitem__(slice(2, 4), [rows[3], rows[2]]), "two rows swapped")
        perturbed(lambda rows: rows[1].__setitem__(col("category"), "noise"), "another category")
        perturbed(lambda rows: rows[2].__setitem__(col("created_h"), f"{float(rows[2][col('created_h')]) + 2e-6:.6f}"),
                  "created 2e-6 h later")
        perturbed(lambda rows: rows[2].__setitem__(col("observed_closed_h"), ""), "closed missing")
        perturbed(lambda rows: rows.pop(), "a row missing")
        perturbed(lambda rows: rows.append(rows[-1]), "an extra row")
        perturbed(lambda rows: rows[1].__setitem__(col("department"), ""), "department missing")

        # order: sort on the same file -> line 4 is no longer bad and sorts first
        with open(os.path.join(tmp, "mapping.yaml"), "w", encoding="utf-8") as f:
            f.write(SELF_MAPPING.replace("order: ascending", "order: sort"))
        r2 = Replay(Mapping(os.path.join(tmp, "mapping.yaml")), scenario).run()
        expect([line for line, _, _ in r2.bad] == [11, 12, 13, 14, 15, 16], f"sort: bad {r2.bad}")
        expect([d.source_line for d in r2.demands] == [2, 5, 7, 17, 18],
               f"sort: emitted {[d.source_line for d in r2.demands]} (line 4 is closed before the start)")
        expect(r2.closed_before_start == 2, f"sort: closed before the start {r2.closed_before_start}")
    for f in failures:
        print(f"self-test FAILED: {f}")
    print(f"check_trace_replay self-test: {'passed' if not failures else 'FAILED'}")
    return 0 if not failures else 1


# ---------------------------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario")
    ap.add_argument("--mapping")
    ap.add_argument("--csv")
    ap.add_argument("--demands")
    ap.add_argument("--expect-bad", type=int)
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--max-diffs", type=int, default=10)
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args(argv[1:])
    if args.self_test:
        return self_test()
    try:
        if not args.scenario:
            raise SetupError("--scenario is required (or --self-test)")
        if not args.demands and not args.summary:
            raise SetupError("give --demands D to compare, or --summary")
        scenario = Scenario(args.scenario)
        mapping_path = args.mapping or scenario.mapping_path()
        if not mapping_path:
            raise SetupError(f"{args.scenario}: no demand.trace; give --mapping")
        if args.mapping and scenario.mapping_path() and \
                os.path.abspath(args.mapping) != scenario.mapping_path():
            print(f"note: --mapping {args.mapping} differs from the scenario's demand.trace "
                  f"{scenario.trace}", file=sys.stderr)
        mapping = Mapping(mapping_path, args.csv)
        problems = cross_check(mapping, scenario)
        if problems:
            raise SetupError("\n".join(problems))
        replay = Replay(mapping, scenario).run()
        ok = True
        if args.summary:
            replay.summary(sys.stdout)
        if args.expect_bad is not None and len(replay.bad) != args.expect_bad:
            print(f"MISMATCH bad rows: the trace has {len(replay.bad)}, expected {args.expect_bad}")
            for line, reason, detail in replay.bad[:args.max_diffs]:
                print(f"  line {line}: {reason}: {detail}")
            ok = False
        if args.demands:
            if not compare(replay, args.demands, args.max_diffs, sys.stdout):
                ok = False
            else:
                by_rule = sum(replay.dropped.values()) - replay.closed_before_start - replay.after_horizon
                print(f"ok: {len(replay.demands)} demands match ({replay.rows} rows: {len(replay.bad)} bad, "
                      f"{by_rule} dropped by the mapping, {replay.closed_before_start} closed before the "
                      f"start, {replay.after_horizon} after the horizon; {replay.backlog} open at the start)")
        return 0 if ok else 1
    except SetupError as e:
        print(f"check_trace_replay: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
