// The scenario loader's driver and its small sections: `version`, `meta`,
// `calendar`, `experiment`; and SizeSummary. The other sections are in
// loader_catalogue.cc, loader_city.cc, loader_demand.cc and loader_policies.cc.
//
// Decisions where FORMAT.md is silent (also in the loader's report):
//  - a `version` other than 1 stops the load at once (the rest would be read
//    against the wrong format); a missing version is reported with the rest;
//  - sections are read in dependency order (departments before categories
//    before city; policies before experiment before demand, whose bursts need
//    the horizon), but every section is read whatever failed before it;
//  - calendar.start defaults to 2024-01-01 and `working_hours`, when given,
//    replaces the default office hours entirely (days not mentioned are closed);
//  - the calendar is only created (Calendar::Create) when its section read
//    without error, so that its errors are not echoes of earlier ones;
//  - experiment.horizon must be > 0.
#include "sim/scenario/loader.h"

#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/loader_internal.h"
#include "sim/trace/mapping_loader.h"

namespace escalade::scenario {
namespace {

using internal::Context;
using internal::Diagnostics;
using internal::KeyEntry;
using internal::MarkOf;
using internal::NameIndex;
using internal::Node;
using internal::Quote;

void ReadMeta(const Node& node, Meta* meta) {
  if (!node.defined()) {
    node.Error("is required: a mapping with at least name");
    return;
  }
  node.CheckKeys(format::KeysOf("meta"));
  if (!node.IsMap()) return;
  meta->name = node["name"].AsName().value_or("");
  if (node.Has("title")) meta->title = node["title"].AsString().value_or("");
  if (node.Has("description")) meta->description = node["description"].AsString().value_or("");
  if (node.Has("sources")) {
    const Node sources = node["sources"];
    if (!sources.IsSequence()) {
      sources.Error("expected a list of strings");
      return;
    }
    for (const Node& item : sources.Items()) {
      if (std::optional<std::string> text = item.AsString()) meta->sources.push_back(*text);
    }
  }
}

std::vector<kernel::CivilDate> ReadDates(const Node& node) {
  std::vector<kernel::CivilDate> dates;
  if (!node.IsSequence()) {
    node.Error("expected a list of dates (YYYY-MM-DD)");
    return dates;
  }
  for (const Node& item : node.Items()) {
    if (std::optional<kernel::CivilDate> date = item.AsDate()) dates.push_back(*date);
  }
  return dates;
}

constexpr std::array<const char*, 7> kDayKeys = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};

// working_hours: day keys → interval lists; a single day wins over its shorthand;
// days not mentioned are closed.
void ReadWorkingHours(const Node& node, kernel::Calendar::Options* options) {
  node.CheckKeys(format::KeysOf("working_hours"));
  if (!node.IsMap()) return;
  std::array<std::vector<kernel::WorkingInterval>, 7> hours;
  auto read = [&node](const char* key, int first, int last,
                      std::array<std::vector<kernel::WorkingInterval>, 7>* out) {
    if (!node.Has(key)) return;
    const std::optional<std::vector<kernel::WorkingInterval>> ranges = node[key].AsTimeRanges();
    if (!ranges) return;
    for (int day = first; day <= last; ++day) (*out)[static_cast<std::size_t>(day)] = *ranges;
  };
  read("weekdays", 0, 4, &hours);
  read("weekend", 5, 6, &hours);
  for (int day = 0; day < 7; ++day) read(kDayKeys[static_cast<std::size_t>(day)], day, day, &hours);
  options->hours = std::move(hours);
}

struct CalendarSection {
  kernel::Calendar::Options options = kernel::Calendar::OfficeHours(kernel::CivilDate{2024, 1, 1});
  int utc_offset_minutes = 480;
  bool start_valid = true;                   // calendar.start absent or valid
  std::optional<kernel::Calendar> calendar;  // when the section is valid
};

// Places one line of Calendar::Create's report (see ReadCalendar).
void ReportCalendarProblem(const Node& calendar, const std::string& line) {
  for (const char* key : {"holidays", "makeup_workdays", "hours"}) {
    const std::string_view prefix(key);
    if (line.compare(0, prefix.size(), prefix) != 0) continue;
    const char* file_key = prefix == "hours" ? "working_hours" : key;
    if (!calendar.Has(file_key)) break;
    const Node list = calendar[file_key];
    std::string rest = line.substr(prefix.size());
    if (prefix != "hours" && !rest.empty() && rest[0] == '[') {
      const std::size_t close = rest.find(']');
      const std::string digits = close == std::string::npos ? "" : rest.substr(1, close - 1);
      const std::vector<Node> items = list.Items();
      if (!digits.empty() && digits.size() < 9 &&
          digits.find_first_not_of("0123456789") == std::string::npos &&
          std::stoul(digits) < items.size()) {
        std::size_t from = close + 1;
        while (from < rest.size() && rest[from] == ' ') ++from;
        items[std::stoul(digits)].Error(rest.substr(from));
        return;
      }
    }
    list.Error(line);
    return;
  }
  calendar.Error(line);
}

void ReadCalendar(const Node& node, Diagnostics& diags, CalendarSection* section) {
  const std::size_t errors_before = diags.size();
  kernel::Calendar::Options& options = section->options;
  if (node.defined()) {
    node.CheckKeys(format::KeysOf("calendar"));
    if (node.IsMap()) {
      if (node.Has("start")) {
        const std::optional<kernel::CivilDate> start = node["start"].AsDate();
        if (start) options.start_date = *start;
        section->start_valid = start.has_value();
      }
      if (node.Has("utc_offset")) {
        section->utc_offset_minutes =
            node["utc_offset"].AsUtcOffsetMinutes().value_or(section->utc_offset_minutes);
      }
      if (node.Has("working_hours")) ReadWorkingHours(node["working_hours"], &options);
      if (node.Has("holidays")) options.holidays = ReadDates(node["holidays"]);
      if (node.Has("makeup_workdays")) options.makeup_workdays = ReadDates(node["makeup_workdays"]);
    }
  }
  if (diags.size() != errors_before) return;
  kernel::Result<kernel::Calendar> calendar = kernel::Calendar::Create(options);
  if (calendar.ok()) {
    section->calendar.emplace(std::move(calendar).value());
    return;
  }
  // One diagnostic per line of Create's report, at the key it is about:
  // "makeup_workdays[1] 2024-09-30: is a Monday; ..." goes to that list item,
  // "hours: no working interval ..." to working_hours. Every list item was read
  // (else Create is not called), so Create's indices are the file's.
  const std::string& message = calendar.status().message();
  std::size_t begin = 0;
  while (begin < message.size()) {
    std::size_t end = message.find('\n', begin);
    if (end == std::string::npos) end = message.size();
    const std::string line = message.substr(begin, end - begin);
    begin = end + 1;
    if (line.empty()) continue;
    ReportCalendarProblem(node, line);
  }
}

void ReadExperiment(const Node& node, const YAML::Node& document,
                    const std::vector<PolicyChoice>& policies, const NameIndex& policy_names,
                    Context& context, ExperimentSpec* spec,
                    std::optional<kernel::SimTime>* valid_horizon) {
  bool horizon_ok = true;
  if (node.defined()) {
    node.CheckKeys(format::KeysOf("experiment"));
    if (node.IsMap() && node.Has("sweep")) internal::ReadSweep(node["sweep"], document, &spec->sweep);
    if (node.IsMap()) {
      if (node.Has("replications")) {
        spec->replications =
            static_cast<int>(node["replications"]
                                 .AsInt(1, static_cast<std::int64_t>(format::kMaxReplications))
                                 .value_or(spec->replications));
      }
      if (node.Has("horizon")) {
        const Node horizon = node["horizon"];
        const std::optional<kernel::SimTime> value = horizon.AsCalendarDuration();
        if (!value) {
          horizon_ok = false;
        } else if (*value <= 0) {
          horizon.Error("must be longer than 0");
          horizon_ok = false;
        } else {
          spec->horizon = *value;
        }
      }
      if (node.Has("warmup")) {
        const Node warmup = node["warmup"];
        if (const std::optional<kernel::SimTime> value = warmup.AsCalendarDuration()) {
          spec->warmup = *value;
          if (horizon_ok && *value >= spec->horizon) {
            warmup.Error("must be shorter than the horizon (" +
                         kernel::FormatDuration(kernel::Duration::Calendar(spec->horizon)) + ")");
          }
        }
      }
      if (node.Has("seed")) {
        const std::optional<std::int64_t> seed =
            node["seed"].AsInt(0, std::numeric_limits<std::int64_t>::max());
        if (seed) spec->seed = static_cast<std::uint64_t>(*seed);
      }
      if (node.Has("baseline")) {
        const Node baseline = node["baseline"];
        if (context.Resolve(baseline, "policy", policy_names)) {
          spec->baseline = baseline.AsString().value_or("");
        }
      }
    } else {
      horizon_ok = false;
    }
  }
  if (spec->baseline.empty() && !policies.empty()) spec->baseline = policies.front().name;
  if (horizon_ok) *valid_horizon = spec->horizon;
}

std::string ErrorCount(std::size_t n, const std::string& path) {
  return std::to_string(n) + (n == 1 ? " error in " : " errors in ") + path;
}

// The whole load from a parsed document; nothing escapes but the Result.
kernel::Result<Scenario> LoadDocument(const YAML::Node& document, const std::string& path,
                                      Diagnostics& diags, std::size_t errors_before) {
  auto failed = [&]() -> kernel::Result<Scenario> {
    return kernel::Status::BadInput(ErrorCount(diags.size() - errors_before, path));
  };
  Context context(diags);
  const Node root(document, "", &diags);
  root.CheckKeys(format::KeysOf("scenario"));
  if (!root.IsMap()) return failed();
  const Node version = root["version"];
  if (!version.defined()) {
    version.Error("is required: version: 1");
  } else if (const std::optional<std::int64_t> v =
                 version.AsInt(std::numeric_limits<std::int64_t>::min(),
                               std::numeric_limits<std::int64_t>::max())) {
    if (*v != 1) {
      version.Error("unsupported version " + std::to_string(*v) +
                    "; this escalade reads version 1");
      return failed();
    }
  }

  Scenario scenario;
  scenario.path = path;
  ReadMeta(root["meta"], &scenario.meta);
  CalendarSection calendar;
  ReadCalendar(root["calendar"], diags, &calendar);
  internal::Catalogue catalogue;
  internal::ReadDepartments(root["departments"], context, &catalogue);
  internal::ReadCategories(root["categories"], context, &catalogue);
  internal::CityPlan plan;
  internal::ReadCity(root["city"], catalogue, context, &plan);
  NameIndex policy_names;
  internal::ReadPolicies(root["policies"], context, &scenario.policies, &policy_names);
  internal::TimeFrame frame;
  frame.start = calendar.options.start_date;
  frame.start_valid = calendar.start_valid;
  ReadExperiment(root["experiment"], document, scenario.policies, policy_names, context, &scenario.experiment,
                 &frame.horizon);
  internal::ReadDemand(root["demand"], path, catalogue, plan, frame, context, &scenario.demand,
                       &scenario.trace);
  if (diags.size() != errors_before || !calendar.calendar) return failed();

  // Everything checked: build.
  std::vector<model::UnitId> ids;
  std::optional<model::City> city = internal::BuildCity(document, catalogue, plan, context, &ids);
  if (!city || diags.size() != errors_before) return failed();
  scenario.city = std::move(*city);
  internal::RemapDemandCommunities(ids, &scenario.demand);
  if (scenario.trace) trace::RemapTraceOrigins(ids, &*scenario.trace);
  scenario.calendar = std::move(*calendar.calendar);
  scenario.utc_offset_minutes = calendar.utc_offset_minutes;
  return scenario;
}

template <typename Parse>
kernel::Result<Scenario> Load(const std::string& path, Diagnostics& diags, Parse parse) {
  const std::size_t errors_before = diags.size();
  try {
    std::optional<YAML::Node> document = parse();
    if (!document) {
      if (diags.size() == errors_before) diags.Add(0, 0, "", "could not read the file");
      return kernel::Status::BadInput(ErrorCount(diags.size() - errors_before, path));
    }
    return LoadDocument(*document, path, diags, errors_before);
  } catch (const std::exception& e) {
    diags.Add(0, 0, "", std::string("internal error while loading: ") + e.what());
  } catch (...) {
    diags.Add(0, 0, "", "internal error while loading");
  }
  return kernel::Status::Internal(ErrorCount(diags.size() - errors_before, path));
}

std::string Counted(std::size_t n, const char* one, const char* many) {
  return internal::WithThousands(static_cast<std::int64_t>(n)) + " " + (n == 1 ? one : many);
}

}  // namespace

kernel::Result<Scenario> LoadScenarioPoint(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& assignments,
    Diagnostics& diags) {
  return Load(path, diags, [&]() -> std::optional<YAML::Node> {
    std::optional<YAML::Node> document =
        io::ParseYamlFile(path, diags, {}, format::ExpectedDocument());
    if (!document) return std::nullopt;
    for (const auto& [key, text] : assignments) {
      std::optional<YAML::Node> value = io::ParseYamlString(text, diags);
      std::string error;
      if (!value || !internal::AssignKeyPath(*document, key, *value, &error)) {
        diags.Add(0, 0, "experiment.sweep", "sweep key '" + key + "': " + error);
        return std::nullopt;
      }
    }
    return document;
  });
}

kernel::Result<Scenario> LoadScenario(const std::string& path, Diagnostics& diags) {
  return Load(path, diags,
              [&] { return io::ParseYamlFile(path, diags, {}, format::ExpectedDocument()); });
}

kernel::Result<Scenario> LoadScenarioFromString(std::string_view yaml,
                                                const std::string& display_path,
                                                Diagnostics& diags) {
  return Load(display_path, diags,
              [&] { return io::ParseYamlString(yaml, diags, {}, format::ExpectedDocument()); });
}

std::string SizeSummary(const Scenario& scenario) {
  const model::City& city = scenario.city;
  auto count = [&city](model::UnitKind kind) { return city.OfKind(kind).size(); };
  std::int64_t residents = 0;
  for (model::UnitId id : city.OfKind(model::UnitKind::kCommunity)) {
    residents += city.unit(id).population;
  }
  const double per_year =
      std::round(static_cast<double>(residents) * scenario.demand.per_capita_per_year);
  const std::string demand =
      scenario.trace ? "demand replayed from " + scenario.trace->file
                     : "~" + Counted(static_cast<std::size_t>(per_year), "demand/year",
                                     "demands/year");
  return scenario.meta.name + ": " +
         Counted(count(model::UnitKind::kDistrict), "district", "districts") + ", " +
         Counted(count(model::UnitKind::kStreet), "street", "streets") + ", " +
         Counted(count(model::UnitKind::kCommunity), "community", "communities") + ", " +
         Counted(count(model::UnitKind::kGrid), "grid", "grids") + ", " +
         Counted(count(model::UnitKind::kDepartment), "department unit", "department units") +
         " (" + Counted(city.departments().size(), "type", "types") + "), " +
         Counted(city.categories().size(), "category", "categories") + ", " +
         Counted(static_cast<std::size_t>(residents), "resident", "residents") + ", " + demand +
         ", " +
         Counted(scenario.policies.size(), "policy", "policies") +
         (scenario.experiment.sweep.points.empty()
              ? ""
              : ", a sweep of " +
                    Counted(scenario.experiment.sweep.points.size(), "point", "points") +
                    " over " + Counted(scenario.experiment.sweep.keys.size(), "key", "keys"));
}

}  // namespace escalade::scenario
