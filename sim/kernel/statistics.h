// Tally and TimeWeighted: the two running accumulators behind every kernel metric.
//
// Tally summarises a stream of observations (waits, sojourns): count, sum, mean,
// sample variance, min and max, in O(1) memory. The mean and variance use Welford's
// update, so they stay accurate when the values share a large offset (1e9 + noise),
// where the textbook sum-of-squares formula loses every significant digit. Two
// tallies merge exactly as if one had seen both streams (Chan, Golub & LeVeque's
// pairwise update), up to rounding.
//
// TimeWeighted integrates a piecewise-constant quantity of simulated time (queue
// length, busy servers) over a window that starts at construction or at the last
// Reset() (warm-up deletion), and reports its integral in value·hours and its
// time average.
//
// Both reject non-finite input with ESCALADE_CHECK: a NaN or an infinity fed to an
// accumulator is a bug upstream and would otherwise poison every later result.
//
// Thread safety: plain values, not synchronised. One accumulator must not be used
// by two threads at once; give each thread (replication) its own copy and Merge()
// the Tallies afterwards. A TimeWeighted belongs to the one clock it integrates over.
#ifndef ESCALADE_SIM_KERNEL_STATISTICS_H_
#define ESCALADE_SIM_KERNEL_STATISTICS_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::kernel {

class Tally {
 public:
  // REQUIRES: x is finite.
  void Add(double x) {
    ESCALADE_CHECK(std::isfinite(x), "Tally::Add: observation must be finite");
    ++count_;
    sum_ += x;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }

  // Adds every observation of `other` (which may be *this).
  void Merge(const Tally& other);
  // Forgets every observation (warm-up deletion).
  void Reset() { *this = Tally(); }

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }  // 0 if empty
  double mean() const { return count_ == 0 ? kNaN : mean_; }
  // Sample variance (divisor n-1); NaN if count() < 2.
  double variance() const;
  // sqrt(variance()); NaN if count() < 2.
  double stddev() const { return std::sqrt(variance()); }
  double min() const { return count_ == 0 ? kNaN : min_; }
  double max() const { return count_ == 0 ? kNaN : max_; }

 private:
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sum of squared deviations from mean_
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

class TimeWeighted {
 public:
  // The window starts at `start` with value `initial`. REQUIRES: initial is finite.
  explicit TimeWeighted(SimTime start = 0, double initial = 0.0);

  // The value is `value` from `now` on. Two changes at the same instant make a
  // zero-width step: the last one wins the integral, but max() still sees both,
  // since the quantity did take that value (a queue that grew and shrank in one event).
  // REQUIRES: now >= the time of the last change or Reset; value is finite.
  void Set(SimTime now, double value) {
    ESCALADE_CHECK(now >= last_change_, "TimeWeighted::Set: time ran backwards");
    ESCALADE_CHECK(std::isfinite(value), "TimeWeighted::Set: value must be finite");
    area_ += value_ * static_cast<double>(now - last_change_);
    last_change_ = now;
    value_ = value;
    if (value > max_) max_ = value;
  }
  // Set(now, value() + delta). Same REQUIRES.
  void Add(SimTime now, double delta) { Set(now, value_ + delta); }

  double value() const { return value_; }
  // ∫ value dt over [window_start(), now], in value·hours.
  // REQUIRES: now >= the time of the last change.
  double Integral(SimTime now) const;
  // Integral(now) / hours elapsed since window_start(); NaN if now == window_start().
  // REQUIRES: as Integral().
  double Mean(SimTime now) const;
  // The largest value held in the window, including the value at its start.
  double max() const { return max_; }
  // Restarts the window at `now`, keeping the current value (warm-up deletion).
  // REQUIRES: now >= the time of the last change.
  void Reset(SimTime now);
  SimTime window_start() const { return window_start_; }

 private:
  // REQUIRES: now >= last_change_. Area in value·milliseconds: summing integer
  // durations and converting once keeps hand-checkable cases exact.
  double AreaMs(SimTime now) const;

  SimTime window_start_;
  SimTime last_change_;
  double value_;
  double max_;
  double area_ = 0.0;  // value·ms over [window_start_, last_change_]
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_STATISTICS_H_
