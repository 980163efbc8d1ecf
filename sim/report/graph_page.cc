#include "sim/report/graph_page.h"

#include "sim/report/assets.h"
#include "sim/report/html_page.h"
#include "sim/report/view_page.h"

namespace escalade::report {

std::string GraphHtml(const model::City& city, const std::string& title, const std::string& policy,
                      const std::vector<analysis::RouteEdge>& routes,
                      const nlohmann::ordered_json& results) {
  nlohmann::ordered_json data;
  data["title"] = title;
  data["policy"] = policy;
  data["units"] = CityUnitsJson(city);
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const analysis::RouteEdge& e : routes) {
    edges.push_back({e.from, e.to, analysis::RouteKindName(e.kind)});
  }
  data["edges"] = std::move(edges);
  if (!results.is_null()) {
    data["replications"] = results["manifest"].value("replications", 1);
    data["util"] = results.value("util", nlohmann::ordered_json::array());
    data["level_flows"] = results.value("level_flows", nlohmann::ordered_json::array());
  }
  PageParts parts;
  parts.title = "escalade graph: " + title + ", " + policy;
  parts.script = GraphScript();
  parts.data = std::move(data);
  return HtmlPage(parts);
}

}  // namespace escalade::report
