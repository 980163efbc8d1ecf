// Node, the located view of one YAML node (contract in yaml_reader.h): navigation and key
// checks with "did you mean" (the typed scalar readers are yaml_scalars.cc).
//
// Nothing here throws: yaml-cpp's exceptions are caught at each use of yaml-cpp and turned
// into diagnostics or an absent value.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"
#include "sim/io/yaml_reader_internal.h"
#include "sim/kernel/text.h"

namespace escalade::io {
namespace {

using yaml_internal::CheckKeysImpl;
using yaml_internal::Found;
using yaml_internal::Kind;
using yaml_internal::KindOf;
using yaml_internal::Place;
using yaml_internal::Quote;
using yaml_internal::ScalarOf;
using yaml_internal::ScalarText;

// ---------------------------------------------------------------------------------------
// Text helpers for messages.

// A key or a name in a message, between single quotes.
std::string QuoteKey(std::string_view text) { return kernel::Quote(text); }

// ---------------------------------------------------------------------------------------
// Safe views of yaml-cpp nodes (see yaml_reader_internal.h).

Place PlaceOf(const YAML::Node& node) {
  try {
    if (!node.IsDefined()) return {};
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
    return {mark.line + 1, mark.column + 1};
  } catch (...) {
    return {};
  }
}

struct RawEntry {
  YAML::Node key;
  YAML::Node value;
};

// Map entries in file order, duplicates included (yaml-cpp 0.7 keeps them all).
std::vector<RawEntry> RawEntries(const YAML::Node& map) {
  std::vector<RawEntry> out;
  try {
    for (auto it = map.begin(); it != map.end(); ++it) out.push_back({it->first, it->second});
  } catch (...) {
  }
  return out;
}

std::vector<YAML::Node> RawItems(const YAML::Node& sequence) {
  std::vector<YAML::Node> out;
  try {
    for (auto it = sequence.begin(); it != sequence.end(); ++it) out.push_back(*it);
  } catch (...) {
  }
  return out;
}

// An empty value (`key:` then a newline) carries the mark of whatever token follows, often
// on a later line; such a value is located at its key instead.
Place ValuePlace(const YAML::Node& key, const YAML::Node& value) {
  const Place at = PlaceOf(value);
  const Place key_at = PlaceOf(key);
  if (KindOf(value) == Kind::kNull && key_at.line > 0 && at.line != key_at.line) return key_at;
  return at;
}

std::string DuplicateKeyMessage(std::string_view key, int first_line) {
  return "duplicate key " + QuoteKey(key) + " (first at line " + std::to_string(first_line) +
         "); each key may appear only once";
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Shared with yaml_distribution.cc (declared in yaml_reader_internal.h).

namespace yaml_internal {

std::string Quote(std::string_view text) { return kernel::Quote(text, {.quote = '"'}); }

std::string ScalarText(const YAML::Node& node) {
  try {
    return node.Scalar();
  } catch (...) {
    return {};
  }
}

// A quoted scalar ('x' or "x") carries the non-specific tag "!"; a plain one "?".
bool IsQuoted(const YAML::Node& node) {
  try {
    return node.Tag() == "!";
  } catch (...) {
    return false;
  }
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

Kind KindOf(const YAML::Node& node) {
  try {
    if (!node.IsDefined()) return Kind::kMissing;
    switch (node.Type()) {
      case YAML::NodeType::Null:
        return Kind::kNull;
      case YAML::NodeType::Scalar:
        return Kind::kScalar;
      case YAML::NodeType::Sequence:
        return Kind::kSequence;
      case YAML::NodeType::Map:
        return Kind::kMap;
      case YAML::NodeType::Undefined:
        return Kind::kMissing;
    }
  } catch (...) {
  }
  return Kind::kMissing;
}

std::string Found(const YAML::Node& node) {
  switch (KindOf(node)) {
    case Kind::kMissing:
      return "nothing";
    case Kind::kNull:
      return "an empty value";
    case Kind::kScalar:
      return Quote(ScalarText(node));
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a mapping";
  }
  return "nothing";
}

std::string UnknownKeyMessage(std::string_view key, std::span<const std::string_view> allowed) {
  std::string message = "unknown key " + QuoteKey(key);
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string_view candidate : allowed) {
    const std::size_t threshold = std::max<std::size_t>(1, candidate.size() / 3);
    // The length difference is a lower bound of the distance: skip hopeless (and huge)
    // keys without running the quadratic algorithm.
    const std::size_t gap = key.size() > candidate.size() ? key.size() - candidate.size()
                                                          : candidate.size() - key.size();
    if (gap > threshold) continue;
    const std::size_t distance = EditDistance(key, candidate);
    if (distance <= threshold && distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (!best.empty()) return message + "; did you mean " + QuoteKey(best) + "?";
  if (allowed.empty()) return message + "; no keys are allowed here";
  return message + "; expected one of " + JoinNames(allowed);
}

bool CheckKeysImpl(const Node& node, std::span<const std::string_view> allowed) {
  const Kind kind = KindOf(node.raw());
  if (kind != Kind::kMap) {
    node.Error(kind == Kind::kMissing ? std::string("is required")
                                      : "expected a mapping, got " + Found(node.raw()));
    return false;
  }
  bool ok = true;
  std::unordered_map<std::string, int> first_line;
  for (const RawEntry& entry : RawEntries(node.raw())) {
    const Place at = PlaceOf(entry.key);
    if (KindOf(entry.key) != Kind::kScalar) {
      node.diags().Add(at.line, at.column, node.path(),
                       "expected a key name, got " + Found(entry.key) + " as a key");
      ok = false;
      continue;
    }
    const std::string key = ScalarText(entry.key);
    const std::string path = node.path().empty() ? key : node.path() + "." + key;
    const auto [it, inserted] = first_line.emplace(key, at.line);
    if (!inserted) {
      node.diags().Add(at.line, at.column, path, DuplicateKeyMessage(key, it->second));
      ok = false;
    } else if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      node.diags().Add(at.line, at.column, path, UnknownKeyMessage(key, allowed));
      ok = false;
    }
  }
  return ok;
}

std::optional<std::string> ScalarOf(const Node& node, const std::string& expected,
                                    const char* separator) {
  switch (KindOf(node.raw())) {
    case Kind::kMissing:
      node.Error("is required");
      return std::nullopt;
    case Kind::kScalar:
      return ScalarText(node.raw());
    default:
      node.Error(expected + separator + "got " + Found(node.raw()));
      return std::nullopt;
  }
}

}  // namespace yaml_internal

// ---------------------------------------------------------------------------------------
// Node.

Node::Node(YAML::Node node, std::string path, Diagnostics* diags)
    : node_(std::move(node)), path_(std::move(path)), diags_(diags) {
  const Place at = PlaceOf(node_);
  line_ = at.line;
  column_ = at.column;
}

bool Node::defined() const { return KindOf(node_) != Kind::kMissing; }
bool Node::IsMap() const { return KindOf(node_) == Kind::kMap; }
bool Node::IsSequence() const { return KindOf(node_) == Kind::kSequence; }
bool Node::IsScalar() const { return KindOf(node_) == Kind::kScalar; }
bool Node::IsNull() const { return KindOf(node_) == Kind::kNull; }

void Node::Error(std::string message) const {
  if (diags_ != nullptr) diags_->Add(line_, column_, path_, std::move(message));
}

Node Node::operator[](std::string_view key) const {
  std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (KindOf(node_) == Kind::kMap) {
    // Our own lookup: the first entry whose key is this scalar (yaml-cpp's operator[]
    // converts keys and, on a non-const node, inserts missing ones). It stops at the
    // match and copies nothing on the way: a mapping of 100,000 unknown keys is looked
    // up once per known key, so a copy of every entry per lookup made error floods slow.
    try {
      for (const auto& entry : node_) {  // a pair of nodes, by value
        if (KindOf(entry.first) != Kind::kScalar || entry.first.Scalar() != key) continue;
        Node child(entry.second, std::move(path), diags_);
        const Place at = ValuePlace(entry.first, entry.second);
        child.line_ = at.line;
        child.column_ = at.column;
        return child;
      }
    } catch (...) {
    }
  }
  Node missing(YAML::Node(YAML::NodeType::Undefined), std::move(path), diags_);
  missing.line_ = line_;
  missing.column_ = column_;
  return missing;
}

bool Node::Has(std::string_view key) const { return (*this)[key].defined(); }

bool Node::CheckKeys(std::initializer_list<std::string_view> allowed) const {
  return CheckKeysImpl(*this, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

bool Node::CheckKeys(std::span<const std::string_view> allowed) const {
  return CheckKeysImpl(*this, allowed);
}

std::vector<std::pair<std::string, Node>> Node::Entries() const {
  std::vector<std::pair<std::string, Node>> out;
  const Kind kind = KindOf(node_);
  if (kind != Kind::kMap) {
    Error(kind == Kind::kMissing ? std::string("is required")
                                 : "expected a mapping, got " + Found(node_));
    return out;
  }
  std::unordered_map<std::string, int> first_line;
  for (const RawEntry& entry : RawEntries(node_)) {
    const Place key_at = PlaceOf(entry.key);
    if (KindOf(entry.key) != Kind::kScalar) {
      if (diags_ != nullptr) {
        diags_->Add(key_at.line, key_at.column, path_,
                    "expected a key name, got " + Found(entry.key) + " as a key");
      }
      continue;
    }
    std::string key = ScalarText(entry.key);
    std::string path = path_.empty() ? key : path_ + "." + key;
    const auto [it, inserted] = first_line.emplace(key, key_at.line);
    if (!inserted) {  // reported, and skipped: the first occurrence is the one read
      if (diags_ != nullptr) {
        diags_->Add(key_at.line, key_at.column, path, DuplicateKeyMessage(key, it->second));
      }
      continue;
    }
    Node child(entry.value, std::move(path), diags_);
    const Place at = ValuePlace(entry.key, entry.value);
    child.line_ = at.line;
    child.column_ = at.column;
    out.emplace_back(std::move(key), std::move(child));
  }
  return out;
}

std::vector<Node> Node::Items() const {
  std::vector<Node> out;
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing ? std::string("is required")
                                 : "expected a list, got " + Found(node_));
    return out;
  }
  const std::vector<YAML::Node> items = RawItems(node_);
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Node item(items[i], path_ + "[" + std::to_string(i) + "]", diags_);
    if (item.line_ == 0) {  // an empty item has no mark of its own
      item.line_ = line_;
      item.column_ = column_;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace escalade::io
