#include "sim/experiment/optimize_files.h"

#include <algorithm>
#include <cstdio>

#include "analysis/csv_number.h"
#include "sim/scenario/key_paths.h"

namespace escalade::experiment {
namespace {

using analysis::CsvNumber;

std::string DecisionName(analysis::Decision d) {
  switch (d) {
    case analysis::Decision::kFeasible: return "feasible";
    case analysis::Decision::kInfeasible: return "infeasible";
    case analysis::Decision::kContinue: return "undecided";
  }
  return "undecided";
}

// CSV text without commas or quotes (moves and notes are prose).
std::string Plain(std::string text) {
  for (char& c : text) {
    if (c == ',' || c == '"' || c == '\n') c = c == '\n' ? ' ' : ';';
  }
  return text;
}

std::string Short(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

// The bound that decides a constraint: the high end for <=, the low end for >=.
double Bound(const Constraint& c, const analysis::Interval& i) {
  return c.sense == analysis::Sense::kAtMost ? i.high : i.low;
}

// The interval a table reports: the confirming one when there is one (it matches `escalade
// run --replications N`), else the one over every replication.
const analysis::Interval& Reported(const Candidate& c, std::size_t k) {
  return k < c.confirm_intervals.size() ? c.confirm_intervals[k] : c.intervals[k];
}

}  // namespace

OptimizeTables MakeOptimizeTables(const std::vector<OptimizeResult>& results) {
  OptimizeTables t;
  if (results.empty()) return t;
  const OptimizeResult& first = results.front();
  t.candidates = "policy,candidate,move,staff,staff_hours,replications,feasible,confirmed,selected";
  for (const Constraint& c : first.constraints) {
    t.candidates += "," + c.metric + "_mean," + c.metric + "_ci95_low," + c.metric +
                    "_ci95_high," + c.metric + "_decision";
  }
  for (const DecisionVariable& v : first.variables) t.candidates += "," + v.key;
  t.candidates += "\n";
  t.pareto = "policy,candidate,staff_hours,staff,metric,mean,ci95_low,ci95_high,feasible\n";
  t.result = "policy,found,staff_shipped,staff,staff_hours_shipped,staff_hours";
  for (const Constraint& c : first.constraints) {
    t.result += "," + c.metric + "_shipped," + c.metric + "," + c.metric +
                (c.sense == analysis::Sense::kAtMost ? "_ci95_high" : "_ci95_low");
  }
  t.result += ",candidates,runs,note\n";

  for (const OptimizeResult& r : results) {
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
      const Candidate& c = r.candidates[i];
      std::string row = r.policy + "," + std::to_string(i) + "," + Plain(c.move) + "," +
                        CsvNumber(c.staff_total) + "," + CsvNumber(c.staff_hours) + "," +
                        std::to_string(c.replications) + "," + (c.feasible ? "true" : "false") +
                        "," + (c.confirmed ? "true" : "false") + "," +
                        (static_cast<int>(i) == r.best ? "true" : "false");
      for (std::size_t k = 0; k < r.constraints.size(); ++k) {
        const analysis::Interval iv =
            k < c.intervals.size() ? c.intervals[k] : analysis::Interval{};
        row += "," + CsvNumber(iv.mean) + "," + CsvNumber(iv.low) + "," + CsvNumber(iv.high) +
               "," + DecisionName(c.decisions[k]);
      }
      for (int s : c.staff) row += "," + std::to_string(s);
      t.candidates += row + "\n";
    }
    // Pareto: evaluated candidates not beaten on both staff-hours and the main metric.
    const Constraint& main = r.constraints.front();
    auto better = [&](double a, double b) {
      return main.sense == analysis::Sense::kAtMost ? a < b : a > b;
    };
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
      if (r.candidates[i].replications >= 2) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return r.candidates[a].staff_hours < r.candidates[b].staff_hours;
    });
    bool have = false;
    double best_so_far = 0;
    for (std::size_t i : order) {
      const Candidate& c = r.candidates[i];
      const analysis::Interval& iv = c.intervals.front();
      if (have && !better(iv.mean, best_so_far)) continue;
      have = true;
      best_so_far = iv.mean;
      t.pareto += r.policy + "," + std::to_string(i) + "," + CsvNumber(c.staff_hours) + "," +
                  CsvNumber(c.staff_total) + "," + main.metric + "," + CsvNumber(iv.mean) + "," +
                  CsvNumber(iv.low) + "," + CsvNumber(iv.high) + "," +
                  (c.feasible ? "true" : "false") + "\n";
    }
    // The result row.
    const Candidate* shipped = r.shipped >= 0 ? &r.candidates[static_cast<std::size_t>(r.shipped)] : nullptr;
    const Candidate* best = r.best >= 0 ? &r.candidates[static_cast<std::size_t>(r.best)] : nullptr;
    auto number = [](const Candidate* c, double Candidate::*field) {
      return c == nullptr ? std::string() : CsvNumber(c->*field);
    };
    std::string row = r.policy + "," + (best ? "true" : "false") + "," +
                      number(shipped, &Candidate::staff_total) + "," +
                      number(best, &Candidate::staff_total) + "," +
                      number(shipped, &Candidate::staff_hours) + "," +
                      number(best, &Candidate::staff_hours);
    for (std::size_t k = 0; k < r.constraints.size(); ++k) {
      row += "," + (shipped ? CsvNumber(Reported(*shipped, k).mean) : "");
      row += "," + (best ? CsvNumber(Reported(*best, k).mean) : "");
      row += "," + (best ? CsvNumber(Bound(r.constraints[k], Reported(*best, k))) : "");
    }
    std::string note = r.infeasible;
    if (r.interrupted) note = "interrupted";
    if (r.budget_exhausted) note = "budget exhausted";
    row += "," + std::to_string(r.candidates.size()) + "," + std::to_string(r.runs) + "," +
           Plain(note);
    t.result += row + "\n";
  }
  return t;
}

kernel::Result<std::string> OptimizedYaml(const std::string& text, const OptimizeResult& result,
                                          const std::string& command) {
  const Candidate& best = result.candidates[static_cast<std::size_t>(result.best)];
  std::vector<scenario::ScalarEdit> edits;
  for (std::size_t v = 0; v < result.variables.size(); ++v) {
    const DecisionVariable& var = result.variables[v];
    if (best.staff[v] == var.shipped) continue;
    scenario::ScalarEdit e;
    e.line = var.line;
    e.column = var.column;
    e.before = std::to_string(var.shipped);
    e.after = std::to_string(best.staff[v]);
    e.note = var.key + " " + e.before + " \xE2\x86\x92 " + e.after;  // →
    edits.push_back(std::move(e));
  }
  kernel::Result<std::string> edited =
      scenario::EditScalars(text, std::move(edits), "optimize " + result.policy);
  if (!edited.ok()) return edited.status();
  std::string header = "# Staffing from `" + command + "`:\n# the least ";
  header += "staff-hours found meeting";
  for (const Constraint& c : result.constraints) header += " " + c.text;
  header += " under " + result.policy + ";\n# lines marked \"optimize\" were changed (before \xE2\x86\x92 after).\n";
  return header + *edited;
}

std::string ResultTable(const std::vector<OptimizeResult>& results) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-22s %15s %21s", "policy", "staff", "staff-hours/year");
  out += line;
  if (!results.empty()) {
    for (const Constraint& c : results.front().constraints) {
      std::snprintf(line, sizeof line, "  %-34s", (c.metric + " (95% bound)").c_str());
      out += line;
    }
  }
  out += "\n";
  for (const OptimizeResult& r : results) {
    const Candidate* shipped = r.shipped >= 0 ? &r.candidates[static_cast<std::size_t>(r.shipped)] : nullptr;
    const Candidate* best = r.best >= 0 ? &r.candidates[static_cast<std::size_t>(r.best)] : nullptr;
    auto pair = [&](double Candidate::*field) {
      std::string s = shipped ? Short(shipped->*field) : "?";
      return s + " -> " + (best ? Short(best->*field) : "none");
    };
    std::snprintf(line, sizeof line, "%-22s %15s %21s", r.policy.c_str(),
                  pair(&Candidate::staff_total).c_str(), pair(&Candidate::staff_hours).c_str());
    out += line;
    for (std::size_t k = 0; k < r.constraints.size(); ++k) {
      std::string cell = shipped ? Short(Reported(*shipped, k).mean) + " (" +
                                       Short(Bound(r.constraints[k], Reported(*shipped, k))) + ")"
                                 : "?";
      cell += " -> ";
      cell += best ? Short(Reported(*best, k).mean) + " (" +
                         Short(Bound(r.constraints[k], Reported(*best, k))) + ")"
                   : "none";
      std::snprintf(line, sizeof line, "  %-34s", cell.c_str());
      out += line;
    }
    out += "\n";
  }
  for (const OptimizeResult& r : results) {
    if (r.best < 0) {
      std::string why = r.infeasible;
      if (r.budget_exhausted) why = "the budget of runs ran out before an answer (raise --budget)";
      if (r.interrupted) why = "interrupted";
      out += r.policy + ": no staffing found: " + why + "\n";
      continue;
    }
    const Candidate& best = r.candidates[static_cast<std::size_t>(r.best)];
    std::string changes;
    for (std::size_t v = 0; v < r.variables.size(); ++v) {
      if (best.staff[v] == r.variables[v].shipped) continue;
      changes += "\n  " + r.variables[v].key + " " + std::to_string(r.variables[v].shipped) +
                 " -> " + std::to_string(best.staff[v]);
    }
    out += r.policy + ": " + std::to_string(r.candidates.size()) + " candidates, " +
           std::to_string(r.runs) + " runs (" + std::to_string(r.runs_reused) +
           " from the store); changes against the file:" + (changes.empty() ? " none" : changes) +
           "\n";
  }
  return out;
}

}  // namespace escalade::experiment
