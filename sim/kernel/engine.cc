#include "sim/kernel/engine.h"

#include <string>

#include "sim/kernel/status.h"

namespace escalade::kernel {

void Engine::Fail(const char* what, SimTime at) const {
  FatalError(__FILE__, __LINE__,
             std::string(what) + " (event time " + std::to_string(at) + " ms, clock " +
                 std::to_string(now_) + " ms, after " + std::to_string(events_fired_) +
                 " events)");
}

void Engine::Push(SimTime at, EventTarget* target, std::uint64_t tag, int priority,
                  std::uint32_t timer_slot) {
  if (at < now_) Fail("event scheduled in the past", at);
  if (priority < 0 || priority > kMaxPriority) Fail("event priority out of range", at);
  if (target == nullptr) Fail("event without a target", at);
  if (next_sequence_ >> kSequenceBits) Fail("event sequence counter exhausted", at);
  const std::uint64_t order =
      (static_cast<std::uint64_t>(priority) << kSequenceBits) | next_sequence_++;
  // Sift up with a hole instead of swaps.
  std::size_t hole = heap_.size();
  heap_.emplace_back();
  const Entry entry{at, order, target, tag, timer_slot};
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!Later(heap_[parent], entry)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = entry;
  ++live_;
}

Engine::Entry Engine::PopFront() {
  const Entry front = heap_.front();
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n > 0) {
    // Sift the last element down from the root.
    std::size_t hole = 0;
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && Later(heap_[child], heap_[child + 1])) ++child;
      if (!Later(last, heap_[child])) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = last;
  }
  return front;
}

TimerHandle Engine::ScheduleTimer(SimTime at, EventTarget* target, std::uint64_t tag,
                                  int priority) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(timer_slots_.size());
    timer_slots_.emplace_back();
  }
  timer_slots_[slot].live = true;
  Push(at, target, tag, priority, slot);
  return TimerHandle{slot, timer_slots_[slot].generation};
}

bool Engine::IsPending(const TimerHandle& handle) const {
  if (handle.empty() || handle.slot >= timer_slots_.size()) return false;
  const TimerSlot& s = timer_slots_[handle.slot];
  return s.live && s.generation == handle.generation;
}

bool Engine::Cancel(TimerHandle& handle) {
  const bool pending = IsPending(handle);
  if (pending) {
    // The heap entry stays until it reaches the front; the slot is recycled then.
    timer_slots_[handle.slot].live = false;
    --live_;
  }
  handle = TimerHandle{};
  return pending;
}

std::uint64_t Engine::RunUntil(SimTime end) {
  if (end < now_) Fail("RunUntil before the current time", end);
  stop_requested_ = false;
  const std::uint64_t fired_before = events_fired_;
  while (!heap_.empty() && heap_.front().time <= end) {
    const Entry e = PopFront();
    if (e.time < now_) Fail("clock would go back", e.time);
    if (e.timer_slot != 0) {
      TimerSlot& s = timer_slots_[e.timer_slot];
      const bool live = s.live;
      s.live = false;
      ++s.generation;  // stale handles no longer match
      free_slots_.push_back(e.timer_slot);
      if (!live) continue;  // cancelled: already uncounted in live_
    }
    --live_;
    now_ = e.time;
    ++events_fired_;
    e.target->OnEvent(*this, e.tag);
    if (observer_) {
      observer_(FiredEvent{e.time, static_cast<int>(e.order >> kSequenceBits),
                           e.order & ((std::uint64_t{1} << kSequenceBits) - 1), e.tag});
    }
    if (stop_requested_) break;
  }
  if (!stop_requested_ && end != kTimeMax) now_ = end;
  stop_requested_ = false;
  return events_fired_ - fired_before;
}

}  // namespace escalade::kernel
