// `escalade demand`: writes the demand list of one replication (synthetic or
// replayed) as CSV, so users can look at what they simulate.
#ifndef ESCALADE_SIM_CLI_DEMAND_COMMAND_H_
#define ESCALADE_SIM_CLI_DEMAND_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddDemandCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_DEMAND_COMMAND_H_
