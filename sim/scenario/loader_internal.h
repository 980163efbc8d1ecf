// Private to the scenario loader (loader*.cc): the state shared by the section
// readers and the helpers they have in common. Not installed, not included by
// anything outside sim/scenario/loader*.cc.
//
// Each Read* function reads one section, fills its defaults and records every
// problem in the Context's Diagnostics; it never builds anything. The City is
// built (BuildCity) only when no problem was found.
#ifndef ESCALADE_SIM_SCENARIO_LOADER_INTERNAL_H_
#define ESCALADE_SIM_SCENARIO_LOADER_INTERNAL_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"
#include "sim/kernel/calendar.h"
#include "sim/kernel/text.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"
#include "sim/scenario/format.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/trace_mapping.h"

namespace escalade::scenario::internal {

// The reading machinery of sim/io, by its short names.
using io::CheckKeyName;
using io::Diagnostics;
using io::IsName;
using io::KeyEntries;
using io::KeyEntry;
using io::NameIndex;
using io::Node;
using Context = io::ReadContext;
using kernel::Quote;
using kernel::WithThousands;

// Sets of probabilities that must sum to 1 may be off by this much.
inline constexpr double kSumTolerance = 1e-6;
// Upper bounds on counts, so that a typo cannot ask for absurd sizes (the format states
// them: format.h).
inline constexpr std::int64_t kMaxStaff = static_cast<std::int64_t>(format::kMaxStaff);
inline constexpr std::int64_t kMaxPopulation = static_cast<std::int64_t>(format::kMaxPopulation);

model::SourceMark MarkOf(const Node& node);
model::SourceMark MarkOf(const io::Mark& mark);

// Reads a mapping name → probability over the names of `names` (categories, channels)
// into a vector by index; unknown and repeated names are errors, at least one entry is
// required, and the probabilities must sum to 1 within kSumTolerance (the message gives the
// actual sum). The result is divided by its sum so that it sums to 1 exactly.
std::optional<std::vector<double>> ReadMix(const Node& node, std::string_view kind,
                                           const NameIndex& names, Context& context);
// "office" | "always".
std::optional<model::StaffHours> ReadHours(const Node& node);
// A list of references to `names`; repeats are errors. Indices in list order.
std::optional<std::vector<int>> ReadRefList(const Node& node, std::string_view kind,
                                            const NameIndex& names, Context& context);

// --- departments and categories (loader_catalogue.cc) ---

struct Catalogue {
  std::vector<model::DepartmentType> departments;  // every declared entry, in file order
  NameIndex department_names;
  std::vector<model::Category> categories;
  NameIndex category_names;
};
void ReadDepartments(const Node& node, Context& context, Catalogue* catalogue);
// REQUIRES: ReadDepartments ran (leads and assists are resolved against it).
void ReadCategories(const Node& node, Context& context, Catalogue* catalogue);

// --- the city (loader_city.cc) ---

// A unit about to be built; unit.parent is an index into CityPlan::units (or kNoUnit).
struct PlannedUnit {
  model::Unit unit;
  std::string path;  // key path for messages (CityBuilder::SetPath)
};

struct CityPlan {
  std::vector<PlannedUnit> units;  // parents before children
  std::unordered_map<std::string, std::size_t> by_name;
  // False when city could not be read far enough to know its communities:
  // burst references are then not checked.
  bool complete = true;
  bool too_big = false;  // kMaxUnits reached (reported once)
};
// The planned communities by name (index: CityPlan index); complete as the plan.
NameIndex CommunityNames(const CityPlan& plan);
// REQUIRES: ReadCategories ran (community mixes name categories).
void ReadCity(const Node& node, const Catalogue& catalogue, Context& context, CityPlan* plan);
// Builds the planned city through CityBuilder and reports its problems, each
// located by its mark or else by its key path resolved in `root`.
// `ids` receives the UnitId of each planned unit.
// REQUIRES: no problem found so far (the plan is complete and consistent).
std::optional<model::City> BuildCity(const YAML::Node& root, const Catalogue& catalogue,
                                     const CityPlan& plan, Context& context,
                                     std::vector<model::UnitId>* ids);

// --- the demand (loader_demand.cc) ---

struct TimeFrame {
  kernel::CivilDate start{2024, 1, 1};     // calendar.start
  bool start_valid = true;                 // false: calendar.start had an error
  std::optional<kernel::SimTime> horizon;  // experiment.horizon, when valid
};
// Communities are left as CityPlan indices (RemapDemandCommunities turns them
// into UnitIds after the build).
// With `trace:`, the mapping goes to *trace and only people/money/urgent are
// read into *demand.
void ReadDemand(const Node& node, const std::string& scenario_path, const Catalogue& catalogue,
                const CityPlan& plan, const TimeFrame& frame, Context& context,
                model::DemandSpec* demand, std::optional<trace::TraceMapping>* trace);
// Burst, sensor and backlog communities: CityPlan indices → UnitIds.
void RemapDemandCommunities(const std::vector<model::UnitId>& ids, model::DemandSpec* demand);

// --- the policy arms (loader_policies.cc) ---

// `names` receives the arms' names (for experiment.baseline); incomplete when an arm could
// not be read.
void ReadPolicies(const Node& node, Context& context, std::vector<PolicyChoice>* policies,
                  NameIndex* names);

// --- experiment.sweep (sweep_spec.cc) ---

// `node` is experiment.sweep; `document` the whole file, against which every
// key path is checked. Problems are recorded at their entries.
void ReadSweep(const Node& node, const YAML::Node& document, SweepSpec* spec);
// The node that holds the last part of `key` in `document` (a mapping, a
// sequence, or a policy arm's `set:` mapping, created when absent), or nullopt
// with *error saying what part of the path names nothing.
std::optional<YAML::Node> FindKeyPath(YAML::Node document, const std::string& key,
                                      std::string* error);
// Replaces the value at `key` in `document` (which it modifies).
bool AssignKeyPath(YAML::Node document, const std::string& key, const YAML::Node& value,
                   std::string* error);

}  // namespace escalade::scenario::internal

#endif  // ESCALADE_SIM_SCENARIO_LOADER_INTERNAL_H_
