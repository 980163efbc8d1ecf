// Located YAML reading: the layer between yaml-cpp and the readers of input files (the
// scenario loader, the trace mapping reader). It knows YAML, not what a file means.
//
// Every problem is collected into Diagnostics as `file:line:col: key.path:
// message`, so one pass reports all errors of a file, each at its place.
// Readers never throw and never abort on bad input; they return std::nullopt
// after recording the problem. Parsing refuses hostile input (huge files,
// binary data, excessive nesting, alias bombs) with a clear message instead
// of exhausting memory or stack.
//
// Thread safety: Diagnostics and Node are plain values owned by one loading
// thread.
#ifndef ESCALADE_SIM_IO_YAML_READER_H_
#define ESCALADE_SIM_IO_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/distributions.h"
#include "sim/kernel/duration.h"

namespace escalade::io {

// A place in a file, 1-based; 0 = unknown.
struct Mark {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 = unknown
  int column = 0;       // 1-based; 0 = unknown
  std::string path;     // key path, e.g. "city.districts[0].streets[1].staff"; may be empty
  std::string message;  // what was wrong, what was expected
  // "file:line:col: path: message" (line/col and path omitted when unknown/empty).
  std::string ToString() const;
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void Add(int line, int column, std::string path, std::string message);
  // Adds every item of `other` (another file's problems, e.g. a trace mapping
  // named by a scenario), keeping their file names. ToString lists this file's
  // problems first, then each other file's in order.
  void Append(const Diagnostics& other);
  bool ok() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  const std::string& file() const { return file_; }
  // Sorted by (line, column), then discovery order; one per line; at most
  // `limit`, followed by "... and N more errors".
  std::string ToString(std::size_t limit = 50) const;

 private:
  std::string file_;
  std::vector<Diagnostic> items_;
};

// Limits against hostile input (documented in the README). They keep the worst input
// within them to about two seconds and 200 MB: yaml-cpp reads 2-5 MB/s (long scalars and
// blank runs the slowest) and holds ~650 bytes per node, and a file is parsed twice (the
// census of its events, then the tree). The largest shipped scenario is 32 KB and ~5,000
// nodes; an explicit megacity (650 communities) is ~100 KB.
struct ParseLimits {
  std::size_t max_bytes = 4u << 20;         // 4 MiB
  int max_depth = 64;                       // nested mappings/sequences
  std::size_t max_nodes = 200'000;          // after alias expansion
  std::size_t max_scalar_bytes = 1u << 20;  // one string of at most 1 MiB
};

// Reads and parses a file. Errors (unreadable, a directory, too big, binary,
// syntax with its line/column, too deep, alias bomb, empty) go to `diags`. An empty file
// (or one of comments only) is "the file is empty", followed by "; expected <expected>"
// when `expected` says what the document should be ("a mapping with version, ...").
std::optional<YAML::Node> ParseYamlFile(const std::string& path, Diagnostics& diags,
                                        const ParseLimits& limits = {},
                                        std::string_view expected = {});
std::optional<YAML::Node> ParseYamlString(std::string_view text, Diagnostics& diags,
                                          const ParseLimits& limits = {},
                                          std::string_view expected = {});

struct DateTime {
  kernel::CivilDate date;
  int minute_of_day = 0;  // 0..1439
};

// A located view of one YAML node: its key path, its mark and typed readers.
class Node {
 public:
  Node(YAML::Node node, std::string path, Diagnostics* diags);

  bool defined() const;  // false for a missing key
  bool IsMap() const;
  bool IsSequence() const;
  bool IsScalar() const;
  bool IsNull() const;  // `~`, `null` or empty value
  const std::string& path() const { return path_; }
  int line() const { return line_; }  // 1-based; for a missing key: the parent's
  int column() const { return column_; }
  Mark mark() const { return {line_, column_}; }
  Diagnostics& diags() const { return *diags_; }
  const YAML::Node& raw() const { return node_; }
  // Records an error at this node.
  void Error(std::string message) const;

  // Child of a mapping. A missing key gives an undefined Node with path
  // "parent.key" located at the parent. Reading from a non-map is not an
  // error here (CheckKeys/Entries report it).
  Node operator[](std::string_view key) const;
  bool Has(std::string_view key) const;
  // REQUIRES a mapping (else records "expected a mapping" and returns false).
  // Records every key not in `allowed` at the key's own place: "unknown key
  // 'staf'; did you mean 'staff'?" (suggested when the edit distance is small),
  // and every duplicate key.
  bool CheckKeys(std::initializer_list<std::string_view> allowed) const;
  bool CheckKeys(std::span<const std::string_view> allowed) const;
  // Entries of a mapping in file order (key text, value with path "parent.key");
  // a non-mapping records an error and gives none. Keys must be scalars.
  std::vector<std::pair<std::string, Node>> Entries() const;
  // Items of a sequence with paths "parent[i]"; a non-sequence records an error.
  std::vector<Node> Items() const;

  // Scalars. Each records an error and returns nullopt when this node is
  // missing ("is required"), of the wrong type, or out of range; the message
  // says what was expected and quotes what was found.
  std::optional<std::string> AsString() const;
  std::optional<std::string> AsName() const;  // [a-z][a-z0-9_]*, at most 64 characters
  std::optional<bool> AsBool() const;         // true / false
  std::optional<std::int64_t> AsInt(std::int64_t min, std::int64_t max) const;
  std::optional<double> AsNumber(double min, double max) const;  // finite only
  std::optional<double> AsProbability() const;                   // [0, 1]
  // Durations per kernel::ParseDuration; allow_working = false refuses wh/wd.
  std::optional<kernel::Duration> AsDuration(bool allow_working = true) const;
  // A calendar duration in milliseconds (working units refused).
  std::optional<kernel::SimTime> AsCalendarDuration() const;
  std::optional<kernel::CivilDate> AsDate() const;  // YYYY-MM-DD
  std::optional<DateTime> AsDateTime() const;       // YYYY-MM-DD or YYYY-MM-DDTHH:MM
  std::optional<int> AsUtcOffsetMinutes() const;    // "+08:00", "-05:00"
  // A list of "HH:MM-HH:MM" strings, sorted, non-overlapping (24:00 allowed as an end).
  std::optional<std::vector<kernel::WorkingInterval>> AsTimeRanges() const;
  // A list of numbers >= 0 of exactly `count` entries with a positive sum.
  std::optional<std::vector<double>> AsWeights(std::size_t count) const;

  // Distributions (scenarios/FORMAT.md). kTime: a duration string is a fixed
  // value; mapping values are durations; the result is in hours. kPlain: a
  // number is a fixed value; mapping values are plain numbers.
  enum class Quantity { kTime, kPlain };
  std::optional<kernel::Distribution> AsDistribution(Quantity quantity) const;

 private:
  YAML::Node node_;
  std::string path_;
  Diagnostics* diags_;
  int line_ = 0;
  int column_ = 0;
};

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_YAML_READER_H_
