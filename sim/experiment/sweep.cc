#include "sim/experiment/sweep.h"

#include <optional>

#include "sim/experiment/outputs.h"
#include "sim/experiment/run_codec.h"
#include "sim/scenario/loader.h"

namespace escalade::experiment {
namespace {

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Appends `csv` (a header line and rows) to *out with `prefix` before every row and
// `header_prefix` before the header, which is written only when *out is empty.
void AppendPrefixed(const std::string& csv, const std::string& header_prefix,
                    const std::string& prefix, std::string* out) {
  std::size_t start = 0;
  bool header = true;
  while (start < csv.size()) {
    std::size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    if (!header || out->empty()) {
      *out += header ? header_prefix : prefix;
      out->append(csv, start, end - start);
      *out += '\n';
    }
    header = false;
    start = end + 1;
  }
}

}  // namespace

kernel::Result<SweepResult> RunSweep(const std::string& path, const scenario::Scenario& scenario,
                                     const std::string& scenario_sha256,
                                     const SweepOptions& options, ResultsStore* store,
                                     const Cluster& cluster) {
  SweepResult sweep;
  sweep.keys = scenario.experiment.sweep.keys;
  sweep.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  sweep.replications =
      options.replications > 0 ? options.replications : scenario.experiment.replications;
  std::vector<std::vector<std::string>> values = scenario.experiment.sweep.points;
  if (values.empty()) values.push_back({});  // no sweep: one point, the scenario as it is

  // Every point's scenario, checked before anything runs.
  std::vector<scenario::Scenario> scenarios;
  for (std::size_t p = 0; p < values.size(); ++p) {
    std::vector<std::pair<std::string, std::string>> assignments;
    std::string where;
    for (std::size_t k = 0; k < sweep.keys.size(); ++k) {
      assignments.push_back({sweep.keys[k], values[p][k]});
      where += (where.empty() ? "" : ", ") + sweep.keys[k] + " = " + values[p][k];
    }
    scenario::Diagnostics diags(path);
    kernel::Result<scenario::Scenario> loaded = scenario::LoadScenarioPoint(path, assignments, diags);
    if (!loaded.ok()) {
      return kernel::Status::FromCode(
          loaded.status().code(), "sweep point " + std::to_string(p) + " (" + where +
                                      "): " + loaded.status().message() + "\n" + diags.ToString());
    }
    scenarios.push_back(std::move(loaded).value());
  }
  kernel::Result<ArmSelection> selection = SelectArms(scenario, options.policies);
  if (!selection.ok()) return selection.status();
  const int arms = static_cast<int>(selection->arms.size());
  const int reps = sweep.replications;
  const int points = static_cast<int>(scenarios.size());
  const int total = points * reps * arms;
  sweep.runs_total = total;
  auto key_of = [&](int index) {
    const int a = index % arms;
    const int r = index / arms % reps;
    const int p = index / arms / reps;
    return RunKey{scenario_sha256, sweep.seed, selection->arms[static_cast<std::size_t>(a)]->name,
                  p, r};
  };

  // Rank 0 finds the runs still to do; every rank learns them.
  std::vector<int> todo;
  kernel::Status status = kernel::Status::Ok();
  if (cluster.root()) {
    for (int p = 0; p < points && status.ok(); ++p) {
      status = store->PutPoint(scenario_sha256, p, sweep.keys, values[static_cast<std::size_t>(p)]);
    }
    for (int i = 0; i < total && status.ok(); ++i) {
      kernel::Result<std::optional<RunOutcome>> stored = store->GetRun(key_of(i));
      if (!stored.ok()) status = stored.status();
      else if (!stored->has_value()) todo.push_back(i);
    }
  }
  if (!cluster.AgreeOk(status.ok())) {
    return status.ok() ? kernel::Status::Io("rank 0 could not read the results store") : status;
  }
  cluster.Broadcast(&todo);
  sweep.runs_reused = total - static_cast<int>(todo.size());

  // This rank's share: every size()-th run still to do.
  std::vector<int> mine;
  for (std::size_t j = static_cast<std::size_t>(cluster.rank()); j < todo.size();
       j += static_cast<std::size_t>(cluster.size())) {
    mine.push_back(todo[j]);
  }
  std::vector<std::optional<kernel::Status>> errors(mine.size());
  std::vector<std::string> encoded(mine.size());
  std::mutex progress_mutex;
  int done = 0;
  RunTasks(static_cast<int>(mine.size()), options.threads, options.stop, [&](int j) {
    const int index = mine[static_cast<std::size_t>(j)];
    const RunKey key = key_of(index);
    const scenario::Scenario& s = scenarios[static_cast<std::size_t>(key.point)];
    // The point's own arm of that name: its policy settings may be swept.
    const scenario::PolicyChoice* arm = nullptr;
    for (const scenario::PolicyChoice& c : s.policies) {
      if (c.name == key.policy) arm = &c;
    }
    kernel::Result<RunOutcome> outcome =
        RunOne(s, *arm, key.replication, sweep.seed, options.trace_file, {});
    kernel::Status st = outcome.status();
    if (outcome.ok()) {
      if (store != nullptr) {
        st = store->PutRun(key, *outcome);
      } else {
        encoded[static_cast<std::size_t>(j)] = EncodeOutcome(*outcome);
      }
    }
    errors[static_cast<std::size_t>(j)] = st;
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(sweep.runs_reused + ++done, total);
    }
  });
  if (!cluster.root()) {
    std::vector<std::pair<int, std::string>> finished;
    for (std::size_t j = 0; j < mine.size(); ++j) {
      if (errors[j] && errors[j]->ok()) finished.push_back({mine[j], std::move(encoded[j])});
    }
    cluster.SendToRoot(finished);
  } else {
    cluster.ReceiveAtRoot([&](int index, const std::string& bytes) {
      kernel::Result<RunOutcome> outcome = DecodeOutcome(bytes);
      kernel::Status st = outcome.ok() ? store->PutRun(key_of(index), *outcome) : outcome.status();
      if (!st.ok() && status.ok()) status = st;
    });
  }
  for (const auto& e : errors) {
    if (e && !e->ok()) {
      status = *e;  // the first by run index
      break;
    }
  }
  // A run that failed on any rank fails the sweep on every rank (else rank 0 would find the
  // run missing from the store and call the sweep interrupted). The rank that met the
  // failure returns it; the others its code.
  const int agreed = cluster.AgreeCode(static_cast<int>(status.code()));
  if (agreed != static_cast<int>(kernel::StatusCode::kOk)) {
    if (!status.ok()) return status;
    return kernel::Status::FromCode(static_cast<kernel::StatusCode>(agreed),
                                    std::string(kFailedOnAnotherRank));
  }
  if (!cluster.root()) return sweep;

  // Rebuild every point from the store, in run order.
  for (int p = 0; p < points; ++p) {
    SweepPoint point;
    point.values = values[static_cast<std::size_t>(p)];
    point.result.seed = sweep.seed;
    point.result.baseline = selection->baseline;
    point.result.replications = reps;
    for (const scenario::PolicyChoice* arm : selection->arms) {
      point.result.arms.push_back(ArmResult{arm->name, arm->preset, {}, {}, {}});
    }
    for (int r = 0; r < reps; ++r) {
      for (int a = 0; a < arms; ++a) {
        const int index = (p * reps + r) * arms + a;
        kernel::Result<std::optional<RunOutcome>> stored = store->GetRun(key_of(index));
        if (!stored.ok()) return stored.status();
        if (!stored->has_value()) {
          sweep.interrupted = true;
          continue;
        }
        ArmResult& out = point.result.arms[static_cast<std::size_t>(a)];
        out.metrics.push_back(std::move((*stored)->metrics));
        out.workload.push_back(std::move((*stored)->workload));
        out.daily_backlog.push_back(std::move((*stored)->daily_backlog));
      }
    }
    point.city = scenarios[static_cast<std::size_t>(p)].city;
    sweep.points.push_back(std::move(point));
  }
  sweep.runs_computed = total - sweep.runs_reused;
  if (sweep.interrupted) {
    sweep.points.clear();
    kernel::Result<std::int64_t> stored = store->CountRuns(scenario_sha256, sweep.seed);
    sweep.runs_computed = (stored.ok() ? static_cast<int>(*stored) : 0) - sweep.runs_reused;
  }
  return sweep;
}

SweepTables MakeSweepTables(const SweepResult& sweep) {
  SweepTables t;
  std::string header_prefix = "point,";
  for (const std::string& key : sweep.keys) header_prefix += CsvField(key) + ",";
  t.points = header_prefix.substr(0, header_prefix.size() - 1) + "\n";
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const SweepPoint& point = sweep.points[p];
    std::string prefix = std::to_string(p) + ",";
    for (const std::string& v : point.values) prefix += CsvField(v) + ",";
    t.points += prefix.substr(0, prefix.size() - 1) + "\n";
    const RunTables tables = MakeRunTables(point.city, point.result);
    AppendPrefixed(tables.summary, header_prefix, prefix, &t.summary);
    AppendPrefixed(tables.replications, header_prefix, prefix, &t.replications);
    AppendPrefixed(tables.compare, header_prefix, prefix, &t.compare);
    AppendPrefixed(tables.workload, header_prefix, prefix, &t.workload);
    AppendPrefixed(tables.backlog, header_prefix, prefix, &t.backlog);
  }
  return t;
}

}  // namespace escalade::experiment
