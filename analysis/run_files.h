// The other files of a run folder (docs/architecture.md "Output contract"):
// workload.csv, demands.csv (with --records) and manifest.json. The column
// names are a public interface.
//
// Thread safety: pure functions.
#ifndef ESCALADE_ANALYSIS_RUN_FILES_H_
#define ESCALADE_ANALYSIS_RUN_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/city.h"
#include "sim/model/lifecycle.h"

namespace escalade::analysis {

// policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs
std::string WorkloadHeader();
void AppendWorkloadRows(const model::City& city, const std::string& policy, int replication,
                        const std::vector<model::Lifecycle::UnitLoad>& workload, std::string* out);

// policy,replication,demand_id,created_h,category,tier,channel,origin,resolved_level,resolver,
// closed_h,resolution_h,hops,escalations,sla_met,satisfied,status
std::string RecordsHeader();
void AppendRecordRow(const model::City& city, const std::string& policy, int replication,
                     const model::DemandRecord& record, std::string* out);

struct Manifest {
  std::string version;
  std::string git_commit;
  std::string scenario_path;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  int replications = 0;
  int threads = 1;
  std::vector<std::string> policies;
  std::string baseline;
  std::string started_utc;   // ISO 8601
  std::string finished_utc;  // empty while running
  std::string status;        // "complete" or "interrupted"
  std::vector<std::string> files;
  // Sweeps only (written when `sweep_keys` is not empty or `points` > 0): the swept key
  // paths, the number of points, MPI ranks, the results store, and how many runs were
  // found there (reused) and computed by this command.
  std::vector<std::string> sweep_keys;
  int points = 0;
  int ranks = 1;
  std::string store;
  int runs_total = 0;
  int runs_reused = 0;
  int runs_computed = 0;
};
std::string ManifestJson(const Manifest& manifest);
// The current UTC time as ISO 8601 (second resolution).
std::string UtcNow();

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_RUN_FILES_H_
