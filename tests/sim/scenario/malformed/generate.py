#!/usr/bin/env python3
"""Regenerates the malformed-scenario corpus: python3 generate.py (from any directory).

Each case is kValidSmall (the valid base scenario in ../malformed_test.cc) with exactly one
edit, and a first line `# expect: LINE:COL: key.path: message` giving the diagnostic the
loader must produce. LINE:COL is computed from an anchor in the edited text ('|' marks the
column inside the anchor; (text, k) is the k-th occurrence; (line, col) is given as is),
counting the expect line itself, so the numbers are those of the committed file.
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
_TEST = open(os.path.join(HERE, '..', 'malformed_test.cc')).read()
BASE = _TEST[_TEST.index('R"yaml(') + len('R"yaml('):_TEST.index(')yaml"')]
OUT = sys.argv[1] if len(sys.argv) > 1 else HERE

def sub(text, old, new, count=1):
    n = text.count(old)
    assert n >= 1, (old, 'not found')
    if count == 1:
        assert n == 1, (old, 'ambiguous', n)
    return text.replace(old, new, count)

def loc(text, anchor):
    """1-based line:col of `anchor` (str, or (str, k) for the k-th occurrence) in the
    text as committed (the expect line comes first, so lines shift by one)."""
    if anchor is None:
        return ''
    if isinstance(anchor, tuple) and isinstance(anchor[0], int):
        return f'{anchor[0]}:{anchor[1]}: '
    if isinstance(anchor, tuple) and anchor[0] is None:
        return loc(text, anchor[1]).split(':')[0] + ': '
    if isinstance(anchor, tuple):
        s, k = anchor
    else:
        s, k = anchor, 0
    shift = s.index('|') if '|' in s else 0
    s = s.replace('|', '')
    if not isinstance(anchor, tuple):
        assert text.count(s) == 1, (s, 'anchor ambiguous', text.count(s))
    pos = -1
    for _ in range(k + 1):
        pos = text.index(s, pos + 1)
    pos += shift
    line = text.count('\n', 0, pos) + 2
    col = pos - (text.rfind('\n', 0, pos) + 1) + 1
    return f'{line}:{col}: '

CASES = []
def case(name, edits, at, expect, text=None):
    CASES.append((name, edits, at, expect, text))

# --- YAML syntax -----------------------------------------------------------------
case('syntax_unclosed_bracket', [('holidays: [2024-10-01]', 'holidays: [2024-10-01')],
     (11, 18), "end of sequence flow not found (a '[' is not closed by a ']')")
case('syntax_bad_indentation', [('    staff: 3\n    enforcement: true',
                                  '    staff: 3\n      enforcement: true')],
     (15, 18), 'illegal map value')
# yaml-cpp itself only says "end of map not found" one column after the tab.
case('syntax_tab_indentation', [('    staff: 2\n', '\tstaff: 2\n')], (17, 1), 'tab')
# yaml-cpp 0.7 accepts a double-quoted string left open up to the end of the file: the
# rest of the file becomes the label, and only "is required" errors for the swallowed
# sections would remain. The reader should say where the quote opened.
case('syntax_unclosed_quote', [('    hours: always\n    travel: 20m\n',
                                '    hours: always\n    travel: 20m\n    label: "Environment bureau\n')],
     'label: |"Environment', 'not closed')
case('syntax_undefined_alias', [('    staff: 2\n', '    staff: *crew\n')], (17, 12),
     'the referenced anchor is not defined')
case('two_documents', None, '---',
     "a second YAML document starts here; expected exactly one", text=BASE + '---\nversion: 1\n')
case('comments_only', None, None,
     'the file is empty; expected a mapping with version, meta, departments, city, categories, '
     'demand and policies',
     text='# A scenario that lost its content: only comments remain.\n# version: 1\n')
case('top_level_list', None, (2, 1), 'expected a mapping, got a list',
     text='- version: 1\n- meta: {name: small}\n')

# --- top level ----------------------------------------------------------------------
case('version_missing', [('version: 1\n', '')], 'meta:', 'version: is required')
case('version_2', [('version: 1', 'version: 2')], 'version: |2',
     'version: unsupported version 2; this escalade reads version 1')
case('missing_meta', [('meta:\n  name: small\n  title: One street, two communities\n', '')],
     'version', 'meta: is required')
case('missing_departments',
     [(BASE[BASE.index('departments:'):BASE.index('city:')], '')], 'version',
     'departments: is required')
case('missing_city', [(BASE[BASE.index('city:'):BASE.index('categories:')], '')], 'version',
     'city: is required')
case('missing_policies',
     [(BASE[BASE.index('policies:'):BASE.index('experiment:')], '')], 'version',
     'policies: is required')
case('unknown_top_level_key', [('\ndepartments:\n', '\ndepartmnets:\n')], 'departmnets',
     "departmnets: unknown key 'departmnets'; did you mean 'departments'?")
case('unknown_nested_key', [('    staff: 3', '    staf: 3')], '|staf: 3',
     "departments.urban_management.staf: unknown key 'staf'; did you mean 'staff'?")
case('duplicate_key', [('    staff: 2\n', '    staff: 2\n    staff: 3\n')], ('    |staff: 3', 1),
     "departments.environment.staff: duplicate key 'staff' (first at line 17)")
case('department_name_invalid', [('  environment:\n', '  Environment-Bureau:\n'),
                                 ('lead: environment', 'lead: Environment-Bureau')],
     'Environment-Bureau:', "invalid department name 'Environment-Bureau'")

# --- types and numbers --------------------------------------------------------------
case('staff_string', [('    staff: 3', '    staff: three')], 'three',
     'departments.urban_management.staff: expected an integer between 1 and 1000000, got "three"')
case('staff_empty', [('    staff: 3', '    staff:')], '    |staff:\n',
     'departments.urban_management.staff: expected an integer between 1 and 1000000, got an empty '
     'value')
case('enforcement_team_list', [('enforcement_team: {staff: 2, departments: [urban_management]}',
                                'enforcement_team: [urban_management]')], '[urban',
     'city.districts[0].streets[0].enforcement_team: expected a mapping, got a list')
case('staff_negative', [('    staff: 3', '    staff: -2')], 'staff: |-2',
     'departments.urban_management.staff: expected an integer between 1 and 1000000, got "-2"')
case('staff_fraction', [('    staff: 2\n', '    staff: 1.5\n')], '1.5',
     'departments.environment.staff: expected an integer between 1 and 1000000, got "1.5"')
case('bool_yes', [('    staff: 3\n    enforcement: true', '    staff: 3\n    enforcement: yes')], 'yes',
     'departments.urban_management.enforcement: expected true or false')
case('population_negative', [('population: 18000', 'population: -1')], 'population: |-1',
     'city.districts[0].streets[0].communities[1].population: expected an integer between 0 and '
     '1000000000, got "-1"')
case('rate_nan', [('per_capita_per_year: 0.2', 'per_capita_per_year: .nan')], '.nan',
     'demand.per_capita_per_year: expected a number between 0 and 1e+06, got ".nan"')
case('multiplier_inf', [('multiplier: 2.0', 'multiplier: .inf')], '.inf',
     'demand.bursts[0].multiplier: expected a number between 0 and 1e+06, got ".inf"')
case('rate_overflow', [('per_capita_per_year: 0.2', 'per_capita_per_year: 1e999')], '1e999',
     'demand.per_capita_per_year: expected a number between 0 and 1e+06, got "1e999" (out of range)')
case('population_beyond_int64', [('population: 25000', 'population: 99999999999999999999')],
     'population: |9999', 'city.districts[0].streets[0].communities[0].population: expected an '
     'integer between 0 and 1000000000, got "99999999999999999999" (out of range)')
case('seed_beyond_int64', [('replications: 2\n', 'replications: 2\n  seed: 9223372036854775808\n')],
     '9223372036854775808', 'experiment.seed: expected an integer >= 0, got '
     '"9223372036854775808" (out of range)')
case('replications_too_many', [('replications: 2', 'replications: 100001')], '100001',
     'experiment.replications: expected an integer between 1 and 100000, got "100001"')
case('hours_unknown', [('    hours: always\n    travel', '    hours: sometimes\n    travel')],
     'sometimes',
     "departments.environment.hours: expected office (the scenario calendar) or always (24x7); "
     "got 'sometimes'")
case('lowest_level_unknown', [('lowest_level: street', 'lowest_level: city')], 'lowest_level: |city',
     "categories.street_vending.lowest_level: unknown level 'city'; expected one of: grid, community, "
     "street, district, department")
case('name_uppercase', [('name: small', 'name: Small')], 'Small',
     'meta.name: expected a name: a lowercase letter, then lowercase letters, digits or \'_\', at '
     'most 64 characters; got "Small"')
case('hour_of_day_short', [('  urgent: 0.05\n', '  urgent: 0.05\n  hour_of_day: [' +
                            ', '.join(['1'] * 23) + ']\n')], '[1',
     'demand.hour_of_day: expected a list of 24 numbers >= 0 with a positive sum, got a list of 23')

# --- durations, dates, hours ---------------------------------------------------------
case('duration_unknown_unit', [('    travel: 20m', '    travel: 3 parsecs')], '3 parsecs',
     'departments.environment.travel: expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; '
     'got "3 parsecs" (unknown unit "parsecs")')
case('duration_negative', [('travel: 25m', 'travel: -5m')], '-5m',
     'city.districts[0].streets[0].travel: expected a calendar duration such as 90s, 30m, 2h, 7d '
     'or 2w; got "-5m" (negative durations are not allowed)')
case('duration_working_days_in_calendar', [('duration: 3d', 'duration: 5wd')], '5wd',
     'demand.bursts[0].duration: expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got '
     '"5wd" (working time is not allowed here)')
case('duration_space', [('warmup: 1d', 'warmup: 2 h')], '2 h',
     'experiment.warmup: expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got "2 h" '
     '(no space allowed between number and unit)')
case('work_without_unit', [('grid: {p: 0.4, work: 30m}', 'grid: {p: 0.4, work: 30}')],
     'work: |30}',
     'categories.noise.resolve.grid.work: expected a calendar duration such as 90s, 30m, 2h, 7d or '
     '2w; got "30" (missing unit)')
case('horizon_zero', [('horizon: 30d', 'horizon: 0s')], 'horizon: |0s',
     'experiment.horizon: must be longer than 0')
case('date_february_30', [('start: 2024-01-01', 'start: 2024-02-30')], '2024-02-30',
     'calendar.start: expected a date as YYYY-MM-DD, such as 2024-10-01; got "2024-02-30" '
     '(2024-02 has 29 days)')
case('utc_offset_bad', [('  start: 2024-01-01\n', '  start: 2024-01-01\n  utc_offset: "+8"\n')],
     '"+8"', 'calendar.utc_offset: expected a UTC offset as +HH:MM or -HH:MM, such as +08:00; got "+8"')
case('hours_reversed', [('weekdays: ["09:00-12:00", "13:30-18:00"]', 'weekdays: ["18:00-09:00"]')],
     '"18', 'calendar.working_hours.weekdays[0]: expected a time range as HH:MM-HH:MM, such as '
     '09:00-12:00; got "18:00-09:00" (the start must be before the end)')
case('hours_overlapping', [('"13:30-18:00"', '"11:30-18:00"')], '"11:30',
     'calendar.working_hours.weekdays[1]: time range "11:30-18:00" starts before the previous '
     'range "09:00-12:00" ends')
case('holiday_also_makeup', [('holidays: [2024-10-01]', 'holidays: [2024-10-01, 2024-09-29]')],
     ('2024-09-29', 1), 'calendar.makeup_workdays[0]: 2024-09-29: also listed in holidays')
case('makeup_on_weekday', [('makeup_workdays: [2024-09-29]', 'makeup_workdays: [2024-09-30]')],
     '2024-09-30', 'calendar.makeup_workdays[0]: 2024-09-30: is a Monday; make-up workdays are '
     'Saturdays or Sundays')

# --- names and references ------------------------------------------------------------
case('duplicate_community', [('- name: yangtai', '- name: tangwei')],
     ('tangwei', 1), "city.districts[0].streets[0].communities[1].name: duplicate unit name "
     "'tangwei': the community at city.districts[0].streets[0].communities[0] (line 29) has it")
case('duplicate_unit_across_levels', [('- name: yangtai', '- name: fenghuang')],
     ('fenghuang', 1), "city.districts[0].streets[0].communities[1].name: duplicate unit name "
     "'fenghuang': the street at city.districts[0].streets[0] (line 25) has it")
case('duplicate_department', [('  environment:\n    staff: 2\n', '  environment:\n    staff: 2\n  environment:\n    staff: 5\n')],
     ('environment:', 1), "departments.environment: department 'environment' is declared twice (first at line 16)")
case('duplicate_category', [('categories:\n', 'categories:\n  noise:\n    lead: environment\n'
                             '    lowest_level: department\n    resolve:\n'
                             '      department: {p: 1, work: 1h}\n')],
     ('  |noise:', 1), "categories.noise: category 'noise' is declared twice (first at line 37)")
case('duplicate_policy_name', [('  - preset: street_whistle\n', '  - preset: street_whistle\n'
                                '  - preset: street_whistle\n')],
     ('street_whistle', 1), "policies[2]: duplicate policy name 'street_whistle' (policies[1] has "
     "it already)")
case('lead_unknown_department', [('lead: environment', 'lead: enviroment')], 'enviroment',
     "categories.noise.lead: unknown department 'enviroment'; did you mean 'environment'?")
case('assist_unknown_department', [('    lead: urban_management\n',
                                    '    lead: urban_management\n    assist: [police]\n')],
     'police', "categories.street_vending.assist[0]: unknown department 'police'; expected one "
     "of: urban_management, environment")
case('burst_unknown_community', [('communities: [tangwei]', 'communities: [tangwie]')], 'tangwie',
     "demand.bursts[0].communities[0]: unknown community 'tangwie'; did you mean 'tangwei'?")
case('burst_names_a_street', [('communities: [tangwei]', 'communities: [fenghuang]')],
     '[|fenghuang]', "demand.bursts[0].communities[0]: 'fenghuang' is a street, not a community")
case('burst_before_start', [('start: 2024-01-20', 'start: 2023-12-20')], '2023-12-20',
     'demand.bursts[0].start: starts before calendar.start (2024-01-01)')
case('enforcement_team_unknown_department', [('departments: [urban_management]',
                                              'departments: [urban_managment]')],
     'urban_managment', "city.districts[0].streets[0].enforcement_team.departments[0]: "
     "unknown department 'urban_managment'; did you mean 'urban_management'?")
case('enforcement_team_without_powers', [('departments: [urban_management]',
                                          'departments: [urban_management, environment]')],
     'environment]', "city.districts[0].streets[0].enforcement_team.departments[1]: department "
     "'environment' has no enforcement powers")
case('mix_unknown_category', [('mix: {noise: 0.7, street_vending: 0.3}',
                               'mix: {noise: 0.7, street_vendng: 0.3}')], 'street_vendng',
     "demand.mix.street_vendng: unknown category 'street_vendng'; did you mean 'street_vending'?")
case('baseline_not_a_policy', [('baseline: layered_reporting', 'baseline: hotline_direct')],
     'hotline_direct', "experiment.baseline: unknown policy 'hotline_direct'; expected one of: "
     "layered_reporting, street_whistle")
case('preset_unknown', [('preset: street_whistle', 'preset: street_whistel')], 'street_whistel',
     "policies[1].preset: unknown preset 'street_whistel'; did you mean 'street_whistle'?")

# --- probabilities -------------------------------------------------------------------
case('mix_sum', [('mix: {noise: 0.7, street_vending: 0.3}', 'mix: {noise: 0.7, street_vending: 0.2}')],
     'mix: |{noise: 0.7', 'demand.mix: probabilities sum to 0.9; they must sum to 1 (within 1e-6)')
case('community_mix_sum', [('mix: {noise: 0.5, street_vending: 0.5}', 'mix: {noise: 0.5, street_vending: 0.4}')],
     '{noise: 0.5', 'city.districts[0].streets[0].communities[1].mix: probabilities sum to 0.9; '
     'they must sum to 1 (within 1e-6)')
case('channels_sum', [('channels: {hotline: 0.8, app: 0.2}', 'channels: {hotline: 0.8, app: 0.3}')],
     '{hotline', 'demand.channels: probabilities sum to 1.1; they must sum to 1 (within 1e-6)')
# 0.7 + 0.2 is 0.8999999999999999 in binary; the message should print 0.9 as the mixes do.
case('mixture_sum', [('{p: 0.3, dist: uniform', '{p: 0.2, dist: uniform')], '|- {p: 0.7',
     "categories.street_vending.resolve.department.work.components: the components' p sum to 0.9; "
     "expected 1 (within 1e-6)")
case('probability_above_one', [('urgent: 0.05', 'urgent: 1.5')], '1.5',
     'demand.urgent: expected a probability between 0 and 1, got "1.5"')
case('resolve_p_negative', [('street: {p: 0.6', 'street: {p: -0.6')], '-0.6',
     'categories.street_vending.resolve.street.p: expected a probability between 0 and 1, got "-0.6"')

# --- categories -----------------------------------------------------------------------
case('resolve_below_lowest_level', [('      street: {p: 0.6', '      community: {p: 0.2, work: 1h}\n      street: {p: 0.6')],
     'community: {p: 0.2', "categories.street_vending.resolve.community: level 'community' is below "
     "lowest_level 'street'")
case('resolve_missing_department', [('      department: {p: 1, work: 2h}\n', '')], 'resolve:\n      |grid',
     "categories.noise.resolve: needs a 'department' entry")
case('resolve_all_zero', [('grid: {p: 0.4', 'grid: {p: 0'), ('community: {p: 0.5', 'community: {p: 0'),
                          ('department: {p: 1, work: 2h}', 'department: {p: 0, work: 2h}')],
     ('grid:', 0), 'categories.noise.resolve: every p is 0; at least one level must be able to '
     'resolve the category (p > 0)')

# --- city -----------------------------------------------------------------------------
case('districts_and_generate', [('  districts:\n', '  generate: {districts: 2, streets_per_district: 1, '
                                 'communities_per_street: 2, grids_per_community: 1, population: 20000, seed: 7}\n'
                                 '  districts:\n')], '  |hotline',
     'city: has both districts and generate; give one: an explicit tree or a generator')
case('generate_too_big',
     [(BASE[BASE.index('  districts:\n'):BASE.index('categories:')],
       '  generate:\n    districts: 999\n    streets_per_district: 100\n'
       '    communities_per_street: 100\n    grids_per_community: 10\n'
       '    population: 20000\n    seed: 7\n'),
      ('      communities: [tangwei]\n', '')],
     '    |districts: 999', 'city.generate: would make up to 109992897 units (grids included); '
     'escalade supports at most 1,000,000')
case('street_without_communities', [('categories:\n', '        - name: guanguang\n          communities: []\ncategories:\n')],
     '[]', 'city.districts[0].streets[1].communities: expected at least one community')

# --- experiment, distributions -------------------------------------------------------
case('warmup_not_before_horizon', [('warmup: 1d', 'warmup: 30d')], 'warmup: |30d',
     'experiment.warmup: must be shorter than the horizon (30d)')
case('dist_unknown_kind', [('dist: lognormal', 'dist: lognormol')], 'lognormol',
     "categories.noise.resolve.community.work.dist: unknown distribution 'lognormol'; did you mean 'lognormal'?")
case('dist_extra_key', [('{dist: exponential, mean: 1h}', '{dist: exponential, mean: 1h, cv: 0.5}')],
     'exponential, mean: 1h, |cv', "categories.street_vending.resolve.street.work.cv: unknown key 'cv'")
# Reported at the distribution (work), not at its cv key.
case('lognormal_cv_zero', [('cv: 0.5', 'cv: 0')], '|{dist: lognormal',
     'categories.noise.resolve.community.work: lognormal: cv must be a finite number > 0')

def main():
    os.makedirs(OUT, exist_ok=True)
    for name, edits, at, expect, text in CASES:
        if text is None:
            text = BASE
            for old, new in edits:
                text = sub(text, old, new)
            assert text != BASE, name
        try:
            where = loc(text, at)
        except (AssertionError, ValueError) as e:
            print('ANCHOR', name, e); continue
        out = f'# expect: {where}{expect}\n' + text
        with open(os.path.join(OUT, name + '.yaml'), 'w') as f:
            f.write(out)
    print(len(CASES), 'cases')

main()
