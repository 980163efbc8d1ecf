// The synthetic demand generator against its specification: statistical
// tests (chi-square and Poisson z-tests at a 1e-6 level, so a correct
// generator fails about once in a million runs; seeds are fixed), never a
// number pinned from one seeded run. Expected values are computed here, from
// the specification, independently of the generator's code.
#include "sim/model/demand_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/scenario/loader.h"

namespace escalade::model {
namespace {

constexpr double kZ = 4.9;  // two-sided 1e-6 point of the standard normal

// Upper 1e-6 point of chi-square with `dof` degrees of freedom (Wilson-Hilferty).
double ChiSquareCritical(int dof) {
  const double z = 4.753;
  const double k = dof;
  const double term = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * term * term * term;
}

double ChiSquare(const std::vector<double>& observed, const std::vector<double>& expected) {
  double sum = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (expected[i] > 0) sum += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  }
  return sum;
}

// |observed - expected| for a Poisson count, in standard deviations.
double PoissonZ(double observed, double expected) {
  return std::abs(observed - expected) / std::sqrt(expected);
}

// Two communities (a: 10,000 residents in 2 grids; b: 30,000), two categories.
std::string Scenario(const std::string& demand, const std::string& extra_calendar = "",
                     const std::string& horizon = "28d") {
  return R"yaml(version: 1
meta: {name: gen}
calendar:
  start: 2024-01-01
)yaml" + extra_calendar +
         R"yaml(departments:
  water: {staff: 1}
city:
  districts:
    - name: d
      streets:
        - name: s
          communities:
            - {name: a, population: 10000, grids: 2}
            - {name: b, population: 30000}
categories:
  leak:
    lead: water
    lowest_level: department
    resolve: {department: {p: 1, work: 2h}}
  noise:
    lead: water
    lowest_level: department
    resolve: {department: {p: 1, work: 2h}}
demand:
)yaml" + demand + R"yaml(
policies:
  - preset: hotline_direct
experiment:
  horizon: )yaml" + horizon + "\n";
}

scenario::Scenario Load(const std::string& yaml) {
  scenario::Diagnostics diags("gen.yaml");
  kernel::Result<scenario::Scenario> loaded =
      scenario::LoadScenarioFromString(yaml, "gen.yaml", diags);
  EXPECT_TRUE(loaded.ok()) << diags.ToString();
  return std::move(loaded).value();
}

std::vector<Demand> Generate(const scenario::Scenario& s, std::uint64_t replication = 0,
                             std::uint64_t seed = 11) {
  DemandGenerator::Options options;
  options.seed = seed;
  options.replication = replication;
  options.horizon = s.experiment.horizon;
  auto generator = DemandGenerator::Create(s.city, s.calendar, s.demand, options);
  EXPECT_TRUE(generator.ok()) << generator.status().ToString();
  std::vector<Demand> out;
  Demand demand;
  while (*(*generator)->Next(&demand)) out.push_back(demand);
  return out;
}

constexpr double kResidents = 40000;
constexpr double kYearHours = 365 * 24;

TEST(DemandGenerator, TotalCountIsPoissonWithTheSpecifiedRate) {
  const scenario::Scenario s = Load(Scenario("  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}"));
  const double expected = kResidents * 20 * 28 * 24 / kYearHours;
  // Five replications: each count is Poisson(expected).
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto demands = Generate(s, r);
    EXPECT_LT(PoissonZ(static_cast<double>(demands.size()), expected), kZ) << "replication " << r;
  }
}

TEST(DemandGenerator, ArrivalsPerHourFollowTheHourOfDayProfile) {
  const std::vector<double> profile = {1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 10, 8,
                                       6, 8, 10, 12, 12, 10, 8, 6, 4, 3, 2, 1};
  std::string list = "[";
  for (std::size_t h = 0; h < 24; ++h) list += (h ? ", " : "") + std::to_string(profile[h]);
  list += "]";
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}\n  hour_of_day: " + list));
  const auto demands = Generate(s);
  std::vector<double> observed(24, 0);
  for (const Demand& d : demands) observed[static_cast<std::size_t>(d.created / kernel::kHour % 24)] += 1;
  double sum = 0;
  for (double p : profile) sum += p;
  std::vector<double> expected(24);
  for (std::size_t h = 0; h < 24; ++h) expected[h] = demands.size() * profile[h] / sum;
  EXPECT_LT(ChiSquare(observed, expected), ChiSquareCritical(23));
  // And not flat: the same counts against a flat profile are far off.
  std::vector<double> flat(24, demands.size() / 24.0);
  EXPECT_GT(ChiSquare(observed, flat), 100 * ChiSquareCritical(23));
}

TEST(DemandGenerator, WeekdayMonthAndHolidayFactors) {
  // 2024: day_of_week Monday-first, a holiday on 2024-02-14 (a Wednesday) at 0.25.
  const scenario::Scenario s = Load(
      Scenario("  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}\n"
               "  day_of_week: [1, 1, 1, 1, 1, 0.5, 0.5]\n"
               "  month: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n  holiday_factor: 0.25",
               "  holidays: [2024-02-14]\n", "70d"));
  const auto demands = Generate(s);
  // Expected count of each day from the specification: profiles normalised to mean 1.
  const double dow_mean = 6.0 / 7.0;
  const double month_mean = 13.0 / 12.0;
  std::vector<double> observed(70, 0);
  std::vector<double> expected(70, 0);
  for (const Demand& d : demands) observed[static_cast<std::size_t>(d.created / kernel::kDay)] += 1;
  for (int day = 0; day < 70; ++day) {
    const double dow = (day % 7 >= 5 ? 0.5 : 1.0) / dow_mean;  // 2024-01-01 is a Monday
    const double month = (day < 31 ? 2.0 : 1.0) / month_mean;
    const double holiday = day == 44 ? 0.25 : 1.0;                // 2024-02-14 is day 44
    expected[static_cast<std::size_t>(day)] = kResidents * 20 / 365 * dow * month * holiday;
  }
  EXPECT_LT(ChiSquare(observed, expected), ChiSquareCritical(69));
  EXPECT_LT(PoissonZ(observed[44], expected[44]), kZ);
}

TEST(DemandGenerator, TrendGrowsTheRateContinuously) {
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 2\n  mix: {leak: 0.25, noise: 0.75}\n  trend_per_year: 1", "",
      "730d"));
  const auto demands = Generate(s);
  double first = 0;
  double second = 0;
  for (const Demand& d : demands) (d.created < 365 * kernel::kDay ? first : second) += 1;
  // rate(t) = r 2^t: the integrals over years 1 and 2 are r/ln 2 and 2r/ln 2.
  const double r = kResidents * 2;
  EXPECT_LT(PoissonZ(first, r / std::log(2.0)), kZ);
  EXPECT_LT(PoissonZ(second, 2 * r / std::log(2.0)), kZ);
}

TEST(DemandGenerator, CommunitiesByPopulationCategoriesByMixGridsEvenly) {
  const scenario::Scenario s = Load(Scenario("  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}"));
  const auto demands = Generate(s);
  const UnitId a = *s.city.Find("a");
  std::vector<double> by_cell(4, 0);  // (community a/b) x (leak/noise)
  std::vector<double> by_grid(2, 0);
  for (const Demand& d : demands) {
    by_cell[(d.origin == a ? 0 : 2) + static_cast<std::size_t>(d.category)] += 1;
    if (d.origin == a) {
      ASSERT_NE(d.grid, kNoUnit);
      by_grid[d.grid == *s.city.Find("a.g1") ? 0 : 1] += 1;
    } else {
      EXPECT_EQ(d.grid, kNoUnit);
    }
  }
  const double n = static_cast<double>(demands.size());
  EXPECT_LT(ChiSquare(by_cell, {n * 0.25 * 0.25, n * 0.25 * 0.75, n * 0.75 * 0.25,
                                n * 0.75 * 0.75}),
            ChiSquareCritical(3));
  const double in_a = by_grid[0] + by_grid[1];
  EXPECT_LT(ChiSquare(by_grid, {in_a / 2, in_a / 2}), ChiSquareCritical(1));
}

// Counts of (community, category) demands inside and outside [from, to).
struct BurstCounts {
  double inside = 0;
  double outside = 0;
};
BurstCounts Count(const std::vector<Demand>& demands, UnitId community, int category,
                  kernel::SimTime from, kernel::SimTime to) {
  BurstCounts c;
  for (const Demand& d : demands) {
    if (d.origin != community || d.category != category) continue;
    (d.created >= from && d.created < to ? c.inside : c.outside) += 1;
  }
  return c;
}

TEST(DemandGenerator, BurstMultipliesTheRateWhereAndWhenItShould) {
  for (const double multiplier : {4.0, 0.25}) {
    const scenario::Scenario s = Load(Scenario(
        "  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}\n  bursts:\n"
        "    - {name: typhoon, start: 2024-01-10T08:30, duration: 2d, multiplier: " +
        std::to_string(multiplier) + ", communities: [a], categories: [leak]}"));
    const auto demands = Generate(s);
    const kernel::SimTime from = 9 * kernel::kDay + 8 * kernel::kHour + 30 * kernel::kMinute;
    const kernel::SimTime to = from + 2 * kernel::kDay;
    const double per_hour = 20 / kYearHours;  // per resident
    const double window_h = 48;
    const double rest_h = 28 * 24 - window_h;
    const UnitId a = *s.city.Find("a");
    const UnitId b = *s.city.Find("b");
    const int leak = *s.city.FindCategory("leak");
    const int noise = *s.city.FindCategory("noise");
    // Hit: community a, leak, inside the window.
    BurstCounts hit = Count(demands, a, leak, from, to);
    EXPECT_LT(PoissonZ(hit.inside, 10000 * per_hour * 0.25 * window_h * multiplier), kZ);
    EXPECT_LT(PoissonZ(hit.outside, 10000 * per_hour * 0.25 * rest_h), kZ);
    // Not hit: another category in a, the same category in b.
    BurstCounts other_category = Count(demands, a, noise, from, to);
    EXPECT_LT(PoissonZ(other_category.inside, 10000 * per_hour * 0.75 * window_h), kZ);
    BurstCounts other_community = Count(demands, b, leak, from, to);
    EXPECT_LT(PoissonZ(other_community.inside, 30000 * per_hour * 0.25 * window_h), kZ);
  }
}

TEST(DemandGenerator, PatrolFindsDuringPatrolHoursOnly) {
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 1\n  mix: {leak: 0.25, noise: 0.75}\n"
      "  patrol: {per_grid_per_hour: 5, hours: office, mix: {leak: 1}}"));
  const auto demands = Generate(s);
  double patrol = 0;
  for (const Demand& d : demands) {
    if (d.source != DemandSource::kPatrol) continue;
    patrol += 1;
    EXPECT_EQ(d.channel, Channel::kGridPatrol);
    EXPECT_EQ(d.category, *s.city.FindCategory("leak"));
    EXPECT_EQ(d.origin, s.city.unit(d.grid).community);
    // Inside a working interval (or exactly at the close of one).
    EXPECT_TRUE(s.calendar.IsWorking(d.created) || s.calendar.IsWorking(d.created - 1))
        << "at " << d.created;
  }
  // 2 grids x 5 per hour x the working hours of 28 days.
  const double hours = kernel::ToHours(s.calendar.WorkingTimeBetween(0, 28 * kernel::kDay));
  EXPECT_LT(PoissonZ(patrol, 2 * 5 * hours), kZ);
}

TEST(DemandGenerator, SensorsAlarmAtTheirRateInTheirCommunities) {
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 1\n  mix: {leak: 0.25, noise: 0.75}\n"
      "  sensors:\n    - {name: smoke, count: 400, per_sensor_per_year: 50, category: noise, "
      "communities: [b]}"));
  const auto demands = Generate(s);
  double alarms = 0;
  for (const Demand& d : demands) {
    if (d.source != DemandSource::kSensor) continue;
    alarms += 1;
    EXPECT_EQ(d.channel, Channel::kSensor);
    EXPECT_EQ(d.origin, *s.city.Find("b"));
    EXPECT_EQ(d.category, *s.city.FindCategory("noise"));
  }
  EXPECT_LT(PoissonZ(alarms, 400 * 50 * 28 / 365.0), kZ);
}

TEST(DemandGenerator, BacklogComesFirstOldestFirstWithExactCounts) {
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}\n"
      "  backlog: {per_community: 3, communities: {b: 7}, age: {dist: uniform, low: 1h, high: 5d}}"));
  const auto demands = Generate(s);
  ASSERT_GE(demands.size(), 10u);
  int in_a = 0;
  int in_b = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(demands[i].source, DemandSource::kBacklog);
    EXPECT_LE(demands[i].created, -kernel::kHour);
    EXPECT_GE(demands[i].created, -5 * kernel::kDay);
    EXPECT_EQ(demands[i].release(), 0);
    if (i > 0) {
      EXPECT_LE(demands[i - 1].created, demands[i].created);
    }
    (demands[i].origin == *s.city.Find("a") ? in_a : in_b) += 1;
  }
  EXPECT_EQ(in_a, 3);
  EXPECT_EQ(in_b, 7);
  EXPECT_NE(demands[10].source, DemandSource::kBacklog);
}

TEST(DemandGenerator, IdsAreSequentialAndReleasesNeverGoBack) {
  const scenario::Scenario s = Load(Scenario(
      "  per_capita_per_year: 20\n  mix: {leak: 0.25, noise: 0.75}\n"
      "  patrol: {per_grid_per_hour: 1, mix: {noise: 1}}\n"
      "  sensors: [{name: gauge, count: 10, per_sensor_per_year: 100, category: leak}]\n"
      "  backlog: {per_community: 2}"));
  const auto demands = Generate(s);
  for (std::size_t i = 0; i < demands.size(); ++i) {
    EXPECT_EQ(demands[i].id, i);
    if (i > 0) {
      ASSERT_LE(demands[i - 1].release(), demands[i].release()) << "at " << i;
    }
    ASSERT_LT(demands[i].created, s.experiment.horizon);
  }
}

TEST(DemandGenerator, SameSeedAndReplicationSameDemandsOtherwiseDifferent) {
  const scenario::Scenario s = Load(Scenario("  per_capita_per_year: 5\n  mix: {leak: 0.25, noise: 0.75}"));
  const auto first = Generate(s, 3);
  const auto again = Generate(s, 3);
  ASSERT_EQ(first.size(), again.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].created, again[i].created);
    EXPECT_EQ(first[i].origin, again[i].origin);
    EXPECT_EQ(first[i].category, again[i].category);
  }
  const auto other = Generate(s, 4);
  ASSERT_FALSE(other.empty());
  EXPECT_TRUE(other.size() != first.size() || other[0].created != first[0].created);
}

}  // namespace
}  // namespace escalade::model
