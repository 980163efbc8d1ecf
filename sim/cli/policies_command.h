// `escalade policies`: the registered presets and C++ rules with their
// settings, and every rule primitive (parameter) with its type, unit, default
// and help — read from the one registry the loader also uses.
#ifndef ESCALADE_SIM_CLI_POLICIES_COMMAND_H_
#define ESCALADE_SIM_CLI_POLICIES_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddPoliciesCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_POLICIES_COMMAND_H_
