// demands.csv for parallel runs: each run's rows go to its own buffer (spilled
// to a temporary file beside the output once it passes a megabyte), and the
// runs are written out in run order at the end, so the file is the same bytes
// for any thread count and memory stays bounded (a megacity-year has 20
// million rows per run).
//
// Thread safety: Add may be called concurrently for different runs; the calls
// of one run must come from one thread at a time. WriteTo is called once the
// runs are done.
#ifndef ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_
#define ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/output_file.h"
#include "sim/kernel/status.h"
#include "sim/model/city.h"
#include "sim/model/lifecycle.h"

namespace escalade::experiment {

class RecordSpool {
 public:
  // Runs are (arm, replication) with arm < arm_names.size() and replication <
  // max_replications. Spill files go to `spill_dir` (empty: keep everything in memory).
  RecordSpool(const model::City& city, std::vector<std::string> arm_names, int max_replications,
              std::string spill_dir);
  ~RecordSpool();  // removes the spill files
  RecordSpool(const RecordSpool&) = delete;
  RecordSpool& operator=(const RecordSpool&) = delete;

  void Add(int arm, int replication, const model::DemandRecord& record);
  // The header, then the rows of replications [0, replications) of every arm, arm by arm.
  kernel::Status WriteTo(analysis::AtomicFile* out, int replications);
  // The same into a string (the Python module).
  kernel::Status AppendTo(std::string* out, int replications);

 private:
  struct Run {
    std::string buffer;
    std::FILE* spill = nullptr;
    std::string spill_path;
    kernel::Status status = kernel::Status::Ok();
  };
  template <typename Sink>
  kernel::Status Emit(int replications, const Sink& sink);

  const model::City& city_;
  std::vector<std::string> arm_names_;
  int max_replications_;
  std::string spill_dir_;
  std::vector<Run> runs_;  // [arm * max_replications + replication]
};

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_
