// Calendar: when a unit works — working hours per weekday, holidays, make-up workdays —
// and the arithmetic of deadlines on it ("4 working hours from now", "within 5 working
// days"). Also civil-date helpers (proleptic Gregorian, no time zones).
//
// Time model. SimTime 0 is local midnight at the start of the calendar's start date;
// every day is exactly 24 h (local civil time without DST: time zones are the scenario
// loader's business). Working intervals are whole minutes, so every boundary is a whole
// millisecond and "working time" is an exact integer count of ms.
//
// Cost. The week is periodic except on the finitely many listed dates, so sums of working
// time over any span take O(log E) for E listed dates (whole weeks by multiplication, listed
// dates by prefix sums), and AddWorkingTime / AddWorkingDays binary-search the landing day
// (~50 such sums). No operation walks day by day; 10^6 working hours cost the same as one.
//
// Range. Results that would fall after the last representable instant saturate at
// kTimeMax ("never"). Every week has working time (Create() insists), so a deadline
// always exists otherwise, however many holidays are listed.
//
// Thread safety: a Calendar is immutable after Create(); const methods may be called from
// any number of threads at once. The free functions are pure.
#ifndef ESCALADE_SIM_KERNEL_CALENDAR_H_
#define ESCALADE_SIM_KERNEL_CALENDAR_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/duration.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::kernel {

// A date in the proleptic Gregorian calendar. Ordered chronologically.
struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..DaysInMonth
  auto operator<=>(const CivilDate&) const = default;
};

// True if month is 1..12 and day exists in that month (29 February only in leap years).
bool IsValidDate(CivilDate date);

// Parses exactly "YYYY-MM-DD" (surrounding whitespace ignored) and validates it, e.g.
//   expected a date as YYYY-MM-DD, such as 2024-10-01; got "2023-02-29" (2023-02 has 28 days)
Result<CivilDate> ParseDate(std::string_view iso);

// "YYYY-MM-DD" (ParseDate's inverse for years 0..9999).
std::string FormatDate(CivilDate date);

// Days since 1970-01-01 and back, after Howard Hinnant, "chrono-Compatible Low-Level Date
// Algorithms" (days_from_civil / civil_from_days),
// http://howardhinnant.github.io/date_algorithms.html. Exact for every date whose year fits in an
// int. REQUIRES (DaysFromCivil): IsValidDate(date).
std::int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(std::int64_t days);

// 0 = Monday ... 6 = Sunday (ISO 8601 order). REQUIRES: IsValidDate(date).
int WeekdayOf(CivilDate date);

// One working interval of a day: [start_minute, end_minute) minutes after midnight.
struct WorkingInterval {
  int start_minute;  // 0..1439
  int end_minute;    // start_minute+1..1440; 1440 is the next midnight
};

class Calendar {
 public:
  struct Options {
    // The date whose local midnight is SimTime 0. Default 2024-01-01 (a Monday).
    CivilDate start_date{2024, 1, 1};
    // Working intervals per weekday, index 0 = Monday ... 6 = Sunday; each list sorted,
    // non-overlapping (touching is fine). An empty list means closed that weekday.
    // Default: all empty, which Create() rejects; start from OfficeHours() or fill in.
    std::array<std::vector<WorkingInterval>, 7> hours;
    // Dates closed all day whatever their weekday (法定节假日). Order and duplicates do
    // not matter. Default: none.
    std::vector<CivilDate> holidays;
    // Saturdays or Sundays worked with Monday's hours (调休 make-up workdays, e.g. 2024-09-29
    // and 2024-10-12 around the National Day holiday). Default: none.
    std::vector<CivilDate> makeup_workdays;
  };

  // Validates everything and reports every problem at once, one per line, each naming the
  // option (e.g. "hours[1] (Tuesday)[0]: ..."). Errors: an invalid date anywhere; an
  // interval outside [0, 1440] or with start >= end; intervals of a day unsorted or
  // overlapping; no working interval in the whole week; a date both a holiday and a
  // make-up workday; a make-up workday that is not a Saturday or Sunday (almost surely a
  // typo: weekdays are worked anyway); make-up workdays while Monday has no hours.
  static Result<Calendar> Create(Options options);

  // Open 24 hours a day, 7 days a week, no holidays: working time equals elapsed time.
  // REQUIRES: IsValidDate(start_date).
  static Calendar AlwaysOpen(CivilDate start_date);

  // Monday to Friday 09:00-12:00 and 13:30-18:00 (7.5 h a day), no holidays.
  // [assumed] A typical Chinese government office day; actual hours vary by city and by
  // season (some offices close at 17:00 or 17:30 in winter). Scenarios should state theirs.
  static Options OfficeHours(CivilDate start_date);

  CivilDate start_date() const { return start_date_; }

  // Civil views of an instant; all work for negative t (before the start date).
  CivilDate DateOf(SimTime t) const;
  int Weekday(SimTime t) const;            // 0 = Monday ... 6 = Sunday
  int MinuteOfDay(SimTime t) const;        // 0..1439
  std::int64_t DayIndex(SimTime t) const;  // whole days since the start date, floor
  // Midnight starting day `day_index` (0 = the start date); saturates beyond the SimTime range.
  SimTime StartOfDay(std::int64_t day_index) const;

  // A working day has at least one working interval: not a holiday, and either a make-up
  // workday or a weekday with hours.
  bool IsWorkingDay(CivilDate date) const;
  // True if the date is one of Options::holidays (demand may differ on holidays).
  bool IsHoliday(CivilDate date) const;
  // True if t lies inside a working interval of its day.
  bool IsWorking(SimTime t) const;

  // The first working instant at or after t (t itself if working).
  SimTime NextWorkingInstant(SimTime t) const;

  // The earliest instant s with WorkingTimeBetween(t, s) == working_ms: consumes
  // working_ms of working time starting at t. Work that finishes exactly at a closing
  // time ends at that closing time (not at the next opening). 0 returns t, even when t is
  // outside working hours. REQUIRES: working_ms >= 0.
  SimTime AddWorkingTime(SimTime t, SimTime working_ms) const;

  // The deadline of "within n working days" from t: the close of business (end of the
  // last working interval) of the n-th working day after the day containing t. The day
  // the period starts is not counted, whether or not it is a working day or how much of
  // it is left, as in Chinese law on periods: 期间开始的时和日，不计算在期间内 (Civil
  // Procedure Law art. 85, art. 82 before 2021; Civil Code art. 201), and where business
  // hours apply the last day ends when business closes (Civil Code art. 203). So from
  // Friday 10:00 on office hours, 1 working day ends Monday 18:00. n = 0 means "today":
  // the close of t's own day if that is a working day and t is before its close, else
  // the close of the next working day.
  // REQUIRES: n >= 0.
  SimTime AddWorkingDays(SimTime t, std::int64_t n) const;

  // Working milliseconds in [a, b); 0 if b <= a. Saturates at kTimeMax.
  SimTime WorkingTimeBetween(SimTime a, SimTime b) const;

  // t + d: elapsed time for kCalendar, AddWorkingTime for kWorkingHours, AddWorkingDays
  // for kWorkingDays. REQUIRES: d is non-negative (as ParseDuration makes it).
  SimTime Advance(SimTime t, const Duration& d) const;

 private:
  struct Span {  // a working interval in ms after midnight
    SimTime begin;
    SimTime end;
  };
  enum class ExceptionKind { kHoliday, kMakeupWorkday };
  struct Exception {
    std::int64_t day;  // days since 1970-01-01
    ExceptionKind kind;
  };
  // A per-day quantity (working ms, or 1 for a working day) summed over day ranges in
  // O(log E): the regular weekly pattern plus the listed dates' corrections.
  struct Measure {
    std::array<std::int64_t, 7> per_weekday{};   // regular value, index 0 = Monday
    std::int64_t per_week = 0;                   // sum of per_weekday; > 0
    std::vector<std::int64_t> exception_prefix;  // [i] = sum of corrections of exceptions_[<i]
  };

  Calendar() = default;

  const std::vector<Span>& SpansOf(std::int64_t day) const;
  SimTime WorkingMsBefore(std::int64_t day, SimTime ms_in_day) const;
  SimTime InstantInDay(std::int64_t day, SimTime working_ms) const;
  SimTime TimeOf(std::int64_t day, SimTime ms_in_day) const;
  std::int64_t Sum(const Measure& measure, std::int64_t first_day, std::int64_t end_day) const;
  bool FirstDayReaching(const Measure& measure, std::int64_t first_day, std::int64_t amount,
                        std::int64_t* day) const;

  CivilDate start_date_;
  std::int64_t start_day_ = 0;  // DaysFromCivil(start_date_)
  std::int64_t last_day_ = 0;   // the day containing kTimeMax
  std::array<std::vector<Span>, 7> hours_;
  std::vector<Exception> exceptions_;  // sorted by day, one per date
  Measure millis_;                     // working ms per day
  Measure working_days_;               // 1 per working day
};

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_CALENDAR_H_
