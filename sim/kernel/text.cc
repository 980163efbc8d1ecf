#include "sim/kernel/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace escalade::kernel {

std::string Quote(std::string_view text, QuoteStyle style) {
  std::size_t cut = text.size();
  if (cut > style.max_bytes) {
    cut = style.max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(1, style.quote);
  out.reserve(cut + 8);
  for (const char c : text.substr(0, cut)) {
    if (c == style.quote || c == '\\') {
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
  out += style.quote;
  return out;
}

std::string FormatNumber(double x, int significant_digits) {
  if (std::isnan(x)) return "nan";
  char buffer[40];
  if (significant_digits <= kShortest) {
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), x);
    if (error == std::errc()) return std::string(buffer, end);
  }
  std::snprintf(buffer, sizeof(buffer), "%.*g", significant_digits > 0 ? significant_digits : 17,
                x);
  return buffer;
}

std::string WithThousands(std::int64_t value) {
  const bool negative = value < 0;
  // Through unsigned so that the most negative value has a magnitude too.
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

}  // namespace escalade::kernel
