// `escalade run`: runs a scenario's policy arms over its replications, prints
// the comparison table and writes the run folder (docs/architecture.md "Output
// contract"); `escalade compare DIR` prints the same table from a folder.
#ifndef ESCALADE_SIM_CLI_RUN_COMMAND_H_
#define ESCALADE_SIM_CLI_RUN_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddRunCommand(CLI::App& app, int& exit_code);
void AddCompareCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_RUN_COMMAND_H_
