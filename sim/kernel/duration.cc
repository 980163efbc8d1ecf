#include "sim/kernel/duration.h"

#include <cstddef>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include "sim/kernel/text.h"

namespace escalade::kernel {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Status DurationError(std::string_view text, const std::string& reason) {
  return Status::Error("expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd; got " +
                       Quote(text, {.quote = '"'}) + " (" + reason + ")");
}

struct Unit {
  std::string_view name;
  DurationKind kind;
  SimTime millis;  // length of one unit; 0 for working days (counted, not measured)
};

// Largest first: FormatDuration prefers the larger unit on a tie.
constexpr Unit kCalendarUnits[] = {
    {"w", DurationKind::kCalendar, kWeek},   {"d", DurationKind::kCalendar, kDay},
    {"h", DurationKind::kCalendar, kHour},   {"m", DurationKind::kCalendar, kMinute},
    {"s", DurationKind::kCalendar, kSecond},
};
constexpr Unit kWorkingHoursUnit = {"wh", DurationKind::kWorkingHours, kHour};
constexpr Unit kWorkingDaysUnit = {"wd", DurationKind::kWorkingDays, 0};

std::optional<Unit> FindUnit(std::string_view name) {
  for (const Unit& unit : kCalendarUnits) {
    if (unit.name == name) return unit;
  }
  if (name == kWorkingHoursUnit.name) return kWorkingHoursUnit;
  if (name == kWorkingDaysUnit.name) return kWorkingDaysUnit;
  return std::nullopt;
}

// round(digits * scale / 10^fraction_digits), halves up, computed exactly on the decimal
// digits (schoolbook multiplication) so that no binary floating point is involved: "0.1s"
// is 100 ms, and a value just below int64 max is not lost to a double's 53 bits.
// `digits` is the number without its decimal point, most significant digit first.
// Returns nullopt if the result does not fit in int64.
std::optional<std::int64_t> ScaleDecimal(std::string_view digits, std::size_t fraction_digits,
                                         std::int64_t scale) {
  std::vector<int> product;  // least significant digit first
  product.reserve(digits.size() + 20);
  std::int64_t carry = 0;  // < scale, so digit * scale + carry fits easily
  for (std::size_t i = digits.size(); i-- > 0;) {
    const std::int64_t p = static_cast<std::int64_t>(digits[i] - '0') * scale + carry;
    product.push_back(static_cast<int>(p % 10));
    carry = p / 10;
  }
  while (carry > 0) {
    product.push_back(static_cast<int>(carry % 10));
    carry /= 10;
  }
  std::int64_t value = 0;
  for (std::size_t i = product.size(); i-- > fraction_digits;) {
    if (value > (kInt64Max - product[i]) / 10) return std::nullopt;
    value = value * 10 + product[i];
  }
  const bool round_up = fraction_digits > 0 && product[fraction_digits - 1] >= 5;
  if (round_up) {
    if (value == kInt64Max) return std::nullopt;
    ++value;
  }
  return value;
}

// The exact decimal form of numerator / denominator (both >= 0, denominator > 0), or
// nullopt when it does not terminate (the reduced denominator has a prime other than 2, 5).
std::optional<std::string> ExactDecimal(std::int64_t numerator, std::int64_t denominator) {
  const std::int64_t whole = numerator / denominator;
  std::int64_t remainder = numerator % denominator;
  std::string text = std::to_string(whole);
  if (remainder == 0) return text;
  std::int64_t reduced = denominator / std::gcd(remainder, denominator);
  while (reduced % 2 == 0) reduced /= 2;
  while (reduced % 5 == 0) reduced /= 5;
  if (reduced != 1) return std::nullopt;
  text += '.';
  while (remainder != 0) {  // terminates: the expansion is finite
    remainder *= 10;        // remainder < denominator <= kWeek, no overflow
    text += static_cast<char>('0' + remainder / denominator);
    remainder %= denominator;
  }
  return text;
}

// The fewest decimals of ms / kHour that ParseDuration rounds back to `ms`. Seven always
// suffice: 1e-7 h is 0.36 ms, so the nearest 7-decimal value is within 0.18 ms.
std::string WorkingHoursText(SimTime ms) {
  const std::int64_t whole = ms / kHour;
  const std::int64_t remainder = ms % kHour;
  std::int64_t power = 1;
  for (int places = 0; places <= 7; ++places, power *= 10) {
    // Nearest multiple of 10^-places hours, halves up (remainder * 1e7 < 3.6e13: no overflow).
    std::int64_t fraction = (remainder * power * 2 + kHour) / (2 * kHour);
    std::int64_t integer = whole;
    if (fraction == power) {
      ++integer;
      fraction = 0;
    }
    std::string text = std::to_string(integer);
    if (places > 0 && fraction != 0) {
      std::string digits = std::to_string(fraction);
      text += '.' + std::string(static_cast<std::size_t>(places) - digits.size(), '0') + digits;
      while (text.back() == '0') text.pop_back();
    }
    text += kWorkingHoursUnit.name;
    const Result<Duration> back = ParseDuration(text);
    if (back.ok() && back->millis == ms) return text;
  }
  FatalError(__FILE__, __LINE__, "no working-hours text for " + std::to_string(ms) + " ms");
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  const std::string_view s = Trim(text);
  if (s.empty()) return DurationError(text, "empty");
  std::size_t pos = 0;
  if (s[0] == '-') return DurationError(text, "negative durations are not allowed");
  if (s[0] == '+') return DurationError(text, "no sign allowed");

  // Number: digits [ '.' digits ].
  std::string digits;
  while (pos < s.size() && IsDigit(s[pos])) digits += s[pos++];
  if (digits.empty()) {
    if (s[0] == '.') return DurationError(text, "a number must start with a digit, as in 0.5h");
    return DurationError(text, "missing number before the unit");
  }
  std::size_t fraction_digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      digits += s[pos++];
      ++fraction_digits;
    }
    if (fraction_digits == 0) return DurationError(text, "missing digits after the decimal point");
  }
  const bool is_zero = digits.find_first_not_of('0') == std::string::npos;

  // Unit.
  if (pos == s.size()) {
    if (is_zero) return Duration::Calendar(0);
    return DurationError(text, "missing unit");
  }
  if (IsSpace(s[pos])) {
    std::size_t next = pos;
    while (next < s.size() && IsSpace(s[next])) ++next;
    std::size_t end = next;
    while (end < s.size() && IsLetter(s[end])) ++end;
    const std::string_view word = s.substr(next, end - next);
    if (!word.empty() && FindUnit(word).has_value()) {
      return DurationError(text, "no space allowed between number and unit");
    }
    if (!word.empty()) return DurationError(text, "unknown unit \"" + std::string(word) + "\"");
    return DurationError(text, "unexpected text after the number");
  }
  std::size_t unit_end = pos;
  while (unit_end < s.size() && IsLetter(s[unit_end])) ++unit_end;
  const std::string_view unit_name = s.substr(pos, unit_end - pos);
  if (unit_name.empty()) {
    return DurationError(text,
                         "unexpected \"" + std::string(s.substr(pos)) + "\" after the number");
  }
  const std::optional<Unit> unit = FindUnit(unit_name);
  if (!unit.has_value() && (unit_name == "e" || unit_name == "E")) {
    return DurationError(text, "exponents are not allowed; write the number out");
  }
  if (!unit.has_value()) {
    return DurationError(text, "unknown unit \"" + std::string(unit_name) + "\"");
  }
  if (unit_end != s.size()) {
    return DurationError(text,
                         "unexpected \"" + std::string(s.substr(unit_end)) + "\" after the unit");
  }

  if (unit->kind == DurationKind::kWorkingDays) {
    const std::string_view fraction =
        std::string_view(digits).substr(digits.size() - fraction_digits);
    if (fraction.find_first_not_of('0') != std::string_view::npos) {
      return DurationError(text, "working days must be a whole number");
    }
    const std::optional<std::int64_t> n = ScaleDecimal(digits, fraction_digits, 1);
    if (!n.has_value()) return DurationError(text, "too many working days");
    return Duration::WorkingDays(*n);
  }
  const std::optional<std::int64_t> ms = ScaleDecimal(digits, fraction_digits, unit->millis);
  if (!ms.has_value()) {
    return DurationError(text, "too long: the limit is about 292 million years in milliseconds");
  }
  return unit->kind == DurationKind::kWorkingHours ? Duration::WorkingHours(*ms)
                                                   : Duration::Calendar(*ms);
}

std::string FormatDuration(const Duration& d) {
  ESCALADE_CHECK(d.millis >= 0 && d.working_days >= 0,
                 "negative duration: millis=" + std::to_string(d.millis) +
                     " working_days=" + std::to_string(d.working_days));
  switch (d.kind) {
    case DurationKind::kWorkingDays:
      return std::to_string(d.working_days) + std::string(kWorkingDaysUnit.name);
    case DurationKind::kWorkingHours:
      return WorkingHoursText(d.millis);
    case DurationKind::kCalendar:
      break;
  }
  if (d.millis == 0) return "0s";  // not "0w": every unit ties, and seconds read best
  std::string best;
  for (const Unit& unit : kCalendarUnits) {
    std::optional<std::string> number = ExactDecimal(d.millis, unit.millis);
    if (!number.has_value()) continue;
    std::string text = *number + std::string(unit.name);
    if (best.empty() || text.size() < best.size()) best = std::move(text);
  }
  return best;  // never empty: every ms count is an exact decimal number of seconds
}

}  // namespace escalade::kernel
