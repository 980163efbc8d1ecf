// Analytic load prediction: before a run, the work each unit will be offered
// per hour under a policy, from the scenario's synthetic demand rates and the
// routing structure of the lifecycle, by solving the traffic equations of the
// routing chain with Eigen. A unit whose offered work reaches its capacity is
// unstable: its queue grows without bound, and the run's numbers for it are
// artefacts of the horizon — `escalade run` names it before simulating.
//
// The routing chain, per origin community, category and intake class (calls
// and apps via the hotline, walk-ins and sensors at the community, grid
// patrol at the grid), follows the lifecycle's rules (policy.h, lifecycle.h):
// intake, first level, mediation rooms and volunteer teams first, resolve or
// escalate with the category's probabilities, orders with returns (a
// self-loop), the crews of the lead and assisting departments or the street's
// enforcement team, and reopening (a loop back to the resolving level). Work
// per visit is the mean of the work distribution; a crew's visit adds its
// travel. Approximations, stated: tiers are taken as green; reopening may
// repeat (the lifecycle allows one; the second-order term is negligible);
// satisfaction is taken at satisfied_on_time; the cap on returns is ignored;
// a rendezvous crew's wait for the others is not counted as work.
//
// Capacity: staff × the share of the week the unit works (office units work
// in working time), so utilization = offered / capacity, comparable with the
// simulated busy share of working time.
//
// Thread safety: a pure function.
#ifndef ESCALADE_ANALYSIS_LOAD_PREDICTION_H_
#define ESCALADE_ANALYSIS_LOAD_PREDICTION_H_

#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/status.h"
#include "sim/model/city.h"
#include "sim/model/demand_spec.h"
#include "sim/model/policy.h"

namespace escalade::analysis {

struct PredictedLoad {
  model::UnitId unit = model::kNoUnit;
  double offered_hours_per_hour = 0;  // work offered per calendar hour
  double capacity = 0;                // staff × share of the week on duty
  double utilization = 0;             // offered / capacity (>= 1: unstable)
};

// Every staffed unit that gets work, in unit order.
kernel::Result<std::vector<PredictedLoad>> PredictLoads(const model::City& city,
                                                        const kernel::Calendar& office,
                                                        const model::DemandSpec& demand,
                                                        const model::Policy& policy);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_LOAD_PREDICTION_H_
