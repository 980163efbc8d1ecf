#include "sim/io/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace escalade::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Record = std::vector<std::string>;
using namespace std::string_literals;  // NOLINT: "..."s keeps embedded NULs

// One result of Next(): a record or an error, and where it was.
struct Item {
  Record fields;
  std::string error;  // empty for a record
  std::int64_t line = 0;
  std::int64_t end_line = 0;
};

std::vector<Item> ReadAll(CsvReader& reader) {
  std::vector<Item> items;
  std::vector<std::string_view> fields;
  for (;;) {
    kernel::Result<bool> next = reader.Next(&fields);
    Item item{{}, "", reader.line(), reader.end_line()};
    if (!next.ok()) {
      item.error = next.status().message();
    } else if (!*next) {
      EXPECT_TRUE(fields.empty());
      break;
    } else {
      item.fields.assign(fields.begin(), fields.end());
    }
    items.push_back(item);
    if (items.size() > 100000) break;  // a bug, not an endless test
  }
  return items;
}

std::vector<Item> ReadAll(const std::string& text, CsvOptions options = {}) {
  CsvReader reader = CsvReader::FromString(text, "t.csv", options);
  return ReadAll(reader);
}

// Records only; fails the test on any error.
std::vector<Record> Records(const std::string& text, CsvOptions options = {}) {
  std::vector<Record> records;
  for (const Item& item : ReadAll(text, options)) {
    EXPECT_EQ(item.error, "") << "input: " << text;
    records.push_back(item.fields);
  }
  return records;
}

TEST(CsvReaderTest, PlainRecords) {
  EXPECT_THAT(Records("a,b,c\n1,2,3\n"), ElementsAre(Record{"a", "b", "c"}, Record{"1", "2", "3"}));
  EXPECT_THAT(Records(",a,,\n"), ElementsAre(Record{"", "a", "", ""}));
  EXPECT_THAT(Records(",\n"), ElementsAre(Record{"", ""}));
  EXPECT_THAT(Records(" \n"), ElementsAre(Record{" "}));
  EXPECT_THAT(Records(""), ElementsAre());
}

TEST(CsvReaderTest, QuotedFields) {
  EXPECT_THAT(Records("\"a,b\",\"c\"\"d\",e\n"), ElementsAre(Record{"a,b", "c\"d", "e"}));
  EXPECT_THAT(Records("\"\"\n"), ElementsAre(Record{""}));  // not an empty line
  EXPECT_THAT(Records("\"\",\"\"\n"), ElementsAre(Record{"", ""}));
  EXPECT_THAT(Records("\"\"\"\"\n"), ElementsAre(Record{"\""}));
  EXPECT_THAT(Records("\"a\"\"b\"\"\"\n"), ElementsAre(Record{"a\"b\""}));
}

TEST(CsvReaderTest, LenientQuotesLikePython) {
  // csv.reader(['a"b,c']) == [['a"b', 'c']] and so on (strict=False).
  EXPECT_THAT(Records("a\"b,c\n"), ElementsAre(Record{"a\"b", "c"}));
  EXPECT_THAT(Records("\"ab\"c,d\n"), ElementsAre(Record{"abc", "d"}));
  EXPECT_THAT(Records("\"ab\"c\"d\"\n"), ElementsAre(Record{"abc\"d\""}));
  EXPECT_THAT(Records(" \"a\",b\n"), ElementsAre(Record{" \"a\"", "b"}));
  EXPECT_THAT(Records("\"a\" ,b\n"), ElementsAre(Record{"a ", "b"}));
  EXPECT_THAT(Records("a\"\"b\n"), ElementsAre(Record{"a\"\"b"}));
}

TEST(CsvReaderTest, EmbeddedLineBreaksKeepLineNumbers) {
  const std::vector<Item> items = ReadAll("h1,h2\n\"x\ny\",z\n\"p\r\nq\rr\",s\nlast\n");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[1].fields, (Record{"x\ny", "z"}));
  EXPECT_EQ(items[1].line, 2);
  EXPECT_EQ(items[1].end_line, 3);
  EXPECT_EQ(items[2].fields, (Record{"p\r\nq\rr", "s"}));  // kept as written
  EXPECT_EQ(items[2].line, 4);
  EXPECT_EQ(items[2].end_line, 6);
  EXPECT_EQ(items[3].fields, Record{"last"});
  EXPECT_EQ(items[3].line, 7);
  EXPECT_EQ(items[3].end_line, 7);
}

TEST(CsvReaderTest, LineEndings) {
  EXPECT_THAT(Records("a,b\r\nc,d\r\n"), ElementsAre(Record{"a", "b"}, Record{"c", "d"}));
  EXPECT_THAT(Records("a\rb\rc"), ElementsAre(Record{"a"}, Record{"b"}, Record{"c"}));
  EXPECT_THAT(Records("\"a\"\r\"b\"\r\n"), ElementsAre(Record{"a"}, Record{"b"}));
  const std::vector<Item> items = ReadAll("a\r\rb\n\r\nc\r\n");  // empty lines in between
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].line, 3);
  EXPECT_EQ(items[2].line, 5);
}

TEST(CsvReaderTest, ByteOrderMarkOnlyAtStart) {
  EXPECT_THAT(Records("\xEF\xBB\xBF"
                      "a,b\n"),
              ElementsAre(Record{"a", "b"}));
  EXPECT_THAT(Records("a\n\xEF\xBB\xBF"
                      "b\n"),
              ElementsAre(Record{"a"}, Record{"\xEF\xBB\xBF"
                                              "b"}));
  EXPECT_THAT(Records("\xEF\xBB\xBF"), ElementsAre());
  EXPECT_THAT(Records("\xEF\xBB"), ElementsAre(Record{"\xEF\xBB"}));
}

TEST(CsvReaderTest, NoFinalLineBreak) {
  EXPECT_THAT(Records("a,b"), ElementsAre(Record{"a", "b"}));
  EXPECT_THAT(Records("a,"), ElementsAre(Record{"a", ""}));
  EXPECT_THAT(Records("x\n\"a\"\"\""), ElementsAre(Record{"x"}, Record{"a\""}));
}

TEST(CsvReaderTest, EmptyLinesYieldNoRecord) {
  const std::vector<Item> items = ReadAll("\n\na\n\n\nb\n\n");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].fields, Record{"a"});
  EXPECT_EQ(items[0].line, 3);
  EXPECT_EQ(items[1].fields, Record{"b"});
  EXPECT_EQ(items[1].line, 6);
}

TEST(CsvReaderTest, OtherDelimiter) {
  CsvOptions options;
  options.delimiter = ';';
  EXPECT_THAT(Records("a;\"b;c\",d\n", options), ElementsAre(Record{"a", "b;c,d"}));
  options.delimiter = '\t';
  EXPECT_THAT(Records("a\t\tb\n", options), ElementsAre(Record{"a", "", "b"}));
}

TEST(CsvReaderTest, NulByteIsAnErrorOnItsLineAndTheRecordIsSkipped) {
  const std::vector<Item> items = ReadAll("a\nb\0c\nd\n\"x\ny\0\",\"z\nw\"\ne"s);
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[1].error, "t.csv:2: contains a NUL byte: not a text CSV file");
  EXPECT_EQ(items[2].fields, Record{"d"});
  EXPECT_EQ(items[3].error, "t.csv:5: contains a NUL byte: not a text CSV file");
  EXPECT_EQ(items[3].line, 4);
  EXPECT_EQ(items[3].end_line, 6);  // the quoted line break of "z\nw" was honoured
  EXPECT_EQ(items[4].fields, Record{"e"});
  EXPECT_EQ(items[4].line, 7);
}

TEST(CsvReaderTest, TooLongRecordIsSkipped) {
  CsvOptions options;
  options.max_record_bytes = 10;
  const std::string long_quoted = "\"" + std::string(30, 'x') + "\n,\"\"\n\",y";
  const std::vector<Item> items =
      ReadAll("0123456789\n" + std::string(25, 'z') + "\n" + long_quoted + "\nok\n", options);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].fields, Record{"0123456789"});  // exactly the limit is fine
  EXPECT_EQ(items[1].error, "t.csv:2: record is longer than 10 bytes (max_record_bytes)");
  EXPECT_EQ(items[2].error, "t.csv:3: record is longer than 10 bytes (max_record_bytes)");
  EXPECT_EQ(items[2].line, 3);
  EXPECT_EQ(items[2].end_line, 5);
  EXPECT_EQ(items[3].fields, Record{"ok"});
  EXPECT_EQ(items[3].line, 6);
  // The raw text counts: quotes and delimiters too.
  EXPECT_THAT(ReadAll("\"abcdefghi\"\n", options)[0].error, HasSubstr("longer than 10"));
  EXPECT_THAT(ReadAll("a,b,c,d,e,f\n", options)[0].error, HasSubstr("longer than 10"));
}

TEST(CsvReaderTest, TooManyFieldsIsSkipped) {
  CsvOptions options;
  options.max_fields = 3;
  const std::vector<Item> items = ReadAll("a,b,c\na,b,c,d\n,,,\ne\n", options);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].fields, (Record{"a", "b", "c"}));
  EXPECT_EQ(items[1].error, "t.csv:2: record has more than 3 fields (max_fields)");
  EXPECT_EQ(items[2].error, "t.csv:3: record has more than 3 fields (max_fields)");
  EXPECT_EQ(items[3].fields, Record{"e"});
}

TEST(CsvReaderTest, UnterminatedQuoteEndsTheInput) {
  CsvReader reader = CsvReader::FromString("a\nx,\"open\nmore\n", "t.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  kernel::Result<bool> next = reader.Next(&fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().message(), "t.csv:2: quoted field opened on line 2 is never closed");
  EXPECT_EQ(reader.line(), 2);
  EXPECT_EQ(reader.end_line(), 4);
  next = reader.Next(&fields);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(*next);
  EXPECT_FALSE(*reader.Next(&fields));

  const std::vector<Item> items = ReadAll("\"a\nb\",\"c\n\nd");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].error, "t.csv:1: quoted field opened on line 2 is never closed");
}

TEST(CsvReaderTest, OpenReportsTheOsReason) {
  kernel::Result<CsvReader> missing = CsvReader::Open("/nonexistent/dir/trace.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "cannot open '/nonexistent/dir/trace.csv': No such file or directory");
  kernel::Result<CsvReader> directory = CsvReader::Open("/tmp");
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().message(), "cannot open '/tmp': is a directory");
}

// Inputs that put quotes, CRLF pairs and BOMs on every possible chunk boundary.
TEST(CsvReaderTest, ChunkBoundariesDoNotMatter) {
  const std::vector<std::string> inputs = {
      "\xEF\xBB\xBF\"a\r\nb\",c\r\n\r\n\"\"\"x\"\"\",\"\"\r\"q\"w,e\r",
      "a,\"b\"\"\"\"c\"\n\n\"d\re\"\r\n,,\n\"\"",
      "x\r\n\"\n\",\"\r\"\r\n\"\r\n\"\r\n",
      "k\n\"a\0b\"\nz"s,
  };
  for (const std::string& input : inputs) {
    const std::vector<Item> expected = ReadAll(input);
    for (std::size_t chunk = 1; chunk <= 20; ++chunk) {
      CsvOptions options;
      options.read_chunk_bytes = chunk;
      CsvReader reader = CsvReader::FromString(input, "t.csv", options);
      const std::vector<Item> got = ReadAll(reader);
      ASSERT_EQ(got.size(), expected.size()) << "chunk " << chunk;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].fields, expected[i].fields) << "chunk " << chunk << " item " << i;
        EXPECT_EQ(got[i].error, expected[i].error) << "chunk " << chunk << " item " << i;
        EXPECT_EQ(got[i].line, expected[i].line) << "chunk " << chunk << " item " << i;
        EXPECT_EQ(got[i].end_line, expected[i].end_line) << "chunk " << chunk << " item " << i;
      }
      EXPECT_EQ(reader.bytes_read(), input.size());
    }
  }
}

// A file several default chunks long, with records across every chunk boundary.
TEST(CsvReaderTest, LargeFileAcrossDefaultChunks) {
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) / "csv_reader_test_large.csv";
  std::string text = "id,note\r\n";
  const std::string big(100'000, 'q');  // longer than one 64 KiB chunk
  text += "0,\"" + big + "\r\n" + big + "\"\r\n";
  for (int i = 1; i <= 20000; ++i) text += std::to_string(i) + ",\"a,\"\"b\"\"\"\r\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  kernel::Result<CsvReader> reader = CsvReader::Open(path.string());
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(reader->name(), path.string());
  const std::vector<Item> items = ReadAll(*reader);
  ASSERT_EQ(items.size(), 20002u);
  EXPECT_EQ(items[1].fields[1], big + "\r\n" + big);
  EXPECT_EQ(items[1].line, 2);
  EXPECT_EQ(items[1].end_line, 3);
  for (int i = 1; i <= 20000; ++i) {
    const Item& item = items[static_cast<std::size_t>(i) + 1];
    ASSERT_EQ(item.fields, (Record{std::to_string(i), "a,\"b\""})) << i;
    ASSERT_EQ(item.line, i + 3);
  }
  EXPECT_EQ(reader->bytes_read(), text.size());
  std::filesystem::remove(path);
}

TEST(CsvReaderTest, MovedReaderContinues) {
  CsvReader first = CsvReader::FromString("a\nb\nc", "short", {.read_chunk_bytes = 2});
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*first.Next(&fields));
  CsvReader second = std::move(first);
  ASSERT_TRUE(*second.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("b"));
  CsvReader third = CsvReader::FromString("", "other");
  third = std::move(second);
  ASSERT_TRUE(*third.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("c"));
  EXPECT_EQ(third.name(), "short");
  EXPECT_FALSE(*third.Next(&fields));
}

// Serialises records as Python's csv.writer does (QUOTE_MINIMAL), reads them back.
TEST(CsvReaderTest, RoundTripOfRandomRecords) {
  std::mt19937_64 rng(20131225);
  const std::vector<std::string> pieces = {"a",    "bc",   " ",    ",",        "\"",
                                           "\n",   "\r",   "\r\n", "\xC3\xA9", "\xE4\xB8\xAD",
                                           "\xFF", "x\"y", ""};
  const std::vector<std::string> breaks = {"\n", "\r\n", "\r"};
  const auto pick = [&rng](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  // Line breaks before `offset` in `text`, CRLF counting once: the line on which a record
  // starting there begins is this plus one.
  const auto breaks_before = [](const std::string& text, std::size_t offset) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
        ++n;
      }
    }
    return n;
  };
  for (int round = 0; round < 30; ++round) {
    std::vector<Record> records(100 + pick(100));
    std::vector<std::size_t> offsets;  // where each record starts
    std::vector<std::size_t> ends;     // where its line break starts
    std::string text;
    for (Record& record : records) {
      offsets.push_back(text.size());
      record.resize(1 + pick(6));
      for (std::size_t f = 0; f < record.size(); ++f) {
        for (std::size_t k = pick(5); k > 0; --k) record[f] += pieces[pick(pieces.size())];
        const bool quote = record[f].find_first_of(",\"\r\n") != std::string::npos ||
                           (record.size() == 1 && record[f].empty()) || pick(8) == 0;
        std::string cell = record[f];
        if (quote) {
          cell = "\"";
          for (const char c : record[f]) cell += c == '"' ? "\"\"" : std::string(1, c);
          cell += "\"";
        }
        text += (f > 0 ? "," : "") + cell;
      }
      ends.push_back(text.size());
      text += breaks[pick(breaks.size())];
    }
    if (pick(2) == 0) text.resize(text.size() - (text.ends_with("\r\n") ? 2 : 1));
    CsvOptions options;
    options.read_chunk_bytes = 1 + pick(300);
    CsvReader reader = CsvReader::FromString(text, "random.csv", options);
    const std::vector<Item> items = ReadAll(reader);
    ASSERT_EQ(items.size(), records.size()) << "round " << round;
    for (std::size_t i = 0; i < items.size(); ++i) {
      ASSERT_EQ(items[i].error, "") << "round " << round << " record " << i;
      ASSERT_EQ(items[i].fields, records[i]) << "round " << round << " record " << i;
      ASSERT_EQ(items[i].line, breaks_before(text, offsets[i]) + 1) << "record " << i;
      ASSERT_EQ(items[i].end_line, breaks_before(text, ends[i]) + 1) << "record " << i;
    }
    EXPECT_EQ(reader.bytes_read(), text.size());
  }
}

TEST(CsvReaderTest, RealNyc311File) {
  const std::string path = "/work/shared/data/raw/nyc311_2013-12-25_nikeiubel.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not available";
  kernel::Result<CsvReader> reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  std::vector<std::string_view> fields;
  std::int64_t records = 0;
  for (;;) {
    kernel::Result<bool> next = reader->Next(&fields);
    ASSERT_TRUE(next.ok()) << next.status().message();
    if (!*next) break;
    ASSERT_EQ(fields.size(), 52u) << "line " << reader->line();
    if (records == 0) {
      EXPECT_EQ(fields[0], "Unique Key");
    }
    ++records;
  }
  EXPECT_EQ(records, 2387);
  EXPECT_EQ(reader->bytes_read(), std::filesystem::file_size(path));
}

}  // namespace
}  // namespace escalade::io
