// TraceMapping: how the columns of a real 311 / 12345 trace (a CSV or TSV file, plain or
// gzip-compressed) become
// escalade demands — which column is the creation time and in what format and
// time zone, which are the origin, category, channel and responsible
// department and how their values map onto the scenario's names, and which
// rows to drop. The format is documented in scenarios/TRACES.md; mapping files
// ship in scenarios/traces/.
//
// A mapping is read (mapping_loader.h) and checked with the scenario that names
// it (`demand.trace`), against that scenario's communities, categories and
// departments, so `escalade validate` reports a wrong name in the mapping at
// its place in the mapping file.
//
// Thread safety: an immutable value once loaded.
#ifndef ESCALADE_SIM_TRACE_TRACE_MAPPING_H_
#define ESCALADE_SIM_TRACE_TRACE_MAPPING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/io/timestamp_format.h"

namespace escalade::trace {

// A place in the mapping file, for messages raised when the CSV is opened
// (a column the trace does not have).
struct MappingRef {
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
  std::string path;  // key path, e.g. "columns.created.column"
};

// Hash for unordered maps looked up by std::string_view without a copy.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

// What happens to a cell value that the map does not list.
enum class Otherwise : std::uint8_t {
  kDrop,   // the row is dropped, counted under "unmapped <field>"
  kError,  // the row is bad
  kValue,  // the row gets otherwise_value
};

// One mapped field: a constant, or a column whose values map to target
// indices (community unit ids, category indices, channels, department indices).
struct ValueMapping {
  bool present = false;   // false: the field is not mapped (department only)
  std::string column;     // empty: the constant
  MappingRef column_ref;  // where `column` is written
  int constant = -1;
  // Raw cell value, without surrounding spaces → target index.
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> values;
  Otherwise otherwise = Otherwise::kError;
  int otherwise_value = -1;
};

struct TimeColumn {
  std::string column;  // empty: absent (closed and target only)
  MappingRef column_ref;
  std::optional<io::TimestampFormat> format;
};

// Rows whose `column` holds one of `values` are dropped, counted under `reason`.
struct DropRule {
  std::string column;
  MappingRef column_ref;
  std::vector<std::string> values;
  std::string reason;
};

enum class TraceOrder : std::uint8_t {
  kAscending,  // rows must come in creation order; a row out of order is bad
  kSort,       // the replay sorts them (stable), through temporary files beyond memory
};

struct TraceMapping {
  std::string mapping_path;  // the mapping file as named (for messages)
  std::string file;          // the trace, resolved against the mapping file's folder
  MappingRef file_ref;
  int utc_offset_minutes = 0;  // the trace's wall clock: UTC + this
  TraceOrder order = TraceOrder::kAscending;
  std::string id_column;  // empty: none
  MappingRef id_ref;
  TimeColumn created;       // required
  TimeColumn closed;        // optional
  TimeColumn target;        // optional (SLA due time)
  ValueMapping origin;      // → community unit id (a CityPlan index until the city is built)
  ValueMapping category;    // → category index
  ValueMapping channel;     // → model::Channel
  ValueMapping department;  // → department index; optional
  std::vector<DropRule> drop;
};

// "file:line:col: path: message" for a problem found after loading.
std::string DescribeAt(const TraceMapping& mapping, const MappingRef& ref,
                       const std::string& message);

}  // namespace escalade::trace

#endif  // ESCALADE_SIM_TRACE_TRACE_MAPPING_H_
