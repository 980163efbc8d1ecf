// The policy contract, instantiated over every registered preset and every
// shipped scenario (each on its first 60 days, so the suite stays fast; the
// megacity on its first 2 days): nothing is lost (every created demand ends
// closed or is counted open at the horizon, and gets exactly one record),
// simulated time never goes back (the engine checks it on every event; here
// the records' stage times are ordered), utilisation is in [0, 1], and the
// records agree with the counters.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace escalade {
namespace {

struct Case {
  std::string scenario;
  std::string preset;
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(ESCALADE_SCENARIOS_DIR)) {
    if (entry.path().extension() == ".yaml") names.insert(entry.path().stem().string());
  }
  for (const std::string& name : names) {
    for (const policies::PresetInfo& preset : policies::Presets()) {
      cases.push_back({name, std::string(preset.name)});
    }
    for (const policies::RuleInfo& rule : policies::Rules()) {  // C++ rules too
      cases.push_back({name, std::string(rule.name)});
    }
  }
  return cases;
}

class PolicyContract : public ::testing::TestWithParam<Case> {};

TEST_P(PolicyContract, NothingLostTimeForwardUtilisationBoundedRecordsAgree) {
  const Case& c = GetParam();
  const std::string path = std::string(ESCALADE_SCENARIOS_DIR) + "/" + c.scenario + ".yaml";
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> s = scenario::LoadScenario(path, diags);
  ASSERT_TRUE(s.ok()) << diags.ToString();
  scenario::DemandStreamOptions stream_options;
  if (s->trace && !std::filesystem::exists(s->trace->file)) {
    if (c.scenario != "nyc311_christmas") GTEST_SKIP() << "the trace is not here";
    stream_options.trace_file = ESCALADE_FIXTURES_DIR "/nyc311_excerpt.csv";
  }
  auto stream = scenario::OpenDemandStream(*s, stream_options);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto policy = policies::MakePolicy(c.preset, c.preset, {});
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();

  model::Lifecycle::Options options;
  options.seed = s->experiment.seed;
  options.horizon = std::min<kernel::SimTime>(
      s->experiment.horizon, (c.scenario == "shenzhen_megacity" ? 2 : 60) * kernel::kDay);
  model::Lifecycle lifecycle(s->city, s->calendar, **policy, **stream, options);
  std::uint64_t records = 0, open = 0, closed = 0, resolved = 0, escalations = 0, returns = 0;
  std::set<std::uint64_t> ids;
  model::RecordLog log(/*visits=*/true);
  const kernel::Status run = lifecycle.Run(log);
  for (const model::DemandRecord& r : log.demands) {
    ++records;
    EXPECT_TRUE(ids.insert(r.demand_id).second) << "two records for demand " << r.demand_id;
    escalations += static_cast<std::uint64_t>(r.escalations);
    returns += static_cast<std::uint64_t>(r.returns);
    if (r.open) {
      ++open;
      EXPECT_EQ(r.closed, model::kNoTime);
      continue;
    }
    ++closed;
    resolved += r.resolved ? 1 : 0;
    // Stage times in order: created/released <= received <= triaged <= closed.
    const kernel::SimTime released = std::max<kernel::SimTime>(r.created, 0);
    EXPECT_LE(released, r.received);
    EXPECT_LE(r.received, r.triaged);
    EXPECT_LE(r.triaged, r.closed);
    if (r.first_assigned != model::kNoTime) {
      EXPECT_LE(r.triaged, r.first_assigned);
      EXPECT_LE(r.first_assigned, r.closed);
    }
    if (r.on_site != model::kNoTime) {
      EXPECT_LE(r.ordered, r.on_site);
      EXPECT_LE(r.on_site, r.closed);
    }
    EXPECT_LE(r.closed, options.horizon);
    EXPECT_LE(r.crews_on_time, r.crews_ordered);
  }
  // Visits: per demand, numbered 0, 1, 2, ... as many as its record says, each queued <=
  // started <= finished, ending in time order; the last one's outcome matches the demand's.
  std::map<std::uint64_t, std::vector<const model::VisitRecord*>> visits;
  for (const model::VisitRecord& v : log.visits) visits[v.demand_id].push_back(&v);
  for (const model::DemandRecord& r : log.demands) {
    const std::vector<const model::VisitRecord*>& trail = visits[r.demand_id];
    ASSERT_EQ(trail.size(), static_cast<std::size_t>(r.visits)) << "demand " << r.demand_id;
    kernel::SimTime last_end = 0;
    for (std::size_t i = 0; i < trail.size(); ++i) {
      const model::VisitRecord& v = *trail[i];
      EXPECT_EQ(v.seq, i) << "demand " << r.demand_id;
      if (v.started != model::kNoTime) {
        EXPECT_LE(v.queued, v.started) << "demand " << r.demand_id;
      }
      if (v.outcome == model::VisitOutcome::kOpen) {
        EXPECT_TRUE(r.open) << "demand " << r.demand_id;
        EXPECT_EQ(v.finished, model::kNoTime);
        continue;
      }
      EXPECT_LE(v.started == model::kNoTime ? v.queued : v.started, v.finished);
      EXPECT_LE(last_end, v.finished) << "demand " << r.demand_id << " visit " << i;
      last_end = v.finished;
    }
    if (r.open || trail.empty()) continue;
    const model::VisitOutcome last = trail.back()->outcome;
    if (r.resolved) {
      EXPECT_EQ(last, model::VisitOutcome::kResolved) << "demand " << r.demand_id;
    } else if (r.crews_ordered > 0) {
      EXPECT_EQ(last, model::VisitOutcome::kUnresolved) << "demand " << r.demand_id;
    }
  }
  ASSERT_TRUE(run.ok()) << run.ToString();
  const model::Lifecycle::Counters& n = lifecycle.counters();
  EXPECT_GT(n.created, 0u);
  EXPECT_EQ(n.created, n.closed + n.open_at_horizon);  // nothing lost
  EXPECT_EQ(records, n.created);
  EXPECT_EQ(n.records, records);
  EXPECT_EQ(open, n.open_at_horizon);
  EXPECT_EQ(closed, n.closed);
  EXPECT_EQ(resolved, n.resolved);
  EXPECT_EQ(escalations, n.escalations);
  EXPECT_EQ(returns, n.returns);
  EXPECT_LE(lifecycle.engine().now(), options.horizon);
  for (const model::UnitLoad& load : log.workload) {
    EXPECT_GE(load.utilization, 0.0) << s->city.unit(load.unit).name;
    EXPECT_LE(load.utilization, 1.0 + 1e-12) << s->city.unit(load.unit).name;
    EXPECT_LE(load.busy_hours, load.staffed_hours + 1e-9);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryPresetEveryScenario, PolicyContract, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           return param.param.scenario + "_" + param.param.preset;
                         });

}  // namespace
}  // namespace escalade
