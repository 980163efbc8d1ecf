#include "sim/io/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace escalade::io {
namespace {

using kernel::Result;
using kernel::Status;

std::string Reason(int error) { return error != 0 ? std::strerror(error) : "unknown error"; }

class FileSource final : public ByteSource {
 public:
  explicit FileSource(std::FILE* file) : file_(file) {}
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t size) override {
    for (;;) {
      errno = 0;
      const std::size_t got = std::fread(buffer, 1, size, file_);
      if (got > 0 || !std::ferror(file_)) return got;
      const int error = errno;
      if (error == EINTR) {
        std::clearerr(file_);
        continue;
      }
      return Status::Io(Reason(error));
    }
  }

 private:
  std::FILE* file_;
};

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string text) : text_(std::move(text)) {}
  Result<std::size_t> Read(char* buffer, std::size_t size) override {
    const std::size_t got = std::min(size, text_.size() - position_);
    std::memcpy(buffer, text_.data() + position_, got);
    position_ += got;
    return got;
  }

 private:
  std::string text_;
  std::size_t position_ = 0;
};

// zlib's inflate over another source, member after member.
class GunzipSource final : public ByteSource {
 public:
  explicit GunzipSource(std::unique_ptr<ByteSource> compressed)
      : compressed_(std::move(compressed)), input_(kInputBytes) {
    stream_.zalloc = Z_NULL;
    stream_.zfree = Z_NULL;
    stream_.opaque = Z_NULL;
    stream_.next_in = Z_NULL;
    stream_.avail_in = 0;
    // 15 + 16: a gzip header and trailer, the largest window.
    ready_ = inflateInit2(&stream_, 15 + 16) == Z_OK;
  }
  ~GunzipSource() override {
    if (ready_) inflateEnd(&stream_);
  }
  GunzipSource(const GunzipSource&) = delete;
  GunzipSource& operator=(const GunzipSource&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t size) override {
    if (!ready_) return Status::Internal("gzip: zlib could not start (out of memory?)");
    if (done_) return std::size_t{0};
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    const uInt wanted = stream_.avail_out;
    while (stream_.avail_out == wanted) {  // until some output, or the end
      if (stream_.avail_in == 0) {
        Result<std::size_t> got =
            compressed_->Read(reinterpret_cast<char*>(input_.data()), input_.size());
        if (!got.ok()) return Fail(got.status());
        if (*got == 0) {
          done_ = true;
          // The end of the input is fine between members, not inside one.
          if (in_member_) return Fail(Status::BadInput("gzip: the compressed data is cut short"));
          break;
        }
        stream_.next_in = input_.data();
        stream_.avail_in = static_cast<uInt>(*got);
      }
      in_member_ = true;
      const int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&stream_);  // another member may follow
      } else if (result == Z_DATA_ERROR || result == Z_NEED_DICT) {
        return Fail(Status::BadInput(std::string("gzip: ") +
                                     (stream_.msg != nullptr ? stream_.msg : "corrupt data") +
                                     " (not gzip data, or damaged)"));
      } else if (result == Z_MEM_ERROR) {
        return Fail(Status::Io("gzip: out of memory"));
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        return Fail(Status::Internal("gzip: zlib error " + std::to_string(result)));
      }
    }
    return static_cast<std::size_t>(wanted - stream_.avail_out);
  }

 private:
  static constexpr std::size_t kInputBytes = 64 << 10;

  Status Fail(Status status) {
    done_ = true;
    return status;
  }

  std::unique_ptr<ByteSource> compressed_;
  std::vector<Bytef> input_;
  z_stream stream_{};
  bool ready_ = false;
  bool done_ = false;
  bool in_member_ = false;  // inside a member: its end is still to come
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path) {
  const auto fail = [&path](int error) {
    return Status::BadInput("cannot open '" + path + "': " + Reason(error));
  };
  // O_NONBLOCK: opening a named pipe (FIFO) that no process writes to would otherwise wait
  // forever; with it the open succeeds and such a pipe reads as empty. Reads block again
  // once it is open, so a pipe with a writer works.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return fail(error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return Status::BadInput("cannot open '" + path + "': is a directory");
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    const int error = errno;
    ::close(fd);
    return fail(error);
  }
  std::FILE* file = ::fdopen(fd, "rb");
  if (file == nullptr) {
    const int error = errno;
    ::close(fd);
    return fail(error);
  }
  // Readers read in large chunks themselves; stdio's own buffer would only add a copy.
  std::setvbuf(file, nullptr, _IONBF, 0);
  return std::unique_ptr<ByteSource>(new FileSource(file));
}

std::unique_ptr<ByteSource> FromString(std::string text) {
  return std::make_unique<StringSource>(std::move(text));
}

std::unique_ptr<ByteSource> Gunzip(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GunzipSource>(std::move(compressed));
}

bool IsGzipName(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

}  // namespace escalade::io
