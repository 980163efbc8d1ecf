// StaffPool: c interchangeable servers (staff), a waiting line, and the time
// averages that make utilisation and queue lengths measurable.
//
// Built only on Engine's public API. Holders request a server for a job; when
// one is granted, the pool calls listener->OnStaffGranted(pool, job) — possibly
// before Request() returns, when a server is free — and the holder later calls
// Release() at the instant the work ends. How long the server is held (travel,
// work, paperwork) is the holder's business, as in SimPy's Resource.
//
// The number of servers may follow a StaffSchedule (shifts). When it drops
// below the number busy, busy servers finish their job first (no preemption);
// the excess is accounted as overtime.
//
// The waiting-line discipline is a small function: the order "a is served
// before b". Ties always fall back to arrival order, never to chance.
//
// Thread safety: none; a pool belongs to one Engine.
#ifndef ESCALADE_SIM_KERNEL_STAFF_POOL_H_
#define ESCALADE_SIM_KERNEL_STAFF_POOL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/statistics.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::kernel {

class StaffPool;

class StaffListener {
 public:
  virtual ~StaffListener() = default;
  // A server is now held for `job`; engine time is the grant instant.
  virtual void OnStaffGranted(StaffPool& pool, std::uint64_t job) = 0;
};

// A job waiting for a server.
struct WaitingJob {
  std::uint64_t job = 0;
  std::int64_t priority = 0;     // lower is more urgent (discipline-dependent)
  SimTime deadline = kTimeMax;   // for earliest-deadline-first
  SimTime enqueued_at = 0;
  std::uint64_t arrival = 0;     // arrival order within the pool
  StaffListener* listener = nullptr;
};

// Strict weak order: true if a must be served before b. Returning false for
// both orders means "equal": arrival order decides.
using Discipline = bool (*)(const WaitingJob& a, const WaitingJob& b);

namespace disciplines {
inline bool Fifo(const WaitingJob&, const WaitingJob&) { return false; }
inline bool Priority(const WaitingJob& a, const WaitingJob& b) { return a.priority < b.priority; }
inline bool EarliestDeadline(const WaitingJob& a, const WaitingJob& b) {
  return a.deadline < b.deadline;
}
}  // namespace disciplines

// The number of servers on duty over time. Deterministic; cheap to query.
class StaffSchedule {
 public:
  virtual ~StaffSchedule() = default;
  virtual int ServersAt(SimTime t) const = 0;
  // First instant > t at which ServersAt changes; kTimeMax if never.
  virtual SimTime NextChange(SimTime t) const = 0;
};

// A pattern repeated every `period` (for example a week of shifts).
class PeriodicSchedule final : public StaffSchedule {
 public:
  struct Step {
    SimTime offset;  // from the start of the period, in [0, period)
    int servers;     // from this offset until the next step
  };
  // REQUIRES (checked, returned as error): period > 0; steps non-empty, sorted by
  // strictly increasing offset, the first at offset 0; servers >= 0, and > 0 somewhere.
  static Result<std::shared_ptr<const PeriodicSchedule>> Create(SimTime period,
                                                                std::vector<Step> steps);
  int ServersAt(SimTime t) const override;
  SimTime NextChange(SimTime t) const override;

 private:
  PeriodicSchedule(SimTime period, std::vector<Step> steps)
      : period_(period), steps_(std::move(steps)) {}
  std::size_t StepIndex(SimTime offset) const;
  SimTime period_;
  std::vector<Step> steps_;
};

namespace internal {
// The FIFO waiting line: a ring buffer of jobs (capacity a power of two, grown by
// doubling), cheaper than std::deque's block map on every push and pop.
class JobRing {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const WaitingJob& front() const { return slots_[head_]; }
  void push_back(const WaitingJob& job) {
    if (size_ == slots_.size()) Grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = job;
    ++size_;
  }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  // Removes the first job with this id, keeping the order of the rest. O(size).
  bool Erase(std::uint64_t job);

 private:
  void Grow();
  std::vector<WaitingJob> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};
}  // namespace internal

class StaffPool final : public EventTarget {
 public:
  struct Options {
    std::string name;                   // for messages and reports
    int servers = 1;                    // constant staffing when `schedule` is null; >= 0
    std::shared_ptr<const StaffSchedule> schedule;  // shifts; overrides `servers`
    Discipline discipline = disciplines::Fifo;
    // Accounting only, for units that work a calendar's hours (office units): when set, busy,
    // staffed and on-duty time accrue only during the calendar's working time, so a job its
    // holder keeps across closed hours (work suspended overnight or over a weekend) is not
    // busy then, and utilisation is the busy share of working time. Grants are unchanged.
    // Default null: every elapsed millisecond counts. REQUIRES: outlives the pool.
    const Calendar* duty = nullptr;
  };

  // REQUIRES: options.servers >= 0. The pool registers its shift changes on `engine`.
  StaffPool(Engine& engine, Options options);
  StaffPool(const StaffPool&) = delete;
  StaffPool& operator=(const StaffPool&) = delete;

  // Asks for a server for `request.job` (request.enqueued_at and .arrival are
  // filled by the pool). REQUIRES: listener != nullptr.
  void Request(WaitingJob request, StaffListener* listener);
  // Ends one held server's work now and serves the next waiting job, if any.
  // REQUIRES: busy() > 0.
  void Release();
  // Removes a job still waiting (e.g. escalated by a deadline). Returns false if
  // it is not waiting (already granted, or unknown). O(queue length).
  bool CancelWaiting(std::uint64_t job);

  const std::string& name() const { return options_.name; }
  int servers() const { return servers_; }  // on duty now
  int busy() const { return busy_; }
  std::size_t queue_length() const;

  // Statistics since construction or the last ResetStatistics (warm-up).
  // Utilisation = busy server-time / on-duty server-time, where a server
  // finishing a job after its shift ended counts as on duty (overtime), so the
  // value is always in [0, 1]. NaN when no server was ever on duty. With
  // Options::duty, the server-times count working time only (busy, staffed and
  // overtime hours are working hours); the queue length is averaged over
  // elapsed time either way.
  double Utilization(SimTime now) const;
  double BusyHours(SimTime now) const;
  double StaffedHours(SimTime now) const;
  double OvertimeHours(SimTime now) const;
  double MeanQueueLength(SimTime now) const { return queue_time_.Mean(now); }
  double MeanBusy(SimTime now) const { return busy_time_.Mean(DutyClock(now)); }
  const Tally& wait_hours() const { return wait_hours_; }  // request to grant
  std::uint64_t jobs_granted() const { return wait_hours_.count(); }
  void ResetStatistics(SimTime now);

  // EventTarget: shift changes.
  void OnEvent(Engine& engine, std::uint64_t tag) override;

 private:
  void Dispatch();
  void Grant(const WaitingJob& w);
  WaitingJob PopNext();
  void UpdateTimeAverages();
  // The clock server-time accrues on: elapsed time, or working time of Options::duty
  // (counted from the pool's creation).
  SimTime DutyClock(SimTime t) const;
  bool Before(const WaitingJob& a, const WaitingJob& b) const {
    if (options_.discipline(a, b)) return true;
    if (options_.discipline(b, a)) return false;
    return a.arrival < b.arrival;
  }

  Engine& engine_;
  Options options_;
  SimTime created_;               // origin of the duty clock
  bool fifo_;                     // fast path: a deque instead of a heap
  int servers_ = 0;
  int busy_ = 0;
  std::uint64_t next_arrival_ = 0;
  bool dispatching_ = false;      // re-entrancy guard: grants happen in one loop
  internal::JobRing fifo_queue_;
  std::vector<WaitingJob> heap_;  // max-heap on "served later" so front is next
  TimeWeighted busy_time_;
  TimeWeighted staffed_time_;     // max(servers, busy)
  TimeWeighted on_duty_time_;     // servers
  TimeWeighted queue_time_;
  Tally wait_hours_;
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_STAFF_POOL_H_
