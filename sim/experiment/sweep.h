// A sweep: the scenario at every point of its experiment.sweep (a scenario
// without one is a sweep of one point), every policy arm, every replication.
// Runs are stored in a ResultsStore as they finish; a sweep started again
// with the same scenario file, seed and store recomputes only the runs it
// does not find there, and the output tables are always rebuilt from the
// store in run order, so an interrupted-then-resumed sweep, a sweep on any
// number of threads and a sweep over any number of MPI ranks give the same
// bytes.
//
// Thread safety: RunSweep is called from the main thread (MPI).
#ifndef ESCALADE_SIM_EXPERIMENT_SWEEP_H_
#define ESCALADE_SIM_EXPERIMENT_SWEEP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/experiment/cluster.h"
#include "sim/experiment/results_store.h"
#include "sim/experiment/runner.h"
#include "sim/scenario/scenario.h"

namespace escalade::experiment {

struct SweepOptions {
  std::vector<std::string> policies;  // empty = all
  int replications = 0;               // 0 = the scenario's
  bool has_seed = false;
  std::uint64_t seed = 0;
  std::string trace_file;
  int threads = 0;
  const std::atomic<bool>* stop = nullptr;
  std::function<void(int done, int total)> progress;
};

struct SweepPoint {
  std::vector<std::string> values;  // one per SweepResult::keys
  RunResult result;                 // arms × replications of this point
  model::City city;                 // the point's city (unit names for workload.csv)
};

struct SweepResult {
  std::vector<std::string> keys;  // the swept key paths
  std::vector<SweepPoint> points;
  std::uint64_t seed = 0;
  int replications = 0;
  int runs_total = 0;     // points × arms × replications
  int runs_reused = 0;    // found in the store
  int runs_computed = 0;  // by this command, over all ranks
  bool interrupted = false;  // then `points` is empty: the store holds what finished
};

// The error of the ranks whose runs did not fail when a run failed on another (MPI) rank;
// that rank returns the run's own error, with its code, which every rank then carries.
inline constexpr std::string_view kFailedOnAnotherRank =
    "a run failed on another rank (that rank reports it)";

// `path` is the scenario file, `scenario` its loaded base and `scenario_sha256` the SHA-256
// of its bytes (the store's key). On rank 0 `store` is the results store; other ranks pass
// nullptr and get an empty result. Errors: a point that does not load (its located
// messages), a failed run (on any rank), the store.
kernel::Result<SweepResult> RunSweep(const std::string& path, const scenario::Scenario& scenario,
                                     const std::string& scenario_sha256,
                                     const SweepOptions& options, ResultsStore* store,
                                     const Cluster& cluster);

// The run folder tables of a sweep: each file's columns are `point`, one column per swept
// key, then the columns of the same file of `escalade run`.
struct SweepTables {
  std::string summary, replications, compare, workload, backlog, points;
};
SweepTables MakeSweepTables(const SweepResult& sweep);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_SWEEP_H_
