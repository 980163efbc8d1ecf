// Status and Result<T>: errors as values at layer boundaries.
//
// A Status is either ok or carries a human-readable message that already says
// where and what went wrong (for scenario errors: "file:line:col: key.path: ...").
// Result<T> holds either a T or a non-ok Status. Neither throws.
//
// Thread safety: plain values; distinct objects may be used from distinct threads.
#ifndef ESCALADE_SIM_KERNEL_STATUS_H_
#define ESCALADE_SIM_KERNEL_STATUS_H_

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace escalade::kernel {

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  // REQUIRES: !ok()
  const std::string& message() const { return *message_; }
  std::string ToString() const { return ok() ? std::string("ok") : *message_; }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Error("internal: Result built from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

// Always-on invariant check for conditions that mean a bug, not bad input.
// Prints the condition and a message to stderr and aborts.
[[noreturn]] inline void FatalError(const char* file, int line, const std::string& message) {
  std::fprintf(stderr, "escalade: internal error at %s:%d: %s\n", file, line, message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace escalade::kernel

namespace escalade::kernel::internal {
// Out of line and cold, so that a check costs its hot caller one compare and
// one never-taken branch; the message is only built when the check fails.
template <typename MakeMessage>
[[noreturn, gnu::cold, gnu::noinline]] void CheckFailed(const char* file, int line,
                                                        const char* condition,
                                                        MakeMessage&& make_message) {
  FatalError(file, line, std::string("check failed: ") + condition + ": " + make_message());
}
}  // namespace escalade::kernel::internal

// Always-on invariant check (not compiled out in Release): a failure is a bug,
// reported with the condition and `msg` (anything convertible to std::string).
#define ESCALADE_CHECK(cond, msg)                                                   \
  do {                                                                              \
    if (!(cond)) [[unlikely]]                                                       \
      ::escalade::kernel::internal::CheckFailed(__FILE__, __LINE__, #cond,          \
                                                [&]() { return std::string(msg); }); \
  } while (0)

#endif  // ESCALADE_SIM_KERNEL_STATUS_H_
