#include "sim/report/folder_table.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/io/csv_reader.h"

namespace escalade::report {

int FolderTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

nlohmann::ordered_json FolderTable::RowJson(const std::vector<std::string>& row) const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
    const std::string& field = row[i];
    if (field.empty()) {
      out[header[i]] = nullptr;
    } else if (std::optional<double> x = ParseNumber(field)) {
      if (std::isfinite(*x)) {
        out[header[i]] = *x;
      } else {
        out[header[i]] = nullptr;
      }
    } else {
      out[header[i]] = field;
    }
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view text) {
  if (text == "inf") return std::numeric_limits<double>::infinity();
  double x = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, x);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return x;
}

kernel::Result<std::optional<FolderTable>> ReadFolderTable(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<FolderTable>();
  kernel::Result<io::CsvReader> reader = io::CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  FolderTable table;
  std::vector<std::string_view> fields;
  while (true) {
    kernel::Result<bool> got = reader->Next(&fields);
    if (!got.ok()) return got.status();
    if (!*got) break;
    std::vector<std::string> row(fields.begin(), fields.end());
    if (table.header.empty()) {
      table.header = std::move(row);
      continue;
    }
    if (row.size() != table.header.size()) {
      return kernel::Status::Error(path + ":" + std::to_string(reader->line()) + ": " +
                                   std::to_string(row.size()) + " fields, the header has " +
                                   std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(row));
  }
  return std::optional<FolderTable>(std::move(table));
}

}  // namespace escalade::report
