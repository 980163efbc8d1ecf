#include "sim/model/station_network.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/kernel/distributions.h"

namespace escalade::model {
namespace {

using kernel::Distribution;

NetworkSpec TwoStations() {
  NetworkSpec spec;
  spec.stations.push_back({"a", 2, *Distribution::Exponential(0.5), 3.0});
  spec.stations.push_back({"b", 1, *Distribution::Lognormal(0.4, 1.2), 0.5});
  spec.routing = {{0.0, 0.4}, {0.2, 0.0}};
  return spec;
}

TEST(StationNetworkTest, RejectsInvalidSpecs) {
  EXPECT_FALSE(StationNetwork::Create({}).ok());
  NetworkSpec s = TwoStations();
  s.stations[0].servers = 0;
  EXPECT_FALSE(StationNetwork::Create(s).ok());
  s = TwoStations();
  s.stations[1].external_rate_per_hour = -1;
  EXPECT_FALSE(StationNetwork::Create(s).ok());
  s = TwoStations();
  s.stations[0].external_rate_per_hour = s.stations[1].external_rate_per_hour = 0;
  EXPECT_FALSE(StationNetwork::Create(s).ok());
  s = TwoStations();
  s.routing = {{0.0, 0.4}};
  EXPECT_FALSE(StationNetwork::Create(s).ok());
  s = TwoStations();
  s.routing = {{0.7, 0.4}, {0.0, 0.0}};
  auto bad = StationNetwork::Create(s);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("sums to"), std::string::npos);
  s = TwoStations();
  s.routing = {{0.0, -0.1}, {0.0, 0.0}};
  EXPECT_FALSE(StationNetwork::Create(s).ok());
}

std::vector<kernel::FiredEvent> EventLog(std::uint64_t seed, std::uint64_t replication) {
  auto net = StationNetwork::Create(TwoStations());
  EXPECT_TRUE(net.ok());
  std::vector<kernel::FiredEvent> log;
  RunOptions o;
  o.seed = seed;
  o.replication = replication;
  o.horizon = 200 * kernel::kHour;
  o.observer = [&log](const kernel::FiredEvent& e) { log.push_back(e); };
  net->Run(o);
  return log;
}

bool SameLog(const std::vector<kernel::FiredEvent>& a, const std::vector<kernel::FiredEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].time != b[i].time || a[i].priority != b[i].priority ||
        a[i].sequence != b[i].sequence || a[i].tag != b[i].tag) {
      return false;
    }
  }
  return true;
}

TEST(StationNetworkTest, SameSeedGivesIdenticalEventLog) {
  const auto a = EventLog(17, 3);
  const auto b = EventLog(17, 3);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_TRUE(SameLog(a, b));
}

TEST(StationNetworkTest, DifferentSeedOrReplicationGivesDifferentLog) {
  const auto base = EventLog(17, 3);
  EXPECT_FALSE(SameLog(base, EventLog(18, 3)));
  EXPECT_FALSE(SameLog(base, EventLog(17, 4)));
}

TEST(StationNetworkTest, MaxArrivalsDrainsTheNetwork) {
  auto net = StationNetwork::Create(TwoStations());
  ASSERT_TRUE(net.ok());
  RunOptions o;
  o.max_arrivals = 5000;
  o.horizon = kernel::kTimeMax;
  const NetworkResult r = net->Run(o);
  EXPECT_EQ(r.arrivals, 5000u);
  EXPECT_EQ(r.departures, 5000u);
  EXPECT_EQ(r.in_system_end, 0u);
  EXPECT_EQ(r.sojourn_hours.count(), 5000u);
  // Each customer: one arrival event plus one completion per service.
  std::uint64_t services = 0;
  for (const auto& s : r.stations) services += s.services;
  EXPECT_EQ(r.events, 5000u + services);
  EXPECT_NEAR(r.little_area, r.little_sum, 1e-9 * r.little_area);
  for (const auto& s : r.stations) {
    EXPECT_GE(s.utilization, 0.0);
    EXPECT_LE(s.utilization, 1.0);
  }
}

}  // namespace
}  // namespace escalade::model
