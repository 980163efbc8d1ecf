// What `escalade run` and `escalade sweep` share around the runs: a progress
// line on a terminal (runs done / total, elapsed, ETA; at most four updates a
// second) and the SIGINT / SIGTERM handling that stops a run cleanly.
//
// Interruption: the first SIGINT or SIGTERM sets StopFlag(); no new run
// starts, the runs in flight finish, the finished results are written and the
// manifest says `interrupted`. A second signal ends the process at once (the
// default action); atomic output files never leave half-written files either way.
#ifndef ESCALADE_SIM_CLI_RUN_CONTROL_H_
#define ESCALADE_SIM_CLI_RUN_CONTROL_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "analysis/run_files.h"
#include "sim/kernel/status.h"

namespace escalade::cli {

// Creates the run folder `dir` (and its parents), named by `option` in messages ("--out").
// An I/O error when it cannot be made (a path under a file, no permission, a full disk).
kernel::Status MakeRunFolder(const std::string& option, const std::string& dir);

// After a failure (already reported), the run folder's manifest says so: status "failed"
// (best effort: a full disk may refuse this write too, and the manifest then keeps
// "interrupted", which it says until a run completes). Returns the failure's exit code.
int FailRun(const std::string& dir, analysis::Manifest* manifest, const kernel::Status& failure);

// Installs the handlers (idempotent) and returns the flag they set.
const std::atomic<bool>& InstallStopHandlers();
// The signal that set the flag (SIGINT, SIGTERM), or 0.
int StopSignal();
// The exit code for an interrupted command: 128 + the signal, as a shell reports it.
int InterruptedExitCode();

// Progress on standard error when it is a terminal and not `quiet`; a callable
// for RunOptions::progress (an empty function otherwise).
std::function<void(int done, int total)> MakeProgress(bool quiet, const std::string& what);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_RUN_CONTROL_H_
