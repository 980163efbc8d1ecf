// Trace replay: the row rules of trace_replay.h, one by one, on small CSV
// files written here; the external sort against std::stable_sort; time zones;
// located errors for a bad mapping and for bad rows.
#include "sim/trace/trace_replay.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"
#include "tests/gzip_for_tests.h"

namespace escalade::trace {
namespace {

namespace fs = std::filesystem;

class TraceReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("escalade_trace_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  // The mapping file with `order` and extra drop rules; the scenario starts
  // 2013-12-25 at UTC+8 while the trace is at UTC-5 unless `utc_offset` says.
  void WriteMapping(const std::string& order = "ascending",
                    const std::string& utc_offset = "-05:00") {
    Write("m.yaml", R"yaml(version: 1
trace:
  file: t.csv
  utc_offset: ")yaml" + utc_offset +
                        R"yaml("
  order: )yaml" + order +
                        R"yaml(
columns:
  id: Key
  created: {column: Created, format: "%m/%d/%Y %I:%M:%S %p"}
  closed: {column: Closed, format: "%m/%d/%Y %I:%M:%S %p"}
  origin:
    column: Board
    map: {"01 NORTH": north, "02 SOUTH": south}
    otherwise: drop
  category:
    column: Type
    map: {HEAT: heat}
    otherwise: other
  channel: hotline
  department:
    column: Agency
    map: {HPD: housing}
    otherwise: error
drop:
  - {column: Source, values: [Employee Generated], reason: internal work}
)yaml");
  }

  void WriteScenario(const std::string& horizon = "2d", const std::string& start = "2013-12-25",
                     const std::string& utc = "-05:00") {
    Write("s.yaml", R"yaml(version: 1
meta: {name: replay}
calendar: {start: )yaml" +
                        start + ", utc_offset: \"" + utc + R"yaml("}
departments:
  housing: {staff: 1}
city:
  districts:
    - name: nyc
      streets:
        - name: borough
          communities:
            - {name: north, population: 100}
            - {name: south, population: 100}
categories:
  heat: {lead: housing, lowest_level: department, resolve: {department: {p: 1, work: 2h}}}
  other: {lead: housing, lowest_level: department, resolve: {department: {p: 1, work: 2h}}}
demand:
  trace: m.yaml
policies:
  - preset: nyc311_sla
experiment: {horizon: )yaml" +
                        horizon + "}\n");
  }

  using Scenario = scenario::Scenario;
  Scenario LoadScenario(const std::string& horizon = "2d", const std::string& start = "2013-12-25",
                        const std::string& utc = "+08:00") {
    WriteScenario(horizon, start, utc);
    scenario::Diagnostics diags((dir_ / "s.yaml").string());
    kernel::Result<Scenario> loaded = scenario::LoadScenario((dir_ / "s.yaml").string(), diags);
    EXPECT_TRUE(loaded.ok()) << diags.ToString();
    return std::move(loaded).value();
  }

  struct Replayed {
    std::vector<model::Demand> demands;
    std::string error;
    TraceReplay::Counts counts;
  };
  Replayed Replay(const scenario::Scenario& s, bool skip = false, std::size_t run = 1 << 19,
                  const std::string& file = "") {
    TraceReplay::Options options;
    options.skip_bad_rows = skip;
    options.sort_run_demands = run;
    options.file = file.empty() ? "" : (dir_ / file).string();
    auto replay = TraceReplay::Open(*s.trace, scenario::ReplayFrameOf(s), options);
    Replayed out;
    if (!replay.ok()) {
      out.error = replay.status().message();
      return out;
    }
    model::Demand d;
    while (true) {
      kernel::Result<bool> got = (*replay)->Next(&d);
      if (!got.ok()) {
        out.error = got.status().message();
        break;
      }
      if (!*got) break;
      out.demands.push_back(d);
    }
    out.counts = (*replay)->counts();
    return out;
  }

  fs::path dir_;
};

constexpr char kHeader[] = "Key,Created,Closed,Board,Type,Agency,Source\n";

TEST_F(TraceReplayTest, KeepsDropsAndConvertsEachRowByTheRules) {
  WriteMapping();
  Write("t.csv",
        std::string(kHeader) +
            "1,12/25/2013 12:00:00 AM,12/25/2013 01:30:00 AM,01 NORTH,HEAT,HPD,Call\n"  // kept
            "2,12/25/2013 01:00:00 AM,,02 SOUTH,PLUMBING,HPD,Call\n"            // other category
            "3,12/25/2013 02:00:00 AM,,0 Unspecified,HEAT,HPD,Call\n"           // unmapped origin
            "4,12/25/2013 03:00:00 AM,,01 NORTH,HEAT,HPD,Employee Generated\n"  // drop rule
            "5,12/25/2013 11:59:59 PM,,\" 01 NORTH \",HEAT,HPD,Call\n");        // spaces trimmed
  const Scenario s = LoadScenario();
  const Replayed r = Replay(s);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.demands.size(), 3u);
  // 00:00 at UTC-5 is 13:00 at UTC+8 the same day: 13 h after the scenario start.
  EXPECT_EQ(r.demands[0].created, 13 * kernel::kHour);
  EXPECT_EQ(r.demands[0].observed_closed, 14 * kernel::kHour + 30 * kernel::kMinute);
  EXPECT_EQ(r.demands[0].trace_id, 1);
  EXPECT_EQ(r.demands[0].source_line, 2);
  EXPECT_EQ(r.demands[0].origin, *s.city.Find("north"));
  EXPECT_EQ(r.demands[0].category, *s.city.FindCategory("heat"));
  EXPECT_EQ(r.demands[0].department, *s.city.FindDepartment("housing"));
  EXPECT_EQ(r.demands[0].source, model::DemandSource::kTrace);
  EXPECT_EQ(r.demands[1].category, *s.city.FindCategory("other"));
  EXPECT_EQ(r.demands[1].observed_closed, model::kNoTime);
  EXPECT_EQ(r.demands[2].source_line, 6);
  EXPECT_EQ(r.demands[2].origin, *s.city.Find("north"));
  for (std::size_t i = 0; i < r.demands.size(); ++i) EXPECT_EQ(r.demands[i].id, i);
  EXPECT_EQ(r.counts.rows, 5);
  EXPECT_EQ(r.counts.dropped.at("unmapped origin"), 1);
  EXPECT_EQ(r.counts.dropped.at("internal work"), 1);
}

// The row-source seam: the same rows as CSV, TSV, and either gzip-compressed replay to the
// same demands, and a bad row is located in the file actually read.
TEST_F(TraceReplayTest, CsvTsvAndGzipReplayToTheSameDemands) {
  WriteMapping("sort");
  const std::vector<std::string> rows = {
      "Key,Created,Closed,Board,Type,Agency,Source",
      "1,12/25/2013 03:00:00 AM,12/25/2013 05:30:00 AM,01 NORTH,HEAT,HPD,Call",
      "2,12/25/2013 01:00:00 AM,,02 SOUTH,PLUMBING,HPD,Call",
      "3,12/25/2013 02:00:00 AM,,0 Unspecified,HEAT,HPD,Call",
      "4,12/25/2013 02:00:00 AM,,01 NORTH,HEAT,HPD,Employee Generated",
      "5,12/25/2013 11:59:59 PM,,02 SOUTH,HEAT,HPD,Call"};
  std::string csv;
  std::string tsv;
  for (const std::string& row : rows) {
    csv += row + "\n";
    std::string tabbed = row;
    std::replace(tabbed.begin(), tabbed.end(), ',', '\t');
    tsv += tabbed + "\n";
  }
  Write("t.csv", csv);
  Write("u.tsv", tsv);
  Write("v.csv.gz", test_support::Gzip(csv));
  Write("w.tsv.gz", test_support::Gzip(tsv.substr(0, 60)) + test_support::Gzip(tsv.substr(60)));
  const Scenario s = LoadScenario();
  const Replayed expected = Replay(s);
  ASSERT_EQ(expected.error, "");
  ASSERT_EQ(expected.demands.size(), 3u);
  for (const char* file : {"u.tsv", "v.csv.gz", "w.tsv.gz"}) {
    const Replayed r = Replay(s, false, 2, file);
    ASSERT_EQ(r.error, "") << file;
    ASSERT_EQ(r.demands.size(), expected.demands.size()) << file;
    for (std::size_t i = 0; i < r.demands.size(); ++i) {
      EXPECT_EQ(r.demands[i].created, expected.demands[i].created) << file;
      EXPECT_EQ(r.demands[i].observed_closed, expected.demands[i].observed_closed) << file;
      EXPECT_EQ(r.demands[i].origin, expected.demands[i].origin) << file;
      EXPECT_EQ(r.demands[i].category, expected.demands[i].category) << file;
      EXPECT_EQ(r.demands[i].trace_id, expected.demands[i].trace_id) << file;
      EXPECT_EQ(r.demands[i].source_line, expected.demands[i].source_line) << file;
      EXPECT_EQ(r.demands[i].people, expected.demands[i].people) << file;
    }
    EXPECT_EQ(r.counts.dropped, expected.counts.dropped) << file;
  }
  Write("bad.csv.gz",
        test_support::Gzip(csv + "6,13/25/2013 01:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"));
  const Replayed bad = Replay(s, false, 2, "bad.csv.gz");
  EXPECT_NE(bad.error.find("bad.csv.gz:7: column 'Created': expected month 01-12"),
            std::string::npos)
      << bad.error;
}

TEST_F(TraceReplayTest, BadRowsStopWithTheirLineOrAreCountedWhenSkipped) {
  WriteMapping();
  Write("t.csv", std::string(kHeader) +
                     "1,12/25/2013 02:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"
                     "2,13/25/2013 01:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"   // line 3: month 13
                     "3,12/25/2013 02:00:00 AM,,01 NORTH,HEAT,NYPD,Call\n"  // line 4: agency
                     "4,12/25/2013 03:00:00 AM,,01 NORTH,HEAT\n"            // line 5: fields
                     "x5,12/25/2013 04:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"  // line 6: id
                     "6,12/25/2013 05:00:00 AM,yesterday,01 NORTH,HEAT,HPD,Call\n"  // line 7
                     "7,12/25/2013 01:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"           // line 8: order
                     "8,12/25/2013 06:00:00 AM,,01 NORTH,HEAT,HPD,Call\n");
  const Scenario s = LoadScenario();
  const Replayed stopped = Replay(s);
  EXPECT_EQ(stopped.demands.size(), 1u);
  EXPECT_NE(stopped.error.find("t.csv:3: column 'Created': "), std::string::npos) << stopped.error;
  EXPECT_NE(stopped.error.find("month"), std::string::npos) << stopped.error;

  const Replayed skipped = Replay(s, /*skip=*/true);
  EXPECT_EQ(skipped.error, "");
  ASSERT_EQ(skipped.demands.size(), 2u);
  EXPECT_EQ(skipped.demands[1].trace_id, 8);
  EXPECT_EQ(skipped.counts.bad.at("created: bad time"), 1);
  EXPECT_EQ(skipped.counts.bad.at("unmapped department"), 1);
  EXPECT_EQ(skipped.counts.bad.at("wrong field count"), 1);
  EXPECT_EQ(skipped.counts.bad.at("id: not digits"), 1);
  EXPECT_EQ(skipped.counts.bad.at("closed: bad time"), 1);
  EXPECT_EQ(skipped.counts.bad.at("out of order"), 1);
}

TEST_F(TraceReplayTest, EachBadRowMessageNamesItsLine) {
  WriteMapping();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1,12/25/2013 02:00:00 AM,,01 NORTH,HEAT,NYPD,Call\n", "column 'Agency': value 'NYPD'"},
      {"1,12/25/2013 02:00:00 AM,,01 NORTH,HEAT\n", "has 5 fields; the header has 7"},
      {"1,,,01 NORTH,HEAT,HPD,Call\n", "column 'Created': is empty"},
  };
  for (const auto& [row, expected] : cases) {
    Write("t.csv",
          std::string(kHeader) + "0,12/25/2013 01:00:00 AM,,01 NORTH,HEAT,HPD,Call\n" + row);
    const Replayed r = Replay(LoadScenario());
    EXPECT_NE(r.error.find("t.csv:3: "), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(expected), std::string::npos) << r.error;
  }
}

TEST_F(TraceReplayTest, SortOrderMatchesAStableSortThroughSpilledRuns) {
  WriteMapping("sort");
  std::string csv = kHeader;
  // Newest first, as the NYC export; ties at the same second keep file order.
  std::vector<std::pair<int, int>> rows;  // (minute, key)
  for (int i = 0; i < 50; ++i) rows.push_back({(97 * i) % 600, i + 1});
  for (auto [minute, key] : rows) {
    char line[160];
    std::snprintf(line, sizeof line, "%d,12/25/2013 %02d:%02d:00 AM,,01 NORTH,HEAT,HPD,Call\n", key,
                  minute / 60 == 0 ? 12 : minute / 60, minute % 60);
    csv += line;
  }
  Write("t.csv", csv);
  const Scenario s = LoadScenario();
  std::vector<std::pair<int, int>> expected = rows;
  std::stable_sort(expected.begin(), expected.end(),
                   [](auto a, auto b) { return a.first < b.first; });
  for (std::size_t run : {std::size_t{1} << 19, std::size_t{7}, std::size_t{1}}) {
    const Replayed r = Replay(s, false, run);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.demands.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(r.demands[i].trace_id, expected[i].second) << "run size " << run << " at " << i;
      EXPECT_EQ(r.demands[i].id, i);
    }
    if (run < expected.size()) {
      EXPECT_GT(r.counts.sort_runs, 1);
    }
  }
}

TEST_F(TraceReplayTest, RowsBeforeTheStartAreTheBacklogIfStillOpen) {
  WriteMapping("ascending", "+08:00");
  Write("t.csv",
        std::string(kHeader) +
            "1,12/24/2013 09:00:00 AM,12/24/2013 10:00:00 AM,01 NORTH,HEAT,HPD,Call\n"  // closed
                                                                                        // before
            "2,12/24/2013 10:00:00 AM,12/25/2013 10:00:00 AM,01 NORTH,HEAT,HPD,Call\n"  // open at
                                                                                        // start
            "3,12/24/2013 11:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"  // never closed
            "4,12/25/2013 11:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"
            "5,12/27/2013 12:00:00 AM,,01 NORTH,HEAT,HPD,Call\n"    // at the horizon
            "6,12/28/2013 11:00:00 AM,,01 NORTH,HEAT,HPD,Call\n");  // never read
  const Scenario s = LoadScenario("2d", "2013-12-25", "+08:00");
  const Replayed r = Replay(s);
  ASSERT_EQ(r.error, "") << r.error;
  ASSERT_EQ(r.demands.size(), 3u);
  EXPECT_EQ(r.demands[0].trace_id, 2);
  EXPECT_EQ(r.demands[0].created, -14 * kernel::kHour);
  EXPECT_EQ(r.demands[0].release(), 0);
  EXPECT_EQ(r.demands[1].trace_id, 3);
  EXPECT_EQ(r.demands[2].trace_id, 4);
  EXPECT_EQ(r.counts.open_at_start, 2);
  EXPECT_EQ(r.counts.dropped.at("closed before the start"), 1);
  EXPECT_EQ(r.counts.dropped.at("after the horizon"), 1);
  EXPECT_EQ(r.counts.stopped_at_line, 6);
  EXPECT_EQ(r.counts.rows, 5);
}

TEST_F(TraceReplayTest, AMissingColumnIsReportedInTheMappingFile) {
  WriteMapping();
  Write("t.csv", "Key,Created Date,Closed,Board,Type,Agency,Source\n");
  const Replayed r = Replay(LoadScenario());
  EXPECT_NE(r.error.find("m.yaml:8:"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("no column 'Created'; did you mean 'Created Date'?"), std::string::npos)
      << r.error;
}

TEST_F(TraceReplayTest, AWrongNameInTheMappingFailsTheScenarioAtItsPlace) {
  WriteMapping();
  std::string mapping;
  {
    std::ifstream in(dir_ / "m.yaml");
    mapping.assign(std::istreambuf_iterator<char>(in), {});
  }
  mapping.replace(mapping.find("\"02 SOUTH\": south"), 17, "\"02 SOUTH\": sooth");
  Write("m.yaml", mapping);
  WriteScenario();
  scenario::Diagnostics d((dir_ / "s.yaml").string());
  kernel::Result<Scenario> loaded = scenario::LoadScenario((dir_ / "s.yaml").string(), d);
  ASSERT_FALSE(loaded.ok());
  const std::string report = d.ToString();
  EXPECT_NE(report.find("m.yaml:12:"), std::string::npos) << report;
  EXPECT_NE(report.find("unknown community 'sooth'; did you mean 'south'?"), std::string::npos)
      << report;
}

// demand.trace naming a directory or a FIFO used to say "does not exist".
TEST_F(TraceReplayTest, AMappingThatIsNotAFileIsNamedForWhatItIs) {
  fs::create_directories(dir_ / "folder.mapping.yaml");
  const std::string pipe = (dir_ / "pipe.mapping.yaml").string();
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  const std::string base = R"yaml(version: 1
meta: {name: replay}
departments:
  housing: {staff: 1}
city:
  districts:
    - name: nyc
      streets:
        - name: borough
          communities:
            - {name: north, population: 100}
categories:
  heat: {lead: housing, lowest_level: department, resolve: {department: {p: 1, work: 2h}}}
policies:
  - preset: nyc311_sla
demand:
  trace: )yaml";
  for (const auto& [mapping, expected] :
       {std::pair{"folder.mapping.yaml", "is a directory; expected a YAML mapping file"},
        std::pair{"pipe.mapping.yaml", "is not a regular file"},
        std::pair{"missing.mapping.yaml", "does not exist"}}) {
    Write("s.yaml", base + mapping + "\n");
    const std::string path = (dir_ / "s.yaml").string();
    scenario::Diagnostics diags(path);
    EXPECT_FALSE(scenario::LoadScenario(path, diags).ok());
    ASSERT_EQ(diags.size(), 1u) << diags.ToString();
    EXPECT_EQ(diags.items()[0].line, 17);
    EXPECT_EQ(diags.items()[0].column, 10);
    EXPECT_EQ(diags.items()[0].path, "demand.trace");
    EXPECT_NE(diags.items()[0].message.find(expected), std::string::npos) << mapping;
  }
}

}  // namespace
}  // namespace escalade::trace
