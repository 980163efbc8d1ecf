// The output files of escalade optimize, from the results of one search per
// policy (the column names are a public interface, README "Optimising
// staffing"):
//
//   optimize.csv  one row per candidate evaluated:
//                 policy,candidate,move,staff,staff_hours,replications,feasible,confirmed,
//                 selected, then per constraint <metric>_mean,<metric>_ci95_low,
//                 <metric>_ci95_high,<metric>_decision (feasible, infeasible, undecided),
//                 then one column per decision variable (its key path) with its staff
//   pareto.csv    the candidates no other of the same policy beats on both staff-hours and
//                 the first constraint's metric: policy,candidate,staff_hours,staff,metric,
//                 mean,ci95_low,ci95_high,feasible
//   optimized.yaml  the scenario's own text with the answer's staffing, each changed line
//                 commented "optimize <policy>: <key> <before> → <after>"
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_EXPERIMENT_OPTIMIZE_FILES_H_
#define ESCALADE_SIM_EXPERIMENT_OPTIMIZE_FILES_H_

#include <string>
#include <vector>

#include "sim/experiment/optimize.h"
#include "sim/kernel/status.h"

namespace escalade::experiment {

struct OptimizeTables {
  std::string candidates;  // optimize.csv
  std::string pareto;      // pareto.csv
  std::string result;      // result.csv: one row per policy (the printed table)
};
// result.csv: policy,found,staff_shipped,staff,staff_hours_shipped,staff_hours,
// then per constraint <metric>_shipped,<metric>,<metric>_ci95_high (or _ci95_low for >=),
// then candidates,runs,note.
OptimizeTables MakeOptimizeTables(const std::vector<OptimizeResult>& results);

// The scenario text `text` with result.best's staffing (result.best >= 0).
kernel::Result<std::string> OptimizedYaml(const std::string& text, const OptimizeResult& result,
                                          const std::string& command);

// The printed result table: per policy, shipped against optimised staffing and metrics, then
// the changed variables.
std::string ResultTable(const std::vector<OptimizeResult>& results);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_OPTIMIZE_FILES_H_
