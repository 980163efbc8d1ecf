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

#include "sim/kernel/calendar.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"
#include "sim/scenario/trace_mapping.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace escalade::scenario::internal {

// Sets of probabilities that must sum to 1 may be off by this much.
inline constexpr double kSumTolerance = 1e-6;
// Upper bounds on counts, so that a typo cannot ask for absurd sizes.
inline constexpr std::int64_t kMaxStaff = 1'000'000;
inline constexpr std::int64_t kMaxPopulation = 1'000'000'000;

model::SourceMark MarkOf(const Node& node);
// [a-z][a-z0-9_]*, at most 64 characters (as Node::AsName).
bool IsName(std::string_view text);
// 'text' in single quotes, cut to 64 characters.
std::string Quote(std::string_view text);
// "1,093,000".
std::string WithThousands(std::int64_t value);

// The names of one kind (departments, categories, policies, ...), in
// declaration order, with hash lookup.
class NameIndex {
 public:
  // Adds `name` with `index` unless already present; returns the index of the
  // earlier entry when it is.
  std::optional<int> Insert(const std::string& name, int index);
  std::optional<int> Find(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  // One more than the largest index inserted: the size of a vector indexed by them.
  std::size_t slots() const { return slots_; }

  // False when the section declaring the names could not be read (missing or
  // not a mapping): references to unknown names are then not reported, since
  // they would only echo that first error.
  bool complete = true;

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> names_;
  std::size_t slots_ = 0;
};

class Context {
 public:
  explicit Context(Diagnostics& diags) : diags_(diags) {}
  Diagnostics& diags() const { return diags_; }

  // "unknown department 'urban_managment'; did you mean 'urban_management'?",
  // or "...; expected one of: a, b, c" when there are few names and none is close.
  std::string Unknown(std::string_view kind, std::string_view name,
                      const std::vector<std::string>& candidates);
  // Resolves a reference (a string naming an entry of `names`); records
  // "unknown <kind> ..." at `node` when it names nothing.
  std::optional<int> Resolve(const Node& node, std::string_view kind, const NameIndex& names);

 private:
  Diagnostics& diags_;
  // Suggestions cost O(candidates × length²); past this many a file is
  // hopeless anyway, and the rest get the plain message (no quadratic blow-up).
  int suggestions_left_ = 500;
};

// A mapping entry with the place of its key (messages about a name point at it).
struct KeyEntry {
  std::string key;
  model::SourceMark key_mark;
  Node value;
};
// Entries of a mapping in file order, as Node::Entries() but with the place of
// each key, and a repeated key reported in the caller's words: "<what> 'x'
// <twice> (first at line N)", e.g. "department 'water' is declared twice (first
// at line 12)"; the repeat is skipped. A non-mapping records an error.
std::vector<KeyEntry> KeyEntries(const Node& map, std::string_view what, std::string_view twice,
                                 Context& context);
// Records an error at the key when `entry.key` is not a valid name.
bool CheckKeyName(const KeyEntry& entry, std::string_view kind, Context& context);

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
                model::DemandSpec* demand, std::optional<TraceMapping>* trace);
// Burst, sensor and backlog communities: CityPlan indices → UnitIds.
void RemapDemandCommunities(const std::vector<model::UnitId>& ids, model::DemandSpec* demand);

// --- a replayed trace (loader_trace.cc) ---

// `node` is demand.trace: the mapping file's path, relative to the scenario
// file. The mapping's problems are reported with the mapping file's name.
// Origins are left as CityPlan indices (RemapTraceOrigins turns them into
// UnitIds after the build).
std::optional<TraceMapping> ReadTraceMapping(const Node& node, const std::string& scenario_path,
                                             const Catalogue& catalogue, const CityPlan& plan,
                                             Context& context);
void RemapTraceOrigins(const std::vector<model::UnitId>& ids, TraceMapping* mapping);

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
