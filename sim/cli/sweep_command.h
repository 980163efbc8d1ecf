// `escalade sweep`: every point of a scenario's experiment.sweep × policy ×
// replication, stored in a resumable SQLite results store, spread over
// threads and (under mpirun) MPI ranks, written as a run folder whose files
// carry `point` and one column per swept key.
#ifndef ESCALADE_SIM_CLI_SWEEP_COMMAND_H_
#define ESCALADE_SIM_CLI_SWEEP_COMMAND_H_

#include <CLI/CLI.hpp>

namespace escalade::cli {

void AddSweepCommand(CLI::App& app, int& exit_code);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_SWEEP_COMMAND_H_
