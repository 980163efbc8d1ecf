#include "sim/kernel/distributions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace escalade::kernel {
namespace {

constexpr int kSamples = 200'000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Distribution Must(Result<Distribution> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : Distribution();
}

std::vector<double> Samples(const Distribution& d, const std::string& purpose, int n = kSamples) {
  RandomStream stream(2024, 0, purpose);
  std::vector<double> out(n);
  for (double& x : out) x = d.Sample(stream);
  return out;
}

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

struct Case {
  std::string name;
  Distribution distribution;
};

std::vector<Case> AllFamilies() {
  return {
      {"exponential", Must(Distribution::Exponential(2.0))},
      {"erlang_1", Must(Distribution::Erlang(1, 0.5))},
      {"erlang_3", Must(Distribution::Erlang(3, 6.0))},
      {"gamma_shape_4", Must(Distribution::Gamma(2.0, 0.5))},
      {"gamma_shape_1", Must(Distribution::Gamma(1.0, 1.0))},
      {"gamma_shape_quarter", Must(Distribution::Gamma(3.0, 2.0))},
      {"lognormal", Must(Distribution::Lognormal(2.0, 0.5))},
      {"lognormal_cv_1", Must(Distribution::Lognormal(1.0, 1.0))},
      {"deterministic", Must(Distribution::Deterministic(3.0))},
      {"uniform", Must(Distribution::Uniform(-1.0, 3.0))},
      {"triangular", Must(Distribution::Triangular(1.0, 2.0, 5.0))},
      {"triangular_mode_at_low", Must(Distribution::Triangular(0.0, 0.0, 1.0))},
      {"histogram", Must(Distribution::EmpiricalHistogram({0, 1, 2, 4}, {1, 0, 3}))},
      {"empirical_sample", Must(Distribution::EmpiricalSample({1, 2, 2, 7}))},
      {"mixture", Must(Distribution::Mixture({0.3, 0.7}, {Must(Distribution::Exponential(1)),
                                                          Must(Distribution::Uniform(2, 4))}))},
  };
}

// Sample mean within 5 standard errors of Mean(); sample variance within 6 estimated
// standard errors of Variance() (the standard error of s^2 is sqrt((m4 - s^4) / n)).
TEST(DistributionTest, SampleMomentsMatchMeanAndVariance) {
  for (const Case& c : AllFamilies()) {
    SCOPED_TRACE(c.name + " " + c.distribution.Describe());
    const std::vector<double> x = Samples(c.distribution, c.name);
    const double n = static_cast<double>(x.size());
    double mean = 0.0;
    for (double v : x) mean += v / n;
    double m2 = 0.0;
    double m4 = 0.0;
    for (double v : x) {
      const double d2 = (v - mean) * (v - mean);
      m2 += d2 / n;
      m4 += d2 * d2 / n;
    }
    // The 1e-9 slack covers rounding in the sums, which matters only when Variance() is 0.
    const double slack = 1e-9 * (1.0 + std::fabs(c.distribution.Mean()));
    EXPECT_NEAR(mean, c.distribution.Mean(),
                5.0 * std::sqrt(c.distribution.Variance() / n) + slack);
    const double variance_se = std::sqrt(std::max(m4 - m2 * m2, 0.0) / n);
    EXPECT_NEAR(m2, c.distribution.Variance(), 6.0 * variance_se + slack);
    EXPECT_DOUBLE_EQ(c.distribution.SecondMoment(),
                     c.distribution.Variance() + c.distribution.Mean() * c.distribution.Mean());
  }
}

// Kolmogorov-Smirnov distance between the samples and cdf, against the asymptotic
// critical value for p = 1e-6: sqrt(ln(2 / 1e-6) / (2n)).
void ExpectKs(const Distribution& d, const std::function<double(double)>& cdf) {
  SCOPED_TRACE(d.Describe());
  std::vector<double> x = Samples(d, "ks");
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double distance = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    distance = std::max({distance, f - i / n, (i + 1) / n - f});
  }
  EXPECT_LT(distance, std::sqrt(std::log(2.0 / 1e-6) / (2.0 * n)));
}

TEST(DistributionTest, KolmogorovSmirnovAgainstAnalyticCdfs) {
  ExpectKs(Must(Distribution::Exponential(2.0)), [](double x) { return 1.0 - std::exp(-x / 2.0); });
  ExpectKs(Must(Distribution::Uniform(-1.0, 3.0)), [](double x) { return (x + 1.0) / 4.0; });
  ExpectKs(Must(Distribution::Triangular(1.0, 2.0, 5.0)), [](double x) {
    return x < 2.0 ? (x - 1.0) * (x - 1.0) / (4.0 * 1.0)
                   : 1.0 - (5.0 - x) * (5.0 - x) / (4.0 * 3.0);
  });
  const double sigma2 = std::log1p(0.5 * 0.5);
  const double mu = std::log(2.0) - sigma2 / 2.0;
  ExpectKs(Must(Distribution::Lognormal(2.0, 0.5)),
           [&](double x) { return NormalCdf((std::log(x) - mu) / std::sqrt(sigma2)); });
  // Erlang(k=4, mean 2) and Gamma(mean 2, cv 1/2) are the same law.
  const auto erlang4_cdf = [](double x) {
    const double y = x / 0.5;
    double term = 1.0;
    double sum = 0.0;
    for (int k = 0; k < 4; ++k) {
      sum += term;
      term *= y / (k + 1);
    }
    return 1.0 - std::exp(-y) * sum;
  };
  ExpectKs(Must(Distribution::Erlang(4, 2.0)), erlang4_cdf);
  ExpectKs(Must(Distribution::Gamma(2.0, 0.5)), erlang4_cdf);
  // Shape 1/2 (cv = sqrt 2) exercises the shape < 1 boost: CDF erf(sqrt(x / scale)).
  ExpectKs(Must(Distribution::Gamma(1.0, std::sqrt(2.0))),
           [](double x) { return std::erf(std::sqrt(x / 2.0)); });
  ExpectKs(Must(Distribution::EmpiricalHistogram({0, 1, 2, 4}, {1, 0, 3})), [](double x) {
    return x < 1.0 ? 0.25 * x : x < 2.0 ? 0.25 : 0.25 + 0.75 * (x - 2.0) / 2.0;
  });
}

TEST(DistributionTest, NormalQuantileInvertsTheNormalCdf) {
  for (double p : {0x1p-53, 1e-12, 1e-6, 0.01, 0.074, 0.075, 0.2, 0.5, 0.8, 0.925, 0.99, 1.0 - 1e-6,
                   1.0 - 0x1p-53}) {
    const double x = StandardNormalQuantile(p);
    // Compare in the smaller tail, where the relative error is meaningful.
    const double tail = p < 0.5 ? NormalCdf(x) : NormalCdf(-x);
    EXPECT_NEAR(tail / std::min(p, 1.0 - p), 1.0, 1e-9) << "p=" << p;
  }
  EXPECT_EQ(StandardNormalQuantile(0.5), 0.0);
  EXPECT_NEAR(StandardNormalQuantile(0.975), 1.959963984540054, 1e-15);
}

TEST(DistributionTest, ExactDescribeAndErrorMessages) {
  EXPECT_EQ(Must(Distribution::Lognormal(2, 0.5)).Describe(), "lognormal(mean=2, cv=0.5)");
  EXPECT_EQ(Distribution().Describe(), "deterministic(0)");
  EXPECT_EQ(Distribution::Exponential(-3).status().message(),
            "exponential: mean must be a finite number > 0, got -3");
  EXPECT_EQ(Distribution::Mixture({0.5, 0.4}, {Distribution(), Distribution()}).status().message(),
            "mixture: probabilities must sum to 1 (within 1e-9), got 0.9");
}

TEST(DistributionTest, FactoriesRejectInvalidParametersNamingTheFamily) {
  const Distribution zero;
  const std::vector<std::pair<std::string, Result<Distribution>>> bad = {
      {"exponential", Distribution::Exponential(kNaN)},
      {"exponential", Distribution::Exponential(kInf)},
      {"exponential", Distribution::Exponential(0)},
      {"exponential", Distribution::Exponential(-1)},
      {"exponential", Distribution::Exponential(1e200)},  // variance overflows
      {"erlang", Distribution::Erlang(0, 1)},
      {"erlang", Distribution::Erlang(10001, 1)},
      {"erlang", Distribution::Erlang(2, kNaN)},
      {"erlang", Distribution::Erlang(2, -kInf)},
      {"erlang", Distribution::Erlang(2, 0)},
      {"gamma", Distribution::Gamma(kNaN, 1)},
      {"gamma", Distribution::Gamma(1, kNaN)},
      {"gamma", Distribution::Gamma(1, kInf)},
      {"gamma", Distribution::Gamma(1, 0)},
      {"gamma", Distribution::Gamma(-1, 1)},
      {"gamma", Distribution::Gamma(1, 2e6)},
      {"lognormal", Distribution::Lognormal(kInf, 1)},
      {"lognormal", Distribution::Lognormal(1, kNaN)},
      {"lognormal", Distribution::Lognormal(0, 1)},
      {"lognormal", Distribution::Lognormal(1, -0.5)},
      {"lognormal", Distribution::Lognormal(1, 0)},
      {"deterministic", Distribution::Deterministic(kNaN)},
      {"deterministic", Distribution::Deterministic(kInf)},
      {"deterministic", Distribution::Deterministic(-1)},
      {"uniform", Distribution::Uniform(kNaN, 1)},
      {"uniform", Distribution::Uniform(0, kInf)},
      {"uniform", Distribution::Uniform(1, 1)},
      {"uniform", Distribution::Uniform(2, 1)},
      {"uniform", Distribution::Uniform(-1e308, 1e308)},  // width overflows
      {"triangular", Distribution::Triangular(kNaN, 1, 2)},
      {"triangular", Distribution::Triangular(0, kInf, 2)},
      {"triangular", Distribution::Triangular(0, 1, kNaN)},
      {"triangular", Distribution::Triangular(0, 3, 2)},
      {"triangular", Distribution::Triangular(1, 1, 1)},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1}, {})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1}, {1, 1})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, kNaN, 2}, {1, 1})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1, 1}, {1, 1})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 2, 1}, {1, 1})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1, 2}, {1, -1})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1, 2}, {1, kInf})},
      {"empirical_histogram", Distribution::EmpiricalHistogram({0, 1, 2}, {0, 0})},
      {"empirical_sample", Distribution::EmpiricalSample({})},
      {"empirical_sample", Distribution::EmpiricalSample({1, kNaN})},
      {"mixture", Distribution::Mixture({}, {})},
      {"mixture", Distribution::Mixture({1.0}, {zero, zero})},
      {"mixture", Distribution::Mixture({1.2, -0.2}, {zero, zero})},
      {"mixture", Distribution::Mixture({kNaN, 1}, {zero, zero})},
      {"mixture", Distribution::Mixture({0.5, 0.5 + 1e-8}, {zero, zero})},
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const auto& [family, result] = bad[i];
    ASSERT_FALSE(result.ok()) << "case " << i << " (" << family << ") was accepted";
    EXPECT_EQ(result.status().message().rfind(family + ": ", 0), 0u)
        << "case " << i << ": " << result.status().message();
  }
  // Boundaries that are valid.
  EXPECT_TRUE(Distribution::Deterministic(0).ok());
  EXPECT_TRUE(Distribution::Triangular(0, 2, 2).ok());
  EXPECT_TRUE(Distribution::Uniform(-3, -1).ok());
  EXPECT_TRUE(Distribution::Mixture({0.5, 0.5 + 1e-10}, {zero, zero}).ok());
  EXPECT_TRUE(Distribution::EmpiricalHistogram({0, 1, 2}, {0, 1}).ok());
}

TEST(DistributionTest, SameStreamSameSamplesAndDocumentedDrawCounts) {
  for (const Case& c : AllFamilies()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Samples(c.distribution, "determinism", 1000),
              Samples(Distribution(c.distribution), "determinism", 1000));
  }
  const auto draws_per_sample = [](const Distribution& d) {
    RandomStream stream(1, 0, "count");
    d.Sample(stream);
    return stream.position();
  };
  EXPECT_EQ(draws_per_sample(Must(Distribution::Exponential(1))), 1u);
  EXPECT_EQ(draws_per_sample(Must(Distribution::Erlang(5, 1))), 5u);
  EXPECT_EQ(draws_per_sample(Must(Distribution::Lognormal(1, 1))), 1u);
  EXPECT_EQ(draws_per_sample(Must(Distribution::Deterministic(1))), 0u);
  EXPECT_EQ(draws_per_sample(Must(Distribution::EmpiricalSample({1, 2}))), 1u);
  EXPECT_EQ(
      draws_per_sample(Must(Distribution::Mixture(
          {0.5, 0.5}, {Must(Distribution::Uniform(0, 1)), Must(Distribution::Uniform(1, 2))}))),
      2u);
}

TEST(DistributionTest, ZeroProbabilityPartsAreNeverChosen) {
  const Distribution mixture = Must(Distribution::Mixture(
      {0.0, 1.0, 0.0}, {Must(Distribution::Deterministic(1)), Must(Distribution::Deterministic(2)),
                        Must(Distribution::Deterministic(3))}));
  for (double x : Samples(mixture, "zero", 10000)) ASSERT_EQ(x, 2.0);
  const Distribution histogram = Must(Distribution::EmpiricalHistogram({0, 1, 2, 3}, {0, 1, 0}));
  for (double x : Samples(histogram, "zero", 10000)) {
    ASSERT_GE(x, 1.0);
    ASSERT_LE(x, 2.0);
  }
}

TEST(DistributionTest, CopiesAndMovesStayUsable) {
  Distribution a = Must(Distribution::Exponential(4));
  Distribution b = std::move(a);
  EXPECT_EQ(a.Mean(), 4.0);  // NOLINT(bugprone-use-after-move): a move is a copy by design
  EXPECT_EQ(b.Mean(), 4.0);
  const Distribution d;
  RandomStream stream(1, 0, "default");
  EXPECT_EQ(d.Sample(stream), 0.0);
  EXPECT_EQ(d.Mean(), 0.0);
  EXPECT_EQ(d.Variance(), 0.0);
}

}  // namespace
}  // namespace escalade::kernel
