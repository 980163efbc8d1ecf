// Located YAML reading (contract in yaml_reader.h).
//
// One file past the usual size because the scenario target lists only this file for the
// layer, and its three parts share the helpers at the top: the guards against hostile
// input (a nesting pre-scan, then an event pass that counts nodes through aliases), the
// located Node readers, and the distribution reader built on them.
//
// Nothing here throws: yaml-cpp's exceptions (and std::bad_alloc) are caught at each use
// of yaml-cpp and turned into diagnostics or an absent value.
#include "sim/scenario/yaml_reader.h"

#include <sys/stat.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <set>
#include <span>
#include <sstream>
#include <system_error>
#include <tuple>
#include <unordered_map>

namespace escalade::scenario {
namespace {

// ---------------------------------------------------------------------------------------
// Text helpers for messages.

constexpr std::size_t kMaxQuotedBytes = 60;
constexpr std::size_t kMaxNameLength = 64;
constexpr char kEmptyFileMessage[] =
    "the file is empty; expected a mapping with version, meta, departments, city, categories, "
    "demand and policies";

bool IsBlankChar(char c) { return c == ' ' || c == '\t'; }

// `text` between double quotes, control characters escaped, cut after kMaxQuotedBytes
// (never inside a UTF-8 sequence) with "...".
std::string Quote(std::string_view text, char quote = '"') {
  std::size_t cut = text.size();
  if (cut > kMaxQuotedBytes) {
    cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(1, quote);
  for (const char c : text.substr(0, cut)) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02X", static_cast<unsigned>(c));
      out += buffer;
    } else {
      out += c;
    }
  }
  if (cut < text.size()) out += "...";
  out += quote;
  return out;
}

// Shortest text that reads back as the same double ("2", "0.5", "1e+20").
std::string Num(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  return std::string(buffer, result.ptr);
}

// At most 10 significant digits, for computed values: a sum of 0.1 + 0.8 shows as 0.9.
std::string Rounded(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.10g", x);
  return buffer;
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Safe views of yaml-cpp nodes. yaml-cpp throws on some accessors of invalid nodes; these
// never do.

enum class Kind { kMissing, kNull, kScalar, kSequence, kMap };

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

struct Place {
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
};

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

Place PlaceOf(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

// What was found, for "expected X, got <found>".
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
  return "duplicate key " + Quote(key, '\'') + " (first at line " + std::to_string(first_line) +
         "); each key may appear only once";
}

std::string UnknownKeyMessage(std::string_view key, std::span<const std::string_view> allowed) {
  std::string message = "unknown key " + Quote(key, '\'');
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
  if (!best.empty()) return message + "; did you mean " + Quote(best, '\'') + "?";
  if (allowed.empty()) return message + "; no keys are allowed here";
  return message + "; expected one of " + JoinNames(allowed);
}

// Reports unknown, duplicate and non-scalar keys of a mapping (see Node::CheckKeys).
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

// ---------------------------------------------------------------------------------------
// Guards against hostile input.

// The 1-based line and column of byte `offset` of `text` (columns count bytes, as
// yaml-cpp's marks do).
Place PlaceOfOffset(std::string_view text, std::size_t offset) {
  Place place{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++place.line;
      place.column = 1;
    } else {
      ++place.column;
    }
  }
  return place;
}

// Offset of the first byte that does not belong to a well-formed UTF-8 sequence (no
// overlongs, surrogates or code points past U+10FFFF), or npos.
std::size_t InvalidUtf8Offset(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = byte(i + k);
      const unsigned char lo = k == 1 ? low : 0x80;
      const unsigned char hi = k == 1 ? high : 0xBF;
      if (next < lo || next > hi) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::string TooLongMessage(std::size_t bytes, std::size_t max_bytes) {
  return "a string of " + std::to_string(bytes) + " bytes is too long; expected at most " +
         std::to_string(max_bytes) + " bytes";
}

std::string TooDeepMessage(int max_depth) {
  return "too deeply nested: more than " + std::to_string(max_depth) +
         " levels of mappings and lists inside one another";
}

// A cheap look at the text before yaml-cpp parses it, in one pass and without recursion.
//
// Nesting. yaml-cpp's recursive-descent parser can run out of stack on deep input before
// any tree exists, so the depth is estimated here first. The scanner follows what decides
// nesting in YAML: block indentation (a stack of the columns of open mappings and lists),
// compact entries on one line ("- - - x", "- key:"), flow brackets and the single-pair
// mappings inside flow lists ("[a: [b: c]]"); and it skips what cannot nest, as yaml-cpp's
// scanner does: comments, quoted scalars (even across lines), block scalars (| and >) and
// plain scalars with their continuation lines. A bracket or quote counts only where a
// token starts, so "a[0" or "it's" inside a plain scalar is text.
//
// Scalar length. yaml-cpp reads long scalars slowly (about 5 MB/s), so a scalar of many
// megabytes is refused here rather than after seconds of parsing. The length measured is
// the scalar's extent in the text, which is never less than its value's length.
//
// Both are estimates: odd layouts (mostly invalid ones) may be counted a few levels off,
// and escapes, folding or indentation make a value shorter than its text. So the caller
// sets generous limits here and checks the exact ones on yaml-cpp's events afterwards.
// Cost: O(size of text).
class TextScanner {
 public:
  TextScanner(int depth_limit, std::size_t scalar_limit)
      : depth_limit_(depth_limit), scalar_limit_(scalar_limit) {}

  void Scan(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size() && !Done()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      ScanLine(line);
      start = end + 1;
    }
    if (mode_ != Mode::kBlock && mode_ != Mode::kFlow) EndScalar();
  }

  // Where the estimated depth first exceeds the limit.
  const std::optional<Place>& too_deep() const { return too_deep_; }
  // A scalar whose text is longer than the limit: where it starts, and its length.
  const std::optional<std::pair<Place, std::size_t>>& too_long() const { return too_long_; }
  // Where a quoted scalar still open at the end of the text began. yaml-cpp 0.7 accepts
  // such a scalar (it swallows the rest of the file), so the caller reports it.
  std::optional<Place> unclosed_quote() const {
    if (mode_ == Mode::kDoubleQuoted || mode_ == Mode::kSingleQuoted) return scalar_start_;
    return std::nullopt;
  }

 private:
  enum class Mode { kBlock, kFlow, kDoubleQuoted, kSingleQuoted, kBlockScalar, kPlainScalar };
  struct Level {
    int column;
    bool sequence;  // a list; else a mapping
  };
  struct FlowLevel {
    bool sequence;      // [ ]; else { }
    bool implicit_map;  // a single-pair mapping is open inside this list
  };
  static constexpr std::size_t kOpen = std::string_view::npos;  // still open at end of line

  static std::size_t SkipBlanks(std::string_view s, std::size_t i) {
    while (i < s.size() && IsBlankChar(s[i])) ++i;
    return i;
  }
  static bool IsFlowIndicator(char c) {
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
  }
  static bool BreakOrBlankAt(std::string_view s, std::size_t i) {
    return i >= s.size() || IsBlankChar(s[i]);
  }
  static bool IsDocumentMarker(std::string_view s) {
    return s.size() >= 3 && (s.substr(0, 3) == "---" || s.substr(0, 3) == "...") &&
           BreakOrBlankAt(s, 3);
  }
  // Past an anchor, tag or alias: they end at a blank or a flow indicator.
  static std::size_t SkipProperty(std::string_view s, std::size_t i) {
    ++i;
    while (i < s.size() && !IsBlankChar(s[i]) && !IsFlowIndicator(s[i])) ++i;
    return i;
  }
  bool Done() const { return too_deep_.has_value() || too_long_.has_value(); }
  int TopColumn() const { return levels_.empty() ? -1 : levels_.back().column; }

  void Depth(std::size_t depth, std::size_t column) {
    if (depth > static_cast<std::size_t>(depth_limit_) && !too_deep_) {
      too_deep_ = Place{line_number_, static_cast<int>(column) + 1};
    }
  }
  void StartScalar(std::size_t column) {
    scalar_start_ = Place{line_number_, static_cast<int>(column) + 1};
    scalar_bytes_ = 0;
  }
  void EndScalar() {
    if (scalar_bytes_ > scalar_limit_ && !too_long_) too_long_ = {scalar_start_, scalar_bytes_};
    scalar_bytes_ = 0;
  }

  void ScanLine(std::string_view s) {
    if (mode_ != Mode::kBlock && IsDocumentMarker(s)) {  // ends everything
      if (mode_ != Mode::kFlow) EndScalar();
      mode_ = Mode::kBlock;
    }
    const std::size_t indent = SkipBlanks(s, 0);
    switch (mode_) {
      case Mode::kBlock:
        break;
      case Mode::kBlockScalar:
        // Content: blank lines, and lines indented like the first content line, which must
        // be indented more than the collection holding the scalar, and at the top level by
        // at least one space (yaml-cpp ends a top-level block scalar at column 1).
        if (indent == s.size()) {
          ++scalar_bytes_;
          return;
        }
        if (scalar_content_indent_ < 0 && static_cast<int>(indent) > std::max(scalar_indent_, 0)) {
          scalar_content_indent_ = static_cast<int>(indent);
        }
        if (scalar_content_indent_ >= 0 && static_cast<int>(indent) >= scalar_content_indent_) {
          scalar_bytes_ += s.size() - static_cast<std::size_t>(scalar_content_indent_) + 1;
          return;
        }
        EndScalar();
        mode_ = Mode::kBlock;
        break;
      case Mode::kPlainScalar:
        if (indent == s.size()) return;  // blank lines fold into the scalar
        if (s[indent] != '#' && static_cast<int>(indent) > scalar_indent_) {
          scalar_bytes_ += s.size() - indent + 1;
          return;
        }
        EndScalar();
        mode_ = Mode::kBlock;
        break;
      case Mode::kFlow:
      case Mode::kDoubleQuoted:
      case Mode::kSingleQuoted: {
        if (mode_ != Mode::kFlow || in_plain_) ++scalar_bytes_;  // the line break
        const std::size_t i = Resume(s, 0);
        if (i != kOpen) Inline(s, i, /*expect_node=*/false, /*line_start=*/false);
        return;
      }
    }
    BlockLine(s);
  }

  void BlockLine(std::string_view s) {
    std::size_t i = SkipBlanks(s, 0);
    if (i == s.size() || s[i] == '#') return;
    if (i == 0 && s[0] == '%') return;  // a directive
    if (i == 0 && IsDocumentMarker(s)) {
      levels_.clear();
      i = SkipBlanks(s, 3);
      if (i == s.size() || s[i] == '#') return;
    } else {
      while (!levels_.empty() && levels_.back().column > static_cast<int>(i)) levels_.pop_back();
    }
    Inline(s, i, /*expect_node=*/true, /*line_start=*/true);
  }

  // A block collection starts or continues at `column`.
  void Enter(std::size_t column, bool sequence) {
    const int col = static_cast<int>(column);
    while (!levels_.empty() && levels_.back().column > col) levels_.pop_back();
    if (!levels_.empty() && levels_.back().column == col) {
      if (levels_.back().sequence == sequence) return;
      // "key:" then "- item" at the same column: the list is the key's value, and a later
      // "key:" at that column returns to the mapping.
      if (!sequence && levels_.size() >= 2 && levels_[levels_.size() - 2].column == col &&
          !levels_[levels_.size() - 2].sequence) {
        levels_.pop_back();
        return;
      }
    }
    levels_.push_back({col, sequence});
    Depth(levels_.size(), column);
  }

  // True if a ": " (or ":" at the end) follows position i on this line outside quotes and
  // brackets: the node at i is a mapping key.
  static bool HasMappingIndicator(std::string_view s, std::size_t i) {
    int brackets = 0;
    const std::size_t start = i;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '#' && i > 0 && IsBlankChar(s[i - 1])) return false;
      if ((c == '"' || c == '\'') && (i == start || brackets > 0)) {
        const std::size_t close = s.find(c, i + 1);
        if (close == std::string_view::npos) return false;
        i = close + 1;
        continue;
      }
      if (c == '[' || c == '{') ++brackets;
      if ((c == ']' || c == '}') && brackets > 0) --brackets;
      if (c == ':' && brackets == 0 && BreakOrBlankAt(s, i + 1)) return true;
      ++i;
    }
    return false;
  }

  // Block context from position i of a line. `expect_node`: a node may start here;
  // `line_start`: nothing but indicators precede it on this line, so "- ", "? ", ": " and
  // "key:" open block collections.
  void Inline(std::string_view s, std::size_t i, bool expect_node, bool line_start) {
    while (i < s.size() && !Done()) {
      const char c = s[i];
      if (IsBlankChar(c)) {
        ++i;
        continue;
      }
      if (c == '#' && (i == 0 || IsBlankChar(s[i - 1]))) return;
      if (!expect_node) {
        if (c == ':' && BreakOrBlankAt(s, i + 1)) expect_node = true;  // a quoted/flow key's value
        ++i;
        continue;
      }
      if (line_start && (c == '-' || c == '?' || c == ':') && BreakOrBlankAt(s, i + 1)) {
        Enter(i, /*sequence=*/c == '-');
        ++i;
        continue;
      }
      if (c == '&' || c == '!') {  // properties of the node that follows
        i = SkipProperty(s, i);
        continue;
      }
      if (line_start && HasMappingIndicator(s, i)) Enter(i, /*sequence=*/false);
      line_start = false;
      expect_node = false;
      if (c == '*') {
        i = SkipProperty(s, i);
      } else if (c == '[' || c == '{') {
        flow_.clear();
        flow_total_ = 0;
        in_plain_ = false;
        mode_ = Mode::kFlow;
        i = Resume(s, i);
        if (i == kOpen) return;
      } else if (c == '"' || c == '\'') {
        return_mode_ = Mode::kBlock;
        mode_ = c == '"' ? Mode::kDoubleQuoted : Mode::kSingleQuoted;
        StartScalar(i);
        i = Resume(s, i + 1);
        if (i == kOpen) return;
      } else if (c == '|' || c == '>') {
        mode_ = Mode::kBlockScalar;
        scalar_indent_ = TopColumn();
        scalar_content_indent_ = -1;
        StartScalar(i);
        return;
      } else {
        // A plain scalar: up to ": " (it was a key), " #" or the end of the line, where it
        // may continue on more indented lines.
        StartScalar(i);
        const std::size_t start = i;
        while (i < s.size() && !(s[i] == ':' && BreakOrBlankAt(s, i + 1)) &&
               !(s[i] == '#' && IsBlankChar(s[i - 1]))) {
          ++i;
        }
        scalar_bytes_ = i - start;
        if (i == s.size()) {
          mode_ = Mode::kPlainScalar;
          scalar_indent_ = TopColumn();
          return;
        }
        EndScalar();
        if (s[i] == '#') return;
        ++i;
        expect_node = true;
      }
    }
  }

  // Continues a flow collection or quoted scalar from position i; returns where block
  // context resumes on this line, or kOpen if still open at its end.
  std::size_t Resume(std::string_view s, std::size_t i) {
    while (i < s.size() && mode_ != Mode::kBlock && !Done()) {
      const std::size_t start = i;
      if (mode_ == Mode::kFlow) {
        i = ScanFlow(s, i);
        continue;
      }
      if (mode_ == Mode::kDoubleQuoted) {
        while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
      } else if (mode_ == Mode::kSingleQuoted) {
        while (i < s.size() && !(s[i] == '\'' && (i + 1 >= s.size() || s[i + 1] != '\''))) {
          i += s[i] == '\'' ? 2 : 1;  // '' is an escaped quote
        }
      } else {
        break;
      }
      scalar_bytes_ += std::min(i, s.size()) - start;
      if (i < s.size()) {  // the closing quote
        EndScalar();
        mode_ = return_mode_;
        ++i;
      }
    }
    if (Done() || mode_ != Mode::kBlock) return kOpen;
    return std::min(i, s.size());
  }

  // A single-pair mapping opens inside the innermost flow list ("[a: b]", "[? a]").
  void ImplicitMap(std::size_t column) {
    if (flow_.empty() || !flow_.back().sequence || flow_.back().implicit_map) return;
    flow_.back().implicit_map = true;
    ++flow_total_;
    Depth(levels_.size() + flow_total_, column);
  }

  void EndFlowPlain() {
    if (in_plain_) EndScalar();
    in_plain_ = false;
  }

  // Inside brackets: counts them (and single-pair mappings); returns at a quote (mode
  // switch), after the outermost closing bracket (back to block), or at a comment.
  std::size_t ScanFlow(std::string_view s, std::size_t i) {
    while (i < s.size() && !Done()) {
      const char c = s[i];
      if (IsBlankChar(c)) {
        if (in_plain_) ++scalar_bytes_;
        ++i;
        continue;
      }
      if (c == '#' && (i == 0 || IsBlankChar(s[i - 1]))) {
        EndFlowPlain();
        return s.size();
      }
      if (c == '[' || c == '{') {
        EndFlowPlain();
        flow_.push_back({c == '[', false});
        ++flow_total_;
        Depth(levels_.size() + flow_total_, i);
        ++i;
        continue;
      }
      if (c == ']' || c == '}') {
        EndFlowPlain();
        if (!flow_.empty()) {
          flow_total_ -= flow_.back().implicit_map ? 2 : 1;
          flow_.pop_back();
        }
        ++i;
        if (flow_.empty()) {
          mode_ = Mode::kBlock;
          return i;
        }
        continue;
      }
      if (c == ',') {
        EndFlowPlain();
        if (!flow_.empty() && flow_.back().implicit_map) {
          flow_.back().implicit_map = false;
          --flow_total_;
        }
        ++i;
        continue;
      }
      const bool indicator_follows =
          i + 1 >= s.size() || IsBlankChar(s[i + 1]) || IsFlowIndicator(s[i + 1]);
      if (c == ':' && (indicator_follows || !in_plain_)) {  // a value; after a quoted key too
        EndFlowPlain();
        ImplicitMap(i);
        ++i;
        continue;
      }
      if (in_plain_) {  // plain scalars may hold quotes and span lines
        ++scalar_bytes_;
        ++i;
        continue;
      }
      if (c == '"' || c == '\'') {
        return_mode_ = Mode::kFlow;
        mode_ = c == '"' ? Mode::kDoubleQuoted : Mode::kSingleQuoted;
        StartScalar(i);
        return i + 1;
      }
      if (c == '?' && indicator_follows) {
        ImplicitMap(i);
        ++i;
        continue;
      }
      if (c == '&' || c == '!' || c == '*') {
        i = SkipProperty(s, i);
        continue;
      }
      in_plain_ = true;
      StartScalar(i);
      scalar_bytes_ = 1;
      ++i;
    }
    return s.size();
  }

  const int depth_limit_;
  const std::size_t scalar_limit_;
  int line_number_ = 0;
  std::optional<Place> too_deep_;
  std::optional<std::pair<Place, std::size_t>> too_long_;
  Mode mode_ = Mode::kBlock;
  Mode return_mode_ = Mode::kBlock;  // where a quoted scalar returns to
  std::vector<Level> levels_;        // open block collections, outermost first
  std::vector<FlowLevel> flow_;      // open brackets, outermost first
  std::size_t flow_total_ = 0;       // flow_.size() plus the open single-pair mappings
  bool in_plain_ = false;            // inside a plain scalar in flow context
  int scalar_indent_ = -1;           // a block/plain scalar continues on lines indented more
  int scalar_content_indent_ = -1;   // a block scalar's content indentation, once seen
  Place scalar_start_;               // of the scalar being measured
  std::size_t scalar_bytes_ = 0;     // its length so far
};

// The event pass: sees every node as yaml-cpp parses it and measures the tree as a reader
// would traverse it, aliases expanded, in O(events): the expanded size and height of each
// anchored node is remembered, so an alias costs O(1) however large its target. Records
// the first problem: too deep, too many nodes, a scalar too long, an alias to a node that
// contains it (yaml-cpp would build a cycle), or a second document.
class Census : public YAML::EventHandler {
 public:
  // `watch`: a place where a quoted scalar may start; quoted_at_watch() tells if one did.
  Census(const ParseLimits& limits, std::optional<Place> watch) : limits_(limits), watch_(watch) {}

  const std::optional<std::pair<Place, std::string>>& problem() const { return problem_; }
  int documents() const { return documents_; }
  bool root_is_null() const { return root_is_null_; }
  bool quoted_at_watch() const { return quoted_at_watch_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    if (documents_ == 2) {
      Problem(mark,
              "a second YAML document starts here; expected exactly one (check the indentation "
              "above, or remove the '---' line)");
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (documents_ == 1 && open_.empty() && nodes_ == 0) root_is_null_ = true;
    Leaf(mark, anchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (watch_ && tag == "!") {
      const Place at = PlaceOf(mark);
      quoted_at_watch_ =
          quoted_at_watch_ || (at.line == watch_->line && at.column == watch_->column);
    }
    if (value.size() > limits_.max_scalar_bytes) {
      Problem(mark, TooLongMessage(value.size(), limits_.max_scalar_bytes));
    }
    Leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (Ignoring()) return;
    if (anchor >= anchors_.size() || !anchors_[anchor].complete) {
      const std::string name = anchor < anchors_.size() ? anchors_[anchor].name : "";
      Problem(mark, "alias *" + name +
                        " refers to a node that contains it (a cycle); expected an alias to a "
                        "node defined before it");
      return;
    }
    const Anchored& target = anchors_[anchor];
    Count(target.nodes, mark);
    if (open_.size() + target.height > static_cast<std::size_t>(limits_.max_depth)) {
      Problem(mark, TooDeepMessage(limits_.max_depth) + " (through alias *" + target.name + ")");
    }
    if (!open_.empty()) {
      open_.back().child_height = std::max(open_.back().child_height, target.height);
    }
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }
  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& name) override {
    pending_name_ = name;
  }

 private:
  struct Anchored {
    std::string name;
    std::size_t nodes = 0;   // expanded size of the anchored subtree
    std::size_t height = 0;  // 0 for a scalar, 1 + the tallest child for a collection
    bool complete = false;   // false while the anchored collection is still open
  };
  struct OpenCollection {
    YAML::anchor_t anchor;
    std::size_t nodes_before;
    std::size_t child_height = 0;
  };

  bool Ignoring() const { return problem_.has_value() || documents_ > 1; }

  void Problem(const YAML::Mark& mark, std::string message) {
    if (!problem_) problem_ = std::make_pair(PlaceOf(mark), std::move(message));
  }

  // Adds n nodes, saturating.
  void Count(std::size_t n, const YAML::Mark& mark) {
    const std::size_t max = std::numeric_limits<std::size_t>::max();
    nodes_ = nodes_ > max - n ? max : nodes_ + n;
    if (nodes_ > limits_.max_nodes) {
      Problem(mark, "too many nodes after alias expansion (alias bomb?): more than " +
                        std::to_string(limits_.max_nodes) + "; expected at most " +
                        std::to_string(limits_.max_nodes));
    }
  }

  Anchored& Register(YAML::anchor_t anchor) {
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    anchors_[anchor].name = std::move(pending_name_);
    pending_name_.clear();
    return anchors_[anchor];
  }

  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (Ignoring()) return;
    Count(1, mark);
    if (anchor != YAML::NullAnchor) {
      Anchored& anchored = Register(anchor);
      anchored.nodes = 1;
      anchored.height = 0;
      anchored.complete = true;
    }
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (Ignoring()) return;
    const std::size_t before = nodes_;
    Count(1, mark);
    open_.push_back({anchor, before});
    if (open_.size() > static_cast<std::size_t>(limits_.max_depth)) {
      Problem(mark, TooDeepMessage(limits_.max_depth));
    }
    if (anchor != YAML::NullAnchor) Register(anchor).complete = false;
  }

  void Close() {
    if (Ignoring() || open_.empty()) return;
    const OpenCollection closed = open_.back();
    open_.pop_back();
    const std::size_t height = closed.child_height + 1;
    if (closed.anchor != YAML::NullAnchor && closed.anchor < anchors_.size()) {
      Anchored& anchored = anchors_[closed.anchor];
      anchored.nodes = nodes_ - closed.nodes_before;
      anchored.height = height;
      anchored.complete = true;
    }
    if (!open_.empty()) open_.back().child_height = std::max(open_.back().child_height, height);
  }

  const ParseLimits limits_;
  std::optional<std::pair<Place, std::string>> problem_;
  int documents_ = 0;
  bool root_is_null_ = false;
  const std::optional<Place> watch_;
  bool quoted_at_watch_ = false;
  std::size_t nodes_ = 0;
  std::vector<OpenCollection> open_;
  std::vector<Anchored> anchors_;  // by yaml-cpp's anchor id (1, 2, ...)
  std::string pending_name_;       // OnAnchor gives the name just before the node's event
};

// yaml-cpp's terse messages, with what they usually mean in a hand-written file.
std::string SyntaxMessage(const std::string& yaml_message) {
  static constexpr std::pair<std::string_view, std::string_view> kHints[] = {
      {"end of map not found", "a mapping ends unexpectedly; check the indentation"},
      {"end of map flow not found", "a '{' is not closed by a '}'"},
      {"end of sequence not found", "a list ends unexpectedly; check the indentation"},
      {"end of sequence flow not found", "a '[' is not closed by a ']'"},
      {"illegal map value",
       "unexpected ':'; check the indentation, and quote a value that contains \": \""},
      {"illegal block entry", "unexpected '- ' list item; check the indentation"},
      {"illegal map key", "unexpected '?'"},
      {"illegal flow end", "a ']' or '}' closes nothing"},
      {"illegal EOF in scalar", "a quoted string is not closed before the end of the file"},
      {"illegal tab when looking for indentation", "indent with spaces, not tabs"},
      {"the referenced anchor is not defined",
       "an alias *name refers to an anchor &name that is not defined before it"},
  };
  std::string message = "syntax error: " + yaml_message;
  for (const auto& [raw, hint] : kHints) {
    if (yaml_message == raw) return message + " (" + std::string(hint) + ")";
  }
  return message;
}

// A syntax error on a line indented with a tab (or just after one) is almost always the
// tab's fault, whatever yaml-cpp says: the place of that tab, if any.
std::optional<Place> TabIndentationNear(std::string_view text, int error_line) {
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size() && line <= error_line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (line >= error_line - 1) {
      for (std::size_t i = start; i < end && IsBlankChar(text[i]); ++i) {
        if (text[i] == '\t') return Place{line, static_cast<int>(i - start) + 1};
      }
    }
    ++line;
    start = end + 1;
  }
  return std::nullopt;
}

std::string ReasonOf(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// ---------------------------------------------------------------------------------------
// Scalar parsing.

// [+-]digits, no other forms (no 0x, 0o, 1_000, 1e3, 3.0).
std::optional<std::int64_t> ParseInteger(std::string_view text, bool* out_of_range) {
  *out_of_range = false;
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  const std::size_t first_digit = !digits.empty() && digits[0] == '-' ? 1 : 0;
  if (digits.size() <= first_digit) return std::nullopt;
  for (std::size_t i = first_digit; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    *out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// Decimal numbers: [+-](digits[.digits] | .digits)[(e|E)[+-]digits]. No nan, inf, .inf,
// hex or underscores; values beyond the double range are refused (out_of_range).
std::optional<double> ParseDecimal(std::string_view text, bool* out_of_range) {
  *out_of_range = false;
  std::string_view s = text;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  const auto digits = [&]() {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  std::size_t mantissa_digits = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa_digits += digits();
  }
  if (mantissa_digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(value))) {
    *out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value + 0.0;  // -0 reads as 0
}

std::string IntegerRange(std::int64_t min, std::int64_t max) {
  constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kHighest = std::numeric_limits<std::int64_t>::max();
  if (min == kLowest && max == kHighest) return "an integer";
  if (max == kHighest) return "an integer >= " + std::to_string(min);
  if (min == kLowest) return "an integer <= " + std::to_string(max);
  return "an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string NumberRange(double min, double max) {
  const bool unbounded_below = !(min > std::numeric_limits<double>::lowest());
  const bool unbounded_above = !(max < std::numeric_limits<double>::max());
  if (unbounded_below && unbounded_above) return "a number";
  if (unbounded_above) return "a number >= " + Num(min);
  if (unbounded_below) return "a number <= " + Num(max);
  return "a number between " + Num(min) + " and " + Num(max);
}

// "got <found>", naming a quoted scalar a string: numbers and booleans are written without
// quotes (as JSON Schema sees them), so `"3"` is not 3. `valid_unquoted`: the text would be
// accepted without its quotes, which the message then says.
std::string GotValue(const YAML::Node& node, bool valid_unquoted) {
  if (KindOf(node) == Kind::kScalar && IsQuoted(node)) {
    return "got the string " + Found(node) + (valid_unquoted ? " (write it without quotes)" : "");
  }
  return "got " + Found(node);
}

// The scalar's text, or an error: "is required" when missing, else "<expected>, got X".
std::optional<std::string> ScalarOf(const Node& node, const std::string& expected,
                                    const char* separator = ", ") {
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

// An unquoted decimal in [min, max], or an error "<expected>, got ...".
std::optional<double> NumberIn(const Node& node, const std::string& expected, double min,
                               double max) {
  const std::optional<std::string> text = ScalarOf(node, expected);
  if (!text) return std::nullopt;
  bool out_of_range = false;
  const std::optional<double> value = ParseDecimal(*text, &out_of_range);
  const bool valid = value && *value >= min && *value <= max;
  if (!valid || IsQuoted(node.raw())) {
    node.Error(expected + ", " + GotValue(node.raw(), valid) +
               (out_of_range ? " (out of range)" : ""));
    return std::nullopt;
  }
  return value;
}

// "HH:MM" to minutes after midnight; 24:00 only when allow_end_of_day.
std::optional<int> ParseClock(std::string_view s, bool allow_end_of_day) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int hours = (s[0] - '0') * 10 + (s[1] - '0');
  const int minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (minutes > 59) return std::nullopt;
  if (hours == 24 && minutes == 0 && allow_end_of_day) return 24 * 60;
  if (hours > 23) return std::nullopt;
  return hours * 60 + minutes;
}

constexpr char kDurationExpected[] = "expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd";
constexpr char kCalendarDurationExpected[] =
    "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w";

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

struct FamilyKeys {
  std::string_view name;
  Family family;
  std::vector<std::string_view> keys;  // besides `dist`
};

const std::vector<FamilyKeys>& Families() {
  static const std::vector<FamilyKeys> kFamilies = {
      {"exponential", Family::kExponential, {"mean"}},
      {"erlang", Family::kErlang, {"k", "mean"}},
      {"gamma", Family::kGamma, {"mean", "cv"}},
      {"lognormal", Family::kLognormal, {"mean", "cv"}},
      {"deterministic", Family::kDeterministic, {"value"}},
      {"uniform", Family::kUniform, {"low", "high"}},
      {"triangular", Family::kTriangular, {"low", "mode", "high"}},
      {"histogram", Family::kHistogram, {"edges", "weights"}},
      {"sample", Family::kSample, {"values"}},
      {"mixture", Family::kMixture, {"components"}},
  };
  return kFamilies;
}

std::vector<std::string_view> FamilyNames() {
  std::vector<std::string_view> names;
  for (const FamilyKeys& family : Families()) names.push_back(family.name);
  return names;
}

constexpr double kMixtureTolerance = 1e-6;  // scenarios/FORMAT.md: sums to 1 within 1e-6

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
  const auto family = std::find_if(Families().begin(), Families().end(),
                                   [&](const FamilyKeys& f) { return f.name == *name; });
  if (family == Families().end()) {
    std::string message = UnknownKeyMessage(*name, names);
    message.replace(0, std::string_view("unknown key").size(), "unknown distribution");
    dist.Error(message);
    return std::nullopt;
  }
  std::vector<std::string_view> allowed;
  if (component) allowed.push_back("p");
  allowed.push_back("dist");
  allowed.insert(allowed.end(), family->keys.begin(), family->keys.end());
  bool ok = CheckKeysImpl(node, allowed);

  const auto value = [&](std::string_view key) { return ReadValue(node[key], quantity); };
  const auto number = [&](std::string_view key) {
    return node[key].AsNumber(std::numeric_limits<double>::lowest(),
                              std::numeric_limits<double>::max());
  };
  kernel::Result<kernel::Distribution> made = kernel::Status::Error("not read");
  switch (family->family) {
    case Family::kExponential: {
      const auto mean = value("mean");
      if (!mean) return std::nullopt;
      made = kernel::Distribution::Exponential(*mean);
      break;
    }
    case Family::kErlang: {
      const auto k = node["k"].AsInt(1, 10000);
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
      made = family->family == Family::kGamma ? kernel::Distribution::Gamma(*mean, *cv)
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
        components.Error("the components' p sum to " + Rounded(sum) + "; expected 1 (within 1e-6)");
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

// ---------------------------------------------------------------------------------------
// Diagnostics.

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

void Diagnostics::Add(int line, int column, std::string path, std::string message) {
  items_.push_back({file_, line, column, std::move(path), std::move(message)});
}

std::string Diagnostics::ToString(std::size_t limit) const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const Diagnostic& item : items_) sorted.push_back(&item);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->line, a->column) < std::tie(b->line, b->column);
  });
  // Two readers may report the same problem (CheckKeys and Entries both see a duplicate
  // key); identical lines are printed once.
  std::set<std::tuple<int, int, std::string_view, std::string_view>> seen;
  std::vector<const Diagnostic*> unique;
  for (const Diagnostic* item : sorted) {
    if (seen.emplace(item->line, item->column, item->path, item->message).second) {
      unique.push_back(item);
    }
  }
  std::string out;
  const std::size_t shown = std::min(limit, unique.size());
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += '\n';
    out += unique[i]->ToString();
  }
  if (shown < unique.size()) {
    const std::size_t more = unique.size() - shown;
    if (!out.empty()) out += '\n';
    out += "... and " + std::to_string(more) + (more == 1 ? " more error" : " more errors");
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Parsing.

std::optional<YAML::Node> ParseYamlString(std::string_view text, Diagnostics& diags,
                                          const ParseLimits& limits) {
  try {
    if (text.size() > limits.max_bytes) {
      diags.Add(0, 0, "",
                "the file is too large: " + std::to_string(text.size()) +
                    " bytes; expected at most " + std::to_string(limits.max_bytes) + " bytes");
      return std::nullopt;
    }
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
      const Place at = PlaceOfOffset(text, nul);
      diags.Add(at.line, at.column, "", "binary data, not YAML (a NUL byte)");
      return std::nullopt;
    }
    std::string_view body = text;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 byte order mark
    if (const std::size_t bad = InvalidUtf8Offset(body); bad != std::string_view::npos) {
      const std::size_t offset = bad + (text.size() - body.size());
      const Place at = PlaceOfOffset(text, offset);
      char byte[8];
      std::snprintf(byte, sizeof(byte), "0x%02X", static_cast<unsigned char>(text[offset]));
      diags.Add(at.line, at.column, "",
                std::string("not valid UTF-8 (byte ") + byte + "); expected a UTF-8 text file");
      return std::nullopt;
    }
    // The pre-scan only has to keep yaml-cpp's recursion shallow and its work short; the
    // exact limits are checked on the events below, so it tolerates estimates up to twice
    // the limits.
    TextScanner scanner(limits.max_depth > std::numeric_limits<int>::max() / 2
                            ? std::numeric_limits<int>::max()
                            : 2 * std::max(limits.max_depth, 1),
                        limits.max_scalar_bytes > std::numeric_limits<std::size_t>::max() / 2
                            ? std::numeric_limits<std::size_t>::max()
                            : 2 * limits.max_scalar_bytes);
    scanner.Scan(text);
    if (const std::optional<Place>& deep = scanner.too_deep()) {
      diags.Add(deep->line, deep->column, "", TooDeepMessage(limits.max_depth));
      return std::nullopt;
    }
    if (const auto& long_scalar = scanner.too_long()) {
      diags.Add(long_scalar->first.line, long_scalar->first.column, "",
                TooLongMessage(long_scalar->second, limits.max_scalar_bytes));
      return std::nullopt;
    }
    const std::string copy(text);
    Census census(limits, scanner.unclosed_quote());
    try {
      std::istringstream in(copy);
      YAML::Parser parser(in);
      if (parser.HandleNextDocument(census) && !census.problem()) {
        parser.HandleNextDocument(census);  // only to detect a second document
      }
    } catch (const YAML::DeepRecursion& e) {
      const Place at = PlaceOf(e.mark);
      diags.Add(at.line, at.column, "", TooDeepMessage(limits.max_depth));
      return std::nullopt;
    } catch (const YAML::Exception& e) {
      if (!census.problem()) {
        const Place at = PlaceOf(e.mark);
        if (const std::optional<Place> tab = TabIndentationNear(text, at.line)) {
          diags.Add(tab->line, tab->column, "",
                    "syntax error: a tab in the indentation; indent with spaces (YAML does not "
                    "allow tabs there)");
        } else {
          diags.Add(at.line, at.column, "", SyntaxMessage(e.msg));
        }
        return std::nullopt;
      }
    }
    if (census.quoted_at_watch()) {  // confirmed by yaml-cpp's own reading
      const Place at = *scanner.unclosed_quote();
      diags.Add(at.line, at.column, "",
                SyntaxMessage("a quoted string is not closed before the end of the file"));
      return std::nullopt;
    }
    if (const auto& problem = census.problem()) {
      diags.Add(problem->first.line, problem->first.column, "", problem->second);
      return std::nullopt;
    }
    if (census.documents() == 0 || census.root_is_null()) {
      diags.Add(0, 0, "", kEmptyFileMessage);
      return std::nullopt;
    }
    return YAML::Load(copy);
  } catch (const YAML::Exception& e) {
    const Place at = PlaceOf(e.mark);
    diags.Add(at.line, at.column, "", SyntaxMessage(e.msg));
  } catch (const std::exception& e) {
    diags.Add(0, 0, "", std::string("cannot parse the file: ") + e.what());
  } catch (...) {
    diags.Add(0, 0, "", "cannot parse the file: unknown error");
  }
  return std::nullopt;
}

std::optional<YAML::Node> ParseYamlFile(const std::string& path, Diagnostics& diags,
                                        const ParseLimits& limits) {
  const auto fail = [&](int error_number) {
    diags.Add(0, 0, "", "cannot read the file: " + ReasonOf(error_number));
    return std::nullopt;
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return fail(errno);
  if (S_ISDIR(info.st_mode)) return fail(EISDIR);
  const auto too_large = [&](std::uintmax_t bytes) {
    diags.Add(0, 0, "",
              "the file is too large: " + std::to_string(bytes) + " bytes; expected at most " +
                  std::to_string(limits.max_bytes) + " bytes");
    return std::nullopt;
  };
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > limits.max_bytes) {
    return too_large(static_cast<std::uintmax_t>(info.st_size));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return fail(errno);
  // Read at most one byte past the limit: a device or pipe may never end.
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= limits.max_bytes) {
    const std::size_t want = std::min(sizeof(buffer), limits.max_bytes + 1 - text.size());
    const std::size_t got = std::fread(buffer, 1, want, file.get());
    text.append(buffer, got);
    if (got < want) {
      if (std::ferror(file.get())) return fail(errno != 0 ? errno : EIO);
      break;
    }
  }
  if (text.size() > limits.max_bytes) return too_large(text.size());
  return ParseYamlString(text, diags, limits);
}

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
    // converts keys and, on a non-const node, inserts missing ones).
    for (const RawEntry& entry : RawEntries(node_)) {
      if (KindOf(entry.key) == Kind::kScalar && ScalarText(entry.key) == key) {
        Node child(entry.value, std::move(path), diags_);
        const Place at = ValuePlace(entry.key, entry.value);
        child.line_ = at.line;
        child.column_ = at.column;
        return child;
      }
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

std::optional<std::string> Node::AsString() const { return ScalarOf(*this, "expected a string"); }

std::optional<std::string> Node::AsName() const {
  static const std::string kExpected =
      "expected a name: a lowercase letter, then lowercase letters, digits or '_', at most " +
      std::to_string(kMaxNameLength) + " characters";
  const std::optional<std::string> text = ScalarOf(*this, kExpected);
  if (!text) return std::nullopt;
  bool ok =
      !text->empty() && text->size() <= kMaxNameLength && (*text)[0] >= 'a' && (*text)[0] <= 'z';
  for (const char c : *text) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!ok) {
    Error(kExpected + "; got " + Quote(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<bool> Node::AsBool() const {
  const std::optional<std::string> text = ScalarOf(*this, "expected true or false");
  if (!text) return std::nullopt;
  const bool valid = *text == "true" || *text == "false";
  if (!valid || IsQuoted(node_)) {
    Error("expected true or false, " + GotValue(node_, valid));
    return std::nullopt;
  }
  return *text == "true";
}

std::optional<std::int64_t> Node::AsInt(std::int64_t min, std::int64_t max) const {
  const std::string expected = "expected " + IntegerRange(min, max);
  const std::optional<std::string> text = ScalarOf(*this, expected);
  if (!text) return std::nullopt;
  bool out_of_range = false;
  const std::optional<std::int64_t> value = ParseInteger(*text, &out_of_range);
  const bool valid = value && *value >= min && *value <= max;
  if (!valid || IsQuoted(node_)) {
    Error(expected + ", " + GotValue(node_, valid) + (out_of_range ? " (out of range)" : ""));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Node::AsNumber(double min, double max) const {
  return NumberIn(*this, "expected " + NumberRange(min, max), min, max);
}

std::optional<double> Node::AsProbability() const {
  return NumberIn(*this, "expected a probability between 0 and 1", 0, 1);
}

std::optional<kernel::Duration> Node::AsDuration(bool allow_working) const {
  const std::string expected = allow_working ? kDurationExpected : kCalendarDurationExpected;
  const std::optional<std::string> text = ScalarOf(*this, expected, "; ");
  if (!text) return std::nullopt;
  const kernel::Result<kernel::Duration> duration = kernel::ParseDuration(*text);
  if (!duration.ok()) {
    std::string message = duration.status().message();
    if (!allow_working && message.rfind(kDurationExpected, 0) == 0) {
      message.replace(0, std::string_view(kDurationExpected).size(), kCalendarDurationExpected);
    }
    Error(std::move(message));
    return std::nullopt;
  }
  if (!allow_working && duration->kind != kernel::DurationKind::kCalendar) {
    Error(expected + "; got " + Quote(*text) + " (working time is not allowed here)");
    return std::nullopt;
  }
  return *duration;
}

std::optional<kernel::SimTime> Node::AsCalendarDuration() const {
  const std::optional<kernel::Duration> duration = AsDuration(/*allow_working=*/false);
  if (!duration) return std::nullopt;
  return duration->millis;
}

std::optional<kernel::CivilDate> Node::AsDate() const {
  const std::optional<std::string> text =
      ScalarOf(*this, "expected a date as YYYY-MM-DD, such as 2024-10-01", "; ");
  if (!text) return std::nullopt;
  const kernel::Result<kernel::CivilDate> date = kernel::ParseDate(*text);
  if (!date.ok()) {
    Error(date.status().message());
    return std::nullopt;
  }
  return *date;
}

std::optional<DateTime> Node::AsDateTime() const {
  constexpr char kExpected[] =
      "expected a date-time as YYYY-MM-DDTHH:MM or a date as YYYY-MM-DD, such as "
      "2024-09-14T08:00";
  const std::optional<std::string> text = ScalarOf(*this, kExpected, "; ");
  if (!text) return std::nullopt;
  const std::string_view s = *text;
  const std::string_view date_part = s.substr(0, 10);
  std::optional<int> minute = 0;
  if (s.size() == 16 && s[10] == 'T') {
    minute = ParseClock(s.substr(11), /*allow_end_of_day=*/false);
  } else if (s.size() != 10) {
    minute.reset();
  }
  if (!minute) {
    Error(std::string(kExpected) + "; got " + Quote(s));
    return std::nullopt;
  }
  const kernel::Result<kernel::CivilDate> date = kernel::ParseDate(date_part);
  if (!date.ok()) {
    Error(std::string(kExpected) + "; got " + Quote(s) + ": " + date.status().message());
    return std::nullopt;
  }
  return DateTime{*date, *minute};
}

std::optional<int> Node::AsUtcOffsetMinutes() const {
  constexpr char kExpected[] = "expected a UTC offset as +HH:MM or -HH:MM, such as +08:00";
  const std::optional<std::string> text = ScalarOf(*this, kExpected, "; ");
  if (!text) return std::nullopt;
  const std::string_view s = *text;
  std::optional<int> minutes;
  if (s.size() == 6 && (s[0] == '+' || s[0] == '-')) {
    minutes = ParseClock(s.substr(1), /*allow_end_of_day=*/false);
  }
  if (!minutes || *minutes > 14 * 60) {  // real offsets run from -12:00 to +14:00
    Error(std::string(kExpected) + "; got " + Quote(s) +
          (minutes ? " (offsets are at most 14:00)" : ""));
    return std::nullopt;
  }
  return s[0] == '-' ? -*minutes : *minutes;
}

std::optional<std::vector<kernel::WorkingInterval>> Node::AsTimeRanges() const {
  constexpr char kExpected[] = "expected a time range as HH:MM-HH:MM, such as 09:00-12:00";
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing
              ? std::string("is required")
              : "expected a list of time ranges such as [\"09:00-12:00\", \"13:30-18:00\"], got " +
                    Found(node_));
    return std::nullopt;
  }
  std::vector<kernel::WorkingInterval> ranges;
  bool ok = true;
  std::string previous_text;
  for (const Node& item : Items()) {
    const std::optional<std::string> text = ScalarOf(item, kExpected, "; ");
    if (!text) {
      ok = false;
      continue;
    }
    const std::string_view s = *text;
    std::optional<int> start;
    std::optional<int> end;
    if (s.size() == 11 && s[5] == '-') {
      start = ParseClock(s.substr(0, 5), /*allow_end_of_day=*/false);
      end = ParseClock(s.substr(6), /*allow_end_of_day=*/true);
    }
    if (!start || !end) {
      item.Error(std::string(kExpected) + "; got " + Quote(s) +
                 (s.size() == 11 && s[5] == '-'
                      ? " (hours run 00-23 and minutes 00-59; 24:00 only as an end)"
                      : ""));
      ok = false;
      continue;
    }
    if (*start >= *end) {
      item.Error(std::string(kExpected) + "; got " + Quote(s) +
                 " (the start must be before the end)");
      ok = false;
      continue;
    }
    if (!ranges.empty() && *start < ranges.back().end_minute) {
      item.Error("time range " + Quote(s) + " starts before the previous range " +
                 Quote(previous_text) + " ends; expected ranges in order and not overlapping");
      ok = false;
      continue;
    }
    ranges.push_back({*start, *end});
    previous_text = *text;
  }
  if (!ok) return std::nullopt;
  return ranges;
}

std::optional<std::vector<double>> Node::AsWeights(std::size_t count) const {
  const std::string expected =
      "expected a list of " + std::to_string(count) + " numbers >= 0 with a positive sum";
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing ? std::string("is required") : expected + ", got " + Found(node_));
    return std::nullopt;
  }
  const std::vector<Node> items = Items();
  if (items.size() != count) {
    Error(expected + ", got a list of " + std::to_string(items.size()));
    return std::nullopt;
  }
  std::vector<double> weights;
  bool ok = true;
  for (const Node& item : items) {
    const std::optional<double> weight = item.AsNumber(0, std::numeric_limits<double>::max());
    if (weight) weights.push_back(*weight);
    ok = ok && weight.has_value();
  }
  if (!ok) return std::nullopt;
  double sum = 0;
  for (const double weight : weights) sum += weight;
  if (!(sum > 0) || !std::isfinite(sum)) {
    Error(expected + ", got a sum of " + Rounded(sum));
    return std::nullopt;
  }
  return weights;
}

std::optional<kernel::Distribution> Node::AsDistribution(Quantity quantity) const {
  try {
    return ReadDistribution(*this, quantity);
  } catch (const std::exception& e) {  // std::bad_alloc: nothing else throws here
    Error(std::string("cannot read the distribution: ") + e.what());
    return std::nullopt;
  }
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

}  // namespace escalade::scenario
