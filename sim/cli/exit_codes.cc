#include "sim/cli/exit_codes.h"

#include <cstdio>

#include "sim/cli/run_control.h"

namespace escalade::cli {

int ExitCode(const kernel::Status& status) {
  switch (status.code()) {
    case kernel::StatusCode::kOk:
      return kExitOk;
    case kernel::StatusCode::kBadInput:
      return kExitBadInput;
    case kernel::StatusCode::kInterrupted:
      return InterruptedExitCode();
    case kernel::StatusCode::kIo:
    case kernel::StatusCode::kInternal:
      return kExitFailure;
  }
  return kExitFailure;
}

int Report(const kernel::Status& status) {
  if (!status.ok()) std::fprintf(stderr, "escalade: %s\n", status.message().c_str());
  return ExitCode(status);
}

int ReportLocated(const kernel::Status& status) {
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.message().c_str());
  return ExitCode(status);
}

}  // namespace escalade::cli
