// The pre-scan of a YAML text against hostile input (contract: ScanText in
// yaml_reader_internal.h): nesting depth and scalar lengths estimated in one pass, before
// yaml-cpp's recursive parser sees the text. One class whose parts share its state.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/io/yaml_reader_internal.h"

namespace escalade::io::yaml_internal {

bool IsBlankChar(char c) { return c == ' ' || c == '\t'; }

namespace {

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

}  // namespace

TextScan ScanText(std::string_view text, int depth_limit, std::size_t scalar_limit) {
  TextScanner scanner(depth_limit, scalar_limit);
  scanner.Scan(text);
  return {scanner.too_deep(), scanner.too_long(), scanner.unclosed_quote()};
}

}  // namespace escalade::io::yaml_internal
