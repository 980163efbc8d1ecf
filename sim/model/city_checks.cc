#include "sim/model/city_checks.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "sim/kernel/text.h"

namespace escalade::model::internal {

using kernel::kTimeMax;
using kernel::SimTime;

std::string Reporter::UnitPath(UnitId id) const {
  if (id < paths_.size() && !paths_[id].empty()) return paths_[id];
  return "units[" + std::to_string(id) + "]";
}

void Reporter::OnUnit(UnitId id, std::string message) {
  At(units_[id].mark, UnitPath(id), std::move(message));
}

void Reporter::At(SourceMark mark, std::string path, std::string message) {
  out_->push_back({mark, std::move(path), std::move(message)});
  ++count_;
}

namespace {

using kernel::Quote;

// "0.5", "1.5", "1e+300" (6 significant digits: enough for a message).
std::string Number(double x) { return kernel::FormatNumber(x, 6); }

std::string Minutes(SimTime ms) {
  return Number(static_cast<double>(ms) / static_cast<double>(kernel::kMinute)) + " min";
}


// Whether `parent` (nullopt: no parent) is allowed for a unit of `kind` (the kinds table).
bool ParentAllowed(UnitKind kind, std::optional<UnitKind> parent) {
  const std::uint32_t allowed = KindInfo(kind).parents;
  return parent ? (allowed & KindBit(*parent)) != 0 : allowed == 0;
}

void CheckProbability(const std::string& what, const std::optional<Resolution>& r,
                      const std::string& path, SourceMark mark, Reporter& report) {
  if (r && !(r->p >= 0 && r->p <= 1)) {
    report.At(mark, path, what + ".p is " + Number(r->p) + "; expected a probability in [0, 1]");
  }
}


bool Positive(const std::optional<Resolution>& r) { return r && r->p > 0; }

bool CanResolve(const Unit& unit, const Category& c) {
  if (unit.kind == UnitKind::kMediation) return Positive(c.mediation);
  if (unit.kind == UnitKind::kVolunteers) return Positive(c.volunteers);
  const std::optional<Level> level = KindInfo(unit.kind).level;
  if (!level || *level < c.lowest_level || !Positive(c.resolve[static_cast<int>(*level)])) {
    return false;
  }
  return *level != Level::kDepartment || unit.department == c.lead;
}

}  // namespace

std::string Named(const Unit& unit) {
  return std::string(KindInfo(unit.kind).noun) + " " + Quote(unit.name);
}

// Travel table rows: the units that travel to communities to work there.
bool IsTravelSource(UnitKind kind) { return KindInfo(kind).travels; }

// Each unit's parent when it is of an allowed kind, else kNoUnit.
std::vector<UnitId> SoundParents(const std::vector<Unit>& units) {
  std::vector<UnitId> parent(units.size(), kNoUnit);
  for (std::size_t u = 0; u < units.size(); ++u) {
    const UnitId p = units[u].parent;
    if (p < units.size() && ParentAllowed(units[u].kind, units[p].kind)) parent[u] = p;
  }
  return parent;
}

std::string CycleText(const std::vector<Unit>& units, const std::vector<UnitId>& cycle) {
  std::string text;
  for (UnitId u : cycle) text += units[u].name + " -> ";
  return text + units[cycle.front()].name;
}

void CheckCatalogue(const std::vector<DepartmentType>& departments,
                    const std::vector<Category>& categories, Reporter& report) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < departments.size(); ++i) {
    const DepartmentType& d = departments[i];
    const std::string path =
        d.name.empty() ? "departments[" + std::to_string(i) + "]" : "departments." + d.name;
    if (d.name.empty()) report.At(d.mark, path, "department has an empty name; expected a name");
    if (!d.name.empty() && !seen.insert(d.name).second) {
      report.At(d.mark, path,
                "department " + Quote(d.name) +
                    " is declared more than once; department names must be unique");
    }
    if (d.staff < 0) {
      report.At(d.mark, path,
                "department " + Quote(d.name) + " has staff " + std::to_string(d.staff) +
                    "; expected staff >= 0");
    }
    if (d.travel < 0) {
      report.At(d.mark, path,
                "department " + Quote(d.name) + " has travel " + Minutes(d.travel) +
                    " to its district seat; expected a time >= 0");
    }
  }
  seen.clear();
  const int department_count = static_cast<int>(departments.size());
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const Category& c = categories[i];
    const std::string path =
        c.name.empty() ? "categories[" + std::to_string(i) + "]" : "categories." + c.name;
    const std::string name = "category " + Quote(c.name);
    if (c.name.empty()) report.At(c.mark, path, "category has an empty name; expected a name");
    if (!c.name.empty() && !seen.insert(c.name).second) {
      report.At(c.mark, path, name + " is declared more than once; category names must be unique");
    }
    if (c.lead < 0 || c.lead >= department_count) {
      report.At(c.mark, path,
                name + " has lead department index " + std::to_string(c.lead) +
                    "; expected a lead department (an index below " +
                    std::to_string(department_count) + ")");
    }
    for (int a : c.assists) {
      if (a < 0 || a >= department_count) {
        report.At(c.mark, path,
                  name + " has assisting department index " + std::to_string(a) +
                      "; expected an index below " + std::to_string(department_count));
      }
    }
    for (int l = 0; l < kLevelCount; ++l) {
      CheckProbability(name + ": resolve." + std::string(LevelName(static_cast<Level>(l))),
                       c.resolve[l], path, c.mark, report);
    }
    CheckProbability(name + ": mediation", c.mediation, path, c.mark, report);
    CheckProbability(name + ": volunteers", c.volunteers, path, c.mark, report);
  }
}

void CheckUnits(const std::vector<Unit>& units, std::size_t department_count,
                std::size_t category_count, Reporter& report) {
  std::unordered_map<std::string_view, UnitId> first;
  for (UnitId u = 0; u < units.size(); ++u) {
    const Unit& unit = units[u];
    const std::string named = Named(unit);
    if (unit.name.empty()) {
      report.OnUnit(u, std::string(KindInfo(unit.kind).noun) + " has an empty name; expected a name");
    } else if (auto [it, fresh] = first.emplace(unit.name, u); !fresh) {
      report.OnUnit(u, "unit name " + Quote(unit.name) + " is already used by " +
                           report.UnitPath(it->second) +
                           "; unit names must be unique across the city");
    }
    if (unit.staff < 0) {
      report.OnUnit(u,
                    named + " has staff " + std::to_string(unit.staff) + "; expected staff >= 0");
    }
    if (unit.travel_to_parent < 0) {
      report.OnUnit(u, named + " has travel time " + Minutes(unit.travel_to_parent) +
                           " to its parent; expected a time >= 0");
    }
    if (unit.population < 0) {
      report.OnUnit(u, named + " has population " + std::to_string(unit.population) +
                           "; expected a population >= 0");
    }
    if (KindInfo(unit.kind).has_department &&
        (unit.department < 0 || static_cast<std::size_t>(unit.department) >= department_count)) {
      report.OnUnit(u, named + " has department index " + std::to_string(unit.department) +
                           "; expected an index below " + std::to_string(department_count));
    }
    for (int d : unit.pooled_departments) {
      if (d < 0 || static_cast<std::size_t>(d) >= department_count) {
        report.OnUnit(u, named + " pools department index " + std::to_string(d) +
                             "; expected an index below " + std::to_string(department_count));
      }
    }
    if (!unit.mix.empty() && unit.mix.size() != category_count) {
      report.OnUnit(u, named + " has a category mix of " + std::to_string(unit.mix.size()) +
                           " entries; expected none or one per category (" +
                           std::to_string(category_count) + ")");
    }
    if (unit.parent == kNoUnit) {
      if (!ParentAllowed(unit.kind, std::nullopt)) {
        report.OnUnit(u, named + " has no parent; " + std::string(KindInfo(unit.kind).parent_rule));
      }
    } else if (unit.parent >= units.size()) {
      report.OnUnit(u, named + " has parent id " + std::to_string(unit.parent) +
                           ", which is not a unit; " + std::string(KindInfo(unit.kind).parent_rule));
    } else if (const Unit& p = units[unit.parent]; !ParentAllowed(unit.kind, p.kind)) {
      report.OnUnit(u, named + " has parent " + Quote(p.name) + " of kind " +
                           std::string(UnitKindName(p.kind)) + "; " +
                           std::string(KindInfo(unit.kind).parent_rule));
    }
  }
}

void CheckExtraLink(const std::vector<Unit>& units, UnitId a, UnitId b, LinkKind kind,
                    SimTime travel, SourceMark mark, Reporter& report) {
  const std::string what = kind == LinkKind::kTravel ? "travel" : "authority";
  for (UnitId end : {a, b}) {
    if (end >= units.size()) {
      report.At(mark, report.UnitPath(a < units.size() ? a : b),
                what + " link names unit id " + std::to_string(end) +
                    ", which is not a unit; expected an id returned by AddUnit");
    }
  }
  if (kind == LinkKind::kTravel && travel < 0 && a < units.size() && b < units.size()) {
    report.At(mark, report.UnitPath(a),
              "travel link " + Quote(units[a].name) + " <-> " + Quote(units[b].name) +
                  " has time " + Minutes(travel) + "; expected a time >= 0");
  }
}

void CheckTreeShape(const std::vector<Unit>& units, const std::vector<UnitId>& parent,
                    Reporter& report) {
  std::vector<bool> has_child_below(units.size(), false);
  for (UnitId u = 0; u < units.size(); ++u) {
    const UnitKind k = units[u].kind;
    if (parent[u] != kNoUnit && (k == UnitKind::kStreet || k == UnitKind::kCommunity)) {
      has_child_below[parent[u]] = true;
    }
  }
  for (UnitId u = 0; u < units.size(); ++u) {
    if (has_child_below[u]) continue;
    if (units[u].kind == UnitKind::kDistrict) {
      report.OnUnit(u, "district " + Quote(units[u].name) +
                           " has no street; every district needs at least one street");
    } else if (units[u].kind == UnitKind::kStreet) {
      report.OnUnit(u, "street " + Quote(units[u].name) +
                           " has no community; every street needs at least one community");
    }
  }
}

// A department unit serves the communities of its district; an enforcement
// team, mediation room or volunteer team attached to a street serves that
// street's communities, one attached to a community serves that community.
// Every served community must be reachable (a finite travel time).
void CheckReach(const std::vector<Unit>& units, const std::vector<UnitId>& parent,
                const std::vector<UnitId>& sources, const std::vector<UnitId>& communities,
                const std::vector<SimTime>& travel, Reporter& report) {
  std::vector<std::vector<std::size_t>> columns_under(units.size());  // district/street → cols
  for (std::size_t j = 0; j < communities.size(); ++j) {
    const Unit& c = units[communities[j]];
    if (c.street != kNoUnit) columns_under[c.street].push_back(j);
    if (c.district != kNoUnit) columns_under[c.district].push_back(j);
  }
  std::vector<std::size_t> own_column;
  for (std::size_t row = 0; row < sources.size(); ++row) {
    const UnitId s = sources[row];
    const std::vector<std::size_t>* served = nullptr;
    if (units[s].kind == UnitKind::kDepartment) {
      if (units[s].district != kNoUnit) served = &columns_under[units[s].district];
    } else if (const UnitId p = parent[s]; p != kNoUnit) {
      if (units[p].kind == UnitKind::kStreet) {
        served = &columns_under[p];
      } else {
        own_column.assign(
            1, static_cast<std::size_t>(std::find(communities.begin(), communities.end(), p) -
                                        communities.begin()));
        served = &own_column;
      }
    }
    if (served == nullptr) continue;  // outside the tree: reported as a parent problem
    for (std::size_t j : *served) {
      if (travel[row * communities.size() + j] != kTimeMax) continue;
      report.OnUnit(communities[j],
                    Named(units[s]) + " cannot reach community " +
                        Quote(units[communities[j]].name) +
                        " by travel links; expected a travel path from every department unit "
                        "of a district and every team of a street to each of its communities");
    }
  }
}

std::vector<std::vector<UnitId>> ResolversByCategory(const std::vector<Unit>& units,
                                                     const std::vector<Category>& categories) {
  std::vector<std::vector<UnitId>> resolvers(categories.size());
  for (std::size_t c = 0; c < categories.size(); ++c) {
    for (UnitId u = 0; u < units.size(); ++u) {
      if (CanResolve(units[u], categories[c])) resolvers[c].push_back(u);
    }
  }
  return resolvers;
}

void CheckResolvable(const std::vector<Unit>& units, const std::vector<DepartmentType>& departments,
                     const std::vector<Category>& categories,
                     const std::vector<std::vector<UnitId>>& resolvers, Reporter& report) {
  std::array<bool, kUnitKindCount> kind_present{};
  std::vector<bool> department_present(departments.size(), false);
  for (const Unit& unit : units) {
    kind_present[static_cast<std::size_t>(unit.kind)] = true;
    if (unit.kind == UnitKind::kDepartment && unit.department >= 0 &&
        static_cast<std::size_t>(unit.department) < departments.size()) {
      department_present[unit.department] = true;
    }
  }
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (!resolvers[i].empty()) continue;
    const Category& c = categories[i];
    std::vector<std::string> why;
    const bool lead_ok = c.lead >= 0 && static_cast<std::size_t>(c.lead) < departments.size();
    if (!lead_ok) why.push_back("it has no lead department");
    if (lead_ok && !department_present[c.lead]) {
      why.push_back("lead department " + Quote(departments[c.lead].name) + " has no unit");
    }
    bool any_p = false;
    for (int l = static_cast<int>(c.lowest_level); l < kLevelCount; ++l) {
      if (!Positive(c.resolve[l])) continue;
      any_p = true;
      const std::string level(LevelName(static_cast<Level>(l)));
      if (l != static_cast<int>(Level::kDepartment) && !kind_present[l]) {
        why.push_back("level " + level + " has p = " + Number(c.resolve[l]->p) +
                      " but the city has no " + level);
      }
    }
    if (Positive(c.mediation)) {
      any_p = true;
      why.push_back("mediation has p > 0 but the city has no mediation room");
    }
    if (Positive(c.volunteers)) {
      any_p = true;
      why.push_back("volunteers have p > 0 but the city has no volunteer team");
    }
    if (!any_p) {
      why.push_back(c.lowest_level == Level::kGrid
                        ? std::string("every level has p = 0")
                        : "every level from " + std::string(LevelName(c.lowest_level)) +
                              " up has p = 0");
    }
    std::string text;
    for (const std::string& w : why) text += (text.empty() ? "" : " and ") + w;
    report.At(c.mark,
              c.name.empty() ? "categories[" + std::to_string(i) + "]" : "categories." + c.name,
              "category " + Quote(c.name) + ": no unit can resolve it (" + text +
                  "); expected a level with p > 0 that has a unit");
  }
}

}  // namespace escalade::model::internal
