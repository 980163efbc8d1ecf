#include "sim/trace/row_source.h"

#include <utility>

#include "sim/io/csv_reader.h"

namespace escalade::trace {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Delimited text (CSV, TSV) through io::CsvReader.
class DelimitedRows final : public RowSource {
 public:
  explicit DelimitedRows(io::CsvReader reader) : reader_(std::move(reader)) {}
  kernel::Result<bool> Next(std::vector<std::string_view>* fields) override {
    return reader_.Next(fields);
  }
  std::int64_t line() const override { return reader_.line(); }
  const std::string& name() const override { return reader_.name(); }

 private:
  io::CsvReader reader_;
};

}  // namespace

RowFormat RowFormatOf(const std::string& path) {
  std::string_view name(path);
  if (io::IsGzipName(path)) name.remove_suffix(3);
  return EndsWith(name, ".tsv") || EndsWith(name, ".tab") ? RowFormat::kTsv : RowFormat::kCsv;
}

kernel::Result<std::unique_ptr<RowSource>> OpenRowSource(const std::string& path) {
  kernel::Result<std::unique_ptr<io::ByteSource>> file = io::OpenFile(path);
  if (!file.ok()) return file.status();
  std::unique_ptr<io::ByteSource> bytes = std::move(file).value();
  if (io::IsGzipName(path)) bytes = io::Gunzip(std::move(bytes));
  return MakeRowSource(std::move(bytes), path, RowFormatOf(path));
}

std::unique_ptr<RowSource> MakeRowSource(std::unique_ptr<io::ByteSource> bytes, std::string name,
                                         RowFormat format) {
  io::CsvOptions options;
  if (format == RowFormat::kTsv) options.delimiter = '\t';
  return std::make_unique<DelimitedRows>(
      io::CsvReader::FromSource(std::move(bytes), std::move(name), options));
}

}  // namespace escalade::trace
