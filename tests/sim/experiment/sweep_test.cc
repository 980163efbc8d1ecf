// Sweep points from the three forms of experiment.sweep; key paths checked and
// located; a sweep resumed from its store gives the same tables.
#include "sim/experiment/sweep.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/experiment/results_store.h"
#include "sim/scenario/loader.h"

namespace escalade::experiment {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kBase = ReadFile(ESCALADE_SCENARIOS_DIR "/teaching_community.yaml");

// The teaching scenario with `sweep` (YAML lines indented under experiment.sweep).
kernel::Result<scenario::Scenario> WithSweep(const std::string& sweep, std::string* diags_out) {
  std::string text = kBase + "  sweep:\n" + sweep;
  scenario::Diagnostics diags("sweep.yaml");
  kernel::Result<scenario::Scenario> s = scenario::LoadScenarioFromString(text, "sweep.yaml", diags);
  if (diags_out) *diags_out = diags.ToString();
  return s;
}

TEST(SweepSpecTest, GridIsTheFullProductLastKeyFastest) {
  std::string diags;
  auto s = WithSweep(
      "    grid:\n"
      "      departments.urban_management.staff: [1, 2, 3]\n"
      "      policies.street_whistle.report_deadline: [30m, 2h]\n",
      &diags);
  ASSERT_TRUE(s.ok()) << diags;
  const scenario::SweepSpec& sweep = s->experiment.sweep;
  EXPECT_EQ(sweep.kind, "grid");
  ASSERT_EQ(sweep.keys.size(), 2u);
  ASSERT_EQ(sweep.points.size(), 6u);
  EXPECT_EQ(sweep.points[0], (std::vector<std::string>{"1", "30m"}));
  EXPECT_EQ(sweep.points[1], (std::vector<std::string>{"1", "2h"}));
  EXPECT_EQ(sweep.points[5], (std::vector<std::string>{"3", "2h"}));
}

TEST(SweepSpecTest, ExplicitPointsKeepTheirOrder) {
  std::string diags;
  auto s = WithSweep(
      "    points:\n"
      "      - {departments.urban_management.staff: 4, experiment.warmup: 7d}\n"
      "      - {departments.urban_management.staff: 1, experiment.warmup: 0s}\n",
      &diags);
  ASSERT_TRUE(s.ok()) << diags;
  ASSERT_EQ(s->experiment.sweep.points.size(), 2u);
  EXPECT_EQ(s->experiment.sweep.points[1], (std::vector<std::string>{"1", "0s"}));
}

TEST(SweepSpecTest, LatinHypercubePutsOnePointInEveryStratumOfEveryAxis) {
  std::string diags;
  auto s = WithSweep(
      "    latin_hypercube:\n"
      "      points: 10\n"
      "      seed: 7\n"
      "      ranges:\n"
      "        departments.urban_management.staff: [1, 10]\n"
      "        policies.community_orders.resolve_deadline_green: [1d, 11d]\n"
      "        policies.street_whistle.return_probability: [0.0, 0.5]\n",
      &diags);
  ASSERT_TRUE(s.ok()) << diags;
  const auto& points = s->experiment.sweep.points;
  ASSERT_EQ(points.size(), 10u);
  std::set<int> staff_strata, deadline_strata, p_strata;
  for (const auto& point : points) {
    const int staff = std::stoi(point[0]);
    EXPECT_GE(staff, 1);
    EXPECT_LE(staff, 10);
    kernel::Result<kernel::Duration> d = kernel::ParseDuration(point[1]);
    ASSERT_TRUE(d.ok()) << point[1];
    const double days = static_cast<double>(d->millis) / kernel::kDay;
    deadline_strata.insert(static_cast<int>((days - 1) / 1.0));  // 10 strata of 1 day
    p_strata.insert(static_cast<int>(std::stod(point[2]) / 0.05));
    staff_strata.insert(staff);
  }
  EXPECT_EQ(deadline_strata.size(), 10u);
  EXPECT_EQ(p_strata.size(), 10u);
  EXPECT_EQ(staff_strata.size(), 10u);  // 10 points over the 10 whole values 1..10: each once
  // The same seed gives the same points; another seed other points.
  auto again = WithSweep(
      "    latin_hypercube:\n      points: 10\n      seed: 7\n      ranges:\n"
      "        departments.urban_management.staff: [1, 10]\n"
      "        policies.community_orders.resolve_deadline_green: [1d, 11d]\n"
      "        policies.street_whistle.return_probability: [0.0, 0.5]\n",
      nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->experiment.sweep.points, points);
}

TEST(SweepSpecTest, KeyPathsThatNameNothingAreLocatedErrors) {
  std::string diags;
  EXPECT_FALSE(WithSweep("    grid:\n      departments.urban_managment.staff: [1, 2]\n", &diags).ok());
  EXPECT_NE(diags.find("sweep.yaml:"), std::string::npos) << diags;
  EXPECT_NE(diags.find("no key 'urban_managment' in departments"), std::string::npos) << diags;
  EXPECT_FALSE(WithSweep("    grid:\n      policies.street_whistle.no_such: [1]\n", &diags).ok());
  EXPECT_NE(diags.find("'no_such' is not a policy parameter"), std::string::npos) << diags;
  EXPECT_FALSE(WithSweep("    grid:\n      policies.nobody.report_deadline: [1h]\n", &diags).ok());
  EXPECT_NE(diags.find("no policy arm named 'nobody'"), std::string::npos) << diags;
  EXPECT_FALSE(WithSweep("    grid:\n      city.districts.5.staff: [1]\n", &diags).ok());
  EXPECT_NE(diags.find("no entry 5"), std::string::npos) << diags;
  EXPECT_FALSE(WithSweep("    grid: {}\n    points: []\n", &diags).ok());
  EXPECT_NE(diags.find("exactly one of grid, points, latin_hypercube"), std::string::npos) << diags;
  EXPECT_FALSE(WithSweep("    latin_hypercube: {points: 3, ranges: {experiment.warmup: [2d, 1h]}}\n",
                         &diags).ok());
  EXPECT_NE(diags.find("low must not exceed high"), std::string::npos) << diags;
}

TEST(SweepSpecTest, AValueTheScenarioRefusesNamesThePoint) {
  const std::string path = testing::TempDir() + "/bad_point.yaml";
  std::ofstream(path) << kBase << "  sweep:\n    grid:\n      departments.urban_management.staff: [2, -1]\n";
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> s = scenario::LoadScenario(path, diags);
  ASSERT_TRUE(s.ok()) << diags.ToString();
  auto store = ResultsStore::Open(testing::TempDir() + "/bad_point.sqlite", "test");
  ASSERT_TRUE(store.ok());
  Cluster cluster;
  kernel::Result<SweepResult> result = RunSweep(path, *s, "sha", {}, store->get(), cluster);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("sweep point 1 (departments.urban_management.staff = -1)"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("departments.urban_management.staff"), std::string::npos);
}

int ExecSql(const std::string& db, const char* sql) {
  sqlite3* handle = nullptr;
  sqlite3_open(db.c_str(), &handle);
  const int rc = sqlite3_exec(handle, sql, nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  return rc;
}

int CountRows(const std::string& db, const char* sql) {
  sqlite3* handle = nullptr;
  sqlite3_open(db.c_str(), &handle);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr);
  int n = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) n = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_exec(handle, "DELETE FROM runs WHERE replication = 1", nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  return n;
}

TEST(RunSweepTest, AResumedSweepRecomputesOnlyWhatIsMissingAndGivesTheSameTables) {
  const std::string path = ESCALADE_TEST_DIR "/sweep_teaching.yaml";
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> s = scenario::LoadScenario(path, diags);
  ASSERT_TRUE(s.ok()) << diags.ToString();
  const std::string db = testing::TempDir() + "/resume.sqlite";
  std::filesystem::remove(db);
  Cluster cluster;
  SweepOptions options;
  options.threads = 2;
  SweepTables first;
  {
    auto store = ResultsStore::Open(db, "test");
    ASSERT_TRUE(store.ok());
    kernel::Result<SweepResult> sweep = RunSweep(path, *s, "sha", options, store->get(), cluster);
    ASSERT_TRUE(sweep.ok()) << sweep.status().message();
    EXPECT_EQ(sweep->runs_total, 4 * 3 * 3);
    EXPECT_EQ(sweep->runs_reused, 0);
    first = MakeSweepTables(*sweep);
  }
  // Forget replication 1 of every point and policy (12 runs), as if killed before them.
  EXPECT_EQ(CountRows(db, "SELECT COUNT(*) FROM runs"), 36);
  {
    auto store = ResultsStore::Open(db, "test");
    ASSERT_TRUE(store.ok());
    options.threads = 1;
    kernel::Result<SweepResult> sweep = RunSweep(path, *s, "sha", options, store->get(), cluster);
    ASSERT_TRUE(sweep.ok());
    EXPECT_EQ(sweep->runs_reused, 24);
    EXPECT_EQ(sweep->runs_computed, 12);
    const SweepTables again = MakeSweepTables(*sweep);
    EXPECT_EQ(first.summary, again.summary);
    EXPECT_EQ(first.replications, again.replications);
    EXPECT_EQ(first.compare, again.compare);
    EXPECT_EQ(first.workload, again.workload);
    EXPECT_EQ(first.backlog, again.backlog);
    EXPECT_EQ(first.points, again.points);
  }
  // Another build does not reuse these runs: the store names both builds and opens nothing.
  {
    auto other = ResultsStore::Open(db, "other");
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.status().message().find("holds runs of test; this is escalade other"),
              std::string::npos)
        << other.status().message();
    EXPECT_NE(other.status().message().find("Use another --db"), std::string::npos);
  }
  EXPECT_EQ(first.points.substr(0, first.points.find('\n')),
            "point,city.districts.0.streets.0.staff,policies.street_whistle.report_deadline");
  EXPECT_EQ(first.summary.substr(0, first.summary.find('\n')),
            "point,city.districts.0.streets.0.staff,policies.street_whistle.report_deadline,"
            "policy,metric,mean,stderr,ci95_low,ci95_high,n");
}

// A store of runs from before the build was recorded counts as another build's; an
// empty one is adopted by the first build that opens it.
TEST(ResultsStoreTest, AStoreWithoutABuildRecordIsAdoptedOnlyWhenEmpty) {
  const std::string db = testing::TempDir() + "/unrecorded.sqlite";
  std::filesystem::remove(db);
  {
    auto store = ResultsStore::Open(db, "first");
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->PutRun(RunKey{"sha", 1, "arm", 0, 0}, RunOutcome{}).ok());
  }
  ASSERT_EQ(ExecSql(db, "DELETE FROM store_info"), SQLITE_OK);
  auto reopened = ResultsStore::Open(db, "first");
  ASSERT_FALSE(reopened.ok());
  EXPECT_NE(reopened.status().message().find("did not record itself"), std::string::npos);
  ASSERT_EQ(ExecSql(db, "DELETE FROM runs"), SQLITE_OK);
  EXPECT_TRUE(ResultsStore::Open(db, "second").ok());  // empty: adopted
  EXPECT_FALSE(ResultsStore::Open(db, "first").ok());  // and now bound to "second"
}

}  // namespace
}  // namespace escalade::experiment
