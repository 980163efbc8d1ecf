#include "sim/experiment/run_codec.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace escalade::experiment {
namespace {

static_assert(std::endian::native == std::endian::little, "the codec assumes little-endian");
constexpr std::uint32_t kMagic = 0x31434552;  // "REC1"

class Writer {
 public:
  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void PutString(const std::string& s) {
    Put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T* value) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool GetString(std::string* s) {
    std::uint32_t n = 0;
    if (!Get(&n) || in_.size() < n) return false;
    s->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  // A count of items of at least `item_bytes` each that the rest can hold.
  bool GetCount(std::size_t item_bytes, std::uint32_t* n) {
    return Get(n) && static_cast<std::uint64_t>(*n) * item_bytes <= in_.size();
  }
  bool empty() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

std::string EncodeOutcome(const RunOutcome& outcome) {
  Writer w;
  w.Put(kMagic);
  w.Put<std::uint32_t>(static_cast<std::uint32_t>(outcome.metrics.size()));
  for (const analysis::Metric& m : outcome.metrics) {
    w.PutString(m.name);
    w.Put(m.value);
  }
  w.Put<std::uint32_t>(static_cast<std::uint32_t>(outcome.workload.size()));
  for (const model::UnitLoad& u : outcome.workload) {
    w.Put(u.unit);
    w.Put<std::int32_t>(u.staff);
    w.Put(u.busy_hours);
    w.Put(u.staffed_hours);
    w.Put(u.utilization);
    w.Put(u.jobs);
    w.Put(u.breaches);
  }
  w.Put<std::uint32_t>(static_cast<std::uint32_t>(outcome.daily_backlog.size()));
  for (std::uint32_t open : outcome.daily_backlog) w.Put(open);
  return w.Take();
}

kernel::Result<RunOutcome> DecodeOutcome(std::string_view bytes) {
  const kernel::Status bad =
      kernel::Status::BadInput("a stored run is damaged or from another escalade version (" +
                               std::to_string(bytes.size()) + " bytes)");
  Reader r(bytes);
  std::uint32_t magic = 0, n = 0;
  if (!r.Get(&magic) || magic != kMagic) return bad;
  RunOutcome out;
  if (!r.GetCount(12, &n)) return bad;
  out.metrics.resize(n);
  for (analysis::Metric& m : out.metrics) {
    if (!r.GetString(&m.name) || !r.Get(&m.value)) return bad;
  }
  if (!r.GetCount(48, &n)) return bad;
  out.workload.resize(n);
  for (model::UnitLoad& u : out.workload) {
    std::int32_t staff = 0;
    if (!r.Get(&u.unit) || !r.Get(&staff) || !r.Get(&u.busy_hours) || !r.Get(&u.staffed_hours) ||
        !r.Get(&u.utilization) || !r.Get(&u.jobs) || !r.Get(&u.breaches)) {
      return bad;
    }
    u.staff = staff;
  }
  if (!r.GetCount(4, &n)) return bad;
  out.daily_backlog.resize(n);
  for (std::uint32_t& open : out.daily_backlog) {
    if (!r.Get(&open)) return bad;
  }
  if (!r.empty()) return bad;
  return out;
}

}  // namespace escalade::experiment
