#include "analysis/output_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace escalade::analysis {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("escalade_output_file_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(OutputFileTest, WritesAndReplacesWithoutLeavingTemporaries) {
  const fs::path target = dir_ / "summary.csv";
  ASSERT_TRUE(WriteFileAtomically(target.string(), "a,b\n1,2\n").ok());
  EXPECT_EQ(ReadAll(target), "a,b\n1,2\n");
  ASSERT_TRUE(WriteFileAtomically(target.string(), "replaced\n").ok());
  EXPECT_EQ(ReadAll(target), "replaced\n");
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);  // no .tmp left behind
}

TEST_F(OutputFileTest, ErrorNamesTheFileAndReason) {
  const fs::path target = dir_ / "missing_dir" / "x.csv";
  const kernel::Status s = WriteFileAtomically(target.string(), "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(target.string()), std::string::npos);
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos);
}

TEST_F(OutputFileTest, FailedWriteKeepsThePreviousFile) {
  const fs::path target = dir_ / "keep.csv";
  ASSERT_TRUE(WriteFileAtomically(target.string(), "old\n").ok());
  // A directory where the temporary file would go makes the open fail.
  fs::create_directories(dir_ / ("keep.csv.tmp." + std::to_string(::getpid())));
  EXPECT_FALSE(WriteFileAtomically(target.string(), "new\n").ok());
  EXPECT_EQ(ReadAll(target), "old\n");
}

}  // namespace
}  // namespace escalade::analysis
