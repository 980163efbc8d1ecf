#!/usr/bin/python3
"""Validates every shipped scenario against scenarios/schema/scenario.schema.json.

Usage: tests/scenarios/check_schema.py [FILE.yaml ...]
       (default: every scenarios/*.yaml and tests/sim/experiment/sweep_teaching.yaml)

The schema is generated from the format the loader declares (`escalade schema`; a C++ test keeps
the shipped file equal to the output), so this script states no part of the format itself: it
checks that an independent validator (Debian's python3-jsonschema, Draft 7) accepts the shipped
scenarios under the generated schema, and that the schema rejects a few small bad documents
(unknown key, bad duration, bad preset, ...) — the schema is strict where it should be. What a
JSON Schema cannot say (sums to 1, references between sections) the loader checks, and every
shipped scenario loads in tests/sim/scenario/shipped_test.cc.

Prints one located message per problem, `file:line:col: key.path: message`, and exits 1 if any
file fails (2 on a usage or set-up error). YAML is read the way yaml-cpp reads it for the loader:
dates stay strings (no implicit timestamps), duplicate keys are errors.
"""
import difflib
import glob
import json
import os
import sys

try:
    import yaml
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match
except ImportError as e:  # pragma: no cover
    sys.stderr.write(f"check_schema: {e}; install with: apt-get install python3-yaml python3-jsonschema\n")
    sys.exit(2)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA = os.path.join(ROOT, "scenarios", "schema", "scenario.schema.json")


class Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps (dates are strings, as for the loader)."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Problem(Exception):
    pass


def compose(text, name):
    """Returns (data, root node). Raises Problem on a syntax error or a duplicate key."""
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise Problem(f"{where}: YAML syntax: {getattr(e, 'problem', e)}")
    if root is None:
        raise Problem(f"{name}:1:1: the file is empty")
    dup = find_duplicate_key(root, "")
    if dup:
        node, path = dup
        raise Problem(f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: {path}: "
                      f"duplicate key '{node.value}'")
    loader = Loader(text)
    try:
        data = loader.construct_document(root)
    finally:
        loader.dispose()
    return data, root


def find_duplicate_key(node, path):
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for k, v in node.value:
            key = k.value
            if key in seen:
                return k, path
            seen.add(key)
            found = find_duplicate_key(v, join(path, key))
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found = find_duplicate_key(item, f"{path}[{i}]")
            if found:
                return found
    return None


def join(path, key):
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def locate(root, parts, key_of_last=None):
    """Mark of the node at `parts` (a key path); of the key itself when key_of_last is set."""
    node = root
    for p in parts:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(p)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(p, int) and p < len(node.value):
            nxt = node.value[p]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    if key_of_last is not None and isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key_of_last:
                return k.start_mark
    return node.start_mark


def dotted(parts):
    path = ""
    for p in parts:
        path = join(path, p)
    return path


def wrong_type(error, depth):
    """Whether an alternative failed only because the value has another type."""
    if len(error.absolute_path) != depth:
        return False
    if error.validator in ("type", "const"):
        return True
    return (error.validator in ("oneOf", "anyOf") and bool(error.context)
            and all(wrong_type(e, depth) for e in error.context))


def describe(error):
    """(error, message): the most specific error and what to say (descends into oneOf/anyOf)."""
    depth = len(error.absolute_path)
    if error.validator in ("oneOf", "anyOf"):
        if not error.context:  # valid under several alternatives
            return error, f"ambiguous: {error.schema.get('description', error.message)}"
        # Drop the alternatives of the wrong type; follow the one that fits the value.
        fitting = [e for e in error.context if not wrong_type(e, depth)]
        simple = all(len(e.absolute_path) == depth and e.validator in ("pattern", "minimum", "maximum")
                     for e in fitting)
        what = error.schema.get("description")
        if fitting and not (simple and what):
            return describe(best_match(fitting))
        if what:
            return error, f"{error.instance!r} is not valid here; expected {what[0].lower() + what[1:]}"
    if error.validator == "allOf" and error.context:
        return describe(best_match(error.context))
    if error.validator == "pattern":
        return error, f"{error.instance!r} does not match {error.validator_value}"
    return error, error.message


def schema_messages(validator, data, root, name):
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        err, msg = describe(err)
        parts = list(err.absolute_path)
        key = None
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = sorted((err.schema.get("properties") or {}).keys())
            extra = [k for k in err.instance if k not in allowed]
            if extra:
                key = extra[0]
                guess = difflib.get_close_matches(str(key), allowed, n=1)
                msg = f"unknown key '{key}'" + (f"; did you mean '{guess[0]}'?" if guess else
                                                f"; expected one of {', '.join(allowed)}")
        mark = locate(root, parts, key)
        out.append(f"{name}:{mark.line + 1}:{mark.column + 1}: {dotted(parts) or '(top)'}: {msg}")
    return out


def check_text(validator, text, name):
    try:
        data, root = compose(text, name)
    except Problem as p:
        return [str(p)]
    return schema_messages(validator, data, root, name)


# Small bad documents the schema must reject: (what, text, a fragment of the expected message).
MINIMAL = """\
version: 1
meta: {name: tiny}
departments:
  urban_management: {staff: 2}
city:
  districts:
    - name: d
      streets:
        - name: s
          %(street_extra)s
          communities:
            - {name: c, population: 1000}
categories:
  litter:
    lead: urban_management
    lowest_level: community
    resolve:
      community: {p: 0.5, work: 30m}
      department: {p: 1, work: {dist: exponential, mean: 2h}}
demand: {per_capita_per_year: 0.5, mix: {litter: 1}}
policies:
  - preset: %(preset)s
"""
GOOD = dict(street_extra="travel: 20m", preset="layered_reporting")
BAD_DOCUMENTS = [
    ("unknown key", MINIMAL % dict(GOOD, street_extra="staf: 3"), "unknown key 'staf'; did you mean 'staff'?"),
    ("bad duration", MINIMAL % dict(GOOD, street_extra="travel: 20 minutes"), "streets[0].travel"),
    ("working time where a calendar duration is required",
     MINIMAL % dict(GOOD, street_extra="travel: 2wh"), "streets[0].travel"),
    ("bad preset", MINIMAL % dict(GOOD, preset="street_whistles"), "policies[0].preset"),
    ("bad name", (MINIMAL % GOOD).replace("name: tiny", "name: Tiny"), "meta.name"),
    ("both districts and generate", (MINIMAL % GOOD).replace(
        "city:\n", "city:\n  generate: {districts: 1, streets_per_district: 1, communities_per_street: 1,"
                   " population: 100}\n"), "city"),
    ("a sweep of two forms", (MINIMAL % GOOD) + "experiment: {sweep: {grid: {a.b: [1]}, points: [{a.b: 1}]}}\n",
     "experiment.sweep"),
    ("distribution key of another family",
     (MINIMAL % GOOD).replace("{dist: exponential, mean: 2h}", "{dist: exponential, mean: 2h, cv: 1}"),
     "unknown key 'cv'"),
]


def self_test(validator):
    failures = []
    good = check_text(validator, MINIMAL % GOOD, "<good>")
    if good:
        failures.append("the minimal good document is rejected:\n  " + "\n  ".join(good))
    for what, text, fragment in BAD_DOCUMENTS:
        msgs = check_text(validator, text, f"<{what}>")
        if not msgs:
            failures.append(f"schema accepts a bad document ({what})")
        elif not any(fragment in m for m in msgs):
            failures.append(f"bad document ({what}): no message contains {fragment!r}:\n  " + "\n  ".join(msgs))
    return failures


def main(argv):
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)

    failures = self_test(validator)
    for f in failures:
        print(f"check_schema: self-test: {f}")

    files = argv[1:] or (sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml"))) +
                         [os.path.join(ROOT, "tests", "sim", "experiment", "sweep_teaching.yaml")])
    if not files:
        print("check_schema: no scenario files found")
        return 2
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        first = text.splitlines()[0] if text else ""
        name = os.path.relpath(path, ROOT)
        msgs = check_text(validator, text, name)
        shipped = os.path.dirname(os.path.abspath(path)) == os.path.join(ROOT, "scenarios")
        if shipped and first.strip() != "# yaml-language-server: $schema=schema/scenario.schema.json":
            msgs.insert(0, f"{name}:1:1: the first line must be "
                           "'# yaml-language-server: $schema=schema/scenario.schema.json'")
        if msgs:
            bad += 1
            print("\n".join(msgs))
        else:
            print(f"ok   {name}")
    print(f"check_schema: {len(files) - bad}/{len(files)} files valid; self-test "
          f"{'passed' if not failures else 'FAILED'} ({len(BAD_DOCUMENTS)} bad documents rejected)"
          if not failures else f"check_schema: {len(files) - bad}/{len(files)} files valid; self-test FAILED")
    return 1 if bad or failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
