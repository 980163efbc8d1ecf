// Status and Result<T>: errors as values at layer boundaries.
//
// A Status is either ok or carries a code and a human-readable message that already says
// where and what went wrong (for scenario errors: "file:line:col: key.path: ..."). The code
// says whose the failure is, and so how the command ends (its exit code, README "Exit
// codes"):
//   kBadInput     the user's input is wrong: a scenario, a trace, a mapping, an option, a
//                 file named that cannot be opened (exit 2);
//   kIo           reading or writing failed for a reason outside the input: a full disk,
//                 an output that cannot be created, a read error, a database error (exit 1);
//   kInternal     a bug or a state the program cannot be in (exit 1);
//   kInterrupted  a stop was asked for (SIGINT, SIGTERM) (exit 130).
// Status::Error(message) is kBadInput: most errors are checks of input, and the loaders and
// validators written before codes existed use it; new code names its code.
//
// Result<T> holds either a T or a non-ok Status. Neither throws.
//
// Thread safety: plain values; distinct objects may be used from distinct threads.
#ifndef ESCALADE_SIM_KERNEL_STATUS_H_
#define ESCALADE_SIM_KERNEL_STATUS_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace escalade::kernel {

enum class StatusCode : std::uint8_t { kOk, kBadInput, kIo, kInternal, kInterrupted };

// "ok", "bad input", "I/O error", "internal error", "interrupted".
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status BadInput(std::string message) {
    return Status(StatusCode::kBadInput, std::move(message));
  }
  static Status Io(std::string message) { return Status(StatusCode::kIo, std::move(message)); }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }
  static Status Interrupted(std::string message) {
    return Status(StatusCode::kInterrupted, std::move(message));
  }
  // Bad input (see the top of this file).
  static Status Error(std::string message) { return BadInput(std::move(message)); }
  // Any code; kOk gives an ok Status (the message is dropped).
  static Status FromCode(StatusCode code, std::string message) {
    return code == StatusCode::kOk ? Status() : Status(code, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // REQUIRES: !ok()
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? std::string("ok") : message_; }
  // The same code with `prefix` before the message ("arm_a: " + message); ok stays ok.
  Status WithPrefix(std::string_view prefix) const {
    return ok() ? *this : Status(code_, std::string(prefix) + message_);
  }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kBadInput:
      return "bad input";
    case StatusCode::kIo:
      return "I/O error";
    case StatusCode::kInternal:
      return "internal error";
    case StatusCode::kInterrupted:
      return "interrupted";
  }
  return "internal error";
}

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Internal("internal: Result built from an ok Status");
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
