// Duration: a span of time as scenario files write it, either elapsed (calendar)
// time or working time measured on a Calendar.
//
// Text forms (units are case-sensitive, no space between number and unit):
//   90s  30m  2h  7d  2w     calendar time: seconds, minutes, hours, days, weeks
//   4wh                      working hours: time counted only while a calendar is open
//   5wd                      working days: "within 5 working days" (see Calendar)
// Numbers are plain decimals (`1.5h`, `0.25d`); `0` alone means zero. Values are kept
// in integer milliseconds; a sub-millisecond remainder rounds to the nearest ms (halves
// up). Working days must be whole: half a working day has no agreed meaning.
//
// Thread safety: plain values and pure functions; safe from any thread.
#ifndef ESCALADE_SIM_KERNEL_DURATION_H_
#define ESCALADE_SIM_KERNEL_DURATION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::kernel {

enum class DurationKind {
  kCalendar,      // elapsed time: `millis` ms after the start instant
  kWorkingHours,  // `millis` ms of working time on the relevant calendar
  kWorkingDays,   // close of business of the `working_days`-th working day after the start
};

// Fields that do not belong to `kind` are zero (the factories ensure it), so that
// operator== compares meaning.
struct Duration {
  DurationKind kind = DurationKind::kCalendar;
  SimTime millis = 0;             // kCalendar: elapsed ms; kWorkingHours: ms of working time
  std::int64_t working_days = 0;  // kWorkingDays only

  // REQUIRES for all three: argument >= 0.
  static Duration Calendar(SimTime ms) { return {DurationKind::kCalendar, ms, 0}; }
  static Duration WorkingHours(SimTime ms) { return {DurationKind::kWorkingHours, ms, 0}; }
  static Duration WorkingDays(std::int64_t n) { return {DurationKind::kWorkingDays, 0, n}; }

  bool operator==(const Duration&) const = default;
};

// Parses the text forms above; surrounding whitespace is ignored. The error says what
// was wrong and what was expected, e.g.
//   expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd; got "3 parsecs"
//   (unknown unit "parsecs")
// Rejected: empty text, signs (negative spans are never meant), nan/inf, exponents,
// a missing or unknown unit, fractional working days, values beyond int64 ms, and
// anything after the unit.
Result<Duration> ParseDuration(std::string_view text);

// The shortest text that ParseDuration maps back to `d` exactly; on a tie the larger
// unit wins ("90s", "90m", "1d", "1w", "2.5s", "0.5wh", "5wd", zero is "0s").
// Calendar time is always written exactly (seconds always can be). Working hours have
// only the `wh` unit and 1 ms is not a terminating decimal of an hour, so they get the
// fewest decimals (at most 7) that round back to the same millisecond: 1 ms is
// "0.0000003wh".
// REQUIRES: d.millis >= 0 and d.working_days >= 0 (checked: a negative span is a bug).
std::string FormatDuration(const Duration& d);

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_DURATION_H_
