// The bad-input corpus of the scenario loader. Every file in malformed/ is a
// small scenario with exactly one defect; its first line states the diagnostic
// the defect must produce, with or without its place (LINE:COL or LINE):
//
//   # expect: 38:11: categories.noise.lead: unknown department 'enviroment'; ...
//   # expect: the file is empty; expected a mapping with ...
//
// The loader must refuse each file (a non-ok Result, never a crash, a throw or
// a hang: every load gets kLoadTimeout of wall time), report at least one
// diagnostic, and one of its diagnostics must sit at that place (1-based) and
// contain the text after it, read as "key.path: message" (or the message alone
// when the path is empty). Inputs too big, binary or pathological to commit are
// generated into a temporary directory. kValidSmall is the scenario every
// corpus file was derived from (malformed/generate.py rewrites the corpus from
// it): it must load, so that each file tests its defect, not the base.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sim/io/yaml_reader.h"
#include "sim/scenario/loader.h"

namespace escalade::scenario {
namespace {

using io::Diagnostic;
using io::ParseLimits;
using io::ParseYamlFile;

namespace fs = std::filesystem;

// Every load must finish within this wall time, however hostile the input.
constexpr std::chrono::seconds kLoadTimeout{5};
// The committed corpus stays small; big inputs are generated below.
constexpr std::uintmax_t kMaxCorpusBytes = 200 * 1024;
constexpr std::size_t kMinCorpusFiles = 40;

// The scenario the corpus files were derived from (each changes one thing).
constexpr std::string_view kValidSmall = R"yaml(version: 1
meta:
  name: small
  title: One street, two communities
calendar:
  start: 2024-01-01
  working_hours:
    weekdays: ["09:00-12:00", "13:30-18:00"]
  holidays: [2024-10-01]
  makeup_workdays: [2024-09-29]
departments:
  urban_management:
    staff: 3
    enforcement: true
  environment:
    staff: 2
    hours: always
    travel: 20m
city:
  hotline: {staff: 4, hours: always}
  districts:
    - name: guangming
      streets:
        - name: fenghuang
          travel: 25m
          enforcement_team: {staff: 2, departments: [urban_management]}
          communities:
            - name: tangwei
              population: 25000
              grids: 2
            - name: yangtai
              population: 18000
              grids: 0
              mix: {noise: 0.5, street_vending: 0.5}
categories:
  noise:
    lead: environment
    lowest_level: grid
    resolve:
      grid: {p: 0.4, work: 30m}
      community: {p: 0.5, work: {dist: lognormal, mean: 1h, cv: 0.5}}
      department: {p: 1, work: 2h}
  street_vending:
    lead: urban_management
    lowest_level: street
    enforcement: true
    resolve:
      street: {p: 0.6, work: {dist: exponential, mean: 1h}}
      department:
        p: 1
        work:
          dist: mixture
          components:
            - {p: 0.7, dist: exponential, mean: 2h}
            - {p: 0.3, dist: uniform, low: 4h, high: 8h}
demand:
  per_capita_per_year: 0.2
  mix: {noise: 0.7, street_vending: 0.3}
  channels: {hotline: 0.8, app: 0.2}
  urgent: 0.05
  bursts:
    - name: festival
      start: 2024-01-20
      duration: 3d
      multiplier: 2.0
      communities: [tangwei]
policies:
  - preset: layered_reporting
  - preset: street_whistle
experiment:
  replications: 2
  horizon: 30d
  warmup: 1d
  baseline: layered_reporting
)yaml";

// The diagnostic a malformed input must produce.
struct Expectation {
  int line = 0;      // 1-based; 0 = any place
  int column = 0;    // 1-based; 0 = any column
  std::string text;  // a substring of "key.path: message" (or of the message alone)
};

std::ostream& operator<<(std::ostream& os, const Expectation& e) {
  if (e.line > 0) os << e.line << ':';
  if (e.column > 0) os << e.column << ':';
  return os << (e.line > 0 ? " " : "") << e.text;
}

// Parses a first line "# expect: [LINE:[COL:] ]TEXT"; nullopt if malformed.
std::optional<Expectation> ParseExpectLine(const std::string& first_line) {
  static const std::regex kPattern(R"(^# expect: (?:(\d+):(?:(\d+):)? )?(.+)$)");
  std::smatch m;
  if (!std::regex_match(first_line, m, kPattern)) return std::nullopt;
  Expectation e;
  if (m[1].matched) e.line = std::stoi(m[1].str());
  if (m[2].matched) e.column = std::stoi(m[2].str());
  e.text = m[3].str();
  return e;
}

bool Matches(const Diagnostic& d, const Expectation& e) {
  if (e.line > 0 && d.line != e.line) return false;
  if (e.column > 0 && d.column != e.column) return false;
  const std::string located = d.path.empty() ? d.message : d.path + ": " + d.message;
  return located.find(e.text) != std::string::npos;
}

// What one load did.
struct Outcome {
  bool finished = false;  // false: still running after kLoadTimeout
  bool ok = false;        // the Result was ok
  std::string status;     // the Result's status text
  std::string exception;  // non-empty if LoadScenario threw (it must not)
  std::vector<Diagnostic> diagnostics;
  std::string report;  // Diagnostics::ToString()
  std::chrono::duration<double> elapsed{};
};

// Loads `path` on a worker thread and waits at most kLoadTimeout, so that a
// hanging loader fails this test instead of stalling the suite. A worker that
// never finishes is detached; it owns its state, and process exit ends it.
Outcome LoadWithTimeout(const std::string& path) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    Outcome outcome;
  };
  auto shared = std::make_shared<Shared>();
  const auto start = std::chrono::steady_clock::now();
  std::thread worker([shared, path, start] {
    Outcome outcome;
    Diagnostics diags(path);
    try {
      const kernel::Result<Scenario> result = LoadScenario(path, diags);
      outcome.ok = result.ok();
      outcome.status = result.status().ToString();
    } catch (const std::exception& e) {
      outcome.exception = e.what();
    } catch (...) {
      outcome.exception = "a non-standard exception";
    }
    outcome.diagnostics = diags.items();
    outcome.report = diags.ToString();
    outcome.elapsed = std::chrono::steady_clock::now() - start;
    outcome.finished = true;
    const std::lock_guard<std::mutex> lock(shared->mutex);
    shared->outcome = std::move(outcome);
    shared->done.notify_all();
  });
  std::unique_lock<std::mutex> lock(shared->mutex);
  if (!shared->done.wait_for(lock, kLoadTimeout, [&] { return shared->outcome.finished; })) {
    lock.unlock();
    worker.detach();
    Outcome timed_out;
    timed_out.elapsed = std::chrono::steady_clock::now() - start;
    return timed_out;
  }
  lock.unlock();
  worker.join();
  return shared->outcome;
}

// The checks every malformed input must pass.
void ExpectRefused(const std::string& path, const Expectation& expected) {
  SCOPED_TRACE("input: " + path);
  const Outcome outcome = LoadWithTimeout(path);
  ASSERT_TRUE(outcome.finished) << "still loading after " << kLoadTimeout.count() << " s";
  EXPECT_LT(outcome.elapsed, kLoadTimeout);
  ASSERT_TRUE(outcome.exception.empty()) << "LoadScenario threw: " << outcome.exception;
  EXPECT_FALSE(outcome.ok) << "a malformed input loaded; diagnostics:\n" << outcome.report;
  ASSERT_FALSE(outcome.diagnostics.empty())
      << "refused without a diagnostic; status: " << outcome.status;
  const bool found = std::any_of(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                 [&](const Diagnostic& d) { return Matches(d, expected); });
  EXPECT_TRUE(found) << "expected a diagnostic " << expected << "\nactual:\n" << outcome.report;
  for (const Diagnostic& d : outcome.diagnostics) {
    EXPECT_EQ(d.file, path) << "diagnostic names another file: " << d.ToString();
    EXPECT_FALSE(d.message.empty())
        << "diagnostic without a message at " << d.line << ':' << d.column;
  }
}

// A per-process scratch directory, removed at exit.
class ScratchDir {
 public:
  static const fs::path& Get() {
    static const ScratchDir dir;
    return dir.path_;
  }

 private:
  ScratchDir() {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() / ("escalade_malformed_" + std::to_string(stamp));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path path_;
};

std::string WriteScratchFile(const std::string& name, const std::string& bytes) {
  const fs::path path = ScratchDir::Get() / name;
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  EXPECT_TRUE(out) << "cannot write " << path;
  return path.string();
}

// kValidSmall with `old_text` (which must occur) replaced by `new_text`.
std::string ValidSmallWith(std::string_view old_text, const std::string& new_text) {
  std::string text(kValidSmall);
  const std::size_t at = text.find(old_text);
  EXPECT_NE(at, std::string::npos) << old_text;
  if (at != std::string::npos) text.replace(at, old_text.size(), new_text);
  return text;
}

// ---------------------------------------------------------------------------
// The base scenario loads.

TEST(MalformedCorpusTest, ValidBaselineLoads) {
  const std::string path = WriteScratchFile("valid_small.yaml", std::string(kValidSmall));
  const Outcome outcome = LoadWithTimeout(path);
  ASSERT_TRUE(outcome.finished);
  ASSERT_TRUE(outcome.exception.empty()) << outcome.exception;
  EXPECT_TRUE(outcome.ok) << outcome.status << "\n" << outcome.report;
  EXPECT_TRUE(outcome.diagnostics.empty()) << outcome.report;
}

// ---------------------------------------------------------------------------
// The committed corpus.

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(ESCALADE_MALFORMED_DIR, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(MalformedCorpusTest, CorpusIsLargeEnoughAndSmall) {
  const std::vector<std::string> files = CorpusFiles();
  EXPECT_GE(files.size(), kMinCorpusFiles);
  std::uintmax_t bytes = 0;
  for (const std::string& file : files) bytes += fs::file_size(file);
  EXPECT_LT(bytes, kMaxCorpusBytes) << "generate big inputs in the test instead";
}

class CorpusFileTest : public testing::TestWithParam<std::string> {};

TEST_P(CorpusFileTest, IsRefusedWithTheExpectedDiagnostic) {
  const std::string& path = GetParam();
  std::ifstream in(path, std::ios::binary);
  std::string first_line;
  ASSERT_TRUE(std::getline(in, first_line)) << "cannot read " << path;
  const std::optional<Expectation> expected = ParseExpectLine(first_line);
  ASSERT_TRUE(expected.has_value())
      << path << ": first line is not '# expect: ...': " << first_line;
  ExpectRefused(path, *expected);
}

INSTANTIATE_TEST_SUITE_P(Files, CorpusFileTest, testing::ValuesIn(CorpusFiles()),
                         [](const testing::TestParamInfo<std::string>& test) {
                           std::string name = fs::path(test.param).stem().string();
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

// ---------------------------------------------------------------------------
// Generated inputs: too big, binary or pathological to commit.

struct GeneratedCase {
  std::string name;
  std::function<std::string()> make;  // creates the input, returns the path to load
  Expectation expected;
};

std::ostream& operator<<(std::ostream& os, const GeneratedCase& c) { return os << c.name; }

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// "Billion laughs": nine levels of nine aliases, 9^9 (~387 million) leaves once
// expanded, from a file of a few hundred bytes.
std::string AliasBomb() {
  std::string text = "version: 1\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 8; ++level) {
    const std::string ref = "*l" + std::to_string(level - 1);
    text += "lol" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 9; ++i) text += (i == 0 ? "" : ", ") + ref;
    text += "]\n";
  }
  text += "meta: {name: small, sources: *l8}\n";
  return text;
}

std::vector<GeneratedCase> GeneratedCases() {
  constexpr std::size_t kDeepLevels = 10'000;
  // A string over max_scalar_bytes in a file within max_bytes; a 10 MiB string makes
  // the file itself too large.
  constexpr std::size_t kHugeScalarBytes = 2u << 20;  // 2 MiB
  constexpr std::size_t kTenMiB = 10u << 20;
  // 20,000 unknown top-level keys after the valid base: every one is an error.
  constexpr int kFloodKeys = 20'000;
  constexpr std::size_t kMaxBytes = ParseLimits{}.max_bytes;
  const std::string max_scalar = std::to_string(ParseLimits{}.max_scalar_bytes);
  const int flood_first_line =
      static_cast<int>(std::count(kValidSmall.begin(), kValidSmall.end(), '\n')) + 1;
  return {
      {"empty_file",
       [] { return WriteScratchFile("empty_file.yaml", ""); },
       {0, 0, "the file is empty; expected a mapping with version, meta"}},
      {"binary_garbage",
       [] {
         // An ELF header's first bytes, NULs and invalid UTF-8, then a plausible line.
         constexpr char kBytes[] =
             "\x7f"
             "ELF\x02\x01\x01\x00\x00\x00\xff\xfe\x00version: 1\n";
         return WriteScratchFile("binary_garbage.yaml", std::string(kBytes, sizeof(kBytes) - 1));
       },
       {1, 8, "binary data, not YAML (a NUL byte)"}},
      {"deep_nesting",
       [] {
         const std::string text =
             "version: 1\nmeta: {name: small, sources: " + Repeat("[", kDeepLevels) +
             Repeat("]", kDeepLevels) + "}\n";
         return WriteScratchFile("deep_nesting.yaml", text);
       },
       {2, 0,
        "too deeply nested: more than " + std::to_string(ParseLimits{}.max_depth) +
            " levels of mappings and lists"}},
      {"alias_bomb",
       [] { return WriteScratchFile("alias_bomb.yaml", AliasBomb()); },
       {0, 0,
        "too many nodes after alias expansion (alias bomb?): more than " +
            std::to_string(ParseLimits{}.max_nodes)}},
      {"huge_scalar",
       [] {
         const std::string text = ValidSmallWith("title: One street, two communities",
                                                 "title: " + Repeat("x", kHugeScalarBytes));
         return WriteScratchFile("huge_scalar.yaml", text);
       },
       {4, 10,
        "a string of " + std::to_string(kHugeScalarBytes) +
            " bytes is too long; expected at most " + max_scalar + " bytes"}},
      {"string_10mib",
       [] {
         const std::string text = ValidSmallWith("title: One street, two communities",
                                                 "title: " + Repeat("x", kTenMiB));
         return WriteScratchFile("string_10mib.yaml", text);
       },
       {0, 0, "the file is too large: "}},
      {"too_big",
       [] {
         std::string text(kValidSmall);
         text += "# padding\n" + Repeat("#", kMaxBytes + 1 - text.size() - 11) + "\n";
         return WriteScratchFile("too_big.yaml", text);
       },
       {0, 0,
        "the file is too large: " + std::to_string(kMaxBytes + 1) + " bytes; expected at most " +
            std::to_string(kMaxBytes) + " bytes"}},
      // Just within max_bytes, one plain scalar: refused as too long, but only after
      // the whole of it was scanned.
      {"scalar_at_size_limit",
       [] {
         const std::string head = "version: 1\nmeta: {name: small, title: ";
         const std::string tail = "}\n";
         return WriteScratchFile("scalar_at_size_limit.yaml",
                                 head + Repeat("x", kMaxBytes - head.size() - tail.size()) + tail);
       },
       {2, 28, "bytes is too long; expected at most " + max_scalar + " bytes"}},
      {"error_flood",
       [] {
         std::string text(kValidSmall);
         for (int i = 0; i < kFloodKeys; ++i) text += "x" + std::to_string(i) + ": 1\n";
         return WriteScratchFile("error_flood.yaml", text);
       },
       {flood_first_line, 1, "x0: unknown key 'x0'"}},
      {"directory",
       [] { return ScratchDir::Get().string(); },
       {0, 0, "cannot read the file: Is a directory"}},
      {"missing_file",
       [] { return (ScratchDir::Get() / "no_such_scenario.yaml").string(); },
       {0, 0, "cannot read the file: No such file or directory"}},
  };
}

class GeneratedInputTest : public testing::TestWithParam<GeneratedCase> {};

TEST_P(GeneratedInputTest, IsRefusedWithTheExpectedDiagnostic) {
  const std::string path = GetParam().make();
  ExpectRefused(path, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Generated, GeneratedInputTest, testing::ValuesIn(GeneratedCases()),
                         [](const testing::TestParamInfo<GeneratedCase>& test) {
                           return test.param.name;
                         });

// ---------------------------------------------------------------------------
// The expectation syntax itself.

TEST(ParseExpectLineTest, ReadsLocationAndText) {
  const std::optional<Expectation> e =
      ParseExpectLine("# expect: 12:7: categories.noise.lead: unknown department 'x'");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line, 12);
  EXPECT_EQ(e->column, 7);
  EXPECT_EQ(e->text, "categories.noise.lead: unknown department 'x'");
}

TEST(ParseExpectLineTest, LocationIsOptional) {
  const std::optional<Expectation> e = ParseExpectLine("# expect: empty");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line, 0);
  EXPECT_EQ(e->column, 0);
  EXPECT_EQ(e->text, "empty");
  EXPECT_FALSE(ParseExpectLine("# a comment").has_value());
  EXPECT_FALSE(ParseExpectLine("# expect: ").has_value());
}

}  // namespace
}  // namespace escalade::scenario
