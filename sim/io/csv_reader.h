// CsvReader: a streaming reader of RFC 4180 CSV that knows where every record came from.
//
// Made to replay large traces (tens of millions of 311 rows) in bounded memory: the input is
// read in fixed-size chunks into one buffer, and each record is decoded into one reusable
// record buffer that the returned fields view, with no allocation per record or field once
// the buffers have grown. Memory is O(read_chunk_bytes + max_record_bytes + max_fields)
// whatever the size of the file. About 0.5-0.8 GB/s on 311 traces (one core).
//
// Dialect: that of Python's `csv.reader` with the default dialect (delimiter ',', quote '"',
// doubled quotes, strict=False), reading a file opened with newline='', so that a checker
// written with Python's csv module agrees with this reader on every record:
//   - fields are separated by the delimiter; a record ends at LF, CRLF or a lone CR;
//   - a field that starts with '"' is quoted: it may contain delimiters, line breaks (kept
//     exactly as written, CRLF included) and doubled quotes "" standing for one '"';
//   - leniency as in Python: a '"' inside an unquoted field is kept literally, and characters
//     after a closing quote up to the next delimiter are appended literally ("ab"c -> abc);
//   - the last record needs no line break after it;
//   - a UTF-8 byte order mark at the very start of the input is skipped.
// Differences from Python, all deliberate:
//   - a completely empty line yields no record (Python yields []); it still counts as a line.
//     A line holding only "" is a record of one empty field, as in Python;
//   - a quoted field still open at the end of input is an error (Python returns what it has);
//   - a NUL byte is an error (Python 3.11 and later accept it);
//   - bytes are not decoded: fields are the raw bytes of the file (normally UTF-8).
//
// Errors. Next() returns an error Status "<name>:<line>: <what was wrong>" (bad input; a
// read error of the source keeps the source's code: I/O for the OS's), where <line> is
// the line on which the bad record started, except for a NUL byte, which is located on its
// own line. After an error the reader has skipped the rest of the bad record (quotes are
// still honoured while skipping), so a caller may report it and continue with the next
// record. An unterminated quoted field at the end of input, an I/O error ("<name>:<line>:
// read error: <OS reason>") and a bad record longer than CsvOptions::max_skip_bytes end the
// input: the next call returns false. Messages:
//   trace.csv:7: contains a NUL byte: not a text CSV file
//   trace.csv:7: record is longer than 1048576 bytes (max_record_bytes)
//   trace.csv:7: record has more than 4096 fields (max_fields)
//   trace.csv:7: quoted field opened on line 9 is never closed
//
// Lines are counted like Python's reader.line_num: every LF, CRLF or lone CR is one line
// break, inside quoted fields too.
//
// Thread safety: a CsvReader is a mutable object owned by one thread; use one reader per
// thread. Distinct readers are independent.
#ifndef ESCALADE_SIM_IO_CSV_READER_H_
#define ESCALADE_SIM_IO_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/byte_source.h"
#include "sim/kernel/status.h"

namespace escalade::io {

struct CsvOptions {
  // The field separator. REQUIRES: not '"', '\n', '\r' or '\0'. Default ','.
  char delimiter = ',';
  // A record whose raw text (quotes and delimiters included, its line break excluded) is
  // longer than this many bytes is an error: a guard against hostile or corrupt input.
  // Default 1 MiB.
  std::size_t max_record_bytes = 1 << 20;
  // A record with more fields than this is an error. REQUIRES: >= 1. Default 4096.
  std::size_t max_fields = 4096;
  // After an error the rest of the bad record is skipped, but over at most this many bytes
  // of it: a record that runs on further (an endless or binary stream without line breaks,
  // such as /dev/zero) ends the input, so that a bad input cannot hold the reader forever.
  // Default 64 MiB.
  std::size_t max_skip_bytes = std::size_t{64} << 20;
  // Bytes requested from the file (or copied from the string) per read. Only performance
  // depends on it; tests set it tiny to put records across chunk boundaries.
  // REQUIRES: >= 1. Default 64 KiB.
  std::size_t read_chunk_bytes = 64 << 10;
};

class CsvReader {
 public:
  // Opens the file at `path` for reading (io::OpenFile); its path is the reader's name in
  // messages. Errors (bad input): "cannot open '<path>': <OS reason>" (also when `path` is
  // a directory). Never waits for a named pipe's writer: a FIFO nobody writes to reads as
  // empty.
  static kernel::Result<CsvReader> Open(const std::string& path, CsvOptions options = {});

  // Reads from an in-memory text (tests, small fixtures); `display_name` is the reader's
  // name in messages.
  static CsvReader FromString(std::string text, std::string display_name, CsvOptions options = {});

  // Reads from any source (a gzip stream: io::Gunzip); `name` names it in messages.
  // REQUIRES: source != nullptr.
  static CsvReader FromSource(std::unique_ptr<ByteSource> source, std::string name,
                              CsvOptions options = {});

  // Move-only. A moved-from reader may only be destroyed or assigned to.
  CsvReader(CsvReader&&) noexcept = default;
  CsvReader& operator=(CsvReader&&) noexcept = default;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  ~CsvReader() = default;

  // Reads the next record. Returns true and fills *fields with views into the reader's
  // record buffer, valid until the next call to Next() or until the reader is moved or
  // destroyed; false at the end of input (with *fields empty); or an error as described at
  // the top of this file. Every returned record has at least one field.
  // REQUIRES: fields != nullptr.
  kernel::Result<bool> Next(std::vector<std::string_view>* fields);

  // 1-based line on which the last record (or error) started.
  std::int64_t line() const { return start_line_; }
  // Line on which the last record (or error) ended, its line break included: records with
  // quoted line breaks span several lines.
  std::int64_t end_line() const { return end_line_; }
  // Bytes of input consumed so far (a BOM and line breaks included).
  std::uint64_t bytes_read() const { return bytes_before_chunk_ + pos_; }
  // The path given to Open() or the display name given to FromString().
  const std::string& name() const { return name_; }

 private:
  CsvReader(std::string name, CsvOptions options);

  // Reads the next chunk. True if there is now a byte at chunk_[pos_]; false at the end of
  // input or on a read error (io_error_). REQUIRES: pos_ == end_.
  bool Fill();
  // Consumes LF, CR or CRLF and counts the line. REQUIRES: chunk_[pos_] is '\n' or '\r'.
  void ConsumeLineBreak();
  // Raw bytes of the current record so far.
  std::uint64_t RecordBytes() const { return bytes_read() - record_start_byte_; }
  // Appends to the decoded record, unless it failed.
  void Append(const char* data, std::size_t n);
  void GrowRecord(std::size_t more);
  // Fails the record if it grew past max_record_bytes.
  void CheckRecordBytes();
  // Ends the current field (or fails the record past max_fields).
  void SaveField();
  // Fails the record with "<name>:<line>: <what>"; the first error of a record wins.
  void Fail(std::int64_t line, const std::string& what);
  void FailTooLong();
  void FailTooManyFields();
  kernel::Result<bool> Finish(std::vector<std::string_view>* fields);
  // Ends the input inside a bad record longer than max_skip_bytes; returns its error.
  kernel::Result<bool> GiveUp(std::vector<std::string_view>* fields);

  std::string name_;
  CsvOptions options_;
  std::unique_ptr<ByteSource> source_;

  std::unique_ptr<char[]> chunk_;  // max(read_chunk_bytes, 3) bytes; stays put under moves
  std::size_t pos_ = 0;            // next unread byte of chunk_
  std::size_t end_ = 0;            // bytes of chunk_ holding input
  std::uint64_t bytes_before_chunk_ = 0;
  bool at_start_ = true;     // nothing read yet (the BOM check is pending)
  bool input_done_ = false;  // end of input or an I/O error reached
  bool finished_ = false;    // Next() returns false from now on
  kernel::Status io_error_;  // of a read error (its message is the reason alone); ok if none

  // Per byte value: bit 0 = stops an unquoted run, bit 1 = stops a quoted run.
  unsigned char byte_class_[256] = {};

  // Decoded fields of the record, back to back (a plain buffer: std::string::append costs
  // more than the parsing on field-dense traces).
  std::unique_ptr<char[]> record_;
  std::size_t record_size_ = 0;
  std::size_t record_capacity_ = 0;
  std::vector<std::size_t> field_ends_;  // end offset in record_ of each field
  std::uint64_t record_start_byte_ = 0;
  bool record_failed_ = false;  // skipping the rest of a bad record
  std::string error_;           // message of record_failed_
  kernel::StatusCode error_code_ = kernel::StatusCode::kBadInput;  // and its code
  std::int64_t line_ = 1;                                          // line of the next unread byte
  std::int64_t quote_line_ = 0;                                    // line of the last opening quote
  std::int64_t start_line_ = 0;
  std::int64_t end_line_ = 0;
};

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_CSV_READER_H_
