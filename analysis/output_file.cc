#include "analysis/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace escalade::analysis {

kernel::Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const auto fail = [&](const char* what) {
    const int err = errno;
    ::unlink(temp.c_str());
    return kernel::Status::Error(std::string("cannot write ") + path + ": " + what + ": " +
                                 std::strerror(err));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    return kernel::Status::Error("cannot write " + path + ": " + std::strerror(err));
  }
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("fsync");
  }
  if (::close(fd) != 0) return fail("close");
  if (std::rename(temp.c_str(), path.c_str()) != 0) return fail("rename");
  return kernel::Status::Ok();
}

}  // namespace escalade::analysis
