// Ranking and selection for simulation optimisation: deciding with a stated
// error probability whether a simulated system meets a constraint, and which
// of several systems is best, taking replications one at a time until the
// decision is clear (fully sequential procedures).
//
//  - FeasibilityCheck: is E[Y] ≤ q (or ≥ q)? The procedure of Andradóttir &
//    Kim, "Fully sequential procedures for comparing constrained systems via
//    simulation", Naval Research Logistics 57(5), 2010 (procedure F of Batur &
//    Kim, TOMACS 20(3), 2010, with c = 1): the partial sum Σ (Y_j − m) is
//    followed inside a triangular continuation region ±R(r),
//        R(r) = max{0, h² S² / (2δ) − δ r / 2},  h² = (n0 − 1)((2β)^(−2/(n0−1)) − 1),
//    where S² is the sample variance of the first n0 outputs. Fabian's bound
//    for Brownian motion with drift δ makes the chance of leaving on the wrong
//    side at most β whenever |E[Y] − m| ≥ δ (for normal outputs; replication
//    outputs are averages over thousands of demands). escalade centres the
//    region inside the constraint, m = q ∓ δ (δ = ε/2 for a tolerance ε), so:
//        E[Y] violates the constraint (E[Y] > q for ≤)  ⇒  P(feasible) ≤ β,
//        E[Y] is within it by ε or more (E[Y] ≤ q − ε)   ⇒  P(infeasible) ≤ β,
//    and between q − ε and q either answer may come (the indifference zone).
//    A proportion (P(on time) ≥ 0.98) is a constraint on a mean too: each
//    replication's rate is the mean of thousands of indicators, which is the
//    batching that makes Hong, Luo & Nelson's chance-constrained procedures
//    (INFORMS J. Computing 27(2), 2015) normal-theory procedures.
//  - KnSelection: the system with the smallest mean among k, by Kim & Nelson,
//    "A fully sequential procedure for indifference-zone selection in
//    simulation", TOMACS 11(3), 2001 (KN, c = 1): systems are dropped when the
//    paired difference of sample means exceeds W_il(r) = max{0, δ/(2r)(h² S²_il / δ² − r)},
//    with S²_il the variance of the paired differences X_ij − X_lj of the first
//    n0 replications (valid under common random numbers, which make S²_il
//    small), η = ½((2α/(k−1))^(−2/(n0−1)) − 1), h² = 2η(n0 − 1). The best is
//    kept with probability ≥ 1 − α when it is better than every other by δ.
//
// Thread safety: pure functions on plain values; safe from any thread.
#ifndef ESCALADE_ANALYSIS_RANKING_SELECTION_H_
#define ESCALADE_ANALYSIS_RANKING_SELECTION_H_

#include <span>
#include <vector>

namespace escalade::analysis {

enum class Sense { kAtMost, kAtLeast };  // E[Y] ≤ q, E[Y] ≥ q

enum class Decision { kFeasible, kInfeasible, kContinue };

// h² of the feasibility check for error probability `beta` per decision and n0 initial
// outputs. REQUIRES: 0 < beta < 0.5, n0 >= 2.
double FeasibilityH2(double beta, int n0);

// The sequential feasibility decision after the outputs `values` (replications 0..r−1, in
// order; r = values.size()): kFeasible / kInfeasible when the partial sum has left the
// region, kContinue while it is inside (take another replication). `tolerance` is ε > 0 (see
// above). A constant output (S² = 0) decides at n0 on the side of m it lies on.
// REQUIRES: values.size() >= n0 >= 2, tolerance > 0, 0 < beta < 0.5.
Decision FeasibilityCheck(std::span<const double> values, Sense sense, double threshold,
                          double tolerance, double beta, int n0);

// The largest number of outputs the check can need: where R(r) reaches 0 (the decision is
// then forced), ceil(h² S² / δ²), at least n0.
int FeasibilityMaxReplications(std::span<const double> first_n0, double tolerance, double beta);

// One screening step of KN for the smallest mean. `outputs[i]` holds the outputs of system i
// in replication order (common random numbers: replication j of every system saw the same
// demands); all have the same length r >= n0. `alive` marks the systems still in contention
// (updated in place). Returns true when one system is left. With r past every system's
// forced-decision point the smallest sample mean wins (ties: the lower index).
// REQUIRES: 0 < alpha < 0.5, delta > 0, n0 >= 2, at least one alive system.
bool KnScreen(const std::vector<std::vector<double>>& outputs, int n0, double delta,
              double alpha, std::vector<bool>* alive);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_RANKING_SELECTION_H_
