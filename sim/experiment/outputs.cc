#include "sim/experiment/outputs.h"

#include "analysis/record_summaries.h"
#include "analysis/run_files.h"

namespace escalade::experiment {

std::string BacklogHeader() { return "policy,replication,day,open\n"; }

RunTables MakeRunTables(const model::City& city, const RunResult& result) {
  RunTables t;
  std::vector<analysis::ArmMetrics> arms;
  t.workload = analysis::WorkloadHeader();
  t.backlog = BacklogHeader();
  t.resolution_hist = analysis::ResolutionHistHeader();
  t.level_flows = analysis::LevelFlowsHeader();
  for (const ArmResult& arm : result.arms) {
    arms.push_back({arm.name, arm.metrics});
    analysis::AppendResolutionHistRows(arm.name, arm.resolution_hist, &t.resolution_hist);
    analysis::AppendLevelFlowRows(arm.name, arm.level_flows, &t.level_flows);
    for (std::size_t r = 0; r < arm.workload.size(); ++r) {
      analysis::AppendWorkloadRows(city, arm.name, static_cast<int>(r), arm.workload[r],
                                   &t.workload);
      for (std::size_t d = 0; d < arm.daily_backlog[r].size(); ++d) {
        t.backlog += arm.name + "," + std::to_string(r) + "," + std::to_string(d + 1) + "," +
                     std::to_string(arm.daily_backlog[r][d]) + "\n";
      }
    }
  }
  t.summary_rows = analysis::Summarize(arms);
  t.compare_rows = analysis::CompareWithBaseline(arms, result.baseline);
  t.summary = analysis::SummaryCsv(t.summary_rows);
  t.replications = analysis::ReplicationsCsv(arms);
  t.compare = analysis::CompareCsv(t.compare_rows);
  return t;
}

}  // namespace escalade::experiment
