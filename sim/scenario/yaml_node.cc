// Node, the located view of one YAML node (contract in yaml_reader.h): navigation, key
// checks with "did you mean", and the typed scalar readers.
//
// Nothing here throws: yaml-cpp's exceptions are caught at each use of yaml-cpp and turned
// into diagnostics or an absent value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/scenario/yaml_reader.h"
#include "sim/scenario/yaml_reader_internal.h"

namespace escalade::scenario {
namespace {

using yaml_internal::CheckKeysImpl;
using yaml_internal::Found;
using yaml_internal::Kind;
using yaml_internal::KindOf;
using yaml_internal::Place;
using yaml_internal::Rounded;
using yaml_internal::ScalarOf;

// ---------------------------------------------------------------------------------------
// Text helpers for messages.

constexpr std::size_t kMaxQuotedBytes = 60;
constexpr std::size_t kMaxNameLength = 64;

// `text` between double quotes, control characters escaped, cut after kMaxQuotedBytes
// (never inside a UTF-8 sequence) with "...".
std::string Quote(std::string_view text, char quote = '"') {
  std::size_t cut = text.size();
  if (cut > kMaxQuotedBytes) {
    cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(1, quote);
  for (const char c : text.substr(0, cut)) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02X", static_cast<unsigned>(c));
      out += buffer;
    } else {
      out += c;
    }
  }
  if (cut < text.size()) out += "...";
  out += quote;
  return out;
}

// Shortest text that reads back as the same double ("2", "0.5", "1e+20").
std::string Num(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  return std::string(buffer, result.ptr);
}

// ---------------------------------------------------------------------------------------
// Safe views of yaml-cpp nodes (see yaml_reader_internal.h).

std::string ScalarText(const YAML::Node& node) {
  try {
    return node.Scalar();
  } catch (...) {
    return {};
  }
}

// A quoted scalar ('x' or "x") carries the non-specific tag "!"; a plain one "?".
bool IsQuoted(const YAML::Node& node) {
  try {
    return node.Tag() == "!";
  } catch (...) {
    return false;
  }
}

Place PlaceOf(const YAML::Node& node) {
  try {
    if (!node.IsDefined()) return {};
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0 || mark.column < 0) return {};
    return {mark.line + 1, mark.column + 1};
  } catch (...) {
    return {};
  }
}

struct RawEntry {
  YAML::Node key;
  YAML::Node value;
};

// Map entries in file order, duplicates included (yaml-cpp 0.7 keeps them all).
std::vector<RawEntry> RawEntries(const YAML::Node& map) {
  std::vector<RawEntry> out;
  try {
    for (auto it = map.begin(); it != map.end(); ++it) out.push_back({it->first, it->second});
  } catch (...) {
  }
  return out;
}

std::vector<YAML::Node> RawItems(const YAML::Node& sequence) {
  std::vector<YAML::Node> out;
  try {
    for (auto it = sequence.begin(); it != sequence.end(); ++it) out.push_back(*it);
  } catch (...) {
  }
  return out;
}

// An empty value (`key:` then a newline) carries the mark of whatever token follows, often
// on a later line; such a value is located at its key instead.
Place ValuePlace(const YAML::Node& key, const YAML::Node& value) {
  const Place at = PlaceOf(value);
  const Place key_at = PlaceOf(key);
  if (KindOf(value) == Kind::kNull && key_at.line > 0 && at.line != key_at.line) return key_at;
  return at;
}

std::string DuplicateKeyMessage(std::string_view key, int first_line) {
  return "duplicate key " + Quote(key, '\'') + " (first at line " + std::to_string(first_line) +
         "); each key may appear only once";
}

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
  if (unbounded_above) return "a number >= " + Num(min);
  if (unbounded_below) return "a number <= " + Num(max);
  return "a number between " + Num(min) + " and " + Num(max);
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

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string& candidate : candidates) {
    const std::size_t threshold = std::max<std::size_t>(1, candidate.size() / 3);
    // The length difference is a lower bound of the distance: skip hopeless (and huge)
    // names without running the quadratic algorithm.
    const std::size_t gap = name.size() > candidate.size() ? name.size() - candidate.size()
                                                           : candidate.size() - name.size();
    if (gap > threshold) continue;
    const std::size_t distance = EditDistance(name, candidate);
    if (distance <= threshold && distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Shared with yaml_distribution.cc (declared in yaml_reader_internal.h).

namespace yaml_internal {

std::string Rounded(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.10g", x);
  return buffer;
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

Kind KindOf(const YAML::Node& node) {
  try {
    if (!node.IsDefined()) return Kind::kMissing;
    switch (node.Type()) {
      case YAML::NodeType::Null:
        return Kind::kNull;
      case YAML::NodeType::Scalar:
        return Kind::kScalar;
      case YAML::NodeType::Sequence:
        return Kind::kSequence;
      case YAML::NodeType::Map:
        return Kind::kMap;
      case YAML::NodeType::Undefined:
        return Kind::kMissing;
    }
  } catch (...) {
  }
  return Kind::kMissing;
}

std::string Found(const YAML::Node& node) {
  switch (KindOf(node)) {
    case Kind::kMissing:
      return "nothing";
    case Kind::kNull:
      return "an empty value";
    case Kind::kScalar:
      return Quote(ScalarText(node));
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a mapping";
  }
  return "nothing";
}

std::string UnknownKeyMessage(std::string_view key, std::span<const std::string_view> allowed) {
  std::string message = "unknown key " + Quote(key, '\'');
  const std::string best =
      ClosestName(key, std::vector<std::string>(allowed.begin(), allowed.end()));
  if (!best.empty()) return message + "; did you mean " + Quote(best, '\'') + "?";
  if (allowed.empty()) return message + "; no keys are allowed here";
  return message + "; expected one of " + JoinNames(allowed);
}

bool CheckKeysImpl(const Node& node, std::span<const std::string_view> allowed) {
  const Kind kind = KindOf(node.raw());
  if (kind != Kind::kMap) {
    node.Error(kind == Kind::kMissing ? std::string("is required")
                                      : "expected a mapping, got " + Found(node.raw()));
    return false;
  }
  bool ok = true;
  std::unordered_map<std::string, int> first_line;
  for (const RawEntry& entry : RawEntries(node.raw())) {
    const Place at = PlaceOf(entry.key);
    if (KindOf(entry.key) != Kind::kScalar) {
      node.diags().Add(at.line, at.column, node.path(),
                       "expected a key name, got " + Found(entry.key) + " as a key");
      ok = false;
      continue;
    }
    const std::string key = ScalarText(entry.key);
    const std::string path = node.path().empty() ? key : node.path() + "." + key;
    const auto [it, inserted] = first_line.emplace(key, at.line);
    if (!inserted) {
      node.diags().Add(at.line, at.column, path, DuplicateKeyMessage(key, it->second));
      ok = false;
    } else if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      node.diags().Add(at.line, at.column, path, UnknownKeyMessage(key, allowed));
      ok = false;
    }
  }
  return ok;
}

std::optional<std::string> ScalarOf(const Node& node, const std::string& expected,
                                    const char* separator) {
  switch (KindOf(node.raw())) {
    case Kind::kMissing:
      node.Error("is required");
      return std::nullopt;
    case Kind::kScalar:
      return ScalarText(node.raw());
    default:
      node.Error(expected + separator + "got " + Found(node.raw()));
      return std::nullopt;
  }
}

}  // namespace yaml_internal

// ---------------------------------------------------------------------------------------
// Node.

Node::Node(YAML::Node node, std::string path, Diagnostics* diags)
    : node_(std::move(node)), path_(std::move(path)), diags_(diags) {
  const Place at = PlaceOf(node_);
  line_ = at.line;
  column_ = at.column;
}

bool Node::defined() const { return KindOf(node_) != Kind::kMissing; }
bool Node::IsMap() const { return KindOf(node_) == Kind::kMap; }
bool Node::IsSequence() const { return KindOf(node_) == Kind::kSequence; }
bool Node::IsScalar() const { return KindOf(node_) == Kind::kScalar; }
bool Node::IsNull() const { return KindOf(node_) == Kind::kNull; }

void Node::Error(std::string message) const {
  if (diags_ != nullptr) diags_->Add(line_, column_, path_, std::move(message));
}

Node Node::operator[](std::string_view key) const {
  std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (KindOf(node_) == Kind::kMap) {
    // Our own lookup: the first entry whose key is this scalar (yaml-cpp's operator[]
    // converts keys and, on a non-const node, inserts missing ones). It stops at the
    // match and copies nothing on the way: a mapping of 100,000 unknown keys is looked
    // up once per known key, so a copy of every entry per lookup made error floods slow.
    try {
      for (const auto& entry : node_) {  // a pair of nodes, by value
        if (KindOf(entry.first) != Kind::kScalar || entry.first.Scalar() != key) continue;
        Node child(entry.second, std::move(path), diags_);
        const Place at = ValuePlace(entry.first, entry.second);
        child.line_ = at.line;
        child.column_ = at.column;
        return child;
      }
    } catch (...) {
    }
  }
  Node missing(YAML::Node(YAML::NodeType::Undefined), std::move(path), diags_);
  missing.line_ = line_;
  missing.column_ = column_;
  return missing;
}

bool Node::Has(std::string_view key) const { return (*this)[key].defined(); }

bool Node::CheckKeys(std::initializer_list<std::string_view> allowed) const {
  return CheckKeysImpl(*this, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

std::vector<std::pair<std::string, Node>> Node::Entries() const {
  std::vector<std::pair<std::string, Node>> out;
  const Kind kind = KindOf(node_);
  if (kind != Kind::kMap) {
    Error(kind == Kind::kMissing ? std::string("is required")
                                 : "expected a mapping, got " + Found(node_));
    return out;
  }
  std::unordered_map<std::string, int> first_line;
  for (const RawEntry& entry : RawEntries(node_)) {
    const Place key_at = PlaceOf(entry.key);
    if (KindOf(entry.key) != Kind::kScalar) {
      if (diags_ != nullptr) {
        diags_->Add(key_at.line, key_at.column, path_,
                    "expected a key name, got " + Found(entry.key) + " as a key");
      }
      continue;
    }
    std::string key = ScalarText(entry.key);
    std::string path = path_.empty() ? key : path_ + "." + key;
    const auto [it, inserted] = first_line.emplace(key, key_at.line);
    if (!inserted) {  // reported, and skipped: the first occurrence is the one read
      if (diags_ != nullptr) {
        diags_->Add(key_at.line, key_at.column, path, DuplicateKeyMessage(key, it->second));
      }
      continue;
    }
    Node child(entry.value, std::move(path), diags_);
    const Place at = ValuePlace(entry.key, entry.value);
    child.line_ = at.line;
    child.column_ = at.column;
    out.emplace_back(std::move(key), std::move(child));
  }
  return out;
}

std::vector<Node> Node::Items() const {
  std::vector<Node> out;
  const Kind kind = KindOf(node_);
  if (kind != Kind::kSequence) {
    Error(kind == Kind::kMissing ? std::string("is required")
                                 : "expected a list, got " + Found(node_));
    return out;
  }
  const std::vector<YAML::Node> items = RawItems(node_);
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Node item(items[i], path_ + "[" + std::to_string(i) + "]", diags_);
    if (item.line_ == 0) {  // an empty item has no mark of its own
      item.line_ = line_;
      item.column_ = column_;
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::optional<std::string> Node::AsString() const { return ScalarOf(*this, "expected a string"); }

std::optional<std::string> Node::AsName() const {
  static const std::string kExpected =
      "expected a name: a lowercase letter, then lowercase letters, digits or '_', at most " +
      std::to_string(kMaxNameLength) + " characters";
  const std::optional<std::string> text = ScalarOf(*this, kExpected);
  if (!text) return std::nullopt;
  bool ok =
      !text->empty() && text->size() <= kMaxNameLength && (*text)[0] >= 'a' && (*text)[0] <= 'z';
  for (const char c : *text) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!ok) {
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
    Error(expected + ", got a sum of " + Rounded(sum));
    return std::nullopt;
  }
  return weights;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);  // the row follows the shorter string
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // row[i-1][j-1]
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace escalade::scenario
