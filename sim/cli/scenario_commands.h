// `escalade validate` and `escalade graph`: load a scenario file, report its
// located errors (exit 2) or print what it holds.
#ifndef ESCALADE_SIM_CLI_SCENARIO_COMMANDS_H_
#define ESCALADE_SIM_CLI_SCENARIO_COMMANDS_H_

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "sim/scenario/scenario.h"

namespace escalade::cli {

// Loads `path`; on failure prints every located diagnostic to stderr.
std::optional<scenario::Scenario> LoadOrReport(const std::string& path);

// The SHA-256 (hex) of the file's bytes, for manifests and the results store.
std::string FileSha256(const std::string& path);

// `escalade graph SCENARIO --policy P`: the page of the routes P uses (report_command.cc);
// returns the exit code.
int WritePolicyGraph(const scenario::Scenario& s, const std::string& policy,
                     const std::string& results, const std::string& out);

void AddValidateCommand(CLI::App& app, int& exit_code);
void AddGraphCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_SCENARIO_COMMANDS_H_
