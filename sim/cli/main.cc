// The escalade command. Exit codes: 0 success, 2 bad input (usage, scenario,
// trace), 1 internal error.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "sim/cli/demand_command.h"
#include "sim/cli/desk_command.h"
#include "sim/cli/optimize_command.h"
#include "sim/cli/policies_command.h"
#include "sim/cli/report_command.h"
#include "sim/cli/run_command.h"
#include "sim/cli/scenario_commands.h"
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors are bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "escalade: internal error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
