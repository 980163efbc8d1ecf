#include "analysis/confidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace escalade::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Relative difference, for comparing values that span many orders of magnitude.
double RelativeError(double got, double want) { return std::fabs(got - want) / std::fabs(want); }

TEST(StudentTQuantileTest, MatchesPublishedTables) {
  // Abramowitz & Stegun Table 26.10 / any statistics text, to the digits printed.
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.7062047, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 4.3026527, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 4), 2.7764451, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 9), 2.2621572, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 19), 2.0930241, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 29), 2.0452296, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.995, 10), 3.1692727, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.95, 4), 2.1318468, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e7), 1.959964, 1e-6);  // → normal
}

TEST(StudentTQuantileTest, MatchesHighPrecisionReference) {
  // Reference values from mpmath at 60 digits (bisection on the regularised
  // incomplete beta); p is the double nearest the decimal shown.
  struct Case {
    double p, dof, want;
  };
  const Case cases[] = {
      {0.975, 1, 12.7062047361746933141},      // Cauchy
      {0.975, 19, 2.093024054408309320132},    // n = 20 replications
      {0.975, 29, 2.045229642132703874521},    // n = 30
      {0.995, 10, 3.169272672616950711782},    // 99% two-sided
      {0.9, 3.5, 1.576576605136405267771},     // non-integer dof
      {1e-10, 7, -53.83557948467373297556},    // far tail
      {1e-20, 50, -15.23823332717177707091},   // far tail, dof > 30
      {0.975, 1e6, 1.959966356814106655338},   // large dof
      {0.975, kInf, 1.959963984540053855604},  // the normal limit
  };
  for (const Case& c : cases) {
    EXPECT_LT(RelativeError(StudentTQuantile(c.p, c.dof), c.want), 1e-13)
        << "p=" << c.p << " dof=" << c.dof;
  }
}

TEST(StudentTQuantileTest, MatchesClosedFormsForOneAndTwoDegreesOfFreedom) {
  // dof = 1 (Cauchy): t_p = −cot(πp); dof = 2: t_p = (2p − 1)/√(2p(1 − p)).
  for (double p : {1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.025, 0.1, 0.3, 0.45}) {
    EXPECT_LT(RelativeError(StudentTQuantile(p, 1), -1 / std::tan(std::numbers::pi * p)), 1e-13)
        << p;
    EXPECT_LT(RelativeError(StudentTQuantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p))),
              1e-13)
        << p;
  }
}

TEST(StudentTQuantileTest, LargeDofConvergesToNormal) {
  const double z = 1.959963984540054;
  EXPECT_NEAR(StudentTQuantile(0.975, 1e12), z, 1e-11);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e300), z, 1e-14);
  // The gap shrinks like z(z² + 1)/(4ν) (A&S 26.7.5).
  const double dof = 1e4;
  EXPECT_NEAR(StudentTQuantile(0.975, dof) - z, z * (z * z + 1) / (4 * dof), 1e-7);
}

TEST(StudentTQuantileTest, IsAntisymmetric) {
  // Dyadic p have exact complements, so the two tails must agree bit for bit.
  for (double p : {1.0 / 1024, 3.0 / 64, 0.125, 0.375}) {
    for (double dof : {1.0, 2.5, 9.0, 40.0, 1e5}) {
      EXPECT_EQ(StudentTQuantile(1 - p, dof), -StudentTQuantile(p, dof)) << p << " " << dof;
    }
  }
  for (double p : {0.001, 0.025, 0.05, 0.2}) {
    EXPECT_NEAR(StudentTQuantile(1 - p, 7), -StudentTQuantile(p, 7), 1e-12);
  }
  EXPECT_EQ(StudentTQuantile(0.5, 3), 0.0);
}

TEST(StudentTQuantileTest, CdfOfQuantileRoundTrips) {
  for (double dof : {1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 29.0, 30.0, 31.0, 100.0, 1e3, 1e5, 1e8, kInf}) {
    for (double p : {1e-300, 1e-150, 1e-40, 1e-12, 1e-6, 1e-3, 0.01, 0.025, 0.1, 0.25, 0.4, 0.49,
                     0.5, 0.51, 0.75, 0.9, 0.975, 0.999, 1 - 1e-9}) {
      const double t = StudentTQuantile(p, dof);
      const double tail = std::min(p, 1 - p);
      EXPECT_NEAR(StudentTCdf(t, dof), p, 2e-12 * tail + 2e-16) << "p=" << p << " dof=" << dof;
    }
  }
}

TEST(StudentTCdfTest, KnownValues) {
  EXPECT_EQ(StudentTCdf(0, 4), 0.5);
  EXPECT_NEAR(StudentTCdf(1, 1), 0.75, 1e-15);  // Cauchy: ½ + atan(t)/π
  for (double t : {-30.0, -2.0, -0.3, 0.7, 5.0}) {
    EXPECT_NEAR(StudentTCdf(t, 2), 0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-15) << t;
  }
  EXPECT_EQ(StudentTCdf(kInf, 3), 1.0);
  EXPECT_EQ(StudentTCdf(-kInf, 3), 0.0);
  EXPECT_TRUE(std::isnan(StudentTCdf(std::numeric_limits<double>::quiet_NaN(), 3)));
  EXPECT_NEAR(StudentTCdf(-1.96, kInf), 0.5 * std::erfc(1.96 / std::numbers::sqrt2), 1e-16);
}

TEST(StudentTCdfTest, TailsKeepRelativeAccuracy) {
  // Lower tails P(T ≤ −t) from mpmath at 360 digits. The large-dof cases are
  // where a plain continued fraction loses ~log10(dof) digits.
  struct Case {
    double t, dof, want;
  };
  const Case cases[] = {
      {100, 1.5, 0.00037705494496244676607}, {4, 31, 0.00018265252678232240325},
      {10, 1000, 8.3353514793000331542e-23}, {2.5, 1e4, 0.006217609775291848433},
      {7, 1e5, 1.2878278339079916407e-12},   {30, 1e8, 4.9166821429416324936e-198},
      {15, 1e20, 3.6709661993127508858e-51},
  };
  for (const Case& c : cases) {
    EXPECT_LT(RelativeError(StudentTCdf(-c.t, c.dof), c.want), 1e-12)
        << "t=" << c.t << " dof=" << c.dof;
  }
}

TEST(MeanIntervalTest, HandComputedExample) {
  // mean 3, s² = 10/4 = 2.5, s/√n = √0.5, t(0.975, 4) = 2.776445105197793.
  const std::vector<double> values = {2, 4, 1, 5, 3};
  const Interval interval = MeanInterval(values);
  EXPECT_EQ(interval.n, 5);
  EXPECT_DOUBLE_EQ(interval.mean, 3.0);
  EXPECT_NEAR(interval.std_error, std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(interval.half_width(), 1.963243161477557, 1e-12);
  EXPECT_NEAR(interval.low, 3 - 1.963243161477557, 1e-12);
  EXPECT_NEAR(interval.high, 3 + 1.963243161477557, 1e-12);
  EXPECT_TRUE(interval.Contains(1.1));
  EXPECT_FALSE(interval.Contains(0.9));
}

TEST(MeanIntervalTest, OtherLevel) {
  // mean 10.15, s² = 0.25/3, t(0.95, 3) = 2.353363434801823.
  const std::vector<double> values = {10.2, 9.8, 10.5, 10.1};
  const Interval interval = MeanInterval(values, 0.90);
  EXPECT_NEAR(interval.mean, 10.15, 1e-14);
  EXPECT_NEAR(interval.std_error, 0.1443375672974064, 1e-14);
  EXPECT_NEAR(interval.half_width(), 0.3396787531459637, 1e-13);
}

TEST(MeanIntervalTest, EmptyAndSingleton) {
  const Interval none = MeanInterval(std::vector<double>{});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_TRUE(std::isnan(none.std_error));
  EXPECT_TRUE(std::isnan(none.low));
  EXPECT_TRUE(std::isnan(none.high));

  const Interval one = MeanInterval(std::vector<double>{4.25});
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.mean, 4.25);
  EXPECT_TRUE(std::isnan(one.std_error));
  EXPECT_TRUE(std::isnan(one.low));
  EXPECT_TRUE(std::isnan(one.high));
  EXPECT_TRUE(std::isnan(one.half_width()));
  EXPECT_FALSE(one.Contains(4.25));
}

TEST(MeanIntervalTest, ConstantValuesGiveDegenerateInterval) {
  const std::vector<double> values(7, 0.1);  // 7 × 0.1 is not exactly 0.7
  const Interval interval = MeanInterval(values);
  EXPECT_EQ(interval.mean, 0.1);
  EXPECT_EQ(interval.std_error, 0.0);
  EXPECT_EQ(interval.low, 0.1);
  EXPECT_EQ(interval.high, 0.1);
}

TEST(MeanIntervalTest, VarianceIsStableUnderLargeOffset) {
  // {4, 7, 13, 16} has variance 30; a one-pass Σx² − n·mean² formula returns
  // noise once 1e15 is added to every value.
  const double offset = 1e15;
  const std::vector<double> values = {offset + 4, offset + 7, offset + 13, offset + 16};
  const Interval interval = MeanInterval(values);
  EXPECT_EQ(interval.mean, offset + 10);
  EXPECT_NEAR(interval.std_error, std::sqrt(30.0 / 4), 1e-12);
}

TEST(MeanIntervalTest, NanPropagates) {
  const std::vector<double> values = {1, std::numeric_limits<double>::quiet_NaN(), 3};
  const Interval interval = MeanInterval(values);
  EXPECT_TRUE(std::isnan(interval.mean));
  EXPECT_TRUE(std::isnan(interval.low));
  EXPECT_FALSE(interval.Contains(2));
}

TEST(MeanIntervalTest, CoversTrueMeanAtNominalRate) {
  // 2000 experiments of n = 10 normal draws: the 95% interval should cover the
  // true mean 95% of the time; ±1.5% is ±3.1 binomial standard deviations.
  std::mt19937_64 rng(20240611);
  constexpr double kTrueMean = 3.0;
  std::normal_distribution<double> normal(kTrueMean, 2.0);
  constexpr int kExperiments = 2000;
  int covered = 0;
  std::vector<double> sample(10);
  for (int e = 0; e < kExperiments; ++e) {
    for (double& x : sample) x = normal(rng);
    if (MeanInterval(sample, 0.95).Contains(kTrueMean)) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kExperiments;
  EXPECT_NEAR(coverage, 0.95, 0.015);
}

TEST(PairedDifferenceIntervalTest, IdenticalInputsGiveExactlyZero) {
  const std::vector<double> a = {1.5, 2.25, -7.0, 1e300, 0.1};
  const Interval interval = PairedDifferenceInterval(a, a);
  EXPECT_EQ(interval.n, 5);
  EXPECT_EQ(interval.mean, 0.0);
  EXPECT_EQ(interval.std_error, 0.0);
  EXPECT_EQ(interval.low, 0.0);
  EXPECT_EQ(interval.high, 0.0);
  EXPECT_TRUE(interval.Contains(0.0));
}

TEST(PairedDifferenceIntervalTest, EqualsIntervalOfDifferences) {
  const std::vector<double> a = {12, 9, 20, 15, 8};
  const std::vector<double> b = {10, 5, 19, 10, 5};  // differences 2, 4, 1, 5, 3
  const Interval paired = PairedDifferenceInterval(a, b, 0.95);
  const Interval direct = MeanInterval(std::vector<double>{2, 4, 1, 5, 3}, 0.95);
  EXPECT_EQ(paired.mean, direct.mean);
  EXPECT_EQ(paired.low, direct.low);
  EXPECT_EQ(paired.high, direct.high);
}

TEST(ConfidenceDeathTest, RequirementsAreChecked) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::vector<double> two = {1, 2};
  const std::vector<double> three = {1, 2, 3};
  EXPECT_DEATH(StudentTQuantile(1.0, 3), "p=");
  EXPECT_DEATH(StudentTQuantile(0.5, 0.5), "dof=");
  EXPECT_DEATH(MeanInterval(two, 1.0), "level=");
  EXPECT_DEATH(PairedDifferenceInterval(two, three), "sizes 2 and 3");
}

TEST(FisherFTest, MatchesClosedForms) {
  // F(1, ν) is T² with ν degrees of freedom: P(F > t²) = 2 P(T > t).
  for (double t : {0.5, 1.0, 2.0, 4.0}) {
    for (double dof : {1.0, 4.0, 30.0}) {
      EXPECT_NEAR(FisherFUpperTail(t * t, 1, dof), 2 * StudentTCdf(-t, dof), 1e-14) << t << " " << dof;
    }
  }
  // F(2, ν): P(F > f) = (1 + 2f/ν)^(−ν/2).
  for (double f : {0.1, 1.0, 3.0, 10.0}) {
    EXPECT_NEAR(FisherFUpperTail(f, 2, 7), std::pow(1 + 2 * f / 7, -3.5), 1e-14) << f;
  }
  EXPECT_EQ(FisherFUpperTail(0, 3, 5), 1.0);
  EXPECT_EQ(FisherFUpperTail(kInf, 3, 5), 0.0);
}

TEST(OneWayAnovaTest, HandComputedExample) {
  // Means 2 and 5, grand mean 3.5: between = 3·1.5² + 3·1.5² = 13.5 on 1 dof; within =
  // 2 + 2 = 4 on 4 dof; F = 13.5 / (4 / 4) = 13.5; p = P(F(1, 4) > 13.5) = 2 P(T_4 > √13.5).
  const std::vector<std::vector<double>> groups = {{1, 2, 3}, {4, 5, 6}};
  const Anova a = OneWayAnova(groups);
  EXPECT_EQ(a.dof_between, 1);
  EXPECT_EQ(a.dof_within, 4);
  EXPECT_NEAR(a.f, 13.5, 1e-12);
  EXPECT_NEAR(a.p, 2 * StudentTCdf(-std::sqrt(13.5), 4), 1e-14);
  EXPECT_NEAR(a.p, 0.02131, 1e-5);  // tables: F(1, 4) = 13.5 at p ≈ 0.0213
}

TEST(OneWayAnovaTest, DegenerateInputs) {
  const std::vector<std::vector<double>> one = {{1, 2, 3}};
  EXPECT_TRUE(std::isnan(OneWayAnova(one).f));
  const std::vector<std::vector<double>> singletons = {{1}, {2}};
  EXPECT_TRUE(std::isnan(OneWayAnova(singletons).p));
  const std::vector<std::vector<double>> constant = {{1, 1}, {2, 2}};
  EXPECT_EQ(OneWayAnova(constant).p, 0.0);
}

TEST(OneWayAnovaTest, IndependentGroupsGiveUniformPValues) {
  // Under the null (every group from one distribution) p is uniform: about 5% below 0.05.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(10, 2);
  int below = 0;
  constexpr int kTrials = 2000;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<std::vector<double>> groups(8, std::vector<double>(5));
    for (auto& g : groups) {
      for (double& v : g) v = normal(rng);
    }
    if (OneWayAnova(groups).p < 0.05) ++below;
  }
  // Binomial(2000, 0.05): mean 100, sd 9.7.
  EXPECT_GT(below, 65);
  EXPECT_LT(below, 135);
}

}  // namespace
}  // namespace escalade::analysis
