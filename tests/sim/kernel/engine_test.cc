#include "sim/kernel/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace escalade::kernel {
namespace {

// Records (time, tag) of every event it receives.
class Recorder : public EventTarget {
 public:
  void OnEvent(Engine& engine, std::uint64_t tag) override { log.emplace_back(engine.now(), tag); }
  std::vector<std::pair<SimTime, std::uint64_t>> log;
};

TEST(EngineTest, EqualTimeEventsFireInInsertionOrder) {
  Engine engine;
  Recorder r;
  for (std::uint64_t i = 0; i < 100; ++i) engine.Schedule(5 * kMinute, &r, i);
  engine.Run();
  ASSERT_EQ(r.log.size(), 100u);
  for (std::uint64_t i = 0; i < 100; ++i) EXPECT_EQ(r.log[i].second, i);
}

TEST(EngineTest, LowerPriorityValueFiresFirstAtEqualTime) {
  Engine engine;
  Recorder r;
  engine.Schedule(10, &r, 1, 500);
  engine.Schedule(10, &r, 2, 100);
  engine.Schedule(9, &r, 3, 900);
  engine.Schedule(10, &r, 4, 100);
  engine.Run();
  std::vector<std::uint64_t> tags;
  for (auto& [t, tag] : r.log) tags.push_back(tag);
  EXPECT_EQ(tags, (std::vector<std::uint64_t>{3, 2, 4, 1}));
}

// Against a reference: std::multiset ordered by (time, priority, insertion).
TEST(EngineTest, MatchesReferenceOrderOnRandomSchedules) {
  std::mt19937_64 rng(42);
  Engine engine;
  Recorder r;
  std::set<std::tuple<SimTime, int, std::uint64_t>> reference;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    const SimTime t = static_cast<SimTime>(rng() % 50);
    const int p = static_cast<int>(rng() % 3);
    engine.Schedule(t, &r, i, p);
    reference.emplace(t, p, i);
  }
  engine.Run();
  ASSERT_EQ(r.log.size(), reference.size());
  std::size_t k = 0;
  for (const auto& [t, p, i] : reference) {
    EXPECT_EQ(r.log[k].first, t);
    EXPECT_EQ(r.log[k].second, i);
    ++k;
  }
}

// The same over a year, with timers (a third of them cancelled) among plain events.
TEST(EngineTest, MatchesReferenceOrderOverAYearWithCancellations) {
  std::mt19937_64 rng(7);
  Engine engine;
  Recorder r;
  std::set<std::tuple<SimTime, int, bool, std::uint64_t>> reference;  // plain before timer
  std::vector<std::pair<TimerHandle, std::tuple<SimTime, int, bool, std::uint64_t>>> timers;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const SimTime t = static_cast<SimTime>(rng() % (365 * kDay)) / (i % 5 == 0 ? kHour : 1);
    const int p = static_cast<int>(rng() % 3);
    if (i % 2 == 0) {
      timers.emplace_back(engine.ScheduleTimer(t, &r, i, p), std::make_tuple(t, p, true, i));
    } else {
      engine.Schedule(t, &r, i, p);
    }
    reference.emplace(t, p, i % 2 == 0, i);
  }
  for (std::size_t k = 0; k < timers.size(); k += 3) {
    EXPECT_TRUE(engine.Cancel(timers[k].first));
    reference.erase(timers[k].second);
  }
  EXPECT_EQ(engine.pending(), reference.size());
  engine.Run();
  ASSERT_EQ(r.log.size(), reference.size());
  std::size_t k = 0;
  for (const auto& [t, p, is_timer, i] : reference) {
    EXPECT_EQ(r.log[k].first, t);
    EXPECT_EQ(r.log[k].second, i);
    ++k;
  }
}

TEST(EngineTest, CancelledTimerNeverFires) {
  Engine engine;
  Recorder r;
  TimerHandle a = engine.ScheduleTimer(10, &r, 1);
  TimerHandle b = engine.ScheduleTimer(20, &r, 2);
  EXPECT_TRUE(engine.IsPending(a));
  EXPECT_EQ(engine.pending(), 2u);
  EXPECT_TRUE(engine.Cancel(a));
  EXPECT_TRUE(a.empty());
  EXPECT_FALSE(engine.Cancel(a));  // second cancel is a no-op
  EXPECT_EQ(engine.pending(), 1u);
  engine.Run();
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].second, 2u);
  EXPECT_FALSE(engine.IsPending(b));  // fired
  EXPECT_FALSE(engine.Cancel(b));
  EXPECT_EQ(engine.events_fired(), 1u);
}

// A handle kept after its timer fired must not cancel the slot's next user.
TEST(EngineTest, StaleHandleDoesNotCancelRecycledSlot) {
  Engine engine;
  Recorder r;
  TimerHandle first = engine.ScheduleTimer(1, &r, 1);
  TimerHandle copy = first;
  engine.Run();
  TimerHandle second = engine.ScheduleTimer(2, &r, 2);
  EXPECT_EQ(second.slot, copy.slot);  // slot recycled
  EXPECT_FALSE(engine.Cancel(copy));
  engine.Run();
  EXPECT_EQ(r.log.size(), 2u);
}

// A handler that cancels a timer due at the same instant.
class Canceller : public EventTarget {
 public:
  void OnEvent(Engine& engine, std::uint64_t) override { engine.Cancel(victim); }
  TimerHandle victim;
};

TEST(EngineTest, CancelFromHandlerAtSameInstant) {
  Engine engine;
  Recorder r;
  Canceller c;
  engine.Schedule(7, &c);
  c.victim = engine.ScheduleTimer(7, &r, 99);
  engine.Run();
  EXPECT_TRUE(r.log.empty());
}

TEST(EngineTest, RunUntilStopsAtHorizonAndAdvancesClock) {
  Engine engine;
  Recorder r;
  engine.Schedule(1 * kHour, &r, 1);
  engine.Schedule(2 * kHour, &r, 2);
  engine.Schedule(3 * kHour, &r, 3);
  EXPECT_EQ(engine.RunUntil(2 * kHour), 2u);  // inclusive of the horizon
  EXPECT_EQ(engine.now(), 2 * kHour);
  EXPECT_EQ(engine.pending(), 1u);
  EXPECT_EQ(engine.RunUntil(2 * kHour + 30 * kMinute), 0u);
  EXPECT_EQ(engine.now(), 2 * kHour + 30 * kMinute);
  engine.Run();
  EXPECT_EQ(engine.now(), 3 * kHour);
}

class Stopper : public EventTarget {
 public:
  void OnEvent(Engine& engine, std::uint64_t) override { engine.Stop(); }
};

TEST(EngineTest, StopReturnsAfterCurrentEvent) {
  Engine engine;
  Recorder r;
  Stopper s;
  engine.Schedule(1, &r, 1);
  engine.Schedule(2, &s);
  engine.Schedule(3, &r, 3);
  engine.Run();
  EXPECT_EQ(engine.now(), 2);
  EXPECT_EQ(r.log.size(), 1u);
  engine.Run();
  EXPECT_EQ(r.log.size(), 2u);
}

TEST(EngineTest, ObserverSeesEveryFiredEventInOrder) {
  Engine engine;
  Recorder r;
  std::vector<FiredEvent> seen;
  engine.SetObserver([&](const FiredEvent& e) { seen.push_back(e); });
  engine.Schedule(5, &r, 50, 3);
  engine.Schedule(5, &r, 51, 2);
  TimerHandle h = engine.ScheduleTimer(6, &r, 60);
  engine.Cancel(h);
  engine.Run();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].tag, 51u);
  EXPECT_EQ(seen[0].priority, 2);
  EXPECT_EQ(seen[0].sequence, 1u);
  EXPECT_EQ(seen[1].tag, 50u);
}

// Events scheduled from handlers at the current time fire after those already queued.
class Chain : public EventTarget {
 public:
  void OnEvent(Engine& engine, std::uint64_t tag) override {
    order.push_back(tag);
    if (tag == 1) engine.Schedule(engine.now(), this, 3);
  }
  std::vector<std::uint64_t> order;
};

TEST(EngineTest, ZeroDelayEventGoesBehindEqualTimeEvents) {
  Engine engine;
  Chain c;
  engine.Schedule(0, &c, 1);
  engine.Schedule(0, &c, 2);
  engine.Run();
  EXPECT_EQ(c.order, (std::vector<std::uint64_t>{1, 2, 3}));
}

// Events that schedule more events, most of them at the current instant (the
// engine's now-FIFO), with mixed priorities, timers and cancellations, against
// the obvious event list: a std::set keyed by (time, priority, timer?, insertion).
class Spawner : public EventTarget {
 public:
  struct Action {
    SimTime delay;
    int priority;
    bool timer;
  };
  explicit Spawner(std::uint64_t seed) : rng_(seed) {}
  // The children of one event and which earlier timer it cancels (if any): drawn in
  // event order, so both event lists see the same workload only if they fire alike.
  std::vector<Action> Children(std::size_t* cancel_index, std::size_t timer_count) {
    std::vector<Action> out;
    // 0-2 children (one on average: the population wanders) until the budget is spent.
    const int n = spawned_ < kBudget ? static_cast<int>(rng_() % 3) : 0;
    spawned_ += static_cast<std::uint64_t>(n);
    for (int k = 0; k < n; ++k) {
      // Most at the same instant (the now-FIFO); the rest a few ms, hours, days or
      // weeks ahead (the heap, at every depth).
      SimTime delay = 0;
      switch (rng_() % 10) {
        case 6: delay = static_cast<SimTime>(rng_() % 4); break;
        case 7: delay = static_cast<SimTime>(rng_() % (3 * kHour)); break;
        case 8: delay = static_cast<SimTime>(rng_() % (5 * kDay)); break;
        case 9: delay = static_cast<SimTime>(rng_() % (60 * kDay)); break;
        default: break;
      }
      out.push_back({delay, static_cast<int>(rng_() % 3), rng_() % 4 == 0});
    }
    *cancel_index = timer_count > 0 && rng_() % 3 == 0 ? rng_() % timer_count : timer_count;
    return out;
  }
  void OnEvent(Engine& engine, std::uint64_t tag) override {
    log.emplace_back(engine.now(), tag);
    std::size_t cancel = 0;
    for (const Action& a : Children(&cancel, timers.size())) {
      if (a.timer) {
        timers.push_back(engine.ScheduleTimer(engine.now() + a.delay, this, next_tag++, a.priority));
      } else {
        engine.ScheduleIn(a.delay, this, next_tag++, a.priority);
      }
    }
    if (cancel < timers.size()) engine.Cancel(timers[cancel]);
  }
  static constexpr std::uint64_t kBudget = 20000;
  std::mt19937_64 rng_;
  std::uint64_t spawned_ = 0;
  std::uint64_t next_tag = 1000;
  std::vector<TimerHandle> timers;
  std::vector<std::pair<SimTime, std::uint64_t>> log;
};

std::vector<std::pair<SimTime, std::uint64_t>> ReferenceRun(std::uint64_t seed, int roots) {
  Spawner workload(seed);
  // time, priority, timer?, insertion, tag: a plain event goes before a timer of the same
  // time and priority (the engine's documented tie rule).
  using Key = std::tuple<SimTime, int, bool, std::uint64_t, std::uint64_t>;
  std::set<Key> list;
  std::vector<Key> timer_keys;
  std::uint64_t seq = 0;
  for (int i = 0; i < roots; ++i) {
    list.emplace(static_cast<SimTime>(i % 3), i % 2, false, seq++, static_cast<std::uint64_t>(i));
  }
  std::vector<std::pair<SimTime, std::uint64_t>> log;
  while (!list.empty()) {
    const auto [t, p, is_timer, s, tag] = *list.begin();
    list.erase(list.begin());
    log.emplace_back(t, tag);
    std::size_t cancel = 0;
    for (const Spawner::Action& a : workload.Children(&cancel, timer_keys.size())) {
      const Key key{t + a.delay, a.priority, a.timer, seq++, workload.next_tag++};
      list.insert(key);
      if (a.timer) timer_keys.push_back(key);
    }
    if (cancel < timer_keys.size()) list.erase(timer_keys[cancel]);
  }
  return log;
}

TEST(EngineTest, ZeroDelayCascadesMatchReferenceOrder) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    Engine engine;
    Spawner s(seed);
    const int roots = 500;
    for (int i = 0; i < roots; ++i) {
      engine.Schedule(static_cast<SimTime>(i % 3), &s, static_cast<std::uint64_t>(i), i % 2);
    }
    // Run in slices, stopping now and then mid-instant, to exercise the FIFO across calls.
    std::uint64_t fired = 0;
    for (SimTime end = 0; engine.pending() > 0; end += 2 + end / 50) fired += engine.RunUntil(end);
    const auto expected = ReferenceRun(seed, roots);
    ASSERT_EQ(s.log.size(), expected.size()) << "seed " << seed;
    EXPECT_EQ(fired, expected.size());
    EXPECT_EQ(s.log, expected) << "seed " << seed;
  }
}

TEST(EngineTest, StopInsideAnInstantResumesInOrder) {
  Engine engine;
  Chain c;  // tag 1 schedules tag 3 at the same instant
  engine.Schedule(0, &c, 1);
  engine.Schedule(0, &c, 2);
  engine.Schedule(0, &c, 4, 0);  // priority 0: first
  Stopper stopper;
  engine.Schedule(0, &stopper, 0, 0);
  EXPECT_EQ(engine.RunUntil(10), 2u);  // tag 4, then the stopper
  EXPECT_EQ(engine.now(), 0);
  engine.RunUntil(10);
  EXPECT_EQ(c.order, (std::vector<std::uint64_t>{4, 1, 2, 3}));
  EXPECT_EQ(engine.now(), 10);
}

using EngineDeathTest = ::testing::Test;

TEST(EngineDeathTest, SchedulingInThePastAborts) {
  Engine engine;
  Recorder r;
  engine.Schedule(10, &r);
  engine.Run();
  EXPECT_DEATH(engine.Schedule(9, &r), "scheduled in the past");
}

TEST(EngineDeathTest, PriorityOutOfRangeAborts) {
  Engine engine;
  Recorder r;
  EXPECT_DEATH(engine.Schedule(0, &r, 0, Engine::kMaxPriority + 1), "priority out of range");
}

}  // namespace
}  // namespace escalade::kernel
