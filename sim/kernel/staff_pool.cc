#include "sim/kernel/staff_pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace escalade::kernel {

// ---- PeriodicSchedule ----------------------------------------------------

Result<std::shared_ptr<const PeriodicSchedule>> PeriodicSchedule::Create(
    SimTime period, std::vector<Step> steps) {
  if (period <= 0) return Status::Error("shift schedule: period must be > 0");
  if (steps.empty() || steps.front().offset != 0) {
    return Status::Error("shift schedule: the first step must start at offset 0");
  }
  bool any_on_duty = false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].servers < 0) {
      return Status::Error("shift schedule: step " + std::to_string(i) +
                           " has a negative number of servers");
    }
    if (steps[i].offset >= period) {
      return Status::Error("shift schedule: step " + std::to_string(i) +
                           " starts at or after the end of the period");
    }
    if (i > 0 && steps[i].offset <= steps[i - 1].offset) {
      return Status::Error("shift schedule: steps must have strictly increasing offsets (step " +
                           std::to_string(i) + ")");
    }
    any_on_duty = any_on_duty || steps[i].servers > 0;
  }
  if (!any_on_duty) return Status::Error("shift schedule: nobody is ever on duty");
  return std::shared_ptr<const PeriodicSchedule>(new PeriodicSchedule(period, std::move(steps)));
}

std::size_t PeriodicSchedule::StepIndex(SimTime offset) const {
  auto it = std::upper_bound(steps_.begin(), steps_.end(), offset,
                             [](SimTime o, const Step& s) { return o < s.offset; });
  return static_cast<std::size_t>(it - steps_.begin()) - 1;
}

int PeriodicSchedule::ServersAt(SimTime t) const {
  SimTime offset = t % period_;
  if (offset < 0) offset += period_;
  return steps_[StepIndex(offset)].servers;
}

SimTime PeriodicSchedule::NextChange(SimTime t) const {
  if (steps_.size() == 1) return kTimeMax;
  SimTime offset = t % period_;
  if (offset < 0) offset += period_;
  const SimTime period_start = t - offset;
  const int current = ServersAt(t);
  // Walk forward over at most one period of steps to find a different level.
  std::size_t i = StepIndex(offset);
  SimTime base = period_start;
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    ++i;
    if (i == steps_.size()) {
      i = 0;
      base += period_;
    }
    if (steps_[i].servers != current) return base + steps_[i].offset;
  }
  return kTimeMax;  // every step has the same level
}

// ---- JobRing ---------------------------------------------------------------

namespace internal {

void JobRing::Grow() {
  std::vector<WaitingJob> bigger(slots_.empty() ? 16 : 2 * slots_.size());
  for (std::size_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
  slots_ = std::move(bigger);
  head_ = 0;
}

bool JobRing::Erase(std::uint64_t job) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = 0; i < size_; ++i) {
    if (slots_[(head_ + i) & mask].job != job) continue;
    for (std::size_t k = i + 1; k < size_; ++k) {
      slots_[(head_ + k - 1) & mask] = slots_[(head_ + k) & mask];
    }
    --size_;
    return true;
  }
  return false;
}

}  // namespace internal

// ---- StaffPool -------------------------------------------------------------

StaffPool::StaffPool(Engine& engine, Options options)
    : engine_(engine),
      options_(std::move(options)),
      created_(engine.now()),
      fifo_(options_.discipline == &disciplines::Fifo),
      busy_time_(engine.now(), 0.0),
      staffed_time_(engine.now(), 0.0),
      on_duty_time_(engine.now(), 0.0),
      queue_time_(engine.now(), 0.0) {
  ESCALADE_CHECK(options_.servers >= 0, "staff pool '" + options_.name + "': servers < 0");
  ESCALADE_CHECK(options_.discipline != nullptr, "staff pool '" + options_.name + "'");
  if (options_.schedule) {
    servers_ = options_.schedule->ServersAt(engine_.now());
    const SimTime next = options_.schedule->NextChange(engine_.now());
    if (next != kTimeMax) engine_.Schedule(next, this, 0, 0);
  } else {
    servers_ = options_.servers;
  }
  staffed_time_.Set(engine_.now(), servers_);
  on_duty_time_.Set(engine_.now(), servers_);
}

SimTime StaffPool::DutyClock(SimTime t) const {
  if (options_.duty == nullptr) return t;
  return created_ + options_.duty->WorkingTimeBetween(created_, t);
}

std::size_t StaffPool::queue_length() const {
  return fifo_ ? fifo_queue_.size() : heap_.size();
}

void StaffPool::UpdateTimeAverages() {
  // Setting an unchanged value would not change any integral; skip it (hot path), and
  // read the duty clock only when a server-time changes.
  const SimTime now = engine_.now();
  const double staffed = std::max(servers_, busy_);
  if (busy_time_.value() != busy_ || staffed_time_.value() != staffed ||
      on_duty_time_.value() != servers_) {
    const SimTime clock = DutyClock(now);
    busy_time_.Set(clock, busy_);
    staffed_time_.Set(clock, staffed);
    on_duty_time_.Set(clock, servers_);
  }
  const double queued = static_cast<double>(queue_length());
  if (queue_time_.value() != queued) queue_time_.Set(now, queued);
}

void StaffPool::Request(WaitingJob request, StaffListener* listener) {
  ESCALADE_CHECK(listener != nullptr, "staff pool '" + options_.name + "': null listener");
  request.listener = listener;
  request.enqueued_at = engine_.now();
  request.arrival = next_arrival_++;
  if (fifo_) {
    fifo_queue_.push_back(request);
  } else {
    heap_.push_back(request);
    std::push_heap(heap_.begin(), heap_.end(),
                   [this](const WaitingJob& a, const WaitingJob& b) { return Before(b, a); });
  }
  Dispatch();
}

WaitingJob StaffPool::PopNext() {
  if (fifo_) {
    WaitingJob w = fifo_queue_.front();
    fifo_queue_.pop_front();
    return w;
  }
  std::pop_heap(heap_.begin(), heap_.end(),
                [this](const WaitingJob& a, const WaitingJob& b) { return Before(b, a); });
  WaitingJob w = heap_.back();
  heap_.pop_back();
  return w;
}

void StaffPool::Dispatch() {
  // Grants run in one loop; a Release() or Request() made by a listener from
  // inside OnStaffGranted only updates counters and this loop picks it up.
  // Everything here happens at one instant, so the time averages are brought
  // up to date once, at the end.
  if (dispatching_) return;
  dispatching_ = true;
  while (busy_ < servers_ && queue_length() > 0) {
    const WaitingJob w = PopNext();
    ++busy_;
    wait_hours_.Add(ToHours(engine_.now() - w.enqueued_at));
    w.listener->OnStaffGranted(*this, w.job);
  }
  dispatching_ = false;
  UpdateTimeAverages();
}

void StaffPool::Release() {
  ESCALADE_CHECK(busy_ > 0, "staff pool '" + options_.name + "': Release() with no busy server");
  --busy_;
  Dispatch();
}

bool StaffPool::CancelWaiting(std::uint64_t job) {
  if (fifo_) {
    if (!fifo_queue_.Erase(job)) return false;
  } else {
    auto it = std::find_if(heap_.begin(), heap_.end(),
                           [job](const WaitingJob& w) { return w.job == job; });
    if (it == heap_.end()) return false;
    heap_.erase(it);
    std::make_heap(heap_.begin(), heap_.end(),
                   [this](const WaitingJob& a, const WaitingJob& b) { return Before(b, a); });
  }
  UpdateTimeAverages();
  return true;
}

void StaffPool::OnEvent(Engine& engine, std::uint64_t) {
  servers_ = options_.schedule->ServersAt(engine.now());
  const SimTime next = options_.schedule->NextChange(engine.now());
  if (next != kTimeMax) engine.Schedule(next, this, 0, 0);
  Dispatch();
}

double StaffPool::Utilization(SimTime now) const {
  const double staffed = StaffedHours(now);
  if (!(staffed > 0)) return std::numeric_limits<double>::quiet_NaN();
  return BusyHours(now) / staffed;
}

double StaffPool::BusyHours(SimTime now) const { return busy_time_.Integral(DutyClock(now)); }

double StaffPool::StaffedHours(SimTime now) const {
  return staffed_time_.Integral(DutyClock(now));
}

double StaffPool::OvertimeHours(SimTime now) const {
  // staffed = ∫max(servers, busy); overtime = ∫max(0, busy - servers) = staffed - ∫servers.
  const SimTime clock = DutyClock(now);
  return staffed_time_.Integral(clock) - on_duty_time_.Integral(clock);
}

void StaffPool::ResetStatistics(SimTime now) {
  const SimTime clock = DutyClock(now);
  busy_time_.Reset(clock);
  staffed_time_.Reset(clock);
  on_duty_time_.Reset(clock);
  queue_time_.Reset(now);
  wait_hours_.Reset();
}

}  // namespace escalade::kernel
