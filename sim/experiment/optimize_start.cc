// escalade optimize, before the search: constraints, decision variables, their units and
// bounds, and the analytic start (optimize.h, steps 1 and the checks of bad input).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "analysis/load_prediction.h"
#include "analysis/queueing_theory.h"
#include "sim/experiment/optimize.h"
#include "sim/experiment/runner.h"
#include "sim/kernel/calendar.h"
#include "sim/model/unit_kind.h"
#include "sim/scenario/key_paths.h"
#include "sim/scenario/loader.h"
#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"

namespace escalade::experiment {
namespace {

// The share of a time target one unit's Erlang C mean wait may take in the analytic start: a
// demand passes a few queues, and the target must also cover work, travel and closed hours.
constexpr double kWaitShareOfTarget = 0.1;

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The mean work (hours) of a visit to `unit`, averaged over the categories it works weighted
// by the scenario's mix; nullopt when it works none with a known mean (hotline, crews' teams).
std::optional<double> MeanWorkHours(const model::City& city, const model::DemandSpec& demand,
                                    const model::Unit& unit) {
  const model::UnitKindInfo& info = model::KindInfo(unit.kind);
  double weight = 0, sum = 0;
  for (std::size_t c = 0; c < city.categories().size(); ++c) {
    const model::Category& category = city.categories()[c];
    const double w = c < demand.mix.size() ? demand.mix[c] : 1.0;
    const std::optional<model::Resolution>* resolution = nullptr;
    if (unit.kind == model::UnitKind::kMediation || unit.kind == model::UnitKind::kVolunteers) {
      resolution = &category.TeamResolution(unit.kind);
    } else if (info.level && !info.team) {
      if (unit.kind == model::UnitKind::kDepartment && category.lead != unit.department &&
          std::find(category.assists.begin(), category.assists.end(), unit.department) ==
              category.assists.end()) {
        continue;
      }
      resolution = &category.resolve[static_cast<std::size_t>(*info.level)];
    }
    if (resolution == nullptr || !resolution->has_value() || !(w > 0)) continue;
    sum += w * (*resolution)->work_hours.Mean();
    weight += w;
  }
  if (!(weight > 0)) return std::nullopt;
  return sum / weight;
}

// The least staff (>= lower) of one unit for the analytic start.
int LeastStaff(const model::Unit& unit, const analysis::PredictedLoad& load, double duty_share,
               std::optional<double> mean_work, const std::vector<Constraint>& constraints,
               int lower) {
  const double erlangs = load.utilization_if_late * unit.staff;  // offered load on duty
  double max_utilization = 1.0;
  std::optional<double> wait_target;  // calendar hours
  for (const Constraint& c : constraints) {
    if (c.sense != analysis::Sense::kAtMost) continue;
    if (c.metric == "utilization." + std::string(model::KindInfo(unit.kind).group)) {
      max_utilization = std::min(max_utilization, c.threshold);
    }
    if (c.metric.rfind("resolution_h", 0) == 0) {
      const double t = kWaitShareOfTarget * c.threshold;
      wait_target = wait_target ? std::min(*wait_target, t) : t;
    }
  }
  int staff = std::max(lower, 1);
  for (; staff < 100000; ++staff) {
    const double rho = erlangs / staff;
    if (!(rho < 1.0) || rho > max_utilization) continue;
    if (wait_target && mean_work && duty_share > 0) {
      const double wait_hours =
          analysis::ErlangC(staff, erlangs) * *mean_work / (staff - erlangs) / duty_share;
      if (wait_hours > *wait_target) continue;
    }
    break;
  }
  return staff;
}

}  // namespace

bool IsProportionMetric(const std::string& metric) {
  for (const char* prefix : {"resolution_rate", "response_rate", "satisfaction_rate",
                             "sla_attainment", "dept_on_time_report_rate", "utilization.",
                             "resolved_at.", "reopen_rate"}) {
    if (metric.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

kernel::Result<Constraint> ParseConstraint(const std::string& text) {
  Constraint c;
  c.text = text;
  const std::size_t le = text.find("<="), ge = text.find(">=");
  const std::size_t at = le != std::string::npos ? le : ge;
  if (at == std::string::npos || (le != std::string::npos && ge != std::string::npos)) {
    return kernel::Status::Error("constraint '" + text +
                                 "': expected METRIC<=X or METRIC>=X (optionally +-TOLERANCE)");
  }
  c.sense = le != std::string::npos ? analysis::Sense::kAtMost : analysis::Sense::kAtLeast;
  c.metric = Trim(text.substr(0, at));
  std::string rest = Trim(text.substr(at + 2));
  std::string tolerance;
  for (const char* sign : {"+-", "\xC2\xB1"}) {  // "+-" or "±"
    const std::size_t s = rest.find(sign);
    if (s != std::string::npos) {
      tolerance = Trim(rest.substr(s + std::string(sign).size()));
      rest = Trim(rest.substr(0, s));
    }
  }
  const std::optional<double> x = ParseNumber(rest);
  if (c.metric.empty() || !x) {
    return kernel::Status::Error("constraint '" + text + "': expected METRIC<=X or METRIC>=X " +
                                 "with a number X");
  }
  c.threshold = *x;
  if (!tolerance.empty()) {
    const std::optional<double> e = ParseNumber(tolerance);
    if (!e || !(*e > 0)) {
      return kernel::Status::Error("constraint '" + text + "': the tolerance after +- must be a " +
                                   "positive number");
    }
    c.tolerance = *e;
  }
  return c;
}

kernel::Result<OptimizeProblem> PrepareOptimize(const std::string& path,
                                                const scenario::Scenario& scenario,
                                                const std::string& sha256,
                                                const OptimizeOptions& options) {
  OptimizeProblem problem;
  problem.path = path;
  problem.sha256 = sha256;
  problem.scenario = &scenario;
  problem.policy = options.policy;
  problem.seed = options.has_seed ? options.seed : scenario.experiment.seed;
  kernel::Result<ArmSelection> selection = SelectArms(scenario, {options.policy});
  if (!selection.ok()) return selection.status();
  const scenario::PolicyChoice& arm = *selection->arms.front();
  if (options.constraints.empty()) {
    return kernel::Status::Error("at least one --constraint is needed");
  }

  // The metrics: a replication of the scenario as shipped says which this policy reports.
  kernel::Result<RunOutcome> probe = RunOne(scenario, arm, 0, problem.seed, "", nullptr);
  if (!probe.ok()) return probe.status();
  std::vector<std::string> names;
  for (const analysis::Metric& m : probe->metrics) names.push_back(m.name);
  for (Constraint c : options.constraints) {
    if (std::find(names.begin(), names.end(), c.metric) == names.end()) {
      std::string message = "constraint '" + c.text + "': no metric '" + c.metric + "' under " +
                            options.policy;
      const std::optional<std::string_view> best =
          io::Closest(c.metric, names, std::max<std::size_t>(1, c.metric.size() / 3));
      if (best) {
        message += "; did you mean '" + std::string(*best) + "'?";
      } else if (c.metric == "dept_on_time_report_rate" || c.metric.rfind("sla_attainment", 0) == 0) {
        message += " (the policy sets no deadline it measures)";
      } else {
        message += " (README \"Metrics\" lists them)";
      }
      return kernel::Status::Error(message);
    }
    if (c.tolerance == 0) {
      c.tolerance = IsProportionMetric(c.metric) ? 0.005 : std::max(1e-9, 0.05 * std::abs(c.threshold));
    }
    problem.constraints.push_back(c);
  }

  // The decision variables.
  scenario::Diagnostics diags(path);
  std::optional<YAML::Node> document = io::ParseYamlFile(path, diags);
  if (!document) return kernel::Status::Error(diags.ToString());
  std::vector<scenario::KeyPathValue> keys;
  if (options.vary.empty()) {
    keys = scenario::StaffKeyPaths(*document);
  } else {
    std::set<std::string> seen;
    for (const std::string& pattern : options.vary) {
      kernel::Result<std::vector<scenario::KeyPathValue>> found =
          scenario::ExpandKeyPath(*document, pattern);
      if (!found.ok()) return kernel::Status::Error("--vary: " + found.status().message());
      for (scenario::KeyPathValue& k : *found) {
        if (seen.insert(k.path).second) keys.push_back(std::move(k));
      }
    }
  }
  if (keys.empty()) return kernel::Status::Error(path + " sets no staff: nothing to vary");

  const double office_share =
      kernel::ToHours(scenario.calendar.WorkingTimeBetween(0, 365 * kernel::kDay)) / 8760.0;
  auto duty_share = [&](const model::Unit& u) {
    return u.hours == model::StaffHours::kOffice ? office_share : 1.0;
  };
  std::map<model::UnitId, analysis::PredictedLoad> predicted;
  if (!scenario.trace) {
    kernel::Result<std::unique_ptr<model::Policy>> policy = scenario::MakeArmPolicy(arm);
    if (policy.ok()) {
      kernel::Result<std::vector<analysis::PredictedLoad>> loads =
          analysis::PredictLoads(scenario.city, scenario.calendar, scenario.demand, **policy);
      if (loads.ok()) {
        for (const analysis::PredictedLoad& l : *loads) predicted[l.unit] = l;
      }
    }
  }

  for (const scenario::KeyPathValue& k : keys) {
    const std::optional<double> value = ParseNumber(k.value);
    if (!value || *value != std::floor(*value) || *value < 0) {
      return kernel::Status::Error("--vary: " + k.path + " is '" + k.value +
                                   "', not a staff number (a whole number)");
    }
    DecisionVariable v;
    v.key = k.path;
    v.shipped = static_cast<int>(*value);
    v.line = k.line;
    v.column = k.column;
    // Its units: those whose staff changes when it does.
    scenario::Diagnostics point_diags(path);
    kernel::Result<scenario::Scenario> bumped = scenario::LoadScenarioPoint(
        path, {{k.path, std::to_string(v.shipped + 1)}}, point_diags);
    if (!bumped.ok()) {
      return kernel::Status::Error("--vary: " + k.path + " cannot be changed: " +
                                   point_diags.ToString());
    }
    int start = 1;
    for (model::UnitId u = 0; u < scenario.city.size(); ++u) {
      const model::Unit& unit = scenario.city.unit(u);
      if (bumped->city.unit(u).staff == unit.staff) continue;
      v.units.push_back(u);
      v.hours_per_staff += duty_share(unit) * 8760.0;
      v.units_per_staff += 1;
      const auto load = predicted.find(u);
      if (load != predicted.end()) {
        start = std::max(start, LeastStaff(unit, load->second, duty_share(unit),
                                           MeanWorkHours(scenario.city, scenario.demand, unit),
                                           problem.constraints, v.lower));
      }
    }
    if (v.units.empty()) {
      return kernel::Status::Error("--vary: " + k.path + " sets the staff of no unit");
    }
    v.start = predicted.empty() ? v.shipped : start;
    v.upper = std::max({v.shipped, v.start, v.lower}) * 3 + 4;
    problem.variables.push_back(std::move(v));
  }
  return problem;
}

}  // namespace escalade::experiment
