#include "sim/cli/report_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "sim/report/run_report.h"

namespace escalade::cli {
namespace {

int Report(const std::string& dir, bool quiet) {
  kernel::Status written = report::WriteReport(dir);
  if (!written.ok()) {
    std::fprintf(stderr, "escalade: %s\n", written.message().c_str());
    return 2;
  }
  if (!quiet) std::fprintf(stderr, "wrote %s/report.html\n", dir.c_str());
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  struct Args {
    std::string dir;
    bool quiet = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Rebuild report.html (charts, self-contained) of a run or sweep folder");
  cmd->add_option("dir", a->dir, "a folder written by escalade run or escalade sweep")->required();
  cmd->add_flag("--quiet", a->quiet, "no note on standard error");
  cmd->callback([a, &exit_code] { exit_code = Report(a->dir, a->quiet); });
}

}  // namespace escalade::cli
