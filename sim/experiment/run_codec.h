// The bytes of a RunOutcome: how a finished run is kept in the results store
// (SQLite BLOB) and sent between MPI ranks. Exact: doubles travel as their
// IEEE-754 bits, so a run read back gives the same output files as the run
// itself. Little-endian, versioned by the leading magic.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_EXPERIMENT_RUN_CODEC_H_
#define ESCALADE_SIM_EXPERIMENT_RUN_CODEC_H_

#include <string>
#include <string_view>

#include "sim/experiment/runner.h"
#include "sim/kernel/status.h"

namespace escalade::experiment {

std::string EncodeOutcome(const RunOutcome& outcome);
// An error for bytes that are not an encoded outcome (truncated, another version).
kernel::Result<RunOutcome> DecodeOutcome(std::string_view bytes);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_RUN_CODEC_H_
