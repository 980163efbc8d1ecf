// `escalade schema`: the JSON Schema of scenario files, generated from the declared format
// (sim/scenario/schema.h); with --format-md FILE, FILE's generated key tables rewritten
// instead (scenarios/FORMAT.md).
#ifndef ESCALADE_SIM_CLI_SCHEMA_COMMAND_H_
#define ESCALADE_SIM_CLI_SCHEMA_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddSchemaCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_SCHEMA_COMMAND_H_
