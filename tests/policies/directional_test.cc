// Directional checks of the reforms, with paired replications (common random
// numbers: every arm sees the same demands and draws) and Student-t 95%
// intervals on the paired differences, on a district rich in multi-department
// demands (multi_department.yaml, every number [assumed]):
//  - street_whistle and community_orders resolve faster than layered_reporting;
//  - tiered_sla improves the red tier's p90 over the same rules with FIFO
//    queues, at a measurable cost to green;
//  - one_window removes returns.
// A check passes only when the whole interval lies on the expected side.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/confidence.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

struct Metrics {
  double resolution_h_mean = 0;
  double red_p90 = 0;
  double green_p90 = 0;
  double returns_per_demand = 0;
};

double P90(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

class Directional : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string path = ESCALADE_POLICY_TESTS_DIR "/multi_department.yaml";
    scenario::Diagnostics diags(path);
    auto loaded = scenario::LoadScenario(path, diags);
    ASSERT_TRUE(loaded.ok()) << diags.ToString();
    scenario_ = new scenario::Scenario(std::move(loaded).value());
    for (const scenario::PolicyChoice& arm : scenario_->policies) {
      for (int r = 0; r < scenario_->experiment.replications; ++r) {
        results_[arm.name].push_back(Run(arm, static_cast<std::uint64_t>(r)));
      }
    }
  }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
    results_.clear();
  }

  static Metrics Run(const scenario::PolicyChoice& arm, std::uint64_t replication) {
    const scenario::Scenario& s = *scenario_;
    auto policy = scenario::MakeArmPolicy(arm);
    EXPECT_TRUE(policy.ok()) << policy.status().ToString();
    scenario::DemandStreamOptions stream_options;
    stream_options.replication = replication;
    auto stream = scenario::OpenDemandStream(s, stream_options);
    EXPECT_TRUE(stream.ok());
    model::Lifecycle::Options options;
    options.seed = s.experiment.seed;
    options.replication = replication;
    options.horizon = s.experiment.horizon;
    model::Lifecycle lifecycle(s.city, s.calendar, **policy, **stream, options);
    std::vector<double> all, red, green;
    double returns = 0;
    double counted = 0;
    model::DemandFunctionSink sink([&](const model::DemandRecord& r) {
      if (r.created < s.experiment.warmup) return;
      counted += 1;
      returns += r.returns;
      if (r.open) return;
      const double hours = kernel::ToHours(r.closed - std::max<kernel::SimTime>(r.created, 0));
      all.push_back(hours);
      if (r.tier == model::Tier::kRed) red.push_back(hours);
      if (r.tier == model::Tier::kGreen) green.push_back(hours);
    });
    EXPECT_TRUE(lifecycle.Run(sink).ok());
    Metrics m;
    double sum = 0;
    for (double h : all) sum += h;
    m.resolution_h_mean = sum / static_cast<double>(all.size());
    m.red_p90 = P90(red);
    m.green_p90 = P90(green);
    m.returns_per_demand = returns / counted;
    return m;
  }

  // Paired interval of metric(a) - metric(b) over the replications.
  static analysis::Interval Diff(const std::string& a, const std::string& b,
                                 double Metrics::*metric) {
    std::vector<double> x, y;
    for (const Metrics& m : results_.at(a)) x.push_back(m.*metric);
    for (const Metrics& m : results_.at(b)) y.push_back(m.*metric);
    const analysis::Interval d = analysis::PairedDifferenceInterval(x, y);
    std::printf("%-18s - %-18s: diff %9.3f  [%9.3f, %9.3f]  (means %.3f vs %.3f)\n", a.c_str(),
                b.c_str(), d.mean, d.low, d.high, analysis::MeanInterval(x).mean,
                analysis::MeanInterval(y).mean);
    return d;
  }

  static scenario::Scenario* scenario_;
  static std::map<std::string, std::vector<Metrics>> results_;
};

scenario::Scenario* Directional::scenario_ = nullptr;
std::map<std::string, std::vector<Metrics>> Directional::results_;

TEST_F(Directional, StreetWhistleResolvesFasterThanLayeredReporting) {
  const analysis::Interval d =
      Diff("street_whistle", "layered_reporting", &Metrics::resolution_h_mean);
  EXPECT_LT(d.high, 0) << "whistle minus layered, hours";
}

TEST_F(Directional, CommunityOrdersResolveFasterThanLayeredReporting) {
  const analysis::Interval d =
      Diff("community_orders", "layered_reporting", &Metrics::resolution_h_mean);
  EXPECT_LT(d.high, 0) << "community orders minus layered, hours";
}

TEST_F(Directional, TieredSlaImprovesRedP90AtACostToGreen) {
  const analysis::Interval red = Diff("tiered_sla", "tiered_fifo", &Metrics::red_p90);
  EXPECT_LT(red.high, 0) << "red p90: tier priority minus FIFO, hours";
  const analysis::Interval green = Diff("tiered_sla", "tiered_fifo", &Metrics::green_p90);
  EXPECT_GT(green.low, 0) << "green p90: tier priority minus FIFO, hours";
}

TEST_F(Directional, OneWindowRemovesReturns) {
  for (const Metrics& m : results_.at("one_window")) EXPECT_EQ(m.returns_per_demand, 0);
  const analysis::Interval d =
      Diff("layered_reporting", "one_window", &Metrics::returns_per_demand);
  EXPECT_GT(d.low, 0) << "layered has returns";
}

}  // namespace
}  // namespace escalade
