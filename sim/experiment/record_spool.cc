#include "sim/experiment/record_spool.h"

#include <cerrno>
#include <cstring>

#include "analysis/run_files.h"

namespace escalade::experiment {
namespace {

constexpr std::size_t kSpillAt = 1u << 20;  // bytes of rows held per run and table before spilling

}  // namespace

// One run's rows into its parts of the spool.
class RecordSpool::RunSink final : public model::RecordSink {
 public:
  RunSink(RecordSpool& spool, int arm, int replication)
      : spool_(spool),
        arm_(arm),
        replication_(replication),
        demands_(spool.PartOf(Table::kDemands, arm, replication)),
        visits_(spool.PartOf(Table::kVisits, arm, replication)) {}

  bool wants_visits() const override { return true; }
  void OnVisit(const model::VisitRecord& visit) override {
    analysis::AppendVisitRow(spool_.city_, Arm(), replication_, visit, &visits_.buffer);
    if (visits_.buffer.size() >= kSpillAt) spool_.Spill(Table::kVisits, arm_, replication_);
  }
  void OnDemand(const model::DemandRecord& record) override {
    analysis::AppendRecordRow(spool_.city_, Arm(), replication_, record, &demands_.buffer);
    if (demands_.buffer.size() >= kSpillAt) spool_.Spill(Table::kDemands, arm_, replication_);
  }

 private:
  const std::string& Arm() const { return spool_.arm_names_[static_cast<std::size_t>(arm_)]; }
  RecordSpool& spool_;
  int arm_;
  int replication_;
  Part& demands_;
  Part& visits_;
};

std::string_view RecordSpool::FileName(Table table) {
  return table == Table::kDemands ? "demands.csv" : "visits.csv";
}

RecordSpool::RecordSpool(const model::City& city, std::vector<std::string> arm_names,
                         int max_replications, std::string spill_dir)
    : city_(city),
      arm_names_(std::move(arm_names)),
      max_replications_(max_replications),
      spill_dir_(std::move(spill_dir)) {
  for (std::vector<Part>& parts : parts_) {
    parts.resize(arm_names_.size() * static_cast<std::size_t>(max_replications));
  }
}

RecordSpool::~RecordSpool() {
  for (std::vector<Part>& parts : parts_) {
    for (Part& part : parts) {
      if (part.spill != nullptr) {
        std::fclose(part.spill);
        std::remove(part.spill_path.c_str());
      }
    }
  }
}

std::unique_ptr<model::RecordSink> RecordSpool::SinkFor(int arm, int replication) {
  return std::make_unique<RunSink>(*this, arm, replication);
}

RecordSpool::Part& RecordSpool::PartOf(Table table, int arm, int replication) {
  return parts_[static_cast<std::size_t>(table)]
               [static_cast<std::size_t>(arm) * static_cast<std::size_t>(max_replications_) +
                static_cast<std::size_t>(replication)];
}

void RecordSpool::Spill(Table table, int arm, int replication) {
  Part& part = PartOf(table, arm, replication);
  if (spill_dir_.empty() || !part.status.ok()) return;
  if (part.spill == nullptr) {
    const std::string_view name = table == Table::kDemands ? "demands" : "visits";
    part.spill_path = spill_dir_ + "/." + std::string(name) + "." + std::to_string(arm) + "." +
                      std::to_string(replication) + ".part";
    part.spill = std::fopen(part.spill_path.c_str(), "w+b");
    if (part.spill == nullptr) {
      part.status = kernel::Status::Io("cannot create " + part.spill_path + ": " +
                                          std::strerror(errno));
      return;
    }
  }
  if (std::fwrite(part.buffer.data(), 1, part.buffer.size(), part.spill) != part.buffer.size()) {
    part.status = kernel::Status::Io("cannot write " + part.spill_path + ": " +
                                        std::strerror(errno));
    return;
  }
  part.buffer.clear();
}

template <typename Write>
kernel::Status RecordSpool::Emit(Table table, int replications, const Write& write) {
  const std::string header =
      table == Table::kDemands ? analysis::RecordsHeader() : analysis::VisitsHeader();
  if (kernel::Status s = write(header); !s.ok()) return s;
  for (std::size_t a = 0; a < arm_names_.size(); ++a) {
    for (int r = 0; r < replications && r < max_replications_; ++r) {
      Part& part = PartOf(table, static_cast<int>(a), r);
      if (!part.status.ok()) return part.status;
      if (part.spill != nullptr) {
        std::rewind(part.spill);
        std::string chunk(kSpillAt, '\0');
        while (true) {
          const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), part.spill);
          if (got == 0) break;
          if (kernel::Status s = write(std::string_view(chunk.data(), got)); !s.ok()) return s;
        }
        if (std::ferror(part.spill)) {
          return kernel::Status::Io("cannot read back " + part.spill_path);
        }
      }
      if (kernel::Status s = write(part.buffer); !s.ok()) return s;
    }
  }
  return kernel::Status::Ok();
}

kernel::Status RecordSpool::WriteTo(Table table, analysis::AtomicFile* out, int replications) {
  return Emit(table, replications, [&](std::string_view text) { return out->Write(text); });
}

kernel::Status RecordSpool::AppendTo(Table table, std::string* out, int replications) {
  return Emit(table, replications, [&](std::string_view text) {
    out->append(text);
    return kernel::Status::Ok();
  });
}

}  // namespace escalade::experiment
