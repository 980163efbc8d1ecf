#include "sim/io/csv_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

namespace escalade::io {
namespace {

using kernel::Result;
using kernel::Status;

// byte_class_ bits.
constexpr unsigned char kStopsUnquoted = 1;  // delimiter, '\n', '\r', '\0'
constexpr unsigned char kStopsQuoted = 2;    // '"', '\n', '\r', '\0'

// The first read asks for at least this many bytes, so that a UTF-8 BOM is always whole in
// the first chunk, however small read_chunk_bytes is.
constexpr std::size_t kMinFirstRead = 3;

constexpr std::uint64_t kOnes = 0x0101010101010101;
constexpr std::uint64_t kHighs = 0x8080808080808080;

// Nonzero iff a byte of x is zero; its lowest set bit is in the lowest zero byte (the false
// positives of this classic test all lie above a true zero byte).
inline std::uint64_t ZeroBytes(std::uint64_t x) { return (x - kOnes) & ~x & kHighs; }

// The first byte in [p, end) whose byte class has `bit`, or end. `special` is the one byte
// besides '\n', '\r' and '\0' with that bit (the delimiter or the quote). Eight bytes a step
// where the byte order allows: fields of real traces are 10-20 bytes long.
inline const char* FindStop(const char* p, const char* end, const unsigned char* byte_class,
                            unsigned char bit, char special) {
  if constexpr (std::endian::native == std::endian::little) {
    const std::uint64_t special8 = kOnes * static_cast<unsigned char>(special);
    while (end - p >= 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      const std::uint64_t hits = ZeroBytes(v ^ special8) | ZeroBytes(v ^ (kOnes * '\n')) |
                                 ZeroBytes(v ^ (kOnes * '\r')) | ZeroBytes(v);
      if (hits != 0) return p + std::countr_zero(hits) / 8;
      p += 8;
    }
  }
  while (p != end && (byte_class[static_cast<unsigned char>(*p)] & bit) == 0) ++p;
  return p;
}

// Where the parser is inside a record; the states of Python's _csv.c that the default
// dialect reaches (START_RECORD and EAT_CRNL are handled around the loop of Next()).
enum class State {
  kStartField,     // at the first byte of a field
  kInField,        // inside an unquoted field
  kInQuoted,       // inside a quoted field
  kQuoteInQuoted,  // just after a '"' inside a quoted field: closing quote or first of ""
};

}  // namespace

CsvReader::CsvReader(std::string name, CsvOptions options)
    : name_(std::move(name)), options_(options) {
  const char d = options_.delimiter;
  ESCALADE_CHECK(d != '"' && d != '\n' && d != '\r' && d != '\0',
                 "CsvOptions::delimiter may not be a quote, a line break or NUL");
  ESCALADE_CHECK(options_.max_fields >= 1, "CsvOptions::max_fields must be >= 1");
  ESCALADE_CHECK(options_.read_chunk_bytes >= 1, "CsvOptions::read_chunk_bytes must be >= 1");
  chunk_ =
      std::make_unique_for_overwrite<char[]>(std::max(options_.read_chunk_bytes, kMinFirstRead));
  for (const char c : {'\n', '\r', '\0'}) {
    byte_class_[static_cast<unsigned char>(c)] = kStopsUnquoted | kStopsQuoted;
  }
  byte_class_[static_cast<unsigned char>(d)] |= kStopsUnquoted;
  byte_class_[static_cast<unsigned char>('"')] |= kStopsQuoted;
  GrowRecord(0);  // record_ is never null, even for a record of empty fields
}

Result<CsvReader> CsvReader::Open(const std::string& path, CsvOptions options) {
  Result<std::unique_ptr<ByteSource>> source = OpenFile(path);
  if (!source.ok()) return source.status();
  return FromSource(std::move(source).value(), path, options);
}

CsvReader CsvReader::FromString(std::string text, std::string display_name, CsvOptions options) {
  return FromSource(io::FromString(std::move(text)), std::move(display_name), options);
}

CsvReader CsvReader::FromSource(std::unique_ptr<ByteSource> source, std::string name,
                                CsvOptions options) {
  ESCALADE_CHECK(source != nullptr, "CsvReader::FromSource needs a source");
  CsvReader reader(std::move(name), options);
  reader.source_ = std::move(source);
  return reader;
}

bool CsvReader::Fill() {
  bytes_before_chunk_ += end_;
  pos_ = end_ = 0;
  if (input_done_) return false;
  const std::size_t want =
      at_start_ ? std::max(options_.read_chunk_bytes, kMinFirstRead) : options_.read_chunk_bytes;
  Result<std::size_t> got = source_->Read(chunk_.get(), want);
  if (!got.ok() || *got == 0) {
    if (!got.ok()) io_error_ = got.status();
    input_done_ = true;
    return false;
  }
  end_ = *got;
  if (at_start_) {
    at_start_ = false;
    if (end_ >= 3 && std::memcmp(chunk_.get(), "\xEF\xBB\xBF", 3) == 0) {
      pos_ = 3;
      if (pos_ == end_) return Fill();  // keep the promise: true means a byte to read
    }
  }
  return true;
}

void CsvReader::ConsumeLineBreak() {
  const char c = chunk_[pos_++];
  // A CR followed by LF is one line break, even when the LF is in the next chunk.
  if (c == '\r' && (pos_ < end_ || Fill()) && chunk_[pos_] == '\n') ++pos_;
  ++line_;
}

[[gnu::cold]] void CsvReader::Fail(std::int64_t line, const std::string& what) {
  if (record_failed_) return;
  record_failed_ = true;
  error_ = name_ + ":" + std::to_string(line) + ": " + what;
  error_code_ = kernel::StatusCode::kBadInput;
  record_size_ = 0;
  field_ends_.clear();
}

void CsvReader::GrowRecord(std::size_t more) {
  const std::size_t capacity =
      std::max({2 * record_capacity_, record_size_ + more, std::size_t{256}});
  std::unique_ptr<char[]> grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (record_size_ > 0) std::memcpy(grown.get(), record_.get(), record_size_);
  record_ = std::move(grown);
  record_capacity_ = capacity;
}

inline void CsvReader::Append(const char* data, std::size_t n) {
  if (record_failed_) return;
  if (n > record_capacity_ - record_size_) [[unlikely]]
    GrowRecord(n);
  std::memcpy(record_.get() + record_size_, data, n);
  record_size_ += n;
}

[[gnu::cold, gnu::noinline]] void CsvReader::FailTooLong() {
  Fail(start_line_, "record is longer than " + std::to_string(options_.max_record_bytes) +
                        " bytes (max_record_bytes)");
}

[[gnu::cold, gnu::noinline]] void CsvReader::FailTooManyFields() {
  Fail(start_line_,
       "record has more than " + std::to_string(options_.max_fields) + " fields (max_fields)");
}

inline void CsvReader::CheckRecordBytes() {
  if (RecordBytes() > options_.max_record_bytes && !record_failed_) [[unlikely]]
    FailTooLong();
}

inline void CsvReader::SaveField() {
  CheckRecordBytes();
  if (record_failed_) return;
  if (field_ends_.size() == options_.max_fields) [[unlikely]] {
    FailTooManyFields();
    return;
  }
  field_ends_.push_back(record_size_);
}

Result<bool> CsvReader::Finish(std::vector<std::string_view>* fields) {
  if (record_failed_) return Status::FromCode(error_code_, std::move(error_));
  std::size_t begin = 0;
  for (const std::size_t end : field_ends_) {
    fields->emplace_back(record_.get() + begin, end - begin);
    begin = end;
  }
  return true;
}

Result<bool> CsvReader::GiveUp(std::vector<std::string_view>* fields) {
  finished_ = true;
  end_line_ = line_;
  error_ += "; the input ends here: no line break in the next " +
            std::to_string(options_.max_skip_bytes) + " bytes (max_skip_bytes)";
  return Finish(fields);
}

Result<bool> CsvReader::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  record_size_ = 0;
  field_ends_.clear();
  record_failed_ = false;

  // Python's START_RECORD: skip empty lines (Python would yield [] for each).
  for (;;) {
    if (finished_) return false;
    if (pos_ == end_ && !Fill()) {
      finished_ = true;
      if (io_error_.ok()) return false;
      start_line_ = end_line_ = line_;
      return io_error_.WithPrefix(name_ + ":" + std::to_string(line_) + ": read error: ");
    }
    const char c = chunk_[pos_];
    if (c != '\n' && c != '\r') break;
    ConsumeLineBreak();
  }
  start_line_ = line_;
  record_start_byte_ = bytes_read();

  const char delimiter = options_.delimiter;
  State state = State::kStartField;
  for (;;) {
    if (pos_ == end_ && !Fill()) {  // end of input inside the record
      finished_ = true;
      end_line_ = line_;
      if (!io_error_.ok()) {
        record_failed_ = false;  // an I/O error outranks whatever was wrong before it
        Fail(line_, "read error: " + io_error_.message());
        error_code_ = io_error_.code();  // after Fail(), which resets it
      } else if (state == State::kInQuoted) {
        Fail(start_line_,
             "quoted field opened on line " + std::to_string(quote_line_) + " is never closed");
      } else {
        SaveField();
      }
      return Finish(fields);
    }
    const char* const begin = chunk_.get() + pos_;
    const char* const end = chunk_.get() + end_;
    switch (state) {
      case State::kStartField:
        if (*begin == '"') {
          ++pos_;
          quote_line_ = line_;
          state = State::kInQuoted;
          break;
        }
        state = State::kInField;
        [[fallthrough]];
      case State::kInField: {
        const char* const p = FindStop(begin, end, byte_class_, kStopsUnquoted, delimiter);
        Append(begin, static_cast<std::size_t>(p - begin));
        pos_ += static_cast<std::size_t>(p - begin);
        CheckRecordBytes();
        if (record_failed_ && RecordBytes() > options_.max_skip_bytes) [[unlikely]]
          return GiveUp(fields);
        if (p == end) break;
        if (*p == delimiter) {
          ++pos_;
          SaveField();
          state = State::kStartField;
        } else if (*p == '\0') {
          ++pos_;
          Fail(line_, "contains a NUL byte: not a text CSV file");
          // Binary input is mostly NULs: pass a run of them in one step, not one loop each.
          while (pos_ < end_ && chunk_[pos_] == '\0') ++pos_;
          CheckRecordBytes();
        } else {  // a line break ends the record
          SaveField();
          end_line_ = line_;
          ConsumeLineBreak();
          return Finish(fields);
        }
        break;
      }
      case State::kInQuoted: {
        const char* const p = FindStop(begin, end, byte_class_, kStopsQuoted, '"');
        Append(begin, static_cast<std::size_t>(p - begin));
        pos_ += static_cast<std::size_t>(p - begin);
        CheckRecordBytes();
        if (record_failed_ && RecordBytes() > options_.max_skip_bytes) [[unlikely]]
          return GiveUp(fields);
        if (p == end) break;
        const char c = *p;
        ++pos_;
        if (c == '"') {
          state = State::kQuoteInQuoted;
        } else if (c == '\0') {
          Fail(line_, "contains a NUL byte: not a text CSV file");
          while (pos_ < end_ && chunk_[pos_] == '\0') ++pos_;
          CheckRecordBytes();
        } else {  // a quoted line break is data, kept as written
          Append(&c, 1);
          if (c == '\r' && (pos_ < end_ || Fill()) && chunk_[pos_] == '\n') {
            ++pos_;
            Append("\n", 1);
          }
          ++line_;
        }
        break;
      }
      case State::kQuoteInQuoted: {
        const char c = *begin;
        if (c == '\n' || c == '\r') {
          SaveField();
          end_line_ = line_;
          ConsumeLineBreak();
          return Finish(fields);
        }
        ++pos_;
        if (c == '"') {  // "" stands for one quote
          Append("\"", 1);
          state = State::kInQuoted;
        } else if (c == delimiter) {
          SaveField();
          state = State::kStartField;
        } else {  // strict=False: text after the closing quote is kept literally
          if (c == '\0') {
            Fail(line_, "contains a NUL byte: not a text CSV file");
          } else {
            Append(&c, 1);
          }
          state = State::kInField;
        }
        break;
      }
    }
  }
}

}  // namespace escalade::io
