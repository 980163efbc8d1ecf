// The processes a sweep is spread over: this process alone, or the ranks of an
// MPI job (`mpirun -np N escalade sweep ...`, built with ESCALADE_MPI=ON).
// Rank 0 owns the results store and the output files; it tells every rank the
// runs still to do, each rank takes every size()-th of them, and the other
// ranks send their finished runs (encoded, run_codec.h) back to rank 0.
//
// Thread safety: call only from the main thread (MPI is initialised with
// MPI_THREAD_FUNNELED; TBB workers never touch MPI).
#ifndef ESCALADE_SIM_EXPERIMENT_CLUSTER_H_
#define ESCALADE_SIM_EXPERIMENT_CLUSTER_H_

#include <functional>
#include <string>
#include <vector>

namespace escalade::experiment {

class Cluster {
 public:
  // Joins the MPI job when this process was started by mpirun (and escalade was built
  // with MPI); otherwise a cluster of one. Finalises MPI on destruction.
  Cluster();
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }

  // Rank 0's `values` reach every rank.
  void Broadcast(std::vector<int>* values) const;
  // Not rank 0: sends the finished runs (run index, encoded outcome) to rank 0.
  void SendToRoot(const std::vector<std::pair<int, std::string>>& runs) const;
  // Rank 0: receives every other rank's runs, calling on_run for each.
  void ReceiveAtRoot(const std::function<void(int index, const std::string& bytes)>& on_run) const;
  // Every rank waits for every other (rank 0's verdict reaches all: false = failed).
  bool AgreeOk(bool ok) const;
  // Every rank waits for every other and learns the largest of their `code`s (a
  // kernel::StatusCode as an int: kOk is 0), so a failure on any rank reaches all.
  int AgreeCode(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
};

// True when escalade was built with MPI support.
bool HasMpi();

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_CLUSTER_H_
