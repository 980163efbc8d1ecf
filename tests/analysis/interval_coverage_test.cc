// Coverage of the interval procedure: over many independent experiments (each
// 10 replications of an M/M/1 queue), the Student-t 95% interval of the mean
// wait must contain the true value (Wq = ρ / (μ − λ)) about 95% of the time.
// With 400 experiments the count of hits is Binomial(400, 0.95) if the
// procedure is right: standard deviation 4.4 hits; the accepted band
// [364, 396] is about ±3.6 standard deviations (a correct procedure fails it
// well under once in a thousand runs; seeds are fixed anyway). It catches
// gross errors — a missing √n (coverage ≈ 100%), or intervals 1.5 times too
// narrow (≈ 80%) — not subtle ones: a normal instead of a Student-t quantile
// with 9 degrees of freedom would give ≈ 92%, inside the band.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "analysis/confidence.h"
#include "analysis/queueing_theory.h"
#include "sim/kernel/distributions.h"
#include "sim/model/station_network.h"

namespace escalade {
namespace {

TEST(IntervalCoverage, StudentTIntervalsCoverTheMeanWaitOfMM1About95Percent) {
  constexpr int kExperiments = 400;
  constexpr int kReplications = 10;
  const double lambda = 0.5;
  const double mu = 1.0;
  auto theory = analysis::MmcTheory(lambda, mu, 1);
  ASSERT_TRUE(theory.ok());
  const double wq = theory->mean_wait;
  auto net = model::StationNetwork::Create(
      {{{"desk", 1, *kernel::Distribution::Exponential(1 / mu), lambda}}, {}});
  ASSERT_TRUE(net.ok());
  int hits = 0;
  for (int e = 0; e < kExperiments; ++e) {
    std::vector<double> means;
    for (int r = 0; r < kReplications; ++r) {
      model::RunOptions o;
      o.seed = 1000 + static_cast<std::uint64_t>(e);  // independent experiments
      o.replication = static_cast<std::uint64_t>(r);
      o.warmup = kernel::FromHours(50);
      o.horizon = kernel::FromHours(50 + 2000);
      means.push_back(net->Run(o).stations[0].wait_hours.mean());
    }
    if (analysis::MeanInterval(means).Contains(wq)) ++hits;
  }
  std::printf("%d of %d intervals cover Wq = %.4f h\n", hits, kExperiments, wq);
  EXPECT_GE(hits, 364) << hits << " of " << kExperiments << " intervals cover Wq = " << wq;
  EXPECT_LE(hits, 396) << hits << " of " << kExperiments << " intervals cover Wq = " << wq;
}

}  // namespace
}  // namespace escalade
