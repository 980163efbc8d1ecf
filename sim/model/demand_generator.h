// DemandGenerator: the synthetic demand of one replication, streamed in time
// order with O(communities + grids) memory, whatever the horizon.
//
// Four sources, merged by (release time, source order below):
//  - backlog: DemandSpec::backlog, all released at time 0, oldest first;
//  - residents: a non-homogeneous Poisson process of rate
//      population × per_capita_per_year × hour_of_day × day_of_week × month
//      × (holiday_factor on calendar holidays) × (1 + trend)^years
//    × the multipliers of the bursts active at that instant for that community
//    and category. The rate is piecewise constant per hour (the trend steps
//    hourly, at its value in the middle of the hour; bursts switch at their
//    exact start and end); arrivals are drawn by thinning (Lewis & Shedler
//    1979): candidates at the hour's bound, the community by population, the
//    category by the community's mix, then accepted with probability
//    rate / bound. Channel, people, money and urgency follow DemandSpec;
//  - patrol: per_grid_per_hour × grids during patrol hours (working time of
//    the office calendar, or all the time), grid uniform, category by the
//    patrol mix; channel grid_patrol;
//  - sensors: per group, count × per_sensor_per_year in calendar time, the
//    community by population among the group's communities; channel sensor.
// Each source draws from its own named stream ("arrivals.<source>", entity 0),
// so the list depends only on (scenario, seed, replication): never on a policy.
//
// Thread safety: one generator per replication; the City, Calendar and
// DemandSpec it reads must outlive it and are only read.
#ifndef ESCALADE_SIM_MODEL_DEMAND_GENERATOR_H_
#define ESCALADE_SIM_MODEL_DEMAND_GENERATOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/kernel/calendar.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/demand.h"
#include "sim/model/demand_spec.h"

namespace escalade::model {

class DemandGenerator final : public DemandStream {
 public:
  struct Options {
    std::uint64_t seed = 1;         // the scenario seed
    std::uint64_t replication = 0;  // < RandomStream::kMaxReplications
    kernel::SimTime horizon = 365 * kernel::kDay;  // no demand is created at or after it, > 0
  };

  // Checks the spec against the city (mix sizes, unit kinds of burst, sensor
  // and backlog communities, patrol needing grids) and builds the sampling
  // tables. The loader has checked all of this already; a spec built by hand
  // gets the same checks.
  static kernel::Result<std::unique_ptr<DemandGenerator>> Create(const City& city,
                                                                 const kernel::Calendar& calendar,
                                                                 const DemandSpec& spec,
                                                                 Options options);
  ~DemandGenerator() override;

  // Never fails: the Result is for the DemandStream interface.
  kernel::Result<bool> Next(Demand* demand) override;
  std::string Summary() const override;

  // Demands emitted so far, by DemandSource.
  const std::array<std::uint64_t, kDemandSourceCount>& emitted() const { return emitted_; }

 private:
  class Impl;
  explicit DemandGenerator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::array<std::uint64_t, kDemandSourceCount> emitted_{};
  std::uint64_t next_id_ = 0;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_DEMAND_GENERATOR_H_
