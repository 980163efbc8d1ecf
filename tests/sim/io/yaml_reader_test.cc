#include "sim/io/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/names.h"

namespace escalade::io {
namespace {

using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Parses `text` and hands out located nodes; every test checks the diagnostics it expects.
class ReaderTest : public ::testing::Test {
 protected:
  // The root of a document that must parse.
  Node Load(std::string_view text) {
    root_ = ParseYamlString(text, diags_);
    EXPECT_TRUE(root_.has_value()) << diags_.ToString();
    EXPECT_TRUE(diags_.ok()) << diags_.ToString();
    return Node(root_.value_or(YAML::Node()), "", &diags_);
  }
  // `key: <value>` as a node: the quickest way to test one scalar reader.
  Node Value(std::string_view value) { return Load("key: " + std::string(value) + "\n")["key"]; }

  // Exactly one diagnostic, at this place and path, whose message contains `message`.
  void ExpectOne(int line, int column, std::string_view path, std::string_view message) {
    ASSERT_EQ(diags_.size(), 1u) << diags_.ToString();
    const Diagnostic& d = diags_.items()[0];
    EXPECT_EQ(d.line, line) << d.ToString();
    EXPECT_EQ(d.column, column) << d.ToString();
    EXPECT_EQ(d.path, path) << d.ToString();
    EXPECT_THAT(d.message, HasSubstr(std::string(message)));
    diags_ = Diagnostics("s.yaml");
  }
  // Exactly one diagnostic with this exact message (any place).
  void ExpectMessage(std::string_view message) {
    ASSERT_EQ(diags_.size(), 1u) << diags_.ToString();
    EXPECT_EQ(diags_.items()[0].message, message);
    diags_ = Diagnostics("s.yaml");
  }
  void ExpectClean() { EXPECT_TRUE(diags_.ok()) << diags_.ToString(); }

  Diagnostics diags_{"s.yaml"};
  std::optional<YAML::Node> root_;
};

// ---------------------------------------------------------------------------------------
// Diagnostics and EditDistance.

TEST(DiagnosticsTest, FormatsEachPartOnlyWhenKnown) {
  EXPECT_EQ((Diagnostic{"f.yaml", 3, 7, "meta.name", "is required"}.ToString()),
            "f.yaml:3:7: meta.name: is required");
  EXPECT_EQ((Diagnostic{"f.yaml", 0, 0, "", "the file is empty"}.ToString()),
            "f.yaml: the file is empty");
  EXPECT_EQ((Diagnostic{"f.yaml", 2, 0, "a", "m"}.ToString()), "f.yaml:2: a: m");
  EXPECT_EQ((Diagnostic{"", 0, 0, "", "m"}.ToString()), "m");
}

TEST(DiagnosticsTest, SortsByPlaceStablyCapsAndDropsRepeats) {
  Diagnostics diags("f.yaml");
  diags.Add(5, 1, "e", "fifth");
  diags.Add(2, 9, "b", "second");
  diags.Add(2, 3, "a", "first");
  diags.Add(2, 9, "b2", "second, found later");
  diags.Add(2, 9, "b", "second");  // an identical report is printed once
  EXPECT_EQ(diags.size(), 5u);
  EXPECT_EQ(diags.ToString(),
            "f.yaml:2:3: a: first\n"
            "f.yaml:2:9: b: second\n"
            "f.yaml:2:9: b2: second, found later\n"
            "f.yaml:5:1: e: fifth");
  EXPECT_EQ(diags.ToString(2),
            "f.yaml:2:3: a: first\n"
            "f.yaml:2:9: b: second\n"
            "... and 2 more errors");
  EXPECT_EQ(diags.ToString(3),
            diags.ToString(3).substr(0, diags.ToString(3).find("...")) + "... and 1 more error");
  EXPECT_TRUE(Diagnostics("x").ToString().empty());
}

TEST(EditDistanceTest, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("staf", "staff"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("sitting", "kitten"), 3u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
}

// ---------------------------------------------------------------------------------------
// Parsing and hostile input.

TEST_F(ReaderTest, ParsesAMapping) {
  const Node root = Load("version: 1\nmeta:\n  name: x\n");
  EXPECT_TRUE(root.IsMap());
  EXPECT_EQ(root["meta"]["name"].AsName(), "x");
  ExpectClean();
}

TEST_F(ReaderTest, SyntaxErrorsAreLocatedAndExplained) {
  EXPECT_FALSE(ParseYamlString("a: [1, 2\nb: 3\n", diags_));
  ExpectOne(2, 2, "", "syntax error: end of sequence flow not found (a '[' is not closed");
  EXPECT_FALSE(ParseYamlString("a: 1\n  b: 2\n", diags_));
  ExpectOne(2, 4, "", "syntax error: illegal map value");
  EXPECT_FALSE(ParseYamlString("a: *nowhere\n", diags_));
  ExpectOne(1, 4, "", "syntax error: the referenced anchor is not defined");
  EXPECT_FALSE(ParseYamlString("a: [1]]\n", diags_));
  ExpectOne(1, 7, "", "syntax error: illegal flow end (a ']' or '}' closes nothing)");
  // yaml-cpp 0.7 itself accepts a quote left open, swallowing the rest of the file.
  EXPECT_FALSE(ParseYamlString("a: 1\nb: \"open\nc: 2\n", diags_));
  ExpectOne(2, 4, "", "syntax error: a quoted string is not closed before the end of the file");
  EXPECT_FALSE(ParseYamlString("a: 'it''s\n", diags_));
  ExpectOne(1, 4, "", "syntax error: a quoted string is not closed before the end of the file");
}

TEST_F(ReaderTest, TabIndentationIsNamed) {
  // yaml-cpp's own message ("end of map not found") does not mention the tab.
  EXPECT_FALSE(ParseYamlString("a:\n  b: 1\n\tc: 2\n", diags_));
  ExpectOne(3, 1, "",
            "syntax error: a tab in the indentation; indent with spaces (YAML does not allow tabs "
            "there)");
}

TEST_F(ReaderTest, EmptyFilesAreRefused) {
  for (const char* text : {"", "# only a comment\n\n   \n", "---\n", "~\n"}) {
    EXPECT_FALSE(ParseYamlString(text, diags_)) << text;
    ExpectMessage("the file is empty");
    EXPECT_FALSE(ParseYamlString(text, diags_, {}, "a mapping with a and b")) << text;
    ExpectMessage("the file is empty; expected a mapping with a and b");
  }
}

TEST_F(ReaderTest, BinaryAndInvalidUtf8AreRefused) {
  EXPECT_FALSE(ParseYamlString(std::string_view("a: 1\nb: x\0y\n", 12), diags_));
  ExpectOne(2, 5, "", "binary data, not YAML");
  EXPECT_FALSE(ParseYamlString("a: 1\nb: caf\xE9\n", diags_));
  ExpectOne(2, 7, "", "not valid UTF-8 (byte 0xE9)");
  // Chinese labels and a byte order mark are fine.
  EXPECT_TRUE(ParseYamlString("\xEF\xBB\xBFlabel: \"城管 Urban management\"\n", diags_));
  ExpectClean();
}

TEST_F(ReaderTest, OversizedTextIsRefusedBeforeParsing) {
  const std::string big(40u << 20, 'a');  // 40 MiB, over the 4 MiB default
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ParseYamlString(big, diags_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  ExpectMessage("the file is too large: 41943040 bytes; expected at most 4194304 bytes");
  ParseLimits small;
  small.max_bytes = 8;
  EXPECT_FALSE(ParseYamlString("a: 123456\n", diags_, small));
  ExpectMessage("the file is too large: 10 bytes; expected at most 8 bytes");
}

TEST_F(ReaderTest, DeepFlowNestingIsRefusedWithoutCrashing) {
  for (const char open : {'[', '{'}) {
    const std::string text = "a: " + std::string(10000, open);
    EXPECT_FALSE(ParseYamlString(text, diags_));
    ASSERT_EQ(diags_.size(), 1u) << diags_.ToString();
    EXPECT_EQ(diags_.items()[0].message,
              "too deeply nested: more than 64 levels of mappings and lists inside one another");
    EXPECT_EQ(diags_.items()[0].line, 1);
    diags_ = Diagnostics("s.yaml");
  }
  // Single-pair mappings in flow lists nest twice per bracket.
  std::string pairs;
  for (int i = 0; i < 5000; ++i) pairs += "[a: ";
  EXPECT_FALSE(ParseYamlString(pairs, diags_));
  ExpectOne(1, 257, "", "too deeply nested");
}

TEST_F(ReaderTest, DeepBlockNestingIsRefusedWithoutCrashing) {
  std::string dashes;
  for (int i = 0; i < 10000; ++i) dashes += "- ";
  dashes += "x\n";
  EXPECT_FALSE(ParseYamlString(dashes, diags_));
  ExpectOne(1, 257, "", "too deeply nested");

  std::string indented;
  for (int i = 0; i < 2000; ++i) indented += std::string(i, ' ') + "a:\n";
  EXPECT_FALSE(ParseYamlString(indented, diags_));
  ExpectOne(129, 129, "", "too deeply nested");

  std::string mixed;  // "- key:" per level, two levels a line
  for (int i = 0; i < 5000; ++i) mixed += std::string(2 * i, ' ') + "- k:\n";
  ParseLimits roomy;  // 25 MB of indentation: past max_bytes, which would refuse it first
  roomy.max_bytes = 32u << 20;
  EXPECT_FALSE(ParseYamlString(mixed, diags_, roomy));
  EXPECT_EQ(diags_.size(), 1u);
  EXPECT_THAT(diags_.items()[0].message, HasSubstr("too deeply nested"));
}

TEST_F(ReaderTest, DepthLimitIsExact) {
  const auto nested = [](int depth) {
    return std::string(depth, '[') + "1" + std::string(depth, ']') + "\n";
  };
  EXPECT_TRUE(ParseYamlString(nested(64), diags_));
  ExpectClean();
  EXPECT_FALSE(ParseYamlString(nested(65), diags_));
  ExpectOne(1, 65, "", "too deeply nested: more than 64 levels");
  ParseLimits shallow;
  shallow.max_depth = 3;
  EXPECT_TRUE(ParseYamlString("a:\n  b:\n    c: 1\n", diags_, shallow));
  ExpectClean();
  EXPECT_FALSE(ParseYamlString("a:\n  b:\n    c:\n      d: 1\n", diags_, shallow));
  ExpectOne(4, 7, "", "more than 3 levels");
  // Aliases count at the depth where they are used.
  EXPECT_FALSE(ParseYamlString("x: &deep {b: {c: 1}}\ny:\n  z: *deep\n", diags_, shallow));
  ExpectOne(3, 6, "",
            "too deeply nested: more than 3 levels of mappings and lists inside one "
            "another (through alias *deep)");
}

TEST_F(ReaderTest, BracketsAndQuotesInsideScalarsAreNotNesting) {
  const std::string brackets(200, '[');
  const std::string text = "a: |\n  " + brackets + "\n  - - - - - -\nb: '" + brackets +
                           "'\nc: \"{{{{\n  " + brackets + "\"\nd: x " + brackets + "\ne: [\"" +
                           brackets + "\", 'it''s " + brackets + "']\nf: it's " + brackets +
                           "\n# " + brackets + "\n";
  const Node root = Load(text);
  EXPECT_EQ(root["b"].AsString(), brackets);
  EXPECT_EQ(root["d"].AsString(), "x " + brackets);
}

TEST_F(ReaderTest, AliasBombIsRefusedQuickly) {
  // The classic "billion laughs": 9 levels of 9 aliases each expand to 9^9 ≈ 387 million
  // nodes, though yaml-cpp shares them and the file is tiny.
  std::string text = "l0: &l0 \"lol\"\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 9; ++i) text += (i > 0 ? ", " : "") + previous;
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ParseYamlString(text, diags_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_THAT(diags_.items()[0].message,
              HasSubstr("too many nodes after alias expansion (alias bomb?): more than 200000"));
  EXPECT_EQ(diags_.items()[0].line, 7);  // where the count passes max_nodes (200,000)
}

TEST_F(ReaderTest, NodeAndScalarLimitsAreEnforced) {
  ParseLimits limits;
  limits.max_nodes = 5;
  EXPECT_TRUE(ParseYamlString("a: 1\nb: 2\n", diags_, limits));  // map + 4 scalars
  ExpectClean();
  EXPECT_FALSE(ParseYamlString("a: 1\nb: [2]\n", diags_, limits));
  ExpectOne(2, 5, "", "too many nodes after alias expansion (alias bomb?)");
  limits = ParseLimits();
  limits.max_scalar_bytes = 4;
  EXPECT_FALSE(ParseYamlString("a: 1234\nb: 12345\n", diags_, limits));
  ExpectOne(2, 4, "", "a string of 5 bytes is too long; expected at most 4 bytes");
}

TEST_F(ReaderTest, LongScalarsAreRefusedBeforeParsing) {
  // yaml-cpp reads a long plain scalar at about 5 MB/s: the pre-scan refuses it at once.
  const std::string x(3u << 20, 'x');  // beyond twice the limit, where the pre-scan acts
  ParseLimits roomy;  // two such scalars exceed max_bytes, which would refuse them first
  roomy.max_bytes = 32u << 20;
  for (const std::string& text :
       {"meta: {name: small, title: " + x + "}\n", "title: " + x + "\n", "title: \"" + x + "\"\n",
        "title: |\n  " + x + "\n", "title: >\n  " + x + "\n  " + x}) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(ParseYamlString(text, diags_, roomy));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
    ASSERT_EQ(diags_.size(), 1u) << diags_.ToString();
    EXPECT_THAT(diags_.items()[0].message, HasSubstr("bytes is too long; expected at most "
                                                     "1048576 bytes"));
    EXPECT_EQ(diags_.items()[0].line, 1);
    diags_ = Diagnostics("s.yaml");
  }
  EXPECT_FALSE(ParseYamlString("meta: {name: small, title: " + x + "}\n", diags_));
  ExpectOne(1, 28, "", "a string of 3145728 bytes is too long; expected at most 1048576 bytes");
  // Just over the limit: measured exactly, on yaml-cpp's reading of the value.
  ParseLimits limits;
  limits.max_scalar_bytes = 1000;
  EXPECT_TRUE(ParseYamlString("t: '" + std::string(1000, 'y') + "'\n", diags_, limits));
  ExpectClean();
  EXPECT_FALSE(ParseYamlString("t: '" + std::string(1001, 'y') + "'\n", diags_, limits));
  ExpectOne(1, 4, "", "a string of 1001 bytes is too long; expected at most 1000 bytes");
  // Escapes make the value shorter than its text: 1000 escaped quotes are 1000 bytes.
  std::string escaped;
  for (int i = 0; i < 1000; ++i) escaped += "''";
  EXPECT_TRUE(ParseYamlString("t: '" + escaped + "'\n", diags_, limits));
  ExpectClean();
}

TEST_F(ReaderTest, CyclicAliasIsRefused) {
  // yaml-cpp would build a node that contains itself: any traversal would never end.
  EXPECT_FALSE(ParseYamlString("a: &x [1, *x]\n", diags_));
  ExpectOne(1, 11, "", "alias *x refers to a node that contains it (a cycle)");
}

TEST_F(ReaderTest, SecondDocumentIsRefused) {
  EXPECT_FALSE(ParseYamlString("a: 1\n---\nb: 2\n", diags_));
  ExpectOne(2, 1, "", "a second YAML document starts here");
  // yaml-cpp ends a top-level list at a mapping key and starts a new document there.
  EXPECT_FALSE(ParseYamlString("- a\nb: 1\n", diags_));
  ExpectOne(2, 1, "", "a second YAML document starts here");
}

// ---------------------------------------------------------------------------------------
// Files.

class FileTest : public ReaderTest {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("yaml_reader_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::permissions(dir_ / "locked.yaml", std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(FileTest, ReadsAFile) {
  const std::optional<YAML::Node> root = ParseYamlFile(Write("ok.yaml", "a: 1\n"), diags_);
  ASSERT_TRUE(root);
  EXPECT_EQ(Node(*root, "", &diags_)["a"].AsInt(0, 9), 1);
  ExpectClean();
}

TEST_F(FileTest, RefusesWhatIsNotAReadableFile) {
  EXPECT_FALSE(ParseYamlFile(dir_.string(), diags_));
  ExpectOne(0, 0, "", "cannot read the file: Is a directory");
  EXPECT_FALSE(ParseYamlFile((dir_ / "missing.yaml").string(), diags_));
  ExpectOne(0, 0, "", "cannot read the file: No such file or directory");
  const std::string file = Write("plain.yaml", "a: 1\n");
  EXPECT_FALSE(ParseYamlFile(file + "/below", diags_));
  ExpectOne(0, 0, "", "cannot read the file: Not a directory");
  const std::string locked = Write("locked.yaml", "a: 1\n");
  ::chmod(locked.c_str(), 0);
  if (::access(locked.c_str(), R_OK) != 0) {  // root reads anyway
    EXPECT_FALSE(ParseYamlFile(locked, diags_));
    ExpectOne(0, 0, "", "cannot read the file: Permission denied");
  }
}

TEST_F(FileTest, RefusesAHugeFileWithoutReadingIt) {
  const std::string path = (dir_ / "huge.yaml").string();
  std::ofstream(path).close();
  std::filesystem::resize_file(path, 40u << 20);  // sparse: nothing is written
  EXPECT_FALSE(ParseYamlFile(path, diags_));
  ExpectMessage("the file is too large: 41943040 bytes; expected at most 4194304 bytes");
}

TEST_F(FileTest, ReportsLocationsOfTheFile) {
  EXPECT_FALSE(ParseYamlFile(Write("bad.yaml", "a: 1\nb: [\n"), diags_));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_.items()[0].file, "s.yaml");
  EXPECT_GT(diags_.items()[0].line, 1);
}

// ---------------------------------------------------------------------------------------
// Node: paths, places and keys.

TEST_F(ReaderTest, PathsAndPlacesFollowTheTree) {
  const Node root = Load(
      "meta:\n"
      "  name: x\n"
      "list:\n"
      "  - a\n"
      "  - b: 1\n"
      "    c: [5, 6]\n");
  const Node b = root["list"].Items()[1]["b"];
  EXPECT_EQ(b.path(), "list[1].b");
  EXPECT_EQ(b.line(), 5);
  EXPECT_EQ(b.column(), 8);
  const Node six = root["list"].Items()[1]["c"].Items()[1];
  EXPECT_EQ(six.path(), "list[1].c[1]");
  EXPECT_EQ(six.line(), 6);
  EXPECT_EQ(six.column(), 12);
  EXPECT_EQ(six.AsInt(0, 10), 6);
  ExpectClean();
}

TEST_F(ReaderTest, MissingKeysAreUndefinedAndLocatedAtTheParent) {
  const Node root = Load("a: 1\nmeta:\n  name: x\n");
  const Node title = root["meta"]["title"];
  EXPECT_FALSE(title.defined());
  EXPECT_FALSE(root["meta"].Has("title"));
  EXPECT_TRUE(root["meta"].Has("name"));
  EXPECT_EQ(title.path(), "meta.title");
  EXPECT_EQ(title.AsString(), std::nullopt);
  ExpectOne(3, 3, "meta.title", "is required");
  // A child of a scalar is missing, not an error by itself.
  EXPECT_FALSE(root["a"]["b"].defined());
  EXPECT_FALSE(root["nothing"]["deeper"].defined());
  ExpectClean();
}

TEST_F(ReaderTest, EmptyValuesAreLocatedAtTheirKey) {
  const Node root = Load("a:\nb: 1\n");
  EXPECT_TRUE(root["a"].IsNull());
  EXPECT_EQ(root["a"].AsInt(0, 5), std::nullopt);
  ExpectOne(1, 1, "a", "expected an integer between 0 and 5, got an empty value");
}

TEST_F(ReaderTest, TypePredicates) {
  const Node root = Load("m: {}\ns: []\nx: 1\nn: ~\n");
  EXPECT_TRUE(root["m"].IsMap());
  EXPECT_TRUE(root["s"].IsSequence());
  EXPECT_TRUE(root["x"].IsScalar());
  EXPECT_TRUE(root["n"].IsNull());
  EXPECT_TRUE(root["n"].defined());
  EXPECT_FALSE(root["m"].IsScalar());
  EXPECT_FALSE(root["zz"].IsNull());
  ExpectClean();
}

TEST_F(ReaderTest, CheckKeysSuggestsTheClosestKey) {
  const Node root = Load("unit:\n  name: a\n  staf: 3\n  colour: red\n");
  EXPECT_FALSE(root["unit"].CheckKeys({"name", "staff", "stuff", "hours"}));
  ASSERT_EQ(diags_.size(), 2u);
  EXPECT_EQ(diags_.items()[0].ToString(),
            "s.yaml:3:3: unit.staf: unknown key 'staf'; did you mean 'staff'?");
  EXPECT_EQ(diags_.items()[1].ToString(),
            "s.yaml:4:3: unit.colour: unknown key 'colour'; expected one of name, staff, stuff, "
            "hours");
  diags_ = Diagnostics("s.yaml");
  EXPECT_TRUE(root["unit"].CheckKeys({"name", "staf", "colour"}));
  ExpectClean();
}

TEST_F(ReaderTest, CheckKeysReportsDuplicatesAndNonMappings) {
  const Node root = Load("unit:\n  staff: 1\n  hours: office\n  staff: 2\nlist: [1]\n");
  EXPECT_FALSE(root["unit"].CheckKeys({"staff", "hours"}));
  ExpectOne(4, 3, "unit.staff",
            "duplicate key 'staff' (first at line 2); each key may appear only once");
  EXPECT_EQ(root["unit"]["staff"].AsInt(0, 9), 1);  // the first one is read
  EXPECT_FALSE(root["list"].CheckKeys({"a"}));
  ExpectOne(5, 7, "list", "expected a mapping, got a list");
  EXPECT_FALSE(root["none"].CheckKeys({"a"}));
  ExpectOne(1, 1, "none", "is required");
}

TEST_F(ReaderTest, EntriesInFileOrderWithoutDuplicates) {
  const Node root = Load("d:\n  zeta: 1\n  alpha: 2\n  zeta: 3\nl: [1]\n");
  const auto entries = root["d"].Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].first, "zeta");
  EXPECT_EQ(entries[0].second.path(), "d.zeta");
  EXPECT_EQ(entries[0].second.AsInt(0, 9), 1);
  EXPECT_EQ(entries[1].first, "alpha");
  EXPECT_EQ(entries[1].second.line(), 3);
  ExpectOne(4, 3, "d.zeta", "duplicate key 'zeta' (first at line 2)");
  // CheckKeys and Entries both see the duplicate; it is printed once.
  root["d"].CheckKeys({"zeta", "alpha"});
  root["d"].Entries();
  EXPECT_EQ(diags_.size(), 2u);
  EXPECT_EQ(diags_.ToString(),
            "s.yaml:4:3: d.zeta: duplicate key 'zeta' (first at line 2); each key may appear "
            "only once");
  diags_ = Diagnostics("s.yaml");
  EXPECT_TRUE(root["l"].Entries().empty());
  ExpectOne(5, 4, "l", "expected a mapping, got a list");
}

TEST_F(ReaderTest, NonScalarKeysAreReported) {
  const Node root = Load("m:\n  [a]: 1\n  b: 2\n");
  EXPECT_EQ(root["m"].Entries().size(), 1u);
  ExpectOne(2, 3, "m", "expected a key name, got a list as a key");
}

TEST_F(ReaderTest, ItemsOfAList) {
  const Node root = Load("l:\n  - 1\n  - two\nm: {a: 1}\n");
  const std::vector<Node> items = root["l"].Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].path(), "l[1]");
  EXPECT_EQ(items[1].AsString(), "two");
  EXPECT_TRUE(root["m"].Items().empty());
  ExpectOne(4, 4, "m", "expected a list, got a mapping");
  EXPECT_TRUE(root["x"].Items().empty());
  ExpectOne(1, 1, "x", "is required");
}

// ---------------------------------------------------------------------------------------
// Scalars.

TEST_F(ReaderTest, Strings) {
  EXPECT_EQ(Value("hello world").AsString(), "hello world");
  EXPECT_EQ(Value("'quoted: yes'").AsString(), "quoted: yes");
  EXPECT_EQ(Value("2024").AsString(), "2024");
  ExpectClean();
  EXPECT_EQ(Value("[a]").AsString(), std::nullopt);
  ExpectOne(1, 6, "key", "expected a string, got a list");
  EXPECT_EQ(Value("").AsString(), std::nullopt);
  ExpectOne(1, 1, "key", "expected a string, got an empty value");
}

TEST_F(ReaderTest, Names) {
  EXPECT_EQ(Value("urban_management2").AsName(), "urban_management2");
  EXPECT_EQ(Value(std::string(64, 'a')).AsName(), std::string(64, 'a'));
  ExpectClean();
  for (const std::string& bad :
       std::vector<std::string>{"Fenghuang", "1st", "a-b", "_a", "\"\"", std::string(65, 'a')}) {
    EXPECT_EQ(Value(bad).AsName(), std::nullopt) << bad;
    ASSERT_EQ(diags_.size(), 1u) << bad;
    EXPECT_THAT(diags_.items()[0].message,
                HasSubstr("expected a name: a lowercase letter, then lowercase letters, digits "
                          "or '_', at most 64 characters; got \""));
    diags_ = Diagnostics("s.yaml");
  }
}

TEST_F(ReaderTest, Booleans) {
  EXPECT_EQ(Value("true").AsBool(), true);
  EXPECT_EQ(Value("false").AsBool(), false);
  ExpectClean();
  for (const char* bad : {"yes", "on", "True", "1", "no"}) {
    EXPECT_EQ(Value(bad).AsBool(), std::nullopt) << bad;
    ExpectMessage("expected true or false, got \"" + std::string(bad) + "\"");
  }
  EXPECT_EQ(Value("\"true\"").AsBool(), std::nullopt);
  ExpectMessage("expected true or false, got the string \"true\" (write it without quotes)");
}

TEST_F(ReaderTest, Integers) {
  EXPECT_EQ(Value("42").AsInt(1, 100000), 42);
  EXPECT_EQ(Value("-3").AsInt(-5, 5), -3);
  EXPECT_EQ(Value("+5").AsInt(0, 5), 5);
  EXPECT_EQ(Value("007").AsInt(0, 10), 7);  // decimal, never octal
  EXPECT_EQ(Value("9223372036854775807").AsInt(0, std::numeric_limits<std::int64_t>::max()),
            std::numeric_limits<std::int64_t>::max());
  ExpectClean();
  EXPECT_EQ(Value("ten").AsInt(1, 100000), std::nullopt);
  ExpectOne(1, 6, "key", "expected an integer between 1 and 100000, got \"ten\"");
  // Not integers: a fraction, hexadecimal (refused: a scenario has no use for it, and YAML
  // versions disagree on it), exponents, separators, floats that happen to be whole.
  for (const char* bad : {"3.5", "0x10", "1e3", "1_000", "3.0", "", "1 000", ".inf"}) {
    EXPECT_EQ(Value(bad).AsInt(0, 100000), std::nullopt) << bad;
    ASSERT_EQ(diags_.size(), 1u) << bad;
    EXPECT_THAT(diags_.items()[0].message, HasSubstr("expected an integer between 0 and 100000"));
    diags_ = Diagnostics("s.yaml");
  }
  EXPECT_EQ(Value("0").AsInt(1, 100000), std::nullopt);
  ExpectMessage("expected an integer between 1 and 100000, got \"0\"");
  EXPECT_EQ(Value("99999999999999999999").AsInt(0, 10), std::nullopt);
  ExpectMessage(
      "expected an integer between 0 and 10, got \"99999999999999999999\" (out of "
      "range)");
  EXPECT_EQ(Value("-1").AsInt(0, std::numeric_limits<std::int64_t>::max()), std::nullopt);
  ExpectMessage("expected an integer >= 0, got \"-1\"");
  EXPECT_EQ(Value("'3'").AsInt(0, 10), std::nullopt);
  ExpectMessage(
      "expected an integer between 0 and 10, got the string \"3\" (write it without "
      "quotes)");
  EXPECT_EQ(Value("{a: 1}").AsInt(0, 10), std::nullopt);
  ExpectMessage("expected an integer between 0 and 10, got a mapping");
}

TEST_F(ReaderTest, Numbers) {
  EXPECT_EQ(Value("1.5").AsNumber(0, 10), 1.5);
  EXPECT_EQ(Value("-2").AsNumber(-kInf, kInf), -2);
  EXPECT_EQ(Value("1e3").AsNumber(0, kInf), 1000);
  EXPECT_EQ(Value(".5").AsNumber(0, 1), 0.5);
  EXPECT_EQ(Value("5.").AsNumber(0, 10), 5);
  EXPECT_EQ(Value("2.5E-1").AsNumber(0, 1), 0.25);
  ExpectClean();
  for (const char* bad : {".nan", ".NaN", ".inf", "-.inf", "nan", "inf", "abc", "1_000", "0x1p3",
                          "1e", "e3", ".", "1.2.3"}) {
    EXPECT_EQ(Value(bad).AsNumber(-kInf, kInf), std::nullopt) << bad;
    ExpectMessage("expected a number, got \"" + std::string(bad) + "\"");
  }
  EXPECT_EQ(Value("1e999").AsNumber(0, kInf), std::nullopt);
  ExpectMessage("expected a number >= 0, got \"1e999\" (out of range)");
  EXPECT_EQ(Value("-0.5").AsNumber(0, 1), std::nullopt);
  ExpectOne(1, 6, "key", "expected a number between 0 and 1, got \"-0.5\"");
  EXPECT_EQ(Value("3").AsNumber(-kInf, 2), std::nullopt);
  ExpectMessage("expected a number <= 2, got \"3\"");
}

TEST_F(ReaderTest, Probabilities) {
  EXPECT_EQ(Value("0").AsProbability(), 0);
  EXPECT_EQ(Value("1").AsProbability(), 1);
  EXPECT_EQ(Value("0.25").AsProbability(), 0.25);
  ExpectClean();
  for (const char* bad : {"1.5", "-0.1", "half", ".nan"}) {
    EXPECT_EQ(Value(bad).AsProbability(), std::nullopt) << bad;
    ExpectMessage("expected a probability between 0 and 1, got \"" + std::string(bad) + "\"");
  }
}

TEST_F(ReaderTest, Durations) {
  EXPECT_EQ(Value("2h").AsDuration(), kernel::Duration::Calendar(2 * kernel::kHour));
  EXPECT_EQ(Value("4wh").AsDuration(), kernel::Duration::WorkingHours(4 * kernel::kHour));
  EXPECT_EQ(Value("5wd").AsDuration(), kernel::Duration::WorkingDays(5));
  EXPECT_EQ(Value("0").AsDuration(false), kernel::Duration::Calendar(0));
  EXPECT_EQ(Value("90m").AsCalendarDuration(), 90 * kernel::kMinute);
  ExpectClean();
  EXPECT_EQ(Value("3 parsecs").AsDuration(), std::nullopt);
  ExpectOne(1, 6, "key",
            "expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd; got \"3 parsecs\"");
  EXPECT_EQ(Value("4wh").AsDuration(false), std::nullopt);
  ExpectMessage(
      "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got \"4wh\" "
      "(working time is not allowed here)");
  EXPECT_EQ(Value("5wd").AsCalendarDuration(), std::nullopt);
  ExpectMessage(
      "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got \"5wd\" "
      "(working time is not allowed here)");
  EXPECT_EQ(Value("15").AsCalendarDuration(), std::nullopt);
  ExpectMessage(
      "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got \"15\" "
      "(missing unit)");
  EXPECT_EQ(Value("[2h]").AsDuration(), std::nullopt);
  ExpectMessage("expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd; got a list");
}

TEST_F(ReaderTest, Dates) {
  EXPECT_EQ(Value("2024-10-01").AsDate(), (kernel::CivilDate{2024, 10, 1}));
  ExpectClean();
  EXPECT_EQ(Value("2023-02-29").AsDate(), std::nullopt);
  ExpectOne(1, 6, "key",
            "expected a date as YYYY-MM-DD, such as 2024-10-01; got \"2023-02-29\" (2023-02 has "
            "28 days)");
  EXPECT_EQ(Value("1 October").AsDate(), std::nullopt);
  ExpectMessage(
      "expected a date as YYYY-MM-DD, such as 2024-10-01; got \"1 October\" (not of "
      "the form YYYY-MM-DD with digits)");
}

TEST_F(ReaderTest, DateTimes) {
  std::optional<DateTime> t = Value("2024-09-14T08:30").AsDateTime();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->date, (kernel::CivilDate{2024, 9, 14}));
  EXPECT_EQ(t->minute_of_day, 8 * 60 + 30);
  t = Value("2024-09-14").AsDateTime();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->minute_of_day, 0);
  ExpectClean();
  for (const char* bad : {"2024-09-14T24:00", "2024-09-14 08:00", "2024-09-14T8:00", "today"}) {
    EXPECT_EQ(Value(bad).AsDateTime(), std::nullopt) << bad;
    ExpectMessage(
        "expected a date-time as YYYY-MM-DDTHH:MM or a date as YYYY-MM-DD, such as "
        "2024-09-14T08:00; got \"" +
        std::string(bad) + "\"");
  }
  EXPECT_EQ(Value("2023-02-29T08:00").AsDateTime(), std::nullopt);
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_THAT(diags_.items()[0].message, HasSubstr("(2023-02 has 28 days)"));
}

TEST_F(ReaderTest, UtcOffsets) {
  EXPECT_EQ(Value("+08:00").AsUtcOffsetMinutes(), 480);
  EXPECT_EQ(Value("-05:30").AsUtcOffsetMinutes(), -330);
  EXPECT_EQ(Value("+00:00").AsUtcOffsetMinutes(), 0);
  EXPECT_EQ(Value("+14:00").AsUtcOffsetMinutes(), 14 * 60);
  ExpectClean();
  for (const char* bad : {"08:00", "+8:00", "+08:60", "8", "UTC+8"}) {
    EXPECT_EQ(Value(bad).AsUtcOffsetMinutes(), std::nullopt) << bad;
    ExpectMessage("expected a UTC offset as +HH:MM or -HH:MM, such as +08:00; got \"" +
                  std::string(bad) + "\"");
  }
  EXPECT_EQ(Value("+15:00").AsUtcOffsetMinutes(), std::nullopt);
  ExpectMessage(
      "expected a UTC offset as +HH:MM or -HH:MM, such as +08:00; got \"+15:00\" "
      "(offsets are at most 14:00)");
}

TEST_F(ReaderTest, TimeRanges) {
  const auto ranges = Value("[\"09:00-12:00\", \"13:30-18:00\", 22:00-24:00]").AsTimeRanges();
  ASSERT_TRUE(ranges);
  ASSERT_EQ(ranges->size(), 3u);
  EXPECT_EQ((*ranges)[0].start_minute, 540);
  EXPECT_EQ((*ranges)[0].end_minute, 720);
  EXPECT_EQ((*ranges)[1].start_minute, 810);
  EXPECT_EQ((*ranges)[2].end_minute, 1440);
  EXPECT_EQ(Value("[09:00-12:00, 12:00-13:00]").AsTimeRanges()->size(), 2u);  // touching
  EXPECT_TRUE(Value("[]").AsTimeRanges()->empty());
  ExpectClean();

  EXPECT_EQ(Value("[12:00-09:00]").AsTimeRanges(), std::nullopt);
  ExpectOne(1, 7, "key[0]",
            "expected a time range as HH:MM-HH:MM, such as 09:00-12:00; got \"12:00-09:00\" (the "
            "start must be before the end)");
  EXPECT_EQ(Value("[9-12]").AsTimeRanges(), std::nullopt);
  ExpectMessage("expected a time range as HH:MM-HH:MM, such as 09:00-12:00; got \"9-12\"");
  for (const char* bad : {"24:00-24:00", "08:00-24:30", "25:00-26:00", "08:60-09:00"}) {
    EXPECT_EQ(Value("[" + std::string(bad) + "]").AsTimeRanges(), std::nullopt) << bad;
    ExpectMessage("expected a time range as HH:MM-HH:MM, such as 09:00-12:00; got \"" +
                  std::string(bad) +
                  "\" (hours run 00-23 and minutes 00-59; 24:00 only as an "
                  "end)");
  }
  const Node overlap = Load("key:\n  - 09:00-12:00\n  - 11:00-13:00\n  - 08:00-08:30\n")["key"];
  EXPECT_EQ(overlap.AsTimeRanges(), std::nullopt);
  ASSERT_EQ(diags_.size(), 2u);
  EXPECT_EQ(diags_.items()[0].ToString(),
            "s.yaml:3:5: key[1]: time range \"11:00-13:00\" starts before the previous range "
            "\"09:00-12:00\" ends; expected ranges in order and not overlapping");
  EXPECT_EQ(diags_.items()[1].path, "key[2]");
  EXPECT_EQ(diags_.items()[1].line, 4);
  diags_ = Diagnostics("s.yaml");
  EXPECT_EQ(Value("09:00-12:00").AsTimeRanges(), std::nullopt);
  ExpectMessage(
      "expected a list of time ranges such as [\"09:00-12:00\", \"13:30-18:00\"], got "
      "\"09:00-12:00\"");
}

TEST_F(ReaderTest, Weights) {
  EXPECT_EQ(Value("[1, 0, 2.5]").AsWeights(3), (std::vector<double>{1, 0, 2.5}));
  ExpectClean();
  EXPECT_EQ(Value("[1, 2]").AsWeights(3), std::nullopt);
  ExpectOne(1, 6, "key", "expected a list of 3 numbers >= 0 with a positive sum, got a list of 2");
  EXPECT_EQ(Value("[1, -2, 3]").AsWeights(3), std::nullopt);
  ExpectOne(1, 10, "key[1]", "expected a number >= 0, got \"-2\"");
  EXPECT_EQ(Value("[0, 0]").AsWeights(2), std::nullopt);
  ExpectMessage("expected a list of 2 numbers >= 0 with a positive sum, got a sum of 0");
  EXPECT_EQ(Value("flat").AsWeights(24), std::nullopt);
  ExpectMessage("expected a list of 24 numbers >= 0 with a positive sum, got \"flat\"");
}

// ---------------------------------------------------------------------------------------
// Distributions.

// The mean of a distribution read from `yaml` (the value of `work:`), or NaN after an error.
class DistributionTest : public ReaderTest {
 protected:
  double Mean(std::string_view yaml, Node::Quantity quantity = Node::Quantity::kTime) {
    const std::optional<kernel::Distribution> d =
        Load("work: " + std::string(yaml) + "\n")["work"].AsDistribution(quantity);
    EXPECT_EQ(d.has_value(), diags_.ok()) << diags_.ToString();
    return d ? d->Mean() : std::numeric_limits<double>::quiet_NaN();
  }
  std::optional<kernel::Distribution> Read(std::string_view yaml,
                                           Node::Quantity quantity = Node::Quantity::kTime) {
    return Load(yaml)["work"].AsDistribution(quantity);
  }
};

TEST_F(DistributionTest, EveryTimeKindInHours) {
  EXPECT_DOUBLE_EQ(Mean("90m"), 1.5);
  EXPECT_DOUBLE_EQ(Mean("{dist: exponential, mean: 2h}"), 2);
  EXPECT_DOUBLE_EQ(Mean("{dist: erlang, k: 3, mean: 30m}"), 0.5);
  EXPECT_DOUBLE_EQ(Mean("{dist: gamma, mean: 1d, cv: 0.5}"), 24);
  EXPECT_DOUBLE_EQ(Mean("{dist: lognormal, mean: 2h, cv: 1.5}"), 2);
  EXPECT_DOUBLE_EQ(Mean("{dist: deterministic, value: 45m}"), 0.75);
  EXPECT_DOUBLE_EQ(Mean("{dist: uniform, low: 1h, high: 3h}"), 2);
  EXPECT_DOUBLE_EQ(Mean("{dist: triangular, low: 0, mode: 1h, high: 2h}"), 1);
  EXPECT_DOUBLE_EQ(Mean("{dist: histogram, edges: [0, 1h, 3h], weights: [1, 1]}"), 1.25);
  EXPECT_DOUBLE_EQ(Mean("{dist: sample, values: [1h, 2h, 6h]}"), 3);
  EXPECT_DOUBLE_EQ(Mean("{dist: mixture, components: [{p: 0.25, dist: deterministic, value: 4h}, "
                        "{p: 0.75, dist: exponential, mean: 4h}]}"),
                   4);
  // Nested mixtures, and p summing to 1 within 1e-6 (normalised for the kernel's 1e-9).
  EXPECT_NEAR(Mean("{dist: mixture, components: [{p: 0.3333333, dist: deterministic, value: 3h},"
                   " {p: 0.6666667, dist: mixture, components: [{p: 1, dist: deterministic, "
                   "value: 6h}]}]}"),
              5, 1e-6);
  ExpectClean();
}

TEST_F(DistributionTest, BlockStyleIsLocated) {
  const auto d = Read(
      "work:\n"
      "  dist: lognormal\n"
      "  mean: 2h\n"
      "  cv: 0.5\n");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->Describe(), "lognormal(mean=2, cv=0.5)");
  EXPECT_FALSE(Read("work:\n  dist: lognormal\n  meen: 2h\n  cv: 0.5\n"));
  ASSERT_EQ(diags_.size(), 2u) << diags_.ToString();
  EXPECT_EQ(diags_.ToString(),
            "s.yaml:2:3: work.mean: is required\n"
            "s.yaml:3:3: work.meen: unknown key 'meen'; did you mean 'mean'?");
}

TEST_F(DistributionTest, EveryPlainKind) {
  const auto plain = Node::Quantity::kPlain;
  EXPECT_DOUBLE_EQ(Mean("3", plain), 3);
  EXPECT_DOUBLE_EQ(Mean("{dist: exponential, mean: 3}", plain), 3);
  EXPECT_DOUBLE_EQ(Mean("{dist: erlang, k: 2, mean: 4}", plain), 4);
  EXPECT_DOUBLE_EQ(Mean("{dist: gamma, mean: 5, cv: 2}", plain), 5);
  EXPECT_DOUBLE_EQ(Mean("{dist: lognormal, mean: 30000, cv: 0.5}", plain), 30000);
  EXPECT_DOUBLE_EQ(Mean("{dist: deterministic, value: 1}", plain), 1);
  EXPECT_DOUBLE_EQ(Mean("{dist: uniform, low: -1, high: 1}", plain), 0);
  EXPECT_DOUBLE_EQ(Mean("{dist: triangular, low: 1, mode: 2, high: 3}", plain), 2);
  EXPECT_DOUBLE_EQ(Mean("{dist: histogram, edges: [0, 10, 20], weights: [3, 1]}", plain), 7.5);
  EXPECT_DOUBLE_EQ(Mean("{dist: sample, values: [1, 2, 3, 10]}", plain), 4);
  EXPECT_DOUBLE_EQ(Mean("{dist: mixture, components: [{p: 0.5, dist: deterministic, value: 1},"
                        " {p: 0.5, dist: deterministic, value: 3}]}",
                        plain),
                   2);
  ExpectClean();
}

TEST_F(DistributionTest, UnitsMustMatchTheQuantity) {
  EXPECT_FALSE(Read("work: {dist: exponential, mean: 4wh}"));
  ExpectOne(1, 33, "work.mean",
            "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w; got \"4wh\" (working "
            "time is not allowed here)");
  EXPECT_FALSE(Read("work: 2wd"));
  ExpectOne(1, 7, "work", "(working time is not allowed here)");
  EXPECT_FALSE(Read("work: {dist: exponential, mean: 2}"));
  ExpectOne(1, 33, "work.mean", "got \"2\" (missing unit)");
  EXPECT_FALSE(Read("work: {dist: exponential, mean: 2h}", Node::Quantity::kPlain));
  ExpectOne(1, 33, "work.mean", "expected a number, got \"2h\"");
  EXPECT_FALSE(Read("work: 2h", Node::Quantity::kPlain));
  ExpectOne(1, 7, "work", "expected a number, got \"2h\"");
}

TEST_F(DistributionTest, StructuralErrors) {
  EXPECT_FALSE(Read("work: {mean: 2h}"));
  ExpectOne(1, 7, "work.dist",
            "is required: one of exponential, erlang, gamma, lognormal, deterministic, uniform, "
            "triangular, histogram, sample, mixture");
  EXPECT_FALSE(Read("work: {dist: exponentail, mean: 2h}"));
  ExpectOne(1, 14, "work.dist", "unknown distribution 'exponentail'; did you mean 'exponential'?");
  EXPECT_FALSE(Read("work: {dist: poisson, mean: 2h}"));
  ExpectOne(1, 14, "work.dist", "unknown distribution 'poisson'; expected one of exponential,");
  EXPECT_FALSE(Read("work: {dist: exponential, mean: 2h, cv: 1}"));
  ExpectOne(1, 37, "work.cv", "unknown key 'cv'; expected one of dist, mean");
  EXPECT_FALSE(Read("work: [1h, 2h]"));
  ExpectOne(1, 7, "work",
            "expected a distribution: a duration such as 2h, or a mapping with "
            "dist: one of exponential,");
  EXPECT_FALSE(Read("work:\n"));
  ExpectOne(1, 1, "work", "expected a distribution");
  EXPECT_FALSE(Read("other: 1"));
  ExpectOne(1, 1, "work", "is required");
  EXPECT_FALSE(Read("work: {dist: erlang, k: 0, mean: 1h}"));
  ExpectOne(1, 25, "work.k", "expected an integer between 1 and 10000, got \"0\"");
  EXPECT_FALSE(Read("work: {dist: histogram, edges: [1h], weights: []}"));
  ExpectOne(1, 32, "work.edges", "expected a list of at least 2 bin edges, got 1");
  EXPECT_FALSE(Read("work: {dist: histogram, edges: [0, 1h, 2h], weights: [1]}"));
  ExpectOne(1, 54, "work.weights",
            "expected a list of 2 numbers >= 0 with a positive sum, got a "
            "list of 1");
  EXPECT_FALSE(Read("work: {dist: sample, values: []}"));
  ExpectOne(1, 30, "work.values", "expected a list of at least 1 values, got 0");
  EXPECT_FALSE(Read("work: {dist: sample, values: 1h}"));
  ExpectOne(1, 30, "work.values", "expected a list of values, got \"1h\"");
}

TEST_F(DistributionTest, MixtureErrors) {
  EXPECT_FALSE(
      Read("work: {dist: mixture, components: [{p: 0.5, dist: deterministic, value: 1h},"
           " {p: 0.4, dist: deterministic, value: 2h}]}"));
  ExpectOne(1, 35, "work.components", "the components' p sum to 0.9; expected 1 (within 1e-6)");
  EXPECT_FALSE(Read("work: {dist: mixture, components: [2h]}"));
  ExpectOne(1, 36, "work.components[0]", "expected a mapping {p: ..., dist: ...}, got \"2h\"");
  EXPECT_FALSE(Read("work: {dist: mixture, components: [{dist: deterministic, value: 1h}]}"));
  ExpectOne(1, 36, "work.components[0].p", "is required");
  EXPECT_FALSE(Read("work: {dist: mixture, components: [{p: 1, dist: deterministic, valu: 1h}]}"));
  EXPECT_EQ(diags_.ToString(),
            "s.yaml:1:36: work.components[0].value: is required\n"
            "s.yaml:1:64: work.components[0].valu: unknown key 'valu'; did you mean 'value'?");
  diags_ = Diagnostics("s.yaml");
  EXPECT_FALSE(Read("work: {dist: mixture, components: []}"));
  ExpectOne(1, 35, "work.components",
            "expected a non-empty list of {p: ..., dist: ...}, got an empty list");
  EXPECT_FALSE(
      Read("work: {dist: mixture, components: [{p: 1.5, dist: deterministic, "
           "value: 1h}]}"));
  ExpectOne(1, 40, "work.components[0].p", "expected a probability between 0 and 1, got \"1.5\"");
}

TEST_F(DistributionTest, KernelErrorsAreLocatedAtTheDistribution) {
  EXPECT_FALSE(Read("work:\n  dist: uniform\n  low: 3h\n  high: 1h\n"));
  ExpectOne(2, 3, "work", "uniform: ");
  EXPECT_FALSE(Read("work: {dist: exponential, mean: 0s}"));
  ExpectOne(1, 7, "work", "exponential: mean must be a finite number > 0, got 0");
  EXPECT_FALSE(Read("work: {dist: gamma, mean: 1h, cv: -1}"));
  ExpectOne(1, 7, "work", "gamma: cv must be");
  EXPECT_FALSE(Read("work: -1", Node::Quantity::kPlain));
  ExpectOne(1, 7, "work", "deterministic: value must be a finite number >= 0, got -1");
  EXPECT_FALSE(
      Read("work: {dist: histogram, edges: [2, 1], weights: [1]}", Node::Quantity::kPlain));
  ExpectOne(1, 7, "work", "histogram: ");
}

}  // namespace
}  // namespace escalade::io
