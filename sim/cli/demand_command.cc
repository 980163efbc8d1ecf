#include "sim/cli/demand_command.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "analysis/demand_list.h"
#include "analysis/output_file.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/scenario_commands.h"
#include "sim/scenario/demand_streams.h"

namespace escalade::cli {
namespace {

struct DemandOptions {
  std::string path;
  std::uint64_t replication = 0;
  std::string out;
  std::string trace;
  bool skip_bad_rows = false;
  bool quiet = false;
};

// Streams the list to `out` (a file written atomically, or stdout for "-" or
// empty). Returns the exit code.
int WriteDemands(const DemandOptions& o) {
  const std::optional<scenario::Scenario> s = LoadOrReport(o.path);
  if (!s) return kExitBadInput;
  if (o.replication >= static_cast<std::uint64_t>(s->experiment.replications)) {
    return Report(kernel::Status::BadInput(
        "--replication " + std::to_string(o.replication) + " is out of range: the scenario has " +
        std::to_string(s->experiment.replications) + " replications, numbered 0 to " +
        std::to_string(s->experiment.replications - 1)));
  }
  scenario::DemandStreamOptions options;
  options.replication = o.replication;
  options.skip_bad_rows = o.skip_bad_rows;
  options.trace_file = o.trace;
  kernel::Result<std::unique_ptr<model::DemandStream>> stream =
      scenario::OpenDemandStream(*s, options);
  if (!stream.ok()) return ReportLocated(stream.status());
  const bool to_stdout = o.out.empty() || o.out == "-";
  std::unique_ptr<analysis::AtomicFile> file;
  if (!to_stdout) {
    kernel::Result<std::unique_ptr<analysis::AtomicFile>> created =
        analysis::AtomicFile::Create(o.out);
    if (!created.ok()) return Report(created.status().WithPrefix("--out: "));
    file = std::move(created).value();
  }
  std::string chunk = analysis::DemandListHeader();
  auto flush = [&]() -> kernel::Status {
    kernel::Status status = kernel::Status::Ok();
    if (file) {
      status = file->Write(chunk);
    } else if (std::fwrite(chunk.data(), 1, chunk.size(), stdout) != chunk.size()) {
      status = kernel::Status::Io("cannot write to standard output");
    }
    chunk.clear();
    return status;
  };
  model::Demand demand;
  while (true) {
    kernel::Result<bool> got = (*stream)->Next(&demand);
    if (!got.ok()) {
      ReportLocated(got.status());
      if (got.status().code() == kernel::StatusCode::kBadInput) {
        std::fprintf(stderr,
                     "escalade: stopped at the first bad row (use --skip-bad-rows to skip and "
                     "count them)%s\n",
                     file ? "; nothing was written" : "");
      }
      return ExitCode(got.status());
    }
    if (!*got) break;
    analysis::AppendDemandRow(s->city, s->calendar.start_date(), s->experiment.seed,
                              o.replication, demand, &chunk);
    if (chunk.size() >= (1u << 16)) {
      if (kernel::Status written = flush(); !written.ok()) return Report(written);
    }
  }
  kernel::Status written = flush();
  if (written.ok() && file) written = file->Commit();
  if (!written.ok()) return Report(written);
  if (!o.quiet) std::fprintf(stderr, "%s\n", (*stream)->Summary().c_str());
  return 0;
}

}  // namespace

void AddDemandCommand(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DemandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demand", "Write the demand list of one replication (synthetic or replayed trace) as CSV");
  cmd->add_option("scenario", o->path, "scenario YAML file")->required();
  cmd->add_option("--replication", o->replication,
                  "replication index, 0 to replications-1 (default 0)");
  cmd->add_option("--out", o->out, "CSV file, written atomically (default: standard output)");
  cmd->add_option("--trace", o->trace, "read this CSV instead of the mapping's trace.file");
  cmd->add_flag("--skip-bad-rows", o->skip_bad_rows,
                "skip bad trace rows and report how many, by reason (default: stop, exit 2)");
  cmd->add_flag("--quiet", o->quiet, "do not print the summary to standard error");
  cmd->callback([o, &exit_code] { exit_code = WriteDemands(*o); });
}

}  // namespace escalade::cli
