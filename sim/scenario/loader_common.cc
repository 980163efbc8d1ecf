// Helpers shared by the section readers of the scenario loader (the generic ones, names
// and their index, are sim/io's: names.h).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {

model::SourceMark MarkOf(const Node& node) { return {node.line(), node.column()}; }
model::SourceMark MarkOf(const io::Mark& mark) { return {mark.line, mark.column}; }

std::optional<std::vector<double>> ReadMix(const Node& node, std::string_view kind,
                                           const NameIndex& names, Context& context) {
  if (!node.IsMap()) {
    node.Error("expected a mapping from " + std::string(kind) + " name to probability");
    return std::nullopt;
  }
  std::vector<double> mix(names.slots(), 0.0);
  bool ok = true;
  double sum = 0;
  const std::vector<KeyEntry> entries = KeyEntries(node, kind, "is listed twice", context);
  for (const KeyEntry& entry : entries) {
    const std::optional<int> index = names.Find(entry.key);
    const std::optional<double> p = entry.value.AsProbability();
    if (!index) {
      if (names.complete) {
        context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                            context.Unknown(kind, entry.key, names.names()));
      }
      ok = false;
      continue;
    }
    const auto i = static_cast<std::size_t>(*index);  // unique: KeyEntries skips repeats
    if (!p) {
      ok = false;
      continue;
    }
    mix[i] = *p;
    sum += *p;
  }
  if (entries.empty()) {
    node.Error("expected at least one " + std::string(kind) + " with its probability");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  if (!(std::fabs(sum - 1.0) <= kSumTolerance)) {
    node.Error("probabilities sum to " + kernel::FormatNumber(sum, 10) +
               "; they must sum to 1 (within 1e-6)");
    return std::nullopt;
  }
  for (double& p : mix) p /= sum;
  return mix;
}

std::optional<model::StaffHours> ReadHours(const Node& node) {
  const std::optional<std::string> text = node.AsString();
  if (!text) return std::nullopt;
  if (*text == "office") return model::StaffHours::kOffice;
  if (*text == "always") return model::StaffHours::kAlways;
  node.Error("expected office (the scenario calendar) or always (24x7); got " + Quote(*text));
  return std::nullopt;
}

std::optional<std::vector<int>> ReadRefList(const Node& node, std::string_view kind,
                                            const NameIndex& names, Context& context) {
  if (!node.IsSequence()) {
    node.Error("expected a list of " + std::string(kind) + " names");
    return std::nullopt;
  }
  std::vector<int> out;
  std::unordered_map<int, std::size_t> seen;
  bool ok = true;
  const std::vector<Node> items = node.Items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::optional<int> index = context.Resolve(items[i], kind, names);
    if (!index) {
      ok = false;
      continue;
    }
    auto [it, inserted] = seen.emplace(*index, i);
    if (!inserted) {
      items[i].Error(std::string(kind) + " " + Quote(items[i].AsString().value_or("")) +
                     " is listed twice (also at [" + std::to_string(it->second) + "])");
      ok = false;
      continue;
    }
    out.push_back(*index);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace escalade::scenario::internal
