#include "analysis/metrics.h"

#include <algorithm>
#include <map>

namespace escalade::analysis {
const std::vector<std::string>& HeadlineMetrics() {
  static const std::vector<std::string> kHeadline = {
      "demands",          "resolution_rate",        "resolution_h_mean",
      "resolution_h_p90", "resolution_h_p90.red",   "response_rate",
      "satisfaction_rate", "sla_attainment",        "escalations_per_demand",
      "returns_per_demand", "dept_on_time_report_rate", "backlog_end"};
  return kHeadline;
}

MetricsCollector::MetricsCollector(const model::City& city, kernel::SimTime warmup,
                                   kernel::SimTime horizon, model::DeadlineKinds deadlines)
    : city_(city),
      warmup_(warmup),
      horizon_(horizon),
      deadlines_(deadlines),
      resolution_category_(city.categories().size()) {}

void MetricsCollector::OnMidnight(int, std::uint32_t open) { daily_backlog_.push_back(open); }

void MetricsCollector::OnUnit(const model::UnitLoad& load) { workload_.push_back(load); }

void MetricsCollector::OnDemand(const model::DemandRecord& r) {
  if (r.open) ++open_all_;
  if (r.created < warmup_) return;  // warm-up demands are not measured
  ++demands_;
  const kernel::SimTime released = std::max<kernel::SimTime>(r.created, 0);
  escalations_ += static_cast<std::uint64_t>(r.escalations);
  hops_ += static_cast<std::uint64_t>(r.hops);
  returns_ += static_cast<std::uint64_t>(r.returns);
  reopened_ += r.reopens > 0 ? 1 : 0;
  crews_ordered_ += static_cast<std::uint64_t>(r.crews_ordered);
  crews_on_time_ += static_cast<std::uint64_t>(r.crews_on_time);
  whistles_ += static_cast<std::uint64_t>(r.whistles);
  if (r.tier == model::Tier::kRed) {
    ++red_;
    red_reviewed_on_time_ += r.review_on_time ? 1 : 0;
    red_accepted_on_time_ += r.accept_on_time ? 1 : 0;
  }
  const kernel::SimTime taken_up = std::min(r.first_accepted, r.on_site);
  if (taken_up != model::kNoTime && taken_up - released <= 24 * kernel::kHour) ++responded_;
  const auto tier = static_cast<std::size_t>(r.tier);
  if (r.deadline != model::kNoTime && (!r.open || r.deadline <= horizon_)) {
    ++sla_due_;
    ++sla_due_tier_[tier];
    if (!r.open && r.sla_met) {
      ++sla_met_;
      ++sla_met_tier_[tier];
    }
  }
  if (r.open) return;
  ++closed_;
  if (r.satisfied) ++satisfied_;
  if (!r.resolved) return;
  ++resolved_;
  const auto where = static_cast<std::size_t>(r.resolved_at);
  ++resolved_at_[where];
  resolution_where_[where].Add(kernel::ToHours(r.closed - released));
  const double hours = kernel::ToHours(r.closed - released);
  resolution_sum_ += hours;
  resolution_.Add(hours);
  resolution_tier_[tier].Add(hours);
  resolution_category_[static_cast<std::size_t>(r.category)].Add(hours);
}

std::vector<Metric> MetricsCollector::Finish() const {
  const std::vector<std::uint32_t>& daily_backlog = daily_backlog_;
  std::vector<Metric> out;
  auto add = [&out](std::string name, double value) { out.push_back({std::move(name), value}); };
  auto ratio = [](std::uint64_t a, std::uint64_t b) {
    return static_cast<double>(a) / static_cast<double>(b);
  };
  add("demands", static_cast<double>(demands_));
  add("resolved", static_cast<double>(resolved_));
  if (demands_ > 0) add("resolution_rate", ratio(resolved_, demands_));
  if (resolved_ > 0) {
    add("resolution_h_mean", resolution_sum_ / static_cast<double>(resolved_));
    add("resolution_h_p50", resolution_.Quantile(0.5));
    add("resolution_h_p90", resolution_.Quantile(0.9));
    add("resolution_h_p99", resolution_.Quantile(0.99));
    for (int t = 0; t < model::kTierCount; ++t) {
      const kernel::QuantileSketch& sketch = resolution_tier_[static_cast<std::size_t>(t)];
      if (sketch.count() > 0) {
        add("resolution_h_p90." + std::string(model::TierName(static_cast<model::Tier>(t))),
            sketch.Quantile(0.9));
      }
    }
    for (std::size_t k = 0; k < resolution_category_.size(); ++k) {
      if (resolution_category_[k].count() > 0) {
        add("resolution_h_p90." + city_.categories()[k].name, resolution_category_[k].Quantile(0.9));
      }
    }
  }
  if (demands_ > 0) add("response_rate", ratio(responded_, demands_));
  if (closed_ > 0) add("satisfaction_rate", ratio(satisfied_, closed_));
  if (deadlines_.resolve && sla_due_ > 0) {
    add("sla_attainment", ratio(sla_met_, sla_due_));
    for (int t = 0; t < model::kTierCount; ++t) {
      const auto i = static_cast<std::size_t>(t);
      if (sla_due_tier_[i] > 0) {
        add("sla_attainment." + std::string(model::TierName(static_cast<model::Tier>(t))),
            ratio(sla_met_tier_[i], sla_due_tier_[i]));
      }
    }
  }
  if (red_ > 0 && deadlines_.review) {
    add("sla_attainment.review_red", ratio(red_reviewed_on_time_, red_));
  }
  if (red_ > 0 && deadlines_.accept) {
    add("sla_attainment.accept_red", ratio(red_accepted_on_time_, red_));
  }
  if (demands_ > 0) {
    add("escalations_per_demand", ratio(escalations_, demands_));
    add("hops_mean", ratio(hops_, demands_));
    add("returns_per_demand", ratio(returns_, demands_));
    add("reopen_rate", ratio(reopened_, demands_));
    add("whistles_per_demand", ratio(whistles_, demands_));
  }
  if (resolved_ > 0) {
    for (int l = 0; l < model::kPlaceCount; ++l) {
      add("resolved_at." + std::string(model::PlaceName(static_cast<model::Place>(l))),
          ratio(resolved_at_[static_cast<std::size_t>(l)], resolved_));
    }
    for (int l = 0; l < model::kPlaceCount; ++l) {
      const kernel::QuantileSketch& sketch = resolution_where_[static_cast<std::size_t>(l)];
      if (sketch.count() > 0) {
        add("resolution_h_p90_at." + std::string(model::PlaceName(static_cast<model::Place>(l))),
            sketch.Quantile(0.9));
      }
    }
  }
  if (deadlines_.report && crews_ordered_ > 0) {
    add("dept_on_time_report_rate", ratio(crews_on_time_, crews_ordered_));
  }
  // Workload by level, in a fixed order of level names.
  std::map<std::string, std::pair<double, double>> by_level;  // busy, staffed hours
  for (const model::UnitLoad& load : workload_) {
    auto& [busy, staffed] = by_level[std::string(model::KindInfo(city_.unit(load.unit).kind).group)];
    busy += load.busy_hours;
    staffed += load.staffed_hours;
  }
  for (const auto& [level, hours] : by_level) {
    if (hours.second > 0) add("utilization." + level, hours.first / hours.second);
  }
  for (const auto& [level, hours] : by_level) add("staff_hours." + level, hours.first);
  add("backlog_end", static_cast<double>(open_all_));
  // Midnight d + 1 is sample d; only samples after the warm-up count.
  double sum = 0;
  double most = 0;
  std::size_t days = 0;
  for (std::size_t d = 0; d < daily_backlog.size(); ++d) {
    if (static_cast<kernel::SimTime>(d + 1) * kernel::kDay < warmup_) continue;
    sum += daily_backlog[d];
    most = std::max(most, static_cast<double>(daily_backlog[d]));
    ++days;
  }
  if (days > 0) {
    add("backlog_daily_mean", sum / static_cast<double>(days));
    add("backlog_daily_max", most);
  }
  return out;
}

}  // namespace escalade::analysis
