#include "sim/model/routing.h"

#include <algorithm>

namespace escalade::model {

UnitId UnitAtLevel(const City& city, const Demand& demand, Level level) {
  const Unit& community = city.unit(demand.origin);
  switch (level) {
    case Level::kGrid:
      if (demand.grid != kNoUnit) return demand.grid;
      for (UnitId child : city.Children(demand.origin)) {
        if (city.unit(child).kind == UnitKind::kGrid) return child;
      }
      return kNoUnit;
    case Level::kCommunity:
      return demand.origin;
    case Level::kStreet:
      return community.street;
    case Level::kDistrict:
      return community.district;
    case Level::kDepartment:
      return kNoUnit;
  }
  return kNoUnit;
}

Level NextLevel(const Policy& policy, const Category& category, Level from, bool tried) {
  const bool departments_needed = tried || category.lowest_level == Level::kDepartment;
  if (from == Level::kDistrict || (departments_needed && policy.MayOrderDepartments(from))) {
    return Level::kDepartment;
  }
  return static_cast<Level>(static_cast<int>(from) + 1);
}

std::vector<UnitId> CrewsFor(const City& city, const Demand& demand, const PolicyParams& params,
                             std::size_t max_crews) {
  const Category& category = city.categories()[static_cast<std::size_t>(demand.category)];
  const Unit& community = city.unit(demand.origin);
  UnitId team = kNoUnit;
  if (params.enforcement_team && category.enforcement) {
    for (UnitId child : city.Children(community.street)) {
      if (city.unit(child).kind == UnitKind::kEnforcementTeam && city.unit(child).staff > 0) {
        team = child;
        break;
      }
    }
  }
  std::vector<int> departments = {demand.department >= 0 ? demand.department : category.lead};
  for (int d : category.assists) {
    if (std::find(departments.begin(), departments.end(), d) == departments.end()) {
      departments.push_back(d);
    }
  }
  const std::vector<int>* pooled = team != kNoUnit ? &city.unit(team).pooled_departments : nullptr;
  std::vector<UnitId> crews;
  bool team_ordered = false;
  for (int d : departments) {
    if (pooled && std::find(pooled->begin(), pooled->end(), d) != pooled->end()) {
      if (!team_ordered && crews.size() < max_crews) crews.push_back(team);
      team_ordered = true;
      continue;
    }
    const UnitId unit = city.DepartmentUnit(community.district, d);
    if (unit != kNoUnit && city.unit(unit).staff > 0 && crews.size() < max_crews) {
      crews.push_back(unit);
    }
  }
  return crews;
}

}  // namespace escalade::model
