// The routes a policy actually uses, asked of the policy itself (model::Policy): for every
// origin community, category, intake channel (calls, walk-ins, grid patrol) and tier, who
// receives a demand, which level handles it first, who works it at each level, where it goes
// when a level does not resolve it (reported up, or a whistle / order straight to the
// departments) and which crews an order summons (in an idle city). The result is the set of
// unit-to-unit hand-offs, each once, for `escalade graph --policy` — the structure only; the
// numbers on it come from a run (workload.csv, level_flows.csv).
//
// Thread safety: a pure function of a const city and policy.
#ifndef ESCALADE_ANALYSIS_POLICY_ROUTES_H_
#define ESCALADE_ANALYSIS_POLICY_ROUTES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/model/city.h"
#include "sim/model/policy.h"

namespace escalade::analysis {

enum class RouteKind : std::uint8_t {
  kIntake,     // the origin community to the unit that receives it
  kFirst,      // the receiving unit to the first handler
  kEscalate,   // reported up to the next level's handler
  kWhistle,    // a direct order to the departments from below the district (吹哨 / 发令)
  kOrder,      // the district (or a first-level order) to the department crews
  kHandBack,   // a co-governance team's failure back to its level's unit
};
std::string_view RouteKindName(RouteKind kind);  // "intake", "first", ...

struct RouteEdge {
  model::UnitId from = model::kNoUnit;
  model::UnitId to = model::kNoUnit;
  RouteKind kind = RouteKind::kFirst;
  bool operator<(const RouteEdge& o) const {
    return from != o.from ? from < o.from : to != o.to ? to < o.to : kind < o.kind;
  }
};

// Every hand-off, each once, sorted.
std::vector<RouteEdge> PolicyRoutes(const model::City& city, const model::Policy& policy);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_POLICY_ROUTES_H_
