// auto_dispatch, the C++ rule added with one file and one registry line: an order
// goes to the crew that can be on site soonest, given the loads it sees; with an
// idle city (and on ties) to the fixed owner, exactly as its base preset.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "policies/parameters.h"
#include "policies/rules.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

// District d, streets s1 (10 min from d) and s2 (40 min), each with an enforcement team
// pooling urban management; community c1 in s1 (5 min); department um 20 min from d.
constexpr char kCity[] = R"yaml(version: 1
meta: {name: auto}
calendar: {start: 2024-01-01}
departments:
  um: {staff: 2, hours: always, travel: 20m, enforcement: true}
city:
  defaults:
    community: {staff: 1, hours: always, travel: 5m}
    street: {staff: 1, hours: always}
    district: {staff: 1, hours: always}
  districts:
    - name: d
      streets:
        - name: s1
          travel: 10m
          enforcement_team: {staff: 1, hours: always, departments: [um]}
          communities:
            - {name: c1, population: 1000}
        - name: s2
          travel: 40m
          enforcement_team: {staff: 3, hours: always, departments: [um]}
          communities:
            - {name: c2, population: 1000}
categories:
  stall:
    lead: um
    lowest_level: department
    enforcement: true
    resolve:
      department: {p: 1, work: 2h}
demand:
  per_capita_per_year: 0
  mix: {stall: 1}
policies:
  - preset: auto_dispatch
)yaml";

class Loads final : public model::LoadView {
 public:
  std::size_t Waiting(model::UnitId unit) const override {
    auto it = waiting.find(unit);
    return it == waiting.end() ? 0 : it->second;
  }
  int Busy(model::UnitId unit) const override {
    auto it = busy.find(unit);
    return it == busy.end() ? 0 : it->second;
  }
  int OnDuty(model::UnitId unit) const override { return unit == model::kNoUnit ? 0 : 9; }
  std::map<model::UnitId, std::size_t> waiting;
  std::map<model::UnitId, int> busy;
};

TEST(AutoDispatch, SendsTheCrewThatCanBeOnSiteSoonest) {
  scenario::Diagnostics diags("auto.yaml");
  auto s = scenario::LoadScenarioFromString(kCity, "auto.yaml", diags);
  ASSERT_TRUE(s.ok()) << diags.ToString();
  const model::City& city = s->city;
  const model::UnitId own = *city.Find("s1.enforcement");
  const model::UnitId other = *city.Find("s2.enforcement");
  auto automatic = policies::MakePolicy("a", "auto_dispatch", {});
  auto fixed = policies::MakePolicy("f", "call_response", {});
  ASSERT_TRUE(automatic.ok() && fixed.ok());
  model::Demand demand;
  demand.origin = *city.Find("c1");
  demand.category = 0;
  std::vector<model::CrewCall> crews;

  // Idle city: the owner (its own street's team), as call_response.
  Loads loads;
  (*automatic)->Crews(demand, city, loads, &crews);
  EXPECT_EQ(crews, (std::vector<model::CrewCall>{{own, 1}}));
  std::vector<model::CrewCall> base;
  (*fixed)->Crews(demand, city, loads, &base);
  EXPECT_EQ(crews, base);

  // The owner's one crew busy with 2 waiting: 3 jobs of 2 h ahead (6 h) plus its travel,
  // against s2's idle team under an hour away (40 + 10 + 5 min).
  loads.busy[own] = 1;
  loads.waiting[own] = 2;
  (*automatic)->Crews(demand, city, loads, &crews);
  EXPECT_EQ(crews, (std::vector<model::CrewCall>{{other, 1}}));
  (*fixed)->Crews(demand, city, loads, &base);
  EXPECT_EQ(base, (std::vector<model::CrewCall>{{own, 1}}));  // the fixed owner whatever the load

  // Busy but nobody waiting: 2 h ahead is still later than s2's team.
  loads.waiting[own] = 0;
  (*automatic)->Crews(demand, city, loads, &crews);
  EXPECT_EQ(crews, (std::vector<model::CrewCall>{{other, 1}}));

  // s2's team as loaded (3 crews, all busy, 9 waiting: 10 jobs of 2 h over 3 crews): the owner.
  loads.busy[other] = 3;
  loads.waiting[other] = 9;
  (*automatic)->Crews(demand, city, loads, &crews);
  EXPECT_EQ(crews, (std::vector<model::CrewCall>{{own, 1}}));
}

}  // namespace
}  // namespace escalade
