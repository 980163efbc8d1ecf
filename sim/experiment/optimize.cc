// The search of escalade optimize (optimize.h, steps 2-6).
#include "sim/experiment/optimize.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "sim/experiment/runner.h"
#include "sim/scenario/loader.h"

namespace escalade::experiment {
namespace {

// Candidates' store points are numbered from here (sweep points stay below 100,000).
constexpr int kFirstPoint = 1'000'000;
constexpr char kPointParameter[] = "optimize.staffing";

std::string Number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

class Search {
 public:
  Search(const OptimizeProblem& problem, const OptimizeOptions& options, ResultsStore* store)
      : p_(problem), o_(options), store_(store) {
    result_.policy = problem.policy;
    result_.variables = problem.variables;
    result_.constraints = problem.constraints;
  }

  kernel::Result<OptimizeResult> Run();

 private:
  // A candidate's index, evaluated or not (staff within bounds).
  kernel::Result<int> Find(const std::vector<int>& staff, const std::string& move);
  // Brings candidate `c` to at least `n` replications (from the store, else run).
  kernel::Status Extend(int c, int n);
  // The sequential feasibility check of candidate `c`, adding replications as it needs.
  kernel::Status Decide(int c);
  // The confirming intervals of `c`.
  kernel::Status Confirm(int c);
  // KN on the first constraint's metric among `set`; returns the winner.
  kernel::Result<int> Select(const std::vector<int>& set);
  double Cost(int c) const { return ObjectiveValue(result_.candidates[static_cast<std::size_t>(c)], o_.objective); }
  bool Stopped() const {
    return result_.budget_exhausted ||
           (o_.stop != nullptr && o_.stop->load(std::memory_order_relaxed));
  }
  void Log(int c, const std::string& verdict);
  std::string Binding(int c) const;

  const OptimizeProblem& p_;
  const OptimizeOptions& o_;
  ResultsStore* store_;
  OptimizeResult result_;
  std::map<std::vector<int>, int> index_;
  std::map<int, std::unique_ptr<scenario::Scenario>> scenarios_;
  // Per candidate and variable, the sum over replications of its busiest unit's utilisation.
  std::vector<std::vector<double>> utilization_sums_;
};

kernel::Result<int> Search::Find(const std::vector<int>& staff, const std::string& move) {
  if (auto it = index_.find(staff); it != index_.end()) return it->second;
  std::string canonical;
  for (std::size_t v = 0; v < staff.size(); ++v) {
    if (staff[v] == p_.variables[v].shipped) continue;
    canonical += (canonical.empty() ? "" : ";") + p_.variables[v].key + "=" +
                 std::to_string(staff[v]);
  }
  if (canonical.empty()) canonical = "(as shipped)";
  kernel::Result<int> point = store_->FindOrAddPoint(p_.sha256, kPointParameter, canonical,
                                                     kFirstPoint);
  if (!point.ok()) return point.status();
  Candidate c;
  c.point = *point;
  c.staff = staff;
  c.move = move;
  for (std::size_t v = 0; v < staff.size(); ++v) {
    c.staff_total += staff[v] * p_.variables[v].units_per_staff;
    c.staff_hours += staff[v] * p_.variables[v].hours_per_staff;
  }
  c.values.assign(p_.constraints.size(), {});
  c.decisions.assign(p_.constraints.size(), analysis::Decision::kContinue);
  c.utilization.assign(staff.size(), 0.0);
  result_.candidates.push_back(std::move(c));
  utilization_sums_.emplace_back(staff.size(), 0.0);
  const int id = static_cast<int>(result_.candidates.size()) - 1;
  index_[staff] = id;
  return id;
}

kernel::Status Search::Extend(int c, int n) {
  Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
  if (cand.replications >= n || Stopped()) return kernel::Status::Ok();
  if (result_.runs + (n - cand.replications) > o_.budget) {
    result_.budget_exhausted = true;
    return kernel::Status::Ok();
  }
  if (!scenarios_.count(c)) {
    std::vector<std::pair<std::string, std::string>> assignments;
    for (std::size_t v = 0; v < cand.staff.size(); ++v) {
      assignments.push_back({p_.variables[v].key, std::to_string(cand.staff[v])});
    }
    scenario::Diagnostics diags(p_.path);
    kernel::Result<scenario::Scenario> loaded =
        scenario::LoadScenarioPoint(p_.path, assignments, diags);
    if (!loaded.ok()) {
      return kernel::Status::Error("candidate " + std::to_string(c) + ": " + diags.ToString());
    }
    scenarios_[c] = std::make_unique<scenario::Scenario>(std::move(loaded).value());
  }
  const scenario::Scenario& s = *scenarios_[c];
  const scenario::PolicyChoice* arm = nullptr;
  for (const scenario::PolicyChoice& choice : s.policies) {
    if (choice.name == p_.policy) arm = &choice;
  }
  const int first = cand.replications;
  const int count = n - first;
  std::vector<std::optional<kernel::Result<RunOutcome>>> slots(static_cast<std::size_t>(count));
  std::vector<bool> reused(static_cast<std::size_t>(count), false);
  for (int i = 0; i < count; ++i) {
    kernel::Result<std::optional<RunOutcome>> stored =
        store_->GetRun(RunKey{p_.sha256, p_.seed, p_.policy, cand.point, first + i});
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      slots[static_cast<std::size_t>(i)] = std::move(**stored);
      reused[static_cast<std::size_t>(i)] = true;
    }
  }
  std::mutex mutex;
  RunTasks(count, o_.threads, o_.stop, [&](int i) {
    auto& slot = slots[static_cast<std::size_t>(i)];
    if (slot) return;
    const RunKey key{p_.sha256, p_.seed, p_.policy, cand.point, first + i};
    kernel::Result<RunOutcome> outcome = RunOne(s, *arm, key.replication, p_.seed, "", nullptr);
    if (outcome.ok()) {
      if (kernel::Status put = store_->PutRun(key, *outcome); !put.ok()) outcome = put;
    }
    std::lock_guard<std::mutex> lock(mutex);
    slot = std::move(outcome);
  });
  // Take the replications in order up to the first missing one (an interruption).
  for (int i = 0; i < count; ++i) {
    auto& slot = slots[static_cast<std::size_t>(i)];
    if (!slot) break;
    if (!slot->ok()) return slot->status();
    const RunOutcome& outcome = **slot;
    for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
      double value = std::nan("");
      for (const analysis::Metric& m : outcome.metrics) {
        if (m.name == p_.constraints[k].metric) value = m.value;
      }
      cand.values[k].push_back(value);
    }
    std::map<std::uint32_t, double> by_unit;
    for (const model::UnitLoad& load : outcome.workload) by_unit[load.unit] = load.utilization;
    for (std::size_t v = 0; v < p_.variables.size(); ++v) {
      double busiest = 0;
      for (std::uint32_t u : p_.variables[v].units) {
        if (auto it = by_unit.find(u); it != by_unit.end()) busiest = std::max(busiest, it->second);
      }
      utilization_sums_[static_cast<std::size_t>(c)][v] += busiest;
    }
    ++cand.replications;
    ++result_.runs;
    if (reused[static_cast<std::size_t>(i)]) ++result_.runs_reused;
    if (o_.progress) o_.progress(result_.runs, o_.budget);
  }
  for (std::size_t v = 0; v < p_.variables.size(); ++v) {
    cand.utilization[v] = utilization_sums_[static_cast<std::size_t>(c)][v] / cand.replications;
  }
  for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
    cand.intervals.resize(p_.constraints.size());
    cand.intervals[k] = analysis::MeanInterval(cand.values[k]);
  }
  if (cand.replications < n && !Stopped()) result_.interrupted = true;
  return kernel::Status::Ok();
}

kernel::Status Search::Decide(int c) {
  const double beta = o_.alpha / static_cast<double>(p_.constraints.size());
  const int n0 = o_.initial_replications;
  const int step = std::max(1, EffectiveThreads(o_.threads));
  int want = n0;
  while (true) {
    if (kernel::Status s = Extend(c, want); !s.ok()) return s;
    Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
    if (cand.replications < want) return kernel::Status::Ok();  // stopped or out of budget
    bool any_infeasible = false, all_feasible = true;
    for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
      const Constraint& con = p_.constraints[k];
      const std::vector<double>& values = cand.values[k];
      if (std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) {
        cand.decisions[k] = analysis::Decision::kInfeasible;  // not reported: no evidence
      } else {
        cand.decisions[k] = analysis::FeasibilityCheck(values, con.sense, con.threshold,
                                                       con.tolerance, beta, n0);
      }
      any_infeasible |= cand.decisions[k] == analysis::Decision::kInfeasible;
      all_feasible &= cand.decisions[k] == analysis::Decision::kFeasible;
    }
    cand.feasible = all_feasible;
    if (any_infeasible || all_feasible || cand.replications >= o_.max_replications) break;
    want = std::min(o_.max_replications, cand.replications + step);
  }
  const Candidate& done = result_.candidates[static_cast<std::size_t>(c)];
  const bool undecided = !done.feasible && std::none_of(done.decisions.begin(), done.decisions.end(),
                                                        [](analysis::Decision d) {
                                                          return d == analysis::Decision::kInfeasible;
                                                        });
  Log(c, done.feasible ? "feasible" : undecided ? "undecided (counts as infeasible)" : "infeasible");
  return kernel::Status::Ok();
}

kernel::Status Search::Confirm(int c) {
  if (kernel::Status s = Extend(c, o_.confirm_replications); !s.ok()) return s;
  Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
  if (cand.replications < o_.confirm_replications) return kernel::Status::Ok();
  cand.confirmed = true;
  cand.confirm_intervals.assign(p_.constraints.size(), {});
  for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
    const Constraint& con = p_.constraints[k];
    // Over replications 0..N-1 exactly: what `escalade run --replications N` reports.
    const std::vector<double>& all = cand.values[k];
    const std::vector<double> first(all.begin(), all.begin() + o_.confirm_replications);
    const analysis::Interval& i = cand.confirm_intervals[k] = analysis::MeanInterval(first);
    const bool inside = con.sense == analysis::Sense::kAtMost ? i.high <= con.threshold
                                                              : i.low >= con.threshold;
    cand.confirmed &= inside;
  }
  Log(c, cand.confirmed ? "confirmed" : "not confirmed");
  return kernel::Status::Ok();
}

kernel::Result<int> Search::Select(const std::vector<int>& set) {
  if (set.size() == 1) return set.front();
  const Constraint& main = p_.constraints.front();
  const int n0 = o_.initial_replications;
  std::vector<bool> alive(set.size(), true);
  int r = n0;
  for (int c : set) r = std::max(r, result_.candidates[static_cast<std::size_t>(c)].replications);
  while (true) {
    for (std::size_t i = 0; i < set.size(); ++i) {
      if (alive[i]) {
        if (kernel::Status s = Extend(set[i], r); !s.ok()) return s;
      }
    }
    std::vector<std::vector<double>> outputs;
    bool complete = true;
    for (int c : set) {
      const Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
      complete &= cand.replications >= r;
      std::vector<double> v(cand.values.front().begin(),
                            cand.values.front().begin() + std::min(r, cand.replications));
      if (main.sense == analysis::Sense::kAtLeast) {
        for (double& x : v) x = -x;  // KN selects the smallest mean
      }
      outputs.push_back(std::move(v));
    }
    for (std::size_t i = 0; i < set.size() && !complete; ++i) {
      if (!alive[i]) outputs[i].resize(static_cast<std::size_t>(r), 0.0);  // unused
    }
    if (!complete) {
      // Out of budget: the smallest mean over the replications all have.
      std::optional<std::size_t> best;
      double best_mean = 0;
      for (std::size_t i = 0; i < set.size(); ++i) {
        const analysis::Interval iv = analysis::MeanInterval(outputs[i]);
        if (alive[i] && (!best || iv.mean < best_mean)) {
          best = i;
          best_mean = iv.mean;
        }
      }
      return set[best.value_or(0)];
    }
    if (analysis::KnScreen(outputs, n0, main.tolerance, o_.alpha, &alive)) break;
    r += std::max(1, EffectiveThreads(o_.threads));
  }
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (alive[i]) return set[i];
  }
  return set.front();
}

void Search::Log(int c, const std::string& verdict) {
  if (!o_.log) return;
  const Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
  std::string line = p_.policy + " candidate " + std::to_string(c) + " (" + cand.move +
                     ", staff " + Number(cand.staff_total) + ", staff-hours " +
                     Number(cand.staff_hours) + "): " + verdict + " after " +
                     std::to_string(cand.replications) + " replications;";
  for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
    const analysis::Interval& i = cand.intervals[k];
    line += " " + p_.constraints[k].metric + " " + Number(i.mean) + " [" + Number(i.low) + ", " +
            Number(i.high) + "]";
  }
  o_.log(line);
}

std::string Search::Binding(int c) const {
  const Candidate& cand = result_.candidates[static_cast<std::size_t>(c)];
  std::string out;
  const bool any_failed = std::any_of(cand.decisions.begin(), cand.decisions.end(), [](auto d) {
    return d != analysis::Decision::kFeasible;
  });
  for (std::size_t k = 0; k < p_.constraints.size(); ++k) {
    if (any_failed && cand.decisions[k] == analysis::Decision::kFeasible) continue;
    const analysis::Interval& i = cand.intervals[k];
    out += (out.empty() ? "" : "; ") + p_.constraints[k].text + (any_failed ? " fails" : "") + ": " +
           p_.constraints[k].metric + " = " + Number(i.mean) + " [" + Number(i.low) + ", " +
           Number(i.high) + "] over " + std::to_string(cand.replications) + " replications" +
           (cand.decisions[k] == analysis::Decision::kContinue ? " (undecided)" : "");
  }
  return out;
}

kernel::Result<OptimizeResult> Search::Run() {
  const std::size_t n = p_.variables.size();
  std::vector<int> shipped(n), start(n), most(n);
  for (std::size_t v = 0; v < n; ++v) {
    shipped[v] = p_.variables[v].shipped;
    start[v] = std::clamp(p_.variables[v].start, p_.variables[v].lower, p_.variables[v].upper);
    most[v] = p_.variables[v].upper;
  }
  // The shipped staffing, for comparison, on the confirming replications.
  kernel::Result<int> c = Find(shipped, "as shipped");
  if (!c.ok()) return c.status();
  result_.shipped = *c;
  if (kernel::Status s = Confirm(*c); !s.ok()) return s;
  if (kernel::Status s = Decide(*c); !s.ok()) return s;
  // The most staff the search may use: when even that fails, the set is infeasible.
  c = Find(most, "maximum staffing");
  if (!c.ok()) return c.status();
  if (kernel::Status s = Decide(*c); !s.ok()) return s;
  if (Stopped()) return result_;
  if (!result_.candidates[static_cast<std::size_t>(*c)].feasible) {
    result_.infeasible = "infeasible: even the maximum staffing (every varied staff at its upper "
                         "bound) does not meet the constraints: " + Binding(*c);
    return result_;
  }
  const int maximum = *c;

  // Add staff from the analytic start until the constraints hold.
  c = Find(start, "analytic start");
  if (!c.ok()) return c.status();
  int at = *c;
  if (kernel::Status s = Decide(at); !s.ok()) return s;
  while (!Stopped() && !result_.candidates[static_cast<std::size_t>(at)].feasible) {
    const Candidate& cand = result_.candidates[static_cast<std::size_t>(at)];
    std::optional<std::size_t> busiest;
    for (std::size_t v = 0; v < n; ++v) {
      if (cand.staff[v] >= p_.variables[v].upper) continue;
      if (!busiest || cand.utilization[v] > cand.utilization[*busiest]) busiest = v;
    }
    if (!busiest) {
      at = maximum;
      break;
    }
    std::vector<int> next = cand.staff;
    // Saturated variables all grow at once; otherwise the busiest one.
    for (std::size_t v = 0; v < n; ++v) {
      if ((v == *busiest || cand.utilization[v] >= 0.98) && next[v] < p_.variables[v].upper) ++next[v];
    }
    c = Find(next, "add to the busiest (" + p_.variables[*busiest].key + ")");
    if (!c.ok()) return c.status();
    at = *c;
    if (kernel::Status s = Decide(at); !s.ok()) return s;
  }
  std::vector<int> accepted = {at};  // feasible incumbents, in order

  // Remove staff where it is least used, in halving steps, while the constraints hold; then
  // try exchanges; repeat while an exchange lowers the cost.
  std::vector<int> last = {at};
  for (int round = 0; round < 4 && !Stopped(); ++round) {
    std::vector<int> step(n), blocked(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
      step[v] = std::max(1, (result_.candidates[static_cast<std::size_t>(at)].staff[v] -
                             p_.variables[v].lower) / 2);
    }
    while (!Stopped()) {
      const Candidate& cand = result_.candidates[static_cast<std::size_t>(at)];
      std::optional<std::size_t> pick;
      double pick_after = 0;
      for (std::size_t v = 0; v < n; ++v) {
        if (blocked[v] || cand.staff[v] <= p_.variables[v].lower) continue;
        step[v] = std::min(step[v], cand.staff[v] - p_.variables[v].lower);
        const double after = cand.utilization[v] * cand.staff[v] / (cand.staff[v] - step[v]);
        if (!pick || after < pick_after) {
          pick = v;
          pick_after = after;
        }
      }
      if (!pick) break;
      const std::size_t v = *pick;
      if (pick_after >= 0.99) {  // it would saturate: no need to simulate
        if (step[v] > 1) step[v] /= 2;
        else blocked[v] = 1;
        continue;
      }
      std::vector<int> next = cand.staff;
      next[v] -= step[v];
      c = Find(next, "remove " + std::to_string(step[v]) + " from " + p_.variables[v].key);
      if (!c.ok()) return c.status();
      if (kernel::Status s = Decide(*c); !s.ok()) return s;
      if (result_.candidates[static_cast<std::size_t>(*c)].feasible) {
        at = *c;
        accepted.push_back(at);
      } else if (step[v] > 1) {
        step[v] /= 2;
      } else {
        blocked[v] = 1;
      }
    }
    // Exchanges: one staff from the least to each of the most utilised variables.
    const Candidate incumbent = result_.candidates[static_cast<std::size_t>(at)];
    std::vector<std::size_t> order(n);
    for (std::size_t v = 0; v < n; ++v) order[v] = v;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return incumbent.utilization[a] > incumbent.utilization[b];
    });
    std::optional<std::size_t> idlest;
    for (std::size_t k = n; k-- > 0;) {
      if (incumbent.staff[order[k]] > p_.variables[order[k]].lower) {
        idlest = order[k];
        break;
      }
    }
    last = {at};
    int cheaper = -1;
    for (std::size_t k = 0; idlest && k < n && k < static_cast<std::size_t>(o_.exchanges); ++k) {
      const std::size_t j = order[k];
      if (j == *idlest || incumbent.staff[j] >= p_.variables[j].upper) continue;
      std::vector<int> next = incumbent.staff;
      --next[*idlest];
      ++next[j];
      c = Find(next, "move 1 from " + p_.variables[*idlest].key + " to " + p_.variables[j].key);
      if (!c.ok()) return c.status();
      if (Cost(*c) > Cost(at)) continue;
      if (kernel::Status s = Decide(*c); !s.ok()) return s;
      if (!result_.candidates[static_cast<std::size_t>(*c)].feasible) continue;
      if (Cost(*c) < Cost(at) && (cheaper < 0 || Cost(*c) < Cost(cheaper))) cheaper = *c;
      last.push_back(*c);
    }
    if (cheaper < 0) break;
    at = cheaper;
    accepted.push_back(at);
  }
  if (Stopped()) return result_;

  // KN among the last candidates of equal least cost, then the confirmation; stepping back
  // through the accepted incumbents when the answer is not confirmed.
  std::vector<int> set;
  for (int k : last) {
    if (Cost(k) <= Cost(at)) set.push_back(k);
  }
  result_.last_candidates = set;
  kernel::Result<int> chosen = Select(set);
  if (!chosen.ok()) return chosen.status();
  std::vector<int> chain = accepted;
  chain.push_back(*chosen);  // tried first
  for (auto it = chain.rbegin(); it != chain.rend() && !Stopped(); ++it) {
    if (kernel::Status s = Confirm(*it); !s.ok()) return s;
    if (result_.candidates[static_cast<std::size_t>(*it)].confirmed) {
      result_.best = *it;
      break;
    }
  }
  if (result_.best < 0 && !Stopped()) {
    if (kernel::Status s = Confirm(maximum); !s.ok()) return s;
    if (result_.candidates[static_cast<std::size_t>(maximum)].confirmed) result_.best = maximum;
  }
  if (result_.best < 0 && !Stopped()) {
    result_.infeasible = "no candidate's confirming intervals lie inside the constraints: " +
                         Binding(maximum);
  }
  return result_;
}

}  // namespace

double ObjectiveValue(const Candidate& candidate, Objective objective) {
  return objective == Objective::kStaff ? candidate.staff_total : candidate.staff_hours;
}

kernel::Result<OptimizeResult> Optimize(const OptimizeProblem& problem,
                                        const OptimizeOptions& options, ResultsStore* store) {
  Search search(problem, options, store);
  return search.Run();
}

}  // namespace escalade::experiment
