// Text for messages, tables and generated documents: a quoted value, a number, a count
// with thousands separators. One of each for the whole code base, here because the kernel
// (durations, distributions) is the lowest layer that writes messages.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_KERNEL_TEXT_H_
#define ESCALADE_SIM_KERNEL_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace escalade::kernel {

struct QuoteStyle {
  char quote = '\'';  // the quote character, '\'' or '"'
  // Longer text is cut (never inside a UTF-8 sequence) and ends with "...". Default 64,
  // the longest name; kNoLimit for text that must stay whole (a label in a drawing).
  std::size_t max_bytes = 64;
  static constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);
};

// `text` between quotes for a message: 'water', "2 h". The quote character and the
// backslash are escaped with a backslash; a line break is \n, a tab \t, other control
// bytes \xNN, so that a quoted value is always one line.
std::string Quote(std::string_view text, QuoteStyle style = {});

// A number with at most `significant_digits` significant digits ("%.*g": 0.1 + 0.8 shows
// as 0.9), or with kShortest the shortest text that reads back as the same double ("0.1",
// "2", "1e+20"). Every NaN is "nan"; infinities are "inf" and "-inf".
inline constexpr int kShortest = 0;
std::string FormatNumber(double x, int significant_digits = kShortest);

// "1,093,000"; "-1,000" (the most negative int64 too).
std::string WithThousands(std::int64_t value);

}  // namespace escalade::kernel

#endif  // ESCALADE_SIM_KERNEL_TEXT_H_
