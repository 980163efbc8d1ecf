#include "sim/io/names.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "sim/kernel/text.h"

namespace escalade::io {
namespace {

template <typename String>
std::optional<std::string_view> ClosestOf(std::string_view name, std::span<const String> candidates,
                                          std::size_t max_distance) {
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::optional<std::string_view> best_name;
  for (const String& candidate_text : candidates) {
    const std::string_view candidate(candidate_text);
    // The difference in length is a lower bound of the distance: skip hopeless (and huge)
    // candidates without the quadratic step.
    const std::size_t gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                           : name.size() - candidate.size();
    if (gap > max_distance || gap >= best) continue;
    const std::size_t distance = EditDistance(name, candidate);
    if (distance <= max_distance && distance < best) {
      best = distance;
      best_name = candidate;
    }
  }
  return best_name;
}

}  // namespace

bool IsName(std::string_view text) {
  if (text.empty() || text.size() > kMaxNameLength) return false;
  if (text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);  // the row follows the shorter string
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // row[i-1][j-1]
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> Closest(std::string_view name,
                                        std::span<const std::string_view> candidates,
                                        std::size_t max_distance) {
  return ClosestOf(name, candidates, max_distance);
}

std::optional<std::string_view> Closest(std::string_view name,
                                        std::span<const std::string> candidates,
                                        std::size_t max_distance) {
  return ClosestOf(name, candidates, max_distance);
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

std::string ReadContext::Unknown(std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(kind) + " " + kernel::Quote(name);
  if (candidates.empty()) return message + "; none are declared";
  // A near miss: at most 1 edit for short names, up to 3 for long ones.
  if (suggestions_left_ > 0 && name.size() <= kMaxNameLength) {
    --suggestions_left_;
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3));
    if (const std::optional<std::string_view> best = Closest(name, candidates, limit)) {
      return message + "; did you mean " + kernel::Quote(*best) + "?";
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

std::optional<int> ReadContext::Resolve(const Node& node, std::string_view kind,
                                        const NameIndex& names) {
  const std::optional<std::string> text = node.AsString();
  if (!text) return std::nullopt;
  if (std::optional<int> index = names.Find(*text)) return index;
  if (names.complete) node.Error(Unknown(kind, *text, names.names()));
  return std::nullopt;
}

std::vector<KeyEntry> KeyEntries(const Node& map, std::string_view what, std::string_view twice,
                                 ReadContext& context) {
  std::vector<KeyEntry> out;
  if (!map.IsMap()) {
    map.Error("expected a mapping");
    return out;
  }
  // Node::Entries() would do, but it reports a repeated key in generic words; here the
  // message says what the key names. Linear in the size of the mapping.
  std::unordered_map<std::string, int> first_line;
  int relocations_left = 64;  // see below
  try {
    for (auto it = map.raw().begin(); it != map.raw().end(); ++it) {
      const YAML::Mark mark = it->first.Mark();
      const Mark key_mark{mark.line + 1, mark.column + 1};
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
                            std::string(what) + " " + kernel::Quote(key) + " " +
                                std::string(twice) + " (first at line " +
                                std::to_string(first->second) + ")");
        continue;
      }
      // An empty value carries the mark of the next token, often a line below; map[key]
      // locates it at its key instead, at a cost linear in the mapping, so only for the
      // first few (one is usually all there is).
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

bool CheckKeyName(const KeyEntry& entry, std::string_view kind, ReadContext& context) {
  if (IsName(entry.key)) return true;
  context.diags().Add(entry.key_mark.line, entry.key_mark.column, entry.value.path(),
                      "invalid " + std::string(kind) + " name " + kernel::Quote(entry.key) +
                          "; names match [a-z][a-z0-9_]* (at most 64 characters)");
  return false;
}

}  // namespace escalade::io
