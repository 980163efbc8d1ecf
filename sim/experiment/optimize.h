// escalade optimize: the least staffing that meets service targets, searched
// with the simulator in the loop (README "Optimising staffing").
//
// Decision variables are the integer `staff:` values of the scenario file,
// addressed by the key paths sweeps use (wildcards allowed); each sets the
// staff of the units it governs (found by loading the file with it changed).
// The method, in order:
//  1. analytic start (optimize_start.cc): per unit, the least staff that keeps
//     its predicted load (analysis/load_prediction) stable and, for a time
//     target, keeps its Erlang C mean wait under a tenth of the target;
//  2. the maximum staffing is checked first: when even it fails a constraint,
//     the set is reported infeasible with that constraint named, no search;
//  3. greedy search (a heuristic): add staff where the simulated utilisation is
//     highest until the constraints hold, then remove staff where it is lowest
//     (halving steps) while they still hold;
//  4. every candidate's feasibility is decided by the sequential check of
//     analysis/ranking_selection.h on its replications (common random numbers:
//     replication r of every candidate sees the same demands), one-sided, with
//     error probability alpha / (number of constraints) per constraint;
//  5. the last candidates — the answer and its feasible exchanges of one staff
//     from its least to its most utilised variables at no more cost — are
//     ranked on the first constraint's metric by KN on paired differences;
//  6. the answer is confirmed on `confirm_replications` replications: its
//     two-sided 95% interval (the one `escalade run` prints) must lie inside
//     every constraint, else the search steps back to the previous answer.
// Runs go to the results store as they finish (one store point per
// candidate), so an interrupted optimisation run again reuses every run.
//
// Thread safety: Optimize is called from one thread; it runs replications on
// `threads` workers.
#ifndef ESCALADE_SIM_EXPERIMENT_OPTIMIZE_H_
#define ESCALADE_SIM_EXPERIMENT_OPTIMIZE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/confidence.h"
#include "analysis/ranking_selection.h"
#include "sim/experiment/results_store.h"
#include "sim/kernel/status.h"
#include "sim/scenario/scenario.h"

namespace escalade::experiment {

struct Constraint {
  std::string text;    // as written, e.g. "resolution_h_p90<=80"
  std::string metric;  // a metric name of summary.csv, grouped ones included
  analysis::Sense sense = analysis::Sense::kAtMost;
  double threshold = 0;
  // ε of the sequential check (same unit as the metric): a candidate whose mean is inside the
  // constraint by ε or more is found feasible with probability ≥ 1 − β. 0 = the default:
  // 0.005 for proportions (rates, attainment, utilisation, resolved_at), else 5% of |X|.
  double tolerance = 0;
};

// "METRIC<=X" or "METRIC>=X", optionally followed by "+-E" (or "±E") for the tolerance.
// Errors name the text and the expected form.
kernel::Result<Constraint> ParseConstraint(const std::string& text);

// Whether a metric is a proportion in [0, 1] (its default tolerance is absolute).
bool IsProportionMetric(const std::string& metric);

enum class Objective {
  kStaffHours,  // Σ staff × hours on duty a year (office units count their working hours)
  kStaff,       // Σ staff (head count)
};

struct OptimizeOptions {
  std::string policy;                   // the arm (a name of the scenario's policies)
  std::vector<Constraint> constraints;  // at least one
  std::vector<std::string> vary;        // key path patterns; empty = every staff: of the file
  Objective objective = Objective::kStaffHours;
  int budget = 4000;               // runs (candidate × replication) at most, reused ones included
  int initial_replications = 10;   // n0 of the sequential check, >= 2
  int max_replications = 50;       // per candidate in the search; undecided then = infeasible
  int confirm_replications = 20;   // replications of the answer's confirming intervals
  double alpha = 0.05;             // error probability of one candidate's decision
  int exchanges = 3;               // most-utilised variables tried in the exchange step
  bool has_seed = false;           // replace experiment.seed by `seed`
  std::uint64_t seed = 0;
  int threads = 0;                 // worker threads; 0 = all cores
  const std::atomic<bool>* stop = nullptr;  // set: no new run starts; the result is interrupted
  // Called after each run: runs done so far and the budget (an upper bound of the total).
  std::function<void(int done, int total)> progress;
  // Called after each candidate's decision, with a one-line description.
  std::function<void(const std::string&)> log;
};

struct DecisionVariable {
  std::string key;     // concrete key path
  int shipped = 0;     // its value in the file
  int start = 0;       // the analytic start
  int lower = 1;       // bounds of the search
  int upper = 0;
  int line = 0, column = 0;  // of the value in the file
  std::vector<std::uint32_t> units;  // the units whose staff it sets
  double hours_per_staff = 0;  // staff-hours a year one more of it adds (over its units)
  double units_per_staff = 0;  // head count one more of it adds (its number of units)
};

// What a search is about, checked before anything runs (errors here are bad input).
struct OptimizeProblem {
  std::string path;  // the scenario file
  std::string sha256;
  const scenario::Scenario* scenario = nullptr;
  std::string policy;
  std::vector<Constraint> constraints;  // tolerances filled in
  std::vector<DecisionVariable> variables;
  std::uint64_t seed = 0;
};

// Expands the decision variables (their units, bounds and analytic start) and checks every
// constraint's metric against a replication of the scenario as shipped. Errors: unknown policy,
// key path or metric (with "did you mean"), a key path whose value is not a whole number, a
// metric the policy does not report.
kernel::Result<OptimizeProblem> PrepareOptimize(const std::string& path,
                                                const scenario::Scenario& scenario,
                                                const std::string& sha256,
                                                const OptimizeOptions& options);

struct Candidate {
  int point = 0;                 // its point in the results store
  std::vector<int> staff;        // per variable
  double staff_total = 0;        // head count over the varied units
  double staff_hours = 0;        // per year, over the varied units
  std::string move;              // how the search got there ("start", "remove 2 x", ...)
  int replications = 0;
  std::vector<std::vector<double>> values;     // [constraint][replication]
  std::vector<analysis::Interval> intervals;   // per constraint, two-sided 95%
  std::vector<analysis::Decision> decisions;   // per constraint (sequential check)
  bool feasible = false;         // every decision kFeasible
  bool confirmed = false;        // the confirming intervals lie inside every constraint
  // Per constraint, two-sided 95% over replications 0 .. confirm_replications − 1 (what
  // `escalade run --replications N` prints for the same staffing); empty until confirmed.
  std::vector<analysis::Interval> confirm_intervals;
  std::vector<double> utilization;  // per variable: the busiest of its units, simulated
};

struct OptimizeResult {
  std::string policy;
  std::vector<DecisionVariable> variables;
  std::vector<Constraint> constraints;
  std::vector<Candidate> candidates;  // in evaluation order
  int shipped = -1;   // the scenario as shipped (evaluated on the confirming replications)
  int best = -1;      // the answer; -1 when none was found
  std::vector<int> last_candidates;   // KN's set (indices into candidates)
  std::string infeasible;  // best == -1: why, naming the binding constraint
  int runs = 0;            // runs used (the budget counts these)
  int runs_reused = 0;     // of them, found in the store
  bool interrupted = false;
  bool budget_exhausted = false;
};

// The search for one policy. `store` keeps the runs (required).
kernel::Result<OptimizeResult> Optimize(const OptimizeProblem& problem,
                                        const OptimizeOptions& options, ResultsStore* store);

// The objective's value of a staffing.
double ObjectiveValue(const Candidate& candidate, Objective objective);

}  // namespace escalade::experiment

#endif  // ESCALADE_SIM_EXPERIMENT_OPTIMIZE_H_
