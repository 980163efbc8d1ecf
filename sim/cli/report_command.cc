#include "sim/cli/report_command.h"

#include <cstdio>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/output_file.h"
#include "sim/cli/scenario_commands.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/view_run.h"
#include "sim/kernel/duration.h"
#include "sim/report/graph_page.h"
#include "sim/report/run_report.h"
#include "sim/scenario/loader.h"
#include "analysis/policy_routes.h"
#include "sim/report/view_page.h"

namespace escalade::cli {
namespace {

int Report(const std::string& dir, bool quiet) {
  kernel::Status written = report::WriteReport(dir);
  if (!written.ok()) {
    std::fprintf(stderr, "escalade: %s\n", written.message().c_str());
    return 2;
  }
  if (!quiet) std::fprintf(stderr, "wrote %s/report.html\n", dir.c_str());
  return 0;
}

struct ViewArgs {
  std::string path;
  std::vector<std::string> policies;
  std::string out = "view.html";
  int day = -1;
  std::string from, to;
  int replication = 0;
  bool quiet = false;
};

// A time from the scenario's start: a calendar duration ("14d", "14d8h" is not one: "344h").
kernel::Result<kernel::SimTime> ParseInstant(const std::string& option, const std::string& text) {
  kernel::Result<kernel::Duration> d = kernel::ParseDuration(text);
  if (!d.ok() || d->kind != kernel::DurationKind::kCalendar) {
    return kernel::Status::Error(option + " " + text + ": expected a time from the scenario's "
                                 "start such as 14d or 340h (calendar time)");
  }
  return d->millis;
}

int View(const ViewArgs& a) {
  const std::optional<scenario::Scenario> s = LoadOrReport(a.path);
  if (!s) return 2;
  experiment::ViewRunOptions options;
  options.policies = a.policies;
  options.replication = a.replication;
  // The window: --from/--to, else the day --day (default: the first day after the warm-up,
  // when queues have filled).
  const int day = a.day >= 0 ? a.day
                             : static_cast<int>(s->experiment.warmup / kernel::kDay);
  options.from = static_cast<kernel::SimTime>(day) * kernel::kDay;
  options.to = options.from + kernel::kDay;
  for (const auto& [text, name, target] :
       {std::make_tuple(a.from, "--from", &options.from), std::make_tuple(a.to, "--to", &options.to)}) {
    if (text.empty()) continue;
    kernel::Result<kernel::SimTime> t = ParseInstant(name, text);
    if (!t.ok()) {
      std::fprintf(stderr, "escalade: %s\n", t.status().message().c_str());
      return 2;
    }
    *target = *t;
  }
  if (!a.from.empty() && a.to.empty()) options.to = options.from + kernel::kDay;
  kernel::Result<experiment::ViewRun> run = experiment::RunForView(*s, options);
  if (!run.ok()) {
    std::fprintf(stderr, "escalade: %s\n", run.status().message().c_str());
    return 2;
  }
  std::vector<report::ViewArm> arms;
  for (std::size_t i = 0; i < run->names.size(); ++i) {
    arms.push_back({run->names[i], run->records[i].get()});
  }
  const std::string html = report::ViewHtml(
      s->city, arms, {s->meta.name, options.from, options.to, options.replication});
  if (kernel::Status w = analysis::WriteFileAtomically(a.out, html); !w.ok()) {
    std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
    return 1;
  }
  if (!a.quiet) {
    std::fprintf(stderr, "wrote %s (%zu demands of replication %d from hour %.0f to %.0f); open "
                 "it in a browser\n", a.out.c_str(),
                 run->records.empty() ? std::size_t{0} : run->records.front()->demands.size(),
                 a.replication, kernel::ToHours(options.from), kernel::ToHours(options.to));
  }
  return 0;
}

}  // namespace

int WritePolicyGraph(const scenario::Scenario& s, const std::string& policy,
                     const std::string& results, const std::string& out) {
  kernel::Result<experiment::ArmSelection> selection = experiment::SelectArms(s, {policy});
  if (!selection.ok()) {
    std::fprintf(stderr, "escalade: %s\n", selection.status().message().c_str());
    return 2;
  }
  kernel::Result<std::unique_ptr<model::Policy>> made =
      scenario::MakeArmPolicy(*selection->arms.front());
  if (!made.ok()) {
    std::fprintf(stderr, "escalade: %s\n", made.status().message().c_str());
    return 2;
  }
  nlohmann::ordered_json folder;
  if (!results.empty()) {
    kernel::Result<nlohmann::ordered_json> read = report::ReadRunFolder(results);
    if (!read.ok()) {
      std::fprintf(stderr, "escalade: %s\n", read.status().message().c_str());
      return 2;
    }
    folder = std::move(read).value();
  }
  const std::string html = report::GraphHtml(s.city, s.meta.name, policy,
                                             analysis::PolicyRoutes(s.city, **made), folder);
  if (kernel::Status w = analysis::WriteFileAtomically(out, html); !w.ok()) {
    std::fprintf(stderr, "escalade: %s\n", w.message().c_str());
    return 1;
  }
  return 0;
}

void AddViewCommand(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ViewArgs>();
  CLI::App* cmd = app.add_subcommand(
      "view", "The classroom view: a page replaying a day of demands moving through the city, "
              "for one or two policies side by side");
  cmd->add_option("scenario", a->path, "scenario YAML file")->required();
  cmd->add_option("--policy", a->policies, "a policy arm to show (repeatable; default: the "
                  "scenario's first two)");
  cmd->add_option("--out", a->out, "the page to write (default view.html)");
  CLI::Option* day = cmd->add_option("--day", a->day, "the day to replay, 0 = the first (default: the first day "
                  "after the warm-up)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--from", a->from, "the window's start instead of --day, e.g. 30d or 728h")
      ->excludes(day);
  cmd->add_option("--to", a->to, "the window's end (default: a day after --from)");
  cmd->add_option("--replication", a->replication, "which replication's demands (default 0)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--quiet", a->quiet, "no note on standard error");
  cmd->callback([a, &exit_code] { exit_code = View(*a); });
}

void AddReportCommand(CLI::App& app, int& exit_code) {
  struct Args {
    std::string dir;
    bool quiet = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Rebuild report.html (charts, self-contained) of a run or sweep folder");
  cmd->add_option("dir", a->dir, "a folder written by escalade run or escalade sweep")->required();
  cmd->add_flag("--quiet", a->quiet, "no note on standard error");
  cmd->callback([a, &exit_code] { exit_code = Report(a->dir, a->quiet); });
}

}  // namespace escalade::cli
