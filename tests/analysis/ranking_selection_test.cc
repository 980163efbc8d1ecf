// The sequential procedures of analysis/ranking_selection.h against their guarantees, on
// normal outputs drawn here: the feasibility check's error rates on both sides of the
// indifference zone, and KN's probability of correct selection.
#include "analysis/ranking_selection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace escalade::analysis {
namespace {

// Runs the check on normal(mean, sd) outputs until it decides (or 10,000 outputs).
Decision Check(double mean, double sd, Sense sense, double threshold, double tolerance,
               std::mt19937_64& rng, int n0 = 10, double beta = 0.05) {
  std::normal_distribution<double> y(mean, sd);
  std::vector<double> values;
  for (int i = 0; i < n0; ++i) values.push_back(y(rng));
  while (values.size() < 10000) {
    const Decision d = FeasibilityCheck(values, sense, threshold, tolerance, beta, n0);
    if (d != Decision::kContinue) return d;
    values.push_back(y(rng));
  }
  return Decision::kContinue;
}

TEST(FeasibilityCheckTest, H2MatchesTheClosedForm) {
  // h² = (n0 − 1)((2β)^(−2/(n0−1)) − 1): n0 = 10, β = 0.05 → 9 (0.1^(−2/9) − 1).
  EXPECT_NEAR(FeasibilityH2(0.05, 10), 9 * (std::pow(0.1, -2.0 / 9) - 1), 1e-12);
  EXPECT_GT(FeasibilityH2(0.01, 10), FeasibilityH2(0.05, 10));
}

TEST(FeasibilityCheckTest, AViolatedConstraintIsRarelyAccepted) {
  // E[Y] exactly at the threshold (the least violation): P(feasible) ≤ β = 0.05.
  std::mt19937_64 rng(1);
  int accepted = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    accepted += Check(80, 5, Sense::kAtMost, 80, 4, rng) == Decision::kFeasible;
  }
  EXPECT_LE(accepted, 0.05 * trials) << accepted;
  // The same for a lower bound (P(on time) ≥ 0.98).
  accepted = 0;
  for (int t = 0; t < trials; ++t) {
    accepted += Check(0.98, 0.01, Sense::kAtLeast, 0.98, 0.005, rng) == Decision::kFeasible;
  }
  EXPECT_LE(accepted, 0.05 * trials) << accepted;
}

TEST(FeasibilityCheckTest, AClearlyFeasibleCandidateIsAccepted) {
  // E[Y] inside the constraint by the tolerance: P(infeasible) ≤ β.
  std::mt19937_64 rng(2);
  int rejected = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    rejected += Check(76, 5, Sense::kAtMost, 80, 4, rng) != Decision::kFeasible;
  }
  EXPECT_LE(rejected, 0.05 * trials) << rejected;
}

TEST(FeasibilityCheckTest, FarFromTheThresholdItDecidesAtOnce) {
  std::vector<double> low(10, 50.0), high(10, 120.0);
  low[3] = 51;
  high[4] = 119;
  EXPECT_EQ(FeasibilityCheck(low, Sense::kAtMost, 80, 4, 0.05, 10), Decision::kFeasible);
  EXPECT_EQ(FeasibilityCheck(high, Sense::kAtMost, 80, 4, 0.05, 10), Decision::kInfeasible);
  // Constant outputs (S² = 0) decide on their side; exactly at the centre is not accepted.
  std::vector<double> at_centre(10, 78.0);
  EXPECT_EQ(FeasibilityCheck(at_centre, Sense::kAtMost, 80, 4, 0.05, 10), Decision::kInfeasible);
  EXPECT_EQ(FeasibilityMaxReplications(std::vector<double>(10, 1.0), 4, 0.05), 10);
}

TEST(KnScreenTest, SelectsTheBestWithTheStatedProbability) {
  // Five systems, the best better by δ than the others (the least favourable configuration),
  // with common random numbers: a shared noise term per replication.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z(0, 1);
  const std::vector<double> means = {10.0, 10.5, 10.5, 10.5, 10.5};
  const double delta = 0.5;
  int correct = 0;
  const int trials = 500;
  for (int t = 0; t < trials; ++t) {
    std::vector<std::vector<double>> outputs(means.size());
    std::vector<bool> alive(means.size(), true);
    auto add = [&] {
      const double shared = 3 * z(rng);
      for (std::size_t i = 0; i < means.size(); ++i) outputs[i].push_back(means[i] + shared + z(rng));
    };
    for (int j = 0; j < 10; ++j) add();
    while (!KnScreen(outputs, 10, delta, 0.05, &alive)) add();
    correct += alive[0];
  }
  EXPECT_GE(correct, 0.95 * trials) << correct;
}

TEST(KnScreenTest, OneSystemOrEqualOutputsEndAtOnce) {
  std::vector<std::vector<double>> one = {{1, 2, 3}};
  std::vector<bool> alive = {true};
  EXPECT_TRUE(KnScreen(one, 2, 0.1, 0.05, &alive));
  std::vector<std::vector<double>> same = {{1, 2, 3}, {1, 2, 3}};
  alive = {true, true};
  EXPECT_TRUE(KnScreen(same, 2, 0.1, 0.05, &alive));  // S² = 0: forced, the lower index
  EXPECT_TRUE(alive[0]);
  EXPECT_FALSE(alive[1]);
}

}  // namespace
}  // namespace escalade::analysis
