// Node's typed scalar readers (contract in yaml_reader.h): strings, names, booleans,
// integers and numbers with their ranges, probabilities, durations, dates, date-times,
// UTC offsets, time ranges and weights. The value must be plain YAML of its type: a quoted
// "3" is a string, not 3, and the message says so.
//
// Nothing here throws: yaml-cpp's exceptions are caught at each use of yaml-cpp.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"
#include "sim/io/yaml_reader_internal.h"
#include "sim/kernel/text.h"

namespace escalade::io {
namespace {

using yaml_internal::Found;
using yaml_internal::IsQuoted;
using yaml_internal::Kind;
using yaml_internal::KindOf;
using yaml_internal::Quote;
using yaml_internal::ScalarOf;
using yaml_internal::ScalarText;

// ---------------------------------------------------------------------------------------
// Scalar parsing.

// [+-]digits, no other forms (no 0x, 0o, 1_000, 1e3, 3.0).
std::optional<std::int64_t> ParseInteger(std::string_view text, bool* out_of_range) {
  *out_of_range = false;
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  const std::size_t first_digit = !digits.empty() && digits[0] == '-' ? 1 : 0;
  if (digits.size() <= first_digit) return std::nullopt;
  for (std::size_t i = first_digit; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    *out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// Decimal numbers: [+-](digits[.digits] | .digits)[(e|E)[+-]digits]. No nan, inf, .inf,
// hex or underscores; values beyond the double range are refused (out_of_range).
std::optional<double> ParseDecimal(std::string_view text, bool* out_of_range) {
  *out_of_range = false;
  std::string_view s = text;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  const auto digits = [&]() {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  std::size_t mantissa_digits = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa_digits += digits();
  }
  if (mantissa_digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(value))) {
    *out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value + 0.0;  // -0 reads as 0
}

std::string IntegerRange(std::int64_t min, std::int64_t max) {
  constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kHighest = std::numeric_limits<std::int64_t>::max();
  if (min == kLowest && max == kHighest) return "an integer";
  if (max == kHighest) return "an integer >= " + std::to_string(min);
  if (min == kLowest) return "an integer <= " + std::to_string(max);
  return "an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string NumberRange(double min, double max) {
  const bool unbounded_below = !(min > std::numeric_limits<double>::lowest());
  const bool unbounded_above = !(max < std::numeric_limits<double>::max());
  if (unbounded_below && unbounded_above) return "a number";
  if (unbounded_above) return "a number >= " + kernel::FormatNumber(min);
  if (unbounded_below) return "a number <= " + kernel::FormatNumber(max);
  return "a number between " + kernel::FormatNumber(min) + " and " + kernel::FormatNumber(max);
}

// "got <found>", naming a quoted scalar a string: numbers and booleans are written without
// quotes (as JSON Schema sees them), so `"3"` is not 3. `valid_unquoted`: the text would be
// accepted without its quotes, which the message then says.
std::string GotValue(const YAML::Node& node, bool valid_unquoted) {
  if (KindOf(node) == Kind::kScalar && IsQuoted(node)) {
    return "got the string " + Found(node) + (valid_unquoted ? " (write it without quotes)" : "");
  }
  return "got " + Found(node);
}

// An unquoted decimal in [min, max], or an error "<expected>, got ...".
std::optional<double> NumberIn(const Node& node, const std::string& expected, double min,
                               double max) {
  const std::optional<std::string> text = ScalarOf(node, expected);
  if (!text) return std::nullopt;
  bool out_of_range = false;
  const std::optional<double> value = ParseDecimal(*text, &out_of_range);
  const bool valid = value && *value >= min && *value <= max;
  if (!valid || IsQuoted(node.raw())) {
    node.Error(expected + ", " + GotValue(node.raw(), valid) +
               (out_of_range ? " (out of range)" : ""));
    return std::nullopt;
  }
  return value;
}

// "HH:MM" to minutes after midnight; 24:00 only when allow_end_of_day.
std::optional<int> ParseClock(std::string_view s, bool allow_end_of_day) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int hours = (s[0] - '0') * 10 + (s[1] - '0');
  const int minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (minutes > 59) return std::nullopt;
  if (hours == 24 && minutes == 0 && allow_end_of_day) return 24 * 60;
  if (hours > 23) return std::nullopt;
  return hours * 60 + minutes;
}

constexpr char kDurationExpected[] = "expected a duration such as 90s, 30m, 2h, 7d, 4wh or 5wd";
constexpr char kCalendarDurationExpected[] =
    "expected a calendar duration such as 90s, 30m, 2h, 7d or 2w";

}  // namespace

std::optional<std::string> Node::AsString() const { return ScalarOf(*this, "expected a string"); }

std::optional<std::string> Node::AsName() const {
  static const std::string kExpected =
      "expected a name: a lowercase letter, then lowercase letters, digits or '_', at most " +
      std::to_string(kMaxNameLength) + " characters";
  const std::optional<std::string> text = ScalarOf(*this, kExpected);
  if (!text) return std::nullopt;
  if (!IsName(*text)) {
    Error(kExpected + "; got " + Quote(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<bool> Node::AsBool() const {
  const std::optional<std::string> text = ScalarOf(*this, "expected true or false");
  if (!text) return std::nullopt;
  const bool valid = *text == "true" || *text == "false";
  if (!valid || IsQuoted(node_)) {
    Error("expected true or false, " + GotValue(node_, valid));
    return std::nullopt;
  }
  return *text == "true";
}

std::optional<std::int64_t> Node::AsInt(std::int64_t min, std::int64_t max) const {
  const std::string expected = "expected " + IntegerRange(min, max);
  const std::optional<std::string> text = ScalarOf(*this, expected);
  if (!text) return std::nullopt;
  bool out_of_range = false;
  const std::optional<std::int64_t> value = ParseInteger(*text, &out_of_range);
  const bool valid = value && *value >= min && *value <= max;
  if (!valid || IsQuoted(node_)) {
    Error(expected + ", " + GotValue(node_, valid) + (out_of_range ? " (out of range)" : ""));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Node::AsNumber(double min, double max) const {
  return NumberIn(*this, "expected " + NumberRange(min, max), min, max);
}

std::optional<double> Node::AsProbability() const {
  return NumberIn(*this, "expected a probability between 0 and 1", 0, 1);
}

std::optional<kernel::Duration> Node::AsDuration(bool allow_working) const {
  const std::string expected = allow_working ? kDurationExpected : kCalendarDurationExpected;
  const std::optional<std::string> text = ScalarOf(*this, expected, "; ");
  if (!text) return std::nullopt;
  const kernel::Result<kernel::Duration> duration = kernel::ParseDuration(*text);
  if (!duration.ok()) {
    std::string message = duration.status().message();
    if (!allow_working && message.rfind(kDurationExpected, 0) == 0) {
      message.replace(0, std::string_view(kDurationExpected).size(), kCalendarDurationExpected);
    }
    Error(std::move(message));
    return std::nullopt;
  }
  if (!allow_working && duration->kind != kernel::DurationKind::kCalendar) {
    Error(expected + "; got " + Quote(*text) + " (working time is not allowed here)");
    return std::nullopt;
  }
  return *duration;
}

std::optional<kernel::SimTime> Node::AsCalendarDuration() const {
  const std::optional<kernel::Duration> duration = AsDuration(/*allow_working=*/false);
  if (!duration) return std::nullopt;
  return duration->millis;
}

std::optional<kernel::CivilDate> Node::AsDate() const {
  const std::optional<std::string> text =
      ScalarOf(*this, "expected a date as YYYY-MM-DD, such as 2024-10-01", "; ");
  if (!text) return std::nullopt;
  const kernel::Result<kernel::CivilDate> date = kernel::ParseDate(*text);
  if (!date.ok()) {
    Error(date.status().message());
    return std::nullopt;
  }
  return *date;
}

std::optional<DateTime> Node::AsDateTime() const {
  constexpr char kExpected[] =
      "expected a date-time as YYYY-MM-DDTHH:MM or a date as YYYY-MM-DD, such as "
      "2024-09-14T08:00";
  const std::optional<std::string> text = ScalarOf(*this, kExpected, "; ");
  if (!text) return std::nullopt;
  const std::string_view s = *text;
  const std::string_view date_part = s.substr(0, 10);
  std::optional<int> minute = 0;
  if (s.size() == 16 && s[10] == 'T') {
    minute = ParseClock(s.substr(11), /*allow_end_of_day=*/false);
  } else if (s.size() != 10) {
    minute.reset();
  }
  if (!minute) {
    Error(std::string(kExpected) + "; got " + Quote(s));
    return std::nullopt;
  }
  const kernel::Result<kernel::CivilDate> date = kernel::ParseDate(date_part);
  if (!date.ok()) {
    Error(std::string(kExpected) + "; got " + Quote(s) + ": " + date.status().message());
    return std::nullopt;
  }
  return DateTime{*date, *minute};
}

std::optional<int> Node::AsUtcOffsetMinutes() const {
  constexpr char kExpected[] = "expected a UTC offset as +HH:MM or -HH:MM, such as +08:00";
  const std::optional<std::string> text = ScalarOf(*this, kExpected, "; ");
  if (!text) return std::nullopt;
  const std::string_view s = *text;
  std::optional<int> minutes;
  if (s.size() == 6 && (s[0] == '+' || s[0] == '-')) {
    minutes = ParseClock(s.substr(1), /*allow_end_of_day=*/false);
  }
  if (!minutes || *minutes > 14 * 60) {  // real offsets run from -12:00 to +14:00
    Error(std::string(kExpected) + "; got " + Quote(s) +
          (minutes ? " (offsets are at most 14:00)" : ""));
    return std::nullopt;
  }
  return s[0] == '-' ? -*minutes : *minutes;
}

std::optional<std::vector<kernel::WorkingInterval>> Node::AsTimeRanges() const {
  constexpr char kExpected[] = "expected a time range as HH:MM-HH:MM, such as 09:00-12:00";
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing
              ? std::string("is required")
              : "expected a list of time ranges such as [\"09:00-12:00\", \"13:30-18:00\"], got " +
                    Found(node_));
    return std::nullopt;
  }
  std::vector<kernel::WorkingInterval> ranges;
  bool ok = true;
  std::string previous_text;
  for (const Node& item : Items()) {
    const std::optional<std::string> text = ScalarOf(item, kExpected, "; ");
    if (!text) {
      ok = false;
      continue;
    }
    const std::string_view s = *text;
    std::optional<int> start;
    std::optional<int> end;
    if (s.size() == 11 && s[5] == '-') {
      start = ParseClock(s.substr(0, 5), /*allow_end_of_day=*/false);
      end = ParseClock(s.substr(6), /*allow_end_of_day=*/true);
    }
    if (!start || !end) {
      item.Error(std::string(kExpected) + "; got " + Quote(s) +
                 (s.size() == 11 && s[5] == '-'
                      ? " (hours run 00-23 and minutes 00-59; 24:00 only as an end)"
                      : ""));
      ok = false;
      continue;
    }
    if (*start >= *end) {
      item.Error(std::string(kExpected) + "; got " + Quote(s) +
                 " (the start must be before the end)");
      ok = false;
      continue;
    }
    if (!ranges.empty() && *start < ranges.back().end_minute) {
      item.Error("time range " + Quote(s) + " starts before the previous range " +
                 Quote(previous_text) + " ends; expected ranges in order and not overlapping");
      ok = false;
      continue;
    }
    ranges.push_back({*start, *end});
    previous_text = *text;
  }
  if (!ok) return std::nullopt;
  return ranges;
}

std::optional<std::vector<double>> Node::AsWeights(std::size_t count) const {
  const std::string expected =
      "expected a list of " + std::to_string(count) + " numbers >= 0 with a positive sum";
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing ? std::string("is required") : expected + ", got " + Found(node_));
    return std::nullopt;
  }
  const std::vector<Node> items = Items();
  if (items.size() != count) {
    Error(expected + ", got a list of " + std::to_string(items.size()));
    return std::nullopt;
  }
  std::vector<double> weights;
  bool ok = true;
  for (const Node& item : items) {
    const std::optional<double> weight = item.AsNumber(0, std::numeric_limits<double>::max());
    if (weight) weights.push_back(*weight);
    ok = ok && weight.has_value();
  }
  if (!ok) return std::nullopt;
  double sum = 0;
  for (const double weight : weights) sum += weight;
  if (!(sum > 0) || !std::isfinite(sum)) {
    Error(expected + ", got a sum of " + kernel::FormatNumber(sum, 10));
    return std::nullopt;
  }
  return weights;
}

}  // namespace escalade::io
