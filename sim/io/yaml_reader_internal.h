// Private to the YAML reader (yaml_parse.cc, yaml_scan.cc, yaml_node.cc, yaml_scalars.cc,
// yaml_distribution.cc): the pre-scan, the safe views of yaml-cpp nodes and the message
// helpers the pieces share. Not installed, not included by anything else.
//
// Like the rest of the reader, nothing here throws: yaml-cpp's exceptions are caught and
// turned into an absent value or a diagnostic.
#ifndef ESCALADE_SIM_IO_YAML_READER_INTERNAL_H_
#define ESCALADE_SIM_IO_YAML_READER_INTERNAL_H_

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "sim/io/yaml_reader.h"

namespace escalade::io::yaml_internal {

struct Place {
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
};

bool IsBlankChar(char c);  // ' ' or '\t'

// What the pre-scan (yaml_scan.cc) found, each the first of its kind.
struct TextScan {
  std::optional<Place> too_deep;  // where the estimated depth first exceeds the limit
  // A scalar whose text is longer than the limit: where it starts, and its length.
  std::optional<std::pair<Place, std::size_t>> too_long;
  // Where a quoted scalar still open at the end of the text began. yaml-cpp 0.7 accepts such
  // a scalar (it swallows the rest of the file), so the parse reports it.
  std::optional<Place> unclosed_quote;
};
// A cheap look at `text` before yaml-cpp parses it, in one pass and without recursion: the
// nesting depth against `depth_limit` and scalar lengths against `scalar_limit` (estimates:
// see yaml_scan.cc; the caller checks the exact limits on yaml-cpp's events). O(text).
TextScan ScanText(std::string_view text, int depth_limit, std::size_t scalar_limit);

// Safe views of yaml-cpp nodes. yaml-cpp throws on some accessors of invalid nodes; these
// never do.
enum class Kind { kMissing, kNull, kScalar, kSequence, kMap };
Kind KindOf(const YAML::Node& node);
// The scalar's text ("" for anything else).
std::string ScalarText(const YAML::Node& node);
// Whether a scalar was written in quotes ('x' or "x").
bool IsQuoted(const YAML::Node& node);
// A value in a message, between double quotes (kernel::Quote).
std::string Quote(std::string_view text);
// What was found, for "expected X, got <found>".
std::string Found(const YAML::Node& node);

// "a, b, c".
std::string JoinNames(std::span<const std::string_view> names);
// "unknown key 'x'" with "did you mean 'y'?" when one of `allowed` is close, else the
// allowed keys.
std::string UnknownKeyMessage(std::string_view key, std::span<const std::string_view> allowed);

// Reports unknown, duplicate and non-scalar keys of a mapping (see Node::CheckKeys).
bool CheckKeysImpl(const Node& node, std::span<const std::string_view> allowed);
// The scalar's text, or an error: "is required" when missing, else "<expected>, got X".
std::optional<std::string> ScalarOf(const Node& node, const std::string& expected,
                                    const char* separator = ", ");

}  // namespace escalade::io::yaml_internal

#endif  // ESCALADE_SIM_IO_YAML_READER_INTERNAL_H_
