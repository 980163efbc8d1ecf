#include "sim/experiment/runner.h"

#include <algorithm>
#include <cmath>

#include "analysis/confidence.h"
#include "policies/parameters.h"
#include "sim/scenario/demand_streams.h"

namespace escalade::experiment {
namespace {

// One replication of one arm, appended to *out.
kernel::Status RunOne(const scenario::Scenario& scenario, const scenario::PolicyChoice& arm,
                      int replication, std::uint64_t seed, const RunOptions& options,
                      ArmResult* out) {
  std::vector<policies::Setting> overrides;
  for (const scenario::PolicyOverride& o : arm.overrides) overrides.push_back({o.key, o.value});
  kernel::Result<std::unique_ptr<model::Policy>> policy =
      policies::MakePolicy(arm.name, arm.preset, overrides);
  if (!policy.ok()) return kernel::Status::Error(arm.name + ": " + policy.status().message());
  if (kernel::Status valid = (*policy)->Validate(scenario.city); !valid.ok()) {
    return kernel::Status::Error(arm.name + ": " + valid.message());
  }
  scenario::DemandStreamOptions stream_options;
  stream_options.replication = static_cast<std::uint64_t>(replication);
  stream_options.trace_file = options.trace_file;
  stream_options.has_seed = true;
  stream_options.seed = seed;
  auto stream = scenario::OpenDemandStream(scenario, stream_options);
  if (!stream.ok()) return stream.status();
  model::Lifecycle::Options lifecycle_options;
  lifecycle_options.seed = seed;
  lifecycle_options.replication = static_cast<std::uint64_t>(replication);
  lifecycle_options.horizon = scenario.experiment.horizon;
  model::Lifecycle lifecycle(scenario.city, scenario.calendar, **policy, **stream,
                             lifecycle_options);
  analysis::MetricsCollector collector(scenario.city, scenario.experiment.warmup,
                                       scenario.experiment.horizon, (*policy)->params());
  kernel::Status run = lifecycle.Run([&](const model::DemandRecord& record) {
    collector.Add(record);
    if (options.on_record) options.on_record(arm.name, replication, record);
  });
  if (!run.ok()) return run;
  std::vector<model::Lifecycle::UnitLoad> workload = lifecycle.Workload();
  out->metrics.push_back(collector.Finish(workload, lifecycle.daily_backlog()));
  out->workload.push_back(std::move(workload));
  out->daily_backlog.push_back(lifecycle.daily_backlog());
  return kernel::Status::Ok();
}

// The widest headline interval relative to its mean, over every arm: (ratio, "arm metric").
std::pair<double, std::string> WidestInterval(const std::vector<ArmResult>& arms) {
  std::pair<double, std::string> widest = {0, ""};
  for (const ArmResult& arm : arms) {
    for (const std::string& metric : analysis::HeadlineMetrics()) {
      std::vector<double> values;
      for (const std::vector<analysis::Metric>& rep : arm.metrics) {
        for (const analysis::Metric& m : rep) {
          if (m.name == metric) values.push_back(m.value);
        }
      }
      if (values.size() < 2) continue;
      const analysis::Interval i = analysis::MeanInterval(values);
      if (!(std::abs(i.mean) > 0) || std::isnan(i.half_width())) continue;
      const double ratio = i.half_width() / std::abs(i.mean);
      if (ratio > widest.first) widest = {ratio, arm.name + " " + metric};
    }
  }
  return widest;
}

}  // namespace

kernel::Result<RunResult> RunExperiment(const scenario::Scenario& scenario,
                                        const RunOptions& options) {
  RunResult result;
  result.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  const int initial =
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
  for (const scenario::PolicyChoice* arm : arms) {
    ArmResult out;
    out.name = arm->name;
    out.preset = arm->preset;
    result.arms.push_back(std::move(out));
  }
  // Rounds: the initial replications, then (with a precision target) half as many again
  // each round until every headline interval is narrow enough or the maximum is reached.
  const int maximum = options.precision > 0 ? std::max(initial, options.max_replications) : initial;
  int target = initial;
  int have = 0;
  int done = 0;
  while (true) {
    const int total = static_cast<int>(arms.size()) * target;
    for (std::size_t a = 0; a < arms.size(); ++a) {
      for (int r = have; r < target; ++r) {
        if (kernel::Status s = RunOne(scenario, *arms[a], r, result.seed, options, &result.arms[a]);
            !s.ok()) {
          return s;
        }
        if (options.progress) options.progress(++done, total);
      }
    }
    have = target;
    if (options.precision <= 0) break;
    const auto [ratio, where] = WidestInterval(result.arms);
    result.widest_ratio = ratio;
    result.widest = where;
    if (ratio <= options.precision || have >= maximum) break;
    target = std::min(maximum, have + std::max(2, have / 2));
  }
  result.replications = have;
  return result;
}

}  // namespace escalade::experiment
