// Runs the experiment of a scenario: every policy arm × every replication,
// each a fresh Lifecycle on the replication's demand stream (common random
// numbers), and collects the per-replication metrics and workload. Results are
// stored by (arm, replication) index, so they do not depend on the order in
// which runs finish. This version runs them one after another; parallel runs
// (TBB) and sweeps come with the experiments layer. With a precision target,
// replications are added in rounds until the headline intervals are narrow
// enough (sequential replication, Law & Kelton's relative-precision rule).
//
// Thread safety: RunExperiment is reentrant; the Scenario is only read.
#ifndef ESCALADE_SIM_EXPERIMENT_RUNNER_H_
#define ESCALADE_SIM_EXPERIMENT_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/metrics.h"
#include "sim/kernel/status.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/scenario.h"

namespace escalade::experiment {

struct RunOptions {
  std::vector<std::string> policies;  // arm names to run, in scenario order; empty = all
  int replications = 0;               // 0 = the scenario's experiment.replications
  bool has_seed = false;              // replace experiment.seed by `seed`
  std::uint64_t seed = 0;
  std::string trace_file;             // trace scenarios: another copy of the CSV
  // Sequential replications: when > 0, replications are added (half as many again per
  // round) until every headline metric's 95% half-width is within `precision` × |mean| for
  // every arm, or `max_replications` is reached. Metrics with mean 0 are not limiting.
  double precision = 0;
  int max_replications = 1000;
  // Called after each run (arm index, replication) for progress reports.
  std::function<void(int done, int total)> progress;
  // Called with every demand record when set (for demands.csv); runs are sequential,
  // so calls come in (arm, replication, record) order.
  std::function<void(const std::string& arm, int replication, const model::DemandRecord&)>
      on_record;
};

struct ArmResult {
  std::string name;
  std::string preset;
  std::vector<std::vector<analysis::Metric>> metrics;             // [replication]
  std::vector<std::vector<model::Lifecycle::UnitLoad>> workload;  // [replication]
  std::vector<std::vector<std::uint32_t>> daily_backlog;          // [replication][day]
};

struct RunResult {
  std::vector<ArmResult> arms;  // in scenario order
  std::string baseline;         // an arm name
  std::uint64_t seed = 0;
  int replications = 0;  // per arm, as run
  // With a precision target: the widest headline interval, half-width / |mean|, and
  // where it is ("arm metric") — what limited the run.
  double widest_ratio = 0;
  std::string widest;
};

kernel::Result<RunResult> RunExperiment(const scenario::Scenario& scenario,
                                        const RunOptions& options);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RUNNER_H_
