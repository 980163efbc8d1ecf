#include "policies/rule_policy.h"

#include <algorithm>

#include "sim/model/routing.h"

namespace escalade::policies {

using model::Category;
using model::City;
using model::Demand;
using model::Level;
using model::Tier;
using model::UnitId;
using model::UnitKind;

namespace {

const Category& CategoryOf(const City& city, const Demand& demand) {
  return city.categories()[static_cast<std::size_t>(demand.category)];
}

}  // namespace

model::Intake RulePolicy::Receive(const Demand& demand, const City& city) const {
  model::Intake intake{demand.origin, params_.intake + params_.triage};
  if (params_.front_desk != FrontDesk::kNone) {
    const model::Unit& community = city.unit(demand.origin);
    const UnitId at = params_.front_desk == FrontDesk::kStreet ? community.street : community.district;
    for (UnitId child : city.Children(at)) {
      if (city.unit(child).kind == UnitKind::kFrontDesk && city.unit(child).staff > 0) {
        intake.unit = child;
        return intake;
      }
    }
  }
  if ((demand.channel == model::Channel::kHotline || demand.channel == model::Channel::kApp) &&
      !city.OfKind(UnitKind::kHotline).empty()) {
    intake.unit = city.OfKind(UnitKind::kHotline).front();
  } else if (demand.channel == model::Channel::kGridPatrol && demand.grid != model::kNoUnit) {
    intake.unit = demand.grid;
  }
  return intake;
}

Tier RulePolicy::Grade(const Demand& demand, kernel::RandomStream& triage) const {
  Tier tier = Tier::kGreen;
  if (demand.urgent || demand.people >= params_.red_people || demand.money >= params_.red_money) {
    tier = Tier::kRed;
  } else if (demand.people >= params_.yellow_people || demand.money >= params_.yellow_money) {
    tier = Tier::kYellow;
  }
  if (params_.misclassification > 0 && triage.NextUniform() < params_.misclassification) {
    if (tier == Tier::kYellow) {
      tier = triage.NextUniform() < 0.5 ? Tier::kRed : Tier::kGreen;
    } else {
      tier = Tier::kYellow;
    }
  }
  return tier;
}

model::Deadlines RulePolicy::DeadlinesFor(const Demand&, Tier tier) const {
  const auto t = static_cast<std::size_t>(tier);
  model::Deadlines d;
  d.review = params_.review_deadline[t];
  d.accept = params_.accept_deadline[t];
  d.report = params_.report_deadline;
  d.resolve = params_.resolve_deadline[t];
  d.update = params_.update_interval[t];
  d.update_work = params_.update_work;
  return d;
}

model::DeadlineKinds RulePolicy::DeadlinesSet() const {
  const auto any = [](const PolicyParams::Limits& limits) {
    return std::any_of(limits.begin(), limits.end(), [](const auto& l) { return l.has_value(); });
  };
  model::DeadlineKinds kinds;
  kinds.review = any(params_.review_deadline);
  kinds.accept = any(params_.accept_deadline);
  kinds.report = params_.report_deadline.has_value();
  kinds.resolve = any(params_.resolve_deadline);
  kinds.update = any(params_.update_interval);
  return kinds;
}

Level RulePolicy::First(const Demand& demand, Tier, const City& city) const {
  const Category& category = CategoryOf(city, demand);
  switch (params_.first_assignment) {
    case FirstAssignment::kLowestLevel:
      return model::LowestCapable(category);
    case FirstAssignment::kIntakeLevel:
      // A grid worker's find starts at the grid; everything else at the community's
      // work station, where 12345 work orders and walk-ins land.
      return demand.channel == model::Channel::kGridPatrol && demand.grid != model::kNoUnit
                 ? Level::kGrid
                 : Level::kCommunity;
    case FirstAssignment::kStreet: {
      const Level lowest = model::LowestCapable(category);
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

model::Handler RulePolicy::HandlerAt(const Demand& demand, Level level, model::TeamsTried tried,
                                     const City& city) const {
  const Category& category = CategoryOf(city, demand);
  const UnitId unit = model::UnitAtLevel(city, demand, level);
  model::Handler handler;
  if (unit != model::kNoUnit && (level == Level::kCommunity || level == Level::kStreet)) {
    for (const model::UnitKindInfo& kind : model::UnitKinds()) {
      if (!kind.co_governance) continue;
      const std::optional<model::Resolution>& resolution = category.TeamResolution(kind.kind);
      const model::TeamsTried bit = model::TeamsTried{1}
                                    << (static_cast<int>(level) * model::kUnitKindCount +
                                        static_cast<int>(kind.kind));
      if (!resolution || (tried & bit) != 0) continue;
      for (UnitId child : city.Children(unit)) {
        if (city.unit(child).kind != kind.kind || city.unit(child).staff <= 0) continue;
        handler.kind = model::Handler::Kind::kWork;
        handler.unit = child;
        handler.work = &*resolution;
        handler.team = true;
        handler.team_bit = bit;
        return handler;
      }
    }
  }
  if (unit == model::kNoUnit || city.unit(unit).staff <= 0) return handler;  // skipped
  handler.unit = unit;
  const std::optional<model::Resolution>& own = category.resolve[static_cast<std::size_t>(level)];
  if (!own || static_cast<int>(level) < static_cast<int>(category.lowest_level)) {
    handler.kind = model::Handler::Kind::kReportOn;
    return handler;
  }
  handler.kind = model::Handler::Kind::kWork;
  handler.work = &*own;
  return handler;
}

bool RulePolicy::MayOrderDepartments(Level level) const {
  if (level == Level::kDistrict) return true;
  return params_.dispatch_authority &&
         static_cast<int>(level) >= static_cast<int>(*params_.dispatch_authority);
}

model::Escalation RulePolicy::Escalate(const Demand& demand, Tier tier, Level from,
                                       model::Failure why, bool team_failed,
                                       const City& city) const {
  const bool tried = why == model::Failure::kFailed || why == model::Failure::kTakenAway ||
                     (why == model::Failure::kReportedOn && team_failed);
  const bool departments_needed =
      tried || CategoryOf(city, demand).lowest_level == Level::kDepartment;
  const bool may_order =
      MayOrderDepartments(from) &&
      (from == Level::kDistrict || (params_.order_tiers >> static_cast<int>(tier) & 1) != 0);
  model::Escalation e;
  e.next = from == Level::kDistrict || (departments_needed && may_order)
               ? Level::kDepartment
               : static_cast<Level>(static_cast<int>(from) + 1);
  if (why == model::Failure::kSkipped) return e;
  e.whistle = e.next == Level::kDepartment && from != Level::kDistrict;
  e.paperwork = e.whistle ? 0 : params_.paperwork_per_hop;
  return e;
}

model::ReturnRule RulePolicy::Return(const Demand&, int returns) const {
  return {returns < params_.max_returns ? params_.return_probability : 0.0,
          params_.return_delay + params_.paperwork_per_hop};
}

UnitId RulePolicy::CrewBase(const City& city, const Demand& demand, int department,
                           const model::LoadView& loads) const {
  const model::Unit& community = city.unit(demand.origin);
  for (UnitId at : {demand.origin, community.street}) {
    for (UnitId child : city.Children(at)) {
      const model::Unit& unit = city.unit(child);
      if (unit.kind == UnitKind::kStation && unit.department == department && unit.staff > 0 &&
          loads.OnDuty(child) > 0) {
        return child;
      }
    }
  }
  const UnitId seat = city.DepartmentUnit(community.district, department);
  return seat != model::kNoUnit && city.unit(seat).staff > 0 ? seat : model::kNoUnit;
}

void RulePolicy::Crews(const Demand& demand, const City& city, const model::LoadView& loads,
                       std::vector<model::CrewCall>* crews) const {
  crews->clear();
  const Category& category = CategoryOf(city, demand);
  const model::Unit& community = city.unit(demand.origin);
  UnitId team = model::kNoUnit;
  if (params_.enforcement_team && category.enforcement) {
    for (UnitId child : city.Children(community.street)) {
      if (city.unit(child).kind == UnitKind::kEnforcementTeam && city.unit(child).staff > 0) {
        team = child;
        break;
      }
    }
  }
  const std::vector<int>* pooled = team != model::kNoUnit ? &city.unit(team).pooled_departments
                                                          : nullptr;
  bool team_ordered = false;
  const auto call = [&](UnitId unit) {
    if (crews->size() < model::kMaxCrews) {
      crews->push_back({unit, std::min(category.cadres, city.unit(unit).staff)});
    }
  };
  const auto summon = [&](int d) {
    if (pooled && std::find(pooled->begin(), pooled->end(), d) != pooled->end()) {
      if (!team_ordered) call(team);
      team_ordered = true;
      return;
    }
    const UnitId unit = CrewBase(city, demand, d, loads);
    if (unit != model::kNoUnit) call(unit);
  };
  // The lead, then each assisting department once (in the category's order).
  const int lead = demand.department >= 0 ? demand.department : category.lead;
  summon(lead);
  for (std::size_t i = 0; i < category.assists.size(); ++i) {
    const int d = category.assists[i];
    const auto before = category.assists.begin() + static_cast<std::ptrdiff_t>(i);
    if (d == lead || std::find(category.assists.begin(), before, d) != before) continue;
    summon(d);
  }
}

double RulePolicy::SatisfiedChance(const Demand&, bool resolved, kernel::SimTime waited) const {
  if (!resolved) return params_.satisfied_unresolved;
  return kernel::ToHours(waited) <= params_.expectation_hours ? params_.satisfied_on_time
                                                              : params_.satisfied_late;
}

double RulePolicy::ReopenChance(const Demand&, int reopens) const {
  return reopens == 0 ? params_.reopen_if_unsatisfied : 0.0;
}

}  // namespace escalade::policies
