#include "sim/kernel/quantile_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

// Counts heap allocations, to check that Add() does not allocate in steady state.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// GCC 12 flags free() in a replacement operator delete as mismatched once inlined
// into callers of new; the pairing is correct (both sides are replaced here).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace escalade::kernel {
namespace {

constexpr double kQs[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0};

// The exact lower q-quantile as the header defines it: element floor(q·(n−1)) of
// the sorted values, 0-based.
double ExactQuantile(const std::vector<double>& sorted, double q) {
  const auto rank =
      static_cast<std::size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)));
  return sorted[rank];
}

// The bound of the header, with slack for rounding of log() at a bucket edge.
void ExpectWithinBound(const QuantileSketch& sketch, std::vector<double> values,
                       const std::string& name) {
  std::sort(values.begin(), values.end());
  const double alpha = sketch.relative_accuracy();
  for (double q : kQs) {
    const double exact = ExactQuantile(values, q);
    const double got = sketch.Quantile(q);
    EXPECT_LE(std::abs(got - exact), alpha * (1 + 1e-9) * std::abs(exact))
        << name << " q=" << q << " exact=" << exact << " got=" << got;
  }
  EXPECT_EQ(sketch.min(), values.front()) << name;
  EXPECT_EQ(sketch.max(), values.back()) << name;
  EXPECT_EQ(sketch.count(), values.size()) << name;
}

std::vector<double> Draw(std::size_t n, std::uint64_t seed,
                         const std::function<double(std::mt19937_64&)>& draw) {
  std::mt19937_64 rng(seed);
  std::vector<double> values(n);
  for (double& v : values) v = draw(rng);
  return values;
}

double Uniform01(std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

void CheckDistribution(const std::string& name, const std::vector<double>& values, double alpha) {
  QuantileSketch sketch(alpha);
  for (double v : values) sketch.Add(v);
  EXPECT_FALSE(sketch.collapsed()) << name;
  ExpectWithinBound(sketch, values, name);
}

TEST(QuantileSketchTest, EmptyIsNaN) {
  QuantileSketch sketch;
  EXPECT_EQ(sketch.count(), 0u);
  EXPECT_TRUE(std::isnan(sketch.Quantile(0.5)));
  EXPECT_TRUE(std::isnan(sketch.min()));
  EXPECT_TRUE(std::isnan(sketch.max()));
  EXPECT_EQ(sketch.bucket_count(), 0u);
  EXPECT_FALSE(sketch.collapsed());
}

TEST(QuantileSketchTest, SingleValueAndZeroAreExact) {
  QuantileSketch sketch;
  sketch.Add(3.7);
  for (double q : kQs) EXPECT_EQ(sketch.Quantile(q), 3.7);
  QuantileSketch zeros;
  for (int i = 0; i < 10; ++i) zeros.Add(0.0);
  zeros.Add(-1.0);
  zeros.Add(1.0);
  EXPECT_EQ(zeros.Quantile(0.5), 0.0);
  EXPECT_EQ(zeros.Quantile(0.1), 0.0);
  EXPECT_EQ(zeros.Quantile(0.0), -1.0);
  EXPECT_EQ(zeros.Quantile(1.0), 1.0);
}

TEST(QuantileSketchTest, KnownDistributionsWithinRelativeError) {
  constexpr std::size_t kN = 100000;
  for (double alpha : {0.005, 0.02}) {
    CheckDistribution("uniform", Draw(kN, 1, [](auto& r) { return 5.0 + 10.0 * Uniform01(r); }),
                      alpha);
    // Exponential(mean 2) by inversion.
    CheckDistribution("exponential",
                      Draw(kN, 2, [](auto& r) { return -2.0 * std::log1p(-Uniform01(r)); }), alpha);
    // Lognormal(0, 2.5): a heavy right tail (the 0.999 quantile is ~2000× the median).
    CheckDistribution(
        "lognormal",
        Draw(kN, 3, [](auto& r) { return std::lognormal_distribution<double>(0.0, 2.5)(r); }),
        alpha);
    CheckDistribution(
        "loguniform 1e-3..1e6",
        Draw(kN, 4, [](auto& r) { return std::pow(10.0, -3.0 + 9.0 * Uniform01(r)); }), alpha);
    CheckDistribution("negative exponential",
                      Draw(kN, 5, [](auto& r) { return std::log1p(-Uniform01(r)); }), alpha);
    // Both signs and exact zeros: lateness-like values.
    CheckDistribution("mixed signs with zeros",
                      Draw(kN, 6,
                           [](auto& r) {
                             const double u = Uniform01(r);
                             if (u < 0.1) return 0.0;
                             return std::normal_distribution<double>(1.0, 50.0)(r);
                           }),
                      alpha);
  }
}

TEST(QuantileSketchTest, EveryRankWithinBound) {
  // Stronger than a q grid: every element of the sorted input is recovered.
  const std::vector<double> values = Draw(20000, 7, [](auto& r) {
    return std::lognormal_distribution<double>(0.0, 3.0)(r) * (Uniform01(r) < 0.3 ? -1 : 1);
  });
  QuantileSketch sketch(0.01);
  for (double v : values) sketch.Add(v);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const double n1 = static_cast<double>(sorted.size() - 1);
  for (std::size_t r = 0; r < sorted.size(); ++r) {
    const double q = std::min(1.0, (static_cast<double>(r) + 0.5) / n1);
    ASSERT_LE(std::abs(sketch.Quantile(q) - sorted[r]), 0.01 * (1 + 1e-9) * std::abs(sorted[r]))
        << "rank " << r;
  }
}

// Asserts a and b answer identically at every rank: with the q of each rank,
// equal answers mean equal bucket counts, bucket for bucket.
void ExpectSameSketch(const QuantileSketch& a, const QuantileSketch& b) {
  ASSERT_EQ(a.count(), b.count());
  EXPECT_EQ(a.min(), b.min());
  EXPECT_EQ(a.max(), b.max());
  EXPECT_EQ(a.collapsed(), b.collapsed());
  const double n1 = static_cast<double>(a.count() - 1);
  for (std::uint64_t r = 0; r < a.count(); ++r) {
    const double q = std::min(1.0, (static_cast<double>(r) + 0.5) / n1);
    ASSERT_EQ(a.Quantile(q), b.Quantile(q)) << "rank " << r;
  }
}

TEST(QuantileSketchTest, MergeEqualsAddingAllToOne) {
  const std::vector<double> values = Draw(20000, 8, [](auto& r) {
    const double u = Uniform01(r);
    if (u < 0.05) return 0.0;
    return std::lognormal_distribution<double>(1.0, 2.0)(r) * (u < 0.4 ? -1 : 1);
  });
  QuantileSketch single;
  QuantileSketch parts[4];
  for (std::size_t i = 0; i < values.size(); ++i) {
    single.Add(values[i]);
    parts[(i * 7919) % 4].Add(values[i]);
  }
  QuantileSketch merged;
  for (const QuantileSketch& part : parts) merged.Merge(part);
  ExpectSameSketch(merged, single);
  QuantileSketch empty;
  merged.Merge(empty);
  ExpectSameSketch(merged, single);
}

TEST(QuantileSketchTest, MergeEqualsAddingAllToOneAfterCollapse) {
  // 64 buckets at α = 0.01 span only a factor ~3.6: every side collapses, and the
  // parts collapse at different points. Order and split must not matter.
  const std::vector<double> values = Draw(20000, 9, [](auto& r) {
    return std::pow(10.0, -5.0 + 10.0 * Uniform01(r)) * (Uniform01(r) < 0.5 ? -1 : 1);
  });
  QuantileSketch single(0.01, 64);
  QuantileSketch low(0.01, 64), high(0.01, 64);
  for (double v : values) single.Add(v);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i)
    (i < sorted.size() / 2 ? low : high).Add(sorted[i]);
  EXPECT_TRUE(single.collapsed());
  QuantileSketch fresh(0.01, 64);
  fresh.Merge(single);  // a collapsed sketch stays collapsed in an empty one
  ExpectSameSketch(fresh, single);
  high.Merge(low);
  ExpectSameSketch(high, single);
  low.Merge(high);  // low now holds its half twice: compare with a doubled single
  QuantileSketch doubled = single;
  doubled.Merge(doubled);
  EXPECT_EQ(doubled.count(), 2 * values.size());
  QuantileSketch twice(0.01, 64);
  for (int pass = 0; pass < 2; ++pass)
    for (double v : sorted) twice.Add(v);
  ExpectSameSketch(doubled, twice);
}

TEST(QuantileSketchTest, BoundedMemoryOverHugeRange) {
  // log-uniform over 1e-300..1e300 needs ~138000 buckets at α = 0.005: collapse.
  constexpr std::size_t kN = 1000000;
  constexpr std::size_t kMaxBuckets = 4096;
  QuantileSketch sketch(0.005, kMaxBuckets);
  std::vector<double> values =
      Draw(kN, 10, [](auto& r) { return std::pow(10.0, -300.0 + 600.0 * Uniform01(r)); });
  values.push_back(std::numeric_limits<double>::denorm_min());
  values.push_back(std::numeric_limits<double>::max());
  for (double v : values) {
    sketch.Add(v);
    ASSERT_LE(sketch.bucket_count(), kMaxBuckets);
  }
  EXPECT_TRUE(sketch.collapsed());
  std::sort(values.begin(), values.end());
  // The kept buckets span gamma^4096 ≈ 6e17 below the maximum, i.e. values above
  // ~3e290: quantiles from 0.99 up keep the guarantee.
  for (double q : {0.99, 0.995, 0.999, 1.0}) {
    const double exact = ExactQuantile(values, q);
    EXPECT_LE(std::abs(sketch.Quantile(q) - exact), 0.005 * (1 + 1e-9) * exact) << q;
  }
  EXPECT_EQ(sketch.Quantile(0.0), values.front());

  // Both signs: each side is bounded separately.
  QuantileSketch both(0.005, kMaxBuckets);
  for (std::size_t i = 0; i < 200000; ++i) both.Add(values[i * 10] * (i % 2 ? -1 : 1));
  EXPECT_LE(both.bucket_count(), 2 * kMaxBuckets);
  EXPECT_TRUE(both.collapsed());
}

TEST(QuantileSketchTest, NegativesCollapseTheirLowestValues) {
  // Negative side only: the upper quantiles (values nearest zero) keep the bound.
  QuantileSketch sketch(0.01, 64);
  std::vector<double> values =
      Draw(50000, 11, [](auto& r) { return -std::pow(10.0, 10.0 * Uniform01(r)); });
  for (double v : values) sketch.Add(v);
  EXPECT_TRUE(sketch.collapsed());
  EXPECT_LE(sketch.bucket_count(), 64u);
  std::sort(values.begin(), values.end());
  // 64 buckets at α = 0.01 hold a factor e^1.28 ≈ 3.6 above the top: |x| < 3.6.
  for (double q : {0.99, 0.999, 1.0}) {
    const double exact = ExactQuantile(values, q);
    EXPECT_LE(std::abs(sketch.Quantile(q) - exact), 0.01 * (1 + 1e-9) * std::abs(exact)) << q;
  }
}

TEST(QuantileSketchTest, SteadyStateDoesNotAllocate) {
  QuantileSketch sketch;
  const std::vector<double> values =
      Draw(100000, 12, [](auto& r) { return -std::log1p(-Uniform01(r)); });
  for (double v : values) sketch.Add(v);
  const std::size_t buckets = sketch.bucket_count();
  const std::uint64_t allocations = g_allocations.load();
  for (double v : values) sketch.Add(v);
  EXPECT_EQ(g_allocations.load(), allocations);
  EXPECT_EQ(sketch.bucket_count(), buckets);
  EXPECT_LE(buckets, 4096u);

  // A collapsed side whose maximum keeps rising slides its window in place.
  QuantileSketch trending(0.01, 64);
  double x = 1.0;
  for (int i = 0; i < 200; ++i, x *= 1.05) trending.Add(x);
  const std::uint64_t before = g_allocations.load();
  for (int i = 0; i < 2000; ++i, x *= 1.05) trending.Add(x);
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_TRUE(trending.collapsed());
  EXPECT_EQ(trending.bucket_count(), 64u);
  EXPECT_EQ(trending.Quantile(1.0), trending.max());
}

TEST(QuantileSketchDeathTest, RejectsNonFiniteInput) {
  QuantileSketch sketch;
  EXPECT_DEATH(sketch.Add(std::numeric_limits<double>::quiet_NaN()), "must be finite");
  EXPECT_DEATH(sketch.Add(std::numeric_limits<double>::infinity()), "must be finite");
  EXPECT_DEATH(sketch.Add(-std::numeric_limits<double>::infinity()), "must be finite");
}

TEST(QuantileSketchDeathTest, RejectsContractViolations) {
  QuantileSketch sketch(0.01);
  sketch.Add(1.0);
  QuantileSketch other(0.02);
  EXPECT_DEATH(sketch.Merge(other), "different relative accuracies");
  EXPECT_DEATH((void)sketch.Quantile(1.5), "q must be in");
  EXPECT_DEATH((void)sketch.Quantile(std::numeric_limits<double>::quiet_NaN()), "q must be in");
  EXPECT_DEATH(QuantileSketch(0.0), "relative_accuracy");
  EXPECT_DEATH(QuantileSketch(0.01, 0), "max_buckets");
}

}  // namespace
}  // namespace escalade::kernel
