// RowSource: the rows of a trace file, whatever holds them. The replay (trace_replay.h)
// reads records through this seam only, so a new container — another delimiter, another
// compression — is one more implementation here and no change to the replay's rules.
//
// Shipped: comma-separated (CSV, the dialect of io::CsvReader) and tab-separated (TSV, the
// same dialect with a tab: Python's csv "excel-tab"), each plain or gzip-compressed,
// streamed in bounded memory. OpenRowSource chooses by the file name: *.tsv and *.tab are
// TSV, anything else CSV; a trailing .gz means gzip (trace.csv.gz, trace.tsv.gz).
//
// Thread safety: a RowSource is a mutable object owned by one thread.
#ifndef ESCALADE_SIM_TRACE_ROW_SOURCE_H_
#define ESCALADE_SIM_TRACE_ROW_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/byte_source.h"
#include "sim/kernel/status.h"

namespace escalade::trace {

class RowSource {
 public:
  virtual ~RowSource() = default;
  // Reads the next record into *fields (views valid until the next call): true, false at
  // the end, or an error "<name>:<line>: <what>" after which the next record may still be
  // read (a bad record is skipped), unless the error ended the input.
  // REQUIRES: fields != nullptr.
  virtual kernel::Result<bool> Next(std::vector<std::string_view>* fields) = 0;
  // 1-based line on which the last record (or error) started.
  virtual std::int64_t line() const = 0;
  // The file as named, for messages.
  virtual const std::string& name() const = 0;
};

enum class RowFormat : std::uint8_t { kCsv, kTsv };

// The format `path` names (see the top of this file).
RowFormat RowFormatOf(const std::string& path);

// Opens `path` (by RowFormatOf and IsGzipName). Errors as io::OpenFile.
kernel::Result<std::unique_ptr<RowSource>> OpenRowSource(const std::string& path);

// Rows of `format` from any byte source (tests: a text in memory); `name` names it.
std::unique_ptr<RowSource> MakeRowSource(std::unique_ptr<io::ByteSource> bytes, std::string name,
                                         RowFormat format);

}  // namespace escalade::trace

#endif  // ESCALADE_SIM_TRACE_ROW_SOURCE_H_
