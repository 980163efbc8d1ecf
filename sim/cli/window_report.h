// What `escalade run` says about the measurement window of a finished experiment: the
// MSER-5 truncation point of each policy's daily backlog against the configured warm-up
// (README "Measurement window and cool-down"), and the measured demands a cool-down's
// limit left open. Lines for the reader go to stdout, warnings to stderr.
//
// Thread safety: call from one thread (it writes to stdout and stderr).
#ifndef ESCALADE_SIM_CLI_WINDOW_REPORT_H_
#define ESCALADE_SIM_CLI_WINDOW_REPORT_H_

#include "sim/experiment/runner.h"
#include "sim/scenario/scenario.h"

namespace escalade::cli {

void ReportMeasurementWindow(const scenario::Scenario& scenario,
                             const experiment::RunResult& result);

}  // namespace escalade::cli

#endif  // ESCALADE_SIM_CLI_WINDOW_REPORT_H_
