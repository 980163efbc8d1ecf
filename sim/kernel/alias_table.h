// AliasTable: draws an index i with probability weights[i] / sum(weights) in
// O(1) from one uniform draw (Walker's alias method, in Vose's numerically
// stable construction: M. D. Vose, "A linear algorithm for generating random
// numbers with a given distribution", IEEE TSE 17(9), 1991).
//
// Construction uses only +, -, * and / on doubles in a fixed order, so a table
// (and every draw from it) is the same bits on every platform.
//
// Thread safety: immutable after construction; Sample may be called from many
// threads at once with distinct streams.
#ifndef ESCALADE_SIM_KERNEL_ALIAS_TABLE_H_
#define ESCALADE_SIM_KERNEL_ALIAS_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/status.h"

namespace escalade::kernel {

class AliasTable {
 public:
  // A table that always draws 0.
  AliasTable() : probability_{1.0}, alias_{0} {}

  // REQUIRES (checked, returned as an error): weights non-empty, at most 2^32
  // entries, each finite and >= 0, with a positive finite sum.
  static Result<AliasTable> Create(const std::vector<double>& weights);

  std::size_t size() const { return probability_.size(); }

  // One NextUniform() of the stream.
  std::uint32_t Sample(RandomStream& stream) const {
    const double scaled = stream.NextUniform() * static_cast<double>(probability_.size());
    auto column = static_cast<std::size_t>(scaled);
    if (column >= probability_.size()) column = probability_.size() - 1;  // never, but cheap
    const double fraction = scaled - static_cast<double>(column);
    return fraction < probability_[column] ? static_cast<std::uint32_t>(column) : alias_[column];
  }

 private:
  std::vector<double> probability_;  // of keeping the column itself
  std::vector<std::uint32_t> alias_;
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_ALIAS_TABLE_H_
