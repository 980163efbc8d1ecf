// Node::AsDistribution (contract in yaml_reader.h): a fixed value, or a mapping
// {dist: <family>, ...} read per scenarios/FORMAT.md, mixtures included.
//
// Nothing here throws but std::bad_alloc, which AsDistribution turns into a diagnostic.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/distribution_families.h"
#include "sim/io/yaml_reader.h"
#include "sim/io/yaml_reader_internal.h"
#include "sim/kernel/text.h"

namespace escalade::io {
namespace {

using yaml_internal::CheckKeysImpl;
using yaml_internal::Found;
using yaml_internal::JoinNames;
using yaml_internal::Kind;
using yaml_internal::KindOf;
using yaml_internal::ScalarOf;
using yaml_internal::UnknownKeyMessage;

// ---------------------------------------------------------------------------------------
// Distributions.

enum class Family {
  kExponential,
  kErlang,
  kGamma,
  kLognormal,
  kDeterministic,
  kUniform,
  kTriangular,
  kHistogram,
  kSample,
  kMixture,
};

// The reader's own switch over the families of DistributionFamilies(), by name.
std::optional<Family> FamilyOf(std::string_view name) {
  static constexpr std::pair<std::string_view, Family> kByName[] = {
      {"exponential", Family::kExponential},
      {"erlang", Family::kErlang},
      {"gamma", Family::kGamma},
      {"lognormal", Family::kLognormal},
      {"deterministic", Family::kDeterministic},
      {"uniform", Family::kUniform},
      {"triangular", Family::kTriangular},
      {"histogram", Family::kHistogram},
      {"sample", Family::kSample},
      {"mixture", Family::kMixture},
  };
  for (const auto& [family_name, family] : kByName) {
    if (family_name == name) return family;
  }
  return std::nullopt;
}

std::vector<std::string_view> FamilyNames() {
  std::vector<std::string_view> names;
  for (const DistributionFamily& family : DistributionFamilies()) names.push_back(family.name);
  return names;
}

// One value of a distribution in the caller's unit: a calendar duration in hours (kTime)
// or a plain number (kPlain).
std::optional<double> ReadValue(const Node& node, Node::Quantity quantity) {
  if (quantity == Node::Quantity::kTime) {
    const std::optional<kernel::SimTime> ms = node.AsCalendarDuration();
    if (!ms) return std::nullopt;
    return kernel::ToHours(*ms);
  }
  return node.AsNumber(std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max());
}

std::optional<std::vector<double>> ReadValues(const Node& node, Node::Quantity quantity,
                                              std::size_t min_count, const char* what) {
  if (KindOf(node.raw()) != Kind::kSequence) {
    node.Error(KindOf(node.raw()) == Kind::kMissing
                   ? std::string("is required")
                   : std::string("expected a list of ") + what + ", got " + Found(node.raw()));
    return std::nullopt;
  }
  std::vector<double> values;
  bool ok = true;
  for (const Node& item : node.Items()) {
    const std::optional<double> value = ReadValue(item, quantity);
    if (value) values.push_back(*value);
    ok = ok && value.has_value();
  }
  if (!ok) return std::nullopt;
  if (values.size() < min_count) {
    node.Error("expected a list of at least " + std::to_string(min_count) + " " + what + ", got " +
               std::to_string(values.size()));
    return std::nullopt;
  }
  return values;
}

std::optional<kernel::Distribution> ReadDistribution(const Node& node, Node::Quantity quantity);

// A distribution mapping `{dist: ..., ...}`; `component` adds the mixture key `p`.
std::optional<kernel::Distribution> ReadDistributionMap(const Node& node, Node::Quantity quantity,
                                                        bool component) {
  const Node dist = node["dist"];
  const std::vector<std::string_view> names = FamilyNames();
  if (!dist.defined()) {
    dist.Error("is required: one of " + JoinNames(names));
    return std::nullopt;
  }
  const std::optional<std::string> name = ScalarOf(dist, "expected a distribution name");
  if (!name) return std::nullopt;
  const DistributionFamily* family = FindDistributionFamily(*name);
  if (family == nullptr || !FamilyOf(*name)) {
    std::string message = UnknownKeyMessage(*name, names);
    message.replace(0, std::string_view("unknown key").size(), "unknown distribution");
    dist.Error(message);
    return std::nullopt;
  }
  std::vector<std::string_view> allowed;
  if (component) allowed.push_back("p");
  allowed.push_back("dist");
  for (const FamilyKey& key : family->keys) allowed.push_back(key.name);
  bool ok = CheckKeysImpl(node, allowed);

  const auto value = [&](std::string_view key) { return ReadValue(node[key], quantity); };
  const auto number = [&](std::string_view key) {
    return node[key].AsNumber(std::numeric_limits<double>::lowest(),
                              std::numeric_limits<double>::max());
  };
  kernel::Result<kernel::Distribution> made = kernel::Status::Internal("not read");
  switch (*FamilyOf(*name)) {
    case Family::kExponential: {
      const auto mean = value("mean");
      if (!mean) return std::nullopt;
      made = kernel::Distribution::Exponential(*mean);
      break;
    }
    case Family::kErlang: {
      const auto k = node["k"].AsInt(1, kMaxErlangPhases);
      const auto mean = value("mean");
      if (!k || !mean) return std::nullopt;
      made = kernel::Distribution::Erlang(static_cast<int>(*k), *mean);
      break;
    }
    case Family::kGamma:
    case Family::kLognormal: {
      const auto mean = value("mean");
      const auto cv = number("cv");
      if (!mean || !cv) return std::nullopt;
      made = *FamilyOf(*name) == Family::kGamma ? kernel::Distribution::Gamma(*mean, *cv)
                                                : kernel::Distribution::Lognormal(*mean, *cv);
      break;
    }
    case Family::kDeterministic: {
      const auto v = value("value");
      if (!v) return std::nullopt;
      made = kernel::Distribution::Deterministic(*v);
      break;
    }
    case Family::kUniform: {
      const auto low = value("low");
      const auto high = value("high");
      if (!low || !high) return std::nullopt;
      made = kernel::Distribution::Uniform(*low, *high);
      break;
    }
    case Family::kTriangular: {
      const auto low = value("low");
      const auto mode = value("mode");
      const auto high = value("high");
      if (!low || !mode || !high) return std::nullopt;
      made = kernel::Distribution::Triangular(*low, *mode, *high);
      break;
    }
    case Family::kHistogram: {
      const auto edges = ReadValues(node["edges"], quantity, 2, "bin edges");
      if (!edges) return std::nullopt;
      const auto weights = node["weights"].AsWeights(edges->size() - 1);
      if (!weights) return std::nullopt;
      made = kernel::Distribution::EmpiricalHistogram(*edges, *weights);
      break;
    }
    case Family::kSample: {
      const auto values = ReadValues(node["values"], quantity, 1, "values");
      if (!values) return std::nullopt;
      made = kernel::Distribution::EmpiricalSample(*values);
      break;
    }
    case Family::kMixture: {
      const Node components = node["components"];
      if (KindOf(components.raw()) != Kind::kSequence || components.Items().empty()) {
        const Kind kind = KindOf(components.raw());
        components.Error(kind == Kind::kMissing
                             ? std::string("is required")
                             : "expected a non-empty list of {p: ..., dist: "
                               "...}, got " +
                                   (kind == Kind::kSequence ? std::string("an empty list")
                                                            : Found(components.raw())));
        return std::nullopt;
      }
      std::vector<double> probabilities;
      std::vector<kernel::Distribution> parts;
      bool parts_ok = true;
      for (const Node& item : components.Items()) {
        if (KindOf(item.raw()) != Kind::kMap) {
          item.Error("expected a mapping {p: ..., dist: ...}, got " + Found(item.raw()));
          parts_ok = false;
          continue;
        }
        const std::optional<double> p = item["p"].AsProbability();
        const std::optional<kernel::Distribution> part = ReadDistributionMap(item, quantity, true);
        if (!p || !part) {
          parts_ok = false;
          continue;
        }
        probabilities.push_back(*p);
        parts.push_back(*part);
      }
      if (!parts_ok) return std::nullopt;
      double sum = 0;
      for (const double p : probabilities) sum += p;
      if (!(std::fabs(sum - 1) <= kMixtureTolerance)) {
        components.Error("the components' p sum to " + kernel::FormatNumber(sum, 10) +
                         "; expected 1 (within 1e-6)");
        return std::nullopt;
      }
      // The kernel wants the sum within 1e-9; the format promises 1e-6.
      for (double& p : probabilities) p /= sum;
      made = kernel::Distribution::Mixture(std::move(probabilities), std::move(parts));
      break;
    }
  }
  if (!made.ok()) {
    node.Error(made.status().message());
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return *made;
}

std::optional<kernel::Distribution> ReadDistribution(const Node& node, Node::Quantity quantity) {
  switch (KindOf(node.raw())) {
    case Kind::kMissing:
      node.Error("is required");
      return std::nullopt;
    case Kind::kMap:
      return ReadDistributionMap(node, quantity, /*component=*/false);
    case Kind::kScalar: {
      const std::optional<double> value = ReadValue(node, quantity);
      if (!value) return std::nullopt;
      kernel::Result<kernel::Distribution> made = kernel::Distribution::Deterministic(*value);
      if (!made.ok()) {
        node.Error(made.status().message());
        return std::nullopt;
      }
      return *made;
    }
    default:
      node.Error(
          std::string("expected a distribution: ") +
          (quantity == Node::Quantity::kTime ? "a duration such as 2h" : "a number such as 3") +
          ", or a mapping with dist: one of " + JoinNames(FamilyNames()) + "; got " +
          Found(node.raw()));
      return std::nullopt;
  }
}

}  // namespace

std::optional<kernel::Distribution> Node::AsDistribution(Quantity quantity) const {
  try {
    return ReadDistribution(*this, quantity);
  } catch (const std::exception& e) {  // std::bad_alloc: nothing else throws here
    Error(std::string("cannot read the distribution: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace escalade::io
