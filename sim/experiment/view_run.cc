#include "sim/experiment/view_run.h"

#include <algorithm>

#include "sim/experiment/runner.h"

namespace escalade::experiment {

kernel::Result<ViewRun> RunForView(const scenario::Scenario& scenario,
                                   const ViewRunOptions& options) {
  if (options.from < 0 || options.to <= options.from ||
      options.from >= scenario.experiment.horizon) {
    return kernel::Status::Error("the window must lie within the horizon of " +
                                 std::to_string(scenario.experiment.horizon / kernel::kDay) +
                                 " days, and end after it starts");
  }
  std::vector<std::string> wanted = options.policies;
  if (wanted.empty()) {
    for (std::size_t i = 0; i < scenario.policies.size() && i < 2; ++i) {
      wanted.push_back(scenario.policies[i].name);
    }
  }
  kernel::Result<ArmSelection> selection = SelectArms(scenario, wanted);
  if (!selection.ok()) return selection.status();
  scenario::Scenario cut = scenario;
  cut.experiment.horizon = std::min(scenario.experiment.horizon, options.to + 7 * kernel::kDay);
  cut.experiment.warmup = std::min(cut.experiment.warmup, cut.experiment.horizon - 1);
  const std::uint64_t seed = scenario.experiment.seed;
  ViewRun out;
  for (const scenario::PolicyChoice& arm : cut.policies) {
    if (std::find(wanted.begin(), wanted.end(), arm.name) == wanted.end()) continue;
    auto records = std::make_unique<report::WindowRecords>(options.from, options.to);
    kernel::Result<RunOutcome> run = RunOne(cut, arm, options.replication, seed, "", records.get());
    if (!run.ok()) return run.status();
    out.names.push_back(arm.name);
    out.records.push_back(std::move(records));
  }
  return out;
}

}  // namespace escalade::experiment
