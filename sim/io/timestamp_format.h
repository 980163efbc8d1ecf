// TimestampFormat: parses the wall-clock timestamps of trace files, such as the
// "12/25/2013 11:59:08 PM" of NYC 311, with a strptime-like pattern compiled once.
//
// Values are local civil date-times: no time zone or DST is applied (time zones are the
// scenario loader's business, see sim/kernel/calendar.h). Match() is meant to run once per
// row of multi-million-row traces: it does not allocate unless it fails.
//
// Thread safety: a TimestampFormat is immutable after Parse(); Match() may be called from
// any number of threads at once. ToEpochMs is pure.
#ifndef ESCALADE_SIM_IO_TIMESTAMP_FORMAT_H_
#define ESCALADE_SIM_IO_TIMESTAMP_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::io {

// A date and a time of day on a wall clock.
struct LocalDateTime {
  kernel::CivilDate date;
  kernel::SimTime ms_of_day = 0;  // milliseconds after local midnight, [0, 86'400'000)
  bool operator==(const LocalDateTime&) const = default;
};

// Milliseconds since 1970-01-01T00:00 of the same wall clock (no time zone applied);
// negative before 1970. REQUIRES: kernel::IsValidDate(t.date).
kernel::SimTime ToEpochMs(const LocalDateTime& t);

class TimestampFormat {
 public:
  // Compiles a strptime-like pattern. Directives:
  //   %Y  year, exactly 4 digits          %m  month 1-12, 1 or 2 digits
  //   %d  day 1-31, 1 or 2 digits         %H  hour 0-23, 1 or 2 digits (24-hour clock)
  //   %I  hour 1-12, 1 or 2 digits        %p  AM or PM, any case (with %I only)
  //   %M  minute 0-59, 1 or 2 digits      %S  second 0-59, 1 or 2 digits (60 is rejected)
  //   %f  1 to 6 fraction-of-second digits, truncated to the millisecond
  //   %%  a literal '%'
  // Numbers read greedily (up to 2 digits where 1 or 2 are allowed). A space matches one or
  // more spaces (a run of spaces in the pattern counts as one); any other character must
  // match itself. Missing time fields are 0.
  //
  // The special pattern "iso" accepts YYYY-MM-DD, optionally followed by 'T' or spaces and
  // HH:MM, optionally :SS, optionally .f (1 to 6 digits), every number zero-padded.
  //
  // Errors name the pattern, and the 1-based position where that applies:
  //   unknown directive %Q at position 7 of '%m/%d/%Q'
  // Also errors: a lone '%' at the end; a directive given twice; %p without %I; %I without
  // %p; %H together with %I; no %Y, %m or %d.
  static kernel::Result<TimestampFormat> Parse(std::string_view pattern);

  // Parses one value. The whole text must be consumed; surrounding whitespace is ignored.
  // Errors say what was expected where (1-based character of `text`) and quote the text:
  //   expected month 01-12 at character 1 of '13/25/2013 11:59:08 PM'
  //   2013-02-30 does not exist in '02/30/2013 11:59:08 PM'
  //   trailing text ' x' after the timestamp at character 23 of '12/25/2013 11:59:08 PM x'
  kernel::Result<LocalDateTime> Match(std::string_view text) const;

  // The pattern given to Parse().
  const std::string& pattern() const { return pattern_; }

 private:
  enum class StepKind : std::uint8_t {
    kYear,
    kMonth,
    kDay,
    kHour24,
    kHour12,
    kAmPm,
    kMinute,
    kSecond,
    kFraction,
    kSpaces,   // one or more ' '
    kLiteral,  // the byte `literal`
  };
  struct Step {
    StepKind kind;
    char literal = 0;
  };

  TimestampFormat() = default;

  std::string pattern_;
  bool iso_ = false;  // the "iso" pattern; steps_ is unused
  std::vector<Step> steps_;
};

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_TIMESTAMP_FORMAT_H_
