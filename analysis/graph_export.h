// Graph export: a built City as Graphviz DOT (a picture of the governance
// graph) or as JSON (for notebooks and other tools). Used by
// `escalade graph SCENARIO.yaml --format dot|json`.
//
// DOT layout. Left to right: districts, then streets (with each district's
// department units beside them, boxed in one cluster per district), then
// communities, then grids; each level is one rank (`rank=same`). Shapes and
// colours differ per kind; a node shows the unit's label (UTF-8, so Chinese
// labels work: the font is "Noto Sans CJK SC, sans-serif", which fontconfig
// falls back from when Noto is missing) and its staff ("12 staff", plus "24h"
// for units on duty around the clock); a community also shows its population
// and, unless grids are drawn, how many grids it has. Edges: jurisdiction
// solid and drawn from parent to child without arrowheads, labelled with the
// minutes when the travel link to the parent exceeds 30 minutes ("no road"
// when it is kernel::kTimeMax); extra travel links dotted grey, undirected,
// always labelled; authority links dashed red with an arrow from the unit
// that orders to the unit ordered. Render with `dot -Tsvg city.dot -o city.svg`.
//
// JSON (nlohmann::json, dump(2)), one object:
//   {"nodes": [{"id": 3,                 // UnitId (index in City::units())
//               "name": "tangwei",
//               "label": "塘尾社区",
//               "kind": "community",     // UnitKindName
//               "level": "community",    // LevelName; only grid..district and department
//               "staff": 4,
//               "hours": "office",       // "office" | "always"
//               "population": 25000,
//               "grids": 6,              // communities only: number of grids
//               "parent": "fenghuang",   // names, null when none
//               "district": "guangming",
//               "street": "fenghuang"}, ...],
//    "edges": [{"source": 3,             // node ids
//               "target": 1,
//               "kind": "jurisdiction",  // "jurisdiction" | "travel" | "authority"
//               "travel_minutes": 10},   // travel only (else null); null for "no road"
//              ...]}
// Nodes are in id order; edges in City::graph() order (by source id). A
// jurisdiction edge points from child to parent, and each parent link also
// gives one travel edge with the same ends.
//
// Without include_grids, grid nodes and every edge touching a grid are left
// out of both formats (their count stays in the community's "grids").
//
// Thread safety: pure functions of a const City.
#ifndef ESCALADE_ANALYSIS_GRAPH_EXPORT_H_
#define ESCALADE_ANALYSIS_GRAPH_EXPORT_H_

#include <string>

#include "sim/model/city.h"

namespace escalade::analysis {

struct GraphExportOptions {
  // Draw (DOT) and list (JSON) every grid as a node of its own. Default false:
  // grids are summarised in their community ("4 grids"), so a district of a
  // few hundred grids stays readable.
  bool include_grids = false;
};

std::string CityToDot(const model::City& city, const GraphExportOptions& options = {});
std::string CityToJson(const model::City& city, const GraphExportOptions& options = {});

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_GRAPH_EXPORT_H_
