// The parts of escalade optimize: constraints, decision variables and their analytic start,
// resuming from the results store, infeasible sets.
#include "sim/experiment/optimize.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sim/scenario/loader.h"

namespace escalade::experiment {
namespace {

const std::string kDesks = std::string(ESCALADE_TEST_DIR) + "/mmc_desks.yaml";

TEST(ParseConstraintTest, ReadsBothSensesAndTolerances) {
  auto a = ParseConstraint("resolution_h_p90<=80");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->metric, "resolution_h_p90");
  EXPECT_EQ(a->sense, analysis::Sense::kAtMost);
  EXPECT_DOUBLE_EQ(a->threshold, 80);
  EXPECT_EQ(a->tolerance, 0);
  auto b = ParseConstraint("dept_on_time_report_rate >= 0.98 +- 0.002");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->metric, "dept_on_time_report_rate");
  EXPECT_EQ(b->sense, analysis::Sense::kAtLeast);
  EXPECT_DOUBLE_EQ(b->threshold, 0.98);
  EXPECT_DOUBLE_EQ(b->tolerance, 0.002);
  auto c = ParseConstraint("resolution_h_p90.red<=24\xC2\xB1" "2");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->metric, "resolution_h_p90.red");
  EXPECT_DOUBLE_EQ(c->tolerance, 2);
}

TEST(ParseConstraintTest, RefusesMalformedText) {
  for (const char* bad : {"resolution_h_p90", "resolution_h_p90<80", "<=80", "x<=eighty",
                          "x<=1+-0", "x<=1+--1", "x<=1>=2"}) {
    EXPECT_FALSE(ParseConstraint(bad).ok()) << bad;
  }
  EXPECT_TRUE(IsProportionMetric("utilization.street"));
  EXPECT_TRUE(IsProportionMetric("sla_attainment.red"));
  EXPECT_FALSE(IsProportionMetric("resolution_h_p90"));
}

scenario::Scenario Load(const std::string& path) {
  scenario::Diagnostics diags(path);
  auto s = scenario::LoadScenario(path, diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  return std::move(s).value();
}

OptimizeOptions DeskOptions(const std::string& constraint) {
  OptimizeOptions o;
  o.policy = "layered_reporting";
  o.constraints = {ParseConstraint(constraint).value()};
  o.vary = {"city.districts.0.streets.0.communities.*.staff"};
  o.threads = 1;
  return o;
}

TEST(PrepareOptimizeTest, FindsTheVariablesTheirUnitsAndAStableStart) {
  const scenario::Scenario s = Load(kDesks);
  auto p = PrepareOptimize(kDesks, s, "sha", DeskOptions("resolution_h_p90.job_a<=2.9"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->variables.size(), 3u);
  const DecisionVariable& a = p->variables[0];
  EXPECT_EQ(a.key, "city.districts.0.streets.0.communities.0.staff");
  EXPECT_EQ(a.shipped, 9);
  EXPECT_EQ(a.units.size(), 1u);
  EXPECT_DOUBLE_EQ(a.hours_per_staff, 8760);  // `always`
  EXPECT_GT(a.line, 0);
  // Stable: more servers than the offered load (4, 6 and 1.5 erlangs).
  EXPECT_GE(p->variables[0].start, 5);
  EXPECT_GE(p->variables[1].start, 7);
  EXPECT_GE(p->variables[2].start, 2);
  EXPECT_DOUBLE_EQ(p->constraints[0].tolerance, 0.05 * 2.9);
}

TEST(PrepareOptimizeTest, BadInputNamesTheMistake) {
  const scenario::Scenario s = Load(kDesks);
  auto unknown_metric = PrepareOptimize(kDesks, s, "sha", DeskOptions("resolution_h_maen<=3"));
  ASSERT_FALSE(unknown_metric.ok());
  EXPECT_NE(unknown_metric.status().message().find("did you mean 'resolution_h_mean'"),
            std::string::npos)
      << unknown_metric.status().message();
  OptimizeOptions o = DeskOptions("resolution_h_p90<=3");
  o.vary = {"city.districts.0.streets.0.comunities.*.staff"};
  auto unknown_key = PrepareOptimize(kDesks, s, "sha", o);
  ASSERT_FALSE(unknown_key.ok());
  EXPECT_NE(unknown_key.status().message().find("did you mean 'communities'"), std::string::npos)
      << unknown_key.status().message();
  o.vary = {"meta.name"};
  EXPECT_FALSE(PrepareOptimize(kDesks, s, "sha", o).ok());
  o = DeskOptions("resolution_h_p90<=3");
  o.policy = "no_such_policy";
  EXPECT_FALSE(PrepareOptimize(kDesks, s, "sha", o).ok());
}

std::unique_ptr<ResultsStore> FreshStore(const std::string& name) {
  const std::string db = testing::TempDir() + "/" + name + ".sqlite";
  std::filesystem::remove(db);
  return ResultsStore::Open(db, "test").value();
}

TEST(OptimizeTest, AnImpossibleTargetIsInfeasibleWithTheMetricNamed) {
  // A p90 below the work alone (the p90 of an exponential hour is 2.3 h): no staffing helps.
  const scenario::Scenario s = Load(kDesks);
  OptimizeOptions o = DeskOptions("resolution_h_p90.job_a<=1");
  auto p = PrepareOptimize(kDesks, s, "sha", o);
  ASSERT_TRUE(p.ok());
  auto store = FreshStore("optimize_infeasible");
  auto r = Optimize(*p, o, store.get());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->best, -1);
  EXPECT_NE(r->infeasible.find("resolution_h_p90.job_a<=1 fails"), std::string::npos)
      << r->infeasible;
  // Decided on the shipped and the maximum staffing alone: no search.
  EXPECT_EQ(r->candidates.size(), 2u);
}

TEST(OptimizeTest, AStoppedSearchResumesFromTheStore) {
  const scenario::Scenario s = Load(kDesks);
  OptimizeOptions o = DeskOptions("resolution_h_p90.job_a<=2.9");
  o.vary = {"city.districts.0.streets.0.communities.0.staff"};
  auto p = PrepareOptimize(kDesks, s, "sha", o);
  ASSERT_TRUE(p.ok());
  auto store = FreshStore("optimize_resume");
  // A budget that runs out part-way, then the full search on the same store.
  OptimizeOptions first = o;
  first.budget = 45;
  auto partial = Optimize(*p, first, store.get());
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->budget_exhausted);
  auto full = Optimize(*p, o, store.get());
  ASSERT_TRUE(full.ok()) << full.status().message();
  ASSERT_GE(full->best, 0);
  EXPECT_EQ(full->candidates[static_cast<std::size_t>(full->best)].staff[0], 6);
  EXPECT_GE(full->runs_reused, partial->runs);
  // A third time everything is found.
  auto again = Optimize(*p, o, store.get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->runs_reused, again->runs);
  EXPECT_EQ(again->best, full->best);
}

}  // namespace
}  // namespace escalade::experiment
