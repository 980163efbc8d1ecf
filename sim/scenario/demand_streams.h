// The demand of one replication of a scenario: its synthetic generator
// (model::DemandGenerator) or its trace replay (TraceReplay), whichever the
// scenario declares. The one place that chooses.
//
// Thread safety: one stream per replication; the Scenario must outlive it.
#ifndef ESCALADE_SIM_SCENARIO_DEMAND_STREAMS_H_
#define ESCALADE_SIM_SCENARIO_DEMAND_STREAMS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "sim/kernel/status.h"
#include "sim/model/demand.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/trace_replay.h"

namespace escalade::scenario {

struct DemandStreamOptions {
  std::uint64_t replication = 0;
  bool has_seed = false;       // use `seed` instead of experiment.seed
  std::uint64_t seed = 0;
  bool skip_bad_rows = false;  // trace only: count bad rows instead of failing
  std::string trace_file;      // trace only: replaces the mapping's trace.file when not empty
  // Synthetic only: create demands up to this instant (ms) instead of the experiment
  // horizon, for a run's cool-down (model::Lifecycle::Options::cooldown_limit); the demands
  // before the horizon are the same. 0 = the horizon. A trace ends at the horizon anyway.
  kernel::SimTime arrivals_until = 0;
};

// What a replay of the scenario's trace needs around the mapping: its start, time zone,
// horizon and demand sizes. The scenario must outlive the frame.
trace::ReplayFrame ReplayFrameOf(const Scenario& scenario);

// Note the absence of any policy: the demand depends on (scenario, seed,
// replication) only.
kernel::Result<std::unique_ptr<model::DemandStream>> OpenDemandStream(
    const Scenario& scenario, const DemandStreamOptions& options);

}  // namespace escalade::scenario

#endif  // ESCALADE_SIM_SCENARIO_DEMAND_STREAMS_H_
