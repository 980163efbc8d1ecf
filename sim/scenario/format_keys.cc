// The scenario format's named types and its top-level sections: the file, `meta`,
// `calendar`, `departments`, `categories`, `policies` and `experiment` (the city is
// format_keys_city.cc, the demand format_keys_demand.cc). Contract in format.h; the prose
// around these tables is scenarios/FORMAT.md.
#include <string_view>
#include <vector>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/io/names.h"
#include "sim/model/city.h"
#include "sim/scenario/format.h"

namespace escalade::scenario::format {
namespace {

std::vector<std::string_view> LevelNames() {
  std::vector<std::string_view> names;
  for (int i = 0; i < model::kLevelCount; ++i) {
    names.push_back(model::LevelName(static_cast<model::Level>(i)));
  }
  return names;
}

// Every preset and C++ rule a policy arm may name: the policy registry's.
std::vector<std::string_view> PresetNames() {
  std::vector<std::string_view> names;
  for (const policies::PresetInfo& preset : policies::Presets()) names.push_back(preset.name);
  for (const policies::RuleInfo& rule : policies::Rules()) names.push_back(rule.name);
  return names;
}

// A policy parameter's value, from the type the registry gives it.
Type ParameterType(const policies::Parameter& parameter) {
  const std::string_view type = parameter.type;
  if (type == "duration") {
    if (parameter.default_text == "none") {
      return Named(OneOf({Ref("calendar_duration"), Enum({"none"})}), "calendar duration or none");
    }
    return Ref("calendar_duration");
  }
  if (type == "probability") return Ref("probability");
  if (type == "number") return Number();
  if (type == "integer") return Integer();
  if (type == "bool") return Bool();
  if (type.find('|') != std::string_view::npos) {
    std::vector<std::string_view> allowed;
    std::size_t start = 0;
    while (start <= type.size()) {
      std::size_t bar = type.find('|', start);
      if (bar == std::string_view::npos) bar = type.size();
      allowed.push_back(type.substr(start, bar - start));
      start = bar + 1;
    }
    return Enum(std::move(allowed));
  }
  return Any();
}

Section PolicySettings() {
  Section section{.id = "policy_settings",
                  .where = "policies[].set",
                  .doc =
                      "overrides of the preset's rules, by parameter name (`escalade policies` "
                      "lists them with their defaults)"};
  for (const policies::Parameter& parameter : policies::Parameters()) {
    section.keys.push_back({.name = parameter.name,
                            .type = ParameterType(parameter),
                            .default_text = parameter.default_text,
                            .unit = parameter.unit,
                            .doc = parameter.help});
  }
  return section;
}

}  // namespace

std::vector<Definition> ScalarDefinitions() {
  return {
      {"name", "a name: [a-z][a-z0-9_]*, at most 64 characters",
       [] {
         Type name = String("^[a-z][a-z0-9_]*$");
         name.max_length = io::kMaxNameLength;
         return name;
       }(),
       "name"},
      {"duration",
       "a duration with a unit: 90s, 30m, 2h, 1.5h, 7d, 2w; working time on the unit's "
       "calendar: 4wh (working hours), 5wd (whole working days); 0 alone means zero",
       OneOf({String("^(0|[0-9]+(\\.[0-9]+)?(s|m|h|d|w|wh)|[0-9]+wd)$"), Integer(0, 0)}),
       "duration"},
      {"calendar_duration",
       "a calendar (elapsed) duration: 90s, 30m, 2h, 1.5h, 7d, 2w, or 0; working units (wh, "
       "wd) are refused here",
       OneOf({String("^(0|[0-9]+(\\.[0-9]+)?(s|m|h|d|w))$"), Integer(0, 0)}), "calendar duration"},
      {"date", "a date YYYY-MM-DD", String("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
       "date `YYYY-MM-DD`"},
      {"date_time", "a local date-time YYYY-MM-DDTHH:MM, or a date YYYY-MM-DD (midnight)",
       String(
           "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9])?$"),
       "date-time `YYYY-MM-DDTHH:MM`"},
      {"time_range",
       "a working interval \"HH:MM-HH:MM\" in local time (24:00 allowed as an end); quote it",
       String("^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"),
       "`\"HH:MM-HH:MM\"`"},
      {"utc_offset", "a fixed offset from UTC, +HH:MM or -HH:MM, at most 14:00 (quote it)",
       String("^[+-](0[0-9]|1[0-3]):[0-5][0-9]$|^[+-]14:00$"), "`±HH:MM`"},
      {"probability", "a probability in [0, 1]", Number(0, 1), "probability"},
      {"hours", "staffing calendar: office = the scenario calendar's working hours; always = 24x7",
       Enum({"office", "always"}), ""},
      {"level", "a level a demand climbs, lowest first", Enum(LevelNames()), ""},
      {"staff_count", "servers (people or crews) on duty at the same time", Integer(1, kMaxStaff),
       ""},
      {"time_distribution",
       "a time distribution: a duration (a fixed value, e.g. 45m) or a mapping with `dist`, "
       "whose values are calendar durations (mean: 2h)",
       {.kind = Kind::kTimeDistribution},
       "time distribution"},
      {"plain_distribution",
       "a count or money distribution: a number (a fixed value) or a mapping with `dist`, whose "
       "values are plain numbers (mean: 3)",
       {.kind = Kind::kPlainDistribution},
       "count distribution"},
  };
}

void AddTopSections(std::vector<Section>* sections) {
  sections->push_back(
      {.id = "scenario",
       .where = "(the file)",
       .doc = "a scenario of escalade, format version 1",
       .keys = {
           {.name = "version",
            .type = Integer(1, 1),
            .required = true,
            .doc = "the format version; the only version there is"},
           {.name = "meta", .type = Of("meta"), .required = true, .doc = "what the scenario is"},
           {.name = "calendar",
            .type = Of("calendar"),
            .default_text = "office hours from 2024-01-01",
            .doc = "the calendar: start date, time zone, office hours, holidays"},
           {.name = "departments",
            .type = Named(MapOf(Of("department"), 1), "name → mapping"),
            .required = true,
            .doc = "department types (职能部门); every district gets one unit of each, named "
                   "`<district>.<department>`"},
           {.name = "city",
            .type = Of("city"),
            .required = true,
            .doc = "the governance graph: districts, streets, communities, grids, the hotline"},
           {.name = "categories",
            .type = Named(MapOf(Of("category"), 1), "name → mapping"),
            .required = true,
            .doc = "the demand categories (the catalogue)"},
           {.name = "demand",
            .type = Of("demand"),
            .required = true,
            .doc = "how demands arrive: rate per resident, profiles, mix, channels, bursts, or a "
                   "replayed trace"},
           {.name = "policies",
            .type = Named(List(Of("policy"), 1), "list"),
            .required = true,
            .doc = "the policies compared; each entry runs as one arm"},
           {.name = "experiment",
            .type = Of("experiment"),
            .default_text = "the defaults below",
            .doc = "how the experiment runs"},
       }});
  sections->push_back(
      {.id = "meta",
       .where = "meta",
       .doc = "what the scenario is",
       .keys = {
           {.name = "name",
            .type = Ref("name"),
            .required = true,
            .doc = "scenario identifier; names the results folder `results/<name>/`"},
           {.name = "title", .type = String(), .default_json = "\"\"", .doc = "one-line title"},
           {.name = "description",
            .type = String(),
            .default_json = "\"\"",
            .doc = "what the scenario is for"},
           {.name = "sources",
            .type = Named(List(String()), "list of strings"),
            .default_json = "[]",
            .doc = "where the numbers come from"},
       }});
  sections->push_back(
      {.id = "calendar",
       .where = "calendar",
       .doc = "the calendar: start date, time zone, office hours, holidays",
       .keys = {
           {.name = "start",
            .type = Ref("date"),
            .default_json = "\"2024-01-01\"",
            .doc = "simulation time 0 is local midnight of this date"},
           {.name = "utc_offset",
            .type = Ref("utc_offset"),
            .default_json = "\"+08:00\"",
            .doc = "local time zone as a fixed offset (for traces stamped in UTC)"},
           {.name = "working_hours",
            .type = Named(Of("working_hours"), "mapping"),
            .default_json = R"({"weekdays": ["09:00-12:00", "13:30-18:00"]})",
            .default_text = "office hours",
            .doc = "day keys → lists of intervals; replaces the default entirely (see below)"},
           {.name = "holidays",
            .type = Named(UniqueList(Ref("date")), "list of dates"),
            .default_json = "[]",
            .doc = "closed all day"},
           {.name = "makeup_workdays",
            .type = Named(UniqueList(Ref("date")), "list of dates"),
            .default_json = "[]",
            .doc = "weekend days worked with Monday's hours (调休)"},
       }});
  const Type ranges = Named(List(Ref("time_range")), "list of `\"HH:MM-HH:MM\"`");
  sections->push_back(
      {.id = "working_hours",
       .where = "calendar.working_hours",
       .doc = "day keys → lists of \"HH:MM-HH:MM\"; a single day wins over a shorthand; days not "
              "mentioned are closed",
       .keys = {
           {.name = "weekdays", .type = ranges, .doc = "Monday to Friday"},
           {.name = "weekend", .type = ranges, .doc = "Saturday and Sunday"},
           {.name = "monday", .type = ranges, .doc = "Monday (wins over weekdays)"},
           {.name = "tuesday", .type = ranges, .doc = "Tuesday (wins over weekdays)"},
           {.name = "wednesday", .type = ranges, .doc = "Wednesday (wins over weekdays)"},
           {.name = "thursday", .type = ranges, .doc = "Thursday (wins over weekdays)"},
           {.name = "friday", .type = ranges, .doc = "Friday (wins over weekdays)"},
           {.name = "saturday", .type = ranges, .doc = "Saturday (wins over weekend)"},
           {.name = "sunday", .type = ranges, .doc = "Sunday (wins over weekend)"},
       }});
  sections->push_back({.id = "department",
                       .where = "departments.<name>",
                       .doc = "a department type",
                       .keys = {
                           {.name = "label",
                            .type = String(),
                            .default_text = "the name",
                            .doc = "display name, e.g. `\"城管 Urban management\"`"},
                           {.name = "staff",
                            .type = Ref("staff_count"),
                            .required = true,
                            .doc = "crews on duty in each district"},
                           {.name = "hours",
                            .type = Ref("hours"),
                            .default_json = "\"office\"",
                            .doc = "staffing calendar"},
                           {.name = "enforcement",
                            .type = Bool(),
                            .default_json = "false",
                            .doc = "holds enforcement powers (执法权)"},
                           {.name = "travel",
                            .type = Ref("calendar_duration"),
                            .default_json = "\"15m\"",
                            .doc = "from the department's base to its district seat"},
                       }});
  sections->push_back(
      {.id = "category",
       .where = "categories.<name>",
       .doc = "a demand category: who owns it and who can resolve it",
       .keys = {
           {.name = "label", .type = String(), .default_text = "the name", .doc = "display name"},
           {.name = "lead",
            .type = Named(Ref("name"), "department"),
            .required = true,
            .doc = "the department that owns the demand at department level"},
           {.name = "assist",
            .type = Named(UniqueList(Ref("name")), "list of departments"),
            .default_json = "[]",
            .doc = "co-handlers that must also act (joint work)"},
           {.name = "lowest_level",
            .type = Ref("level"),
            .required = true,
            .doc = "the lowest level able to resolve it"},
           {.name = "enforcement",
            .type = Bool(),
            .default_json = "false",
            .doc = "resolving needs enforcement powers (执法权)"},
           {.name = "resolve",
            .type = Named(Of("resolve"), "mapping level → `{p, work}`"),
            .required = true,
            .doc = "per level at or above `lowest_level`: the probability that the level "
                   "resolves it, and the work time; must have a `department` entry and at least "
                   "one `p > 0`"},
           {.name = "mediation",
            .type = Named(Of("resolution"), "`{p, work}`"),
            .default_text = "none",
            .doc = "a mediation room can resolve it (disputes)"},
           {.name = "volunteers",
            .type = Named(Of("resolution"), "`{p, work}`"),
            .default_text = "none",
            .doc = "a volunteer team can resolve it (small tasks)"},
       }});
  Section resolve{.id = "resolve",
                  .where = "categories.<name>.resolve",
                  .doc = "per level at or above lowest_level: {p, work}",
                  .min_keys = 1};
  for (std::string_view level : LevelNames()) {
    resolve.keys.push_back({.name = level,
                            .type = Named(Of("resolution"), "`{p, work}`"),
                            .required = level == "department",
                            .doc = "how this level resolves the category"});
  }
  sections->push_back(std::move(resolve));
  sections->push_back(
      {.id = "resolution",
       .where = "categories.<name>.resolve.<level>",
       .doc = "how a level (or a room, or a team) resolves a category: probability and work time",
       .keys =
           {
               {.name = "p",
                .type = Ref("probability"),
                .required = true,
                .doc = "probability that it resolves the demand (else the demand escalates)"},
               {.name = "work",
                .type = Ref("time_distribution"),
                .required = true,
                .doc = "work time"},
           },
       .definition = true});
  sections->push_back({.id = "policy",
                       .where = "policies[]",
                       .doc = "one arm of the comparison",
                       .keys =
                           {
                               {.name = "preset",
                                .type = Named(Enum(PresetNames()), "preset or rule name"),
                                .required = true,
                                .doc = "a shipped preset or C++ rule (`escalade policies`)"},
                               {.name = "name",
                                .type = Ref("name"),
                                .default_text = "the preset's name",
                                .doc = "name of this arm; unique among the arms"},
                               {.name = "set",
                                .type = Named(Of("policy_settings"), "parameter → value"),
                                .default_text = "none",
                                .doc = "overrides of the preset's rules, by parameter name"},
                           },
                       .definition = true});
  sections->push_back(PolicySettings());
  sections->push_back(
      {.id = "experiment",
       .where = "experiment",
       .doc = "how the experiment runs",
       .keys = {
           {.name = "replications",
            .type = Integer(1, kMaxReplications),
            .default_json = "10",
            .doc = "independent replications per policy"},
           {.name = "horizon",
            .type = Ref("calendar_duration"),
            .default_json = "\"365d\"",
            .doc = "simulated time per replication (> 0): the demands created in [warmup, "
                   "horizon) are measured, each followed to its end past the horizon (a "
                   "cool-down, at most 365 days; README \"Intervals, independence and the "
                   "measurement window\")"},
           {.name = "warmup",
            .type = Ref("calendar_duration"),
            .default_json = "\"0s\"",
            .doc = "discarded at the start; shorter than the horizon; `escalade run` checks it "
                   "with MSER-5"},
           {.name = "seed", .type = Integer(0), .default_json = "1", .doc = "scenario seed"},
           {.name = "baseline",
            .type = Named(Ref("name"), "policy name"),
            .default_text = "the first policy",
            .doc = "the policy others are compared with"},
           {.name = "sweep",
            .type = Named(Of("sweep"), "mapping"),
            .default_text = "none",
            .doc = "parameters varied over points (`escalade sweep`), below"},
       }});
  const Type key_paths_to_values = Named(MapOf(List(Scalar(), 1)), "key path → list of values");
  Type grid = key_paths_to_values;
  grid.any_keys = true;
  Type point = MapOf(Scalar(), 1);
  point.any_keys = true;
  Type bounds = MapOf(List(OneOf({Number(), Ref("duration")}), 2, 2), 1);
  bounds.any_keys = true;
  sections->push_back(
      {.id = "sweep",
       .where = "experiment.sweep",
       .doc = "parameters addressed by key path, varied over points: exactly one of grid, "
              "points, latin_hypercube",
       .keys =
           {
               {.name = "grid",
                .type = grid,
                .doc = "the full product of the values, the last key varying fastest"},
               {.name = "points",
                .type = Named(List(point, 1), "list of `{key path: value}`"),
                .doc = "an explicit list, each point setting the same keys in the same order"},
               {.name = "latin_hypercube",
                .type = Named(Of("latin_hypercube"), "mapping"),
                .doc = "`points` points over ranges, one stratum per point on every axis"},
           },
       .forms = {{.required = {"grid"}},
                 {.required = {"points"}},
                 {.required = {"latin_hypercube"}}},
       .one_form = true});
  sections->push_back(
      {.id = "latin_hypercube",
       .where = "experiment.sweep.latin_hypercube",
       .doc = "a Latin hypercube over ranges",
       .keys = {
           {.name = "points",
            .type = Integer(1, kMaxSweepPoints),
            .required = true,
            .doc = "how many points"},
           {.name = "seed",
            .type = Integer(0),
            .default_json = "1",
            .doc = "seed of the draw: the points are the same on every machine"},
           {.name = "ranges",
            .type = Named(bounds, "key path → `[low, high]`"),
            .required = true,
            .doc = "numbers (whole numbers when both bounds are integers) or durations of one "
                   "kind"},
       }});
}

}  // namespace escalade::scenario::format
