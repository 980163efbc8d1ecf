#include "sim/cli/sweep_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/output_file.h"
#include "analysis/run_files.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/run_control.h"
#include "sim/cli/scenario_commands.h"
#include "sim/experiment/cluster.h"
#include "sim/experiment/results_store.h"
#include "sim/experiment/sweep.h"
#include "sim/report/run_report.h"

namespace escalade::cli {
namespace {

struct SweepArgs {
  std::string path;
  std::vector<std::string> policies;
  int replications = 0;
  std::int64_t seed = -1;
  std::string out;
  std::string db;
  std::string trace;
  int threads = 0;
  bool quiet = false;
};

int Sweep(const SweepArgs& o) {
  experiment::Cluster cluster;
  const bool root = cluster.root();
  const std::optional<scenario::Scenario> s = LoadOrReport(o.path);
  if (!s) return kExitBadInput;
  const std::string dir = o.out.empty() ? "results/" + s->meta.name + "-sweep" : o.out;
  const std::string db = o.db.empty() ? dir + "/sweep.sqlite" : o.db;
  std::unique_ptr<experiment::ResultsStore> store;
  analysis::Manifest manifest;
  const std::string sha = FileSha256(o.path);
  // Reported by rank 0 only; every rank ends with the code.
  auto fail = [&](const kernel::Status& status) {
    return root ? Report(status) : ExitCode(status);
  };
  auto fail_located = [&](const kernel::Status& status) {
    return root ? ReportLocated(status) : ExitCode(status);
  };
  // The arms first: an unknown --policy leaves no directory or store behind.
  kernel::Result<experiment::ArmSelection> selection = experiment::SelectArms(*s, o.policies);
  if (!selection.ok()) return fail_located(selection.status());
  if (root) {
    if (kernel::Status made = MakeRunFolder("--out", dir); !made.ok()) return fail(made);
    auto opened = experiment::ResultsStore::Open(
        db, std::string(ESCALADE_VERSION) + " (" + ESCALADE_GIT_COMMIT + ")");
    if (!opened.ok()) return fail(opened.status().WithPrefix("--db: "));
    store = std::move(opened).value();
  }
  experiment::SweepOptions options;
  options.policies = o.policies;
  options.replications = o.replications;
  options.has_seed = o.seed >= 0;
  options.seed = static_cast<std::uint64_t>(o.seed >= 0 ? o.seed : 0);
  options.trace_file = o.trace;
  options.threads = o.threads;
  options.stop = &InstallStopHandlers();
  if (root) options.progress = MakeProgress(o.quiet, s->meta.name + " sweep");

  manifest.version = ESCALADE_VERSION;
  manifest.git_commit = ESCALADE_GIT_COMMIT;
  manifest.scenario_path = o.path;
  manifest.scenario_sha256 = sha;
  manifest.seed = options.has_seed ? options.seed : s->experiment.seed;
  manifest.replications = o.replications > 0 ? o.replications : s->experiment.replications;
  manifest.threads = experiment::EffectiveThreads(o.threads);
  manifest.ranks = cluster.size();
  manifest.store = db;
  manifest.sweep_keys = s->experiment.sweep.keys;
  manifest.points = std::max<int>(1, static_cast<int>(s->experiment.sweep.points.size()));
  manifest.started_utc = analysis::UtcNow();
  manifest.status = "interrupted";  // until the sweep completes and rewrites it
  for (const scenario::PolicyChoice* arm : selection->arms) manifest.policies.push_back(arm->name);
  if (root) {
    if (kernel::Status w = analysis::WriteFileAtomically(dir + "/manifest.json",
                                                         analysis::ManifestJson(manifest));
        !w.ok()) {
      return fail(w);
    }
  }
  kernel::Result<experiment::SweepResult> sweep =
      experiment::RunSweep(o.path, *s, sha, options, store.get(), cluster);
  if (!sweep.ok()) {
    // Rank 0 reports every failure; another rank only a run that failed on it.
    if (root || sweep.status().message() != experiment::kFailedOnAnotherRank) {
      ReportLocated(sweep.status());
    }
    return root ? FailRun(dir, &manifest, sweep.status()) : ExitCode(sweep.status());
  }
  if (!root) return 0;
  manifest.runs_total = sweep->runs_total;
  manifest.runs_reused = sweep->runs_reused;
  manifest.runs_computed = sweep->runs_computed;
  manifest.baseline = sweep->points.empty() ? "" : sweep->points.front().result.baseline;
  if (!sweep->interrupted) {
    const experiment::SweepTables tables = experiment::MakeSweepTables(*sweep);
    manifest.files = {"points.csv", "summary.csv", "replications.csv", "compare.csv",
                      "workload.csv", "backlog.csv"};
    for (const auto& [name, text] : std::vector<std::pair<std::string, const std::string*>>{
             {"points.csv", &tables.points},
             {"summary.csv", &tables.summary},
             {"replications.csv", &tables.replications},
             {"compare.csv", &tables.compare},
             {"workload.csv", &tables.workload},
             {"backlog.csv", &tables.backlog}}) {
      if (kernel::Status w = analysis::WriteFileAtomically(dir + "/" + name, *text); !w.ok()) {
        fail(w);
        return FailRun(dir, &manifest, w);
      }
    }
    manifest.files.push_back("manifest.json");
    manifest.files.push_back("report.html");
    manifest.status = "complete";
  }
  manifest.finished_utc = analysis::UtcNow();
  const std::string json = analysis::ManifestJson(manifest);
  if (kernel::Status w = analysis::WriteFileAtomically(dir + "/manifest.json", json); !w.ok()) {
    return fail(w);
  }
  if (kernel::Status w = store->PutManifest(sha, json); !w.ok()) {
    fail(w);
    return FailRun(dir, &manifest, w);
  }
  if (!sweep->interrupted) {
    if (kernel::Status w = report::WriteReport(dir); !w.ok()) return fail(w);
  }
  if (sweep->interrupted) {
    std::fprintf(stderr,
                 "escalade: interrupted (signal %d): %d of %d runs are in %s (%d found there, %d "
                 "computed now); run the same command again to finish the sweep\n",
                 StopSignal(), sweep->runs_reused + sweep->runs_computed, sweep->runs_total,
                 db.c_str(), sweep->runs_reused, sweep->runs_computed);
    return InterruptedExitCode();
  }
  if (!o.quiet) {
    std::fprintf(stderr, "%s: %d points x %zu policies x %d replications = %d runs (%d found in "
                 "%s, %d computed on %d rank(s)); wrote %s/\n",
                 s->meta.name.c_str(), manifest.points, manifest.policies.size(),
                 manifest.replications, sweep->runs_total, sweep->runs_reused, db.c_str(),
                 sweep->runs_computed, cluster.size(), dir.c_str());
  }
  return 0;
}

}  // namespace

void AddSweepCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run every point of the scenario's experiment.sweep (resumable; MPI under mpirun)");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  cmd->add_option("--policy", o->policies, "run only this policy arm (repeatable)");
  cmd->add_option("--replications", o->replications,
                  "replications per policy and point (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o->seed, "scenario seed (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", o->out, "run folder (default results/<scenario name>-sweep)");
  cmd->add_option("--db", o->db, "results store, SQLite (default <run folder>/sweep.sqlite); "
                  "runs found there are not recomputed");
  cmd->add_option("--trace", o->trace, "trace scenarios: read this CSV instead of the mapping's");
  cmd->add_option("--threads", o->threads, "worker threads per process (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet", o->quiet, "no progress or notes on standard error");
  cmd->callback([o, &exit_code] { exit_code = Sweep(*o); });
}

}  // namespace escalade::cli
