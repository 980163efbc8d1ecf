// escalade optimize SCENARIO --policy P --constraint 'METRIC<=X'...: the least staffing that
// meets service targets, per policy (sim/experiment/optimize.h; README "Optimising staffing").
#ifndef ESCALADE_SIM_CLI_OPTIMIZE_COMMAND_H_
#define ESCALADE_SIM_CLI_OPTIMIZE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddOptimizeCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_OPTIMIZE_COMMAND_H_
