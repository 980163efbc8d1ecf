#include "sim/cli/run_control.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "analysis/output_file.h"
#include "sim/cli/exit_codes.h"

namespace escalade::cli {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnStopSignal(int signal) {
  g_signal = signal;
  g_stop.store(true);
  std::signal(signal, SIG_DFL);  // a second one ends the process
}

std::string Clock(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

kernel::Status MakeRunFolder(const std::string& option, const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return kernel::Status::Io(option + " " + dir +
                              ": cannot create the folder: " + error.message());
  }
  return kernel::Status::Ok();
}

int FailRun(const std::string& dir, analysis::Manifest* manifest, const kernel::Status& failure) {
  manifest->status = "failed";
  manifest->finished_utc = analysis::UtcNow();
  (void)analysis::WriteFileAtomically(dir + "/manifest.json", analysis::ManifestJson(*manifest));
  return ExitCode(failure);
}

const std::atomic<bool>& InstallStopHandlers() {
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  return g_stop;
}

int StopSignal() { return g_signal; }

int InterruptedExitCode() { return 128 + (g_signal != 0 ? g_signal : SIGINT); }

std::function<void(int, int)> MakeProgress(bool quiet, const std::string& what) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  using Clock_ = std::chrono::steady_clock;
  struct State {
    Clock_::time_point start = Clock_::now();
    Clock_::time_point last{};
  };
  auto state = std::make_shared<State>();
  return [state, what](int done, int total) {
    const Clock_::time_point now = Clock_::now();
    if (done < total && now - state->last < std::chrono::milliseconds(250)) return;
    state->last = now;
    const double elapsed = std::chrono::duration<double>(now - state->start).count();
    std::string eta = "?";
    if (done > 0) eta = Clock(elapsed * (total - done) / done);
    std::fprintf(stderr, "\r%s: %d/%d runs, %s elapsed, ETA %s   ", what.c_str(), done, total,
                 Clock(elapsed).c_str(), eta.c_str());
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

}  // namespace escalade::cli
