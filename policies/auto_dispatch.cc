// auto_dispatch: the command platform allocating public resources
// automatically (实现公共资源的自动调配), which the Huangpu text proposes as the next
// step of call_response (policies/README.md cites it). Every
// decision is call_response's except who answers an order: for each
// department an order needs, the platform sends the eligible crew that can be
// on site soonest — the department's units of every district and the
// enforcement teams of the origin's district that pool it — rather than the
// fixed owner (the origin district's unit, or its own street's team).
//
// Expected time on site = travel from the crew's base + the expected wait for
// a free crew there: with s crews on duty, b busy and q waiting, the order is
// (q + 1 - (s - b))⁺-th in line, and a crew frees up every (mean department
// work time) / s on average. This is a rule of thumb the platform could
// compute from what it sees, not a forecast; ties go to the fixed owner.
// The load prediction sees an idle city, so it predicts the fixed owners'
// load (an upper bound for them).
#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "policies/rules.h"

namespace escalade::policies {
namespace {

using model::City;
using model::Demand;
using model::UnitId;
using model::UnitKind;

class AutoDispatch final : public RulePolicy {
 public:
  using RulePolicy::RulePolicy;

  void Crews(const Demand& demand, const City& city, const model::LoadView& loads,
             std::vector<model::CrewCall>* crews) const override {
    // The fixed owners first: they win ties.
    RulePolicy::Crews(demand, city, loads, crews);
    const model::Category& category =
        city.categories()[static_cast<std::size_t>(demand.category)];
    const std::optional<model::Resolution>& at_department =
        category.resolve[static_cast<std::size_t>(model::Level::kDepartment)];
    const double work_hours = at_department ? std::max(0.0, at_department->work_hours.Mean()) : 0;
    const model::Unit& community = city.unit(demand.origin);
    const bool teams = params().enforcement_team && category.enforcement;
    for (model::CrewCall& call : *crews) {
      const UnitId crew = call.unit;
      const model::Unit& owner = city.unit(crew);
      double best = OnSiteHours(city, loads, crew, demand.origin, work_hours);
      UnitId chosen = crew;
      const auto consider = [&](UnitId candidate) {
        const double t = OnSiteHours(city, loads, candidate, demand.origin, work_hours);
        if (t < best) {
          best = t;
          chosen = candidate;
        }
      };
      // The same department's unit in every district.
      if (model::KindInfo(owner.kind).has_department) {
        for (UnitId district : city.OfKind(UnitKind::kDistrict)) {
          const UnitId unit = city.DepartmentUnit(district, owner.department);
          if (unit == model::kNoUnit || unit == crew || city.unit(unit).staff <= 0) continue;
          consider(unit);
        }
      }
      // The enforcement teams of the origin's district that pool what the crew stands for.
      if (teams) {
        for (UnitId team : city.OfKind(UnitKind::kEnforcementTeam)) {
          const model::Unit& t = city.unit(team);
          if (team == crew || t.staff <= 0 || t.district != community.district) continue;
          if (!Covers(city, team, crew)) continue;
          consider(team);
        }
      }
      call.unit = chosen;
      call.cadres = std::min(call.cadres, city.unit(chosen).staff);
    }
    // Two needs answered by one unit (a team pooling both) send it once.
    auto end = crews->begin();
    for (auto it = crews->begin(); it != crews->end(); ++it) {
      if (std::none_of(crews->begin(), end,
                       [&](const model::CrewCall& c) { return c.unit == it->unit; })) {
        *end++ = *it;
      }
    }
    crews->erase(end, crews->end());
  }

 private:
  static double OnSiteHours(const City& city, const model::LoadView& loads, UnitId unit,
                            UnitId community, double work_hours) {
    const kernel::SimTime travel = city.TravelTime(unit, community);
    if (travel == kernel::kTimeMax) return std::numeric_limits<double>::infinity();
    const int staff = city.unit(unit).staff;
    const double ahead = static_cast<double>(loads.Waiting(unit)) + 1.0 -
                         static_cast<double>(staff - loads.Busy(unit));
    const double wait = ahead > 0 ? ahead * work_hours / staff : 0.0;
    return kernel::ToHours(travel) + wait;
  }

  // Whether `team` (an enforcement team) can stand in for `crew`: the same team, or a team
  // pooling every department the crew (a department, or another team) stands for.
  static bool Covers(const City& city, UnitId team, UnitId crew) {
    const std::vector<int>& pooled = city.unit(team).pooled_departments;
    const model::Unit& c = city.unit(crew);
    if (c.kind == UnitKind::kDepartment) {
      return std::find(pooled.begin(), pooled.end(), c.department) != pooled.end();
    }
    return std::all_of(c.pooled_departments.begin(), c.pooled_departments.end(), [&](int d) {
      return std::find(pooled.begin(), pooled.end(), d) != pooled.end();
    });
  }
};

}  // namespace

std::unique_ptr<model::Policy> MakeAutoDispatch(std::string name, PolicyParams params) {
  return std::make_unique<AutoDispatch>(std::move(name), std::move(params));
}

}  // namespace escalade::policies
