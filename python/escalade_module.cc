// _escalade: the compiled half of the `escalade` Python package (pybind11).
//
// It binds the experiment layer and returns plain Python values — the run
// folder's tables as CSV text (experiment::MakeRunTables, the one place of the
// output contract's columns), the graph as JSON text (analysis::CityToJson),
// the policy registry as lists of dicts — and escalade/__init__.py turns them
// into pandas DataFrames. Nothing here re-implements a statistic or a column.
//
// Errors: a scenario that does not load raises _escalade.ScenarioError whose
// args are (summary, [located messages]); a run that fails raises
// _escalade.RunError. The Python layer subclasses neither; it re-exports them.
//
// Threads and the GIL: loading and running release the GIL. A run goes on in a
// worker thread (which uses RunOptions::threads TBB workers) while the calling
// thread wakes every 50 ms, takes the GIL and calls PyErr_CheckSignals(): on
// Ctrl-C (KeyboardInterrupt, or any exception a signal handler raises) it sets
// RunOptions::stop, waits for the runs in flight to finish and re-raises the
// exception. Several Python threads may run at once; each call uses only its
// own arguments.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/graph_export.h"
#include "analysis/queueing_theory.h"
#include "analysis/run_files.h"
#include "analysis/sha256.h"
#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/experiment/optimize.h"
#include "sim/experiment/optimize_files.h"
#include "sim/experiment/outputs.h"
#include "sim/experiment/results_store.h"
#include "sim/experiment/record_spool.h"
#include "sim/experiment/runner.h"
#include "sim/kernel/time.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_replay.h"

namespace py = pybind11;

namespace escalade::python {
namespace {

// Raised with (summary, [located messages]).
py::handle scenario_error;
// Raised with a message.
py::handle run_error;

// Where a scenario comes from: a file, or YAML text named `display_path`
// (whose folder is where relative paths inside it are resolved).
struct Source {
  std::string path_or_text;
  bool is_text = false;
  std::string display_path;
};

struct LoadFailure {
  std::string summary;
  std::vector<std::string> messages;
};

// Loads without the GIL. On failure, `failure` is set.
std::optional<scenario::Scenario> Load(const Source& source, LoadFailure* failure) {
  const std::string name = source.is_text ? source.display_path : source.path_or_text;
  scenario::Diagnostics diags(name);
  kernel::Result<scenario::Scenario> loaded =
      source.is_text ? scenario::LoadScenarioFromString(source.path_or_text, name, diags)
                     : scenario::LoadScenario(name, diags);
  if (loaded.ok() && diags.ok()) return std::move(loaded).value();
  for (const io::Diagnostic& d : diags.items()) failure->messages.push_back(d.ToString());
  failure->summary = loaded.ok() ? std::to_string(diags.size()) + " problem(s) in " + name
                                 : loaded.status().message();
  return std::nullopt;
}

[[noreturn]] void RaiseScenarioError(const LoadFailure& failure) {
  py::list messages;
  for (const std::string& m : failure.messages) messages.append(m);
  PyErr_SetObject(scenario_error.ptr(), py::make_tuple(failure.summary, messages).ptr());
  throw py::error_already_set();
}

[[noreturn]] void RaiseRunError(const std::string& message) {
  PyErr_SetString(run_error.ptr(), message.c_str());
  throw py::error_already_set();
}

scenario::Scenario LoadOrRaise(const Source& source) {
  LoadFailure failure;
  std::optional<scenario::Scenario> s;
  {
    py::gil_scoped_release release;
    s = Load(source, &failure);
  }
  if (!s) RaiseScenarioError(failure);
  return std::move(*s);
}

// validate(): the size summary and notes (a trace file missing here), or ScenarioError.
py::dict Validate(const Source& source) {
  scenario::Scenario s = LoadOrRaise(source);
  py::list notes;
  if (s.trace) {
    std::error_code error;
    if (!std::filesystem::exists(s.trace->file, error)) {
      notes.append("the trace " + s.trace->file + " does not exist here");
    } else {
      kernel::Status header = kernel::Status::Ok();
      {
        py::gil_scoped_release release;
        header = trace::CheckTraceHeader(*s.trace);
      }
      if (!header.ok()) {
        LoadFailure failure{"the trace does not match its mapping", {header.message()}};
        RaiseScenarioError(failure);
      }
    }
  }
  py::dict out;
  out["name"] = s.meta.name;
  out["summary"] = scenario::SizeSummary(s);
  out["notes"] = notes;
  out["path"] = s.path;
  out["trace_file"] = s.trace ? py::cast(s.trace->file) : py::none();
  return out;
}

std::string Graph(const Source& source, bool grids) {
  scenario::Scenario s = LoadOrRaise(source);
  analysis::GraphExportOptions options;
  options.include_grids = grids;
  return analysis::CityToJson(s.city, options);
}

struct RunArgs {
  std::vector<std::string> policies;
  int replications = 0;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  bool records = false;
  std::string trace_file;
  double precision = 0;
  int max_replications = 1000;
};

py::dict Run(const Source& source, const RunArgs& args) {
  scenario::Scenario s = LoadOrRaise(source);
  auto stop = std::make_shared<std::atomic<bool>>(false);
  experiment::RunOptions options;
  options.policies = args.policies;
  options.replications = args.replications;
  options.has_seed = args.seed.has_value();
  options.seed = args.seed.value_or(0);
  options.trace_file = args.trace_file;
  options.precision = args.precision;
  options.max_replications = args.max_replications;
  options.threads = args.threads;
  options.stop = stop.get();
  // demands and visits: each run's rows in its own buffer, written in (arm, replication)
  // order after the runs, so the frames do not depend on the thread count (kept in memory).
  options.records = args.records;
  // The run in a worker thread; this thread watches for signals with the GIL.
  std::future<kernel::Result<experiment::RunResult>> future = std::async(
      std::launch::async, [&s, options] { return experiment::RunExperiment(s, options); });
  std::optional<py::error_already_set> interrupted;
  {
    py::gil_scoped_release release;
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (interrupted) continue;
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupted.emplace();  // takes (and clears) the pending exception
        stop->store(true);
      }
    }
  }
  kernel::Result<experiment::RunResult> result = future.get();
  if (interrupted) throw *interrupted;
  if (!result.ok()) RaiseRunError(result.status().message());
  experiment::RunTables tables;
  std::string demands;
  std::string visits;
  kernel::Status collected = kernel::Status::Ok();
  {
    py::gil_scoped_release release;
    tables = experiment::MakeRunTables(s.city, *result);
    if (result->records) {
      using Table = experiment::RecordSpool::Table;
      collected = result->records->AppendTo(Table::kDemands, &demands, result->replications);
      if (collected.ok()) {
        collected = result->records->AppendTo(Table::kVisits, &visits, result->replications);
      }
    }
  }
  if (!collected.ok()) RaiseRunError(collected.message());
  py::dict out;
  out["scenario"] = s.meta.name;
  out["path"] = s.path;
  out["summary"] = tables.summary;
  out["replications"] = tables.replications;
  out["compare"] = tables.compare;
  out["workload"] = tables.workload;
  out["backlog"] = tables.backlog;
  out["demands"] = args.records ? py::cast(demands) : py::none();
  out["visits"] = args.records ? py::cast(visits) : py::none();
  py::list policies;
  py::dict presets;
  for (const experiment::ArmResult& arm : result->arms) {
    policies.append(arm.name);
    presets[py::cast(arm.name)] = arm.preset;
  }
  out["policies"] = policies;
  out["presets"] = presets;
  out["baseline"] = result->baseline;
  out["seed"] = result->seed;
  out["n_replications"] = result->replications;
  out["interrupted"] = result->interrupted;
  out["widest_ratio"] = result->widest_ratio;
  out["widest"] = result->widest;
  out["warmup_h"] = kernel::ToHours(s.experiment.warmup);
  out["horizon_h"] = kernel::ToHours(s.experiment.horizon);
  return out;
}

py::dict Policies() {
  py::list presets;
  for (const policies::PresetInfo& p : policies::Presets()) {
    py::dict settings;
    for (const policies::Setting& setting : policies::PresetSettings(p.name)) {
      settings[py::cast(setting.name)] = setting.value;
    }
    presets.append(py::dict(py::arg("name") = std::string(p.name),
                            py::arg("title") = std::string(p.title),
                            py::arg("summary") = std::string(p.summary),
                            py::arg("source") = std::string(p.source),
                            py::arg("settings") = settings));
  }
  py::list rules;
  for (const policies::RuleInfo& r : policies::Rules()) {
    rules.append(py::dict(py::arg("name") = std::string(r.name),
                          py::arg("base_preset") = std::string(r.base_preset),
                          py::arg("summary") = std::string(r.summary)));
  }
  py::list parameters;
  for (const policies::Parameter& q : policies::Parameters()) {
    parameters.append(py::dict(py::arg("name") = std::string(q.name),
                               py::arg("type") = std::string(q.type),
                               py::arg("unit") = std::string(q.unit),
                               py::arg("default") = std::string(q.default_text),
                               py::arg("help") = std::string(q.help)));
  }
  py::dict out;
  out["presets"] = presets;
  out["rules"] = rules;
  out["parameters"] = parameters;
  return out;
}

py::dict Mmc(double arrival_rate, double service_rate, int servers) {
  kernel::Result<analysis::MmcMetrics> m =
      analysis::MmcTheory(arrival_rate, service_rate, servers);
  if (!m.ok()) throw py::value_error(m.status().message());
  py::dict out;
  out["utilization"] = m->utilization;
  out["wait_probability"] = m->wait_probability;
  out["mean_wait"] = m->mean_wait;
  out["mean_sojourn"] = m->mean_sojourn;
  out["mean_queue_length"] = m->mean_queue_length;
  out["mean_in_system"] = m->mean_in_system;
  return out;
}

struct OptimizeArgs {
  std::vector<std::string> policies;
  std::vector<std::string> constraints;
  std::vector<std::string> vary;
  std::string objective;
  int budget = 4000;
  int initial_replications = 10;
  int max_replications = 50;
  int confirm_replications = 20;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string db;
};

// escalade optimize on a scenario file: the tables of its output folder as CSV text, and each
// policy's optimised scenario text. Bad input raises ScenarioError (the scenario) or ValueError
// (a constraint, key path or metric), a failed search RunError.
py::dict Optimize(const std::string& path, const OptimizeArgs& args) {
  scenario::Scenario s = LoadOrRaise(Source{path, false, ""});
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string sha = analysis::Sha256Hex(text);
  auto stop = std::make_shared<std::atomic<bool>>(false);
  experiment::OptimizeOptions options;
  for (const std::string& c : args.constraints) {
    kernel::Result<experiment::Constraint> parsed = experiment::ParseConstraint(c);
    if (!parsed.ok()) throw py::value_error(parsed.status().message());
    options.constraints.push_back(*parsed);
  }
  options.vary = args.vary;
  options.objective = args.objective == "staff" ? experiment::Objective::kStaff
                                                : experiment::Objective::kStaffHours;
  options.budget = args.budget;
  options.initial_replications = args.initial_replications;
  options.max_replications = std::max(args.max_replications, args.initial_replications);
  options.confirm_replications = args.confirm_replications;
  options.has_seed = args.seed.has_value();
  options.seed = args.seed.value_or(0);
  options.threads = args.threads;
  options.stop = stop.get();
  std::vector<std::string> policies = args.policies;
  if (policies.empty()) {
    for (const scenario::PolicyChoice& arm : s.policies) policies.push_back(arm.name);
  }
  std::vector<experiment::OptimizeProblem> problems;
  for (const std::string& policy : policies) {
    options.policy = policy;
    kernel::Result<experiment::OptimizeProblem> problem = [&] {
      py::gil_scoped_release release;
      return experiment::PrepareOptimize(path, s, sha, options);
    }();
    if (!problem.ok()) throw py::value_error(problem.status().message());
    problems.push_back(std::move(problem).value());
  }
  kernel::Result<std::unique_ptr<experiment::ResultsStore>> store = experiment::ResultsStore::Open(
      args.db.empty() ? ":memory:" : args.db,
      std::string(ESCALADE_VERSION) + " (" + ESCALADE_GIT_COMMIT + ")");
  if (!store.ok()) RaiseRunError(store.status().message());
  std::vector<experiment::OptimizeResult> results;
  for (const experiment::OptimizeProblem& problem : problems) {
    options.policy = problem.policy;
    auto future = std::async(std::launch::async, [&problem, options, &store] {
      return experiment::Optimize(problem, options, store->get());
    });
    std::optional<py::error_already_set> interrupted;
    {
      py::gil_scoped_release release;
      while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
        if (interrupted) continue;
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) {
          interrupted.emplace();
          stop->store(true);
        }
      }
    }
    kernel::Result<experiment::OptimizeResult> result = future.get();
    if (interrupted) throw *interrupted;
    if (!result.ok()) RaiseRunError(result.status().message());
    results.push_back(std::move(result).value());
  }
  const experiment::OptimizeTables tables = experiment::MakeOptimizeTables(results);
  py::dict yaml;
  std::string command = "escalade.optimize(" + path + ")";
  for (const experiment::OptimizeResult& r : results) {
    if (r.best < 0) continue;
    kernel::Result<std::string> edited = experiment::OptimizedYaml(text, r, command);
    if (!edited.ok()) RaiseRunError(edited.status().message());
    yaml[py::cast(r.policy)] = *edited;
  }
  py::dict out;
  out["result"] = tables.result;
  out["candidates"] = tables.candidates;
  out["pareto"] = tables.pareto;
  out["optimized_yaml"] = yaml;
  out["table"] = experiment::ResultTable(results);
  return out;
}

Source MakeSource(const std::string& path_or_text, bool is_text, const std::string& display_path) {
  return Source{path_or_text, is_text, display_path};
}

}  // namespace
}  // namespace escalade::python

PYBIND11_MODULE(_escalade, m) {
  using namespace escalade::python;
  m.doc() = "escalade's compiled core; use the `escalade` package instead.";
  m.attr("__version__") = ESCALADE_VERSION;
  m.attr("git_commit") = ESCALADE_GIT_COMMIT;
  static py::exception<std::runtime_error> error(m, "EscaladeError");
  static py::exception<std::runtime_error> scen(m, "ScenarioError", error.ptr());
  static py::exception<std::runtime_error> run(m, "RunError", error.ptr());
  scenario_error = scen;
  run_error = run;

  m.def(
      "validate",
      [](const std::string& source, bool is_text, const std::string& display_path) {
        return Validate(MakeSource(source, is_text, display_path));
      },
      py::arg("source"), py::arg("is_text"), py::arg("display_path"));
  m.def(
      "graph",
      [](const std::string& source, bool is_text, const std::string& display_path, bool grids) {
        return Graph(MakeSource(source, is_text, display_path), grids);
      },
      py::arg("source"), py::arg("is_text"), py::arg("display_path"), py::arg("grids"));
  m.def(
      "run",
      [](const std::string& source, bool is_text, const std::string& display_path,
         std::vector<std::string> policies, int replications, std::optional<std::uint64_t> seed,
         int threads, bool records, std::string trace_file, double precision,
         int max_replications) {
        RunArgs args;
        args.policies = std::move(policies);
        args.replications = replications;
        args.seed = seed;
        args.threads = threads;
        args.records = records;
        args.trace_file = std::move(trace_file);
        args.precision = precision;
        args.max_replications = max_replications;
        return Run(MakeSource(source, is_text, display_path), args);
      },
      py::arg("source"), py::arg("is_text"), py::arg("display_path"), py::arg("policies"),
      py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("records"),
      py::arg("trace_file"), py::arg("precision"), py::arg("max_replications"));
  m.def(
      "optimize",
      [](const std::string& path, std::vector<std::string> policies,
         std::vector<std::string> constraints, std::vector<std::string> vary,
         std::string objective, int budget, int initial_replications, int max_replications,
         int confirm_replications, std::optional<std::uint64_t> seed, int threads,
         std::string db) {
        OptimizeArgs args;
        args.policies = std::move(policies);
        args.constraints = std::move(constraints);
        args.vary = std::move(vary);
        args.objective = std::move(objective);
        args.budget = budget;
        args.initial_replications = initial_replications;
        args.max_replications = max_replications;
        args.confirm_replications = confirm_replications;
        args.seed = seed;
        args.threads = threads;
        args.db = std::move(db);
        return Optimize(path, args);
      },
      py::arg("path"), py::arg("policies"), py::arg("constraints"), py::arg("vary"),
      py::arg("objective"), py::arg("budget"), py::arg("initial_replications"),
      py::arg("max_replications"), py::arg("confirm_replications"), py::arg("seed"),
      py::arg("threads"), py::arg("db"));
  m.def("policies", &Policies);
  m.def("mmc", &Mmc, py::arg("arrival_rate"), py::arg("service_rate"), py::arg("servers"),
        "Steady-state M/M/c measures (analysis::MmcTheory); rates per hour give times in hours.");
}
