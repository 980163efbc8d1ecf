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

void Engine::Push(SimTime at, EventTarget* target, std::uint64_t payload, int priority,
                  std::uint64_t timer_bit) {
  if (at < now_) [[unlikely]] Fail("event scheduled in the past", at);
  if (priority < 0 || priority > kMaxPriority) [[unlikely]] Fail("event priority out of range", at);
  if (target == nullptr) [[unlikely]] Fail("event without a target", at);
  if (next_sequence_ > kSequenceMask) [[unlikely]] Fail("event sequence counter exhausted", at);
  const Entry entry{at,
                    (static_cast<std::uint64_t>(priority) << kPriorityShift) | timer_bit |
                        next_sequence_++,
                    target, payload};
  if (at == now_ && (now_head_ == now_fifo_.size() || !Later(now_fifo_.back(), entry))) {
    // Zero delay, and in order behind the FIFO's last entry: no heap work. Both the heap
    // and the FIFO stay sorted, and PopNext merges their fronts, so the order is the same.
    if (now_head_ == now_fifo_.size()) {
      now_fifo_.clear();
      now_head_ = 0;
    }
    now_fifo_.push_back(entry);
    ++live_;
    return;
  }
  // Sift up with a hole instead of swaps.
  std::size_t hole = heap_.size();
  heap_.emplace_back();
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
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
    // Bottom-up: move the hole from the root down to a leaf along the least children,
    // then sift the last element up from there. The last element came from the bottom
    // and usually belongs near it, so this saves the comparison with it at every level
    // on the way down (Wegener's bottom-up heapsort, for a 4-ary heap).
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= n) break;
      std::size_t best = first;
      if (first + kArity <= n) {
        // Tournament over four children: two independent pairs, then the winners.
        const std::size_t a = Later(heap_[first], heap_[first + 1]) ? first + 1 : first;
        const std::size_t b = Later(heap_[first + 2], heap_[first + 3]) ? first + 3 : first + 2;
        best = Later(heap_[a], heap_[b]) ? b : a;
      } else {
        for (std::size_t c = first + 1; c < n; ++c) {
          if (Later(heap_[best], heap_[c])) best = c;
        }
      }
      heap_[hole] = heap_[best];
      hole = best;
    }
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!Later(heap_[parent], last)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = last;
  }
  return front;
}

SimTime Engine::FrontTime() const {
  if (now_head_ == now_fifo_.size()) return heap_.front().time;
  return now_;  // a FIFO entry is due now, and nothing in the heap is earlier
}

Engine::Entry Engine::PopNext() {
  if (now_head_ == now_fifo_.size()) return PopFront();
  const Entry& fifo_front = now_fifo_[now_head_];
  if (!heap_.empty() && Later(fifo_front, heap_.front())) return PopFront();
  const Entry e = fifo_front;
  if (++now_head_ == now_fifo_.size()) {
    now_fifo_.clear();
    now_head_ = 0;
  }
  return e;
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
  timer_slots_[slot].tag = tag;
  Push(at, target, slot, priority, kTimerBit);
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
  while (!Empty() && FrontTime() <= end) {
    const Entry e = PopNext();
    if (e.time < now_) Fail("clock would go back", e.time);
    std::uint64_t tag = e.payload;
    if (e.order & kTimerBit) {
      const auto slot = static_cast<std::uint32_t>(e.payload);
      TimerSlot& s = timer_slots_[slot];
      const bool live = s.live;
      tag = s.tag;
      s.live = false;
      ++s.generation;  // stale handles no longer match
      free_slots_.push_back(slot);
      if (!live) continue;  // cancelled: already uncounted in live_
    }
    --live_;
    now_ = e.time;
    ++events_fired_;
    e.target->OnEvent(*this, tag);
    if (observer_) {
      observer_(FiredEvent{e.time, static_cast<int>(e.order >> kPriorityShift),
                           e.order & kSequenceMask, tag});
    }
    if (stop_requested_) break;
  }
  if (!stop_requested_ && end != kTimeMax) now_ = end;
  stop_requested_ = false;
  return events_fired_ - fired_before;
}

}  // namespace escalade::kernel
