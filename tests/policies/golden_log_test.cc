// Golden event logs: every preset on a tiny city with three demands, the whole
// log compared line by line with one checked by hand.
//
// The city (all units on duty 24x7, one server each): hotline; district d;
// street s (20 min from d); community c (10 min from s) with one grid c.g1
// (5 min); departments a and b, based 15 min from the district seat, so a
// crew needs 15 + 20 + 10 = 45 min to reach c.
// Categories (deterministic work, resolve probabilities 0 or 1):
//   climb  — lowest level street: street p 0 (1 h), district p 0 (1 h),
//            department a p 1 (2 h);
//   joint  — department level only: lead a, assist b, p 1 (1 h);
//   local  — lowest level community: community p 1 (30 min).
// Demands: d0 climb by hotline at 00:00, d1 joint by hotline at 10:00, d2 local
// walk-in at 20:00 (day 0), each from c.g1, 1 person, no money: tier green.
// To make the log checkable by hand, randomness is switched off for the test:
// return_probability 0, and every satisfaction probability 1 (no reopening).
// Timings that differ between presets: intake 5 min (+ triage: tiered_sla 5
// min, one_window 15 min), paperwork per hop (layered, whistle, community
// orders, tiered 4 h; call_response, one_window 2 h; hotline_direct 1 h; itil
// 30 min; nyc311 2 h default), sequential hand-offs wait 1 d between
// departments, rendezvous summons both at once.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

constexpr char kCity[] = R"yaml(version: 1
meta: {name: golden}
calendar: {start: 2024-01-01}
departments:
  a: {staff: 1, hours: always, travel: 15m}
  b: {staff: 1, hours: always, travel: 15m}
city:
  defaults:
    grid: {staff: 1, hours: always, travel: 5m}
    community: {staff: 1, hours: always, travel: 10m}
    street: {staff: 1, hours: always, travel: 20m}
    district: {staff: 1, hours: always}
  hotline: {staff: 1}
  districts:
    - name: d
      streets:
        - name: s
          communities:
            - {name: c, population: 1000, grids: 1}
categories:
  climb:
    lead: a
    lowest_level: street
    resolve:
      street: {p: 0, work: 1h}
      district: {p: 0, work: 1h}
      department: {p: 1, work: 2h}
  joint:
    lead: a
    assist: [b]
    lowest_level: department
    resolve:
      department: {p: 1, work: 1h}
  local:
    lead: a
    lowest_level: community
    resolve:
      community: {p: 1, work: 30m}
      department: {p: 1, work: 1h}
demand:
  per_capita_per_year: 0
  mix: {climb: 1}
policies:
  - preset: layered_reporting
)yaml";

class ListStream final : public model::DemandStream {
 public:
  explicit ListStream(std::vector<model::Demand> demands) : demands_(std::move(demands)) {}
  kernel::Result<bool> Next(model::Demand* demand) override {
    if (next_ >= demands_.size()) return false;
    *demand = demands_[next_++];
    return true;
  }
  std::string Summary() const override { return ""; }

 private:
  std::vector<model::Demand> demands_;
  std::size_t next_ = 0;
};

std::string FormatTime(kernel::SimTime t) {
  const long long minutes = t / kernel::kMinute;
  char text[32];
  std::snprintf(text, sizeof text, "d%lld %02lld:%02lld", minutes / 1440, minutes / 60 % 24,
                minutes % 60);
  return text;
}

std::string GoldenLog(const std::string& preset) {
  scenario::Diagnostics diags("golden.yaml");
  auto s = scenario::LoadScenarioFromString(kCity, "golden.yaml", diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  const model::City& city = s->city;
  auto demand = [&](std::uint64_t id, const char* category, kernel::SimTime at,
                    model::Channel channel) {
    model::Demand d;
    d.id = id;
    d.created = at;
    d.origin = *city.Find("c");
    d.grid = *city.Find("c.g1");
    d.category = *city.FindCategory(category);
    d.channel = channel;
    return d;
  };
  ListStream stream({demand(0, "climb", 0, model::Channel::kHotline),
                     demand(1, "joint", 10 * kernel::kHour, model::Channel::kHotline),
                     demand(2, "local", 20 * kernel::kHour, model::Channel::kWalkIn)});
  auto policy = policies::MakePolicy(preset, preset,
                                     {{"return_probability", "0"},
                                      {"satisfied_on_time", "1"},
                                      {"satisfied_late", "1"},
                                      {"satisfied_unresolved", "1"}});
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  model::Lifecycle::Options options;
  options.horizon = 5 * kernel::kDay;
  model::Lifecycle lifecycle(city, s->calendar, **policy, stream, options);
  model::RecordLog records(/*visits=*/false, /*transitions=*/true);
  EXPECT_TRUE(lifecycle.Run(records).ok());
  std::string out;
  for (const model::LogEntry& e : records.transitions) {
    out += FormatTime(e.time) + " d" + std::to_string(e.demand) + " " +
           std::string(model::TransitionName(e.transition));
    if (e.unit != model::kNoUnit) out += " " + city.unit(e.unit).name;
    out += "\n";
  }
  return out;
}

// Checked by hand (times d<day> HH:MM; see the header for the city and the rules):
//  layered_reporting: d0 climbs community (below street: reported up, 4 h), street (fails
//    after 1 h, 4 h to the district), district (fails, 4 h to assign a): ordered 14:05, on
//    site 45 min later, 2 h of work. d1 needs departments: three hops of 4 h, then a and b
//    one after the other with a day between. d2 is resolved by its community in 30 min.
//  street_whistle: the street whistles at once after failing (d0 05:05) and for d1 as soon
//    as it reaches the street; a and b arrive together (rendezvous).
//  hotline_direct: d0 straight to the street, which orders a after failing; d1 straight to
//    the departments (sequential); d2, a community-level demand, is handed down to the
//    community at once and resolved there.
//  call_response: each at its lowest capable level; the street orders; d1 rendezvous.
//  community_orders: the community orders departments at once for d1 (departments are
//    needed); d0 (a street-level problem) goes up to the street, which orders a when it fails.
//  tiered_sla: layered_reporting 5 min later (grading); all green, 7 d deadline not reached.
//  one_window: 20 min at the desk, then the lowest capable level; 2 h paperwork per hop.
//  nyc311_sla: everything straight to the department.
//  itil_tiered: the district desk first; 30 min hand-offs; d1 breaches its 1 d green
//    deadline at d1 10:00 while b is still to come: counted against the lead department d.a
//    (escalation applies only to a demand waiting at a unit).
const std::map<std::string, std::string>& Expected() {
  static const std::map<std::string, std::string> kExpected = {
    {"layered_reporting", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 escalated c
d0 04:05 d0 assigned s
d0 04:05 d0 accepted s
d0 05:05 d0 escalated s
d0 09:05 d0 assigned d
d0 09:05 d0 accepted d
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d0 escalated d
d0 10:05 d1 triaged hotline
d0 10:05 d1 escalated c
d0 14:05 d0 ordered d.a
d0 14:05 d1 escalated s
d0 14:50 d0 on_site d.a
d0 16:50 d0 resolved d.a
d0 16:50 d0 satisfied
d0 16:50 d0 closed
d0 18:05 d1 escalated d
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 assigned c
d0 20:05 d2 accepted c
d0 20:35 d2 resolved c
d0 20:35 d2 satisfied
d0 20:35 d2 closed
d0 22:05 d1 ordered d.a
d0 22:50 d1 on_site d.a
d2 00:35 d1 on_site d.b
d2 01:35 d1 resolved d.a
d2 01:35 d1 satisfied
d2 01:35 d1 closed
)log"},
    {"street_whistle", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 escalated c
d0 04:05 d0 assigned s
d0 04:05 d0 accepted s
d0 05:05 d0 escalated s
d0 05:05 d0 ordered d.a
d0 05:50 d0 on_site d.a
d0 07:50 d0 resolved d.a
d0 07:50 d0 satisfied
d0 07:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 escalated c
d0 14:05 d1 escalated s
d0 14:05 d1 ordered d.a
d0 14:50 d1 on_site d.a
d0 14:50 d1 on_site d.b
d0 15:50 d1 resolved d.a
d0 15:50 d1 satisfied
d0 15:50 d1 closed
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 assigned c
d0 20:05 d2 accepted c
d0 20:35 d2 resolved c
d0 20:35 d2 satisfied
d0 20:35 d2 closed
)log"},
    {"hotline_direct", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 assigned s
d0 00:05 d0 accepted s
d0 01:05 d0 escalated s
d0 01:05 d0 ordered d.a
d0 01:50 d0 on_site d.a
d0 03:50 d0 resolved d.a
d0 03:50 d0 satisfied
d0 03:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 ordered d.a
d0 10:50 d1 on_site d.a
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 assigned c
d0 20:05 d2 accepted c
d0 20:35 d2 resolved c
d0 20:35 d2 satisfied
d0 20:35 d2 closed
d1 12:35 d1 on_site d.b
d1 13:35 d1 resolved d.a
d1 13:35 d1 satisfied
d1 13:35 d1 closed
)log"},
    {"call_response", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 assigned s
d0 00:05 d0 accepted s
d0 01:05 d0 escalated s
d0 01:05 d0 ordered d.a
d0 01:50 d0 on_site d.a
d0 03:50 d0 resolved d.a
d0 03:50 d0 satisfied
d0 03:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 ordered d.a
d0 10:50 d1 on_site d.a
d0 10:50 d1 on_site d.b
d0 11:50 d1 resolved d.a
d0 11:50 d1 satisfied
d0 11:50 d1 closed
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 assigned c
d0 20:05 d2 accepted c
d0 20:35 d2 resolved c
d0 20:35 d2 satisfied
d0 20:35 d2 closed
)log"},
    {"community_orders", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 escalated c
d0 04:05 d0 assigned s
d0 04:05 d0 accepted s
d0 05:05 d0 escalated s
d0 05:05 d0 ordered d.a
d0 05:50 d0 on_site d.a
d0 07:50 d0 resolved d.a
d0 07:50 d0 satisfied
d0 07:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 escalated c
d0 10:05 d1 ordered d.a
d0 10:50 d1 on_site d.a
d0 10:50 d1 on_site d.b
d0 11:50 d1 resolved d.a
d0 11:50 d1 satisfied
d0 11:50 d1 closed
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 assigned c
d0 20:05 d2 accepted c
d0 20:35 d2 resolved c
d0 20:35 d2 satisfied
d0 20:35 d2 closed
)log"},
    {"tiered_sla", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:10 d0 triaged hotline
d0 00:10 d0 escalated c
d0 04:10 d0 assigned s
d0 04:10 d0 accepted s
d0 05:10 d0 escalated s
d0 09:10 d0 assigned d
d0 09:10 d0 accepted d
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:10 d0 escalated d
d0 10:10 d1 triaged hotline
d0 10:10 d1 escalated c
d0 14:10 d0 ordered d.a
d0 14:10 d1 escalated s
d0 14:55 d0 on_site d.a
d0 16:55 d0 resolved d.a
d0 16:55 d0 satisfied
d0 16:55 d0 closed
d0 18:10 d1 escalated d
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:10 d2 triaged c
d0 20:10 d2 assigned c
d0 20:10 d2 accepted c
d0 20:40 d2 resolved c
d0 20:40 d2 satisfied
d0 20:40 d2 closed
d0 22:10 d1 ordered d.a
d0 22:55 d1 on_site d.a
d2 00:40 d1 on_site d.b
d2 01:40 d1 resolved d.a
d2 01:40 d1 satisfied
d2 01:40 d1 closed
)log"},
    {"one_window", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:20 d0 triaged hotline
d0 00:20 d0 assigned s
d0 00:20 d0 accepted s
d0 01:20 d0 escalated s
d0 03:20 d0 assigned d
d0 03:20 d0 accepted d
d0 04:20 d0 escalated d
d0 06:20 d0 ordered d.a
d0 07:05 d0 on_site d.a
d0 09:05 d0 resolved d.a
d0 09:05 d0 satisfied
d0 09:05 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:20 d1 triaged hotline
d0 10:20 d1 ordered d.a
d0 11:05 d1 on_site d.a
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:20 d2 triaged c
d0 20:20 d2 assigned c
d0 20:20 d2 accepted c
d0 20:50 d2 resolved c
d0 20:50 d2 satisfied
d0 20:50 d2 closed
d1 12:50 d1 on_site d.b
d1 13:50 d1 resolved d.a
d1 13:50 d1 satisfied
d1 13:50 d1 closed
)log"},
    {"nyc311_sla", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 ordered d.a
d0 00:50 d0 on_site d.a
d0 02:50 d0 resolved d.a
d0 02:50 d0 satisfied
d0 02:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 ordered d.a
d0 10:50 d1 on_site d.a
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 ordered d.a
d0 20:50 d2 on_site d.a
d0 21:50 d2 resolved d.a
d0 21:50 d2 satisfied
d0 21:50 d2 closed
d1 12:35 d1 on_site d.b
d1 13:35 d1 resolved d.a
d1 13:35 d1 satisfied
d1 13:35 d1 closed
)log"},
    {"itil_tiered", R"log(
d0 00:00 d0 created
d0 00:00 d0 received hotline
d0 00:05 d0 triaged hotline
d0 00:05 d0 assigned d
d0 00:05 d0 accepted d
d0 01:05 d0 escalated d
d0 01:35 d0 ordered d.a
d0 02:20 d0 on_site d.a
d0 04:20 d0 resolved d.a
d0 04:20 d0 satisfied
d0 04:20 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received hotline
d0 10:05 d1 triaged hotline
d0 10:05 d1 escalated d
d0 10:35 d1 ordered d.a
d0 11:20 d1 on_site d.a
d0 20:00 d2 created
d0 20:00 d2 received c
d0 20:05 d2 triaged c
d0 20:05 d2 escalated d
d0 20:35 d2 ordered d.a
d0 21:20 d2 on_site d.a
d0 22:20 d2 resolved d.a
d0 22:20 d2 satisfied
d0 22:20 d2 closed
d1 10:00 d1 breached d.a
d1 13:05 d1 on_site d.b
d1 14:05 d1 resolved d.a
d1 14:05 d1 satisfied
d1 14:05 d1 closed
)log"},
  };
  return kExpected;
}

// The flat records of the same run carry the units visited, in order.
// Co-governance first (矛盾不上交): a dispute goes to the community's mediation room before
// the community itself; when the room fails, the community takes over at once (no paperwork)
// and, when it fails too, the failed tries count: under community_orders the community orders
// departments directly.
TEST(GoldenLog, MediationRoomFirstThenTheCommunityThenDepartments) {
  std::string yaml = kCity;
  yaml.replace(yaml.find("            - {name: c, population: 1000, grids: 1}"),
               std::string("            - {name: c, population: 1000, grids: 1}").size(),
               "            - {name: c, population: 1000, grids: 1, mediation: {staff: 1, hours: always}}");
  yaml.replace(yaml.find("demand:"), 0, R"yaml(  settled:
    lead: a
    lowest_level: community
    mediation: {p: 1, work: 45m}
    resolve:
      community: {p: 1, work: 30m}
      department: {p: 1, work: 1h}
  stubborn:
    lead: a
    lowest_level: community
    mediation: {p: 0, work: 45m}
    resolve:
      community: {p: 0, work: 30m}
      department: {p: 1, work: 1h}
)yaml");
  scenario::Diagnostics diags("golden.yaml");
  auto s = scenario::LoadScenarioFromString(yaml, "golden.yaml", diags);
  ASSERT_TRUE(s.ok()) << diags.ToString();
  const model::City& city = s->city;
  auto demand = [&](std::uint64_t id, const char* category, kernel::SimTime at) {
    model::Demand d;
    d.id = id;
    d.created = at;
    d.origin = *city.Find("c");
    d.category = *city.FindCategory(category);
    d.channel = model::Channel::kWalkIn;
    return d;
  };
  ListStream stream({demand(0, "settled", 0), demand(1, "stubborn", 10 * kernel::kHour)});
  auto policy = policies::MakePolicy("orders", "community_orders",
                                     {{"return_probability", "0"}, {"satisfied_on_time", "1"},
                                      {"satisfied_late", "1"}, {"satisfied_unresolved", "1"}});
  ASSERT_TRUE(policy.ok());
  model::Lifecycle::Options options;
  options.horizon = 2 * kernel::kDay;
  model::Lifecycle lifecycle(city, s->calendar, **policy, stream, options);
  model::RecordLog records(/*visits=*/false, /*transitions=*/true);
  ASSERT_TRUE(lifecycle.Run(records).ok());
  std::vector<std::string> resolvers;
  for (const model::DemandRecord& r : records.demands) resolvers.push_back(city.unit(r.resolver).name);
  std::string log;
  for (const model::LogEntry& e : records.transitions) {
    log += FormatTime(e.time) + " d" + std::to_string(e.demand) + " " +
           std::string(model::TransitionName(e.transition)) +
           (e.unit != model::kNoUnit ? " " + city.unit(e.unit).name : "") + "\n";
  }
  // d0: received by c at 00:00, graded 00:05, the mediation room settles it in 45 min.
  // d1: the room fails (10:50), c takes over at once and fails (11:20); both tries count,
  // so c orders a at once (no paperwork): 45 min travel, 1 h work.
  EXPECT_EQ(log, R"log(d0 00:00 d0 created
d0 00:00 d0 received c
d0 00:05 d0 triaged c
d0 00:05 d0 assigned c.mediation
d0 00:05 d0 accepted c.mediation
d0 00:50 d0 resolved c.mediation
d0 00:50 d0 satisfied
d0 00:50 d0 closed
d0 10:00 d1 created
d0 10:00 d1 received c
d0 10:05 d1 triaged c
d0 10:05 d1 assigned c.mediation
d0 10:05 d1 accepted c.mediation
d0 10:50 d1 assigned c
d0 10:50 d1 accepted c
d0 11:20 d1 escalated c
d0 11:20 d1 ordered d.a
d0 12:05 d1 on_site d.a
d0 13:05 d1 resolved d.a
d0 13:05 d1 satisfied
d0 13:05 d1 closed
)log");
  EXPECT_EQ(resolvers, (std::vector<std::string>{"c.mediation", "d.a"}));
}

TEST(GoldenLog, VisitRecordsFollowTheDemand) {
  scenario::Diagnostics diags("golden.yaml");
  auto s = scenario::LoadScenarioFromString(kCity, "golden.yaml", diags);
  ASSERT_TRUE(s.ok());
  const model::City& city = s->city;
  model::Demand d;
  d.origin = *city.Find("c");
  d.grid = *city.Find("c.g1");
  d.category = *city.FindCategory("joint");
  ListStream stream({d});
  auto policy = policies::MakePolicy("l", "layered_reporting",
                                     {{"return_probability", "0"}, {"reopen_if_unsatisfied", "0"}});
  ASSERT_TRUE(policy.ok());
  model::Lifecycle lifecycle(city, s->calendar, **policy, stream, {});
  model::RecordLog records(/*visits=*/true);
  ASSERT_TRUE(lifecycle.Run(records).ok());
  std::string visits;
  for (const model::VisitRecord& v : records.visits) {
    const auto time = [](kernel::SimTime t) { return t == model::kNoTime ? "-" : FormatTime(t); };
    visits += std::to_string(v.seq) + " " + city.unit(v.unit).name + " " +
              (v.intake ? "intake" : std::string(model::LevelName(v.level))) + " " +
              time(v.queued) + " " + time(v.started) + " " + time(v.finished) + " " +
              std::string(model::VisitOutcomeName(v.outcome)) + "\n";
  }
  // The hotline takes the call (5 min at the desk); community, street and district cannot
  // handle a department-level category and report it up, 4 h of paperwork each; the
  // district's assignment takes 4 h more; then departments a and b one after the other (45
  // min travel + 1 h work each, a day between), the last carrying the outcome.
  EXPECT_EQ(visits, R"v(0 hotline intake d0 00:00 d0 00:00 d0 00:05 received
1 c community d0 00:05 - d0 00:05 reported_on
2 s street d0 04:05 - d0 04:05 reported_on
3 d district d0 08:05 - d0 08:05 ordered
4 d.a department d0 12:05 d0 12:05 d0 13:50 handed_on
5 d.b department d1 13:50 d1 13:50 d1 15:35 resolved
)v");
  ASSERT_EQ(records.demands.size(), 1u);
  EXPECT_EQ(records.demands[0].visits, 6);
}

TEST(GoldenLog, EveryPresetMatchesItsHandCheckedLog) {
  ASSERT_EQ(Expected().size(), policies::Presets().size());
  for (const policies::PresetInfo& preset : policies::Presets()) {
    const std::string name(preset.name);
    ASSERT_TRUE(Expected().count(name)) << "no golden log for " << name;
    // The raw strings open with a line break, for readability.
    EXPECT_EQ("\n" + GoldenLog(name), Expected().at(name)) << name;
  }
}

}  // namespace
}  // namespace escalade
