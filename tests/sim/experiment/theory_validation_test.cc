// Validation of whole experiments (escalade run's machinery: scenario, policy, lifecycle,
// measurement window and cool-down, Student-t intervals over replications) against queueing
// theory, and of the interval procedure itself (issue 17):
//
//  - the shipped theory scenarios (mmc, jackson, the reference escalation network), run as
//    shipped, give intervals that contain the value their formula gives (computed here with
//    analysis/queueing_theory, never copied from a run);
//  - coverage: over 100 independent runs (seeds) of 20 replications, the share of 95%
//    intervals containing the exact mean resolution time lies in the binomial 99% band
//    around 0.95 — on the reference network and on the M/M/c queue;
//  - independence: the replication means vary between seeds no more than within a run
//    (one-way ANOVA F test, p > 0.001);
//  - censoring: a policy that leaves many demands open at the horizon of a short run gives
//    the mean of a much longer run.
//
// Runs are shortened (horizon, warm-up) where the test needs many of them; each test takes
// well under a minute in the dev build on two cores.
#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/confidence.h"
#include "analysis/queueing_theory.h"
#include "sim/experiment/runner.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

scenario::Scenario Load(const std::string& path) {
  scenario::Diagnostics diags(path);
  auto s = scenario::LoadScenario(path, diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  return std::move(s).value();
}

// The values of `metric` of each replication of the first arm.
std::vector<double> Values(const experiment::RunResult& result, const std::string& metric) {
  std::vector<double> out;
  for (const std::vector<analysis::Metric>& replication : result.arms.front().metrics) {
    for (const analysis::Metric& m : replication) {
      if (m.name == metric) out.push_back(m.value);
    }
  }
  return out;
}

experiment::RunResult RunSeed(const scenario::Scenario& s, std::uint64_t seed, int replications) {
  experiment::RunOptions options;
  options.has_seed = true;
  options.seed = seed;
  options.replications = replications;
  auto result = experiment::RunExperiment(s, options);
  EXPECT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->replications, replications);
  return std::move(result).value();
}

std::vector<double> MeanResolution(const scenario::Scenario& s, std::uint64_t seed,
                                   int replications) {
  std::vector<double> values = Values(RunSeed(s, seed, replications), "resolution_h_mean");
  EXPECT_EQ(values.size(), static_cast<std::size_t>(replications));
  return values;
}

// The reference network (bench/scenarios/escalation_reference.yaml) as an open Jackson
// network: 20 communities (c = 2, mu = 1/h, 1.6 arrivals/h each) each sending 30% to its
// street (4 streets of 5 communities; c = 3, mu = 1/h), each street sending half of what it
// gets to one of 5 departments chosen uniformly (c = 4, mu = 0.3/h).
double ReferenceTheory() {
  std::vector<analysis::JacksonStation> stations;
  for (int i = 0; i < 20; ++i) stations.push_back({2, 1.0, 1.6});
  for (int i = 0; i < 4; ++i) stations.push_back({3, 1.0, 0.0});
  for (int i = 0; i < 5; ++i) stations.push_back({4, 0.3, 0.0});
  std::vector<std::vector<double>> routing(29, std::vector<double>(29, 0.0));
  for (int i = 0; i < 20; ++i) routing[i][20 + i / 5] = 0.3;
  for (int s = 0; s < 4; ++s) {
    for (int d = 0; d < 5; ++d) routing[20 + s][24 + d] = 0.5 * 0.2;
  }
  auto theory = analysis::JacksonTheory(stations, routing);
  EXPECT_TRUE(theory.ok());
  return theory->mean_sojourn_total;
}

// scenarios/jackson.yaml: community (c = 8, mu = 2/h, 10 arrivals/h) -> 40% to the street
// (c = 3, mu = 2/h) -> half of those to the department (c = 3, mu = 1/h).
double JacksonTheory() {
  auto theory = analysis::JacksonTheory({{8, 2.0, 10.0}, {3, 2.0, 0.0}, {3, 1.0, 0.0}},
                                        {{0, 0.4, 0}, {0, 0, 0.5}, {0, 0, 0}});
  EXPECT_TRUE(theory.ok());
  return theory->mean_sojourn_total;
}

// scenarios/mmc.yaml: M/M/10, lambda = 8/h, mu = 1/h.
double MmcSojourn() {
  auto theory = analysis::MmcTheory(8.0, 1.0, 10);
  EXPECT_TRUE(theory.ok());
  return theory->mean_sojourn;
}

const std::string kScenarios = ESCALADE_SCENARIOS_DIR;
const std::string kReference = ESCALADE_BENCH_SCENARIOS_DIR "/escalation_reference.yaml";

// --- The shipped theory scenarios, as shipped -------------------------------------------------

// Three checks: each at the Bonferroni level 1 − 0.05 / 3, so a correct simulator fails this
// group with probability at most 5% (seeds are fixed anyway).
constexpr double kShippedLevel = 1 - 0.05 / 3;

void ExpectShippedScenarioMatches(const std::string& path, double theory) {
  const scenario::Scenario s = Load(path);
  const std::vector<double> values =
      MeanResolution(s, s.experiment.seed, s.experiment.replications);
  const analysis::Interval i = analysis::MeanInterval(values, kShippedLevel);
  std::printf("%s: resolution_h_mean %.5f [%.5f, %.5f] (%d replications), theory %.5f\n",
              s.meta.name.c_str(), i.mean, i.low, i.high, static_cast<int>(i.n), theory);
  EXPECT_TRUE(i.Contains(theory)) << s.meta.name << ": theory " << theory << " outside ["
                                  << i.low << ", " << i.high << "]";
}

TEST(ShippedTheoryScenarios, MmcGivesErlangC) {
  EXPECT_NEAR(MmcSojourn(), 1.20459, 1e-5);  // the value the file's header states
  ExpectShippedScenarioMatches(kScenarios + "/mmc.yaml", MmcSojourn());
}

TEST(ShippedTheoryScenarios, JacksonGivesJacksonsTheorem) {
  EXPECT_NEAR(JacksonTheory(), 1.10566, 1e-5);
  ExpectShippedScenarioMatches(kScenarios + "/jackson.yaml", JacksonTheory());
}

TEST(ShippedTheoryScenarios, ReferenceNetworkGivesItsExactValue) {
  EXPECT_NEAR(ReferenceTheory(), 4.274144, 1e-6);
  ExpectShippedScenarioMatches(kReference, ReferenceTheory());
}

// --- Coverage and independence ------------------------------------------------------------------

constexpr int kSeeds = 100;
constexpr int kReplications = 20;

// [lo, hi]: the central 99% of Binomial(kSeeds, 0.95) — the hits of a correct procedure
// fall outside with probability about 1%.
std::pair<int, int> BinomialBand() {
  const boost::math::binomial_distribution<double> hits(kSeeds, 0.95);
  const auto lo = static_cast<int>(boost::math::quantile(hits, 0.005));
  const auto hi = static_cast<int>(boost::math::quantile(boost::math::complement(hits, 0.005)));
  return {lo, hi};
}

// Runs kSeeds independent experiments of kReplications replications (seeds 1000, 1001, ...)
// and returns their replication means.
std::vector<std::vector<double>> Experiments(const scenario::Scenario& s) {
  std::vector<std::vector<double>> runs;
  for (int e = 0; e < kSeeds; ++e) {
    runs.push_back(MeanResolution(s, 1000 + static_cast<std::uint64_t>(e), kReplications));
  }
  return runs;
}

void ExpectCoverage(const std::vector<std::vector<double>>& runs, double truth,
                    const std::string& what) {
  int hits = 0;
  double grand = 0;
  for (const std::vector<double>& run : runs) {
    const analysis::Interval i = analysis::MeanInterval(run);
    hits += i.Contains(truth) ? 1 : 0;
    grand += i.mean / static_cast<double>(runs.size());
  }
  const auto [lo, hi] = BinomialBand();
  std::printf("%s: %d of %d 95%% intervals contain %.6f (band [%d, %d]); grand mean %.5f "
              "(%+.3f%%)\n",
              what.c_str(), hits, kSeeds, truth, lo, hi, grand, 100 * (grand / truth - 1));
  EXPECT_GE(hits, lo) << what;
  EXPECT_LE(hits, hi) << what;
}

// The reference network with a short measurement window (100 h after a 150 h warm-up, about
// 3,200 measured demands a replication): a short window makes right-censoring at the
// horizon matter (~1% of the measured demands are open there, the slowest), as it does in a
// long run with 20 replications' narrow intervals.
scenario::Scenario ShortReference() {
  scenario::Scenario s = Load(kReference);
  s.experiment.warmup = kernel::FromHours(150);
  s.experiment.horizon = kernel::FromHours(250);
  return s;
}

// Replications of one run are independent: the replication means of the 100 runs, grouped
// by run (seed), differ between runs no more than within them (one-way ANOVA).
void ExpectIndependent(const std::vector<std::vector<double>>& runs, const std::string& what) {
  const analysis::Anova a = analysis::OneWayAnova(runs);
  std::printf("%s: one-way ANOVA of replication means by seed: F(%lld, %lld) = %.3f, p = %.4f\n",
              what.c_str(), static_cast<long long>(a.dof_between),
              static_cast<long long>(a.dof_within), a.f, a.p);
  EXPECT_GT(a.p, 0.001) << what << ": F = " << a.f;
}

// Coverage and independence from the same 100 x 20 replications.
TEST(ReplicationStatistics, ReferenceNetworkCoverageAndIndependence) {
  const std::vector<std::vector<double>> runs = Experiments(ShortReference());
  ExpectCoverage(runs, ReferenceTheory(), "reference network");
  ExpectIndependent(runs, "reference network");
}

// M/M/10 with a 24 h window after a 24 h warm-up (~190 measured demands a replication).
TEST(ReplicationStatistics, MmcCoverageAgainstErlangCAndIndependence) {
  scenario::Scenario s = Load(kScenarios + "/mmc.yaml");
  s.experiment.warmup = kernel::FromHours(24);
  s.experiment.horizon = kernel::FromHours(24 + 24);
  const std::vector<std::vector<double>> runs = Experiments(s);
  ExpectCoverage(runs, MmcSojourn(), "M/M/10");
  ExpectIndependent(runs, "M/M/10");
}

// --- Censoring -----------------------------------------------------------------------------------

// layered_reporting on the reference network (4 h paperwork per hop, 15% of department
// orders returned after a day): ~10% of the demands of a 3-day window are open at its
// horizon, the slow ones. Followed to their end, the short runs give the mean of runs 20
// times longer.
TEST(Censoring, ShortRunGivesTheMeanOfALongRun) {
  scenario::Scenario s = Load(kReference);
  scenario::PolicyChoice& arm = s.policies.front();
  arm.preset = "layered_reporting";
  arm.overrides.clear();
  s.experiment.warmup = 7 * kernel::kDay;
  s.experiment.horizon = 10 * kernel::kDay;
  const experiment::RunResult short_result = RunSeed(s, 5, 40);
  const std::vector<double> short_runs = Values(short_result, "resolution_h_mean");
  const std::vector<double> backlog = Values(short_result, "backlog_end");
  const std::vector<double> demands = Values(short_result, "demands");
  s.experiment.horizon = 67 * kernel::kDay;
  const std::vector<double> long_runs = MeanResolution(s, 6, 10);
  const analysis::Interval a = analysis::MeanInterval(short_runs);
  const analysis::Interval b = analysis::MeanInterval(long_runs);
  const double open_share = analysis::MeanInterval(backlog).mean /
                            analysis::MeanInterval(demands).mean;
  const double se = std::hypot(a.std_error, b.std_error);
  std::printf("3-day window %.4f ± %.4f, 60-day window %.4f ± %.4f (standard errors); open at "
              "the short horizon: %.1f%% of the measured demands\n",
              a.mean, a.std_error, b.mean, b.std_error, 100 * open_share);
  EXPECT_GT(open_share, 0.05) << "the scenario must leave many demands open at the horizon";
  // 99.9% two-sided: |z| < 3.29.
  EXPECT_LT(std::fabs(a.mean - b.mean), 3.29 * se)
      << "short " << a.mean << ", long " << b.mean << ", standard error of the difference " << se;
}

}  // namespace
}  // namespace escalade
