// Engine: the clock and the event list of one replication.
//
// An Engine is an ordinary object: one per replication, never shared, no global
// state. Parallelism is across engines, so an Engine is not thread-safe and
// needs no locks; distinct engines may run on distinct threads.
//
// Events are totally ordered by (time, priority, kind, sequence): earlier time
// first, then lower priority value, then plain events before cancellable timers
// (so a deadline that falls on the instant a job completes is checked after the
// completion), then insertion order. Ties are never broken at
// random, so a run is a pure function of its inputs. The engine checks, always
// (not only in debug builds), that no event is scheduled in the past and that
// the clock never goes back.
//
// An event is a call target->OnEvent(engine, tag). Targets are model objects
// that outlive the events they receive; the engine does not own them. One
// virtual call per event and no allocation per event in steady state.
//
// The event list is a 4-ary min-heap of 32-byte entries (two per cache line
// pair of children): Schedule O(log n), firing O(log n), Cancel O(1) (the
// cancelled entry is discarded when it reaches the front). Measured against a
// binary heap in bench/RESULTS.md.
//
// Events scheduled for the current instant (zero delay: a receipt, a routing
// step, a crew already on site) skip the heap: they go to a FIFO of "now"
// entries, O(1) each way, as long as each one sorts after the FIFO's last
// entry (the usual case: same priority, later sequence). Firing takes the
// smaller of the heap's front and the FIFO's front by the same key (above), so
// the order of events, and every run, is exactly what the heap alone would give.
#ifndef ESCALADE_SIM_KERNEL_ENGINE_H_
#define ESCALADE_SIM_KERNEL_ENGINE_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/kernel/time.h"

namespace escalade::kernel {

class Engine;

class EventTarget {
 public:
  virtual ~EventTarget() = default;
  // Called when an event scheduled for this target fires; engine.now() is the
  // event's time. `tag` is whatever the scheduler passed.
  virtual void OnEvent(Engine& engine, std::uint64_t tag) = 0;
};

// Identifies a cancellable timer. A default-constructed handle refers to nothing.
struct TimerHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
  bool empty() const { return slot == 0; }
};

// What the observer sees of each fired event (event logs, invariant checks).
struct FiredEvent {
  SimTime time;
  int priority;
  std::uint64_t sequence;
  std::uint64_t tag;
};

class Engine {
 public:
  // Priorities are in [0, kMaxPriority]; lower fires first at equal times.
  static constexpr int kMaxPriority = 0xFFFF;
  static constexpr int kDefaultPriority = 1000;

  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  SimTime now() const { return now_; }
  // Events fired so far (cancelled timers are not counted).
  std::uint64_t events_fired() const { return events_fired_; }
  // Events scheduled and neither fired nor cancelled.
  std::size_t pending() const { return live_; }

  // Schedules target->OnEvent(*this, tag) at absolute time `at`.
  // REQUIRES: at >= now(), 0 <= priority <= kMaxPriority, target != nullptr.
  void Schedule(SimTime at, EventTarget* target, std::uint64_t tag = 0,
                int priority = kDefaultPriority) {
    Push(at, target, tag, priority, 0);
  }
  void ScheduleIn(SimTime delay, EventTarget* target, std::uint64_t tag = 0,
                  int priority = kDefaultPriority) {
    Push(now_ + delay, target, tag, priority, 0);
  }

  // Like Schedule, but the event can be cancelled through the returned handle.
  TimerHandle ScheduleTimer(SimTime at, EventTarget* target, std::uint64_t tag = 0,
                            int priority = kDefaultPriority);
  // Cancels a pending timer: it will never fire. Returns false (and does
  // nothing) if the timer already fired or was cancelled. Clears the handle.
  bool Cancel(TimerHandle& handle);
  bool IsPending(const TimerHandle& handle) const;

  // Fires events in order while their time is <= end, then advances the clock
  // to `end` (unless Stop() was called). Returns the number of events fired.
  // REQUIRES: end >= now().
  std::uint64_t RunUntil(SimTime end);
  // Fires events until none is left or Stop() is called.
  std::uint64_t Run() { return RunUntil(kTimeMax); }
  // Makes the current Run/RunUntil return after the event being fired.
  void Stop() { stop_requested_ = true; }

  // Called after every fired event; empty by default (one branch per event).
  using Observer = std::function<void(const FiredEvent&)>;
  void SetObserver(Observer observer) { observer_ = std::move(observer); }

 private:
  // order = priority << 48 | timer flag << 47 | sequence: one compare orders
  // priority and insertion; a timer entry's payload is its slot index (the
  // slot keeps the tag), a plain entry's payload is the tag itself.
  struct Entry {
    SimTime time;
    std::uint64_t order;
    EventTarget* target;
    std::uint64_t payload;
  };
  static_assert(sizeof(Entry) == 32);
  struct TimerSlot {
    std::uint64_t tag = 0;
    std::uint32_t generation = 0;
    bool live = false;
  };
  static constexpr int kPriorityShift = 48;
  static constexpr std::uint64_t kTimerBit = std::uint64_t{1} << 47;
  static constexpr std::uint64_t kSequenceMask = kTimerBit - 1;
  static constexpr int kArity = 4;

  // (time, order) as one 128-bit key: times are >= 0 (nothing is scheduled before the
  // clock, which starts at 0), so the unsigned comparison is the lexicographic one, and it
  // compiles without the branch on equal times.
  __extension__ using Key128 = unsigned __int128;  // GCC/Clang; __extension__ for -Wpedantic
  static bool Later(const Entry& a, const Entry& b) {
    const Key128 ka = (static_cast<Key128>(static_cast<std::uint64_t>(a.time)) << 64) | a.order;
    const Key128 kb = (static_cast<Key128>(static_cast<std::uint64_t>(b.time)) << 64) | b.order;
    return ka > kb;
  }
  void Push(SimTime at, EventTarget* target, std::uint64_t payload, int priority,
            std::uint64_t timer_bit);
  Entry PopFront();
  bool Empty() const { return heap_.empty() && now_head_ == now_fifo_.size(); }
  // The time of the next entry. REQUIRES: !Empty().
  SimTime FrontTime() const;
  // Removes and returns the next entry, from the heap or the now-FIFO. REQUIRES: !Empty().
  Entry PopNext();
  [[noreturn]] void Fail(const char* what, SimTime at) const;

  SimTime now_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t events_fired_ = 0;
  std::size_t live_ = 0;
  bool stop_requested_ = false;
  std::vector<Entry> heap_;               // 4-ary min-heap on (time, order)
  // Entries at time now_, in increasing order, not yet fired: now_fifo_[now_head_..].
  // Emptied (and the head reset) whenever the last one fires, so it never holds more
  // than one instant's zero-delay events.
  std::vector<Entry> now_fifo_;
  std::size_t now_head_ = 0;
  std::vector<TimerSlot> timer_slots_{1};  // slot 0 is "not a timer"
  std::vector<std::uint32_t> free_slots_;
  Observer observer_;
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_ENGINE_H_
