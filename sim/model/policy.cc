#include "sim/model/policy.h"

namespace escalade::model {

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kRed:
      return "red";
    case Tier::kYellow:
      return "yellow";
    case Tier::kGreen:
      return "green";
  }
  return "unknown";
}

kernel::Status Policy::Validate(const City&) const { return kernel::Status::Ok(); }

Level LowestCapable(const Category& category) {
  // A community's mediation room or volunteer team is capable too.
  if ((category.mediation || category.volunteers) &&
      static_cast<int>(category.lowest_level) > static_cast<int>(Level::kCommunity)) {
    return Level::kCommunity;
  }
  return category.lowest_level;
}

Tier Policy::Grade(const Demand& demand, kernel::RandomStream& triage) const {
  const PolicyParams& p = params();
  Tier tier = Tier::kGreen;
  if (demand.urgent || demand.people >= p.red_people || demand.money >= p.red_money) {
    tier = Tier::kRed;
  } else if (demand.people >= p.yellow_people || demand.money >= p.yellow_money) {
    tier = Tier::kYellow;
  }
  if (p.misclassification > 0 && triage.NextUniform() < p.misclassification) {
    // One off: red and green can only go to yellow; yellow goes either way.
    if (tier == Tier::kYellow) {
      tier = triage.NextUniform() < 0.5 ? Tier::kRed : Tier::kGreen;
    } else {
      tier = Tier::kYellow;
    }
  }
  return tier;
}

Level Policy::FirstLevel(const Demand& demand, Tier, const City& city) const {
  const Category& category = city.categories()[static_cast<std::size_t>(demand.category)];
  switch (params().first_assignment) {
    case FirstAssignment::kLowestLevel:
      return LowestCapable(category);
    case FirstAssignment::kIntakeLevel:
      // A grid worker's find starts at the grid; everything else at the community's
      // work station, where 12345 work orders and walk-ins land.
      return demand.channel == Channel::kGridPatrol && demand.grid != kNoUnit ? Level::kGrid
                                                                              : Level::kCommunity;
    case FirstAssignment::kStreet: {
      // Sectoral (department-level) demands to the department; territorial ones to the
      // street, which hands those a community or grid can resolve down to it at once.
      const Level lowest = LowestCapable(category);
      if (lowest == Level::kDepartment) return Level::kDepartment;
      return static_cast<int>(lowest) < static_cast<int>(Level::kStreet) ? lowest : Level::kStreet;
    }
    case FirstAssignment::kDepartment:
      return Level::kDepartment;
    case FirstAssignment::kDistrict:
      return Level::kDistrict;
  }
  return Level::kDistrict;
}

bool Policy::MayOrderDepartments(Level level) const {
  const std::optional<Level>& authority = params().dispatch_authority;
  if (level == Level::kDistrict) return true;  // the district always may
  return authority && static_cast<int>(level) >= static_cast<int>(*authority);
}

}  // namespace escalade::model
