// The routing graph of one policy (`escalade graph SCENARIO --policy P [--results DIR]`):
// the hand-offs the policy makes (analysis::PolicyRoutes) drawn on the governance graph's
// levels, coloured by kind (intake, first, escalate, whistle, order, hand back), with a
// legend; with a run folder, units are filled by their mean simulated utilisation under that
// policy (workload.csv) and the edges are as thick as the moves between their levels
// (level_flows.csv, per replication). Drawn with Vega by assets/graph.js.
//
// Thread safety: a pure function.
#ifndef ESCALADE_SIM_REPORT_GRAPH_PAGE_H_
#define ESCALADE_SIM_REPORT_GRAPH_PAGE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/policy_routes.h"
#include "sim/model/city.h"

namespace escalade::report {

// `results`: ReadRunFolder's data of a run with this policy, or null.
std::string GraphHtml(const model::City& city, const std::string& title, const std::string& policy,
                      const std::vector<analysis::RouteEdge>& routes,
                      const nlohmann::ordered_json& results);

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_GRAPH_PAGE_H_
