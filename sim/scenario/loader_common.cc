// Helpers shared by the section readers of the scenario loader.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "sim/scenario/loader_internal.h"

namespace escalade::scenario::internal {

model::SourceMark MarkOf(const Node& node) { return {node.line(), node.column()}; }

bool IsName(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  if (text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 64;
  if (text.size() <= kMax) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kMax)) + "...'";
}

std::string WithThousands(std::int64_t value) {
  const bool negative = value < 0;
  // Through unsigned so that the most negative value has a magnitude too.
  std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::optional<int> NameIndex::Insert(const std::string& name, int index) {
  auto [it, inserted] = index_.emplace(name, index);
  if (!inserted) return it->second;
  names_.push_back(name);
  if (index >= 0) slots_ = std::max(slots_, static_cast<std::size_t>(index) + 1);
  return std::nullopt;
}

std::optional<int> NameIndex::Find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string Context::Unknown(std::string_view kind, std::string_view name,
                             const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(kind) + " " + Quote(name);
  if (candidates.empty()) return message + "; none are declared";
  // A near miss: at most 1 edit for short names, up to 3 for long ones.
  if (suggestions_left_ > 0 && name.size() <= 64) {
    --suggestions_left_;
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3));
    std::size_t best = std::numeric_limits<std::size_t>::max();
    const std::string* best_name = nullptr;
    for (const std::string& candidate : candidates) {
      // The distance is at least the difference in length: skip hopeless ones cheaply.
      const std::size_t gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                             : name.size() - candidate.size();
      if (gap > limit || gap >= best) continue;
      const std::size_t d = EditDistance(name, candidate);
      if (d < best) {
        best = d;
        best_name = &candidate;
      }
    }
    if (best_name != nullptr && best <= limit) {
      return message + "; did you mean " + Quote(*best_name) + "?";
    }
  }
  constexpr std::size_t kListed = 12;
  if (candidates.size() <= kListed) {
    message += "; expected one of: ";
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (i > 0) message += ", ";
      message += candidates[i];
    }
    return message;
  }
  return message + " (" + std::to_string(candidates.size()) + " are declared)";
}

std::optional<int> Context::Resolve(const Node& node, std::string_view kind,
                                    const NameIndex& names) {
  const std::optional<std::string> text = node.AsString();
  if (!text) return std::nullopt;
  if (std::optional<int> index = names.Find(*text)) return index;
  if (names.complete) node.Error(Unknown(kind, *text, names.names()));
  return std::nullopt;
}

std::vector<KeyEntry> KeyEntries(const Node& map, std::string_view what, std::string_view twice,
                                 Context& context) {
  std::vector<KeyEntry> out;
  if (!map.IsMap()) {
    map.Error("expected a mapping");
    return out;
  }
  // Node::Entries() would do, but it reports a repeated key in generic words;
  // here the message says what the key names. Linear in the size of the mapping.
  std::unordered_map<std::string, int> first_line;
  int relocations_left = 64;  // see below
  try {
    for (auto it = map.raw().begin(); it != map.raw().end(); ++it) {
      const YAML::Mark mark = it->first.Mark();
      const model::SourceMark key_mark{mark.line + 1, mark.column + 1};
      if (!it->first.IsScalar()) {
        context.diags().Add(key_mark.line, key_mark.column, map.path(),
                            std::string("expected a key name, got a ") +
                                (it->first.IsMap() ? "mapping" : "list") + " as a key");
        continue;
      }
      std::string key = it->first.Scalar();
      std::string path = map.path().empty() ? key : map.path() + "." + key;
      auto [first, inserted] = first_line.emplace(key, key_mark.line);
      if (!inserted) {
        context.diags().Add(key_mark.line, key_mark.column, path,
                            std::string(what) + " " + Quote(key) + " " + std::string(twice) +
                                " (first at line " + std::to_string(first->second) + ")");
        continue;
      }
      // An empty value carries the mark of the next token, often a line below;
      // map[key] locates it at its key instead, at a cost linear in the
      // mapping, so only for the first few (one is usually all there is).
      if (it->second.IsNull() && relocations_left > 0) {
        --relocations_left;
        out.push_back({key, key_mark, map[key]});
      } else {
        out.push_back({key, key_mark, Node(it->second, std::move(path), &context.diags())});
      }
    }
  } catch (const std::exception& e) {
    map.Error(std::string("could not read the mapping: ") + e.what());
  }
  return out;
}

bool CheckKeyName(const KeyEntry& entry, std::string_view kind, Context& context) {
  if (IsName(entry.key)) return true;
  context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                      "invalid " + std::string(kind) + " name " + Quote(entry.key) +
                          "; names match [a-z][a-z0-9_]* (at most 64 characters)");
  return false;
}

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
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", sum);
    node.Error(std::string("probabilities sum to ") + text + "; they must sum to 1 (within 1e-6)");
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
