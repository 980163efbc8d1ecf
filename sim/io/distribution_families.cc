#include "sim/io/distribution_families.h"

#include <array>

namespace escalade::io {
namespace {

using K = FamilyKeyKind;

constexpr FamilyKey kMean[] = {{"mean", K::kValue, "mean (> 0)"}};
constexpr FamilyKey kErlang[] = {{"k", K::kPhases, "number of exponential phases, 1..10000"},
                                 {"mean", K::kValue, "mean of the sum (> 0)"}};
constexpr FamilyKey kMeanCv[] = {
    {"mean", K::kValue, "mean (> 0)"},
    {"cv", K::kRatio, "coefficient of variation: standard deviation / mean (> 0)"}};
constexpr FamilyKey kValue[] = {{"value", K::kValue, "the fixed value"}};
constexpr FamilyKey kLowHigh[] = {{"low", K::kValue, "lower bound"},
                                  {"high", K::kValue, "upper bound (> low)"}};
constexpr FamilyKey kTriangle[] = {{"low", K::kValue, "lower bound"},
                                   {"mode", K::kValue, "most likely value, low <= mode <= high"},
                                   {"high", K::kValue, "upper bound (> low)"}};
constexpr FamilyKey kHistogram[] = {
    {"edges", K::kValues, "bin edges, strictly increasing; one more than weights", 2},
    {"weights", K::kWeights, "relative weight of each bin (>= 0, positive sum)", 1}};
constexpr FamilyKey kSample[] = {{"values", K::kValues, "the values, each equally likely", 1}};
constexpr FamilyKey kMixture[] = {
    {"components", K::kComponents,
     "the components: each a distribution mapping with its probability p (the p sum to 1)", 1}};

constexpr std::array<DistributionFamily, 10> kFamilies = {{
    {"exponential", "memoryless, with the given mean", kMean},
    {"erlang", "sum of k exponential phases; total mean `mean`", kErlang},
    {"gamma", "gamma with mean and cv (standard deviation / mean)", kMeanCv},
    {"lognormal", "lognormal with mean and cv (standard deviation / mean)", kMeanCv},
    {"deterministic", "always `value`", kValue},
    {"uniform", "uniform on [low, high]", kLowHigh},
    {"triangular", "triangular on [low, high] with mode `mode`", kTriangle},
    {"histogram", "uniform within each bin [edges[i], edges[i+1]); weights are relative",
     kHistogram},
    {"sample", "one of `values`, equally likely", kSample},
    {"mixture", "component i with probability p_i (the p sum to 1)", kMixture},
}};

}  // namespace

std::span<const DistributionFamily> DistributionFamilies() { return kFamilies; }

const DistributionFamily* FindDistributionFamily(std::string_view name) {
  for (const DistributionFamily& family : kFamilies) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

}  // namespace escalade::io
