// report.html: the visual report of a run folder (`escalade run`) or a sweep folder
// (`escalade sweep`), built from the folder's files alone, so `escalade report DIR`
// rebuilds it at any time and the run and the rebuild give the same page:
//
//   the comparison as a forest plot        compare.csv (paired differences, 95% intervals)
//   resolution-time distributions          resolution_hist.csv (per policy, per tier)
//   backlog over time                      backlog.csv (mean and range over replications)
//   utilisation heat map, unit × policy    workload.csv, beside predicted_load.csv
//   where demands are resolved             summary.csv (resolved_at.*)
//   flows between levels (Sankey)          level_flows.csv
//   published vs simulated targets         targets.csv, when the folder has one
//   headline metrics across sweep points   summary.csv and points.csv of a sweep
//   the manifest in the footer             manifest.json
//
// A chart whose file is missing (an older folder, a sweep's) is left out with a note; a
// folder without manifest.json is an error. The data is aggregated here (workload and
// backlog over replications) so the page stays small; the page draws it with Vega.
//
// Thread safety: functions of the folder's files; two calls on one folder at once may
// both write report.html (the last one wins, atomically).
#ifndef ESCALADE_SIM_REPORT_RUN_REPORT_H_
#define ESCALADE_SIM_REPORT_RUN_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "sim/kernel/status.h"

namespace escalade::report {

// The report's data: what the page's script draws (documented in assets/report.js).
kernel::Result<nlohmann::ordered_json> ReadRunFolder(const std::string& dir);

// The page of that data.
std::string ReportHtml(const nlohmann::ordered_json& data);

// Reads `dir` and writes `dir`/report.html atomically.
kernel::Status WriteReport(const std::string& dir);

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_RUN_REPORT_H_
