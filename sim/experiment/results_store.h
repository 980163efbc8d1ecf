// The results store of sweeps: one SQLite file (`--db results.sqlite`) with a
// row per finished run, its metric values, the sweep points and the manifests
// of the commands that wrote it. Runs are keyed by (scenario SHA-256, seed,
// policy, point, replication): a run is stored once, in one transaction with
// its metrics, so a sweep killed at any moment (SIGKILL included) and started
// again finds exactly the runs that finished and recomputes only the others.
//
// Schema (stable; other people's SQL depends on it):
//   runs(scenario_sha256, seed, policy, point, replication, outcome BLOB, finished_utc)
//   metrics(scenario_sha256, seed, policy, point, replication, metric, value)
//   points(scenario_sha256, point, parameter, value)
//   manifests(id, scenario_sha256, written_utc, json)
//
// Thread safety: a ResultsStore may be used from several threads; calls are
// serialised by an internal mutex.
#ifndef ESCALADE_SIM_EXPERIMENT_RESULTS_STORE_H_
#define ESCALADE_SIM_EXPERIMENT_RESULTS_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sim/experiment/runner.h"
#include "sim/kernel/status.h"

struct sqlite3;

namespace escalade::experiment {

struct RunKey {
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::string policy;
  int point = 0;
  int replication = 0;
};

class ResultsStore {
 public:
  // Opens (creating when absent) the store at `path` for the runs of `build` (the
  // program's version and commit, e.g. "0.1.0 (4ae27e0)"). A store is bound to the
  // build that created it: the same scenario, seed and build give the same bytes, another
  // build may not, so opening a store that holds another build's runs is an error that
  // names both builds (and so is a store of runs from before builds were recorded).
  // Errors name the file.
  static kernel::Result<std::unique_ptr<ResultsStore>> Open(const std::string& path,
                                                            const std::string& build);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  // The point's parameter values (once per sweep; kept as they are when present).
  kernel::Status PutPoint(const std::string& scenario_sha256, int point,
                          const std::vector<std::string>& parameters,
                          const std::vector<std::string>& values);
  // The point whose `parameter` has `value` among the points numbered from `first_point` on
  // (a candidate of escalade optimize: one parameter holding its whole staffing), adding it
  // with the next free number when there is none, atomically. Sweeps number their points
  // from 0 and hold at most 100,000, so a `first_point` above that keeps the two apart.
  kernel::Result<int> FindOrAddPoint(const std::string& scenario_sha256,
                                     const std::string& parameter, const std::string& value,
                                     int first_point);
  // Stores a finished run with its metrics, atomically. A run already stored is kept
  // as it is (the same key means the same bytes).
  kernel::Status PutRun(const RunKey& key, const RunOutcome& outcome);
  // The stored run of `key`, or nullopt.
  kernel::Result<std::optional<RunOutcome>> GetRun(const RunKey& key);
  kernel::Status PutManifest(const std::string& scenario_sha256, const std::string& json);
  // How many runs of this scenario and seed are stored.
  kernel::Result<std::int64_t> CountRuns(const std::string& scenario_sha256, std::uint64_t seed);

 private:
  ResultsStore(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  kernel::Status Exec(const char* sql);
  kernel::Result<std::int64_t> CountAllRuns();
  kernel::Status Error(const std::string& what);

  std::string path_;
  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RESULTS_STORE_H_
