#include "sim/kernel/alias_table.h"

#include <cmath>
#include <string>

namespace escalade::kernel {

Result<AliasTable> AliasTable::Create(const std::vector<double>& weights) {
  if (weights.empty()) return Status::Error("alias table: no weights");
  if (weights.size() > 0xFFFFFFFFu) return Status::Error("alias table: more than 2^32 weights");
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      return Status::Error("alias table: weight " + std::to_string(i) +
                           " is not a finite number >= 0");
    }
    sum += weights[i];
  }
  if (!(sum > 0) || !std::isfinite(sum)) {
    return Status::Error("alias table: the weights must have a positive finite sum");
  }
  const std::size_t n = weights.size();
  AliasTable table;
  table.probability_.assign(n, 0.0);
  table.alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / sum;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t less = small.back();
    small.pop_back();
    const std::uint32_t more = large.back();
    large.pop_back();
    table.probability_[less] = scaled[less];
    table.alias_[less] = more;
    scaled[more] = (scaled[more] + scaled[less]) - 1.0;
    (scaled[more] < 1.0 ? small : large).push_back(more);
  }
  // What remains has probability 1 up to rounding (Vose).
  for (std::uint32_t i : large) {
    table.probability_[i] = 1.0;
    table.alias_[i] = i;
  }
  for (std::uint32_t i : small) {
    table.probability_[i] = 1.0;
    table.alias_[i] = i;
  }
  return table;
}

}  // namespace escalade::kernel
