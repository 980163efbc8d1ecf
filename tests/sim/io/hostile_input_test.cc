// Regression tests for hostile inputs found by the bad-input corpus and the
// fuzzers of issue 10 (tests/bad_input, tests/fuzz): each once crashed, hung or
// gave a misleading message, and must now give a clean, located error quickly.
// (A mapping file that is not a file: tests/sim/trace/trace_replay_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/io/csv_reader.h"
#include "sim/io/yaml_reader.h"

namespace escalade::io {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("escalade_hostile_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  std::string Fifo(const std::string& name) {
    const std::string path = (dir_ / name).string();
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path;
  }

  fs::path dir_;
};

// Opening a FIFO that nobody writes to used to block in open(2) for ever
// (`escalade validate fifo`); it now reads as a pipe that gave no data.
TEST_F(HostileInputTest, YamlFifoWithoutWriterIsRefusedAtOnce) {
  const std::string path = Fifo("scenario.yaml");
  Diagnostics diags(path);
  EXPECT_FALSE(ParseYamlFile(path, diags).has_value());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_THAT(diags.items()[0].message, HasSubstr("a named pipe (FIFO) that gave no data"));
}

// Same for a trace (`escalade demand --trace fifo`): the reader opens and sees no data.
TEST_F(HostileInputTest, CsvFifoWithoutWriterReadsAsEmpty) {
  const std::string path = Fifo("trace.csv");
  kernel::Result<CsvReader> reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string_view> fields;
  kernel::Result<bool> got = reader->Next(&fields);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(*got);
}

TEST_F(HostileInputTest, CsvDirectoryIsRefused) {
  kernel::Result<CsvReader> reader = CsvReader::Open(dir_.string());
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("is a directory"));
}

// A bad record is skipped up to its line break; on an endless stream without
// one (/dev/zero as a trace) the reader used to skip for ever. It now gives up
// after max_skip_bytes and ends the input.
TEST_F(HostileInputTest, CsvBadRecordWithoutLineBreakEndsTheInput) {
  CsvOptions options;
  options.max_skip_bytes = 1 << 16;
  CsvReader reader = CsvReader::FromString(std::string(1 << 20, '\0'), "zeros.csv", options);
  std::vector<std::string_view> fields;
  kernel::Result<bool> got = reader.Next(&fields);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.status().message(), HasSubstr("zeros.csv:1: contains a NUL byte"));
  EXPECT_THAT(got.status().message(), HasSubstr("max_skip_bytes"));
  got = reader.Next(&fields);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(*got);
}

TEST_F(HostileInputTest, CsvDevZeroEndsQuickly) {
  CsvOptions options;
  options.max_skip_bytes = 4 << 20;
  kernel::Result<CsvReader> reader = CsvReader::Open("/dev/zero", options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string_view> fields;
  const auto start = std::chrono::steady_clock::now();
  kernel::Result<bool> got = reader->Next(&fields);
  EXPECT_FALSE(got.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  got = reader->Next(&fields);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(*got);
}

// A skipped bad record that does end within max_skip_bytes still lets the
// reader go on with the next record.
TEST_F(HostileInputTest, CsvBadRecordWithinTheSkipLimitIsSkipped) {
  CsvOptions options;
  options.max_record_bytes = 16;
  options.max_skip_bytes = 64;
  CsvReader reader = CsvReader::FromString(std::string(40, 'x') + "\na,b\n", "long.csv", options);
  std::vector<std::string_view> fields;
  EXPECT_FALSE(reader.Next(&fields).ok());
  kernel::Result<bool> got = reader.Next(&fields);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(*got);
  EXPECT_EQ(fields.size(), 2u);
}

}  // namespace
}  // namespace escalade::io
