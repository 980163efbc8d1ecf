// Routing facts shared by the lifecycle (lifecycle.h) and the analytic load
// prediction (analysis/load_prediction.h), so that the prediction follows the
// very rules the simulation runs: which unit handles a demand at a level, and
// which crews an order to the departments summons.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_MODEL_ROUTING_H_
#define ESCALADE_SIM_MODEL_ROUTING_H_

#include <cstddef>
#include <vector>

#include "sim/model/city.h"
#include "sim/model/demand.h"
#include "sim/model/policy.h"

namespace escalade::model {

// The most crews one order summons (the lifecycle packs a crew index into 4 bits).
inline constexpr std::size_t kMaxCrews = 15;

// The unit of `level` in the demand's chain: its grid (the first of its community
// when it has none), its community, street or district; kNoUnit for the department
// level or when the community has no grid.
UnitId UnitAtLevel(const City& city, const Demand& demand, Level level);

// Where a demand goes after `from` cannot (or does not) resolve it: to the
// departments when `from` is the district, or when it may order them and they are
// needed — it tried and failed (`tried`), or the category needs departments at
// all; otherwise one level up.
Level NextLevel(const Policy& policy, const Category& category, Level from, bool tried);

// The crews an order summons, in order: the lead department (the trace's, else the
// category's) then the assisting ones, each once, as the units of the origin's
// district; with params.enforcement_team and a category needing enforcement, the
// street's first staffed enforcement team stands in, once, for the departments it
// pools. Only staffed units; at most max_crews.
std::vector<UnitId> CrewsFor(const City& city, const Demand& demand, const PolicyParams& params,
                             std::size_t max_crews);
// The same into *crews (cleared first), without allocating once *crews has the capacity
// (the lifecycle's hot path).
void CrewsFor(const City& city, const Demand& demand, const PolicyParams& params,
              std::size_t max_crews, std::vector<UnitId>* crews);

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_ROUTING_H_
