// Analytic load prediction: before a run, the work each unit will be offered
// per hour under a policy, from the scenario's synthetic demand rates and the
// routing structure of the lifecycle, by solving the traffic equations of the
// routing chain with Eigen. A unit whose offered work reaches its capacity is
// unstable: its queue grows without bound, and the run's numbers for it are
// artefacts of the horizon — `escalade run` names it before simulating.
//
// The routing chain, per origin community, category, intake class (calls and
// apps, walk-ins and sensors, grid patrol) and tier, is the policy's own route:
// the chain asks the policy the questions the lifecycle asks (model::Policy —
// intake, first level, who works it at each level, where it goes on failure,
// returns, crews, reopening), so the prediction and the simulation cannot take
// different routes. Tier shares come from grading 2,000 draws of the
// scenario's people / money / urgency distributions. Work per visit is the
// mean of the work distribution; a crew's visit adds its travel.
// Approximations, stated: reopening may repeat (the lifecycle allows one; the
// second-order term is negligible); satisfaction is taken as on time; the cap
// on returns is ignored; a rendezvous crew's wait for the others is not
// counted as work; decisions that depend on the current loads (auto dispatch)
// see an idle city.
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
