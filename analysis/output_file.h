// Atomic file output: write to a temporary file in the same directory, flush
// it to disk, then rename over the target, so a reader never sees a
// half-written file and an interrupted run leaves the old file intact.
// Failures are I/O errors (kernel::Status::Io): a full disk, a folder that
// cannot be written.
//
// Thread safety: an AtomicFile belongs to one thread.
#ifndef ESCALADE_ANALYSIS_OUTPUT_FILE_H_
#define ESCALADE_ANALYSIS_OUTPUT_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "sim/kernel/status.h"

namespace escalade::analysis {

// A file written in pieces (large outputs: a demand list of 20 million rows)
// that appears at `path` only on Commit(). Destroyed without Commit() (an
// error, an interruption), it removes its temporary file and leaves `path`
// as it was. Writes are buffered.
class AtomicFile {
 public:
  // Errors name the file and the operating system's reason.
  static kernel::Result<std::unique_ptr<AtomicFile>> Create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  kernel::Status Write(std::string_view data);
  // Flushes, fsyncs, closes and renames over the target. Call once.
  kernel::Status Commit();

 private:
  AtomicFile(std::string path, std::string temp, int fd);
  kernel::Status Flush();
  kernel::Status Fail(const char* what);

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::string buffer_;
};

// The whole file at once, through AtomicFile.
kernel::Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_OUTPUT_FILE_H_
