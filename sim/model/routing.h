// Facts of the governance graph that every policy and the lifecycle share:
// which unit holds a level of a demand's chain, and the lowest level able to
// resolve a category. Pure functions of the city; decisions live in the policy
// (policy.h).
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_MODEL_ROUTING_H_
#define ESCALADE_SIM_MODEL_ROUTING_H_

#include "sim/model/city.h"
#include "sim/model/demand.h"

namespace escalade::model {

// The unit of `level` in the demand's chain: its grid (the first of its community
// when it has none), its community, street or district; kNoUnit for the department
// level or when the community has no grid.
UnitId UnitAtLevel(const City& city, const Demand& demand, Level level);

// The category's lowest level able to resolve it, counting a community's co-governance
// teams (mediation room, volunteer team) when the category lists them.
Level LowestCapable(const Category& category);

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_ROUTING_H_
