#include "sim/io/timestamp_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

namespace escalade::io {
namespace {

using kernel::CivilDate;
using kernel::kHour;
using kernel::kMinute;
using kernel::kSecond;
using kernel::SimTime;
using ::testing::HasSubstr;

constexpr std::string_view kNyc = "%m/%d/%Y %I:%M:%S %p";

TimestampFormat Format(std::string_view pattern) {
  kernel::Result<TimestampFormat> format = TimestampFormat::Parse(pattern);
  EXPECT_TRUE(format.ok()) << format.status().ToString();
  return *std::move(format);
}

// The pattern's error for an invalid pattern ("" if it parsed).
std::string PatternError(std::string_view pattern) {
  kernel::Result<TimestampFormat> format = TimestampFormat::Parse(pattern);
  return format.ok() ? "" : format.status().message();
}

// Match's error for `text` ("" if it matched).
std::string MatchError(std::string_view pattern, std::string_view text) {
  kernel::Result<LocalDateTime> t = Format(pattern).Match(text);
  return t.ok() ? "" : t.status().message();
}

LocalDateTime At(int year, unsigned month, unsigned day, SimTime ms_of_day) {
  return LocalDateTime{CivilDate{year, month, day}, ms_of_day};
}

// Match's value; fails the test on an error.
LocalDateTime Parsed(std::string_view pattern, std::string_view text) {
  kernel::Result<LocalDateTime> t = Format(pattern).Match(text);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : LocalDateTime{};
}

TEST(TimestampFormatTest, NycTraceTimestamp) {
  const TimestampFormat format = Format(kNyc);
  EXPECT_EQ(format.pattern(), kNyc);
  kernel::Result<LocalDateTime> t = format.Match("12/25/2013 11:59:08 PM");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(*t, At(2013, 12, 25, 23 * kHour + 59 * kMinute + 8 * kSecond));
  EXPECT_EQ(ToEpochMs(*t), 1388015948000);  // calendar.timegm, as UTC
}

TEST(TimestampFormatTest, EveryDirective) {
  EXPECT_EQ(Parsed("%Y-%m-%d %H:%M:%S.%f", "2024-02-29 07:05:09.123456"),
            At(2024, 2, 29, 7 * kHour + 5 * kMinute + 9 * kSecond + 123));
  EXPECT_EQ(Parsed("%d.%m.%Y", "01.10.2024"), At(2024, 10, 1, 0));
  EXPECT_EQ(Parsed("%Y%m%d%H%M%S", "20131225235908"),
            At(2013, 12, 25, 23 * kHour + 59 * kMinute + 8 * kSecond));
  EXPECT_EQ(Parsed("%Y%%%m%%%d", "2024%10%01"), At(2024, 10, 1, 0));
  EXPECT_EQ(Parsed("%p %I h, %d/%m/%Y", "pm 3 h, 5/1/2020"), At(2020, 1, 5, 15 * kHour));
  EXPECT_EQ(Parsed("%Y-%m-%dT%H", "2020-01-05T09"), At(2020, 1, 5, 9 * kHour));
}

TEST(TimestampFormatTest, OneOrTwoDigits) {
  EXPECT_EQ(Parsed(kNyc, "1/5/2013 1:05:00 AM"), At(2013, 1, 5, kHour + 5 * kMinute));
  EXPECT_EQ(Parsed(kNyc, "01/05/2013 01:05:00 AM"), At(2013, 1, 5, kHour + 5 * kMinute));
  EXPECT_EQ(Parsed("%Y-%m-%d %H:%M:%S", "2013-1-5 7:5:9"),
            At(2013, 1, 5, 7 * kHour + 5 * kMinute + 9 * kSecond));
}

TEST(TimestampFormatTest, TwelveHourClock) {
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 12:00:00 AM").ms_of_day, 0);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 12:30:00 am").ms_of_day, 30 * kMinute);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 01:00:00 AM").ms_of_day, 1 * kHour);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 11:59:59 AM").ms_of_day, 12 * kHour - kSecond);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 12:00:00 PM").ms_of_day, 12 * kHour);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 12:59:00 pM").ms_of_day, 12 * kHour + 59 * kMinute);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 01:00:00 Pm").ms_of_day, 13 * kHour);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013 11:59:59 PM").ms_of_day, 24 * kHour - kSecond);
}

TEST(TimestampFormatTest, FractionDigitsTruncateToTheMillisecond) {
  const std::string_view pattern = "%Y-%m-%d %H:%M:%S.%f";
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.5").ms_of_day, 500);
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.05").ms_of_day, 50);
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.123").ms_of_day, 123);
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.1239").ms_of_day, 123);
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.999999").ms_of_day, 999);
  EXPECT_EQ(Parsed(pattern, "2013-12-25 00:00:00.000001").ms_of_day, 0);
  EXPECT_EQ(MatchError(pattern, "2013-12-25 00:00:00.1234567"),
            "expected 1 to 6 fraction digits at character 21 of '2013-12-25 00:00:00.1234567'");
  EXPECT_EQ(MatchError(pattern, "2013-12-25 00:00:00."),
            "expected 1 to 6 fraction digits at character 21 of '2013-12-25 00:00:00.'");
}

TEST(TimestampFormatTest, LeapDaysAndInvalidDates) {
  EXPECT_EQ(Parsed(kNyc, "02/29/2024 10:00:00 AM").date, (CivilDate{2024, 2, 29}));
  EXPECT_EQ(Parsed(kNyc, "02/29/2000 10:00:00 AM").date, (CivilDate{2000, 2, 29}));
  EXPECT_EQ(MatchError(kNyc, "02/29/2023 10:00:00 AM"),
            "2023-02-29 does not exist in '02/29/2023 10:00:00 AM'");
  EXPECT_EQ(MatchError(kNyc, "02/29/1900 10:00:00 AM"),
            "1900-02-29 does not exist in '02/29/1900 10:00:00 AM'");
  EXPECT_EQ(MatchError("iso", "2013-02-30"), "2013-02-30 does not exist in '2013-02-30'");
  EXPECT_EQ(MatchError("iso", "2013-04-31 08:00"),
            "2013-04-31 does not exist in '2013-04-31 08:00'");
}

TEST(TimestampFormatTest, IsoForms) {
  const SimTime evening = 23 * kHour + 59 * kMinute;
  EXPECT_EQ(Parsed("iso", "2013-12-25"), At(2013, 12, 25, 0));
  EXPECT_EQ(Parsed("iso", "2013-12-25T23:59"), At(2013, 12, 25, evening));
  EXPECT_EQ(Parsed("iso", "2013-12-25 23:59"), At(2013, 12, 25, evening));
  EXPECT_EQ(Parsed("iso", "2013-12-25T23:59:08"), At(2013, 12, 25, evening + 8 * kSecond));
  EXPECT_EQ(Parsed("iso", "2013-12-25 23:59:08.5"), At(2013, 12, 25, evening + 8500));
  EXPECT_EQ(Parsed("iso", "2013-12-25T23:59:08.123456"), At(2013, 12, 25, evening + 8123));
  EXPECT_EQ(Parsed("iso", " 2013-12-25  23:59 "), At(2013, 12, 25, evening));
  EXPECT_EQ(MatchError("iso", "2013-12-25T"),
            "expected hour 00-23 at character 12 of '2013-12-25T'");
  EXPECT_EQ(MatchError("iso", "2013-1-05"), "expected month 01-12 at character 6 of '2013-1-05'");
  EXPECT_EQ(MatchError("iso", "2013-12-25 24:00"),
            "expected hour 00-23 at character 12 of '2013-12-25 24:00'");
  EXPECT_EQ(MatchError("iso", "2013-12-25 23:59:60"),
            "expected second 00-59 at character 18 of '2013-12-25 23:59:60'");
  EXPECT_EQ(MatchError("iso", "2013-12-25 23"), "expected ':' at character 14 of '2013-12-25 23'");
  EXPECT_EQ(MatchError("iso", "2013-12-25/23:59"),
            "expected 'T' or a space at character 11 of '2013-12-25/23:59'");
  EXPECT_EQ(MatchError("iso", "2013-12-25 23:59:08Z"),
            "trailing text 'Z' after the timestamp at character 20 of '2013-12-25 23:59:08Z'");
  EXPECT_EQ(MatchError("iso", "13-12-25"), "expected a 4-digit year at character 1 of '13-12-25'");
  EXPECT_EQ(MatchError("iso", "2013/12/25"), "expected '-' at character 5 of '2013/12/25'");
}

TEST(TimestampFormatTest, PatternErrors) {
  EXPECT_EQ(PatternError("%m/%d/%Q"),
            "unknown directive %Q at position 7 of '%m/%d/%Q' (known: %Y %m %d %H %I %p %M %S "
            "%f %%)");
  EXPECT_EQ(PatternError("%Y-%m-%d %"),
            "lone % at position 10 of '%Y-%m-%d %' (write %% for a literal %)");
  EXPECT_EQ(PatternError("%Y-%m-%d %m"), "directive %m repeated at position 10 of '%Y-%m-%d %m'");
  EXPECT_EQ(PatternError("%Y-%m-%d %H %p"),
            "%p (AM/PM) needs %I (hour 01-12) in pattern '%Y-%m-%d %H %p'");
  EXPECT_EQ(PatternError("%Y-%m-%d %I:%M"),
            "%I (hour 01-12) needs %p (AM/PM); use %H for a 24-hour clock in pattern "
            "'%Y-%m-%d %I:%M'");
  EXPECT_EQ(PatternError("%Y-%m-%d %H %I %p"),
            "%H (24-hour clock) and %I (12-hour clock) both given in pattern "
            "'%Y-%m-%d %H %I %p'");
  EXPECT_THAT(PatternError("%m/%d %H:%M"), HasSubstr("no %Y (year)"));
  EXPECT_THAT(PatternError("%Y-%d"), HasSubstr("no %m (month)"));
  EXPECT_THAT(PatternError("%Y-%m"), HasSubstr("no %d (day)"));
  EXPECT_THAT(PatternError(""), HasSubstr("no %Y (year)"));
  EXPECT_EQ(PatternError("ISO"), "no %Y (year): a timestamp needs %Y, %m and %d in pattern 'ISO'");
}

TEST(TimestampFormatTest, MatchErrorsSayWhatWasExpectedWhere) {
  const std::string_view nyc = "%m/%d/%Y %I:%M:%S %p";
  EXPECT_EQ(MatchError(nyc, "13/25/2013 11:59:08 PM"),
            "expected month 01-12 at character 1 of '13/25/2013 11:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/32/2013 11:59:08 PM"),
            "expected day 01-31 at character 4 of '12/32/2013 11:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/13 11:59:08 PM"),
            "expected a 4-digit year at character 7 of '12/25/13 11:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 13:59:08 PM"),
            "expected hour 01-12 at character 12 of '12/25/2013 13:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 00:59:08 PM"),
            "expected hour 01-12 at character 12 of '12/25/2013 00:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 11:60:08 PM"),
            "expected minute 00-59 at character 15 of '12/25/2013 11:60:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 11:59:60 PM"),
            "expected second 00-59 at character 18 of '12/25/2013 11:59:60 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 11:59:08 XM"),
            "expected AM or PM at character 21 of '12/25/2013 11:59:08 XM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 11:59:08"),
            "expected a space at character 20 of '12/25/2013 11:59:08'");
  EXPECT_EQ(MatchError(nyc, "12-25-2013 11:59:08 PM"),
            "expected '/' at character 3 of '12-25-2013 11:59:08 PM'");
  EXPECT_EQ(MatchError(nyc, "12/25/2013 11:59:08 PM x"),
            "trailing text ' x' after the timestamp at character 23 of '12/25/2013 11:59:08 PM x'");
  EXPECT_EQ(MatchError("%Y-%m-%d %H:%M", "2013-12-25 24:00"),
            "expected hour 00-23 at character 12 of '2013-12-25 24:00'");
  EXPECT_EQ(MatchError(nyc, "   "),
            "empty timestamp '   ': expected one like pattern '" + std::string(nyc) + "'");
  // A hostile cell makes a short message.
  const std::string huge = "x" + std::string(100000, '9');
  EXPECT_LT(MatchError(nyc, huge).size(), 200u);
}

TEST(TimestampFormatTest, SurroundingAndRepeatedWhitespace) {
  const LocalDateTime expected = At(2013, 12, 25, 23 * kHour + 59 * kMinute + 8 * kSecond);
  EXPECT_EQ(Parsed(kNyc, "  12/25/2013 11:59:08 PM\t\r\n"), expected);
  EXPECT_EQ(Parsed(kNyc, "12/25/2013    11:59:08  PM"), expected);
  EXPECT_EQ(Parsed("%m/%d/%Y   %I:%M:%S %p", "12/25/2013 11:59:08 PM"), expected);
  // Positions count from the start of the text as given, leading spaces included.
  EXPECT_EQ(MatchError(kNyc, "  13/25/2013 11:59:08 PM"),
            "expected month 01-12 at character 3 of '  13/25/2013 11:59:08 PM'");
  // A tab in the text is shown as \t (messages are one line each).
  EXPECT_EQ(MatchError(kNyc, "12/25/2013\t11:59:08 PM"),
            "expected a space at character 11 of '12/25/2013\\t11:59:08 PM'");
}

TEST(TimestampFormatTest, EpochMilliseconds) {
  EXPECT_EQ(ToEpochMs(At(1970, 1, 1, 0)), 0);
  EXPECT_EQ(ToEpochMs(At(1969, 12, 31, 24 * kHour - kSecond)), -kSecond);
  EXPECT_EQ(ToEpochMs(At(1900, 3, 1, 0)), -2203891200000);  // calendar.timegm
}

bool NaiveLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int NaiveDaysInMonth(int year, int month) {
  static constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kMonthDays[month - 1] + (month == 2 && NaiveLeap(year) ? 1 : 0);
}

// Days from 1970-01-01, counted the slow way: whole years, then whole months.
std::int64_t NaiveDays(int year, int month, int day) {
  std::int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += NaiveLeap(y) ? 366 : 365;
  for (int y = year; y < 1970; ++y) days -= NaiveLeap(y) ? 366 : 365;
  for (int m = 1; m < month; ++m) days += NaiveDaysInMonth(year, m);
  return days + day - 1;
}

// Random valid timestamps, written with snprintf in several layouts, parse to what was written.
TEST(TimestampFormatTest, RandomTimestampsRoundTrip) {
  std::mt19937_64 rng(42);
  const auto uniform = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  const TimestampFormat nyc = Format(kNyc);
  const TimestampFormat iso = Format("iso");
  const TimestampFormat dotted = Format("%d.%m.%Y %H:%M:%S.%f");
  for (int i = 0; i < 20000; ++i) {
    const int year = uniform(1600, 2400);
    const int month = uniform(1, 12);
    const int day = uniform(1, 31);
    const int hour = uniform(0, 23);
    const int minute = uniform(0, 59);
    const int second = uniform(0, 59);
    const int micro = uniform(0, 999999);
    const bool exists = day <= NaiveDaysInMonth(year, month);
    char text[3][80];
    std::snprintf(text[0], sizeof text[0], "%02d/%02d/%04d %02d:%02d:%02d %s", month, day, year,
                  hour % 12 == 0 ? 12 : hour % 12, minute, second, hour < 12 ? "AM" : "PM");
    std::snprintf(text[1], sizeof text[1], "%04d-%02d-%02dT%02d:%02d:%02d.%06d", year, month, day,
                  hour, minute, second, micro);
    std::snprintf(text[2], sizeof text[2], "%d.%d.%04d %d:%d:%d.%d", day, month, year, hour, minute,
                  second, micro % 1000);
    const TimestampFormat* formats[3] = {&nyc, &iso, &dotted};
    const SimTime seconds_ms = ((hour * 60 + minute) * 60 + second) * kSecond;
    const int loose = micro % 1000;  // written unpadded: ".7" is 700 ms
    const SimTime fraction_ms[3] = {0, micro / 1000,
                                    loose < 10    ? loose * 100
                                    : loose < 100 ? loose * 10
                                                  : loose};
    for (int k = 0; k < 3; ++k) {
      kernel::Result<LocalDateTime> t = formats[k]->Match(text[k]);
      if (!exists) {
        ASSERT_FALSE(t.ok()) << text[k];
        ASSERT_THAT(t.status().message(), HasSubstr("does not exist")) << text[k];
        continue;
      }
      ASSERT_TRUE(t.ok()) << text[k] << ": " << t.status().message();
      const CivilDate date{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
      ASSERT_EQ(t->date, date) << text[k];
      ASSERT_EQ(t->ms_of_day, seconds_ms + fraction_ms[k]) << text[k];
      ASSERT_EQ(ToEpochMs(*t), NaiveDays(year, month, day) * kernel::kDay + t->ms_of_day)
          << text[k];
    }
  }
}

}  // namespace
}  // namespace escalade::io
