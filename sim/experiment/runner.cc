#include "sim/experiment/runner.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "analysis/confidence.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace escalade::experiment {

kernel::Result<RunOutcome> RunOne(const scenario::Scenario& scenario,
                                  const scenario::PolicyChoice& arm, int replication,
                                  std::uint64_t seed, const std::string& trace_file,
                                  model::RecordSink* records) {
  kernel::Result<std::unique_ptr<model::Policy>> policy = scenario::MakeArmPolicy(arm);
  if (!policy.ok()) return policy.status().WithPrefix(arm.name + ": ");
  if (kernel::Status valid = (*policy)->Validate(scenario.city); !valid.ok()) {
    return valid.WithPrefix(arm.name + ": ");
  }
  scenario::DemandStreamOptions stream_options;
  stream_options.replication = static_cast<std::uint64_t>(replication);
  stream_options.trace_file = trace_file;
  stream_options.has_seed = true;
  stream_options.seed = seed;
  stream_options.arrivals_until = scenario.experiment.horizon + kCooldownLimit;
  auto stream = scenario::OpenDemandStream(scenario, stream_options);
  if (!stream.ok()) return stream.status();
  model::Lifecycle::Options lifecycle_options;
  lifecycle_options.seed = seed;
  lifecycle_options.replication = static_cast<std::uint64_t>(replication);
  lifecycle_options.horizon = scenario.experiment.horizon;
  lifecycle_options.warmup = scenario.experiment.warmup;
  lifecycle_options.cooldown_limit = kCooldownLimit;
  model::Lifecycle lifecycle(scenario.city, scenario.calendar, **policy, **stream,
                             lifecycle_options);
  analysis::MetricsCollector collector(scenario.city, scenario.experiment.warmup,
                                       scenario.experiment.horizon, (*policy)->DeadlinesSet());
  analysis::ResolutionHistogram histogram(scenario.experiment.warmup);
  analysis::LevelFlows flows(scenario.experiment.warmup);
  std::vector<model::RecordSink*> sinks = {&collector, &histogram, &flows};
  if (records != nullptr) sinks.push_back(records);
  model::TeeSink sink(std::move(sinks));
  kernel::Status run = lifecycle.Run(sink);
  if (!run.ok()) {
    return run.WithPrefix(arm.name + ", replication " + std::to_string(replication) + ": ");
  }
  RunOutcome out;
  out.metrics = collector.Finish();
  out.workload = collector.workload();
  out.daily_backlog = collector.daily_backlog();
  out.resolution_hist = histogram.counts();
  out.level_flows = flows.counts();
  return out;
}

int EffectiveThreads(int threads) {
  if (threads > 0) return threads;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

int RunTasks(int n, int threads, const std::atomic<bool>* stop,
             const std::function<void(int)>& task) {
  std::atomic<int> ran{0};
  auto body = [&](int i) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
    task(i);
    ran.fetch_add(1, std::memory_order_relaxed);
  };
  const int workers = EffectiveThreads(threads);
  if (workers == 1 || n <= 1) {
    for (int i = 0; i < n; ++i) body(i);  // no pool: exactly the order of the indices
    return ran.load();
  }
#ifdef ESCALADE_TSAN
  // The ThreadSanitizer build: Debian's libtbb is not instrumented, so TSan sees every task
  // TBB hands from one worker to another (its range, its body) as a race. The same
  // work-sharing on plain threads, each taking the next run index from one counter, lets
  // TSan check what is escalade's: the run bodies, the slots, the store, the callbacks.
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (int i = next.fetch_add(1); i < n; i = next.fetch_add(1)) body(i);
    });
  }
  for (std::thread& t : pool) t.join();
#else
  // One task per run (grain 1): runs are long and uneven (a policy arm can take twice as
  // long as another), so static chunks would leave a core idle. global_control lets an
  // arena have more threads than cores (--threads 8 on 2 cores).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(workers));
  tbb::task_arena arena(workers);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<int>(0, n, 1), [&](const tbb::blocked_range<int>& r) {
      for (int i = r.begin(); i != r.end(); ++i) body(i);
    }, tbb::simple_partitioner());
  });
#endif
  return ran.load();
}

namespace {

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

kernel::Result<ArmSelection> SelectArms(const scenario::Scenario& scenario,
                                        const std::vector<std::string>& policies) {
  ArmSelection selection;
  for (const scenario::PolicyChoice& arm : scenario.policies) {
    if (policies.empty() || std::find(policies.begin(), policies.end(), arm.name) != policies.end()) {
      selection.arms.push_back(&arm);
    }
  }
  for (const std::string& wanted : policies) {
    if (std::none_of(selection.arms.begin(), selection.arms.end(),
                     [&](const scenario::PolicyChoice* a) { return a->name == wanted; })) {
      std::string names;
      for (const scenario::PolicyChoice& arm : scenario.policies) {
        names += (names.empty() ? "" : ", ") + arm.name;
      }
      return kernel::Status::BadInput("--policy: no policy named '" + wanted + "' in " +
                                      scenario.path + " (it has: " + names + ")");
    }
  }
  selection.baseline = scenario.experiment.baseline.empty() ? scenario.policies.front().name
                                                            : scenario.experiment.baseline;
  if (std::none_of(selection.arms.begin(), selection.arms.end(),
                   [&](const scenario::PolicyChoice* a) { return a->name == selection.baseline; })) {
    selection.baseline = selection.arms.front()->name;  // the baseline was not selected
  }
  return selection;
}

kernel::Result<RunResult> RunExperiment(const scenario::Scenario& scenario,
                                        const RunOptions& options) {
  RunResult result;
  result.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  const int initial =
      options.replications > 0 ? options.replications : scenario.experiment.replications;
  kernel::Result<ArmSelection> selection = SelectArms(scenario, options.policies);
  if (!selection.ok()) return selection.status();
  const std::vector<const scenario::PolicyChoice*>& arms = selection->arms;
  result.baseline = selection->baseline;
  for (const scenario::PolicyChoice* arm : arms) {
    ArmResult out;
    out.name = arm->name;
    out.preset = arm->preset;
    result.arms.push_back(std::move(out));
  }
  // Rounds: the initial replications, then (with a precision target) half as many again
  // each round until every headline interval is narrow enough or the maximum is reached.
  const int maximum = options.precision > 0 ? std::max(initial, options.max_replications) : initial;
  if (options.records) {
    std::vector<std::string> names;
    for (const ArmResult& arm : result.arms) names.push_back(arm.name);
    result.records = std::make_shared<RecordSpool>(scenario.city, std::move(names), maximum,
                                                   options.records_spill_dir);
  }
  int target = initial;
  int have = 0;
  int done = 0;
  std::mutex progress_mutex;
  while (true) {
    const int per_arm = target - have;
    const int n = static_cast<int>(arms.size()) * per_arm;
    const int total = done + n;
    std::vector<std::optional<kernel::Result<RunOutcome>>> slots(static_cast<std::size_t>(n));
    RunTasks(n, options.threads, options.stop, [&](int i) {
      // Replication-major: every arm's replication r runs before any arm's r + 1, so an
      // interrupted experiment keeps as many paired replications as possible.
      const int a = i % static_cast<int>(arms.size());
      const int r = have + i / static_cast<int>(arms.size());
      std::unique_ptr<model::RecordSink> records;
      if (result.records) records = result.records->SinkFor(a, r);
      slots[static_cast<std::size_t>(i)] =
          RunOne(scenario, *arms[static_cast<std::size_t>(a)], r, result.seed, options.trace_file,
                 records.get());
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(++done, total);
      }
    });
    // The first error by run index, whichever thread met it first.
    for (const auto& slot : slots) {
      if (slot && !slot->ok()) return slot->status();
    }
    // Interrupted: keep the replications every arm finished (a prefix), so arms stay paired.
    int complete = per_arm;
    for (std::size_t a = 0; a < arms.size(); ++a) {
      int k = 0;
      while (k < per_arm && slots[static_cast<std::size_t>(k) * arms.size() + a]) ++k;
      complete = std::min(complete, k);
    }
    for (std::size_t a = 0; a < arms.size(); ++a) {
      for (int k = 0; k < complete; ++k) {
        RunOutcome& o = *slots[static_cast<std::size_t>(k) * arms.size() + a].value();
        result.arms[a].metrics.push_back(std::move(o.metrics));
        result.arms[a].workload.push_back(std::move(o.workload));
        result.arms[a].daily_backlog.push_back(std::move(o.daily_backlog));
        analysis::AddCounts(o.resolution_hist, &result.arms[a].resolution_hist);
        analysis::AddCounts(o.level_flows, &result.arms[a].level_flows);
      }
    }
    if (complete < per_arm) {
      result.interrupted = true;
      have += complete;
      break;
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
