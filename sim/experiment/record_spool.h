// The records tables of a run folder — demands.csv and visits.csv — for
// parallel runs: each run's rows go to its own buffer per table (spilled to a
// temporary file beside the output once it passes a megabyte), and the runs
// are written out in run order at the end, so each file is the same bytes for
// any thread count and memory stays bounded (a megacity-year has 20 million
// demands per run, and several visits each).
//
// Thread safety: the sinks of different runs may be fed concurrently; the
// calls of one run come from one thread at a time. WriteTo/AppendTo are
// called once the runs are done.
#ifndef ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_
#define ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/output_file.h"
#include "sim/kernel/status.h"
#include "sim/model/city.h"
#include "sim/model/record.h"

namespace escalade::experiment {

class RecordSpool {
 public:
  enum class Table : std::uint8_t { kDemands, kVisits };
  static constexpr int kTables = 2;
  // "demands.csv", "visits.csv".
  static std::string_view FileName(Table table);

  // Runs are (arm, replication) with arm < arm_names.size() and replication <
  // max_replications. Spill files go to `spill_dir` (empty: keep everything in memory).
  RecordSpool(const model::City& city, std::vector<std::string> arm_names, int max_replications,
              std::string spill_dir);
  ~RecordSpool();  // removes the spill files
  RecordSpool(const RecordSpool&) = delete;
  RecordSpool& operator=(const RecordSpool&) = delete;

  // The sink of one run's records (demand and visit rows). It must not outlive the spool.
  std::unique_ptr<model::RecordSink> SinkFor(int arm, int replication);

  // The header, then the rows of replications [0, replications) of every arm, arm by arm.
  kernel::Status WriteTo(Table table, analysis::AtomicFile* out, int replications);
  // The same into a string (the Python module).
  kernel::Status AppendTo(Table table, std::string* out, int replications);

 private:
  struct Part {
    std::string buffer;
    std::FILE* spill = nullptr;
    std::string spill_path;
    kernel::Status status = kernel::Status::Ok();
  };
  class RunSink;
  Part& PartOf(Table table, int arm, int replication);
  void Spill(Table table, int arm, int replication);  // past the threshold
  template <typename Write>
  kernel::Status Emit(Table table, int replications, const Write& write);

  const model::City& city_;
  std::vector<std::string> arm_names_;
  int max_replications_;
  std::string spill_dir_;
  std::array<std::vector<Part>, kTables> parts_;  // [table][arm * max_replications + replication]
};

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RECORD_SPOOL_H_
