// SortedRuns: demands sorted by (created, source line) in runs spilled to anonymous
// temporary files, then merged — how a trace with `order: sort` is replayed in creation
// order with bounded memory whatever its size. Each run is written as raw bytes
// (model::Demand is trivially copyable); the merge holds one buffer of kBuffer demands per
// run and a heap of the runs' heads.
//
// Thread safety: owned by one replay, on one thread.
#ifndef ESCALADE_SIM_TRACE_SORTED_RUNS_H_
#define ESCALADE_SIM_TRACE_SORTED_RUNS_H_

#include <cstddef>
#include <cstdio>
#include <queue>
#include <vector>

#include "sim/kernel/status.h"
#include "sim/model/demand.h"

namespace escalade::trace {

// The replay's order: creation time, then the line in the file (a stable sort).
bool EarlierInFile(const model::Demand& a, const model::Demand& b);

class SortedRuns {
 public:
  SortedRuns() = default;
  ~SortedRuns();
  SortedRuns(const SortedRuns&) = delete;
  SortedRuns& operator=(const SortedRuns&) = delete;

  // Writes `demands` (REQUIRES: sorted by EarlierInFile) as one more run and empties it.
  // An I/O error when no temporary file can be written (a full disk).
  kernel::Status Spill(std::vector<model::Demand>* demands);
  std::size_t size() const { return runs_.size(); }

  // Starts the merge: call once, after the last Spill.
  void Start();
  // The next demand of the merge in EarlierInFile order; false when every run is done.
  bool Next(model::Demand* demand);

 private:
  static constexpr std::size_t kBuffer = 4096;
  struct Run {
    std::FILE* file;
    std::vector<model::Demand> buffer;
    std::size_t position;
    std::size_t filled;
    bool done;
  };
  struct Head {
    model::Demand demand;
    std::size_t run;
    bool operator<(const Head& other) const { return EarlierInFile(other.demand, demand); }
  };
  static bool Fill(Run& run);

  std::vector<Run> runs_;
  std::priority_queue<Head> heap_;
};

}  // namespace escalade::trace

#endif  // ESCALADE_SIM_TRACE_SORTED_RUNS_H_
