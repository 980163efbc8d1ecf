// Runs the experiment of a scenario: every policy arm × every replication,
// each a fresh Lifecycle on the replication's demand stream (common random
// numbers), and collects the per-replication metrics and workload. Runs are
// independent TBB tasks; each stores its outcome in the slot of its run index
// and the slots are reduced in index order, so the results are the same bytes
// for any thread count. With a precision target, replications are added in
// rounds until the headline intervals are narrow enough (sequential
// replication, Law & Kelton's relative-precision rule).
//
// Thread safety: RunExperiment is reentrant; the Scenario is only read.
#ifndef ESCALADE_SIM_EXPERIMENT_RUNNER_H_
#define ESCALADE_SIM_EXPERIMENT_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/metrics.h"
#include "analysis/record_summaries.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/experiment/record_spool.h"
#include "sim/model/record.h"
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
  // Worker threads (TBB); 0 = all cores. The results do not depend on it.
  int threads = 0;
  // When set and it becomes true (a signal handler, a Python KeyboardInterrupt), no new run
  // starts; the runs in flight finish; RunExperiment returns what finished with
  // RunResult::interrupted set.
  const std::atomic<bool>* stop = nullptr;
  // Called after each run for progress reports, from the thread that finished it; calls are
  // serialised (never two at once), `done` counts up by one.
  std::function<void(int done, int total)> progress;
  // Keep every run's demand and visit records (demands.csv, visits.csv) in
  // RunResult::records, spilled to files in `records_spill_dir` past a megabyte per run
  // (empty: all in memory).
  bool records = false;
  std::string records_spill_dir;
};

struct ArmResult {
  std::string name;
  std::string preset;
  std::vector<std::vector<analysis::Metric>> metrics;             // [replication]
  std::vector<std::vector<model::UnitLoad>> workload;  // [replication]
  std::vector<std::vector<std::uint32_t>> daily_backlog;          // [replication][day]
  // Summed over the replications (resolution_hist.csv, level_flows.csv); empty for runs read
  // back from a results store (sweeps), which keeps only the metrics and workload.
  analysis::ResolutionCounts resolution_hist;
  analysis::FlowCounts level_flows;
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
  // Stopped by RunOptions::stop: each arm holds only the replications 0..replications-1
  // that finished for every arm (a run finished beyond them is dropped, so the arms stay
  // paired).
  bool interrupted = false;
  // With RunOptions::records: the records of replications [0, replications) of every arm.
  std::shared_ptr<RecordSpool> records;
};

// The measurement window of every run (README "Measurement window and cool-down"): the
// demands created in [warm-up, horizon) are measured and followed to their end while
// arrivals continue past the horizon (a cool-down), for at most this long after the
// horizon; RunOutcome::metrics's `open_at_end` counts the measured demands the limit cut
// off (absent when none). Workload, utilisation and the daily backlog are those of
// [0, horizon]; the demands created in the cool-down leave no record.
inline constexpr kernel::SimTime kCooldownLimit = 365 * kernel::kDay;

// What one run (one arm, one replication) leaves.
struct RunOutcome {
  std::vector<analysis::Metric> metrics;
  std::vector<model::UnitLoad> workload;
  std::vector<std::uint32_t> daily_backlog;  // open demands at each midnight
  analysis::ResolutionCounts resolution_hist;  // not kept by the run codec
  analysis::FlowCounts level_flows;            // not kept by the run codec
};

// One run: `arm` of `scenario` on replication `replication` of seed `seed`. Its records go to
// the metrics, the report's summaries (record_summaries.h) and, when `records` is not null, to
// that sink too. The one place the sinks of a run are assembled.
kernel::Result<RunOutcome> RunOne(const scenario::Scenario& scenario,
                                  const scenario::PolicyChoice& arm, int replication,
                                  std::uint64_t seed, const std::string& trace_file,
                                  model::RecordSink* records);

// Runs task(i) for i in [0, n) on `threads` worker threads (0 = all cores). Once *stop
// (when given) is true no further task starts. Returns how many tasks ran. Tasks must
// write only their own results.
int RunTasks(int n, int threads, const std::atomic<bool>* stop,
             const std::function<void(int)>& task);

// The policy arms to run (`policies` empty = all, in scenario order) and the baseline
// (the scenario's, or the first selected arm when it is not selected). An unknown name
// is an error listing the scenario's arms.
struct ArmSelection {
  std::vector<const scenario::PolicyChoice*> arms;
  std::string baseline;
};
kernel::Result<ArmSelection> SelectArms(const scenario::Scenario& scenario,
                                        const std::vector<std::string>& policies);

// The number of worker threads `threads` means (0 = all cores).
int EffectiveThreads(int threads);

kernel::Result<RunResult> RunExperiment(const scenario::Scenario& scenario,
                                        const RunOptions& options);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RUNNER_H_
