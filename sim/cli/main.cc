// The escalade command. Exit codes (sim/cli/exit_codes.h, README "Exit codes"):
// 0 success, 1 an I/O or runtime failure, 2 bad input (usage, an option, a
// scenario, a trace), 130 interrupted; they follow from the Status of what failed.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "sim/cli/demand_command.h"
#include "sim/cli/desk_command.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/optimize_command.h"
#include "sim/cli/policies_command.h"
#include "sim/cli/report_command.h"
#include "sim/cli/run_command.h"
#include "sim/cli/scenario_commands.h"
#include "sim/cli/schema_command.h"
#include "sim/cli/sweep_command.h"

int main(int argc, char** argv) {
  CLI::App app{"escalade: discrete-event simulation of citizen demands in a governance graph"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("escalade ") + ESCALADE_VERSION + " (" +
                                        ESCALADE_GIT_COMMIT + ")");
  int exit_code = 0;
  escalade::cli::AddRunCommand(app, exit_code);
  escalade::cli::AddCompareCommand(app, exit_code);
  escalade::cli::AddSweepCommand(app, exit_code);
  escalade::cli::AddOptimizeCommand(app, exit_code);
  escalade::cli::AddValidateCommand(app, exit_code);
  escalade::cli::AddGraphCommand(app, exit_code);
  escalade::cli::AddDemandCommand(app, exit_code);
  escalade::cli::AddDeskCommand(app, exit_code);
  escalade::cli::AddPoliciesCommand(app, exit_code);
  escalade::cli::AddReportCommand(app, exit_code);
  escalade::cli::AddViewCommand(app, exit_code);
  escalade::cli::AddSchemaCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? escalade::cli::kExitOk : escalade::cli::kExitBadInput;  // usage
  } catch (const std::exception& e) {
    return escalade::cli::Report(
        escalade::kernel::Status::Internal(std::string("internal error: ") + e.what()));
  }
  // What went to standard output must have arrived (a full disk, a closed pipe).
  if (exit_code == escalade::cli::kExitOk && (std::fflush(stdout) != 0 || std::ferror(stdout))) {
    return escalade::cli::Report(escalade::kernel::Status::Io(
        std::string("cannot write to standard output: ") + std::strerror(errno)));
  }
  return exit_code;
}
