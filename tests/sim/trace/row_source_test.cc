// Row sources: the format by the file name, and the same records from CSV, TSV and their
// gzip-compressed files.
#include "sim/trace/row_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/gzip_for_tests.h"

namespace escalade::trace {
namespace {

using ::testing::HasSubstr;
using Records = std::vector<std::vector<std::string>>;

Records ReadAll(RowSource& rows) {
  Records records;
  std::vector<std::string_view> fields;
  while (true) {
    kernel::Result<bool> got = rows.Next(&fields);
    EXPECT_TRUE(got.ok()) << got.status().message();
    if (!got.ok() || !*got) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  return records;
}

TEST(RowFormatTest, TsvAndTabAreTabSeparatedAndGzDoesNotCount) {
  EXPECT_EQ(RowFormatOf("t.csv"), RowFormat::kCsv);
  EXPECT_EQ(RowFormatOf("t.csv.gz"), RowFormat::kCsv);
  EXPECT_EQ(RowFormatOf("t.txt"), RowFormat::kCsv);
  EXPECT_EQ(RowFormatOf("t.tsv"), RowFormat::kTsv);
  EXPECT_EQ(RowFormatOf("t.tab"), RowFormat::kTsv);
  EXPECT_EQ(RowFormatOf("dir.tsv/t.tsv.gz"), RowFormat::kTsv);
}

TEST(RowSourceTest, EveryContainerGivesTheSameRecords) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("escalade_rows_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string csv = "a,b,c\n1,\"x, y\",3\n4,\"quoted \"\"q\"\"\",6\n";
  const std::string tsv = "a\tb\tc\n1\tx, y\t3\n4\t\"quoted \"\"q\"\"\"\t6\n";
  const Records expected = {{"a", "b", "c"}, {"1", "x, y", "3"}, {"4", "quoted \"q\"", "6"}};
  auto write = [&dir](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return (dir / name).string();
  };
  for (const std::string& path :
       {write("t.csv", csv), write("t.tsv", tsv), write("t.csv.gz", test_support::Gzip(csv)),
        write("t.tsv.gz", test_support::Gzip(tsv))}) {
    kernel::Result<std::unique_ptr<RowSource>> rows = OpenRowSource(path);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ((*rows)->name(), path);
    EXPECT_EQ(ReadAll(**rows), expected) << path;
  }
  kernel::Result<std::unique_ptr<RowSource>> missing = OpenRowSource((dir / "no.csv.gz").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot open"));
  std::filesystem::remove_all(dir);
}

TEST(RowSourceTest, LinesAreCountedInTheDecompressedText) {
  std::unique_ptr<RowSource> rows = MakeRowSource(
      io::Gunzip(io::FromString(test_support::Gzip("h\n\n1\n2\n"))), "t.csv.gz", RowFormat::kCsv);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*rows->Next(&fields));
  EXPECT_EQ(rows->line(), 1);
  ASSERT_TRUE(*rows->Next(&fields));
  EXPECT_EQ(rows->line(), 3);
  ASSERT_TRUE(*rows->Next(&fields));
  EXPECT_EQ(rows->line(), 4);
}

}  // namespace
}  // namespace escalade::trace
