#include "sim/kernel/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace escalade::kernel {
namespace {

// Reference: two passes in long double (mean first, then squared deviations).
struct TwoPass {
  double mean;
  double variance;
};

TwoPass ComputeTwoPass(const std::vector<double>& xs) {
  long double sum = 0;
  for (double x : xs) sum += x;
  const long double mean = sum / static_cast<long double>(xs.size());
  long double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return {static_cast<double>(mean), static_cast<double>(ss / (xs.size() - 1))};
}

// The textbook one-pass formula (sum of squares minus n·mean²) in double:
// what Tally must not do.
double NaiveOnePassVariance(const std::vector<double>& xs) {
  double sum = 0, sum_sq = 0;
  for (double x : xs) {
    sum += x;
    sum_sq += x * x;
  }
  const double n = static_cast<double>(xs.size());
  return (sum_sq - sum * sum / n) / (n - 1);
}

std::vector<double> Sample(std::size_t n, double offset, double noise, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, noise);
  std::vector<double> xs(n);
  for (double& x : xs) x = offset + u(rng);
  return xs;
}

double RelativeError(double got, double want) { return std::abs(got - want) / std::abs(want); }

TEST(TallyTest, EmptyIsNaNExceptCountAndSum) {
  Tally t;
  EXPECT_EQ(t.count(), 0u);
  EXPECT_EQ(t.sum(), 0.0);
  EXPECT_TRUE(std::isnan(t.mean()));
  EXPECT_TRUE(std::isnan(t.variance()));
  EXPECT_TRUE(std::isnan(t.stddev()));
  EXPECT_TRUE(std::isnan(t.min()));
  EXPECT_TRUE(std::isnan(t.max()));
}

TEST(TallyTest, OneElementHasMeanButNoVariance) {
  Tally t;
  t.Add(-2.5);
  EXPECT_EQ(t.count(), 1u);
  EXPECT_EQ(t.sum(), -2.5);
  EXPECT_EQ(t.mean(), -2.5);
  EXPECT_EQ(t.min(), -2.5);
  EXPECT_EQ(t.max(), -2.5);
  EXPECT_TRUE(std::isnan(t.variance()));
  EXPECT_TRUE(std::isnan(t.stddev()));
}

TEST(TallyTest, SmallHandExample) {
  Tally t;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.Add(x);
  EXPECT_EQ(t.count(), 8u);
  EXPECT_DOUBLE_EQ(t.sum(), 40.0);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(t.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_EQ(t.min(), 2.0);
  EXPECT_EQ(t.max(), 9.0);
}

TEST(TallyTest, MatchesTwoPassOnWellConditionedData) {
  const std::vector<double> xs = Sample(100000, -3.0, 10.0, 1);
  Tally t;
  for (double x : xs) t.Add(x);
  const TwoPass ref = ComputeTwoPass(xs);
  EXPECT_LT(RelativeError(t.mean(), ref.mean), 1e-13);
  EXPECT_LT(RelativeError(t.variance(), ref.variance), 1e-12);
}

TEST(TallyTest, MatchesTwoPassWithHugeOffsetWhereNaiveFormulaFails) {
  // 1e9 + U(0, 1): true variance 1/12, but x² ~ 1e18 has an ulp of 128, so the
  // naive formula cancels catastrophically.
  const std::vector<double> xs = Sample(100000, 1e9, 1.0, 2);
  Tally t;
  for (double x : xs) t.Add(x);
  const TwoPass ref = ComputeTwoPass(xs);
  EXPECT_GT(RelativeError(NaiveOnePassVariance(xs), ref.variance), 0.1)
      << "the data no longer exercise cancellation";
  EXPECT_LT(RelativeError(t.mean(), ref.mean), 1e-15);
  EXPECT_LT(RelativeError(t.variance(), ref.variance), 1e-6);
  EXPECT_NEAR(t.variance(), 1.0 / 12.0, 0.002);
}

void ExpectMergedHalvesMatchOnePass(const std::vector<double>& xs, double tolerance) {
  Tally whole, first, second;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    whole.Add(xs[i]);
    (i < xs.size() / 3 ? first : second).Add(xs[i]);
  }
  first.Merge(second);
  EXPECT_EQ(first.count(), whole.count());
  EXPECT_EQ(first.min(), whole.min());
  EXPECT_EQ(first.max(), whole.max());
  EXPECT_LT(RelativeError(first.sum(), whole.sum()), 1e-12);
  EXPECT_LT(RelativeError(first.mean(), whole.mean()), 1e-12);
  EXPECT_LT(RelativeError(first.variance(), whole.variance()), tolerance);
}

TEST(TallyTest, MergeOfSplitEqualsOnePass) {
  ExpectMergedHalvesMatchOnePass(Sample(100000, -3.0, 10.0, 3), 1e-12);
}

TEST(TallyTest, MergeOfSplitEqualsOnePassWithHugeOffset) {
  // Both sides carry the rounding of the data (x has an ulp of 1.2e-7 at 1e9), so
  // agreement is limited by the conditioning of the data, not by the merge.
  ExpectMergedHalvesMatchOnePass(Sample(100000, 1e9, 1.0, 4), 1e-6);
}

TEST(TallyTest, MergeWithEmptyAndSelf) {
  Tally t, empty;
  for (double x : {1.0, 2.0, 3.0}) t.Add(x);
  t.Merge(empty);
  EXPECT_EQ(t.count(), 3u);
  empty.Merge(t);
  EXPECT_EQ(empty.count(), 3u);
  EXPECT_EQ(empty.variance(), t.variance());
  t.Merge(t);  // {1,1,2,2,3,3}
  EXPECT_EQ(t.count(), 6u);
  EXPECT_DOUBLE_EQ(t.mean(), 2.0);
  EXPECT_DOUBLE_EQ(t.variance(), 4.0 / 5.0);
}

TEST(TallyTest, ResetForgetsEverything) {
  Tally t;
  t.Add(1.0);
  t.Add(5.0);
  t.Reset();
  EXPECT_EQ(t.count(), 0u);
  EXPECT_TRUE(std::isnan(t.max()));
  t.Add(3.0);
  EXPECT_EQ(t.mean(), 3.0);
  EXPECT_EQ(t.min(), 3.0);
}

TEST(TallyDeathTest, RejectsNonFinite) {
  Tally t;
  EXPECT_DEATH(t.Add(std::numeric_limits<double>::quiet_NaN()), "must be finite");
  EXPECT_DEATH(t.Add(std::numeric_limits<double>::infinity()), "must be finite");
}

// A step function: 0 on [0,1h), 2 on [1h,3h), 5 on [3h,4h), 1 from 4h.
TimeWeighted StepFunction() {
  TimeWeighted tw(0, 0.0);
  tw.Set(1 * kHour, 2.0);
  tw.Set(3 * kHour, 5.0);
  tw.Add(4 * kHour, -4.0);
  return tw;
}

TEST(TimeWeightedTest, HandComputedStepFunction) {
  TimeWeighted partial(0, 0.0);
  EXPECT_EQ(partial.Integral(0), 0.0);
  partial.Set(1 * kHour, 2.0);
  EXPECT_DOUBLE_EQ(partial.Integral(2 * kHour), 2.0);
  EXPECT_DOUBLE_EQ(partial.Mean(2 * kHour), 1.0);

  const TimeWeighted tw = StepFunction();
  EXPECT_EQ(tw.value(), 1.0);
  EXPECT_EQ(tw.max(), 5.0);
  EXPECT_EQ(tw.window_start(), 0);
  EXPECT_DOUBLE_EQ(tw.Integral(4 * kHour), 9.0);  // 0·1 + 2·2 + 5·1
  EXPECT_DOUBLE_EQ(tw.Integral(6 * kHour), 11.0);
  EXPECT_DOUBLE_EQ(tw.Mean(6 * kHour), 11.0 / 6.0);
  EXPECT_DOUBLE_EQ(tw.Integral(4 * kHour + 30 * kMinute), 9.5);
}

TEST(TimeWeightedTest, NonZeroStartAndInitialValue) {
  TimeWeighted tw(10 * kHour, 3.0);
  EXPECT_EQ(tw.window_start(), 10 * kHour);
  EXPECT_EQ(tw.max(), 3.0);
  EXPECT_TRUE(std::isnan(tw.Mean(10 * kHour)));
  EXPECT_DOUBLE_EQ(tw.Integral(12 * kHour), 6.0);
  EXPECT_DOUBLE_EQ(tw.Mean(12 * kHour), 3.0);
  EXPECT_DOUBLE_EQ(tw.Mean(10 * kHour + 1), 3.0);  // one millisecond
}

TEST(TimeWeightedTest, ResetRestartsWindowKeepingValue) {
  TimeWeighted tw = StepFunction();
  tw.Reset(5 * kHour);  // warm-up [0, 5h) deleted; value 1 carries over
  EXPECT_EQ(tw.window_start(), 5 * kHour);
  EXPECT_EQ(tw.value(), 1.0);
  EXPECT_EQ(tw.max(), 1.0);  // the 5 before the reset is forgotten
  EXPECT_EQ(tw.Integral(5 * kHour), 0.0);
  EXPECT_TRUE(std::isnan(tw.Mean(5 * kHour)));
  tw.Set(7 * kHour, 4.0);
  EXPECT_DOUBLE_EQ(tw.Integral(8 * kHour), 2.0 + 4.0);
  EXPECT_DOUBLE_EQ(tw.Mean(8 * kHour), 2.0);
  EXPECT_EQ(tw.max(), 4.0);
}

TEST(TimeWeightedTest, ResetAtInstantOfLastChange) {
  TimeWeighted tw = StepFunction();
  tw.Reset(4 * kHour);
  EXPECT_DOUBLE_EQ(tw.Mean(6 * kHour), 1.0);
}

TEST(TimeWeightedTest, SameInstantTwiceIsZeroWidthStep) {
  TimeWeighted tw(0, 1.0);
  tw.Set(2 * kHour, 7.0);
  tw.Set(2 * kHour, 3.0);  // last wins: 7 is held for zero time
  EXPECT_EQ(tw.value(), 3.0);
  EXPECT_DOUBLE_EQ(tw.Integral(4 * kHour), 1.0 * 2 + 3.0 * 2);
  EXPECT_EQ(tw.max(), 7.0);  // but it was seen
  tw.Add(4 * kHour, 1.0);
  tw.Add(4 * kHour, -1.0);
  EXPECT_DOUBLE_EQ(tw.Integral(5 * kHour), 8.0 + 3.0);
}

TEST(TimeWeightedTest, IntegralIsExactForManyMillisecondSteps) {
  // Queue length toggling 0,1 every millisecond for an hour: exactly half an hour of 1.
  TimeWeighted tw;
  for (SimTime t = 0; t < kHour; ++t) tw.Set(t, static_cast<double>(t % 2));
  EXPECT_EQ(tw.Integral(kHour), 0.5);
  EXPECT_EQ(tw.Mean(kHour), 0.5);
}

TEST(TimeWeightedDeathTest, TimeRunningBackwardsAborts) {
  TimeWeighted tw(0, 0.0);
  tw.Set(2 * kHour, 1.0);
  EXPECT_DEATH(tw.Set(2 * kHour - 1, 2.0), "time ran backwards");
  EXPECT_DEATH(tw.Add(kHour, 1.0), "time ran backwards");
  EXPECT_DEATH(tw.Reset(kHour), "time ran backwards");
  EXPECT_DEATH((void)tw.Integral(kHour), "query before the last change");
  EXPECT_DEATH(tw.Set(3 * kHour, std::numeric_limits<double>::quiet_NaN()), "must be finite");
}

}  // namespace
}  // namespace escalade::kernel
