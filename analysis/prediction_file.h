// predicted_load.csv: the analytic load prediction (load_prediction.h) of each
// policy arm, written beside the simulated workload so the report can show
// predicted and simulated utilisation side by side. The columns are a public
// interface (README "Output files and metrics").
//
// Thread safety: pure functions.
#ifndef ESCALADE_ANALYSIS_PREDICTION_FILE_H_
#define ESCALADE_ANALYSIS_PREDICTION_FILE_H_

#include <string>
#include <vector>

#include "analysis/load_prediction.h"
#include "sim/model/city.h"

namespace escalade::analysis {

// policy,unit,kind,level,offered_hours_per_hour,capacity,utilization; `level` as in
// workload.csv (the unit kind's group).
std::string PredictedLoadHeader();
void AppendPredictedLoadRows(const model::City& city, const std::string& policy,
                             const std::vector<PredictedLoad>& loads, std::string* out);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_PREDICTION_FILE_H_
