#include "sim/io/timestamp_format.h"

#include <cstdio>
#include <utility>

#include "sim/kernel/text.h"

namespace escalade::io {
namespace {

using kernel::CivilDate;
using kernel::Result;
using kernel::SimTime;
using kernel::Status;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Quoted and cut short in messages: a hostile 1 MB cell makes a short message.
using kernel::Quote;

// The fields read so far; what the pattern does not mention stays at its default.
struct Fields {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;  // 0-23, or 1-12 with `pm`
  int minute = 0;
  int second = 0;
  int millisecond = 0;
  int pm = -1;  // -1: no %p; 0: AM; 1: PM
};

// Reads the trimmed text from left to right. Each method consumes input only on success,
// so on failure `i` is where the expected thing should have been.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool AtEnd() const { return i == s.size(); }

  // min_digits..max_digits digits, greedily, whose value lies in [lo, hi].
  bool Number(std::size_t min_digits, std::size_t max_digits, int lo, int hi, int* out) {
    std::size_t j = i;
    int value = 0;
    while (j - i < max_digits && j < s.size() && IsDigit(s[j])) {
      value = value * 10 + (s[j] - '0');
      ++j;
    }
    if (j - i < min_digits || value < lo || value > hi) return false;
    i = j;
    *out = value;
    return true;
  }

  bool Char(char c) {
    if (i == s.size() || s[i] != c) return false;
    ++i;
    return true;
  }

  bool Spaces() {
    std::size_t j = i;
    while (j < s.size() && s[j] == ' ') ++j;
    if (j == i) return false;
    i = j;
    return true;
  }

  // 1 to 6 digits of a fraction of a second, truncated to the millisecond.
  bool Fraction(int* millisecond) {
    std::size_t j = i;
    int value = 0;
    while (j < s.size() && IsDigit(s[j])) {
      if (j - i < 3) value = value * 10 + (s[j] - '0');
      ++j;
    }
    const std::size_t digits = j - i;
    if (digits < 1 || digits > 6) return false;
    for (std::size_t k = digits; k < 3; ++k) value *= 10;
    i = j;
    *millisecond = value;
    return true;
  }

  bool AmPm(int* pm) {
    if (s.size() - i < 2) return false;
    const char a = s[i];
    const char m = s[i + 1];
    if ((a != 'A' && a != 'a' && a != 'P' && a != 'p') || (m != 'M' && m != 'm')) return false;
    *pm = (a == 'P' || a == 'p') ? 1 : 0;
    i += 2;
    return true;
  }
};

// "expected <what> at character <n> of '<text>'", n 1-based in the untrimmed text.
Status Expected(std::string_view text, std::size_t position, const std::string& what) {
  return Status::BadInput("expected " + what + " at character " + std::to_string(position + 1) +
                          " of " + Quote(text));
}

// The iso pattern: YYYY-MM-DD[(T| +)HH:MM[:SS[.f]]].
bool MatchIso(Cursor& c, Fields* f, const char** expected) {
  *expected = "a 4-digit year";
  if (!c.Number(4, 4, 0, 9999, &f->year)) return false;
  *expected = "'-'";
  if (!c.Char('-')) return false;
  *expected = "month 01-12";
  if (!c.Number(2, 2, 1, 12, &f->month)) return false;
  *expected = "'-'";
  if (!c.Char('-')) return false;
  *expected = "day 01-31";
  if (!c.Number(2, 2, 1, 31, &f->day)) return false;
  if (c.AtEnd()) return true;
  *expected = "'T' or a space";
  if (!c.Char('T') && !c.Spaces()) return false;
  *expected = "hour 00-23";
  if (!c.Number(2, 2, 0, 23, &f->hour)) return false;
  *expected = "':'";
  if (!c.Char(':')) return false;
  *expected = "minute 00-59";
  if (!c.Number(2, 2, 0, 59, &f->minute)) return false;
  if (!c.Char(':')) return true;
  *expected = "second 00-59";
  if (!c.Number(2, 2, 0, 59, &f->second)) return false;
  if (!c.Char('.')) return true;
  *expected = "1 to 6 fraction digits";
  return c.Fraction(&f->millisecond);
}

}  // namespace

SimTime ToEpochMs(const LocalDateTime& t) {
  return kernel::DaysFromCivil(t.date) * kernel::kDay + t.ms_of_day;
}

Result<TimestampFormat> TimestampFormat::Parse(std::string_view pattern) {
  TimestampFormat format;
  format.pattern_ = std::string(pattern);
  if (pattern == "iso") {
    format.iso_ = true;
    return format;
  }
  const auto error = [&](const std::string& what) {
    return Status::BadInput(what + " in pattern " + Quote(pattern));
  };
  constexpr int kKinds = static_cast<int>(StepKind::kLiteral) + 1;
  bool seen[kKinds] = {};
  std::vector<Step>& steps = format.steps_;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == ' ') {
      if (steps.empty() || steps.back().kind != StepKind::kSpaces) {
        steps.push_back({StepKind::kSpaces});
      }
      continue;
    }
    if (c != '%') {
      steps.push_back({StepKind::kLiteral, c});
      continue;
    }
    const std::string position = std::to_string(i + 1);
    if (i + 1 == pattern.size()) {
      return Status::BadInput("lone % at position " + position + " of " + Quote(pattern) +
                              " (write %% for a literal %)");
    }
    const char directive = pattern[++i];
    StepKind kind;
    switch (directive) {
      case 'Y':
        kind = StepKind::kYear;
        break;
      case 'm':
        kind = StepKind::kMonth;
        break;
      case 'd':
        kind = StepKind::kDay;
        break;
      case 'H':
        kind = StepKind::kHour24;
        break;
      case 'I':
        kind = StepKind::kHour12;
        break;
      case 'p':
        kind = StepKind::kAmPm;
        break;
      case 'M':
        kind = StepKind::kMinute;
        break;
      case 'S':
        kind = StepKind::kSecond;
        break;
      case 'f':
        kind = StepKind::kFraction;
        break;
      case '%':
        steps.push_back({StepKind::kLiteral, '%'});
        continue;
      default:
        return Status::BadInput(std::string("unknown directive %") + directive + " at position " +
                                position + " of " + Quote(pattern) +
                                " (known: %Y %m %d %H %I %p %M %S %f %%)");
    }
    bool& once = seen[static_cast<int>(kind)];
    if (once) {
      return Status::BadInput(std::string("directive %") + directive + " repeated at position " +
                              position + " of " + Quote(pattern));
    }
    once = true;
    steps.push_back({kind});
  }
  const auto has = [&](StepKind kind) { return seen[static_cast<int>(kind)]; };
  if (has(StepKind::kHour24) && has(StepKind::kHour12)) {
    return error("%H (24-hour clock) and %I (12-hour clock) both given");
  }
  if (has(StepKind::kAmPm) && !has(StepKind::kHour12)) {
    return error("%p (AM/PM) needs %I (hour 01-12)");
  }
  if (has(StepKind::kHour12) && !has(StepKind::kAmPm)) {
    return error("%I (hour 01-12) needs %p (AM/PM); use %H for a 24-hour clock");
  }
  if (!has(StepKind::kYear) || !has(StepKind::kMonth) || !has(StepKind::kDay)) {
    const char* missing = !has(StepKind::kYear)    ? "%Y (year)"
                          : !has(StepKind::kMonth) ? "%m (month)"
                                                   : "%d (day)";
    return error(std::string("no ") + missing + ": a timestamp needs %Y, %m and %d");
  }
  return format;
}

Result<LocalDateTime> TimestampFormat::Match(std::string_view text) const {
  std::size_t lead = 0;
  while (lead < text.size() && IsSpace(text[lead])) ++lead;
  std::size_t tail = text.size();
  while (tail > lead && IsSpace(text[tail - 1])) --tail;
  if (lead == tail) {
    return Status::BadInput("empty timestamp " + Quote(text) + ": expected one like pattern " +
                            Quote(pattern_));
  }
  Cursor c{text.substr(lead, tail - lead)};
  Fields f;
  const char* expected = nullptr;
  bool ok = true;
  if (iso_) {
    ok = MatchIso(c, &f, &expected);
  } else {
    for (const Step& step : steps_) {
      switch (step.kind) {
        case StepKind::kYear:
          ok = c.Number(4, 4, 0, 9999, &f.year);
          expected = "a 4-digit year";
          break;
        case StepKind::kMonth:
          ok = c.Number(1, 2, 1, 12, &f.month);
          expected = "month 01-12";
          break;
        case StepKind::kDay:
          ok = c.Number(1, 2, 1, 31, &f.day);
          expected = "day 01-31";
          break;
        case StepKind::kHour24:
          ok = c.Number(1, 2, 0, 23, &f.hour);
          expected = "hour 00-23";
          break;
        case StepKind::kHour12:
          ok = c.Number(1, 2, 1, 12, &f.hour);
          expected = "hour 01-12";
          break;
        case StepKind::kAmPm:
          ok = c.AmPm(&f.pm);
          expected = "AM or PM";
          break;
        case StepKind::kMinute:
          ok = c.Number(1, 2, 0, 59, &f.minute);
          expected = "minute 00-59";
          break;
        case StepKind::kSecond:
          ok = c.Number(1, 2, 0, 59, &f.second);
          expected = "second 00-59";
          break;
        case StepKind::kFraction:
          ok = c.Fraction(&f.millisecond);
          expected = "1 to 6 fraction digits";
          break;
        case StepKind::kSpaces:
          ok = c.Spaces();
          expected = "a space";
          break;
        case StepKind::kLiteral:
          ok = c.Char(step.literal);
          expected = nullptr;  // built below, only on failure
          break;
      }
      if (!ok) {
        if (expected != nullptr) return Expected(text, lead + c.i, expected);
        return Expected(text, lead + c.i, std::string("'") + step.literal + "'");
      }
    }
  }
  if (!ok) return Expected(text, lead + c.i, expected);
  if (!c.AtEnd()) {
    return Status::BadInput("trailing text " + Quote(c.s.substr(c.i)) +
                            " after the timestamp at character " + std::to_string(lead + c.i + 1) +
                            " of " + Quote(text));
  }
  const CivilDate date{f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day)};
  if (!kernel::IsValidDate(date)) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", f.year, f.month, f.day);
    return Status::BadInput(std::string(buffer) + " does not exist in " + Quote(text));
  }
  const int hour = f.pm < 0 ? f.hour : f.hour % 12 + 12 * f.pm;
  const SimTime ms_of_day = hour * kernel::kHour + f.minute * kernel::kMinute +
                            f.second * kernel::kSecond + f.millisecond;
  return LocalDateTime{date, ms_of_day};
}

}  // namespace escalade::io
