#include "sim/experiment/runner.h"

#include <algorithm>

#include "policies/parameters.h"
#include "sim/scenario/demand_streams.h"

namespace escalade::experiment {

kernel::Result<RunResult> RunExperiment(const scenario::Scenario& scenario,
                                        const RunOptions& options) {
  RunResult result;
  result.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  result.replications =
      options.replications > 0 ? options.replications : scenario.experiment.replications;
  std::vector<const scenario::PolicyChoice*> arms;
  for (const scenario::PolicyChoice& arm : scenario.policies) {
    if (options.policies.empty() ||
        std::find(options.policies.begin(), options.policies.end(), arm.name) !=
            options.policies.end()) {
      arms.push_back(&arm);
    }
  }
  for (const std::string& wanted : options.policies) {
    if (std::none_of(arms.begin(), arms.end(),
                     [&](const scenario::PolicyChoice* a) { return a->name == wanted; })) {
      std::string names;
      for (const scenario::PolicyChoice& arm : scenario.policies) {
        names += (names.empty() ? "" : ", ") + arm.name;
      }
      return kernel::Status::Error("no policy named '" + wanted + "' in " + scenario.path +
                                   " (it has: " + names + ")");
    }
  }
  result.baseline = scenario.experiment.baseline.empty() ? scenario.policies.front().name
                                                         : scenario.experiment.baseline;
  if (std::none_of(arms.begin(), arms.end(),
                   [&](const scenario::PolicyChoice* a) { return a->name == result.baseline; })) {
    result.baseline = arms.front()->name;  // the baseline was not selected: the first arm is
  }
  const int total = static_cast<int>(arms.size()) * result.replications;
  int done = 0;
  for (const scenario::PolicyChoice* arm : arms) {
    ArmResult out;
    out.name = arm->name;
    out.preset = arm->preset;
    std::vector<policies::Setting> overrides;
    for (const scenario::PolicyOverride& o : arm->overrides) overrides.push_back({o.key, o.value});
    bool has_deadlines = false;
    for (int r = 0; r < result.replications; ++r) {
      kernel::Result<std::unique_ptr<model::Policy>> policy =
          policies::MakePolicy(arm->name, arm->preset, overrides);
      if (!policy.ok()) return kernel::Status::Error(arm->name + ": " + policy.status().message());
      if (r == 0) {
        if (kernel::Status valid = (*policy)->Validate(scenario.city); !valid.ok()) {
          return kernel::Status::Error(arm->name + ": " + valid.message());
        }
      }
      for (kernel::SimTime d : (*policy)->params().resolve_deadline) {
        has_deadlines = has_deadlines || d != kernel::kTimeMax;
      }
      scenario::DemandStreamOptions stream_options;
      stream_options.replication = static_cast<std::uint64_t>(r);
      stream_options.trace_file = options.trace_file;
      stream_options.has_seed = true;
      stream_options.seed = result.seed;
      auto stream = scenario::OpenDemandStream(scenario, stream_options);
      if (!stream.ok()) return stream.status();
      model::Lifecycle::Options lifecycle_options;
      lifecycle_options.seed = result.seed;
      lifecycle_options.replication = static_cast<std::uint64_t>(r);
      lifecycle_options.horizon = scenario.experiment.horizon;
      model::Lifecycle lifecycle(scenario.city, scenario.calendar, **policy, **stream,
                                 lifecycle_options);
      analysis::MetricsCollector collector(
          scenario.city, scenario.experiment.warmup, scenario.experiment.horizon, has_deadlines,
          (*policy)->params().report_deadline != kernel::kTimeMax);
      kernel::Status run = lifecycle.Run([&](const model::DemandRecord& record) {
        collector.Add(record);
        if (options.on_record) options.on_record(arm->name, r, record);
      });
      if (!run.ok()) return run;
      std::vector<model::Lifecycle::UnitLoad> workload = lifecycle.Workload();
      out.metrics.push_back(collector.Finish(workload));
      out.workload.push_back(std::move(workload));
      if (options.progress) options.progress(++done, total);
    }
    result.arms.push_back(std::move(out));
  }
  return result;
}

}  // namespace escalade::experiment
