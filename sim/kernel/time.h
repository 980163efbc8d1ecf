// SimTime: simulated time as int64 milliseconds since the scenario's start instant.
//
// Integer time makes event order exact and reproducible; one millisecond is far
// below any duration that matters in governance (the shortest deadline in the
// domain is 10 minutes). int64 ms covers ±292 million years.
#ifndef ESCALADE_SIM_KERNEL_TIME_H_
#define ESCALADE_SIM_KERNEL_TIME_H_

#include <cstdint>
#include <limits>

namespace escalade::kernel {

using SimTime = std::int64_t;

inline constexpr SimTime kMillisecond = 1;
inline constexpr SimTime kSecond = 1000;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;
inline constexpr SimTime kWeek = 7 * kDay;
inline constexpr SimTime kTimeMax = std::numeric_limits<SimTime>::max();

// Conversions between SimTime and hours as a double (the unit of every output).
constexpr double ToHours(SimTime t) { return static_cast<double>(t) / static_cast<double>(kHour); }
// Rounds to the nearest millisecond, halves away from zero (as std::llround,
// without its library call: this is on the hot path of every sampled duration).
// REQUIRES: |hours| * 3.6e6 < 2^53.
constexpr SimTime FromHours(double hours) {
  const double ms = hours * static_cast<double>(kHour);
  return ms >= 0 ? static_cast<SimTime>(ms + 0.5) : -static_cast<SimTime>(-ms + 0.5);
}

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_TIME_H_
