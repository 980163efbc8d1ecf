#include "sim/cli/window_report.h"

#include <cstdio>

#include "analysis/mser.h"

namespace escalade::cli {
namespace {

// Whether the demand or the offices change over the run other than by the start-up
// transient — holidays, bursts, a monthly profile, a trend — which can also place MSER's
// truncation point (it assumes a series that settles to a steady level).
bool HasSeasons(const scenario::Scenario& s) {
  if (!s.demand.bursts.empty() || s.demand.trend_per_year != 0) return true;
  for (double m : s.demand.month) {
    if (m != s.demand.month.front()) return true;
  }
  for (kernel::SimTime t = 0; t < s.experiment.horizon; t += kernel::kDay) {
    if (s.calendar.IsHoliday(s.calendar.DateOf(t))) return true;
  }
  return false;
}

}  // namespace

void ReportMeasurementWindow(const scenario::Scenario& scenario,
                             const experiment::RunResult& result) {
  const double warmup_days = kernel::ToHours(scenario.experiment.warmup) / 24;
  for (const experiment::ArmResult& arm : result.arms) {
    const analysis::TruncationSummary t = analysis::MserOfReplications(arm.daily_backlog);
    if (t.series == 0) {
      std::printf("warm-up check under %s: the horizon is too short for MSER-5 (20 days of "
                  "daily backlog at least)\n", arm.name.c_str());
    } else {
      std::printf("warm-up check under %s (MSER-5 on each replication's daily backlog): "
                  "truncation point %zu days (median; largest %zu) against a warm-up of %.3g "
                  "days",
                  arm.name.c_str(), t.median, t.max, warmup_days);
      // MSER-5 assumes a series that settles; seasons, holidays or a trend put the minimum
      // late, and so does noise at the very end now and then.
      if (t.unreliable > 0) {
        std::printf("; in %zu of %zu the minimum lies past half the horizon (seasons, holidays "
                    "or a trend: read the point with care)",
                    t.unreliable, t.series);
      }
      std::printf("\n");
      if (warmup_days < static_cast<double>(t.median)) {
        std::fprintf(stderr,
                     "warning: under %s the configured warm-up (%.3g days) is shorter than the "
                     "MSER-5 truncation point of the daily backlog (%zu days, median over %zu "
                     "replications): the start-up transient biases the metrics; set "
                     "experiment.warmup to at least %zud%s\n",
                     arm.name.c_str(), warmup_days, t.median, t.series, t.median,
                     HasSeasons(scenario)
                         ? " — unless the point marks this scenario's holidays, bursts or "
                           "seasons rather than its start (MSER-5 assumes a backlog that "
                           "settles): look at backlog.csv first"
                         : "");
      }
    }
    // The cool-down's limit cut measured demands off: their times are censored.
    double open = 0;
    int runs = 0;
    for (const std::vector<analysis::Metric>& replication : arm.metrics) {
      for (const analysis::Metric& m : replication) {
        if (m.name == "open_at_end" && m.value > 0) {
          open += m.value;
          ++runs;
        }
      }
    }
    if (runs > 0) {
      std::fprintf(stderr,
                   "warning: under %s, %.0f measured demands in %d replication(s) were still "
                   "open %.0f days after the horizon, the cool-down's limit: their times are "
                   "left out of the time metrics (open_at_end in summary.csv)\n",
                   arm.name.c_str(), open, runs,
                   kernel::ToHours(experiment::kCooldownLimit) / 24);
    }
  }
}

}  // namespace escalade::cli
