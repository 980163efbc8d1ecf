// The runaway cap (issue 10): a scenario whose offered load is above capacity is
// stopped by Lifecycle::Options::max_open_demands with an error naming the unit
// with the longest waiting line, instead of growing its backlog without bound.
//
// The overloaded city: one community with one worker around the clock,
// exponential work of mean 1 h, and Poisson arrivals at 4 per hour (load 4:
// the line grows by ~3 demands an hour). Its street and departments are
// staffed but never reached (the community resolves everything).
#include <gtest/gtest.h>

#include <string>

#include "sim/model/lifecycle.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

std::string CityYaml(int community_staff) {
  return R"yaml(version: 1
meta: {name: runaway}
calendar: {start: 2024-01-01}
departments:
  a: {staff: 2, hours: always, travel: 15m}
city:
  defaults:
    community: {staff: )yaml" +
         std::to_string(community_staff) + R"yaml(, hours: always, travel: 10m}
    street: {staff: 2, hours: always, travel: 20m}
    district: {staff: 1, hours: always}
  districts:
    - name: d
      streets:
        - name: s
          communities:
            - {name: busy_community, population: 35040}
categories:
  job:
    lead: a
    lowest_level: community
    resolve:
      community: {p: 1, work: {dist: exponential, mean: 1h}}
      department: {p: 1, work: 1h}
demand:
  per_capita_per_year: 1   # 35,040 a year = 4 per hour
  hour_of_day: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  day_of_week: [1, 1, 1, 1, 1, 1, 1]
  mix: {job: 1}
  channels: {walk_in: 1}
policies:
  - preset: layered_reporting
    set: {intake: 0s}
)yaml";
}

struct Outcome {
  kernel::Status status = kernel::Status::Ok();
  model::Lifecycle::Counters counters;
  std::uint64_t records = 0;
};

Outcome RunCity(int community_staff, std::uint32_t cap, kernel::SimTime horizon) {
  Outcome out;
  scenario::Diagnostics diags("runaway.yaml");
  auto s = scenario::LoadScenarioFromString(CityYaml(community_staff), "runaway.yaml", diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  if (!s.ok()) return out;
  const scenario::PolicyChoice& arm = s->policies.front();
  auto policy = scenario::MakeArmPolicy(arm);
  EXPECT_TRUE(policy.ok());
  scenario::DemandStreamOptions stream_options;
  auto stream = scenario::OpenDemandStream(*s, stream_options);
  EXPECT_TRUE(stream.ok());
  model::Lifecycle::Options options;
  options.horizon = horizon;
  options.max_open_demands = cap;
  model::Lifecycle lifecycle(s->city, s->calendar, **policy, **stream, options);
  model::RecordLog records;
  out.status = lifecycle.Run(records);
  out.records = records.demands.size();
  out.counters = lifecycle.counters();
  return out;
}

TEST(LifecycleRunaway, OverloadedCityStopsAtTheCapAndNamesTheUnit) {
  const Outcome out = RunCity(/*community_staff=*/1, /*cap=*/500, 365 * kernel::kDay);
  ASSERT_FALSE(out.status.ok());
  const std::string& m = out.status.message();
  EXPECT_NE(m.find("runaway backlog: more than 500 demands open on day "), std::string::npos) << m;
  EXPECT_NE(m.find("max_open_demands"), std::string::npos) << m;
  EXPECT_NE(m.find("the longest waiting line is at busy_community: "), std::string::npos) << m;
  EXPECT_NE(m.find(" waiting for 1 staff (1 busy)"), std::string::npos) << m;
  EXPECT_NE(m.find("add staff at busy_community or lower the demand"), std::string::npos) << m;
  // Stopped as soon as the cap was passed: ~3 demands an hour pile up, so about a week in,
  // long before the year's ~35,000 demands.
  EXPECT_EQ(out.counters.created - out.counters.closed, 501u);
  EXPECT_LT(out.counters.created, 2000u);
  // Closed demands were recorded; the open ones of a failed run are not.
  EXPECT_EQ(out.records, out.counters.closed);
  EXPECT_EQ(out.counters.open_at_horizon, 0u);
}

TEST(LifecycleRunaway, TheDayInTheMessageIsTheSimulatedDay) {
  const Outcome out = RunCity(1, 500, 365 * kernel::kDay);
  ASSERT_FALSE(out.status.ok());
  // 500 open at a growth of ~3 an hour: day 7 or 8 (2024-01-07 or -08).
  const std::string& m = out.status.message();
  const bool day_7 = m.find("on day 7 (2024-01-07)") != std::string::npos;
  const bool day_8 = m.find("on day 8 (2024-01-08)") != std::string::npos;
  EXPECT_TRUE(day_7 || day_8) << m;
}

TEST(LifecycleRunaway, StableCityNeverReachesTheCap) {
  // Eight workers for 4 hours of work an hour: load 0.5, a handful open at a time.
  const Outcome out = RunCity(8, 100, 60 * kernel::kDay);
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(out.records, out.counters.created);
}

TEST(LifecycleRunaway, ZeroMeansNoCap) {
  // Overloaded, but without a cap it runs to the horizon and hands out every record.
  const Outcome out = RunCity(1, 0, 30 * kernel::kDay);
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_GT(out.counters.open_at_horizon, 1000u);
  EXPECT_EQ(out.records, out.counters.created);
}

TEST(LifecycleRunaway, DefaultCapBoundsMemoryWellBelowAGibibyte) {
  model::Lifecycle::Options options;
  EXPECT_GT(options.max_open_demands, 0u);
  EXPECT_LE(options.max_open_demands, 1000000u);  // ~1 KB per open demand
}

}  // namespace
}  // namespace escalade
