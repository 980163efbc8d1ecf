// Reading and parsing a YAML file (contract in yaml_reader.h): the guards against hostile
// input (size, NUL bytes, UTF-8; the nesting and scalar-length pre-scan is yaml_scan.cc),
// and yaml-cpp's parse with an event pass (Census) that counts nodes through aliases.
//
// Nothing here throws: yaml-cpp's exceptions (and std::bad_alloc) are caught and turned
// into diagnostics.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "sim/io/yaml_reader.h"
#include "sim/io/yaml_reader_internal.h"

namespace escalade::io {
namespace {

using yaml_internal::IsBlankChar;
using yaml_internal::Place;
using yaml_internal::ScanText;
using yaml_internal::TextScan;

Place PlaceOf(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
  return {mark.line + 1, mark.column + 1};
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

}  // namespace

// ---------------------------------------------------------------------------------------
// Parsing.

std::optional<YAML::Node> ParseYamlString(std::string_view text, Diagnostics& diags,
                                          const ParseLimits& limits, std::string_view expected) {
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
    const TextScan scan = ScanText(
        text,
        limits.max_depth > std::numeric_limits<int>::max() / 2 ? std::numeric_limits<int>::max()
                                                               : 2 * std::max(limits.max_depth, 1),
        limits.max_scalar_bytes > std::numeric_limits<std::size_t>::max() / 2
            ? std::numeric_limits<std::size_t>::max()
            : 2 * limits.max_scalar_bytes);
    if (const std::optional<Place>& deep = scan.too_deep) {
      diags.Add(deep->line, deep->column, "", TooDeepMessage(limits.max_depth));
      return std::nullopt;
    }
    if (const auto& long_scalar = scan.too_long) {
      diags.Add(long_scalar->first.line, long_scalar->first.column, "",
                TooLongMessage(long_scalar->second, limits.max_scalar_bytes));
      return std::nullopt;
    }
    const std::string copy(text);
    Census census(limits, scan.unclosed_quote);
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
      const Place at = *scan.unclosed_quote;
      diags.Add(at.line, at.column, "",
                SyntaxMessage("a quoted string is not closed before the end of the file"));
      return std::nullopt;
    }
    if (const auto& problem = census.problem()) {
      diags.Add(problem->first.line, problem->first.column, "", problem->second);
      return std::nullopt;
    }
    if (census.documents() == 0 || census.root_is_null()) {
      diags.Add(0, 0, "",
                expected.empty() ? std::string("the file is empty")
                                 : "the file is empty; expected " + std::string(expected));
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
                                        const ParseLimits& limits, std::string_view expected) {
  const auto fail = [&](int error_number) {
    diags.Add(0, 0, "", "cannot read the file: " + ReasonOf(error_number));
    return std::nullopt;
  };
  // O_NONBLOCK: opening a named pipe (FIFO) that no process writes to would
  // otherwise wait forever. Reads block again once it is open (below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(::fdopen(fd, "rb"), &std::fclose);
  if (!file) {
    const int error = errno;
    ::close(fd);
    return fail(error);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail(errno);
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
  if (const int flags = ::fcntl(fd, F_GETFL);
      flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    return fail(errno);
  }
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
  if (text.empty() && S_ISFIFO(info.st_mode)) {
    diags.Add(0, 0, "",
              "cannot read the file: a named pipe (FIFO) that gave no data; expected a YAML file");
    return std::nullopt;
  }
  return ParseYamlString(text, diags, limits, expected);
}

}  // namespace escalade::io
