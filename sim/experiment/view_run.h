// The runs behind the classroom view (`escalade view`): the chosen policy arms on one
// replication's demands (common random numbers: every arm sees the same demands), each
// keeping the records of the demands created in a window (report::WindowRecords). The
// horizon is cut a week after the window, since nothing later is shown.
//
// Thread safety: reentrant; the Scenario is only read.
#ifndef ESCALADE_SIM_EXPERIMENT_VIEW_RUN_H_
#define ESCALADE_SIM_EXPERIMENT_VIEW_RUN_H_

#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/status.h"
#include "sim/report/view_page.h"
#include "sim/scenario/scenario.h"

namespace escalade::experiment {

struct ViewRunOptions {
  std::vector<std::string> policies;  // arm names; empty = the first two of the scenario
  int replication = 0;
  kernel::SimTime from = 0;  // the window, from the scenario's start, ms
  kernel::SimTime to = kernel::kDay;
};

struct ViewRun {
  std::vector<std::string> names;
  std::vector<std::unique_ptr<report::WindowRecords>> records;  // one per arm
};

// Errors: an unknown policy (listing the scenario's), a window outside the horizon, a
// failed run.
kernel::Result<ViewRun> RunForView(const scenario::Scenario& scenario,
                                   const ViewRunOptions& options);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_VIEW_RUN_H_
