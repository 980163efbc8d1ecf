#!/usr/bin/python3
"""Writes the committed bad-input corpus: cases/{scenario,mapping,trace}/* and cases.tsv.

Each case is one of the valid files of base/ with exactly one defect. cases.tsv lists, per
case, the command that reads it and a fragment its message must contain, with the place:

    NAME <TAB> COMMAND <TAB> INPUT <TAB> EXPECTED

COMMAND is `validate` (a scenario file), `mapping` (a mapping file named by a copy of
base/trace.yaml), `demand` or `run` (a trace CSV read through base/trace.yaml with --trace).
INPUT is relative to this folder. In EXPECTED, {file} stands for the input's path as escalade
prints it (run_bad_input.py substitutes it).

The place is worked out here from the edit: in the replacement text, `^` marks where the
message must point (it is removed). For YAML files that is LINE:COL, for CSV files LINE
(trace messages are `file:line: column 'X': ...`). Without `^` the message is file-level.

Do not edit cases/ by hand: change a case(...) below and run `/usr/bin/python3 generate.py`.
Inputs too big or too odd to commit (megabyte strings, alias bombs, deep nesting, binary
garbage, FIFOs, directories) are made at test time by run_bad_input.py.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = {
    "validate": ("base/small.yaml", "scenario", ".yaml"),
    "mapping": ("base/trace.mapping.yaml", "mapping", ".yaml"),
    "demand": ("base/trace.csv", "trace", ".csv"),
    "run": ("base/trace.csv", "trace", ".csv"),
}
CASES = []


def case(command, name, old, new, expect, somewhere=False):
    """One case: the base file of `command` with `old` (which must occur once) replaced by
    `new`; `expect` is the message after the place ("key.path: message"). `somewhere`: the
    message is located, but at a place the edit cannot mark (a key that was removed is
    reported at its parent; a syntax error where the parser gives up)."""
    base_path, folder, ext = BASE[command]
    with open(os.path.join(HERE, base_path), encoding="utf-8", newline="") as f:
        text = f.read()
    if command == "mapping":  # the cases live two folders below base/
        text = text.replace("  file: trace.csv", "  file: ../../base/trace.csv")
    if old is not None:
        assert text.count(old) == 1, (name, old)
    marker = new.find("^")
    new_text = new.replace("^", "", 1)
    if old is None:  # replace the whole file
        at, text = 0, new_text
    else:
        at = text.index(old)
        text = text[:at] + new_text + text[at + len(old):]
    if marker >= 0:
        offset = at + marker
        # Lines end at LF, CRLF or a lone CR (as the CSV reader and yaml-cpp count them).
        before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        place = f"{line}:{col}: " if ext == ".yaml" else f"{line}: "
        expected = "{file}:" + place + expect
    elif somewhere:
        expected = "{file}:{place}" + expect
    else:
        expected = "{file}: " + expect
    rel = f"cases/{folder}/{name}{ext}"
    CASES.append((name, command, rel, expected, text))


# ---------------------------------------------------------------------------------------
# Scenario files (escalade validate). tests/sim/scenario/malformed/ already covers most single
# defects of the loader (run_bad_input.py runs it too); these add what it lacks.

V = "validate"
case(V, "rate_negative", "per_capita_per_year: 0.2", "per_capita_per_year: ^-0.2",
     "demand.per_capita_per_year: expected a number")
case(V, "rate_infinite", "per_capita_per_year: 0.2", "per_capita_per_year: ^.inf",
     "demand.per_capita_per_year: expected a")
case(V, "rate_huge_literal", "per_capita_per_year: 0.2", "per_capita_per_year: ^1e999",
     "demand.per_capita_per_year: expected a")
case(V, "rate_string", "per_capita_per_year: 0.2", "per_capita_per_year: ^lots",
     "demand.per_capita_per_year: expected a number")
case(V, "staff_zero", "  environment:\n    staff: 2", "  environment:\n    staff: ^0",
     "departments.environment.staff: expected an integer")
case(V, "staff_huge", "  environment:\n    staff: 2",
     "  environment:\n    staff: ^99999999999999999999999999", "departments.environment.staff: ")
case(V, "grids_huge", "grids: 2", "grids: ^4000000000",
     "city.districts[0].streets[0].communities[0].grids: expected an integer between 0 and")
case(V, "horizon_overflow", "horizon: 30d", "horizon: ^9999999999999999999d",
     "experiment.horizon: ")
case(V, "horizon_nan", "horizon: 30d", "horizon: ^.nan", "experiment.horizon: ")
case(V, "work_infinite", "grid: {p: 0.4, work: 30m}", "grid: {p: 0.4, work: ^1e400h}",
     "categories.noise.resolve.grid.work: ")
case(V, "lognormal_mean_inf", "{dist: lognormal, mean: 1h, cv: 0.5}",
     "{dist: lognormal, mean: ^1e308h, cv: 0.5}",
     "categories.noise.resolve.community.work.mean: ")
case(V, "unknown_level_in_resolve", "      grid: {p: 0.4, work: 30m}",
     "      ^province: {p: 0.4, work: 30m}", "categories.noise.resolve.province: unknown level 'province'")
case(V, "unknown_policy_parameter", "  - preset: street_whistle",
     "  - preset: street_whistle\n    set: {^report_dedline: 30m}",
     "policies[1].set.report_dedline: ")
case(V, "policy_parameter_wrong_type", "  - preset: street_whistle",
     "  - preset: street_whistle\n    set: {report_deadline: ^soon}",
     "policies[1].set.report_deadline: ")
case(V, "alias_cycle", "  title: One street, two communities",
     "  title: One street, two communities\n  sources: &loop [a, ^*loop]",
     "alias *loop refers to a node that contains it (a cycle)")
case(V, "merge_key_unknown", "  urban_management:\n    staff: 3",
     "  urban_management:\n    ^<<: {staff: 3}", "departments.urban_management")
case(V, "enforcement_team_cycle_ref", "departments: [urban_management]}",
     "departments: [urban_management, ^urban_management]}",
     "city.districts[0].streets[0].enforcement_team.departments[1]: ")
case(V, "date_month_zero", "start: 2024-01-01", "start: ^2024-00-10", "calendar.start: ")
case(V, "date_huge_year", "start: 2024-01-01", "start: ^99999-01-01", "calendar.start: ")
case(V, "utc_offset_huge", "  start: 2024-01-01", "  start: 2024-01-01\n  utc_offset: ^\"+99:00\"",
     "calendar.utc_offset: ")
case(V, "time_range_25h", '["09:00-12:00", "13:30-18:00"]', '[^"09:00-25:00"]',
     "calendar.working_hours.weekdays")
case(V, "mapping_key_is_a_list", "meta:\n  name: small", "meta:\n  ^[name]: small",
     "meta")
case(V, "utf16_text", None, "\ufeffversion: 1\n", "")  # rewritten below as UTF-16

# ---------------------------------------------------------------------------------------
# Mapping files (escalade validate on a scenario whose demand.trace names them).

M = "mapping"
case(M, "syntax_unclosed_flow", "map: {HEAT: heat}", "map: {HEAT: heat", "syntax error: end of map flow not found", somewhere=True)
case(M, "top_level_list", None, "^- version: 1\n- trace: {file: trace.csv}\n", "expected a mapping")
case(M, "version_2", "version: 1", "version: ^2", "version: ")
case(M, "unknown_top_level_key", "columns:\n", "^colums:\n", "colums: unknown key 'colums'")
case(M, "missing_trace", "trace:\n  file: ../../base/trace.csv\n  utc_offset: \"-05:00\"\n  order: ascending\n",
     "", "trace: is required", somewhere=True)
case(M, "missing_file", "  file: ../../base/trace.csv\n", "", "trace.file: is required", somewhere=True)
case(M, "utc_offset_out_of_range", 'utc_offset: "-05:00"', 'utc_offset: ^"-25:00"',
     "trace.utc_offset: ")
case(M, "utc_offset_number", 'utc_offset: "-05:00"', "utc_offset: ^-5", "trace.utc_offset: ")
case(M, "order_unknown", "order: ascending", "order: ^random",
     "trace.order: expected 'ascending'")
case(M, "created_missing",
     '  created: {column: Created, format: "%m/%d/%Y %I:%M:%S %p"}\n', "",
     "columns.created: is required", somewhere=True)
case(M, "format_unknown_directive", 'created: {column: Created, format: "%m/%d/%Y %I:%M:%S %p"}',
     'created: {column: Created, format: ^"%m/%d/%Q"}',
     "columns.created.format: unknown directive %Q")
case(M, "format_ampm_without_12h", 'closed: {column: Closed, format: "%m/%d/%Y %I:%M:%S %p"}',
     'closed: {column: Closed, format: ^"%m/%d/%Y %H:%M %p"}', "columns.closed.format: ")
case(M, "format_no_year", "target: {column: Due, format: iso}",
     "target: {column: Due, format: ^\"%m/%d\"}", "columns.target.format: ")
case(M, "format_lone_percent", "target: {column: Due, format: iso}",
     "target: {column: Due, format: ^\"%Y-%m-%d %\"}", "columns.target.format: ")
case(M, "column_not_a_string", "created: {column: Created,", "created: {column: ^[Created],",
     "columns.created.column: ")
case(M, "origin_unknown_community", '"02 SOUTH": south', '"02 SOUTH": ^sooth',
     "columns.origin.map.02 SOUTH: unknown community 'sooth'")
case(M, "category_unknown", "map: {HEAT: heat}", "map: {HEAT: ^hot}",
     "columns.category.map.HEAT: unknown category 'hot'")
case(M, "channel_unknown", "map: {PHONE: hotline, WEB: app}", "map: {PHONE: hotline, WEB: ^web}",
     "columns.channel.map.WEB: unknown channel 'web'")
case(M, "department_unknown", "map: {HPD: housing}", "map: {HPD: ^housing_dept}",
     "columns.department.map.HPD: unknown department 'housing_dept'")
case(M, "otherwise_missing", "    otherwise: other\n", "", "columns.category.otherwise: is required",
     somewhere=True)
case(M, "otherwise_unknown", "    otherwise: other\n", "    otherwise: ^miscellaneous\n",
     "columns.category.otherwise: unknown category 'miscellaneous'")
case(M, "map_value_twice", 'map: {"01 NORTH": north, "02 SOUTH": south}',
     'map: {"01 NORTH": north, ^"01 NORTH": south}', "columns.origin.map")
case(M, "map_not_a_mapping", "map: {HPD: housing}", "map: ^[HPD, housing]", "columns.department.map")
case(M, "drop_not_a_list", "drop:\n  - {column: Source, values: [Employee Generated], reason: internal work}",
     "drop: ^{column: Source}", "drop: expected a list")
case(M, "drop_values_empty", "values: [Employee Generated]", "values: ^[]",
     "drop[0].values: expected a non-empty list")
case(M, "column_not_in_trace", "  origin:\n    column: Board", "  origin:\n    column: ^Borad",
     "columns.origin.column: the trace ")
case(M, "drop_column_not_in_trace", "{column: Source,", "{column: ^Sourc,",
     "drop[0].column: the trace ")
case(M, "trace_file_is_a_directory", "  file: ../../base/trace.csv", "  file: ^.", "trace.file: cannot read the trace")

# ---------------------------------------------------------------------------------------
# Traces (escalade demand / run with --trace): one bad row each (or a bad header).

D = "demand"
ROW1 = "1001,12/25/2013 12:05:00 AM,12/25/2013 03:00:00 AM,2013-12-26T00:05,01 NORTH,HEAT,PHONE,HPD,Phone"
ROW2 = "1002,12/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web"
HEADER = "Key,Created,Closed,Due,Board,Type,Via,Agency,Source"
case(D, "empty", None, "", "the trace is empty (no header row)")
case(D, "blank_lines_only", None, "\n\n\r\n", "the trace is empty (no header row)")
case(D, "header_missing_column", HEADER, HEADER.replace(",Board", ""), "")  # see below
case(D, "wrong_field_count", ROW2, "^" + ROW2 + ",extra", "has 10 fields; the header has 9")
case(D, "too_few_fields", ROW2, "^1002,12/25/2013 01:10:30 AM", "has 2 fields; the header has 9")
case(D, "created_empty", ROW2, "^1002,,,,02 SOUTH,PLUMBING,WEB,HPD,Web", "column 'Created': is empty")
case(D, "created_iso_not_format", ROW2, "^1002,2013-12-25 01:10:30,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': ")
case(D, "created_month_13", ROW2, "^1002,13/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': expected month")
case(D, "created_february_30", ROW2, "^1002,02/30/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': 2013-02-30 does not exist")
case(D, "created_hour_13_pm", ROW2, "^1002,12/25/2013 13:10:30 PM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': ")
case(D, "created_second_60", ROW2, "^1002,12/25/2013 01:10:60 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': ")
case(D, "created_trailing_text", ROW2, "^1002,12/25/2013 01:10:30 AM EST,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': trailing text")
case(D, "created_year_5_digits", ROW2, "^1002,12/25/20131 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': ")
case(D, "created_huge_numbers", ROW2,
     "^1002,99999999999999999999/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': ")
case(D, "closed_bad", ROW2, "^1002,12/25/2013 01:10:30 AM,12/32/2013 10:00:00 AM,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Closed': ")
case(D, "target_bad_iso", ROW2, "^1002,12/25/2013 01:10:30 AM,,2013-12-26T25:00,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Due': ")
case(D, "unmapped_origin", ROW2, "^1002,12/25/2013 01:10:30 AM,,,19 MANHATTAN,PLUMBING,WEB,HPD,Web",
     "column 'Board': value '19 MANHATTAN' is not in the origin map")
case(D, "unmapped_department", ROW2, "^1002,12/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,DOITT,Web",
     "column 'Agency': value 'DOITT' is not in the department map")
case(D, "id_not_digits", ROW2, "^10A2,12/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Key': expected an id of at most 18 digits")
case(D, "id_19_digits", ROW2, "^1234567890123456789,12/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Key': expected an id of at most 18 digits")
case(D, "id_negative", ROW2, "^-1002,12/25/2013 01:10:30 AM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Key': ")
case(D, "out_of_order", ROW2, "^1002,12/24/2013 11:10:30 PM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': created '12/24/2013 11:10:30 PM' is earlier than the row before it (line 2)")
case(D, "unterminated_quote", '1004,12/25/2013 11:59:59 PM,,,"02 SOUTH",',
     '^1004,12/25/2013 11:59:59 PM,,,"02 SOUTH,', "quoted field opened on line 5 is never closed")
case(D, "nul_byte", ROW2, "^1002,12/25/2013 01:10:30 AM,,,02 SO\0UTH,PLUMBING,WEB,HPD,Web",
     "contains a NUL byte")
case(D, "invalid_utf8_cell", ROW2, "^1002,12/25/2013 01:10:30 AM,,,02 S\udcffUTH,PLUMBING,WEB,HPD,Web",
     "column 'Board': value ")
case(D, "crlf_and_bom", None,
     "\ufeff" + HEADER + "\r\n" + ROW1 + "\r\n^1002,12/25/2013 1:10:30,,,02 SOUTH,PLUMBING,WEB,HPD,Web\r\n",
     "column 'Created': ")
case(D, "cr_line_ends", None,
     HEADER + "\r" + ROW1 + "\r^1002,,,,02 SOUTH,PLUMBING,WEB,HPD,Web\r", "column 'Created': is empty")
case(D, "quoted_line_break_then_bad", ROW2,
     "1002,12/25/2013 01:10:30 AM,,,02 SOUTH,\"PLUMB\nING\",WEB,HPD,Web\n"
     "^1003,12/25/2013 01:10:30 AM,,,02 SOUTH,HEAT,WEB,HPD", "has 8 fields; the header has 9")
R = "run"
case(R, "run_unmapped_origin", ROW2, "^1002,12/25/2013 01:10:30 AM,,,03 EAST,PLUMBING,WEB,HPD,Web",
     "column 'Board': value '03 EAST' is not in the origin map")
case(R, "run_out_of_order", ROW2, "^1002,12/24/2013 11:10:30 PM,,,02 SOUTH,PLUMBING,WEB,HPD,Web",
     "column 'Created': created '12/24/2013 11:10:30 PM' is earlier than the row before it")


def encode(name, text):
    if name == "utf16_text":
        return ("\ufeffversion: 1\nmeta: {name: x}\n").encode("utf-16-le")
    # Lone surrogates stand for raw bytes (invalid UTF-8 on purpose).
    return text.encode("utf-8", "surrogateescape")


def main():
    # Fix-ups the edit language above cannot express.
    fixed = []
    for name, command, rel, expected, text in CASES:
        if name == "utf16_text":
            expected = "{file}:1:4: binary data, not YAML (a NUL byte)"
        if name == "header_missing_column":
            # The mapping's column is missing from the CSV: located in the mapping file.
            expected = ("{mapping}:13:13: columns.origin.column: the trace {file} has no "
                        "column 'Board'")
        fixed.append((name, command, rel, expected, text))
    for folder in ("scenario", "mapping", "trace"):
        shutil.rmtree(os.path.join(HERE, "cases", folder), ignore_errors=True)
        os.makedirs(os.path.join(HERE, "cases", folder))
    lines = ["# Generated by generate.py: NAME, COMMAND, INPUT, EXPECTED (tab-separated)."]
    for name, command, rel, expected, text in fixed:
        with open(os.path.join(HERE, rel), "wb") as f:
            f.write(encode(name, text))
        assert "\t" not in expected and "\n" not in expected, name
        lines.append("\t".join((name, command, rel, expected)))
    with open(os.path.join(HERE, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(fixed)} cases written")


if __name__ == "__main__":
    main()
