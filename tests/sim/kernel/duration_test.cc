#include "sim/kernel/duration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace escalade::kernel {

// So that failed EXPECT_EQs print durations readably.
void PrintTo(const Duration& d, std::ostream* os) {
  *os << "{kind=" << static_cast<int>(d.kind) << ", millis=" << d.millis
      << ", working_days=" << d.working_days << "}";
}

namespace {

struct GoodCase {
  const char* text;
  Duration expected;
};

TEST(ParseDurationTest, AcceptsEveryUnit) {
  const std::vector<GoodCase> cases = {
      {"90s", Duration::Calendar(90 * kSecond)},
      {"30m", Duration::Calendar(30 * kMinute)},
      {"2h", Duration::Calendar(2 * kHour)},
      {"7d", Duration::Calendar(7 * kDay)},
      {"2w", Duration::Calendar(2 * kWeek)},
      {"4wh", Duration::WorkingHours(4 * kHour)},
      {"5wd", Duration::WorkingDays(5)},
      {"1.5h", Duration::Calendar(90 * kMinute)},
      {"0.25d", Duration::Calendar(6 * kHour)},
      {"1.25wh", Duration::WorkingHours(75 * kMinute)},
      {"0.1s", Duration::Calendar(100)},  // exact decimal, no binary rounding
      {"0.001s", Duration::Calendar(1)},
      {"0.0005s", Duration::Calendar(1)},  // half a millisecond rounds up
      {"0.0004999s", Duration::Calendar(0)},
      {"0.0000003wh", Duration::WorkingHours(1)},  // 1.08 ms
      {"007m", Duration::Calendar(7 * kMinute)},
      {"5.000wd", Duration::WorkingDays(5)},
      {"0wd", Duration::WorkingDays(0)},
      {"0", Duration::Calendar(0)},
      {"0.0", Duration::Calendar(0)},
      {"0s", Duration::Calendar(0)},
      {"  2h\t\n", Duration::Calendar(2 * kHour)},
      {"9223372036854775.807s", Duration::Calendar(kTimeMax)},
      {"9223372036854775807wd", Duration::WorkingDays(INT64_MAX)},
  };
  for (const GoodCase& c : cases) {
    const Result<Duration> parsed = ParseDuration(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, c.expected) << c.text;
  }
}

struct BadCase {
  const char* text;
  const char* reason;  // a fragment the message must contain
};

TEST(ParseDurationTest, RejectsWithReason) {
  const std::vector<BadCase> cases = {
      {"", "empty"},
      {"   ", "empty"},
      {"-5h", "negative"},
      {"-0s", "negative"},
      {"+5h", "sign"},
      {"5", "missing unit"},
      {"1.5", "missing unit"},
      {"h", "missing number"},
      {"wd", "missing number"},
      {"nan", "missing number"},
      {"inf", "missing number"},
      {"NaNh", "missing number"},
      {"3 parsecs", "unknown unit \"parsecs\""},
      {"5x", "unknown unit \"x\""},
      {"5hh", "unknown unit \"hh\""},
      {"5H", "unknown unit \"H\""},
      {"5ms", "unknown unit \"ms\""},
      {"2 h", "no space"},
      {"5 ", "missing unit"},  // trailing space is trimmed first
      {"5h 3m", "after the unit"},
      {"5h3m", "after the unit"},
      {"5h!", "after the unit"},
      {"2h.", "after the unit"},
      {"1e3h", "exponent"},
      {"1E3s", "exponent"},
      {".5h", "start with a digit"},
      {"5.h", "digits after the decimal point"},
      {"1..5h", "digits after the decimal point"},
      {"1,5h", "after the number"},
      {"1.5wd", "whole number"},
      {"0.5wd", "whole number"},
      {"9223372036854775.808s", "too long"},
      {"106751991167301d", "too long"},
      {"99999999999999999999999999h", "too long"},
      {"9223372036854775808wd", "too many"},
      {"0x10s", "unknown unit \"x\""},
  };
  for (const BadCase& c : cases) {
    const Result<Duration> parsed = ParseDuration(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    const std::string& message = parsed.status().message();
    EXPECT_NE(message.find("expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("got \"" + std::string(c.text) + "\""), std::string::npos) << message;
    EXPECT_NE(message.find(c.reason), std::string::npos) << c.text << " -> " << message;
  }
}

TEST(ParseDurationTest, MessageForTheExampleInTheBrief) {
  const Result<Duration> parsed = ParseDuration("3 parsecs");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd; got \"3 parsecs\" "
            "(unknown unit \"parsecs\")");
}

TEST(ParseDurationTest, LongInputIsCutInTheMessage) {
  const std::string text(500, 'x');
  const Result<Duration> parsed = ParseDuration(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.status().message().size(), 200u);
}

TEST(FormatDurationTest, ShortestExactForm) {
  EXPECT_EQ(FormatDuration(Duration::Calendar(0)), "0s");
  EXPECT_EQ(FormatDuration(Duration::Calendar(90 * kSecond)), "90s");  // not "1.5m"
  EXPECT_EQ(FormatDuration(Duration::Calendar(90 * kMinute)), "90m");  // shorter than "1.5h"
  EXPECT_EQ(FormatDuration(Duration::Calendar(150 * kMinute)), "2.5h");
  EXPECT_EQ(FormatDuration(Duration::Calendar(36 * kHour)), "36h");    // shorter than "1.5d"
  EXPECT_EQ(FormatDuration(Duration::Calendar(252 * kHour)), "1.5w");  // tie with "252h"
  EXPECT_EQ(FormatDuration(Duration::Calendar(kDay)), "1d");
  EXPECT_EQ(FormatDuration(Duration::Calendar(24 * kHour + kMinute)), "1441m");
  EXPECT_EQ(FormatDuration(Duration::Calendar(7 * kDay)), "1w");  // tie with "7d": larger unit
  EXPECT_EQ(FormatDuration(Duration::Calendar(2500)), "2.5s");
  EXPECT_EQ(FormatDuration(Duration::Calendar(1)), "0.001s");
  EXPECT_EQ(FormatDuration(Duration::Calendar(kTimeMax)), "9223372036854775.807s");
  EXPECT_EQ(FormatDuration(Duration::WorkingHours(0)), "0wh");
  EXPECT_EQ(FormatDuration(Duration::WorkingHours(4 * kHour)), "4wh");
  EXPECT_EQ(FormatDuration(Duration::WorkingHours(90 * kMinute)), "1.5wh");
  EXPECT_EQ(FormatDuration(Duration::WorkingHours(20 * kMinute)), "0.3333333wh");
  EXPECT_EQ(FormatDuration(Duration::WorkingHours(1)), "0.0000003wh");
  EXPECT_EQ(FormatDuration(Duration::WorkingDays(5)), "5wd");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  std::mt19937_64 rng(20241001);
  std::vector<Duration> durations = {Duration::Calendar(kTimeMax), Duration::WorkingHours(kTimeMax),
                                     Duration::WorkingDays(INT64_MAX)};
  for (int i = 0; i < 20000; ++i) {
    // Magnitudes from 1 ms to ~292 My, and values on round unit boundaries.
    const int bits = static_cast<int>(rng() % 63);
    SimTime ms = static_cast<SimTime>(rng() >> (64 - bits - 1) >> 1);
    if (i % 4 == 1) ms = (ms % 1000000) * kMinute;
    if (i % 4 == 2) ms = (ms % 10000) * kHour / 4;
    durations.push_back(i % 2 == 0 ? Duration::Calendar(ms) : Duration::WorkingHours(ms));
    if (i % 10 == 0)
      durations.push_back(Duration::WorkingDays(static_cast<std::int64_t>(rng() >> 1)));
  }
  for (const Duration& d : durations) {
    const std::string text = FormatDuration(d);
    const Result<Duration> back = ParseDuration(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
    ASSERT_EQ(*back, d) << text;
  }
}

TEST(FormatDurationTest, CanonicalTextIsAFixedPoint) {
  for (const char* text : {"90s", "2.5h", "1d", "36h", "1.5w", "1w", "4wh", "0.5wh", "5wd", "0s"}) {
    const Result<Duration> parsed = ParseDuration(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(FormatDuration(*parsed), text);
  }
}

}  // namespace
}  // namespace escalade::kernel
