// Parallel runs give the same bytes for any thread count; a stopped experiment
// keeps paired replications; the run codec is exact.
#include "sim/experiment/runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>

#include "analysis/confidence.h"
#include "analysis/queueing_theory.h"
#include "sim/experiment/outputs.h"
#include "sim/experiment/record_spool.h"
#include "sim/experiment/run_codec.h"
#include "sim/scenario/loader.h"

namespace escalade::experiment {
namespace {

scenario::Scenario Load(const std::string& path) {
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> s = scenario::LoadScenario(path, diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  return std::move(s).value();
}

struct Files {
  RunTables tables;
  std::string demands;
  std::string visits;
};

Files RunWith(const scenario::Scenario& s, int threads, int replications) {
  RunOptions options;
  options.threads = threads;
  options.replications = replications;
  options.records = true;
  kernel::Result<RunResult> result = RunExperiment(s, options);
  EXPECT_TRUE(result.ok()) << result.status().message();
  Files files{MakeRunTables(s.city, *result), "", ""};
  EXPECT_TRUE(result->records->AppendTo(RecordSpool::Table::kDemands, &files.demands,
                                        result->replications).ok());
  EXPECT_TRUE(result->records->AppendTo(RecordSpool::Table::kVisits, &files.visits,
                                        result->replications).ok());
  return files;
}

TEST(RunExperimentTest, SameBytesForOneTwoAndEightThreads) {
  const scenario::Scenario s = Load(ESCALADE_SCENARIOS_DIR "/teaching_community.yaml");
  ASSERT_EQ(s.policies.size(), 3u);
  const Files one = RunWith(s, 1, 4);
  for (int threads : {2, 8}) {
    const Files many = RunWith(s, threads, 4);
    EXPECT_EQ(one.tables.summary, many.tables.summary) << threads;
    EXPECT_EQ(one.tables.replications, many.tables.replications) << threads;
    EXPECT_EQ(one.tables.compare, many.tables.compare) << threads;
    EXPECT_EQ(one.tables.workload, many.tables.workload) << threads;
    EXPECT_EQ(one.tables.backlog, many.tables.backlog) << threads;
    EXPECT_EQ(one.demands, many.demands) << threads;
    EXPECT_EQ(one.visits, many.visits) << threads;
  }
  // Not vacuous: 3 policies x 4 replications of a year of demands.
  EXPECT_GT(one.demands.size(), 100000u);
  EXPECT_NE(one.tables.summary.find("street_whistle,resolution_h_mean,"), std::string::npos);
}

TEST(RunExperimentTest, StoppedBeforeStartKeepsNothingAndSaysSo) {
  const scenario::Scenario s = Load(ESCALADE_SCENARIOS_DIR "/teaching_community.yaml");
  std::atomic<bool> stop{true};
  RunOptions options;
  options.replications = 3;
  options.stop = &stop;
  kernel::Result<RunResult> result = RunExperiment(s, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->interrupted);
  EXPECT_EQ(result->replications, 0);
  for (const ArmResult& arm : result->arms) EXPECT_TRUE(arm.metrics.empty());
}

TEST(RunExperimentTest, StoppedMidwayKeepsOnlyReplicationsEveryArmFinished) {
  const scenario::Scenario s = Load(ESCALADE_SCENARIOS_DIR "/teaching_community.yaml");
  std::atomic<bool> stop{false};
  RunOptions options;
  options.replications = 4;
  options.threads = 1;
  options.stop = &stop;
  // Stop after 5 runs: replication 0 of all three arms, replication 1 of two of them.
  options.progress = [&](int done, int) {
    if (done == 5) stop = true;
  };
  kernel::Result<RunResult> result = RunExperiment(s, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->interrupted);
  EXPECT_EQ(result->replications, 1);
  for (const ArmResult& arm : result->arms) EXPECT_EQ(arm.metrics.size(), 1u);
  // And they are the same replication 0 as an uninterrupted run's.
  RunOptions full;
  full.replications = 1;
  kernel::Result<RunResult> whole = RunExperiment(s, full);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(MakeRunTables(s.city, *result).replications,
            MakeRunTables(s.city, *whole).replications);
}

TEST(RunExperimentTest, FirstErrorByRunIndexWhateverTheThreads) {
  const scenario::Scenario s = Load(ESCALADE_SCENARIOS_DIR "/teaching_community.yaml");
  RunOptions options;
  options.policies = {"no_such_policy"};
  kernel::Result<RunResult> result = RunExperiment(s, options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("no policy named 'no_such_policy'"), std::string::npos);
  EXPECT_NE(result.status().message().find("layered_reporting"), std::string::npos);
}

TEST(RunTasksTest, RunsEveryTaskOnceAndStopsStartingWhenAsked) {
  std::vector<std::atomic<int>> hits(1000);
  EXPECT_EQ(RunTasks(1000, 4, nullptr, [&](int i) { hits[static_cast<std::size_t>(i)]++; }), 1000);
  for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  std::atomic<bool> stop{false};
  std::atomic<int> ran{0};
  const int count = RunTasks(1000, 1, &stop, [&](int) {
    if (++ran == 10) stop = true;
  });
  EXPECT_EQ(count, 10);
}

TEST(RunCodecTest, RoundTripIsExactAndDamageIsAnError) {
  RunOutcome outcome;
  outcome.metrics = {{"resolution_h_mean", 0.1 + 0.2}, {"demands", 19641}, {"x", -0.0}};
  model::UnitLoad load;
  load.unit = 7;
  load.staff = 3;
  load.busy_hours = 1.0 / 3.0;
  load.staffed_hours = 8760;
  load.utilization = 2.0 / 3.0;
  load.jobs = 123456789012ULL;
  load.breaches = 5;
  outcome.workload = {load, load};
  outcome.daily_backlog = {0, 4, 4000000000u};
  const std::string bytes = EncodeOutcome(outcome);
  kernel::Result<RunOutcome> back = DecodeOutcome(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EncodeOutcome(*back), bytes);
  EXPECT_EQ(back->metrics[0].value, 0.1 + 0.2);
  EXPECT_TRUE(std::signbit(back->metrics[2].value));
  EXPECT_EQ(back->workload[1].jobs, 123456789012ULL);
  EXPECT_EQ(back->daily_backlog[2], 4000000000u);
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(DecodeOutcome(bytes.substr(0, cut)).ok()) << cut;
  }
  EXPECT_FALSE(DecodeOutcome(bytes + "x").ok());
  std::string huge_count = bytes;
  const std::uint32_t n = 0xFFFFFFFFu;  // a count no input can hold: refused, not allocated
  std::memcpy(huge_count.data() + 4, &n, 4);
  EXPECT_FALSE(DecodeOutcome(huge_count).ok());
}

}  // namespace
}  // namespace escalade::experiment

namespace escalade::experiment {
namespace {

// End to end through the loader, the lifecycle, the metrics and the runner: the shipped
// M/M/c scenario (lambda 8/h, mu 1/h, c 10) against Erlang C, with a 99% interval over
// 10 independent years so a correct simulator fails about one run in a hundred.
TEST(RunExperimentValidation, MmcScenarioMatchesErlangC) {
  const scenario::Scenario s = Load(ESCALADE_SCENARIOS_DIR "/mmc.yaml");
  RunOptions options;
  options.replications = 10;
  kernel::Result<RunResult> result = RunExperiment(s, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  kernel::Result<analysis::MmcMetrics> theory = analysis::MmcTheory(8.0, 1.0, 10);
  ASSERT_TRUE(theory.ok());
  auto values = [&](const std::string& metric) {
    std::vector<double> v;
    for (const auto& replication : result->arms[0].metrics) {
      for (const analysis::Metric& m : replication) {
        if (m.name == metric) v.push_back(m.value);
      }
    }
    return v;
  };
  const analysis::Interval w = analysis::MeanInterval(values("resolution_h_mean"), 0.99);
  EXPECT_LE(w.low, theory->mean_sojourn);
  EXPECT_GE(w.high, theory->mean_sojourn);
  EXPECT_LT(w.high - w.low, 0.1 * theory->mean_sojourn);  // informative, not vacuous
  const analysis::Interval rho = analysis::MeanInterval(values("utilization.community"), 0.99);
  EXPECT_LE(rho.low, theory->utilization);
  EXPECT_GE(rho.high, theory->utilization);
}

}  // namespace
}  // namespace escalade::experiment
