#include "sim/kernel/calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace escalade::kernel {

void PrintTo(const CivilDate& d, std::ostream* os) { *os << FormatDate(d); }

namespace {

constexpr CivilDate kMonday20240101{2024, 1, 1};

// SimTime of a local clock time on a date, for a calendar starting at `start`.
SimTime At(CivilDate start, CivilDate date, int hour, int minute = 0) {
  return (DaysFromCivil(date) - DaysFromCivil(start)) * kDay + hour * kHour + minute * kMinute;
}

Calendar Make(Calendar::Options options) {
  Result<Calendar> calendar = Calendar::Create(std::move(options));
  ESCALADE_CHECK(calendar.ok(), calendar.status().ToString());
  return std::move(calendar).value();
}

// The 2024 public-holiday schedule of the State Council General Office's notice
// 国办发明电〔2023〕7号 (25 Oct 2023; People's Daily, 26 Oct 2023, p. 6): closed days and
// the make-up workdays (调休) that go with them.
void Add2024Holidays(Calendar::Options* options) {
  auto range = [options](CivilDate first, unsigned last_day) {
    for (unsigned day = first.day; day <= last_day; ++day) {
      options->holidays.push_back({first.year, first.month, day});
    }
  };
  range({2024, 1, 1}, 1);    // New Year
  range({2024, 2, 10}, 17);  // Spring Festival
  range({2024, 4, 4}, 6);    // Qingming
  range({2024, 5, 1}, 5);    // Labour Day
  range({2024, 6, 10}, 10);  // Dragon Boat
  range({2024, 9, 15}, 17);  // Mid-Autumn
  range({2024, 10, 1}, 7);   // National Day
  options->makeup_workdays = {{2024, 2, 4},  {2024, 2, 18}, {2024, 4, 7},  {2024, 4, 28},
                              {2024, 5, 11}, {2024, 9, 14}, {2024, 9, 29}, {2024, 10, 12}};
}

// ---------------------------------------------------------------------------------------
// A simple reference: walks day by day over the options directly.

std::vector<WorkingInterval> ReferenceHours(const Calendar::Options& o, CivilDate date) {
  if (std::find(o.holidays.begin(), o.holidays.end(), date) != o.holidays.end()) return {};
  if (std::find(o.makeup_workdays.begin(), o.makeup_workdays.end(), date) !=
      o.makeup_workdays.end()) {
    return o.hours[0];
  }
  return o.hours[static_cast<std::size_t>(WeekdayOf(date))];
}

SimTime ReferenceBetween(const Calendar::Options& o, SimTime a, SimTime b) {
  SimTime total = 0;
  const std::int64_t start = DaysFromCivil(o.start_date);
  for (std::int64_t day = a / kDay - 2; day * kDay < b; ++day) {
    for (const WorkingInterval& in : ReferenceHours(o, CivilFromDays(start + day))) {
      const SimTime lo = std::max(a, day * kDay + in.start_minute * kMinute);
      const SimTime hi = std::min(b, day * kDay + in.end_minute * kMinute);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

SimTime ReferenceAdd(const Calendar::Options& o, SimTime t, SimTime working_ms) {
  if (working_ms == 0) return t;
  const std::int64_t start = DaysFromCivil(o.start_date);
  for (std::int64_t day = t / kDay - 2;; ++day) {
    for (const WorkingInterval& in : ReferenceHours(o, CivilFromDays(start + day))) {
      const SimTime lo = std::max(t, day * kDay + in.start_minute * kMinute);
      const SimTime hi = day * kDay + in.end_minute * kMinute;
      if (hi <= lo) continue;
      if (working_ms <= hi - lo) return lo + working_ms;
      working_ms -= hi - lo;
    }
  }
}

SimTime ReferenceAddDays(const Calendar::Options& o, SimTime t, std::int64_t n) {
  const std::int64_t start = DaysFromCivil(o.start_date);
  std::int64_t day = (t >= 0 ? t : t - kDay + 1) / kDay;
  const auto close = [&](std::int64_t d) -> std::optional<SimTime> {
    const auto hours = ReferenceHours(o, CivilFromDays(start + d));
    if (hours.empty()) return std::nullopt;
    return d * kDay + hours.back().end_minute * kMinute;
  };
  if (n == 0 && close(day).has_value() && *close(day) > t) return *close(day);
  for (std::int64_t counted = 0;;) {
    ++day;
    if (close(day).has_value() && ++counted == std::max<std::int64_t>(n, 1)) return *close(day);
  }
}

// ---------------------------------------------------------------------------------------
// Dates.

TEST(CivilDateTest, KnownDayNumbersAndWeekdays) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 2, 29}), 11016);
  EXPECT_EQ(DaysFromCivil({2024, 1, 1}), 19723);
  EXPECT_EQ(DaysFromCivil({2100, 2, 28}), 47540);
  EXPECT_EQ(DaysFromCivil({1900, 3, 1}), -25508);
  EXPECT_EQ(WeekdayOf({2024, 1, 1}), 0);    // Monday
  EXPECT_EQ(WeekdayOf({1970, 1, 1}), 3);    // Thursday
  EXPECT_EQ(WeekdayOf({2000, 2, 29}), 1);   // Tuesday
  EXPECT_EQ(WeekdayOf({2100, 2, 28}), 6);   // Sunday
  EXPECT_EQ(WeekdayOf({2024, 10, 1}), 1);   // Tuesday
  EXPECT_EQ(WeekdayOf({2024, 9, 29}), 6);   // Sunday (a make-up workday)
  EXPECT_EQ(WeekdayOf({2024, 10, 12}), 5);  // Saturday (a make-up workday)
}

TEST(CivilDateTest, RoundTripOverTwoCenturies) {
  const std::int64_t first = DaysFromCivil({1899, 12, 25});
  const std::int64_t last = DaysFromCivil({2101, 1, 10});
  CivilDate previous = CivilFromDays(first - 1);
  int leap_days_seen = 0;
  for (std::int64_t day = first; day <= last; ++day) {
    const CivilDate date = CivilFromDays(day);
    ASSERT_TRUE(IsValidDate(date)) << day;
    ASSERT_EQ(DaysFromCivil(date), day);
    ASSERT_LT(previous, date);
    // The successor of `previous` is the next day of the month or the 1st of the next month.
    if (date.day != 1) {
      ASSERT_EQ(date, (CivilDate{previous.year, previous.month, previous.day + 1}));
    }
    ASSERT_EQ(WeekdayOf(date), static_cast<int>(((day % 7) + 10) % 7));
    if (date.month == 2 && date.day == 29) ++leap_days_seen;
    previous = date;
  }
  EXPECT_EQ(leap_days_seen, 49);  // 1904..2096 except 1900 and 2100; 2000 included
  EXPECT_TRUE(IsValidDate({2000, 2, 29}));
  EXPECT_FALSE(IsValidDate({1900, 2, 29}));
  EXPECT_FALSE(IsValidDate({2100, 2, 29}));
  EXPECT_EQ(CivilFromDays(DaysFromCivil({2100, 2, 28}) + 1), (CivilDate{2100, 3, 1}));
  EXPECT_EQ(CivilFromDays(DaysFromCivil({2000, 2, 28}) + 1), (CivilDate{2000, 2, 29}));
  for (CivilDate far : {CivilDate{-4713, 11, 24}, CivilDate{1, 1, 1}, CivilDate{9999, 12, 31},
                        CivilDate{1000000, 2, 29}, CivilDate{-1000000, 3, 1}}) {
    EXPECT_EQ(CivilFromDays(DaysFromCivil(far)), far);
  }
}

TEST(CivilDateTest, ParseAndFormat) {
  for (const char* text : {"2024-10-01", "2000-02-29", "2024-02-29", "0001-01-01", "2100-02-28"}) {
    const Result<CivilDate> date = ParseDate(text);
    ASSERT_TRUE(date.ok()) << text << ": " << date.status().ToString();
    EXPECT_EQ(FormatDate(*date), text);
  }
  EXPECT_EQ(*ParseDate(" 2024-10-01\n"), (CivilDate{2024, 10, 1}));
  const std::vector<std::pair<const char*, const char*>> bad = {
      {"2023-02-29", "2023-02 has 28 days"},
      {"2100-02-29", "2100-02 has 28 days"},
      {"2024-04-31", "2024-04 has 30 days"},
      {"2024-13-01", "month 13"},
      {"2024-00-10", "month 0"},
      {"2024-01-00", "2024-01 has 31 days"},
      {"2024-1-1", "YYYY-MM-DD"},
      {"20240101", "YYYY-MM-DD"},
      {"", "YYYY-MM-DD"},
      {"2024-01-01x", "YYYY-MM-DD"},
      {"2024/01/01", "YYYY-MM-DD"},
      {"-024-01-01", "YYYY-MM-DD"},
  };
  for (const auto& [text, reason] : bad) {
    const Result<CivilDate> date = ParseDate(text);
    ASSERT_FALSE(date.ok()) << text;
    const std::string& message = date.status().message();
    EXPECT_NE(message.find("expected a date as YYYY-MM-DD"), std::string::npos) << message;
    EXPECT_NE(message.find(std::string("got \"") + text + "\""), std::string::npos) << message;
    EXPECT_NE(message.find(reason), std::string::npos) << text << " -> " << message;
  }
}

// ---------------------------------------------------------------------------------------
// Civil views of instants.

TEST(CalendarTest, CivilViewsIncludingNegativeTime) {
  const Calendar cal = Calendar::AlwaysOpen(kMonday20240101);
  EXPECT_EQ(cal.start_date(), kMonday20240101);
  EXPECT_EQ(cal.DateOf(0), kMonday20240101);
  EXPECT_EQ(cal.Weekday(0), 0);
  EXPECT_EQ(cal.DateOf(kDay - 1), kMonday20240101);
  EXPECT_EQ(cal.MinuteOfDay(kDay - 1), 1439);
  EXPECT_EQ(cal.DateOf(-1), (CivilDate{2023, 12, 31}));
  EXPECT_EQ(cal.Weekday(-1), 6);
  EXPECT_EQ(cal.MinuteOfDay(-1), 1439);
  EXPECT_EQ(cal.DayIndex(-1), -1);
  EXPECT_EQ(cal.DayIndex(-kDay), -1);
  EXPECT_EQ(cal.DayIndex(-kDay - 1), -2);
  EXPECT_EQ(cal.StartOfDay(-2), -2 * kDay);
  EXPECT_EQ(cal.DateOf(At(kMonday20240101, {2024, 10, 1}, 9, 30)), (CivilDate{2024, 10, 1}));
  EXPECT_EQ(cal.MinuteOfDay(At(kMonday20240101, {2024, 10, 1}, 9, 30)), 570);
  EXPECT_EQ(cal.DateOf(kTimeMax), CivilFromDays(19723 + kTimeMax / kDay));
  EXPECT_EQ(cal.DateOf(INT64_MIN), CivilFromDays(19723 + (INT64_MIN / kDay) - 1));
}

// ---------------------------------------------------------------------------------------
// Office hours: nights, weekends, lunch.

class OfficeHoursTest : public ::testing::Test {
 protected:
  const Calendar cal_ = Make(Calendar::OfficeHours(kMonday20240101));
  static SimTime T(unsigned month, unsigned day, int hour, int minute = 0) {
    return At(kMonday20240101, {2024, month, day}, hour, minute);
  }
};

TEST_F(OfficeHoursTest, IsWorking) {
  EXPECT_FALSE(cal_.IsWorking(T(1, 1, 8, 59)));
  EXPECT_TRUE(cal_.IsWorking(T(1, 1, 9)));
  EXPECT_TRUE(cal_.IsWorking(T(1, 1, 12) - 1));
  EXPECT_FALSE(cal_.IsWorking(T(1, 1, 12)));  // intervals are half-open
  EXPECT_FALSE(cal_.IsWorking(T(1, 1, 13, 29)));
  EXPECT_TRUE(cal_.IsWorking(T(1, 1, 13, 30)));
  EXPECT_FALSE(cal_.IsWorking(T(1, 1, 18)));
  EXPECT_FALSE(cal_.IsWorking(T(1, 6, 10)));  // Saturday
  EXPECT_TRUE(cal_.IsWorkingDay({2024, 1, 5}));
  EXPECT_FALSE(cal_.IsWorkingDay({2024, 1, 7}));
}

TEST_F(OfficeHoursTest, FridayAfternoonPlusFourHoursIsMondayMorning) {
  // Friday 16:00-18:00 is 2 h; Monday 09:00-11:00 the other 2.
  const SimTime end = cal_.AddWorkingTime(T(1, 5, 16), 4 * kHour);
  EXPECT_EQ(cal_.DateOf(end), (CivilDate{2024, 1, 8}));
  EXPECT_EQ(cal_.MinuteOfDay(end), 11 * 60);
  EXPECT_EQ(end, T(1, 8, 11));
}

TEST_F(OfficeHoursTest, SkipsLunchAndNight) {
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 11), 2 * kHour), T(1, 1, 14, 30));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 12, 15), kHour), T(1, 1, 14, 30));  // from lunch
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 17), 2 * kHour), T(1, 2, 10));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 22), kMinute), T(1, 2, 9, 1));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 9), 37 * kHour + 30 * kMinute), T(1, 5, 18));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 9), 37 * kHour + 30 * kMinute + 1), T(1, 8, 9) + 1);
}

TEST_F(OfficeHoursTest, WorkEndingAtClosingTimeEndsThere) {
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 16), 2 * kHour), T(1, 1, 18));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 1, 11), kHour), T(1, 1, 12));
  EXPECT_EQ(cal_.AddWorkingTime(T(1, 6, 10), 0), T(1, 6, 10));  // zero: t itself, even closed
}

TEST_F(OfficeHoursTest, NextWorkingInstant) {
  EXPECT_EQ(cal_.NextWorkingInstant(T(1, 1, 10)), T(1, 1, 10));
  EXPECT_EQ(cal_.NextWorkingInstant(T(1, 1, 12, 30)), T(1, 1, 13, 30));
  EXPECT_EQ(cal_.NextWorkingInstant(T(1, 1, 18)), T(1, 2, 9));
  EXPECT_EQ(cal_.NextWorkingInstant(T(1, 6, 10)), T(1, 8, 9));  // Saturday
  EXPECT_EQ(cal_.NextWorkingInstant(-1), T(1, 1, 9));           // Sunday before the start
}

TEST_F(OfficeHoursTest, WorkingTimeBetween) {
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 1, 0), T(1, 2, 0)), 7 * kHour + 30 * kMinute);
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 1, 0), T(1, 8, 0)), 37 * kHour + 30 * kMinute);
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 1, 11), T(1, 1, 14)), 90 * kMinute);
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 5, 16), T(1, 8, 11)), 4 * kHour);
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 8, 11), T(1, 5, 16)), 0);
  EXPECT_EQ(cal_.WorkingTimeBetween(T(1, 1, 10), T(1, 1, 10)), 0);
  // Weeks before the start date work the same way.
  EXPECT_EQ(cal_.WorkingTimeBetween(-52 * kWeek, 0), 52 * (37 * kHour + 30 * kMinute));
}

TEST_F(OfficeHoursTest, AddWorkingDays) {
  const SimTime friday_10 = T(1, 5, 10);
  EXPECT_EQ(cal_.AddWorkingDays(friday_10, 0), T(1, 5, 18));  // today
  EXPECT_EQ(cal_.AddWorkingDays(friday_10, 1), T(1, 8, 18));  // Friday itself not counted
  EXPECT_EQ(cal_.AddWorkingDays(friday_10, 5), T(1, 12, 18));
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 5, 18), 0), T(1, 8, 18));  // closed already
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 5, 17, 59), 0), T(1, 5, 18));
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 6, 10), 0), T(1, 8, 18));  // Saturday
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 6, 10), 1), T(1, 8, 18));
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 7, 23, 59), 1), T(1, 8, 18));  // Sunday
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 1, 0), 1), T(1, 2, 18));       // Monday, before opening
  EXPECT_EQ(cal_.AddWorkingDays(T(1, 1, 0), 10), T(1, 15, 18));
}

TEST_F(OfficeHoursTest, AdvanceDispatchesOnKind) {
  const SimTime t = T(1, 5, 16);
  EXPECT_EQ(cal_.Advance(t, Duration::Calendar(4 * kHour)), T(1, 5, 20));
  EXPECT_EQ(cal_.Advance(t, Duration::WorkingHours(4 * kHour)), T(1, 8, 11));
  EXPECT_EQ(cal_.Advance(t, Duration::WorkingDays(1)), T(1, 8, 18));
  EXPECT_EQ(cal_.Advance(t, *ParseDuration("1.5wh")), T(1, 5, 17, 30));
  EXPECT_EQ(cal_.Advance(kTimeMax - 1, Duration::Calendar(kHour)), kTimeMax);  // saturates
}

// ---------------------------------------------------------------------------------------
// Holidays and make-up workdays: the real 2024 National Day schedule.

class NationalDay2024Test : public ::testing::Test {
 protected:
  static constexpr CivilDate kStart{2024, 9, 1};
  static Calendar::Options MakeOptions() {
    Calendar::Options options = Calendar::OfficeHours(kStart);
    Add2024Holidays(&options);
    return options;
  }
  static SimTime T(unsigned month, unsigned day, int hour, int minute = 0) {
    return At(kStart, {2024, month, day}, hour, minute);
  }
  const Calendar cal_ = Make(MakeOptions());
};

TEST_F(NationalDay2024Test, WhichDaysAreWorked) {
  EXPECT_TRUE(cal_.IsWorkingDay({2024, 9, 29}));  // Sunday, make-up
  EXPECT_TRUE(cal_.IsWorkingDay({2024, 9, 30}));
  for (unsigned day = 1; day <= 7; ++day) EXPECT_FALSE(cal_.IsWorkingDay({2024, 10, day})) << day;
  EXPECT_TRUE(cal_.IsWorkingDay({2024, 10, 8}));
  EXPECT_TRUE(cal_.IsWorkingDay({2024, 10, 12}));  // Saturday, make-up
  EXPECT_FALSE(cal_.IsWorkingDay({2024, 10, 13}));
  EXPECT_FALSE(cal_.IsWorkingDay({2024, 9, 28}));
  EXPECT_TRUE(cal_.IsWorking(T(9, 29, 9)));  // Monday's hours on the make-up day
  EXPECT_FALSE(cal_.IsWorking(T(9, 29, 12, 45)));
}

TEST_F(NationalDay2024Test, WorkingHoursAcrossTheHoliday) {
  // Friday 27 Sep 17:00: 1 h on Friday, Saturday closed, Sunday 29 is worked.
  EXPECT_EQ(cal_.AddWorkingTime(T(9, 27, 17), 5 * kHour), T(9, 29, 14, 30));
  // Monday 30 Sep 17:00: 1 h, then closed 1-7 Oct, resumes Tuesday 8 Oct.
  EXPECT_EQ(cal_.AddWorkingTime(T(9, 30, 17), 2 * kHour), T(10, 8, 10));
  EXPECT_EQ(cal_.NextWorkingInstant(T(10, 1, 10)), T(10, 8, 9));
  EXPECT_EQ(cal_.WorkingTimeBetween(T(9, 28, 0), T(10, 13, 0)),
            7 * (7 * kHour + 30 * kMinute));  // 29, 30 Sep; 8-12 Oct
}

TEST_F(NationalDay2024Test, WorkingDaysAcrossTheHoliday) {
  EXPECT_EQ(cal_.AddWorkingDays(T(9, 30, 10), 1), T(10, 8, 18));
  EXPECT_EQ(cal_.AddWorkingDays(T(9, 30, 10), 5), T(10, 12, 18));  // 8, 9, 10, 11, 12 Oct
  EXPECT_EQ(cal_.AddWorkingDays(T(9, 28, 10), 1), T(9, 29, 18));   // Saturday -> make-up Sunday
  EXPECT_EQ(cal_.AddWorkingDays(T(10, 3, 10), 0), T(10, 8, 18));
}

// ---------------------------------------------------------------------------------------
// Properties against the day-by-day reference.

TEST(CalendarPropertyTest, MatchesReferenceAndInverts) {
  std::vector<Calendar::Options> all;
  {
    Calendar::Options o = Calendar::OfficeHours({2024, 9, 1});
    Add2024Holidays(&o);
    all.push_back(o);
  }
  {
    Calendar::Options o;  // odd shapes: a night shift touching midnight, a split Saturday
    o.start_date = {2023, 12, 20};
    o.hours[1] = {{0, 60}, {1380, 1440}};
    o.hours[3] = {{480, 481}};
    o.hours[5] = {{600, 720}, {720, 780}, {1000, 1001}};
    o.holidays = {{2024, 1, 2}, {2024, 1, 4}, {2024, 1, 4}, {2024, 3, 2}};
    o.hours[0] = {{540, 600}};
    o.makeup_workdays = {{2024, 1, 7}};  // a Sunday, worked with Monday's one hour
    all.push_back(o);
  }
  all.push_back(Calendar::Options{});
  all.back().start_date = {2024, 2, 28};
  for (auto& day : all.back().hours) day = {{0, 1440}};

  std::mt19937_64 rng(12345);
  for (const Calendar::Options& options : all) {
    const Calendar cal = Make(options);
    for (int i = 0; i < 1500; ++i) {
      const SimTime a = static_cast<SimTime>(rng() % (200 * kDay)) - 60 * kDay;
      SimTime x = static_cast<SimTime>(rng() % (150 * kHour));
      if (i % 5 == 0) x = (x / kMinute) * kMinute;  // land on boundaries too
      if (i % 7 == 0) x = 0;
      const SimTime end = cal.AddWorkingTime(a, x);
      ASSERT_EQ(end, ReferenceAdd(options, a, x)) << "a=" << a << " x=" << x;
      ASSERT_EQ(cal.WorkingTimeBetween(a, end), x) << "a=" << a << " x=" << x;
      if (x > 0) {  // the earliest such instant
        ASSERT_LT(cal.WorkingTimeBetween(a, end - 1), x);
      }
      const SimTime b = a + static_cast<SimTime>(rng() % (40 * kDay));
      ASSERT_EQ(cal.WorkingTimeBetween(a, b), ReferenceBetween(options, a, b));
      const std::int64_t n = static_cast<std::int64_t>(rng() % 30);
      ASSERT_EQ(cal.AddWorkingDays(a, n), ReferenceAddDays(options, a, n)) << "a=" << a;
      const SimTime next = cal.NextWorkingInstant(a);
      ASSERT_TRUE(cal.IsWorking(next));
      ASSERT_EQ(cal.WorkingTimeBetween(a, next), 0);
    }
  }
}

TEST(CalendarPropertyTest, RandomPairsOverDecades) {
  Calendar::Options options = Calendar::OfficeHours(kMonday20240101);
  Add2024Holidays(&options);
  const Calendar cal = Make(options);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const SimTime a = static_cast<SimTime>(rng() % (60 * 365 * kDay)) - 30 * 365 * kDay;
    const SimTime x = static_cast<SimTime>(rng() % (3000 * kHour));
    ASSERT_EQ(cal.WorkingTimeBetween(a, cal.AddWorkingTime(a, x)), x) << a << " " << x;
  }
}

// ---------------------------------------------------------------------------------------
// Scale and extremes.

TEST(CalendarTest, MillionWorkingHoursIsFast) {
  Calendar::Options options = Calendar::OfficeHours(kMonday20240101);
  Add2024Holidays(&options);
  const Calendar cal = Make(options);
  const auto started = std::chrono::steady_clock::now();
  SimTime end = 0;
  for (int i = 0; i < 1000; ++i) end = cal.AddWorkingTime(i * kMinute, 1000000 * kHour);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));  // 1000 calls; one is microseconds
  EXPECT_EQ(cal.WorkingTimeBetween(999 * kMinute, end), 1000000 * kHour);
  // ~26,700 weeks of 37.5 h, minus the 2024 holidays: about 511 years ahead.
  EXPECT_EQ(cal.DateOf(end).year, 2535);
  // 10^9 working days on plain office hours: 2*10^8 weeks of five; from Monday 00:00 the
  // 5k-th working day after Monday is the Monday k weeks later.
  const Calendar plain = Make(Calendar::OfficeHours(kMonday20240101));
  EXPECT_EQ(plain.AddWorkingDays(0, 1000000000), 200000000 * kWeek + 18 * kHour);
}

TEST(CalendarTest, SaturatesInsteadOfOverflowing) {
  const Calendar office = Make(Calendar::OfficeHours(kMonday20240101));
  EXPECT_EQ(office.AddWorkingTime(0, kTimeMax), kTimeMax);
  EXPECT_EQ(office.AddWorkingTime(kTimeMax - kDay, 10 * kDay), kTimeMax);
  EXPECT_EQ(office.AddWorkingDays(0, INT64_MAX), kTimeMax);
  EXPECT_EQ(office.AddWorkingDays(kTimeMax, 0), kTimeMax);
  EXPECT_EQ(office.NextWorkingInstant(kTimeMax), kTimeMax);
  EXPECT_GT(office.WorkingTimeBetween(INT64_MIN, kTimeMax), 0);
  const Calendar open = Calendar::AlwaysOpen(kMonday20240101);
  EXPECT_EQ(open.WorkingTimeBetween(INT64_MIN, kTimeMax), kTimeMax);
  EXPECT_EQ(open.WorkingTimeBetween(-5, kTimeMax), kTimeMax);
  EXPECT_EQ(open.WorkingTimeBetween(0, kTimeMax), kTimeMax);
  EXPECT_EQ(open.AddWorkingTime(-kDay, kTimeMax), kTimeMax - kDay);
  EXPECT_EQ(open.StartOfDay(INT64_MAX), kTimeMax);
}

// Whole int64 range: no overflow (run under -fsanitize=undefined), results ordered.
TEST(CalendarTest, ExtremeInputsAreDefined) {
  Calendar::Options options = Calendar::OfficeHours(kMonday20240101);
  Add2024Holidays(&options);
  const Calendar cal = Make(options);
  std::mt19937_64 rng(99);
  for (int i = 0; i < 3000; ++i) {
    const SimTime t = static_cast<SimTime>(rng());
    const SimTime u = static_cast<SimTime>(rng());
    const SimTime x = static_cast<SimTime>(rng() >> (1 + rng() % 63));
    const SimTime added = cal.AddWorkingTime(t, x);
    EXPECT_GE(added, t);
    if (added != kTimeMax) {
      EXPECT_EQ(cal.WorkingTimeBetween(t, added), x);
    }
    EXPECT_GE(cal.AddWorkingDays(t, x), t);
    EXPECT_GE(cal.NextWorkingInstant(t), t);
    EXPECT_GE(cal.WorkingTimeBetween(std::min(t, u), std::max(t, u)), 0);
    EXPECT_TRUE(IsValidDate(cal.DateOf(t)));
    EXPECT_LT(cal.MinuteOfDay(t), 1440);
    EXPECT_GE(cal.MinuteOfDay(t), 0);
  }
}

TEST(CalendarTest, OnlyWorkingWeekdayCoveredByHolidaysForAYear) {
  Calendar::Options options;
  options.start_date = kMonday20240101;
  options.hours[2] = {{9 * 60, 18 * 60}};  // Wednesdays only
  for (std::int64_t day = DaysFromCivil({2024, 1, 3}); day < DaysFromCivil({2025, 1, 1});
       day += 7) {
    options.holidays.push_back(CivilFromDays(day));
  }
  const Calendar cal = Make(options);
  const SimTime wed_2025_01_01 = At(kMonday20240101, {2025, 1, 1}, 0);
  EXPECT_EQ(cal.AddWorkingTime(0, kHour), wed_2025_01_01 + 10 * kHour);
  EXPECT_EQ(cal.NextWorkingInstant(0), wed_2025_01_01 + 9 * kHour);
  EXPECT_EQ(cal.AddWorkingDays(0, 1), wed_2025_01_01 + 18 * kHour);
  EXPECT_EQ(cal.AddWorkingDays(0, 2), wed_2025_01_01 + 7 * kDay + 18 * kHour);
  EXPECT_EQ(cal.WorkingTimeBetween(0, wed_2025_01_01), 0);
}

TEST(CalendarTest, AlwaysOpen) {
  const Calendar cal = Calendar::AlwaysOpen(kMonday20240101);
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    const SimTime a = static_cast<SimTime>(rng() % (1000 * kDay)) - 500 * kDay;
    const SimTime x = static_cast<SimTime>(rng() % (100 * kDay));
    EXPECT_EQ(cal.AddWorkingTime(a, x), a + x);
    EXPECT_EQ(cal.WorkingTimeBetween(a, a + x), x);
    EXPECT_EQ(cal.NextWorkingInstant(a), a);
  }
  // Close of business is midnight: "within 1 working day" from Monday ends Tuesday 24:00.
  EXPECT_EQ(cal.AddWorkingDays(10 * kHour, 0), kDay);
  EXPECT_EQ(cal.AddWorkingDays(10 * kHour, 1), 2 * kDay);
}

// ---------------------------------------------------------------------------------------
// Validation.

std::string CreateError(const Calendar::Options& options) {
  const Result<Calendar> calendar = Calendar::Create(options);
  EXPECT_FALSE(calendar.ok());
  return calendar.ok() ? std::string() : calendar.status().message();
}

TEST(CalendarCreateTest, RejectsEachInvalidOption) {
  const Calendar::Options good = Calendar::OfficeHours(kMonday20240101);
  ASSERT_TRUE(Calendar::Create(good).ok());
  struct Case {
    const char* name;
    void (*mutate)(Calendar::Options*);
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"start date",
       [](Calendar::Options* o) {
         o->start_date = {2023, 2, 29};
       },
       "start_date 2023-02-29: 2023-02 has 28 days"},
      {"negative start",
       [](Calendar::Options* o) {
         o->hours[1] = {{-30, 600}};
       },
       "hours[1] (Tuesday)[0] = [-30, 600): minutes after midnight must lie within [0, 1440]"},
      {"end past midnight",
       [](Calendar::Options* o) {
         o->hours[4] = {{600, 1441}};
       },
       "hours[4] (Friday)[0] = [600, 1441): minutes after midnight must lie within [0, 1440]"},
      {"empty interval",
       [](Calendar::Options* o) {
         o->hours[0] = {{540, 540}};
       },
       "hours[0] (Monday)[0] = [540, 540): start 09:00 must be before end 09:00"},
      {"reversed",
       [](Calendar::Options* o) {
         o->hours[0] = {{780, 720}};
       },
       "start 13:00 must be before end 12:00"},
      {"overlap",
       [](Calendar::Options* o) {
         o->hours[2] = {{540, 720}, {700, 800}};
       },
       "hours[2] (Wednesday)[1] = [700, 800): starts at 11:40, before the previous interval "
       "ends at 12:00; intervals must be sorted and must not overlap"},
      {"unsorted",
       [](Calendar::Options* o) {
         o->hours[3] = {{810, 1080}, {540, 720}};
       },
       "hours[3] (Thursday)[1]"},
      {"no hours", [](Calendar::Options* o) { o->hours = {}; },
       "hours: no working interval on any weekday"},
      {"bad holiday",
       [](Calendar::Options* o) {
         o->holidays = {{2024, 10, 1}, {2024, 13, 1}};
       },
       "holidays[1] 2024-13-01: month 13 is not 1..12"},
      {"bad make-up day",
       [](Calendar::Options* o) {
         o->makeup_workdays = {{2024, 9, 31}};
       },
       "makeup_workdays[0] 2024-09-31: 2024-09 has 30 days"},
      {"in both lists",
       [](Calendar::Options* o) {
         o->holidays = {{2024, 10, 12}};
         o->makeup_workdays = {{2024, 10, 12}};
       },
       "makeup_workdays[0] 2024-10-12: also listed in holidays"},
      {"make-up on a weekday",
       [](Calendar::Options* o) {
         o->makeup_workdays = {{2024, 9, 30}};
       },
       "makeup_workdays[0] 2024-09-30: is a Monday; make-up workdays are Saturdays or Sundays"},
      {"make-up without Monday hours",
       [](Calendar::Options* o) {
         o->hours[0].clear();
         o->makeup_workdays = {{2024, 9, 29}};
       },
       "makeup_workdays: a make-up workday is worked with Monday's hours, but hours[0] "
       "(Monday) is empty"},
  };
  for (const Case& c : cases) {
    Calendar::Options options = good;
    c.mutate(&options);
    const std::string message = CreateError(options);
    EXPECT_NE(message.find(c.fragment), std::string::npos) << c.name << ": " << message;
  }
}

TEST(CalendarCreateTest, ReportsAllProblemsAtOnce) {
  Calendar::Options options = Calendar::OfficeHours({2024, 2, 30});
  options.hours[5] = {{600, 500}};
  options.holidays = {{2024, 0, 1}};
  const std::string message = CreateError(options);
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << message;
  EXPECT_NE(message.find("start_date"), std::string::npos);
  EXPECT_NE(message.find("hours[5] (Saturday)"), std::string::npos);
  EXPECT_NE(message.find("holidays[0]"), std::string::npos);
}

TEST(CalendarCreateTest, DefaultOptionsNeedHours) {
  EXPECT_NE(CreateError(Calendar::Options{}).find("no working interval"), std::string::npos);
}

}  // namespace
}  // namespace escalade::kernel
