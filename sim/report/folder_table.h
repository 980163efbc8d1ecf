// A CSV table of a run folder read whole into memory, for the report (the folder's
// aggregated files are small: per policy × metric, per policy × unit, ...). Columns are
// found by name, so a sweep's tables (with `point` and the swept keys in front) read
// like a run's.
//
// Thread safety: plain values; ReadFolderTable is reentrant.
#ifndef ESCALADE_SIM_REPORT_FOLDER_TABLE_H_
#define ESCALADE_SIM_REPORT_FOLDER_TABLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/status.h"

namespace escalade::report {

struct FolderTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header

  // The index of column `name`, or -1.
  int Column(std::string_view name) const;
  // {column: value}: a number when the field is one (finite), null when empty or not finite
  // ("inf"), else the text.
  nlohmann::ordered_json RowJson(const std::vector<std::string>& row) const;
};

// nullopt when the file does not exist; an error when it cannot be read or a row has another
// number of fields than the header ("<path>:<line>: ...").
kernel::Result<std::optional<FolderTable>> ReadFolderTable(const std::string& path);

// The number `text` holds, all of it; nullopt otherwise.
std::optional<double> ParseNumber(std::string_view text);

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_FOLDER_TABLE_H_
