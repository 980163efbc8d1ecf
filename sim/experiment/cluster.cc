#include "sim/experiment/cluster.h"

#include <cstdlib>
#include <cstring>

#ifdef ESCALADE_WITH_MPI
#include <mpi.h>
#endif

namespace escalade::experiment {

#ifdef ESCALADE_WITH_MPI
namespace {

// Started by mpirun (Open MPI or a PMIx launcher such as Slurm's srun)?
bool UnderLauncher() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

constexpr int kTagCount = 1;
constexpr int kTagRun = 2;

}  // namespace

bool HasMpi() { return true; }

Cluster::Cluster() {
  if (!UnderLauncher()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Cluster::~Cluster() {
  if (initialised_) MPI_Finalize();
}

void Cluster::Broadcast(std::vector<int>* values) const {
  if (size_ == 1) return;
  int n = static_cast<int>(values->size());
  MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
  values->resize(static_cast<std::size_t>(n));
  if (n > 0) MPI_Bcast(values->data(), n, MPI_INT, 0, MPI_COMM_WORLD);
}

void Cluster::SendToRoot(const std::vector<std::pair<int, std::string>>& runs) const {
  int n = static_cast<int>(runs.size());
  MPI_Send(&n, 1, MPI_INT, 0, kTagCount, MPI_COMM_WORLD);
  for (const auto& [index, bytes] : runs) {
    std::string message(sizeof(int), '\0');
    std::memcpy(message.data(), &index, sizeof(int));
    message += bytes;
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kTagRun,
             MPI_COMM_WORLD);
  }
}

void Cluster::ReceiveAtRoot(
    const std::function<void(int index, const std::string& bytes)>& on_run) const {
  for (int source = 1; source < size_; ++source) {
    int n = 0;
    MPI_Recv(&n, 1, MPI_INT, source, kTagCount, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int k = 0; k < n; ++k) {
      MPI_Status status;
      MPI_Probe(source, kTagRun, MPI_COMM_WORLD, &status);
      int size = 0;
      MPI_Get_count(&status, MPI_BYTE, &size);
      std::string message(static_cast<std::size_t>(size), '\0');
      MPI_Recv(message.data(), size, MPI_BYTE, source, kTagRun, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      int index = 0;
      std::memcpy(&index, message.data(), sizeof(int));
      on_run(index, message.substr(sizeof(int)));
    }
  }
}

int Cluster::AgreeCode(int code) const {
  if (size_ == 1) return code;
  int largest = code;
  MPI_Allreduce(&code, &largest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return largest;
}

bool Cluster::AgreeOk(bool ok) const {
  if (size_ == 1) return ok;
  int verdict = ok ? 1 : 0;
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return verdict == 1;
}

#else  // no MPI: a cluster of one

bool HasMpi() { return false; }
Cluster::Cluster() = default;
Cluster::~Cluster() = default;
void Cluster::Broadcast(std::vector<int>*) const {}
void Cluster::SendToRoot(const std::vector<std::pair<int, std::string>>&) const {}
void Cluster::ReceiveAtRoot(const std::function<void(int, const std::string&)>&) const {}
bool Cluster::AgreeOk(bool ok) const { return ok; }
int Cluster::AgreeCode(int code) const { return code; }

#endif

}  // namespace escalade::experiment
