#include "sim/scenario/demand_streams.h"

#include <algorithm>
#include <utility>

#include "sim/model/demand_generator.h"

namespace escalade::scenario {

trace::ReplayFrame ReplayFrameOf(const Scenario& scenario) {
  return {scenario.calendar.start_date(), scenario.utc_offset_minutes, scenario.experiment.horizon,
          &scenario.demand};
}

kernel::Result<std::unique_ptr<model::DemandStream>> OpenDemandStream(
    const Scenario& scenario, const DemandStreamOptions& options) {
  if (scenario.trace) {
    trace::TraceReplay::Options replay;
    replay.seed = options.has_seed ? options.seed : scenario.experiment.seed;
    replay.replication = options.replication;
    replay.skip_bad_rows = options.skip_bad_rows;
    replay.file = options.trace_file;
    kernel::Result<std::unique_ptr<trace::TraceReplay>> opened =
        trace::TraceReplay::Open(*scenario.trace, ReplayFrameOf(scenario), replay);
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<model::DemandStream>(std::move(opened).value());
  }
  model::DemandGenerator::Options generator;
  generator.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  generator.replication = options.replication;
  generator.horizon = std::max(scenario.experiment.horizon, options.arrivals_until);
  kernel::Result<std::unique_ptr<model::DemandGenerator>> created =
      model::DemandGenerator::Create(scenario.city, scenario.calendar, scenario.demand, generator);
  if (!created.ok()) return created.status();
  return std::unique_ptr<model::DemandStream>(std::move(created).value());
}

}  // namespace escalade::scenario
