#include "analysis/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace escalade::analysis {
namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}  // namespace

AtomicFile::AtomicFile(std::string path, std::string temp, int fd)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {
  buffer_.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

kernel::Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path) {
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    return kernel::Status::Io("cannot write " + path + ": " + std::strerror(err));
  }
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, std::move(temp), fd));
}

kernel::Status AtomicFile::Fail(const char* what) {
  const int err = errno;
  ::close(fd_);
  fd_ = -1;
  ::unlink(temp_.c_str());
  return kernel::Status::Io("cannot write " + path_ + ": " + what + ": " + std::strerror(err));
}

kernel::Status AtomicFile::Flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
  return kernel::Status::Ok();
}

kernel::Status AtomicFile::Write(std::string_view data) {
  if (fd_ < 0) return kernel::Status::Internal("cannot write " + path_ + ": already closed");
  buffer_.append(data);
  return buffer_.size() >= kBufferBytes ? Flush() : kernel::Status::Ok();
}

kernel::Status AtomicFile::Commit() {
  if (fd_ < 0) return kernel::Status::Internal("cannot write " + path_ + ": already closed");
  if (kernel::Status flushed = Flush(); !flushed.ok()) return flushed;
  if (::fsync(fd_) != 0) return Fail("fsync");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    fd_ = -1;
    const int err = errno;
    ::unlink(temp_.c_str());
    return kernel::Status::Io("cannot write " + path_ + ": close: " + std::strerror(err));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    return kernel::Status::Io("cannot write " + path_ + ": rename: " + std::strerror(err));
  }
  return kernel::Status::Ok();
}

kernel::Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  kernel::Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
  if (!file.ok()) return file.status();
  if (kernel::Status written = (*file)->Write(contents); !written.ok()) return written;
  return (*file)->Commit();
}

}  // namespace escalade::analysis
