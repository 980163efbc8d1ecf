// How the escalade command ends (README "Exit codes"): the exit code follows from the
// kernel::Status of what failed, the same way in every subcommand.
//
//   0    success
//   1    an I/O or runtime failure: an output that cannot be written, a full disk, a
//        results store that fails, an internal error
//   2    bad input: usage, an option, a scenario, a mapping, a trace (the message names the
//        option, or file:line:col)
//   130  interrupted by SIGINT (128 + the signal: 143 for SIGTERM), as a shell reports it
#ifndef ESCALADE_SIM_CLI_EXIT_CODES_H_
#define ESCALADE_SIM_CLI_EXIT_CODES_H_

#include "sim/kernel/status.h"

namespace escalade::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// The exit code for `status` (0 for ok).
int ExitCode(const kernel::Status& status);

// Prints "escalade: <message>" to standard error (nothing for ok) and returns ExitCode.
int Report(const kernel::Status& status);
// The same without the "escalade: " prefix, for messages that start with their place
// (file:line:col: ...).
int ReportLocated(const kernel::Status& status);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_EXIT_CODES_H_
