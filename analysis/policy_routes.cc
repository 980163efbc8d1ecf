#include "analysis/policy_routes.h"

#include <array>
#include <set>

namespace escalade::analysis {
namespace {

using model::Level;
using model::UnitId;

class Walker {
 public:
  Walker(const model::City& city, const model::Policy& policy, std::set<RouteEdge>* edges)
      : city_(city), policy_(policy), edges_(edges) {}

  void Walk(const model::Demand& d, model::Tier tier) {
    const model::Intake intake = policy_.Receive(d, city_);
    UnitId from = d.origin;
    if (intake.unit != model::kNoUnit && intake.unit != d.origin) {
      Add(d.origin, intake.unit, RouteKind::kIntake);
      from = intake.unit;
    }
    Level level = policy_.First(d, tier, city_);
    RouteKind how = RouteKind::kFirst;
    model::TeamsTried tried = 0;
    // A route climbs at most every level, with each team tried once: a bound against a
    // policy that sends a demand round in circles.
    for (int step = 0; step < 4 * model::kLevelCount + 64; ++step) {
      if (level == Level::kDepartment) {
        crews_.clear();
        policy_.Crews(d, city_, model::IdleLoads(city_), &crews_);
        for (const model::CrewCall& crew : crews_) {
          Add(from, crew.unit, how == RouteKind::kWhistle ? RouteKind::kWhistle : RouteKind::kOrder);
        }
        return;
      }
      const model::Handler h = policy_.HandlerAt(d, level, tried, city_);
      model::Failure why = model::Failure::kSkipped;
      if (h.kind == model::Handler::Kind::kWork) {
        Add(from, h.unit, how);
        from = h.unit;
        if (h.team) {
          tried |= h.team_bit;
          const model::Handler next = policy_.HandlerAt(d, level, tried, city_);
          if (next.kind == model::Handler::Kind::kWork) {
            how = RouteKind::kHandBack;
            continue;  // the level's unit takes over at the same level
          }
        }
        why = model::Failure::kFailed;
      } else if (h.kind == model::Handler::Kind::kReportOn) {
        Add(from, h.unit, how);
        from = h.unit;
        why = model::Failure::kReportedOn;
      }
      const model::Escalation up = policy_.Escalate(d, tier, level, why, false, city_);
      if (up.next == level) return;  // no higher place: the route ends here
      how = up.whistle ? RouteKind::kWhistle
                       : (up.next == Level::kDepartment ? RouteKind::kOrder : RouteKind::kEscalate);
      level = up.next;
    }
  }

 private:
  void Add(UnitId from, UnitId to, RouteKind kind) {
    if (from == model::kNoUnit || to == model::kNoUnit || from == to) return;
    edges_->insert({from, to, kind});
  }

  const model::City& city_;
  const model::Policy& policy_;
  std::set<RouteEdge>* edges_;
  std::vector<model::CrewCall> crews_;
};

}  // namespace

std::string_view RouteKindName(RouteKind kind) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "intake", "first", "escalate", "whistle", "order", "hand_back"};
  return kNames[static_cast<std::size_t>(kind)];
}

std::vector<RouteEdge> PolicyRoutes(const model::City& city, const model::Policy& policy) {
  std::set<RouteEdge> edges;
  Walker walker(city, policy, &edges);
  for (UnitId c : city.OfKind(model::UnitKind::kCommunity)) {
    model::Demand d;
    d.origin = c;
    for (UnitId child : city.Children(c)) {
      if (city.unit(child).kind == model::UnitKind::kGrid) {
        d.grid = child;
        break;
      }
    }
    for (std::size_t k = 0; k < city.categories().size(); ++k) {
      d.category = static_cast<int>(k);
      for (model::Channel channel :
           {model::Channel::kHotline, model::Channel::kWalkIn, model::Channel::kGridPatrol}) {
        d.channel = channel;
        for (int t = 0; t < model::kTierCount; ++t) walker.Walk(d, static_cast<model::Tier>(t));
      }
    }
  }
  return {edges.begin(), edges.end()};
}

}  // namespace escalade::analysis
