#include "sim/kernel/calendar.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

namespace escalade::kernel {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr int kMinutesPerDay = 24 * 60;
constexpr const char* kWeekdayNames[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

// Saturating int64 arithmetic: results beyond the range become its nearest end.
std::int64_t SatAdd(std::int64_t a, std::int64_t b) {
  if (b > 0 && a > kInt64Max - b) return kInt64Max;
  if (b < 0 && a < kInt64Min - b) return kInt64Min;
  return a + b;
}
// REQUIRES: b > 0.
std::int64_t SatMul(std::int64_t a, std::int64_t b) {
  if (a > kInt64Max / b) return kInt64Max;
  if (a < kInt64Min / b) return kInt64Min;
  return a * b;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {  // REQUIRES: b > 0
  const std::int64_t q = a / b;
  return (a % b < 0) ? q - 1 : q;
}

// t - FloorDiv(t, kDay) * kDay, without the overflow of that product near INT64_MIN.
SimTime MsInDay(SimTime t) {
  const SimTime ms = t % kDay;
  return ms < 0 ? ms + kDay : ms;
}

int WeekdayOfDay(std::int64_t days) {  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

bool IsLeapYear(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned DaysInMonth(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::string ClockText(int minute) {  // 570 -> "09:30"
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

std::string DateProblem(CivilDate date) {  // REQUIRES: !IsValidDate(date)
  if (date.month < 1 || date.month > 12) {
    return "month " + std::to_string(date.month) + " is not 1..12";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u has %u days", date.year, date.month,
                DaysInMonth(date.year, date.month));
  return buffer;
}

std::string DateText(CivilDate date) {  // for messages about possibly invalid dates
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", date.year, date.month, date.day);
  return buffer;
}

}  // namespace

bool IsValidDate(CivilDate date) {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
         date.day <= DaysInMonth(date.year, date.month);
}

Result<CivilDate> ParseDate(std::string_view iso) {
  std::string_view s = iso;
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  const auto error = [iso](const std::string& reason) {
    return Status::Error("expected a date as YYYY-MM-DD, such as 2024-10-01; got \"" +
                         std::string(iso.substr(0, 40)) + "\" (" + reason + ")");
  };
  bool shape_ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i = 0; shape_ok && i < s.size(); ++i) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) shape_ok = false;
  }
  if (!shape_ok) return error("not of the form YYYY-MM-DD with digits");
  const auto number = [s](std::size_t pos, std::size_t len) {
    int value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) value = value * 10 + (s[i] - '0');
    return value;
  };
  const CivilDate date{number(0, 4), static_cast<unsigned>(number(5, 2)),
                       static_cast<unsigned>(number(8, 2))};
  if (!IsValidDate(date)) return error(DateProblem(date));
  return date;
}

std::string FormatDate(CivilDate date) { return DateText(date); }

// Howard Hinnant's days_from_civil: shifts the year to start on 1 March so the leap day is
// last, then counts 400-year eras (146097 days), years of the era and days of the year.
std::int64_t DaysFromCivil(CivilDate date) {
  const std::int64_t m = date.month;
  const std::int64_t d = date.day;
  const std::int64_t y = static_cast<std::int64_t>(date.year) - (m <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Howard Hinnant's civil_from_days, the inverse of the above.
CivilDate CivilFromDays(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

int WeekdayOf(CivilDate date) { return WeekdayOfDay(DaysFromCivil(date)); }

Result<Calendar> Calendar::Create(Options options) {
  std::vector<std::string> errors;
  if (!IsValidDate(options.start_date)) {
    errors.push_back("start_date " + DateText(options.start_date) + ": " +
                     DateProblem(options.start_date));
  }
  bool any_hours = false;
  const std::size_t errors_before_hours = errors.size();
  for (int weekday = 0; weekday < 7; ++weekday) {
    const auto& intervals = options.hours[static_cast<std::size_t>(weekday)];
    for (std::size_t i = 0; i < intervals.size(); ++i) {
      const WorkingInterval& in = intervals[i];
      const std::string where = "hours[" + std::to_string(weekday) + "] (" +
                                kWeekdayNames[weekday] + ")[" + std::to_string(i) + "] = [" +
                                std::to_string(in.start_minute) + ", " +
                                std::to_string(in.end_minute) + ")";
      if (in.start_minute < 0 || in.end_minute > kMinutesPerDay) {
        errors.push_back(where + ": minutes after midnight must lie within [0, 1440]");
      } else if (in.start_minute >= in.end_minute) {
        errors.push_back(where + ": start " + ClockText(in.start_minute) + " must be before end " +
                         ClockText(in.end_minute));
      } else if (i > 0 && in.start_minute < intervals[i - 1].end_minute) {
        errors.push_back(where + ": starts at " + ClockText(in.start_minute) +
                         ", before the previous interval ends at " +
                         ClockText(intervals[i - 1].end_minute) +
                         "; intervals must be sorted and must not overlap");
      } else {
        any_hours = true;
      }
    }
  }
  if (!any_hours && errors.size() == errors_before_hours) {  // else the fix may add hours
    errors.push_back(
        "hours: no working interval on any weekday; a calendar needs at least "
        "one (for round-the-clock service use 0..1440 every day)");
  }
  const auto check_dates = [&errors](const std::vector<CivilDate>& dates, const char* key) {
    for (std::size_t i = 0; i < dates.size(); ++i) {
      if (!IsValidDate(dates[i])) {
        errors.push_back(std::string(key) + "[" + std::to_string(i) + "] " + DateText(dates[i]) +
                         ": " + DateProblem(dates[i]));
      }
    }
  };
  check_dates(options.holidays, "holidays");
  check_dates(options.makeup_workdays, "makeup_workdays");
  for (std::size_t i = 0; i < options.makeup_workdays.size(); ++i) {
    const CivilDate date = options.makeup_workdays[i];
    if (!IsValidDate(date)) continue;
    const std::string where = "makeup_workdays[" + std::to_string(i) + "] " + DateText(date);
    if (std::find(options.holidays.begin(), options.holidays.end(), date) !=
        options.holidays.end()) {
      errors.push_back(where + ": also listed in holidays; a date is one or the other");
    }
    const int weekday = WeekdayOf(date);
    if (weekday < 5) {
      errors.push_back(where + ": is a " + kWeekdayNames[weekday] +
                       "; make-up workdays are Saturdays or Sundays");
    }
  }
  if (!options.makeup_workdays.empty() && options.hours[0].empty()) {
    errors.push_back(
        "makeup_workdays: a make-up workday is worked with Monday's hours, "
        "but hours[0] (Monday) is empty");
  }
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
    return Status::Error(std::move(message));
  }

  Calendar calendar;
  calendar.start_date_ = options.start_date;
  calendar.start_day_ = DaysFromCivil(options.start_date);
  calendar.last_day_ = calendar.start_day_ + kInt64Max / kDay;
  for (std::size_t weekday = 0; weekday < 7; ++weekday) {
    SimTime total = 0;
    for (const WorkingInterval& in : options.hours[weekday]) {
      calendar.hours_[weekday].push_back({in.start_minute * kMinute, in.end_minute * kMinute});
      total += (in.end_minute - in.start_minute) * kMinute;
    }
    calendar.millis_.per_weekday[weekday] = total;
    calendar.working_days_.per_weekday[weekday] = total > 0 ? 1 : 0;
  }
  for (Measure* m : {&calendar.millis_, &calendar.working_days_}) {
    for (std::int64_t v : m->per_weekday) m->per_week += v;
  }
  for (CivilDate date : options.holidays) {
    calendar.exceptions_.push_back({DaysFromCivil(date), ExceptionKind::kHoliday});
  }
  for (CivilDate date : options.makeup_workdays) {
    calendar.exceptions_.push_back({DaysFromCivil(date), ExceptionKind::kMakeupWorkday});
  }
  auto& exceptions = calendar.exceptions_;
  std::sort(exceptions.begin(), exceptions.end(),
            [](const Exception& a, const Exception& b) { return a.day < b.day; });
  exceptions.erase(std::unique(exceptions.begin(), exceptions.end(),
                               [](const Exception& a, const Exception& b) {
                                 return a.day == b.day;  // same kind: checked above
                               }),
                   exceptions.end());
  // Correction of a listed date = its actual value minus its weekday's regular value.
  for (Measure* m : {&calendar.millis_, &calendar.working_days_}) {
    m->exception_prefix.assign(1, 0);
    for (const Exception& e : exceptions) {
      const std::int64_t regular = m->per_weekday[static_cast<std::size_t>(WeekdayOfDay(e.day))];
      const std::int64_t actual = e.kind == ExceptionKind::kHoliday ? 0 : m->per_weekday[0];
      m->exception_prefix.push_back(m->exception_prefix.back() + actual - regular);
    }
  }
  return calendar;
}

Calendar Calendar::AlwaysOpen(CivilDate start_date) {
  Options options;
  options.start_date = start_date;
  for (auto& day : options.hours) day = {{0, kMinutesPerDay}};
  Result<Calendar> calendar = Create(std::move(options));
  ESCALADE_CHECK(calendar.ok(), calendar.status().ToString());
  return std::move(calendar).value();
}

Calendar::Options Calendar::OfficeHours(CivilDate start_date) {
  Options options;
  options.start_date = start_date;
  for (std::size_t weekday = 0; weekday < 5; ++weekday) {
    options.hours[weekday] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 18 * 60}};
  }
  return options;
}

CivilDate Calendar::DateOf(SimTime t) const { return CivilFromDays(start_day_ + DayIndex(t)); }

int Calendar::Weekday(SimTime t) const { return WeekdayOfDay(start_day_ + DayIndex(t)); }

int Calendar::MinuteOfDay(SimTime t) const { return static_cast<int>(MsInDay(t) / kMinute); }

std::int64_t Calendar::DayIndex(SimTime t) const { return FloorDiv(t, kDay); }

SimTime Calendar::StartOfDay(std::int64_t day_index) const { return SatMul(day_index, kDay); }

bool Calendar::IsWorkingDay(CivilDate date) const { return !SpansOf(DaysFromCivil(date)).empty(); }

bool Calendar::IsHoliday(CivilDate date) const {
  const std::int64_t day = DaysFromCivil(date);
  const auto it = std::lower_bound(
      exceptions_.begin(), exceptions_.end(), day,
      [](const Exception& exception, std::int64_t d) { return exception.day < d; });
  return it != exceptions_.end() && it->day == day && it->kind == ExceptionKind::kHoliday;
}

bool Calendar::IsWorking(SimTime t) const {
  const std::int64_t index = DayIndex(t);
  const SimTime ms = MsInDay(t);
  for (const Span& span : SpansOf(start_day_ + index)) {
    if (ms >= span.begin && ms < span.end) return true;
  }
  return false;
}

SimTime Calendar::NextWorkingInstant(SimTime t) const {
  if (IsWorking(t)) return t;
  // The first working millisecond at or after t is the one whose end completes 1 ms of
  // working time; boundaries are whole ms, so it starts 1 ms before that.
  const SimTime after_first_ms = AddWorkingTime(t, 1);
  return after_first_ms == kTimeMax ? kTimeMax : after_first_ms - 1;
}

SimTime Calendar::AddWorkingTime(SimTime t, SimTime working_ms) const {
  ESCALADE_CHECK(working_ms >= 0, "negative working time " + std::to_string(working_ms));
  if (working_ms == 0) return t;
  const std::int64_t index = DayIndex(t);
  const std::int64_t day = start_day_ + index;
  const SimTime ms = MsInDay(t);
  const SimTime done_today = WorkingMsBefore(day, ms);
  const SimTime left_today = WorkingMsBefore(day, kDay) - done_today;
  if (working_ms <= left_today) return TimeOf(day, InstantInDay(day, done_today + working_ms));
  const SimTime remaining = working_ms - left_today;
  // Most work spills into the next working day or the one after (a job started late in
  // the day, a weekend between): walk up to two weeks day by day before the binary search
  // over prefix sums, which costs ~10 Sum calls (bench/RESULTS.md: the megacity spent a
  // third of its simulation time here). Same landing day and instant as the search.
  SimTime left = remaining;
  for (std::int64_t d = day + 1; d <= day + 14 && d <= last_day_; ++d) {
    const SimTime in_day = WorkingMsBefore(d, kDay);
    if (left <= in_day) return TimeOf(d, InstantInDay(d, left));
    left -= in_day;
  }
  std::int64_t landing = 0;
  if (!FirstDayReaching(millis_, day + 1, remaining, &landing)) return kTimeMax;
  const SimTime before_landing = Sum(millis_, day + 1, landing);
  return TimeOf(landing, InstantInDay(landing, remaining - before_landing));
}

SimTime Calendar::AddWorkingDays(SimTime t, std::int64_t n) const {
  ESCALADE_CHECK(n >= 0, "negative working days " + std::to_string(n));
  const std::int64_t index = DayIndex(t);
  const std::int64_t day = start_day_ + index;
  if (n == 0) {
    const std::vector<Span>& today = SpansOf(day);
    if (!today.empty() && MsInDay(t) < today.back().end) {
      return TimeOf(day, today.back().end);
    }
    n = 1;  // today is over or closed: "today" becomes the next working day
  }
  std::int64_t landing = 0;
  if (!FirstDayReaching(working_days_, day + 1, n, &landing)) return kTimeMax;
  return TimeOf(landing, SpansOf(landing).back().end);
}

SimTime Calendar::WorkingTimeBetween(SimTime a, SimTime b) const {
  if (b <= a) return 0;
  const std::int64_t index_a = DayIndex(a);
  const std::int64_t index_b = DayIndex(b);
  const std::int64_t day_a = start_day_ + index_a;
  const std::int64_t day_b = start_day_ + index_b;
  const SimTime before_a = WorkingMsBefore(day_a, MsInDay(a));
  const SimTime before_b = WorkingMsBefore(day_b, MsInDay(b));
  // Whole days [day_a, day_b), then adjust for the parts of the end days outside [a, b).
  const std::int64_t whole_days = Sum(millis_, day_a, day_b);
  return whole_days == kTimeMax ? kTimeMax : SatAdd(whole_days, before_b - before_a);
}

SimTime Calendar::Advance(SimTime t, const Duration& d) const {
  switch (d.kind) {
    case DurationKind::kCalendar:
      ESCALADE_CHECK(d.millis >= 0, "negative duration " + std::to_string(d.millis));
      return SatAdd(t, d.millis);
    case DurationKind::kWorkingHours:
      return AddWorkingTime(t, d.millis);
    case DurationKind::kWorkingDays:
      return AddWorkingDays(t, d.working_days);
  }
  FatalError(__FILE__, __LINE__, "unknown DurationKind");
}

const std::vector<Calendar::Span>& Calendar::SpansOf(std::int64_t day) const {
  static const std::vector<Span> kClosed;
  const auto it = std::lower_bound(exceptions_.begin(), exceptions_.end(), day,
                                   [](const Exception& e, std::int64_t d) { return e.day < d; });
  if (it != exceptions_.end() && it->day == day) {
    return it->kind == ExceptionKind::kHoliday ? kClosed : hours_[0];
  }
  return hours_[static_cast<std::size_t>(WeekdayOfDay(day))];
}

// Working ms of `day` in [midnight, midnight + ms_in_day). REQUIRES: 0 <= ms_in_day <= kDay.
SimTime Calendar::WorkingMsBefore(std::int64_t day, SimTime ms_in_day) const {
  SimTime total = 0;
  for (const Span& span : SpansOf(day)) {
    if (ms_in_day <= span.begin) break;
    total += std::min(ms_in_day, span.end) - span.begin;
  }
  return total;
}

// The earliest ms of `day` by which working_ms of its working time has elapsed.
// REQUIRES: 0 < working_ms <= the day's working ms.
SimTime Calendar::InstantInDay(std::int64_t day, SimTime working_ms) const {
  for (const Span& span : SpansOf(day)) {
    if (working_ms <= span.end - span.begin) return span.begin + working_ms;
    working_ms -= span.end - span.begin;
  }
  FatalError(__FILE__, __LINE__, "InstantInDay past the day's working time");
}

SimTime Calendar::TimeOf(std::int64_t day, SimTime ms_in_day) const {
  return SatAdd(SatMul(day - start_day_, kDay), ms_in_day);
}

// Sum of the measure over days [first_day, end_day). REQUIRES: first_day <= end_day.
std::int64_t Calendar::Sum(const Measure& measure, std::int64_t first_day,
                           std::int64_t end_day) const {
  const std::int64_t days = end_day - first_day;
  const std::int64_t whole_weeks = SatMul(days / 7, measure.per_week);
  if (whole_weeks == kInt64Max) return kInt64Max;
  std::int64_t partial = 0;
  const int first_weekday = WeekdayOfDay(first_day);
  for (std::int64_t i = 0; i < days % 7; ++i) {
    partial += measure.per_weekday[static_cast<std::size_t>((first_weekday + i) % 7)];
  }
  const auto by_day = [](const Exception& e, std::int64_t d) { return e.day < d; };
  const auto lo = std::lower_bound(exceptions_.begin(), exceptions_.end(), first_day, by_day);
  const auto hi = std::lower_bound(lo, exceptions_.end(), end_day, by_day);
  const std::int64_t correction =
      measure.exception_prefix[static_cast<std::size_t>(hi - exceptions_.begin())] -
      measure.exception_prefix[static_cast<std::size_t>(lo - exceptions_.begin())];
  return SatAdd(whole_weeks, partial + correction);
}

// Finds the first day D >= first_day with Sum(first_day, D + 1) >= amount (> 0), i.e. the
// day on which the amount is reached. False if that day lies beyond last_day_.
bool Calendar::FirstDayReaching(const Measure& measure, std::int64_t first_day, std::int64_t amount,
                                std::int64_t* day) const {
  if (first_day > last_day_) return false;
  // Past the last listed date every 7 consecutive days hold exactly per_week, so this many
  // weeks after both first_day and that date surely suffice.
  const std::int64_t after_listed =
      exceptions_.empty() ? first_day : std::max(first_day, exceptions_.back().day + 1);
  const std::int64_t weeks = amount / measure.per_week + 1;
  std::int64_t hi = last_day_;
  if (after_listed <= last_day_ && weeks <= (last_day_ - after_listed + 1) / 7) {
    hi = after_listed + 7 * weeks - 1;
  } else if (Sum(measure, first_day, last_day_ + 1) < amount) {
    return false;
  }
  std::int64_t lo = first_day;  // invariant: the answer lies in [lo, hi]
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (Sum(measure, first_day, mid + 1) >= amount) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  *day = lo;
  return true;
}

}  // namespace escalade::kernel
