#include "analysis/load_prediction.h"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>

#include "sim/kernel/random.h"

namespace escalade::analysis {
namespace {

using model::Category;
using model::City;
using model::Level;
using model::Unit;
using model::UnitId;
using model::UnitKind;

constexpr double kHoursPerYear = 365.0 * 24.0;

// One origin, category, channel and tier: the route the policy gives a demand, as a small
// Markov chain with work attached to its states. Every branch is the policy's answer to the
// question the lifecycle asks at that point (policy.h), so the route is written once.
class ChainBuilder {
 public:
  // satisfaction_wait: the wait the resident's satisfaction is judged on (0: every demand
  // closes on time; kTimeMax: every demand late, the most reopening).
  ChainBuilder(const City& city, const model::Policy& policy, const model::Demand& demand,
               model::Tier tier, kernel::SimTime satisfaction_wait)
      : city_(city),
        policy_(policy),
        demand_(demand),
        tier_(tier),
        satisfaction_wait_(satisfaction_wait),
        category_(city.categories()[static_cast<std::size_t>(demand.category)]) {}

  // Expected visits × work per unit for one demand, added to *load (hours per demand);
  // units held at a rendezvous waiting for other crews get (*waits)[unit] = true.
  void AddWork(double rate, std::vector<double>* load, std::vector<bool>* waits) {
    const int start = NewState();
    const model::Intake intake = policy_.Receive(demand_, city_);
    if (Staffed(intake.unit)) {
      states_[static_cast<std::size_t>(start)].work.push_back(
          {intake.unit, kernel::ToHours(intake.desk)});
    }
    Link(start, Assign(policy_.First(demand_, tier_, city_), 0, false), 1.0);
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
    for (UnitId unit : waits_) (*waits)[unit] = true;
  }

 private:
  struct State {
    std::vector<std::pair<UnitId, double>> work;  // (unit, hours) per visit
    std::vector<std::pair<int, double>> next;     // (state, probability)
  };
  enum Kind { kAssign, kClosed, kOrder };
  using Key = std::tuple<int, int, model::TeamsTried, bool>;

  int NewState() {
    states_.emplace_back();
    return static_cast<int>(states_.size() - 1);
  }
  void Link(int from, int to, double p) {
    if (p > 0 && to >= 0) states_[static_cast<std::size_t>(from)].next.push_back({to, p});
  }
  bool Staffed(UnitId unit) const { return unit != model::kNoUnit && city_.unit(unit).staff > 0; }
  static double MeanHours(const model::Resolution& r) { return std::max(0.0, r.work_hours.Mean()); }
  // A state remembered by key (the chain has loops: reopening, returns).
  std::optional<int> Memo(const Key& key) const {
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    return std::nullopt;
  }

  // The lifecycle's Assign(level) with the teams tried so far and whether one failed here.
  int Assign(Level level, model::TeamsTried tried, bool team_failed) {
    const Key key{kAssign, static_cast<int>(level), tried, team_failed};
    if (std::optional<int> known = Memo(key)) return *known;
    const int state = NewState();
    memo_[key] = state;
    if (level == Level::kDepartment) {
      Link(state, Order(), 1.0);
      return state;
    }
    const model::Handler handler = policy_.HandlerAt(demand_, level, tried, city_);
    switch (handler.kind) {
      case model::Handler::Kind::kSkip:
        Link(state, Escalate(level, model::Failure::kSkipped, false, tried), 1.0);
        return state;
      case model::Handler::Kind::kReportOn:
        Link(state, Escalate(level, model::Failure::kReportedOn, team_failed, tried), 1.0);
        return state;
      case model::Handler::Kind::kWork:
        break;
    }
    const model::TeamsTried now_tried = tried | handler.team_bit;
    const int work = NewState();
    states_[static_cast<std::size_t>(work)].work.push_back({handler.unit, MeanHours(*handler.work)});
    Link(state, work, 1.0);
    Link(work, Resolved(level, now_tried), handler.work->p);
    Link(work,
         handler.team ? Assign(level, now_tried, true)
                      : Escalate(level, model::Failure::kFailed, false, now_tried),
         1.0 - handler.work->p);
    return state;
  }

  int Escalate(Level from, model::Failure why, bool team_failed, model::TeamsTried tried) {
    return Assign(policy_.Escalate(demand_, tier_, from, why, team_failed, city_).next, tried, false);
  }

  // Closing (resolved, or closed unresolved by the departments), then reopening with
  // probability (1 - satisfied) × reopen, back to the level that closed it.
  int Closed(Level level, model::TeamsTried tried, bool resolved) {
    const Key key{kClosed, static_cast<int>(level), tried, resolved};
    if (std::optional<int> known = Memo(key)) return *known;
    const int state = NewState();
    memo_[key] = state;
    const double reopen = (1.0 - policy_.SatisfiedChance(demand_, resolved, satisfaction_wait_)) *
                          policy_.ReopenChance(demand_, 0);
    Link(state, Assign(level, tried, false), reopen);
    return state;
  }
  int Resolved(Level level, model::TeamsTried tried) { return Closed(level, tried, true); }

  // Returns (a self-loop without crew work), then the crews.
  int Order() {
    const Key key{kOrder, 0, 0, false};
    if (std::optional<int> known = Memo(key)) return *known;
    const int state = NewState();
    memo_[key] = state;
    const double returned = policy_.Return(demand_, 0).probability;
    Link(state, state, returned);
    const int crews = NewState();
    Link(state, crews, 1.0 - returned);
    const std::optional<model::Resolution>& at_department =
        category_.resolve[static_cast<std::size_t>(Level::kDepartment)];
    const double work = at_department ? MeanHours(*at_department) : 0;
    std::vector<model::CrewCall> units;
    policy_.Crews(demand_, city_, model::IdleLoads(city_), &units);
    // A rendezvous holds each crew until the last arrives — waiting for its partners'
    // queues, and for their office to open when they keep other hours — which the chain
    // does not count as work.
    if (policy_.Joint(demand_).mode == model::JointHandling::kRendezvous && units.size() > 1) {
      for (const model::CrewCall& call : units) waits_.push_back(call.unit);
    }
    for (const model::CrewCall& call : units) {  // each cadre is held for travel and work
      const kernel::SimTime travel = city_.TravelTime(call.unit, demand_.origin);
      const double travel_hours = travel == kernel::kTimeMax ? 0 : kernel::ToHours(travel);
      states_[static_cast<std::size_t>(crews)].work.push_back(
          {call.unit, call.cadres * (travel_hours + work)});
    }
    const double p = at_department && !units.empty() ? at_department->p : 0;
    Link(crews, Resolved(Level::kDepartment, 0), p);
    if (!units.empty()) Link(crews, Closed(Level::kDepartment, 0, false), 1.0 - p);
    return state;
  }

  const City& city_;
  const model::Policy& policy_;
  const model::Demand& demand_;
  model::Tier tier_;
  kernel::SimTime satisfaction_wait_;
  const Category& category_;
  std::vector<State> states_;
  std::map<Key, int> memo_;
  std::vector<UnitId> waits_;  // units held at a rendezvous waiting for other crews
};

// The shares of the tiers the policy grades a demand of `category` by `channel` into, over
// the scenario's distributions of people, money and urgency (kTierSamples draws from a
// stream of the prediction's own: the same shares on every run).
std::array<double, model::kTierCount> TierShares(const model::Policy& policy,
                                                 const model::DemandSpec& spec,
                                                 const model::Demand& like) {
  constexpr int kTierSamples = 2000;
  kernel::RandomStream sizes(1, 0, "load_prediction.sizes", 0);
  kernel::RandomStream triage(1, 0, "load_prediction.triage", 0);
  std::array<double, model::kTierCount> shares{};
  model::Demand d = like;
  for (int i = 0; i < kTierSamples; ++i) {
    model::DrawSizes(spec, sizes, &d);
    shares[static_cast<std::size_t>(policy.Grade(d, triage))] += 1.0 / kTierSamples;
  }
  return shares;
}

// Servers on duty on average over [0, span) of a shift schedule.
double MeanOnDuty(const kernel::StaffSchedule& shifts, kernel::SimTime span) {
  double server_ms = 0;
  for (kernel::SimTime t = 0; t < span;) {
    const kernel::SimTime next = std::min(shifts.NextChange(t), span);
    server_ms += static_cast<double>(shifts.ServersAt(t)) * static_cast<double>(next - t);
    t = next;
  }
  return server_ms / static_cast<double>(span);
}

}  // namespace

kernel::Result<std::vector<PredictedLoad>> PredictLoads(const City& city,
                                                        const kernel::Calendar& office,
                                                        const model::DemandSpec& spec,
                                                        const model::Policy& policy) {
  const double office_share =
      kernel::ToHours(office.WorkingTimeBetween(0, 365 * kernel::kDay)) / kHoursPerYear;
  std::vector<double> load(city.size(), 0.0);     // every demand closed on time
  std::vector<double> if_late(city.size(), 0.0);  // every demand closed late
  std::vector<bool> waits(city.size(), false);
  const std::size_t categories = city.categories().size();
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
    // Each (category, channel class) with its rate; a representative demand routes it, in
    // each tier the policy grades such demands into.
    auto add = [&](int category, model::Channel channel, UnitId demand_grid, double rate) {
      if (!(rate > 0)) return;
      model::Demand d;
      d.origin = c;
      d.grid = demand_grid;
      d.category = category;
      d.channel = channel;
      const std::array<double, model::kTierCount> shares = TierShares(policy, spec, d);
      for (int t = 0; t < model::kTierCount; ++t) {
        const double share = shares[static_cast<std::size_t>(t)];
        if (share > 0) {
          const auto tier = static_cast<model::Tier>(t);
          ChainBuilder(city, policy, d, tier, 0).AddWork(rate * share, &load, &waits);
          ChainBuilder(city, policy, d, tier, kernel::kTimeMax)
              .AddWork(rate * share, &if_late, &waits);
        }
      }
    };
    for (std::size_t k = 0; k < categories && k < mix.size(); ++k) {
      const double rate = residents_per_hour * mix[k];
      const int category = static_cast<int>(k);
      add(category, model::Channel::kHotline, grid, rate * calls);
      add(category, model::Channel::kWalkIn, grid, rate * walk_ins);
      add(category, model::Channel::kGridPatrol, grid, rate * patrol_channel);
      if (grids > 0 && spec.patrol.per_grid_per_hour > 0 && k < spec.patrol.mix.size()) {
        const double share = spec.patrol.hours == model::StaffHours::kOffice ? office_share : 1.0;
        add(category, model::Channel::kGridPatrol, grid,
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
      add(group.category, model::Channel::kSensor, grid, rate);
    }
  }
  std::vector<PredictedLoad> out;
  for (UnitId u = 0; u < city.size(); ++u) {
    const Unit& unit = city.unit(u);
    if (unit.staff <= 0 || !(load[u] > 0)) continue;
    PredictedLoad p;
    p.unit = u;
    p.offered_hours_per_hour = load[u];
    p.capacity = unit.shifts ? MeanOnDuty(*unit.shifts, kernel::kDay * 365)
                 : unit.staff * (unit.hours == model::StaffHours::kOffice ? office_share : 1.0);
    p.utilization = p.capacity > 0 ? p.offered_hours_per_hour / p.capacity : 0;
    p.utilization_if_late = p.capacity > 0 ? if_late[u] / p.capacity : 0;
    p.waits_at_rendezvous = waits[u];
    out.push_back(p);
  }
  return out;
}

}  // namespace escalade::analysis
