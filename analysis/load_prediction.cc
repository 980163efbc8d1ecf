#include "analysis/load_prediction.h"

#include <Eigen/Dense>

#include "sim/model/routing.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace escalade::analysis {
namespace {

using model::Category;
using model::City;
using model::Level;
using model::Unit;
using model::UnitId;
using model::UnitKind;

constexpr double kHoursPerYear = 365.0 * 24.0;

// One origin, category and intake: the routing chain of the lifecycle as a small
// Markov chain with work attached to its states.
class ChainBuilder {
 public:
  ChainBuilder(const City& city, const model::Policy& policy, const model::Demand& demand,
               UnitId intake)
      : city_(city),
        policy_(policy),
        params_(policy.params()),
        demand_(demand),
        category_(city.categories()[static_cast<std::size_t>(demand.category)]),
        intake_(intake) {}

  // Expected visits × work per unit for one demand, added to *load (hours per demand).
  void AddWork(double rate, std::vector<double>* load) {
    const int start = NewState();
    if (intake_ != model::kNoUnit && Staffed(intake_)) {
      states_[static_cast<std::size_t>(start)].work.push_back(
          {intake_, kernel::ToHours(params_.intake + params_.triage)});
    }
    const Level first = policy_.FirstLevel(demand_, model::Tier::kGreen, city_);
    Link(start, Assign(first, 0, false), 1.0);
    const auto n = static_cast<Eigen::Index>(states_.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
    for (std::size_t s = 0; s < states_.size(); ++s) {
      for (const auto& [to, p] : states_[s].next) {
        a(static_cast<Eigen::Index>(to), static_cast<Eigen::Index>(s)) -= p;  // (I - Q^T)
      }
    }
    Eigen::VectorXd e = Eigen::VectorXd::Zero(n);
    e(start) = 1.0;
    const Eigen::VectorXd visits = a.partialPivLu().solve(e);
    for (std::size_t s = 0; s < states_.size(); ++s) {
      for (const auto& [unit, hours] : states_[s].work) {
        (*load)[unit] += rate * visits(static_cast<Eigen::Index>(s)) * hours;
      }
    }
  }

 private:
  struct State {
    std::vector<std::pair<UnitId, double>> work;  // (unit, hours) per visit
    std::vector<std::pair<int, double>> next;     // (state, probability)
  };
  enum Kind { kAssign, kResolved, kOrder };

  int NewState() {
    states_.emplace_back();
    return static_cast<int>(states_.size() - 1);
  }
  void Link(int from, int to, double p) {
    if (p > 0 && to >= 0) states_[static_cast<std::size_t>(from)].next.push_back({to, p});
  }
  bool Staffed(UnitId unit) const { return unit != model::kNoUnit && city_.unit(unit).staff > 0; }
  static double MeanHours(const model::Resolution& r) { return std::max(0.0, r.work_hours.Mean()); }

  UnitId UnitAt(Level level) const { return model::UnitAtLevel(city_, demand_, level); }

  // The lifecycle's Assign(level) with the teams tried so far and whether one failed here.
  int Assign(Level level, std::uint32_t tried, bool team_failed) {
    const auto key = std::make_tuple(kAssign, static_cast<int>(level), tried, team_failed);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const int state = NewState();
    memo_[key] = state;
    if (level == Level::kDepartment) {
      Link(state, Order(), 1.0);
      return state;
    }
    const UnitId unit = UnitAt(level);
    if (unit != model::kNoUnit && (level == Level::kCommunity || level == Level::kStreet)) {
      for (int kind = 0; kind < 2; ++kind) {
        const std::optional<model::Resolution>& team =
            kind == 0 ? category_.mediation : category_.volunteers;
        const std::uint32_t bit = 1u << (static_cast<int>(level) * 2 + kind);
        if (!team || (tried & bit) != 0) continue;
        const UnitKind wanted = kind == 0 ? UnitKind::kMediation : UnitKind::kVolunteers;
        for (UnitId child : city_.Children(unit)) {
          if (city_.unit(child).kind != wanted || !Staffed(child)) continue;
          const int work = NewState();
          states_[static_cast<std::size_t>(work)].work.push_back({child, MeanHours(*team)});
          Link(state, work, 1.0);
          Link(work, Resolved(level, tried | bit), team->p);
          Link(work, Assign(level, tried | bit, true), 1.0 - team->p);
          return state;
        }
      }
    }
    if (!Staffed(unit)) {
      Link(state, Escalate(level, false, tried), 1.0);
      return state;
    }
    const std::optional<model::Resolution>& own = category_.resolve[static_cast<std::size_t>(level)];
    if (!own || static_cast<int>(level) < static_cast<int>(category_.lowest_level)) {
      Link(state, Escalate(level, team_failed, tried), 1.0);
      return state;
    }
    const int work = NewState();
    states_[static_cast<std::size_t>(work)].work.push_back({unit, MeanHours(*own)});
    Link(state, work, 1.0);
    Link(work, Resolved(level, tried), own->p);
    Link(work, Escalate(level, true, tried), 1.0 - own->p);
    return state;
  }

  int Escalate(Level from, bool tried_here, std::uint32_t tried) {
    return Assign(model::NextLevel(policy_, category_, from, tried_here), tried, false);
  }

  // Resolution, then reopening with probability (1 - satisfied) × reopen.
  int Resolved(Level level, std::uint32_t tried) {
    const auto key = std::make_tuple(kResolved, static_cast<int>(level), tried, false);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const int state = NewState();
    memo_[key] = state;
    const double reopen = (1.0 - params_.satisfied_on_time) * params_.reopen_if_unsatisfied;
    Link(state, Assign(level, tried, false), reopen);
    return state;
  }

  // Returns (a self-loop without crew work), then the crews.
  int Order() {
    const auto key = std::make_tuple(kOrder, 0, 0u, false);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const int state = NewState();
    memo_[key] = state;
    Link(state, state, params_.return_probability);
    const int crews = NewState();
    Link(state, crews, 1.0 - params_.return_probability);
    const std::optional<model::Resolution>& at_department =
        category_.resolve[static_cast<std::size_t>(Level::kDepartment)];
    const double work = at_department ? MeanHours(*at_department) : 0;
    for (UnitId unit : model::CrewsFor(city_, demand_, params_, model::kMaxCrews)) {
      const kernel::SimTime travel = city_.TravelTime(unit, demand_.origin);
      const double travel_hours = travel == kernel::kTimeMax ? 0 : kernel::ToHours(travel);
      states_[static_cast<std::size_t>(crews)].work.push_back({unit, travel_hours + work});
    }
    const double p = at_department ? at_department->p : 0;
    Link(crews, Resolved(Level::kDepartment, 0), p);
    return state;
  }

  const City& city_;
  const model::Policy& policy_;
  const model::PolicyParams& params_;
  const model::Demand& demand_;
  const Category& category_;
  UnitId intake_;
  std::vector<State> states_;
  std::map<std::tuple<int, int, std::uint32_t, bool>, int> memo_;
};

}  // namespace

kernel::Result<std::vector<PredictedLoad>> PredictLoads(const City& city,
                                                        const kernel::Calendar& office,
                                                        const model::DemandSpec& spec,
                                                        const model::Policy& policy) {
  const double office_share =
      kernel::ToHours(office.WorkingTimeBetween(0, 365 * kernel::kDay)) / kHoursPerYear;
  std::vector<double> load(city.size(), 0.0);
  const std::size_t categories = city.categories().size();
  const UnitId hotline =
      city.OfKind(UnitKind::kHotline).empty() ? model::kNoUnit : city.OfKind(UnitKind::kHotline).front();
  std::int64_t sensor_population = 0;
  for (UnitId c : city.OfKind(UnitKind::kCommunity)) sensor_population += city.unit(c).population;

  for (UnitId c : city.OfKind(UnitKind::kCommunity)) {
    const Unit& community = city.unit(c);
    UnitId grid = model::kNoUnit;
    int grids = 0;
    for (UnitId child : city.Children(c)) {
      if (city.unit(child).kind != UnitKind::kGrid) continue;
      if (grid == model::kNoUnit) grid = child;
      ++grids;
    }
    const std::vector<double>& mix = community.mix.empty() ? spec.mix : community.mix;
    const double residents_per_hour =
        static_cast<double>(community.population) * spec.per_capita_per_year / kHoursPerYear;
    const double calls = spec.channels[0] + spec.channels[1];  // hotline, app
    const double walk_ins = spec.channels[2] + spec.channels[4];  // walk-in, sensor
    const double patrol_channel = spec.channels[3];
    // Each (category, channel class) with its rate; a representative demand routes it.
    auto add = [&](int category, model::Channel channel, UnitId demand_grid, UnitId intake,
                   double rate) {
      if (!(rate > 0)) return;
      model::Demand d;
      d.origin = c;
      d.grid = demand_grid;
      d.category = category;
      d.channel = channel;
      ChainBuilder(city, policy, d, intake).AddWork(rate, &load);
    };
    for (std::size_t k = 0; k < categories && k < mix.size(); ++k) {
      const double rate = residents_per_hour * mix[k];
      const int category = static_cast<int>(k);
      add(category, model::Channel::kHotline, grid, hotline != model::kNoUnit ? hotline : c,
          rate * calls);
      add(category, model::Channel::kWalkIn, grid, c, rate * walk_ins);
      if (grid != model::kNoUnit) {
        add(category, model::Channel::kGridPatrol, grid, grid, rate * patrol_channel);
      } else {
        add(category, model::Channel::kGridPatrol, model::kNoUnit, c, rate * patrol_channel);
      }
      if (grids > 0 && spec.patrol.per_grid_per_hour > 0 && k < spec.patrol.mix.size()) {
        const double share = spec.patrol.hours == model::StaffHours::kOffice ? office_share : 1.0;
        add(category, model::Channel::kGridPatrol, grid, grid,
            spec.patrol.per_grid_per_hour * grids * share * spec.patrol.mix[k]);
      }
    }
    for (const model::SensorSpec& group : spec.sensors) {
      std::int64_t population = 0;
      const bool all = group.communities.empty();
      bool here = all;
      for (UnitId g : group.communities) {
        population += city.unit(g).population;
        here = here || g == c;
      }
      if (all) population = sensor_population;
      if (!here || population <= 0) continue;
      const double rate = static_cast<double>(group.count) * group.per_sensor_per_year /
                          kHoursPerYear * static_cast<double>(community.population) /
                          static_cast<double>(population);
      add(group.category, model::Channel::kSensor, grid, c, rate);
    }
  }
  std::vector<PredictedLoad> out;
  for (UnitId u = 0; u < city.size(); ++u) {
    const Unit& unit = city.unit(u);
    if (unit.staff <= 0 || !(load[u] > 0)) continue;
    PredictedLoad p;
    p.unit = u;
    p.offered_hours_per_hour = load[u];
    p.capacity = unit.staff * (unit.hours == model::StaffHours::kOffice ? office_share : 1.0);
    p.utilization = p.capacity > 0 ? p.offered_hours_per_hour / p.capacity : 0;
    out.push_back(p);
  }
  return out;
}

}  // namespace escalade::analysis
