#include "sim/kernel/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
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
