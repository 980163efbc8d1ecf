// City: the governance graph of a scenario — units (vertices) and links
// (edges) in a Boost.Graph, plus the catalogue of departments and demand
// categories, and what is derived from them once per scenario: each unit's
// community, street and district; travel times from every department unit and
// street team to every community (Dijkstra over travel links); which units can
// resolve which categories.
//
// A City is built by CityBuilder, which validates everything and reports each
// problem with the place in the scenario file that caused it. A built City is
// immutable: it is shared read-only by every replication and thread.
#ifndef ESCALADE_SIM_MODEL_CITY_H_
#define ESCALADE_SIM_MODEL_CITY_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/kernel/distributions.h"
#include "sim/kernel/staff_pool.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/unit_kind.h"

namespace escalade::model {

// 1-based line and column in the scenario file; 0 means "not from a file".
struct SourceMark {
  int line = 0;
  int column = 0;
};

enum class StaffHours : std::uint8_t {
  kOffice,  // on the scenario calendar's working hours
  kAlways,  // 24x7
};

using UnitId = std::uint32_t;
inline constexpr UnitId kNoUnit = 0xFFFFFFFFu;

struct Unit {
  std::string name;   // unique in the city
  std::string label;  // display name (may be Chinese); defaults to name
  UnitKind kind = UnitKind::kCommunity;
  int staff = 1;      // servers on duty (>= 0; 0 only for units that never work alone)
  StaffHours hours = StaffHours::kOffice;
  std::int64_t population = 0;  // residents (communities and grids)
  // Jurisdiction/attachment parent: grid → community → street → district;
  // department → district; enforcement team → street; mediation and volunteers
  // → their street or community; hotline → none.
  UnitId parent = kNoUnit;
  // Travel link to the parent, ms. kernel::kTimeMax means "attached, but no
  // road": the link counts for jurisdiction, not for travel (an island
  // community reached only through an AddTravel link, say).
  kernel::SimTime travel_to_parent = 0;
  int department = -1;                   // kDepartment, kStation: index into City::departments()
  std::vector<int> pooled_departments;   // kEnforcementTeam: departments whose staff it pools
  std::vector<double> mix;               // community: category mix override (empty = scenario's)
  // Shifts: how many are on duty when (a duty roster). Null: `staff`, on `hours`. With shifts
  // the unit works in elapsed time, and a job started before a shift ends is finished (the
  // excess is overtime, kernel::StaffPool).
  std::shared_ptr<const kernel::StaffSchedule> shifts;
  SourceMark mark;                       // where the unit is declared

  // Derived by CityBuilder::Build (kNoUnit when not applicable):
  UnitId community = kNoUnit;  // the community this unit is in (itself for a community)
  UnitId street = kNoUnit;     // itself for a street
  UnitId district = kNoUnit;   // itself for a district
};

struct DepartmentType {
  std::string name;   // e.g. "urban_management"
  std::string label;
  int staff = 1;      // crews on duty per district
  StaffHours hours = StaffHours::kOffice;
  bool enforcement = false;  // holds enforcement powers
  kernel::SimTime travel = 15 * kernel::kMinute;  // base → district seat
  SourceMark mark;
};

struct Resolution {
  double p = 0;                     // probability the level resolves the demand
  kernel::Distribution work_hours;  // work time, hours
};

struct Category {
  std::string name;
  std::string label;
  int lead = -1;                 // department index
  std::vector<int> assists;      // department indices
  Level lowest_level = Level::kDepartment;
  bool enforcement = false;
  // Cadres each department an order of this category summons sends (a big dispute needs
  // several: seed 004's wage case); >= 1.
  int cadres = 1;
  std::array<std::optional<Resolution>, kLevelCount> resolve;  // by Level
  std::optional<Resolution> mediation;
  std::optional<Resolution> volunteers;
  SourceMark mark;

  // The resolution of a co-governance team kind (mediation, volunteers); nullopt for the
  // other kinds or when the category does not list it.
  const std::optional<Resolution>& TeamResolution(UnitKind kind) const;
};

enum class LinkKind : std::uint8_t {
  kJurisdiction,  // child → parent (grid → community → street → district, and attachments)
  kAuthority,     // who may order whom (set by the policy)
  kTravel,        // undirected in meaning; stored once; weight = travel time
};

struct Link {
  LinkKind kind = LinkKind::kJurisdiction;
  kernel::SimTime travel = 0;  // kTravel only
};

// Vertex i is units()[i].
using CityGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                        boost::no_property, Link>;

// A problem found while building, located in the scenario file.
struct CityProblem {
  SourceMark mark;
  std::string path;     // key path, e.g. "city.districts[0].streets[2].communities[1]"
  std::string message;  // what was wrong, what was expected
};

class City {
 public:
  const std::vector<Unit>& units() const { return units_; }
  const Unit& unit(UnitId id) const { return units_[id]; }
  std::size_t size() const { return units_.size(); }
  std::optional<UnitId> Find(std::string_view name) const;

  const std::vector<DepartmentType>& departments() const { return departments_; }
  const std::vector<Category>& categories() const { return categories_; }
  std::optional<int> FindDepartment(std::string_view name) const;
  std::optional<int> FindCategory(std::string_view name) const;

  const CityGraph& graph() const { return graph_; }
  // Units of one kind, in declaration order.
  std::span<const UnitId> OfKind(UnitKind kind) const;
  // Jurisdiction/attachment children of a unit, in declaration order.
  std::span<const UnitId> Children(UnitId id) const;
  // The unit of department type `department` in `district`, or kNoUnit if
  // that district has none.
  // REQUIRES (checked): district is a district, department an index.
  UnitId DepartmentUnit(UnitId district, int department) const;
  // Shortest travel time over travel links from a department unit or a team
  // (enforcement, mediation, volunteers; of a street or a community) to a
  // community; kernel::kTimeMax when no travel path exists (only possible
  // between units that do not serve each other, e.g. across districts that no
  // AddTravel link joins: Build checks every served pair).
  // REQUIRES (checked): source is such a unit, community is a community.
  kernel::SimTime TravelTime(UnitId source, UnitId community) const;
  // Units able to resolve a category at some level (per Category::resolve,
  // mediation, volunteers), in id order.
  std::span<const UnitId> Resolvers(int category) const;
  std::int64_t population() const { return population_; }

 private:
  friend class CityBuilder;
  std::vector<Unit> units_;
  std::vector<DepartmentType> departments_;
  std::vector<Category> categories_;
  std::unordered_map<std::string, UnitId> by_name_;
  CityGraph graph_;
  std::array<std::vector<UnitId>, kUnitKindCount> of_kind_;
  std::vector<std::vector<UnitId>> children_;
  std::vector<UnitId> department_unit_;   // [district_index * departments + d]
  std::vector<int> district_index_;       // unit id → index among districts, -1 otherwise
  std::vector<int> source_index_;         // unit id → row of travel_, -1 if not a source
  std::vector<int> community_index_;      // unit id → column of travel_, -1 otherwise
  std::vector<kernel::SimTime> travel_;   // [source row * communities + community column]
  std::vector<std::vector<UnitId>> resolvers_;
  std::int64_t population_ = 0;
};

class CityBuilder {
 public:
  // Each Add returns the new index/id. Names are checked in Build.
  int AddDepartment(DepartmentType department);
  int AddCategory(Category category);
  // unit.parent is kNoUnit or the id of a unit added before or after this
  // one; Build reports a parent that is not a unit, of the wrong kind, or on a
  // cycle.
  UnitId AddUnit(Unit unit);
  // An extra travel link (the parent links come from Unit::travel_to_parent).
  void AddTravel(UnitId a, UnitId b, kernel::SimTime travel, SourceMark mark = {});
  // `from` may order `to` (policies add these; a cycle is an error).
  void AddAuthority(UnitId from, UnitId to, SourceMark mark = {});
  // Key path of a unit for messages (set by the loader; default "units[<id>]").
  void SetPath(UnitId id, std::string path);

  // Validates and derives. Checks, each reported as a CityProblem:
  //  - unit names unique; department and category names unique;
  //  - parents of the right kind: grid→community, community→street,
  //    street→district, department→district, enforcement team→street,
  //    mediation/volunteers→street or community, district and hotline→none;
  //    so every community is in exactly one street and every street in one district;
  //  - jurisdiction is a tree (no cycle through parents);
  //  - authority links are acyclic (no loop a demand could climb forever);
  //  - every category has a lead department, and at least one unit able to resolve it;
  //  - every department unit reaches every community of its district, and
  //    every team (enforcement, mediation, volunteers) every community it
  //    serves (its street's, or its own community), by travel links — given
  //    sound parents this fails only through kTimeMax ("no road") parent links;
  //  - staff >= 0, travel times >= 0, populations >= 0; every district has a
  //    street and every street a community.
  // Also: a department unit has a valid department and is the only one of it
  // in its district; indices (lead, assists, pooled departments) are valid;
  // probabilities are in [0, 1]; a community's mix is empty or one per category.
  // On any problem returns an error Status summarising the count and the first
  // problem, with every problem appended to *problems (never null). The
  // builder is not consumed: Build may be called again.
  kernel::Result<City> Build(std::vector<CityProblem>* problems);

 private:
  City city_;
  std::vector<std::string> paths_;
  struct ExtraLink {
    UnitId a, b;
    LinkKind kind;
    kernel::SimTime travel;
    SourceMark mark;
  };
  std::vector<ExtraLink> extra_links_;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_CITY_H_
