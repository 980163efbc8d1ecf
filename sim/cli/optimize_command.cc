#include "sim/cli/optimize_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/output_file.h"
#include "analysis/run_files.h"
#include "sim/cli/run_control.h"
#include "sim/cli/scenario_commands.h"
#include "sim/experiment/optimize.h"
#include "sim/experiment/optimize_files.h"
#include "sim/experiment/results_store.h"

namespace escalade::cli {
namespace {

struct OptimizeArgs {
  std::string path;
  std::vector<std::string> policies;
  std::vector<std::string> constraints;
  std::vector<std::string> vary;
  std::string objective = "staff_hours";
  int budget = 4000;
  int initial_replications = 10;
  int max_replications = 50;
  int confirm_replications = 20;
  double alpha = 0.05;
  std::int64_t seed = -1;
  std::string out;
  std::string db;
  int threads = 0;
  bool quiet = false;
  bool verbose = false;
};

std::string Command(const OptimizeArgs& o) {
  std::string command = "escalade optimize " + o.path;
  for (const std::string& p : o.policies) command += " --policy " + p;
  for (const std::string& c : o.constraints) command += " --constraint '" + c + "'";
  for (const std::string& v : o.vary) command += " --vary '" + v + "'";
  if (o.objective != "staff_hours") command += " --objective " + o.objective;
  return command;
}

int Optimize(const OptimizeArgs& o) {
  // Bad input first (exit 2): nothing is written before it is checked. (kernel::Status has
  // no code yet; the exit codes are decided here.)
  const std::optional<scenario::Scenario> s = LoadOrReport(o.path);
  if (!s) return 2;
  experiment::OptimizeOptions options;
  for (const std::string& text : o.constraints) {
    kernel::Result<experiment::Constraint> c = experiment::ParseConstraint(text);
    if (!c.ok()) {
      std::fprintf(stderr, "escalade optimize: %s\n", c.status().message().c_str());
      return 2;
    }
    options.constraints.push_back(*c);
  }
  options.vary = o.vary;
  options.objective = o.objective == "staff" ? experiment::Objective::kStaff
                                             : experiment::Objective::kStaffHours;
  options.budget = o.budget;
  options.initial_replications = o.initial_replications;
  options.max_replications = std::max(o.max_replications, o.initial_replications);
  options.confirm_replications = o.confirm_replications;
  options.alpha = o.alpha;
  options.has_seed = o.seed >= 0;
  options.seed = static_cast<std::uint64_t>(std::max<std::int64_t>(o.seed, 0));
  options.threads = o.threads;
  options.stop = &InstallStopHandlers();
  if (o.verbose) options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  const std::string sha = FileSha256(o.path);
  std::vector<std::string> policies = o.policies;
  if (policies.empty()) {
    for (const scenario::PolicyChoice& arm : s->policies) policies.push_back(arm.name);
  }
  std::vector<experiment::OptimizeProblem> problems;
  for (const std::string& policy : policies) {
    options.policy = policy;
    kernel::Result<experiment::OptimizeProblem> problem =
        experiment::PrepareOptimize(o.path, *s, sha, options);
    if (!problem.ok()) {
      std::fprintf(stderr, "escalade optimize: %s\n", problem.status().message().c_str());
      return 2;
    }
    problems.push_back(std::move(problem).value());
  }

  const std::string dir = o.out.empty() ? "results/" + s->meta.name + "-optimize" : o.out;
  const std::string db = o.db.empty() ? dir + "/optimize.sqlite" : o.db;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "escalade: cannot create %s: %s\n", dir.c_str(), error.message().c_str());
    return 2;
  }
  auto opened = experiment::ResultsStore::Open(
      db, std::string(ESCALADE_VERSION) + " (" + ESCALADE_GIT_COMMIT + ")");
  if (!opened.ok()) {
    std::fprintf(stderr, "escalade: %s\n", opened.status().message().c_str());
    return 2;
  }
  std::unique_ptr<experiment::ResultsStore> store = std::move(opened).value();

  nlohmann::ordered_json manifest;
  manifest["command"] = "optimize";
  manifest["escalade_version"] = ESCALADE_VERSION;
  manifest["git_commit"] = ESCALADE_GIT_COMMIT;
  manifest["scenario"] = o.path;
  manifest["scenario_sha256"] = sha;
  manifest["seed"] = problems.front().seed;
  manifest["policies"] = policies;
  manifest["constraints"] = nlohmann::json::array();
  for (const experiment::Constraint& c : problems.front().constraints) {
    manifest["constraints"].push_back({{"text", c.text}, {"metric", c.metric},
                                       {"sense", c.sense == analysis::Sense::kAtMost ? "<=" : ">="},
                                       {"threshold", c.threshold}, {"tolerance", c.tolerance}});
  }
  manifest["variables"] = nlohmann::json::array();
  for (const experiment::DecisionVariable& v : problems.front().variables) {
    manifest["variables"].push_back({{"key", v.key}, {"shipped", v.shipped}, {"units", v.units.size()},
                                     {"lower", v.lower}, {"upper", v.upper}});
  }
  manifest["objective"] = o.objective;
  manifest["alpha"] = o.alpha;
  manifest["initial_replications"] = options.initial_replications;
  manifest["max_replications"] = options.max_replications;
  manifest["confirm_replications"] = options.confirm_replications;
  manifest["budget_runs_per_policy"] = options.budget;
  manifest["threads"] = experiment::EffectiveThreads(o.threads);
  manifest["store"] = db;
  manifest["started_utc"] = analysis::UtcNow();
  manifest["status"] = "interrupted";
  if (kernel::Status w = analysis::WriteFileAtomically(dir + "/manifest.json", manifest.dump(2) + "\n");
      !w.ok()) {
    std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
    return 1;
  }

  std::vector<experiment::OptimizeResult> results;
  bool interrupted = false;
  for (experiment::OptimizeProblem& problem : problems) {
    options.policy = problem.policy;
    options.progress = MakeProgress(o.quiet, s->meta.name + " optimize " + problem.policy +
                                                 " (ETA at the budget of runs)");
    kernel::Result<experiment::OptimizeResult> result =
        experiment::Optimize(problem, options, store.get());
    if (options.progress) std::fprintf(stderr, "\n");
    if (!result.ok()) {
      std::fprintf(stderr, "escalade optimize: %s\n", result.status().message().c_str());
      return 1;
    }
    interrupted |= result->interrupted || (options.stop->load() && result->best < 0);
    results.push_back(std::move(result).value());
    if (interrupted) break;
  }

  const experiment::OptimizeTables tables = experiment::MakeOptimizeTables(results);
  std::vector<std::string> files = {"optimize.csv", "pareto.csv", "result.csv"};
  for (const auto& [name, text] : std::vector<std::pair<std::string, const std::string*>>{
           {"optimize.csv", &tables.candidates},
           {"pareto.csv", &tables.pareto},
           {"result.csv", &tables.result}}) {
    if (kernel::Status w = analysis::WriteFileAtomically(dir + "/" + name, *text); !w.ok()) {
      std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
      return 1;
    }
  }
  std::ifstream in(o.path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  bool first = true;
  for (const experiment::OptimizeResult& r : results) {
    if (r.best < 0) continue;
    kernel::Result<std::string> yaml = experiment::OptimizedYaml(text.str(), r, Command(o));
    if (!yaml.ok()) {
      std::fprintf(stderr, "escalade optimize: %s\n", yaml.status().message().c_str());
      return 1;
    }
    // optimized.yaml: the first policy with an answer; each policy's under its own name too.
    std::vector<std::string> names = {"optimized." + r.policy + ".yaml"};
    if (first) names.insert(names.begin(), "optimized.yaml");
    first = false;
    for (const std::string& name : names) {
      if (kernel::Status w = analysis::WriteFileAtomically(dir + "/" + name, *yaml); !w.ok()) {
        std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
        return 1;
      }
      files.push_back(name);
    }
  }
  files.push_back("manifest.json");
  manifest["files"] = files;
  nlohmann::ordered_json per_policy = nlohmann::ordered_json::array();
  for (const experiment::OptimizeResult& r : results) {
    per_policy.push_back({{"policy", r.policy}, {"found", r.best >= 0},
                          {"candidates", r.candidates.size()}, {"runs", r.runs},
                          {"runs_reused", r.runs_reused}, {"budget_exhausted", r.budget_exhausted},
                          {"infeasible", r.infeasible}});
  }
  manifest["results"] = per_policy;
  manifest["finished_utc"] = analysis::UtcNow();
  manifest["status"] = interrupted ? "interrupted" : "complete";
  if (kernel::Status w = analysis::WriteFileAtomically(dir + "/manifest.json", manifest.dump(2) + "\n");
      !w.ok()) {
    std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
    return 1;
  }
  std::fputs(experiment::ResultTable(results).c_str(), stdout);
  if (interrupted) {
    std::fprintf(stderr, "escalade: interrupted; the runs so far are in %s: run the same command "
                 "again to continue\n", db.c_str());
    return InterruptedExitCode();
  }
  if (!o.quiet) std::fprintf(stderr, "wrote %s/\n", dir.c_str());
  // A policy without an answer: the constraints cannot be met (bad input, 2), or the
  // budget ran out (1).
  int code = 0;
  for (const experiment::OptimizeResult& r : results) {
    if (r.best < 0) code = std::max(code, r.budget_exhausted ? 1 : 2);
  }
  return code;
}

}  // namespace

void AddOptimizeCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<OptimizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "optimize", "The least staffing that meets service targets, per policy (resumable)");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  cmd->add_option("--policy", o->policies,
                  "optimise for this policy arm (repeatable: the cost of each reform at equal "
                  "service; default: every arm)");
  cmd->add_option("--constraint", o->constraints,
                  "METRIC<=X or METRIC>=X, optionally +-TOLERANCE (repeatable), e.g. "
                  "'resolution_h_p90<=80', 'dept_on_time_report_rate>=0.98', "
                  "'resolution_h_p90.red<=24', 'utilization.street<=0.85'")
      ->required();
  cmd->add_option("--vary", o->vary,
                  "staff key path to vary, * for any key or index (repeatable; default: every "
                  "staff the file sets), e.g. 'departments.*.staff'");
  cmd->add_option("--objective", o->objective, "staff_hours (default) or staff (head count)")
      ->check(CLI::IsMember({"staff_hours", "staff"}));
  cmd->add_option("--budget", o->budget, "most runs (candidate x replication) per policy (4000)")
      ->check(CLI::Range(10, 10000000));
  cmd->add_option("--initial-replications", o->initial_replications,
                  "replications before a candidate's first decision (10)")
      ->check(CLI::Range(2, 1000));
  cmd->add_option("--max-replications", o->max_replications,
                  "most replications of a candidate in the search; undecided then counts as "
                  "infeasible (50)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--confirm", o->confirm_replications,
                  "replications of the answer's confirming 95% intervals (20)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--alpha", o->alpha, "error probability of one candidate's decision (0.05)")
      ->check(CLI::Range(0.001, 0.4));
  cmd->add_option("--seed", o->seed, "scenario seed (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", o->out, "output folder (default results/<scenario name>-optimize)");
  cmd->add_option("--db", o->db, "results store, SQLite (default <out>/optimize.sqlite); runs "
                  "found there are not recomputed");
  cmd->add_option("--threads", o->threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet", o->quiet, "no progress on standard error");
  cmd->add_flag("--verbose", o->verbose, "one line per candidate decision on standard error");
  cmd->callback([o, &exit_code] { exit_code = Optimize(*o); });
}

}  // namespace escalade::cli
