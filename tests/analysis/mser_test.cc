#include "analysis/mser.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace escalade::analysis {
namespace {

TEST(MserTest, HandComputedExample) {
  // Batch means 10, 2, 1.8, 2 (m = 4; the 2 trailing values are a remainder, left out):
  //   d = 0: mean 3.95, squares 6.05² + 1.95² + 2.15² + 1.95² = 48.83,  / 4² = 3.0519
  //   d = 1: mean 1.9333, squares 0.0667² + 0.1333² + 0.0667² = 0.02667, / 3² = 0.00296
  //   d = 2: mean 1.9,    squares 0.1² + 0.1² = 0.02,                     / 2² = 0.005
  // so d* = 1: delete the first 5 observations; the unrestricted minimum (d <= m − 2 = 2)
  // is d = 1 <= m / 2 too.
  const std::vector<double> series = {10, 10, 10, 10, 10, 2, 2, 2, 2, 2, 1,
                                      3,  1,  3,  1,  2,  2, 2, 2, 2, 99, 99};
  const MserResult r = Mser(series);
  EXPECT_EQ(r.batches, 4u);
  EXPECT_EQ(r.truncation, 5u);
  EXPECT_TRUE(r.reliable);
}

TEST(MserTest, StationarySeriesIsNotTruncatedMuch) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(50, 5);
  std::vector<double> series(500);
  for (double& x : series) x = noise(rng);
  const MserResult r = Mser(series);
  EXPECT_EQ(r.batches, 100u);
  EXPECT_LE(r.truncation, 100u);
}

TEST(MserTest, FindsTheEndOfALinearRamp) {
  // 0, 1, ..., 99 then flat at 100 with noise: the transient is the first 100 observations.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> series;
  for (int i = 0; i < 100; ++i) series.push_back(i + noise(rng));
  for (int i = 0; i < 400; ++i) series.push_back(100 + noise(rng));
  const MserResult r = Mser(series);
  EXPECT_GE(r.truncation, 90u);
  EXPECT_LE(r.truncation, 110u);
  EXPECT_TRUE(r.reliable);
}

TEST(MserTest, ATrendToTheEndIsUnreliable) {
  std::vector<double> series;
  for (int i = 0; i < 100; ++i) series.push_back(i);
  EXPECT_FALSE(Mser(series).reliable);
}

TEST(MserTest, TooShort) {
  const std::vector<double> series(19, 1.0);
  const MserResult r = Mser(series);
  EXPECT_EQ(r.batches, 3u);
  EXPECT_EQ(r.truncation, 0u);
  EXPECT_FALSE(r.reliable);
}

TEST(MserTest, SummaryOverReplications) {
  // Truncation points 5 (the hand-computed series), 0 (flat) and 0; one too short.
  const std::vector<std::vector<std::uint32_t>> replications = {
      {10, 10, 10, 10, 10, 2, 2, 2, 2, 2, 1, 3, 1, 3, 1, 2, 2, 2, 2, 2},
      std::vector<std::uint32_t>(20, 4),
      {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5},
      {1, 2, 3}};
  const TruncationSummary s = MserOfReplications(replications);
  EXPECT_EQ(s.series, 3u);
  EXPECT_EQ(s.too_short, 1u);
  EXPECT_EQ(s.median, 0u);
  EXPECT_EQ(s.max, 5u);
}

}  // namespace
}  // namespace escalade::analysis
