// ByteSource: where a reader's bytes come from — a file, a text in memory, or either of
// them decompressed on the fly (gzip). Readers (CsvReader) pull fixed-size chunks, so a
// compressed trace of any size streams through bounded memory and never lands on disk.
//
// Thread safety: a ByteSource is a mutable object owned by one thread.
#ifndef ESCALADE_SIM_IO_BYTE_SOURCE_H_
#define ESCALADE_SIM_IO_BYTE_SOURCE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "sim/kernel/status.h"

namespace escalade::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer` (REQUIRES: size >= 1). Returns how many were
  // read — 0 only at the end of the input — or an error, whose message is the reason alone
  // ("Input/output error", "gzip: invalid stored block lengths"); after an error the
  // source is done. Short reads are allowed before the end.
  virtual kernel::Result<std::size_t> Read(char* buffer, std::size_t size) = 0;
};

// The file at `path`. Errors are bad input (the user named the file): "cannot open
// '<path>': <OS reason>", also for a directory; read errors later are I/O errors. Never
// waits for a named pipe's writer: a FIFO nobody writes to reads as empty; one with a
// writer (`--trace <(zcat trace.csv.gz)`) streams.
kernel::Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);

// An in-memory text (tests, small fixtures).
std::unique_ptr<ByteSource> FromString(std::string text);

// The decompressed bytes of `compressed`, a gzip stream (RFC 1952) — several members one
// after another are read as one stream, as gzip -d does. Corrupt or truncated data is a
// read error "gzip: <what>". Memory: zlib's 32 KiB window and one input buffer.
std::unique_ptr<ByteSource> Gunzip(std::unique_ptr<ByteSource> compressed);

// Whether `path` names gzip data by its name (ends with ".gz").
bool IsGzipName(const std::string& path);

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_BYTE_SOURCE_H_
