#include "sim/kernel/statistics.h"

#include <algorithm>

namespace escalade::kernel {

void Tally::Merge(const Tally& other_ref) {
  const Tally other = other_ref;  // a copy, so that Merge(*this) is well-defined
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  // Chan, Golub & LeVeque (1979): combine means and M2 through the difference of
  // the means, never through raw sums of squares.
  const double n_a = static_cast<double>(count_);
  const double n_b = static_cast<double>(other.count_);
  const double n = n_a + n_b;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (n_b / n);
  m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double Tally::variance() const {
  if (count_ < 2) return kNaN;
  return m2_ / static_cast<double>(count_ - 1);
}

TimeWeighted::TimeWeighted(SimTime start, double initial)
    : window_start_(start), last_change_(start), value_(initial), max_(initial) {
  ESCALADE_CHECK(std::isfinite(initial), "TimeWeighted: initial value must be finite");
}

double TimeWeighted::AreaMs(SimTime now) const {
  ESCALADE_CHECK(now >= last_change_, "TimeWeighted: query before the last change");
  return area_ + value_ * static_cast<double>(now - last_change_);
}

double TimeWeighted::Integral(SimTime now) const {
  return AreaMs(now) / static_cast<double>(kHour);
}

double TimeWeighted::Mean(SimTime now) const {
  const double area = AreaMs(now);
  if (now == window_start_) return std::numeric_limits<double>::quiet_NaN();
  return area / static_cast<double>(now - window_start_);
}

void TimeWeighted::Reset(SimTime now) {
  ESCALADE_CHECK(now >= last_change_, "TimeWeighted::Reset: time ran backwards");
  window_start_ = now;
  last_change_ = now;
  area_ = 0.0;
  max_ = value_;
}

}  // namespace escalade::kernel
