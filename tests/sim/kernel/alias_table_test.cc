#include "sim/kernel/alias_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace escalade::kernel {
namespace {

// Upper 1e-6 point of chi-square with `dof` degrees of freedom (Wilson-Hilferty).
double ChiSquareCritical(int dof) {
  const double z = 4.753;  // upper 1e-6 point of the standard normal
  const double k = dof;
  const double term = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * term * term * term;
}

// Draw frequencies match the weights (a chi-square goodness-of-fit test at 1e-6, so a
// correct table fails about once in a million runs; seeds are fixed anyway).
void ExpectMatches(const std::vector<double>& weights, int draws) {
  Result<AliasTable> table = AliasTable::Create(weights);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RandomStream stream(7, 0, "alias.test");
  std::vector<int> counts(weights.size(), 0);
  for (int i = 0; i < draws; ++i) ++counts[table->Sample(stream)];
  double sum = 0;
  for (double w : weights) sum += w;
  double chi_square = 0;
  int dof = -1;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double expected = draws * weights[i] / sum;
    if (expected == 0) {
      EXPECT_EQ(counts[i], 0) << "index " << i << " has weight 0";
      continue;
    }
    chi_square += (counts[i] - expected) * (counts[i] - expected) / expected;
    ++dof;
  }
  if (dof > 0) {
    EXPECT_LT(chi_square, ChiSquareCritical(dof));
  }
}

TEST(AliasTable, DefaultDrawsZero) {
  AliasTable table;
  RandomStream stream(1, 0, "alias.default");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(table.Sample(stream), 0u);
}

TEST(AliasTable, MatchesSkewedWeights) { ExpectMatches({1, 2, 3, 0, 10, 0.5}, 400'000); }

TEST(AliasTable, MatchesManyWeights) {
  std::vector<double> weights;
  for (int i = 0; i < 700; ++i) weights.push_back(1 + (i * 37) % 101);  // like community sizes
  ExpectMatches(weights, 2'000'000);
}

TEST(AliasTable, SingleWeight) { ExpectMatches({5}, 1000); }

TEST(AliasTable, RejectsBadWeights) {
  EXPECT_FALSE(AliasTable::Create({}).ok());
  EXPECT_FALSE(AliasTable::Create({0, 0}).ok());
  EXPECT_FALSE(AliasTable::Create({1, -1}).ok());
  EXPECT_FALSE(AliasTable::Create({1, std::numeric_limits<double>::quiet_NaN()}).ok());
  EXPECT_FALSE(AliasTable::Create({1, std::numeric_limits<double>::infinity()}).ok());
}

TEST(AliasTable, SameDrawsFromSameStream) {
  Result<AliasTable> table = AliasTable::Create({3, 1, 4, 1, 5, 9, 2, 6});
  ASSERT_TRUE(table.ok());
  RandomStream a(3, 1, "alias.same");
  RandomStream b(3, 1, "alias.same");
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(table->Sample(a), table->Sample(b));
}

}  // namespace
}  // namespace escalade::kernel
