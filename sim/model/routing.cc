#include "sim/model/routing.h"

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

Level LowestCapable(const Category& category) {
  if ((category.mediation || category.volunteers) &&
      static_cast<int>(category.lowest_level) > static_cast<int>(Level::kCommunity)) {
    return Level::kCommunity;
  }
  return category.lowest_level;
}

}  // namespace escalade::model
