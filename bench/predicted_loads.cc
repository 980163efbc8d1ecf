// Predicted loads: the analytic prediction `escalade run` prints before a run
// (analysis::PredictLoads, the traffic equations of the routing chain), for
// every policy of a scenario, without running it. Used to size staff so that
// no unit is near saturation (issue 8: the megacity under every policy).
//
// Usage: predicted_loads SCENARIO.yaml [--above FRACTION] [--top K]
// Prints, per policy, the busiest unit and every unit at or above FRACTION
// (default 0.85) — at most K of them (default 20), busiest first — then the
// busiest unit over all policies by department type. Exit status 1 when some
// unit is at or above FRACTION.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "analysis/load_prediction.h"
#include "sim/scenario/loader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: predicted_loads SCENARIO.yaml [--above FRACTION] [--top K]\n");
    return 2;
  }
  double above = 0.85;
  std::size_t top = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--above") above = std::atof(argv[i + 1]);
    if (std::string(argv[i]) == "--top") top = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }
  escalade::scenario::Diagnostics diags(argv[1]);
  auto s = escalade::scenario::LoadScenario(argv[1], diags);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    return 2;
  }
  bool hot = false;
  // Busiest unit by department type (the part of a unit name before "_d<k>" is not known
  // here, so key by the unit's department index when it has one, else by kind).
  std::map<std::string, std::pair<double, std::string>> by_kind;
  for (const auto& arm : s->policies) {
    auto policy = escalade::scenario::MakeArmPolicy(arm);
    if (!policy.ok()) {
      std::fprintf(stderr, "%s\n", policy.status().message().c_str());
      return 2;
    }
    auto loads = escalade::analysis::PredictLoads(s->city, s->calendar, s->demand, **policy);
    if (!loads.ok()) {
      std::fprintf(stderr, "%s\n", loads.status().message().c_str());
      return 2;
    }
    std::vector<escalade::analysis::PredictedLoad> sorted = *loads;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.utilization > b.utilization; });
    std::printf("%s: busiest %s %.1f%%\n", arm.name.c_str(),
                sorted.empty() ? "-" : s->city.unit(sorted[0].unit).name.c_str(),
                sorted.empty() ? 0.0 : 100 * sorted[0].utilization);
    for (std::size_t i = 0; i < sorted.size() && i < top && sorted[i].utilization >= above; ++i) {
      const auto& p = sorted[i];
      std::printf("  %-40s %6.1f%%  offered %.2f h/h, capacity %.2f\n",
                  s->city.unit(p.unit).name.c_str(), 100 * p.utilization,
                  p.offered_hours_per_hour, p.capacity);
      hot = true;
    }
    for (const auto& p : sorted) {
      const auto& unit = s->city.unit(p.unit);
      const std::string key =
          unit.department >= 0 ? s->city.departments()[static_cast<std::size_t>(unit.department)].name
                               : std::string(escalade::model::UnitKindName(unit.kind));
      auto& best = by_kind[key];
      if (p.utilization > best.first) best = {p.utilization, arm.name + " " + unit.name};
    }
  }
  std::printf("busiest over all policies, by department or kind:\n");
  for (const auto& [key, best] : by_kind) {
    std::printf("  %-24s %6.1f%%  (%s)\n", key.c_str(), 100 * best.first, best.second.c_str());
  }
  return hot ? 1 : 0;
}
