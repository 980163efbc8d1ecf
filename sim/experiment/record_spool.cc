#include "sim/experiment/record_spool.h"

#include <cerrno>
#include <cstring>

#include "analysis/run_files.h"

namespace escalade::experiment {
namespace {

constexpr std::size_t kSpillAt = 1u << 20;  // bytes of rows held per run before spilling

}  // namespace

RecordSpool::RecordSpool(const model::City& city, std::vector<std::string> arm_names,
                         int max_replications, std::string spill_dir)
    : city_(city),
      arm_names_(std::move(arm_names)),
      max_replications_(max_replications),
      spill_dir_(std::move(spill_dir)),
      runs_(arm_names_.size() * static_cast<std::size_t>(max_replications)) {}

RecordSpool::~RecordSpool() {
  for (Run& run : runs_) {
    if (run.spill != nullptr) {
      std::fclose(run.spill);
      std::remove(run.spill_path.c_str());
    }
  }
}

void RecordSpool::Add(int arm, int replication, const model::DemandRecord& record) {
  Run& run = runs_[static_cast<std::size_t>(arm) * static_cast<std::size_t>(max_replications_) +
                   static_cast<std::size_t>(replication)];
  analysis::AppendRecordRow(city_, arm_names_[static_cast<std::size_t>(arm)], replication, record,
                            &run.buffer);
  if (run.buffer.size() < kSpillAt || spill_dir_.empty() || !run.status.ok()) return;
  if (run.spill == nullptr) {
    run.spill_path = spill_dir_ + "/.demands." + std::to_string(arm) + "." +
                     std::to_string(replication) + ".part";
    run.spill = std::fopen(run.spill_path.c_str(), "w+b");
    if (run.spill == nullptr) {
      run.status =
          kernel::Status::Io("cannot create " + run.spill_path + ": " + std::strerror(errno));
      return;
    }
  }
  if (std::fwrite(run.buffer.data(), 1, run.buffer.size(), run.spill) != run.buffer.size()) {
    run.status = kernel::Status::Io("cannot write " + run.spill_path + ": " + std::strerror(errno));
    return;
  }
  run.buffer.clear();
}

template <typename Sink>
kernel::Status RecordSpool::Emit(int replications, const Sink& sink) {
  if (kernel::Status s = sink(analysis::RecordsHeader()); !s.ok()) return s;
  for (std::size_t a = 0; a < arm_names_.size(); ++a) {
    for (int r = 0; r < replications && r < max_replications_; ++r) {
      Run& run = runs_[a * static_cast<std::size_t>(max_replications_) + static_cast<std::size_t>(r)];
      if (!run.status.ok()) return run.status;
      if (run.spill != nullptr) {
        std::rewind(run.spill);
        std::string chunk(kSpillAt, '\0');
        while (true) {
          const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), run.spill);
          if (got == 0) break;
          if (kernel::Status s = sink(std::string_view(chunk.data(), got)); !s.ok()) return s;
        }
        if (std::ferror(run.spill)) {
          return kernel::Status::Io("cannot read back " + run.spill_path);
        }
      }
      if (kernel::Status s = sink(run.buffer); !s.ok()) return s;
    }
  }
  return kernel::Status::Ok();
}

kernel::Status RecordSpool::WriteTo(analysis::AtomicFile* out, int replications) {
  return Emit(replications, [&](std::string_view text) { return out->Write(text); });
}

kernel::Status RecordSpool::AppendTo(std::string* out, int replications) {
  return Emit(replications, [&](std::string_view text) {
    out->append(text);
    return kernel::Status::Ok();
  });
}

}  // namespace escalade::experiment
