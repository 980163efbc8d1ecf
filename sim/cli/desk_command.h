// `escalade desk`: the teaching example — a community service desk as an
// M/M/c queue, simulated over replications and printed beside Erlang C.
#ifndef ESCALADE_SIM_CLI_DESK_COMMAND_H_
#define ESCALADE_SIM_CLI_DESK_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

// Adds the subcommand to `app`; the callback runs it and sets `exit_code`.
void AddDeskCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_DESK_COMMAND_H_
