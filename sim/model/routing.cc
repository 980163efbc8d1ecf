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
  std::vector<UnitId> crews;
  CrewsFor(city, demand, params, max_crews, &crews);
  return crews;
}

void CrewsFor(const City& city, const Demand& demand, const PolicyParams& params,
              std::size_t max_crews, std::vector<UnitId>* crews) {
  crews->clear();
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
  const std::vector<int>* pooled = team != kNoUnit ? &city.unit(team).pooled_departments : nullptr;
  bool team_ordered = false;
  const auto summon = [&](int d) {
    if (pooled && std::find(pooled->begin(), pooled->end(), d) != pooled->end()) {
      if (!team_ordered && crews->size() < max_crews) crews->push_back(team);
      team_ordered = true;
      return;
    }
    const UnitId unit = city.DepartmentUnit(community.district, d);
    if (unit != kNoUnit && city.unit(unit).staff > 0 && crews->size() < max_crews) {
      crews->push_back(unit);
    }
  };
  // The lead, then each assisting department once (in the category's order).
  const int lead = demand.department >= 0 ? demand.department : category.lead;
  summon(lead);
  for (std::size_t i = 0; i < category.assists.size(); ++i) {
    const int d = category.assists[i];
    if (d == lead || std::find(category.assists.begin(), category.assists.begin() +
                                   static_cast<std::ptrdiff_t>(i), d) !=
                         category.assists.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    summon(d);
  }
}

}  // namespace escalade::model
