// Per-replication metrics, computed from the demand records and the units'
// workload of one Lifecycle run, in bounded memory (counters and mergeable
// quantile sketches; no per-demand storage). The names are a public interface
// (docs/architecture.md "Output contract", README "Metrics"); every definition is
// here, in one place:
//
//   demands                 demands created in [warm-up, horizon) (the measured demands);
//                           each is followed to its end, past the horizon if need be (the
//                           cool-down, Lifecycle::Options::cooldown_limit), so no time
//                           metric is cut off at the horizon
//   resolved                of those, closed resolved
//   resolution_rate         resolved / demands
//   resolution_h_mean, resolution_h_p50, resolution_h_p90, resolution_h_p99
//                           closed − released, hours, over the measured resolved demands
//                           (the lower q-quantile, element floor(q·(n−1)) of the sorted
//                           times, within 0.5% relative error: DDSketch)
//   resolution_h_p90.<tier> the same p90 per tier (red, yellow, green)
//   resolution_h_p90.<category>  and per category (by its name)
//   resolution_h_p90_at.<where>  and by where it was resolved (as resolved_at)
//   response_rate           measured demands taken up — accepted by a unit or a crew on
//                           site — within 24 hours of release [assumed definition: Beijing's
//                           "response" is contact within a day]
//   satisfaction_rate       satisfied / closed (measured demands)
//   sla_attainment          closed by the tier's resolve deadline / measured demands with a
//                           deadline that closed, or are still open at the run's end with the
//                           deadline at or before the horizon (a breach) (only when the
//                           policy sets deadlines); sla_attainment.<tier> likewise
//   sla_attainment.review_red, sla_attainment.accept_red
//                           red demands reviewed / taken up at every unit within the policy's
//                           review / accept deadlines (only when it sets them)
//   escalations_per_demand, hops_mean, returns_per_demand, reopen_rate
//   whistles_per_demand     department orders issued from below the district (a street's
//                           whistle, a community's order) per measured demand
//   resolved_at.<where>     share of the resolved demands resolved at grid, community,
//                           street, district, department, mediation (rooms), volunteers
//   dept_on_time_report_rate  crews on site within the report deadline / crews ordered
//                           (only when the policy sets a report deadline)
//   utilization.<level>     busy hours / staffed hours over the units of that level (grid,
//                           community, street, district, department, hotline, team), over
//                           [0, horizon] (the cool-down is not counted)
//   staff_hours.<level>     busy hours of that level, likewise
//   backlog_end             demands open at the horizon (all, measured or not)
//   open_at_end             measured demands still open when the cool-down limit ended the
//                           run (their times are censored); absent when 0
//   backlog_daily_mean, backlog_daily_max
//                           demands open at each midnight after the warm-up, to the horizon
//
// Thread safety: one collector per replication.
#ifndef ESCALADE_ANALYSIS_METRICS_H_
#define ESCALADE_ANALYSIS_METRICS_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/quantile_sketch.h"
#include "sim/kernel/time.h"
#include "sim/model/city.h"
#include "sim/model/policy.h"
#include "sim/model/record.h"

namespace escalade::analysis {

struct Metric {
  std::string name;
  double value = 0;
};

// The headline metrics of the comparison table, in display order.
const std::vector<std::string>& HeadlineMetrics();

// A RecordSink: fed one replication's demand records, midnight samples and workload.
class MetricsCollector final : public model::RecordSink {
 public:
  // `deadlines`: which deadlines the policy sets (so which attainment metrics are defined).
  // REQUIRES: city outlives the collector.
  MetricsCollector(const model::City& city, kernel::SimTime warmup, kernel::SimTime horizon,
                   model::DeadlineKinds deadlines);

  void OnDemand(const model::DemandRecord& record) override;
  void OnMidnight(int day, std::uint32_t open) override;
  void OnUnit(const model::UnitLoad& load) override;

  // Every metric, in a fixed order (metrics without a meaning for this run — no
  // deadlines, no crews, no resolved demand — are left out).
  std::vector<Metric> Finish() const;
  // What the run fed it: the open demands at each midnight ([d]: the start of day d + 1)
  // and the staffed units' workload, in unit order.
  const std::vector<std::uint32_t>& daily_backlog() const { return daily_backlog_; }
  const std::vector<model::UnitLoad>& workload() const { return workload_; }

 private:
  const model::City& city_;
  kernel::SimTime warmup_;
  kernel::SimTime horizon_;
  model::DeadlineKinds deadlines_;
  std::vector<std::uint32_t> daily_backlog_;
  std::vector<model::UnitLoad> workload_;
  std::uint64_t demands_ = 0, closed_ = 0, resolved_ = 0, responded_ = 0, satisfied_ = 0;
  std::uint64_t open_all_ = 0, open_at_end_ = 0;
  std::uint64_t escalations_ = 0, hops_ = 0, returns_ = 0, reopened_ = 0;
  std::uint64_t crews_ordered_ = 0, crews_on_time_ = 0, whistles_ = 0;
  std::uint64_t red_ = 0, red_reviewed_on_time_ = 0, red_accepted_on_time_ = 0;
  std::uint64_t sla_due_ = 0, sla_met_ = 0;
  std::array<std::uint64_t, model::kTierCount> sla_due_tier_{}, sla_met_tier_{};
  std::array<std::uint64_t, model::kPlaceCount> resolved_at_{};  // by model::Place
  double resolution_sum_ = 0;
  kernel::QuantileSketch resolution_;
  std::array<kernel::QuantileSketch, model::kTierCount> resolution_tier_;
  std::vector<kernel::QuantileSketch> resolution_category_;  // by category index
  std::array<kernel::QuantileSketch, model::kPlaceCount> resolution_where_;  // by model::Place
};

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_METRICS_H_
