// The other files of a run folder (docs/architecture.md "Output contract"):
// workload.csv, demands.csv and visits.csv (with --records) and manifest.json. The column
// names are a public interface.
//
// Thread safety: pure functions.
#ifndef ESCALADE_ANALYSIS_RUN_FILES_H_
#define ESCALADE_ANALYSIS_RUN_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/city.h"
#include "sim/model/record.h"

namespace escalade::analysis {

// policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs,staffed_hours; `level` is the unit
// kind's group (model::UnitKindInfo::group: the level's name, hotline or team).
std::string WorkloadHeader();
void AppendWorkloadRows(const model::City& city, const std::string& policy, int replication,
                        const std::vector<model::UnitLoad>& workload, std::string* out);

// policy,replication,demand_id,created_h,category,tier,channel,origin,resolved_level,resolver,
// closed_h,resolution_h,hops,escalations,sla_met,satisfied,status, then the stage times
// received_h,triaged_h,assigned_h,started_h,ordered_h,on_site_h (hours from the scenario start,
// empty when not reached; assigned/started: the first unit or team), resolved_at (a
// model::Place name), visits (visit records of the demand).
std::string RecordsHeader();
void AppendRecordRow(const model::City& city, const std::string& policy, int replication,
                     const model::DemandRecord& record, std::string* out);

// demand_id,seq,unit,kind,level,queued_h,started_h,finished_h,outcome,policy,replication;
// level is "intake" for the intake desk's visit; started_h and finished_h empty when not
// reached; outcome a model::VisitOutcome name.
std::string VisitsHeader();
void AppendVisitRow(const model::City& city, const std::string& policy, int replication,
                    const model::VisitRecord& visit, std::string* out);

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
