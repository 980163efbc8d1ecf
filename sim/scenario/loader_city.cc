// The `city` section (scenarios/FORMAT.md): level defaults, the hotline, and
// either the explicit tree of districts or the generator — read into a
// CityPlan of units with their derived units (grids, department units,
// enforcement teams, mediation rooms, volunteer teams).
//
// Decisions where FORMAT.md is silent (also in the loader's report):
//  - `staff` is an integer >= 1 everywhere (a unit with nobody never works);
//  - `grids` defaults to 0 (no grid level); at most 10,000 per community;
//  - mediation rooms and volunteer teams take {staff (required), hours (default
//    office)}; the enforcement team takes {staff (required), hours (default
//    office), departments (default [])}; these teams sit at their street or
//    community (travel 0 to it);
//  - every department an enforcement team pools must have `enforcement: true`;
//  - the hotline's hours default to `always` (12345 lines answer 24x7);
//  - `defaults.district` has no `travel` (a district has no parent).
#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"
#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {
namespace {

// Maximal grids per community in the explicit tree.
constexpr auto kMaxGrids = static_cast<std::int64_t>(format::kMaxGrids);

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct LevelDefaults {
  int staff;
  model::StaffHours hours;
  kernel::SimTime travel;  // to the parent
};

// Unit defaults of FORMAT.md's table, by model::Level (grid .. district).
constexpr std::array<LevelDefaults, 4> kBuiltinDefaults = {{
    {1, model::StaffHours::kAlways, 5 * kernel::kMinute},
    {4, model::StaffHours::kOffice, 10 * kernel::kMinute},
    {8, model::StaffHours::kOffice, 20 * kernel::kMinute},
    {10, model::StaffHours::kAlways, 0},
}};
constexpr std::array<const char*, 4> kLevelKeys = {"grid", "community", "street", "district"};

// A unit just planned: its index, and whether its name is its own (derived
// units are named after it only then, so that one clash is reported once).
struct Added {
  std::size_t index = kNone;
  bool named = false;
};

// The items of a list that must have at least one ("street", "streets").
std::vector<Node> RequiredList(const Node& node, std::string_view one, std::string_view many) {
  if (!node.defined()) {
    node.Error("is required: a list with at least one " + std::string(one));
    return {};
  }
  if (!node.IsSequence()) {
    node.Error("expected a list of " + std::string(many));
    return {};
  }
  std::vector<Node> items = node.Items();
  if (items.empty()) node.Error("expected at least one " + std::string(one));
  return items;
}

// "d01", "d01s07": `value` zero-padded to the width of `max` (at least 2 digits).
std::string Numbered(const char* prefix, int value, int max) {
  int width = 2;
  for (int m = max; m >= 100; m /= 10) ++width;
  std::string digits = std::to_string(value);
  if (digits.size() < static_cast<std::size_t>(width)) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return prefix + digits;
}

class CityReader {
 public:
  CityReader(const Catalogue& catalogue, Context& context, CityPlan* plan)
      : catalogue_(catalogue), context_(context), plan_(plan) {}

  void Read(const Node& city) {
    if (!city.defined()) {
      city.Error("is required: the explicit tree (districts) or a generator (generate)");
      plan_->complete = false;
      return;
    }
    city.CheckKeys(format::KeysOf("city"));
    if (!city.IsMap()) {
      plan_->complete = false;
      return;
    }
    if (city.Has("defaults")) ReadDefaults(city["defaults"]);
    const bool explicit_tree = city.Has("districts");
    const bool generated = city.Has("generate");
    if (explicit_tree && generated) {
      city.Error("has both districts and generate; give one: an explicit tree or a generator");
    } else if (!explicit_tree && !generated) {
      city.Error("needs districts (an explicit tree) or generate (a synthetic city)");
      plan_->complete = false;
    }
    if (explicit_tree) {
      const Node districts = city["districts"];
      if (!districts.IsSequence()) plan_->complete = false;
      for (const Node& district : RequiredList(districts, "district", "districts"))
        ReadDistrict(district);
    }
    if (generated) Generate(city["generate"]);
    if (city.Has("hotline")) ReadHotline(city["hotline"]);
  }

 private:
  const LevelDefaults& Default(model::Level level) const {
    return defaults_[static_cast<std::size_t>(level)];
  }

  void ReadDefaults(const Node& node) {
    node.CheckKeys(format::KeysOf("city_defaults"));
    if (!node.IsMap()) return;
    for (std::size_t level = 0; level < kLevelKeys.size(); ++level) {
      const Node entry = node[kLevelKeys[level]];
      if (!entry.defined()) continue;
      entry.CheckKeys(format::KeysOf("level_defaults"));
      if (!entry.IsMap()) continue;
      LevelDefaults& d = defaults_[level];
      if (entry.Has("staff")) d.staff = ReadStaff(entry["staff"]).value_or(d.staff);
      if (entry.Has("hours")) d.hours = ReadHours(entry["hours"]).value_or(d.hours);
      if (entry.Has("travel")) {
        if (level == static_cast<std::size_t>(model::Level::kDistrict)) {
          entry["travel"].Error(
              "a district has no parent to travel to; travel is for grid, community and street");
        } else {
          d.travel = entry["travel"].AsCalendarDuration().value_or(d.travel);
        }
      }
    }
  }

  static std::optional<int> ReadStaff(const Node& node) {
    const std::optional<std::int64_t> staff = node.AsInt(1, kMaxStaff);
    if (!staff) return std::nullopt;
    return static_cast<int>(*staff);
  }

  void ApplyDefaults(model::Level level, model::Unit* unit) const {
    const LevelDefaults& d = Default(level);
    unit->staff = d.staff;
    unit->hours = d.hours;
    unit->travel_to_parent = d.travel;
  }

  // staff, hours and travel of a tree unit, over the level's defaults.
  void ReadStaffing(const Node& node, model::Level level, model::Unit* unit) const {
    const LevelDefaults& d = Default(level);
    ApplyDefaults(level, unit);
    if (node.Has("staff")) unit->staff = ReadStaff(node["staff"]).value_or(d.staff);
    if (node.Has("hours")) unit->hours = ReadHours(node["hours"]).value_or(d.hours);
    if (node.Has("travel")) {
      unit->travel_to_parent = node["travel"].AsCalendarDuration().value_or(d.travel);
    }
  }

  // Plans a unit. Its name must be new to the whole city; a clash is reported at
  // `where`. Units past kMaxUnits are refused (reported once).
  Added Add(model::Unit unit, std::string path, const Node& where) {
    if (plan_->too_big) return {};
    if (plan_->units.size() >= kMaxUnits) {
      where.Error("the city has more than " + WithThousands(kMaxUnits) +
                  " units (grids included); escalade supports at most that many");
      plan_->too_big = true;
      return {};
    }
    Added added{plan_->units.size(), false};
    if (!unit.name.empty()) {
      auto [it, inserted] = plan_->by_name.emplace(unit.name, added.index);
      if (inserted) {
        added.named = true;
      } else {
        const PlannedUnit& first = plan_->units[it->second];
        where.Error("duplicate unit name " + Quote(unit.name) + ": the " +
                    std::string(model::UnitKindName(first.unit.kind)) + " at " + first.path +
                    " (line " + std::to_string(first.unit.mark.line) +
                    ") has it already; unit names are unique across the city, derived names "
                    "(<community>.g1, <district>.<department>, <street>.mediation, ...) included");
      }
    }
    plan_->units.push_back({std::move(unit), std::move(path)});
    return added;
  }

  static model::Unit MakeUnit(std::string name, model::UnitKind kind, const Added& parent,
                              const Node& where) {
    model::Unit unit;
    unit.label = name;
    unit.name = std::move(name);
    unit.kind = kind;
    unit.parent = parent.index == kNone ? model::kNoUnit : static_cast<model::UnitId>(parent.index);
    unit.mark = MarkOf(where);
    return unit;
  }

  // The name of a unit derived from `parent` ("tangwei.g1"), or "" when the
  // parent's name is not its own (the derived unit is then not named at all).
  std::string Derived(const Added& parent, std::string_view suffix) const {
    if (!parent.named) return "";
    return plan_->units[parent.index].unit.name + std::string(suffix);
  }

  void ReadDistrict(const Node& node) {
    node.CheckKeys(format::KeysOf("district"));
    if (!node.IsMap()) return;
    const std::string name = node["name"].AsName().value_or("");
    model::Unit unit = MakeUnit(name, model::UnitKind::kDistrict, {}, node);
    if (node.Has("label")) unit.label = node["label"].AsString().value_or(name);
    ReadStaffing(node, model::Level::kDistrict, &unit);
    const Added district = Add(std::move(unit), node.path(), node["name"]);
    AddDepartmentUnits(district, node["name"]);
    for (const Node& street : RequiredList(node["streets"], "street", "streets")) {
      ReadStreet(street, district);
    }
  }

  // One unit of every department type in the district, `<district>.<department>`,
  // located at the department's declaration (its staff, hours and travel come from there).
  void AddDepartmentUnits(const Added& district, const Node& where) {
    if (!district.named) return;
    // A copy: Add() below may reallocate plan_->units.
    const std::string district_name = plan_->units[district.index].unit.name;
    for (std::size_t i = 0; i < catalogue_.departments.size(); ++i) {
      const model::DepartmentType& type = catalogue_.departments[i];
      // Departments with a bad or repeated name already have their error.
      const std::optional<int> index = catalogue_.department_names.Find(type.name);
      if (!IsName(type.name) || !index || *index != static_cast<int>(i)) continue;
      model::Unit unit =
          MakeUnit(district_name + "." + type.name, model::UnitKind::kDepartment, district, where);
      unit.label = type.label;  // the district is shown by the cluster it is drawn in
      unit.staff = type.staff;
      unit.hours = type.hours;
      unit.travel_to_parent = type.travel;
      unit.department = static_cast<int>(i);
      unit.mark = type.mark;
      Add(std::move(unit), "departments." + type.name, where);
    }
  }

  void ReadStreet(const Node& node, const Added& district) {
    node.CheckKeys(format::KeysOf("street"));
    if (!node.IsMap()) return;
    model::Unit unit =
        MakeUnit(node["name"].AsName().value_or(""), model::UnitKind::kStreet, district, node);
    if (node.Has("label")) unit.label = node["label"].AsString().value_or(unit.label);
    ReadStaffing(node, model::Level::kStreet, &unit);
    const Added street = Add(std::move(unit), node.path(), node["name"]);
    if (node.Has("enforcement_team")) ReadEnforcementTeam(node["enforcement_team"], street);
    if (node.Has("mediation")) ReadTeam(node["mediation"], model::UnitKind::kMediation, street);
    if (node.Has("volunteers")) ReadTeam(node["volunteers"], model::UnitKind::kVolunteers, street);
    for (const Node& community : RequiredList(node["communities"], "community", "communities")) {
      ReadCommunity(community, street);
    }
  }

  // A mediation room or volunteer team of a street or community: {staff, hours}.
  void ReadTeam(const Node& node, model::UnitKind kind, const Added& parent) {
    node.CheckKeys(format::KeysOf("team"));
    if (!node.IsMap()) return;
    const char* suffix = kind == model::UnitKind::kMediation ? ".mediation" : ".volunteers";
    model::Unit unit = MakeUnit(Derived(parent, suffix), kind, parent, node);
    unit.staff = ReadStaff(node["staff"]).value_or(1);
    unit.hours = model::StaffHours::kOffice;
    if (node.Has("hours")) unit.hours = ReadHours(node["hours"]).value_or(unit.hours);
    Add(std::move(unit), node.path(), node);
  }

  void ReadEnforcementTeam(const Node& node, const Added& street) {
    node.CheckKeys(format::KeysOf("enforcement_team"));
    if (!node.IsMap()) return;
    model::Unit unit =
        MakeUnit(Derived(street, ".enforcement"), model::UnitKind::kEnforcementTeam, street, node);
    unit.staff = ReadStaff(node["staff"]).value_or(1);
    unit.hours = model::StaffHours::kOffice;
    if (node.Has("hours")) unit.hours = ReadHours(node["hours"]).value_or(unit.hours);
    const Node departments = node["departments"];
    if (departments.defined()) {
      if (std::optional<std::vector<int>> pooled =
              ReadRefList(departments, "department", catalogue_.department_names, context_)) {
        const std::vector<Node> items = departments.Items();  // pair up: every item resolved
        for (std::size_t i = 0; i < pooled->size(); ++i) {
          const model::DepartmentType& type =
              catalogue_.departments[static_cast<std::size_t>((*pooled)[i])];
          if (!type.enforcement) {
            items[i].Error("department " + Quote(type.name) +
                           " has no enforcement powers (enforcement: false); an enforcement "
                           "team pools only departments that hold them");
          }
        }
        unit.pooled_departments = std::move(*pooled);
      }
    }
    Add(std::move(unit), node.path(), node);
  }

  void ReadCommunity(const Node& node, const Added& street) {
    node.CheckKeys(format::KeysOf("community"));
    if (!node.IsMap()) return;
    model::Unit unit =
        MakeUnit(node["name"].AsName().value_or(""), model::UnitKind::kCommunity, street, node);
    if (node.Has("label")) unit.label = node["label"].AsString().value_or(unit.label);
    unit.population = node["population"].AsInt(0, kMaxPopulation).value_or(0);
    ReadStaffing(node, model::Level::kCommunity, &unit);
    if (node.Has("mix")) {
      unit.mix = ReadMix(node["mix"], "category", catalogue_.category_names, context_)
                     .value_or(std::vector<double>{});
    }
    const std::int64_t population = unit.population;
    const Added community = Add(std::move(unit), node.path(), node["name"]);
    if (node.Has("mediation")) {
      ReadTeam(node["mediation"], model::UnitKind::kMediation, community);
    }
    if (node.Has("volunteers")) {
      ReadTeam(node["volunteers"], model::UnitKind::kVolunteers, community);
    }
    if (node.Has("grids")) {
      const Node grids = node["grids"];
      AddGrids(community, population, grids.AsInt(0, kMaxGrids).value_or(0), grids);
    }
  }

  // Grids `<community>.g1` .. `.gN` with workers from defaults.grid; the
  // community's population split evenly, the remainder one each to the first grids.
  void AddGrids(const Added& community, std::int64_t population, std::int64_t count,
                const Node& where) {
    if (!community.named || count <= 0) return;
    for (std::int64_t k = 1; k <= count && !plan_->too_big; ++k) {
      model::Unit grid = MakeUnit(Derived(community, ".g" + std::to_string(k)),
                                  model::UnitKind::kGrid, community, where);
      ApplyDefaults(model::Level::kGrid, &grid);
      grid.population = population / count + (k <= population % count ? 1 : 0);
      Add(std::move(grid), where.path(), where);
    }
  }

  void ReadHotline(const Node& node) {
    node.CheckKeys(format::KeysOf("hotline"));
    if (!node.IsMap()) return;
    model::Unit unit = MakeUnit("hotline", model::UnitKind::kHotline, {}, node);
    unit.staff = ReadStaff(node["staff"]).value_or(1);
    unit.hours = model::StaffHours::kAlways;
    if (node.Has("hours")) unit.hours = ReadHours(node["hours"]).value_or(unit.hours);
    Add(std::move(unit), node.path(), node);
  }

  // An integer, or [min, max] drawn uniformly (inclusive).
  struct Range {
    int min = 0;
    int max = 0;
  };
  static std::optional<Range> ReadRange(const Node& node, int lo, int hi) {
    if (!node.IsSequence()) {
      const std::optional<std::int64_t> value = node.AsInt(lo, hi);
      if (!value) return std::nullopt;
      return Range{static_cast<int>(*value), static_cast<int>(*value)};
    }
    const std::vector<Node> items = node.Items();
    if (items.size() != 2) {
      node.Error("expected an integer or [min, max]; got a list of " +
                 std::to_string(items.size()));
      return std::nullopt;
    }
    const std::optional<std::int64_t> min = items[0].AsInt(lo, hi);
    const std::optional<std::int64_t> max = items[1].AsInt(lo, hi);
    if (!min || !max) return std::nullopt;
    if (*min > *max) {
      node.Error("min " + std::to_string(*min) + " is greater than max " + std::to_string(*max) +
                 "; expected [min, max]");
      return std::nullopt;
    }
    return Range{static_cast<int>(*min), static_cast<int>(*max)};
  }

  void Generate(const Node& node);

  const Catalogue& catalogue_;
  Context& context_;
  CityPlan* plan_;
  std::array<LevelDefaults, 4> defaults_ = kBuiltinDefaults;
};

// The synthetic city: deterministic from generate.seed alone, drawn depth
// first (per district its street count; per street its community count; per
// community its grid count, then its population) from one stream
// RandomStream(seed, 0, "city.generate", 0). A count given as a single integer
// draws nothing.
void CityReader::Generate(const Node& node) {
  node.CheckKeys(format::KeysOf("generate"));
  if (!node.IsMap()) {
    plan_->complete = false;
    return;
  }
  constexpr auto kMaxCount = static_cast<int>(format::kMaxGenerated);
  const std::optional<std::int64_t> districts = node["districts"].AsInt(1, kMaxCount);
  const std::optional<Range> streets = ReadRange(node["streets_per_district"], 1, kMaxCount);
  const std::optional<Range> communities = ReadRange(node["communities_per_street"], 1, kMaxCount);
  std::optional<Range> grids = Range{0, 0};
  if (node.Has("grids_per_community")) {
    grids = ReadRange(node["grids_per_community"], 0, kMaxCount);
  }
  const std::optional<kernel::Distribution> population =
      node["population"].AsDistribution(Node::Quantity::kPlain);
  std::uint64_t seed = 1;
  if (node.Has("seed")) {
    const std::optional<std::int64_t> value =
        node["seed"].AsInt(0, std::numeric_limits<std::int64_t>::max());
    if (value) seed = static_cast<std::uint64_t>(*value);
  }
  if (!districts || !streets || !communities || !grids || !population) {
    plan_->complete = false;
    return;
  }
  // Refuse before generating anything: the counts can ask for ~10^12 units.
  const double most = static_cast<double>(*districts) *
                      (1.0 + static_cast<double>(catalogue_.departments.size()) +
                       streets->max * (1.0 + communities->max * (1.0 + grids->max)));
  if (most > static_cast<double>(kMaxUnits)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.0f", most);
    node.Error(std::string("would make up to ") + text + " units (grids included); escalade " +
               "supports at most " + WithThousands(kMaxUnits));
    plan_->too_big = true;
    plan_->complete = false;
    return;
  }
  kernel::RandomStream stream(seed, 0, "city.generate", 0);
  auto draw = [&stream](const Range& range) {
    if (range.min == range.max) return range.min;
    const double u = stream.NextUniform();  // in (0, 1)
    const int span = range.max - range.min + 1;
    return range.min + std::min(span - 1, static_cast<int>(u * span));
  };
  const int district_count = static_cast<int>(*districts);
  for (int d = 1; d <= district_count; ++d) {
    const std::string district_name = Numbered("d", d, district_count);
    model::Unit district_unit = MakeUnit(district_name, model::UnitKind::kDistrict, {}, node);
    ApplyDefaults(model::Level::kDistrict, &district_unit);
    const Added district = Add(std::move(district_unit), node.path(), node);
    AddDepartmentUnits(district, node);
    const int street_count = draw(*streets);
    for (int s = 1; s <= street_count; ++s) {
      const std::string street_name = district_name + Numbered("s", s, streets->max);
      model::Unit street_unit = MakeUnit(street_name, model::UnitKind::kStreet, district, node);
      ApplyDefaults(model::Level::kStreet, &street_unit);
      const Added street = Add(std::move(street_unit), node.path(), node);
      const int community_count = draw(*communities);
      for (int c = 1; c <= community_count; ++c) {
        model::Unit community_unit = MakeUnit(street_name + Numbered("c", c, communities->max),
                                              model::UnitKind::kCommunity, street, node);
        ApplyDefaults(model::Level::kCommunity, &community_unit);
        const int grid_count = draw(*grids);
        double people = population->Sample(stream);
        if (!(people > 0)) people = 0;  // also NaN
        if (people > static_cast<double>(kMaxPopulation)) {
          people = static_cast<double>(kMaxPopulation);
        }
        community_unit.population = static_cast<std::int64_t>(people + 0.5);
        const std::int64_t residents = community_unit.population;
        const Added community = Add(std::move(community_unit), node.path(), node);
        AddGrids(community, residents, grid_count, node);
      }
    }
  }
}

}  // namespace

void ReadCity(const Node& node, const Catalogue& catalogue, Context& context, CityPlan* plan) {
  CityReader(catalogue, context, plan).Read(node);
}

NameIndex CommunityNames(const CityPlan& plan) {
  NameIndex communities;
  for (std::size_t i = 0; i < plan.units.size(); ++i) {
    if (plan.units[i].unit.kind == model::UnitKind::kCommunity) {
      communities.Insert(plan.units[i].unit.name, static_cast<int>(i));
    }
  }
  communities.complete = plan.complete;
  return communities;
}

}  // namespace escalade::scenario::internal
