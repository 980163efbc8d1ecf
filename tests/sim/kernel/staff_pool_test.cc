#include "sim/kernel/staff_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <random>
#include <utility>
#include <vector>

namespace escalade::kernel {
namespace {

// Holds each granted server for a fixed time, then releases it; logs grants.
class FixedWork : public StaffListener, public EventTarget {
 public:
  FixedWork(Engine& engine, SimTime work) : engine_(engine), work_(work) {}
  void OnStaffGranted(StaffPool& pool, std::uint64_t job) override {
    grants.emplace_back(engine_.now(), job);
    pool_ = &pool;
    engine_.Schedule(engine_.now() + work_, this, job);
  }
  void OnEvent(Engine&, std::uint64_t) override { pool_->Release(); }
  std::vector<std::pair<SimTime, std::uint64_t>> grants;

 private:
  Engine& engine_;
  SimTime work_;
  StaffPool* pool_ = nullptr;
};

std::vector<std::uint64_t> Jobs(const FixedWork& w) {
  std::vector<std::uint64_t> out;
  for (auto& g : w.grants) out.push_back(g.second);
  return out;
}

TEST(StaffPoolTest, FifoServesInArrivalOrderAndMeasuresWaits) {
  Engine engine;
  StaffPool pool(engine, {.name = "desk", .servers = 2});
  FixedWork w(engine, kHour);
  for (std::uint64_t j = 0; j < 5; ++j) pool.Request({.job = j}, &w);
  EXPECT_EQ(pool.busy(), 2);
  EXPECT_EQ(pool.queue_length(), 3u);
  engine.Run();
  EXPECT_EQ(Jobs(w), (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  // Grants at 0,0,1h,1h,2h: waits 0,0,1,1,2 hours.
  EXPECT_EQ(w.grants[4].first, 2 * kHour);
  EXPECT_DOUBLE_EQ(pool.wait_hours().mean(), 0.8);
  // Busy: 2 servers for 2 h, 1 server for the last hour: 5 server-hours over 3 h of 2 staff.
  EXPECT_DOUBLE_EQ(pool.BusyHours(engine.now()), 5.0);
  EXPECT_DOUBLE_EQ(pool.Utilization(engine.now()), 5.0 / 6.0);
  // Queue: 3 waiting for 1 h, 1 for 1 h: mean 4/3 over 3 h.
  EXPECT_DOUBLE_EQ(pool.MeanQueueLength(engine.now()), 4.0 / 3.0);
  EXPECT_EQ(pool.jobs_granted(), 5u);
}

TEST(StaffPoolTest, PriorityDisciplineServesMostUrgentThenArrivalOrder) {
  Engine engine;
  StaffPool pool(engine, {.name = "p", .servers = 1, .discipline = disciplines::Priority});
  FixedWork w(engine, kMinute);
  pool.Request({.job = 0, .priority = 5}, &w);  // takes the free server
  pool.Request({.job = 1, .priority = 3}, &w);
  pool.Request({.job = 2, .priority = 1}, &w);
  pool.Request({.job = 3, .priority = 3}, &w);
  pool.Request({.job = 4, .priority = 1}, &w);
  engine.Run();
  EXPECT_EQ(Jobs(w), (std::vector<std::uint64_t>{0, 2, 4, 1, 3}));
}

TEST(StaffPoolTest, EarliestDeadlineFirst) {
  Engine engine;
  StaffPool pool(engine,
                 {.name = "edf", .servers = 1, .discipline = disciplines::EarliestDeadline});
  FixedWork w(engine, kMinute);
  pool.Request({.job = 0, .deadline = 100 * kHour}, &w);
  pool.Request({.job = 1, .deadline = 50 * kHour}, &w);
  pool.Request({.job = 2, .deadline = 10 * kHour}, &w);
  pool.Request({.job = 3}, &w);  // no deadline: last
  pool.Request({.job = 4, .deadline = 10 * kHour}, &w);
  engine.Run();
  EXPECT_EQ(Jobs(w), (std::vector<std::uint64_t>{0, 2, 4, 1, 3}));
}

// A custom discipline is just a function.
bool LargestJobIdFirst(const WaitingJob& a, const WaitingJob& b) { return a.job > b.job; }

TEST(StaffPoolTest, CustomDiscipline) {
  Engine engine;
  StaffPool pool(engine, {.name = "c", .servers = 1, .discipline = LargestJobIdFirst});
  FixedWork w(engine, kMinute);
  for (std::uint64_t j : {7, 3, 9, 1}) pool.Request({.job = j}, &w);
  engine.Run();
  EXPECT_EQ(Jobs(w), (std::vector<std::uint64_t>{7, 9, 3, 1}));
}

TEST(StaffPoolTest, CancelWaitingRemovesOnlyWaitingJobs) {
  for (Discipline d : {Discipline{disciplines::Fifo}, Discipline{disciplines::Priority}}) {
    Engine engine;
    StaffPool pool(engine, {.name = "x", .servers = 1, .discipline = d});
    FixedWork w(engine, kMinute);
    for (std::uint64_t j = 0; j < 4; ++j) pool.Request({.job = j}, &w);
    EXPECT_FALSE(pool.CancelWaiting(0));  // being served
    EXPECT_TRUE(pool.CancelWaiting(2));
    EXPECT_FALSE(pool.CancelWaiting(2));
    EXPECT_FALSE(pool.CancelWaiting(42));
    engine.Run();
    EXPECT_EQ(Jobs(w), (std::vector<std::uint64_t>{0, 1, 3}));
  }
}

// Zero-length work released from inside the grant callback must not recurse.
class InstantWork : public StaffListener {
 public:
  void OnStaffGranted(StaffPool& pool, std::uint64_t job) override {
    order.push_back(job);
    pool.Release();
  }
  std::vector<std::uint64_t> order;
};

TEST(StaffPoolTest, ReleaseFromGrantCallbackIsSafe) {
  Engine engine;
  StaffPool pool(engine, {.name = "z", .servers = 1});
  FixedWork blocker(engine, kHour);
  pool.Request({.job = 0}, &blocker);
  InstantWork instant;
  for (std::uint64_t j = 1; j <= 100000; ++j) pool.Request({.job = j}, &instant);
  engine.Run();  // the blocker's release starts a cascade of 100000 instant jobs
  ASSERT_EQ(instant.order.size(), 100000u);
  EXPECT_EQ(instant.order.front(), 1u);
  EXPECT_EQ(instant.order.back(), 100000u);
  EXPECT_EQ(pool.busy(), 0);
  EXPECT_EQ(pool.queue_length(), 0u);
}

TEST(StaffPoolTest, PeriodicScheduleValidation) {
  EXPECT_FALSE(PeriodicSchedule::Create(0, {{0, 1}}).ok());
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {}).ok());
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {{kHour, 1}}).ok());            // not at 0
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {{0, 1}, {0, 2}}).ok());        // not increasing
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {{0, 1}, {kDay, 2}}).ok());     // past period
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {{0, -1}}).ok());
  EXPECT_FALSE(PeriodicSchedule::Create(kDay, {{0, 0}}).ok());                // never on duty
  auto s = PeriodicSchedule::Create(kDay, {{0, 0}, {9 * kHour, 3}, {18 * kHour, 0}});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->ServersAt(8 * kHour), 0);
  EXPECT_EQ((*s)->ServersAt(9 * kHour), 3);
  EXPECT_EQ((*s)->ServersAt(kDay + 12 * kHour), 3);
  EXPECT_EQ((*s)->NextChange(12 * kHour), 18 * kHour);
  EXPECT_EQ((*s)->NextChange(20 * kHour), kDay + 9 * kHour);
  // Steps with equal levels are not changes.
  auto flat = PeriodicSchedule::Create(kDay, {{0, 2}, {kHour, 2}});
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ((*flat)->NextChange(0), kTimeMax);
}

TEST(StaffPoolTest, ShiftsOpenAndCloseTheDeskAndCountOvertime) {
  Engine engine;
  // Open 09:00-18:00 with 1 clerk.
  auto shifts = PeriodicSchedule::Create(kDay, {{0, 0}, {9 * kHour, 1}, {18 * kHour, 0}});
  ASSERT_TRUE(shifts.ok());
  StaffPool pool(engine, {.name = "desk", .schedule = *shifts});
  EXPECT_EQ(pool.servers(), 0);
  FixedWork w(engine, 2 * kHour);
  pool.Request({.job = 1}, &w);  // at midnight: waits for opening
  engine.RunUntil(17 * kHour);
  pool.Request({.job = 2}, &w);  // 17:00: served 17:00-19:00, one hour of overtime
  engine.RunUntil(kDay);
  EXPECT_EQ(w.grants[0].first, 9 * kHour);
  EXPECT_EQ(w.grants[1].first, 17 * kHour);
  EXPECT_DOUBLE_EQ(pool.BusyHours(kDay), 4.0);
  EXPECT_DOUBLE_EQ(pool.OvertimeHours(kDay), 1.0);
  EXPECT_DOUBLE_EQ(pool.StaffedHours(kDay), 10.0);  // 9 on duty + 1 overtime
  EXPECT_DOUBLE_EQ(pool.Utilization(kDay), 0.4);
  EXPECT_DOUBLE_EQ(pool.wait_hours().mean(), 4.5);  // 9 h and 0 h
}

TEST(StaffPoolTest, ResetStatisticsStartsANewWindow) {
  Engine engine;
  StaffPool pool(engine, {.name = "w", .servers = 1});
  FixedWork w(engine, kHour);
  pool.Request({.job = 1}, &w);
  engine.RunUntil(2 * kHour);
  pool.ResetStatistics(engine.now());
  pool.Request({.job = 2}, &w);
  engine.RunUntil(4 * kHour);
  EXPECT_DOUBLE_EQ(pool.BusyHours(engine.now()), 1.0);
  EXPECT_DOUBLE_EQ(pool.Utilization(engine.now()), 0.5);
  EXPECT_EQ(pool.jobs_granted(), 1u);
}

TEST(StaffPoolTest, UtilizationUndefinedWithoutStaff) {
  Engine engine;
  auto shifts = PeriodicSchedule::Create(kDay, {{0, 0}, {9 * kHour, 1}});
  StaffPool pool(engine, {.name = "closed", .schedule = *shifts});
  engine.RunUntil(8 * kHour);
  EXPECT_TRUE(std::isnan(pool.Utilization(engine.now())));
}

// The FIFO line's ring buffer against std::deque: pushes, pops and erasures from the
// middle, through many wrap-arounds and growths.
TEST(JobRingTest, MatchesDeque) {
  std::mt19937_64 rng(3);
  internal::JobRing ring;
  std::deque<std::uint64_t> reference;
  std::uint64_t next = 0;
  for (int step = 0; step < 200000; ++step) {
    const auto op = rng() % 10;
    if (op < 5 || reference.empty()) {
      WaitingJob job;
      job.job = next;
      ring.push_back(job);
      reference.push_back(next++);
    } else if (op < 9) {
      ASSERT_EQ(ring.front().job, reference.front());
      ring.pop_front();
      reference.pop_front();
    } else {
      const std::uint64_t id = reference[rng() % reference.size()];
      EXPECT_TRUE(ring.Erase(id));
      reference.erase(std::find(reference.begin(), reference.end(), id));
      EXPECT_FALSE(ring.Erase(id));
    }
    ASSERT_EQ(ring.size(), reference.size());
    if (step % 50000 == 0) {  // drain to empty now and then: the head wraps anywhere
      while (!reference.empty()) {
        ASSERT_EQ(ring.front().job, reference.front());
        ring.pop_front();
        reference.pop_front();
      }
      EXPECT_TRUE(ring.empty());
    }
  }
  while (!reference.empty()) {
    ASSERT_EQ(ring.front().job, reference.front());
    ring.pop_front();
    reference.pop_front();
  }
}

TEST(StaffPoolDeathTest, ReleaseWithoutBusyServerAborts) {
  Engine engine;
  StaffPool pool(engine, {.name = "idle", .servers = 1});
  EXPECT_DEATH(pool.Release(), "no busy server");
}

}  // namespace
}  // namespace escalade::kernel
