// The tables of a run folder (docs/architecture.md "Output contract") built from a
// RunResult: summary.csv, replications.csv, compare.csv, workload.csv and
// backlog.csv. One place for the contract's columns, used by `escalade run`,
// `escalade sweep` and the Python module alike; the column names are a public
// interface.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_EXPERIMENT_OUTPUTS_H_
#define ESCALADE_SIM_EXPERIMENT_OUTPUTS_H_

#include <string>
#include <vector>

#include "analysis/comparison.h"
#include "sim/experiment/runner.h"
#include "sim/model/city.h"

namespace escalade::experiment {

struct RunTables {
  std::vector<analysis::SummaryRow> summary_rows;
  std::vector<analysis::CompareRow> compare_rows;
  std::string summary;       // policy,metric,mean,stderr,ci95_low,ci95_high,n
  std::string replications;  // policy,replication,metric,value
  std::string compare;       // policy,baseline,metric,diff_mean,ci95_low,ci95_high,n
  std::string workload;      // policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs,staffed_hours
  std::string backlog;       // policy,replication,day,open
  std::string resolution_hist;  // policy,tier,low_h,high_h,count (analysis/record_summaries.h)
  std::string level_flows;      // policy,from,to,count
};

RunTables MakeRunTables(const model::City& city, const RunResult& result);

// The header of backlog.csv (the others come from analysis/).
std::string BacklogHeader();

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_OUTPUTS_H_
