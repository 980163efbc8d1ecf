// `escalade report DIR` (rebuild report.html of a run or sweep folder) and `escalade view
// SCENARIO` (the classroom view: demands moving through the governance graph).
#ifndef ESCALADE_SIM_CLI_REPORT_COMMAND_H_
#define ESCALADE_SIM_CLI_REPORT_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddReportCommand(CLI::App& app, int& exit_code);
void AddViewCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_REPORT_COMMAND_H_
