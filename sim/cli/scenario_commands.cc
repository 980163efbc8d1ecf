#include "sim/cli/scenario_commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "analysis/graph_export.h"
#include "analysis/output_file.h"
#include "analysis/sha256.h"
#include "sim/cli/exit_codes.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_replay.h"

namespace escalade::cli {

std::string FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return analysis::Sha256Hex(text.str());
}

std::optional<scenario::Scenario> LoadOrReport(const std::string& path) {
  scenario::Diagnostics diags(path);
  kernel::Result<scenario::Scenario> loaded = scenario::LoadScenario(path, diags);
  if (loaded.ok() && diags.ok()) return std::move(loaded).value();
  std::fprintf(stderr, "%s\n", diags.ToString().c_str());
  if (!loaded.ok()) std::fprintf(stderr, "escalade: %s\n", loaded.status().message().c_str());
  return std::nullopt;
}

void AddValidateCommand(CLI::App& app, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a scenario file: prints ok and its size, or every located error (exit 2)");
  cmd->add_option("scenario", *path, "scenario YAML file")->required();
  cmd->callback([path, &exit_code] {
    const std::optional<scenario::Scenario> s = LoadOrReport(*path);
    if (!s) {
      exit_code = kExitBadInput;
      return;
    }
    if (s->trace) {
      // The trace itself may live outside the repository: a missing file is a
      // note, a file whose header lacks a mapped column is an error.
      std::error_code error;
      if (!std::filesystem::exists(s->trace->file, error)) {
        std::printf("ok: %s\n", scenario::SizeSummary(*s).c_str());
        std::fflush(stdout);  // "ok" first, then the note, even into one pipe
        std::fprintf(stderr,
                     "note: the trace %s does not exist here; `escalade demand --trace FILE` "
                     "names another copy\n",
                     s->trace->file.c_str());
        exit_code = 0;
        return;
      }
      if (kernel::Status header = trace::CheckTraceHeader(*s->trace); !header.ok()) {
        exit_code = ReportLocated(header);
        return;
      }
    }
    std::printf("ok: %s\n", scenario::SizeSummary(*s).c_str());
    exit_code = 0;
  });
}

void AddGraphCommand(CLI::App& app, int& exit_code) {
  struct GraphOptions {
    std::string path;
    std::string format = "dot";
    std::string out;
    bool grids = false;
    std::string policy;   // --policy: the policy's routing graph as an HTML page instead
    std::string results;  // --results: a run folder to draw utilisation and flows from
  };
  auto o = std::make_shared<GraphOptions>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "Print a scenario's governance graph as Graphviz DOT or JSON (nodes and edges)");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  cmd->add_option("--format", o->format, "dot (render with: dot -Tsvg) or json")
      ->check(CLI::IsMember({"dot", "json"}));
  cmd->add_flag("--grids", o->grids, "draw every grid (default: a count in each community)");
  cmd->add_option("--out", o->out, "write to this file (atomically) instead of stdout");
  cmd->add_option("--policy", o->policy, "draw the routes this policy arm uses, as an HTML page "
                  "(default --out graph-<policy>.html)");
  cmd->add_option("--results", o->results, "with --policy: a run folder to draw utilisation and "
                  "flows from");
  cmd->callback([o, &exit_code] {
    const std::optional<scenario::Scenario> s = LoadOrReport(o->path);
    if (!s) {
      exit_code = kExitBadInput;
      return;
    }
    if (!o->policy.empty()) {
      exit_code = WritePolicyGraph(*s, o->policy, o->results,
                                   o->out.empty() ? "graph-" + o->policy + ".html" : o->out);
      return;
    }
    analysis::GraphExportOptions options;
    options.include_grids = o->grids;
    const std::string text = o->format == "dot" ? analysis::CityToDot(s->city, options)
                                                : analysis::CityToJson(s->city, options);
    if (o->out.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      exit_code = 0;
      return;
    }
    exit_code = Report(analysis::WriteFileAtomically(o->out, text).WithPrefix("--out: "));
  });
}

}  // namespace escalade::cli
