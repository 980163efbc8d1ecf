// The distribution families a YAML distribution may name — `{dist: <family>, ...}`
// (scenarios/FORMAT.md "Distributions") — declared once as data: the reader
// (Node::AsDistribution) checks each mapping's keys against it, and the scenario format
// generates the JSON Schema and FORMAT.md's table of families from it.
//
// Thread safety: immutable data.
#ifndef ESCALADE_SIM_IO_DISTRIBUTION_FAMILIES_H_
#define ESCALADE_SIM_IO_DISTRIBUTION_FAMILIES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace escalade::io {

// What one key of a family holds.
enum class FamilyKeyKind : std::uint8_t {
  kValue,       // one value in the caller's quantity: a calendar duration, or a plain number
  kPhases,      // an integer from 1 to kMaxErlangPhases
  kRatio,       // a number > 0 (a coefficient of variation), at most kMaxCv
  kValues,      // a list of at least `min_items` values
  kWeights,     // a list of relative weights >= 0 with a positive sum
  kComponents,  // a non-empty list of component distributions, each with its probability p
};

struct FamilyKey {
  std::string_view name;
  FamilyKeyKind kind;
  std::string_view doc;       // one line, for the schema and FORMAT.md
  std::size_t min_items = 0;  // kValues, kWeights, kComponents
};

struct DistributionFamily {
  std::string_view name;            // as written after `dist:`
  std::string_view doc;             // what the family is, one line
  std::span<const FamilyKey> keys;  // besides `dist` (and a component's `p`), in file order
};

inline constexpr int kMaxErlangPhases = 10'000;
inline constexpr double kMaxCv = 1e6;
// The p of a mixture's components sum to 1 within this.
inline constexpr double kMixtureTolerance = 1e-6;

// Every family, in documentation order.
std::span<const DistributionFamily> DistributionFamilies();
const DistributionFamily* FindDistributionFamily(std::string_view name);

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_DISTRIBUTION_FAMILIES_H_
