// Byte sources: a file, a text, and gzip decompression on the fly — members one after
// another, chunk boundaries anywhere, and corrupt or cut-short data as a located read
// error of the CSV reader above it, never a crash or silent truncation.
#include "sim/io/byte_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/csv_reader.h"
#include "tests/gzip_for_tests.h"

namespace escalade::io {
namespace {

using ::testing::HasSubstr;

using test_support::Gzip;

// Everything a source gives, read `chunk` bytes at a time; the error message if any.
std::string ReadAll(ByteSource& source, std::size_t chunk, std::string* error) {
  std::string out;
  std::vector<char> buffer(chunk);
  for (;;) {
    kernel::Result<std::size_t> got = source.Read(buffer.data(), buffer.size());
    if (!got.ok()) {
      *error = got.status().message();
      return out;
    }
    if (*got == 0) return out;
    out.append(buffer.data(), *got);
  }
}

std::string SomeText() {
  std::mt19937 random(7);
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(random()) + "," + (i % 3 == 0 ? "\"a, b\"" : "x") + "\n";
  }
  return text;
}

TEST(GunzipTest, GivesBackTheTextWhateverTheChunkSize) {
  const std::string text = SomeText();
  for (std::size_t chunk : {1u, 7u, 4096u, 1u << 20}) {
    std::string error;
    std::unique_ptr<ByteSource> source = Gunzip(FromString(Gzip(text)));
    EXPECT_EQ(ReadAll(*source, chunk, &error), text) << chunk;
    EXPECT_EQ(error, "");
  }
}

TEST(GunzipTest, ReadsMembersOneAfterAnotherAsOneStream) {
  std::string error;
  std::unique_ptr<ByteSource> source = Gunzip(FromString(Gzip("a,b\n1,2\n") + Gzip("3,4\n")));
  EXPECT_EQ(ReadAll(*source, 3, &error), "a,b\n1,2\n3,4\n");
  EXPECT_EQ(error, "");
}

TEST(GunzipTest, EmptyInputIsEmpty) {
  std::string error;
  std::unique_ptr<ByteSource> source = Gunzip(FromString(""));
  EXPECT_EQ(ReadAll(*source, 64, &error), "");
  EXPECT_EQ(error, "");
}

TEST(GunzipTest, CutShortOrCorruptDataIsAnError) {
  const std::string whole = Gzip(SomeText());
  std::string error;
  std::unique_ptr<ByteSource> cut = Gunzip(FromString(whole.substr(0, whole.size() / 2)));
  ReadAll(*cut, 4096, &error);
  EXPECT_EQ(error, "gzip: the compressed data is cut short");

  std::string corrupt = whole;
  for (std::size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
  error.clear();
  std::unique_ptr<ByteSource> bad = Gunzip(FromString(corrupt));
  ReadAll(*bad, 4096, &error);
  EXPECT_THAT(error, HasSubstr("gzip: "));

  error.clear();
  std::unique_ptr<ByteSource> plain = Gunzip(FromString("a,b\n1,2\n"));
  ReadAll(*plain, 4096, &error);
  EXPECT_THAT(error, HasSubstr("not gzip data, or damaged"));
}

TEST(GunzipTest, ACsvReaderOverGzipReadsTheSameRecordsAndLocatesACorruptTail) {
  const std::string text = "h1,h2\n1,\"two\nlines\"\n3,4\n";
  CsvOptions options;
  options.read_chunk_bytes = 2;
  CsvReader reader = CsvReader::FromSource(Gunzip(FromString(Gzip(text))), "t.csv.gz", options);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> records;
  while (true) {
    kernel::Result<bool> got = reader.Next(&fields);
    ASSERT_TRUE(got.ok()) << got.status().message();
    if (!*got) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  EXPECT_EQ(records,
            (std::vector<std::vector<std::string>>{{"h1", "h2"}, {"1", "two\nlines"}, {"3", "4"}}));

  const std::string whole = Gzip(text);
  CsvReader cut =
      CsvReader::FromSource(Gunzip(FromString(whole.substr(0, whole.size() - 4))), "t.csv.gz");
  kernel::Result<bool> got = true;
  while (got.ok() && *got) got = cut.Next(&fields);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.status().message(), HasSubstr("t.csv.gz:"));
  EXPECT_THAT(got.status().message(),
              HasSubstr("read error: gzip: the compressed data is cut short"));
  EXPECT_EQ(got.status().code(), kernel::StatusCode::kBadInput);
}

TEST(OpenFileTest, ReadsAFileAndNamesOneThatCannotBeOpened) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("escalade_bytes_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "t.txt", std::ios::binary) << "abc";
  kernel::Result<std::unique_ptr<ByteSource>> file = OpenFile((dir / "t.txt").string());
  ASSERT_TRUE(file.ok());
  std::string error;
  EXPECT_EQ(ReadAll(**file, 2, &error), "abc");
  kernel::Result<std::unique_ptr<ByteSource>> missing = OpenFile((dir / "no.txt").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot open '"));
  EXPECT_EQ(missing.status().code(), kernel::StatusCode::kBadInput);
  kernel::Result<std::unique_ptr<ByteSource>> folder = OpenFile(dir.string());
  ASSERT_FALSE(folder.ok());
  EXPECT_THAT(folder.status().message(), HasSubstr("is a directory"));
  std::filesystem::remove_all(dir);
}

TEST(IsGzipNameTest, ByTheLastSuffix) {
  EXPECT_TRUE(IsGzipName("trace.csv.gz"));
  EXPECT_TRUE(IsGzipName("a/b.tsv.gz"));
  EXPECT_FALSE(IsGzipName("trace.csv"));
  EXPECT_FALSE(IsGzipName(".gz"));
  EXPECT_FALSE(IsGzipName("trace.gzip"));
}

}  // namespace
}  // namespace escalade::io
