#include "sim/cli/run_command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/comparison.h"
#include "analysis/load_prediction.h"
#include "analysis/output_file.h"
#include "analysis/prediction_file.h"
#include "analysis/run_files.h"
#include "analysis/sha256.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/run_control.h"
#include "sim/cli/scenario_commands.h"
#include "sim/cli/window_report.h"
#include "sim/experiment/outputs.h"
#include "sim/experiment/record_spool.h"
#include "sim/experiment/runner.h"
#include "sim/io/csv_reader.h"
#include "sim/scenario/loader.h"
#include "sim/report/run_report.h"

namespace escalade::cli {
namespace {

struct RunOptions {
  std::string path;
  std::vector<std::string> policies;
  int replications = 0;
  std::int64_t seed = -1;
  std::string out;
  std::string trace;
  bool records = false;
  bool quiet = false;
  double precision = 0;
  int max_replications = 1000;
  int threads = 0;
};

kernel::Status Write(const std::string& dir, const std::string& name, const std::string& text) {
  return analysis::WriteFileAtomically(dir + "/" + name, text);
}

int Run(const RunOptions& o) {
  const std::optional<scenario::Scenario> s = LoadOrReport(o.path);
  if (!s) return kExitBadInput;
  // The arms to run, checked first: an unknown --policy names the scenario's arms and
  // leaves no output directory behind.
  kernel::Result<experiment::ArmSelection> selection = experiment::SelectArms(*s, o.policies);
  if (!selection.ok()) return ReportLocated(selection.status());
  const int replications = o.replications > 0 ? o.replications : s->experiment.replications;
  if (o.precision > 0 && o.max_replications < replications) {
    return Report(kernel::Status::BadInput(
        "--max-replications " + std::to_string(o.max_replications) + " is below the " +
        std::to_string(replications) + " replications to start with"));
  }
  const std::string dir = o.out.empty() ? "results/" + s->meta.name : o.out;
  if (kernel::Status made = MakeRunFolder("--out", dir); !made.ok()) return Report(made);
  experiment::RunOptions options;
  options.policies = o.policies;
  options.replications = o.replications;
  options.has_seed = o.seed >= 0;
  options.seed = static_cast<std::uint64_t>(o.seed >= 0 ? o.seed : 0);
  options.trace_file = o.trace;
  options.precision = o.precision;
  options.max_replications = o.max_replications;
  options.threads = o.threads;
  options.progress = MakeProgress(o.quiet, s->meta.name);
  options.stop = &InstallStopHandlers();
  // demands.csv and visits.csv: each run's rows are spooled (spilled beside the output past
  // 1 MB) and written in run order at the end, atomically.
  options.records = o.records;
  options.records_spill_dir = dir;
  analysis::Manifest manifest;
  manifest.version = ESCALADE_VERSION;
  manifest.git_commit = ESCALADE_GIT_COMMIT;
  manifest.scenario_path = o.path;
  manifest.scenario_sha256 = FileSha256(o.path);
  manifest.seed = options.has_seed ? options.seed : s->experiment.seed;
  manifest.replications = replications;
  manifest.threads = experiment::EffectiveThreads(o.threads);
  manifest.started_utc = analysis::UtcNow();
  manifest.status = "interrupted";  // until the run completes and rewrites it
  for (const scenario::PolicyChoice* arm : selection->arms) manifest.policies.push_back(arm->name);
  if (kernel::Status w = Write(dir, "manifest.json", analysis::ManifestJson(manifest)); !w.ok()) {
    return Report(w);
  }
  // The analytic prediction first: a unit offered more work than it has staff is named.
  std::map<std::string, std::vector<analysis::PredictedLoad>> predictions;
  if (!s->trace) {
    for (const scenario::PolicyChoice* arm_choice : selection->arms) {
      const scenario::PolicyChoice& arm = *arm_choice;
      auto policy = scenario::MakeArmPolicy(arm);
      if (!policy.ok()) continue;  // RunExperiment reports it
      auto predicted = analysis::PredictLoads(s->city, s->calendar, s->demand, **policy);
      if (!predicted.ok()) continue;
      for (const analysis::PredictedLoad& p : *predicted) {
        if (p.utilization < 1) continue;
        std::fprintf(stderr,
                     "warning: under %s, %s is unstable: %.1f hours of work offered per hour to "
                     "%.1f staff on duty on average (%.0f%%); its results grow with the horizon\n",
                     arm.name.c_str(), s->city.unit(p.unit).name.c_str(), p.offered_hours_per_hour,
                     p.capacity, 100 * p.utilization);
      }
      predictions[arm.name] = std::move(predicted).value();
    }
  }
  kernel::Result<experiment::RunResult> result = experiment::RunExperiment(*s, options);
  if (!result.ok()) {
    ReportLocated(result.status());
    return FailRun(dir, &manifest, result.status());
  }
  const experiment::RunTables tables = experiment::MakeRunTables(s->city, *result);
  const std::vector<analysis::SummaryRow>& summary = tables.summary_rows;
  const std::vector<analysis::CompareRow>& compare = tables.compare_rows;
  manifest.baseline = result->baseline;
  manifest.replications = result->replications;
  manifest.files = {"summary.csv", "replications.csv", "compare.csv", "workload.csv",
                    "backlog.csv", "resolution_hist.csv", "level_flows.csv", "predicted_load.csv"};
  std::string predicted = analysis::PredictedLoadHeader();
  for (const std::string& arm : manifest.policies) {
    if (auto it = predictions.find(arm); it != predictions.end()) {
      analysis::AppendPredictedLoadRows(s->city, arm, it->second, &predicted);
    }
  }
  for (const auto& [name, text] : std::vector<std::pair<std::string, const std::string*>>{
           {"summary.csv", &tables.summary},
           {"replications.csv", &tables.replications},
           {"compare.csv", &tables.compare},
           {"workload.csv", &tables.workload},
           {"backlog.csv", &tables.backlog},
           {"resolution_hist.csv", &tables.resolution_hist},
           {"level_flows.csv", &tables.level_flows},
           {"predicted_load.csv", &predicted}}) {
    if (kernel::Status w = Write(dir, name, *text); !w.ok()) {
      Report(w);
      return FailRun(dir, &manifest, w);
    }
  }
  if (result->records) {
    for (const auto table :
         {experiment::RecordSpool::Table::kDemands, experiment::RecordSpool::Table::kVisits}) {
      const std::string name(experiment::RecordSpool::FileName(table));
      auto file = analysis::AtomicFile::Create(dir + "/" + name);
      kernel::Status written = file.ok()
                                   ? result->records->WriteTo(table, file->get(), result->replications)
                                   : file.status();
      if (written.ok()) written = (*file)->Commit();
      if (!written.ok()) {
        Report(written);
        result->records.reset();  // removes the spill files
        return FailRun(dir, &manifest, written);
      }
      manifest.files.push_back(name);
    }
    result->records.reset();  // removes the spill files
  }
  manifest.files.push_back("manifest.json");
  manifest.files.push_back("report.html");
  manifest.finished_utc = analysis::UtcNow();
  manifest.status = result->interrupted ? "interrupted" : "complete";
  if (kernel::Status w = Write(dir, "manifest.json", analysis::ManifestJson(manifest)); !w.ok()) {
    return Report(w);
  }
  // The visual report, from the files just written (as `escalade report DIR` rebuilds it).
  if (kernel::Status w = report::WriteReport(dir); !w.ok()) return Report(w);
  if (result->replications == 0) {
    std::fprintf(stderr, "escalade: interrupted (signal %d) before any replication finished for "
                 "every policy; %s/manifest.json says \"interrupted\"\n", StopSignal(), dir.c_str());
    return InterruptedExitCode();
  }
  std::printf("%s: %zu policies x %d replications (seed %llu); mean ±95%% half-width; (diff vs "
              "%s, * where the paired 95%% interval excludes 0)\n",
              s->meta.name.c_str(), result->arms.size(), result->replications,
              static_cast<unsigned long long>(result->seed), result->baseline.c_str());
  std::printf("%s", analysis::FormatComparisonTable(manifest.policies, result->baseline,
                                                    analysis::HeadlineMetrics(), summary, compare)
                        .c_str());
  // Predicted beside simulated utilisation for the baseline's busiest units: both are the
  // busy share of staffed time (working time for office units). The prediction is a range:
  // every demand closed on time (least reopening) to every demand closed late (most).
  if (auto it = predictions.find(result->baseline); it != predictions.end()) {
    std::vector<analysis::PredictedLoad> busiest = it->second;
    std::sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) {
      return a.utilization > b.utilization || (a.utilization == b.utilization && a.unit < b.unit);
    });
    if (busiest.size() > 5) busiest.resize(5);
    const experiment::ArmResult* base = nullptr;
    for (const experiment::ArmResult& arm : result->arms) {
      if (arm.name == result->baseline) base = &arm;
    }
    std::printf("busiest units under %s: utilisation predicted (analytic, all closed on time - "
                "all late) / simulated (mean of replications)\n", result->baseline.c_str());
    for (const analysis::PredictedLoad& p : busiest) {
      double sum = 0;
      int n = 0;
      for (const auto& replication : base->workload) {
        for (const model::UnitLoad& load : replication) {
          if (load.unit == p.unit) {
            sum += load.utilization;
            ++n;
          }
        }
      }
      const model::Unit& unit = s->city.unit(p.unit);
      const char* note = p.utilization >= 1 ? "  (unstable: the simulated value is bounded by "
                                              "the horizon, not by the load)"
                         : p.waits_at_rendezvous ? "  (also held at rendezvous waiting for the "
                                                   "other crews: not predicted)"
                                                 : "";
      std::printf("  %-32s %.3f-%.3f / %.3f%s\n", unit.name.c_str(), p.utilization,
                  p.utilization_if_late, n > 0 ? sum / n : 0.0, note);
    }
  }
  ReportMeasurementWindow(*s, *result);
  if (o.precision > 0) {
    std::printf("precision: the widest headline interval is %.2f%% of its mean (%s) after %d "
                "replications; target %.2f%%%s\n",
                100 * result->widest_ratio, result->widest.c_str(), result->replications,
                100 * o.precision,
                result->widest_ratio <= o.precision ? "" : ", not reached: --max-replications");
  }
  std::fflush(stdout);  // the table first, then the note, even into one terminal
  if (result->interrupted) {
    std::fprintf(stderr, "escalade: interrupted (signal %d): wrote the %d replication(s) every "
                 "policy finished to %s/; manifest.json says \"interrupted\"\n",
                 StopSignal(), result->replications, dir.c_str());
    return InterruptedExitCode();
  }
  if (!o.quiet) std::fprintf(stderr, "wrote %s/\n", dir.c_str());
  return 0;
}

// --- escalade compare ---

double Parse(std::string_view text) {
  try {
    return std::stod(std::string(text));
  } catch (...) {
    return std::nan("");
  }
}

int Compare(const std::string& dir) {
  std::ifstream manifest_in(dir + "/manifest.json");
  if (!manifest_in) {
    return Report(kernel::Status::BadInput(dir + "/manifest.json: cannot read it (is " + dir +
                                           " a run folder?)"));
  }
  nlohmann::json manifest = nlohmann::json::parse(manifest_in, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.contains("policies") || !manifest.contains("baseline") ||
      !manifest["policies"].is_array() || !manifest["baseline"].is_string() ||
      !std::all_of(manifest["policies"].begin(), manifest["policies"].end(),
                   [](const nlohmann::json& name) { return name.is_string(); })) {
    return Report(kernel::Status::BadInput(dir + "/manifest.json: not an escalade manifest"));
  }
  if (manifest.value("status", "") != "complete") {
    std::fprintf(stderr, "note: %s/manifest.json says the run is %s\n", dir.c_str(),
                 manifest.value("status", std::string("unknown")).c_str());
  }
  const std::vector<std::string> policies = manifest["policies"].get<std::vector<std::string>>();
  const std::string baseline = manifest["baseline"].get<std::string>();
  std::vector<analysis::SummaryRow> summary;
  std::vector<analysis::CompareRow> compare;
  for (const char* name : {"summary.csv", "compare.csv"}) {
    kernel::Result<io::CsvReader> reader = io::CsvReader::Open(dir + "/" + name);
    if (!reader.ok()) return Report(reader.status());
    std::vector<std::string_view> f;
    bool header = true;
    while (true) {
      kernel::Result<bool> got = reader->Next(&f);
      if (!got.ok()) return Report(got.status());
      if (!*got) break;
      if (header) {
        header = false;
        continue;
      }
      if (f.size() != 7) {
        return Report(kernel::Status::BadInput(
            dir + "/" + name + ":" + std::to_string(reader->line()) + ": expected 7 fields"));
      }
      if (std::string(name) == "summary.csv") {
        summary.push_back({std::string(f[0]), std::string(f[1]), Parse(f[2]), Parse(f[3]),
                           Parse(f[4]), Parse(f[5]), static_cast<std::int64_t>(Parse(f[6]))});
      } else {
        compare.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), Parse(f[3]),
                           Parse(f[4]), Parse(f[5]), static_cast<std::int64_t>(Parse(f[6]))});
      }
    }
  }
  std::printf("%s", analysis::FormatComparisonTable(policies, baseline, analysis::HeadlineMetrics(),
                                                    summary, compare)
                        .c_str());
  return 0;
}

}  // namespace

void AddRunCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run a scenario's policies over its replications: comparison table and run folder");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  cmd->add_option("--policy", o->policies, "run only this policy arm (repeatable)");
  cmd->add_option("--replications", o->replications, "replications per policy (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o->seed, "scenario seed (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", o->out, "run folder (default results/<scenario name>)");
  cmd->add_option("--trace", o->trace, "trace scenarios: read this CSV instead of the mapping's");
  cmd->add_option("--precision", o->precision,
                  "add replications until every headline metric's 95% half-width is within this "
                  "fraction of its mean (e.g. 0.02)")
      ->check(CLI::Range(0.0001, 1.0));
  cmd->add_option("--max-replications", o->max_replications,
                  "with --precision: at most this many replications per policy (default 1000)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--threads", o->threads, "worker threads (default: all cores); results do not "
                  "depend on it")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--records", o->records, "also write demands.csv (one row per demand)");
  cmd->add_flag("--quiet", o->quiet, "no progress or notes on standard error");
  cmd->callback([o, &exit_code] { exit_code = Run(*o); });
}

void AddCompareCommand(CLI::App& app, int& exit_code) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("compare", "Print the comparison table of a run folder");
  cmd->add_option("dir", *dir, "a folder written by escalade run")->required();
  cmd->callback([dir, &exit_code] { exit_code = Compare(*dir); });
}

}  // namespace escalade::cli
