// Queueing theory: the analytic values the simulator is validated against,
// and the load prediction printed beside a run.
//
// Steady-state formulas for M/M/c (Erlang C), M/G/1 (Pollaczek–Khinchine) and
// open Jackson networks of M/M/c stations. Rates are per unit time and times
// are in the same unit (any unit, used consistently: rates per hour give
// times in hours). Invalid or unstable inputs are reported as a non-ok Result
// whose message names the offending value; nothing here aborts on user input.
// References: Gross, Shortle, Thompson & Harris, Fundamentals of Queueing
// Theory, 4th ed. (2008) [GH]; Kleinrock, Queueing Systems Vol. 1 (1975) [K].
//
// Thread safety: pure functions on plain values; safe from any thread.
#ifndef ESCALADE_ANALYSIS_QUEUEING_THEORY_H_
#define ESCALADE_ANALYSIS_QUEUEING_THEORY_H_

#include <vector>

#include "sim/kernel/status.h"

namespace escalade::analysis {

// Erlang C: the probability that an arrival to an M/M/c queue must wait,
// for offered load a = λ/μ erlangs ([GH] ch. 2, M/M/c; [K] §3.5, "Erlang's C formula"):
//     C(c, a) = c·B(c, a) / (c − a(1 − B(c, a))),
// with Erlang B (the M/M/c/c loss probability, [GH] ch. 2) from the recursion
// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): every step is a ratio of
// positive terms, with no factorials or powers, so it is stable for c in the
// thousands. ErlangC(1, a) = a. ErlangC(c, 0) = 0.
// REQUIRES: servers >= 1, 0 <= offered_load < servers (checked; aborts).
double ErlangC(int servers, double offered_load);

// Steady-state M/M/c measures ([GH] ch. 2; [K] §3.5):
struct MmcMetrics {
  double utilization = 0;        // ρ = λ / (cμ), fraction of server capacity busy
  double wait_probability = 0;   // P(wait > 0) = C(c, λ/μ)
  double mean_wait = 0;          // Wq = C / (cμ − λ), time in queue
  double mean_sojourn = 0;       // W = Wq + 1/μ, time in system
  double mean_queue_length = 0;  // Lq = λ Wq, customers waiting
  double mean_in_system = 0;     // L = λ W, customers present
};

// M/M/c with arrival rate λ, service rate μ per server and c servers.
// Error (message gives the numbers) unless λ ≥ 0, μ > 0, both finite, c ≥ 1
// and λ < cμ. λ = 0 is allowed: nobody waits, W = 1/μ.
kernel::Result<MmcMetrics> MmcTheory(double arrival_rate, double service_rate, int servers);

// Pollaczek–Khinchine mean wait in queue for M/G/1 ([GH] ch. 5; [K] ch. 5):
//     Wq = λ E[S²] / (2 (1 − ρ)),  ρ = λ E[S].
// Exponential service (E[S²] = 2E[S]²) gives the M/M/1 Wq; deterministic
// (E[S²] = E[S]²) gives half of it.
// Error unless λ ≥ 0, E[S] > 0, E[S²] ≥ E[S]² (up to 1e-12 relative rounding),
// all finite, and ρ < 1.
kernel::Result<double> MG1MeanWait(double arrival_rate, double service_mean,
                                   double service_second_moment);

// One station of an open Jackson network: `servers` exponential servers each
// working at `service_rate`, fed by a Poisson stream at
// `external_arrival_rate` from outside the network.
struct JacksonStation {
  int servers = 1;                   // c_i, parallel identical servers
  double service_rate = 0;           // μ_i, completions per unit time per server; must be set
  double external_arrival_rate = 0;  // γ_i, arrivals per unit time from outside
};

struct JacksonResult {
  std::vector<double> arrival_rate;            // λ_i from the traffic equations λ = γ + Pᵀλ
  std::vector<double> utilization;             // λ_i / (c_i μ_i)
  std::vector<double> mean_sojourn_per_visit;  // W_i of an M/M/c_i station at rate λ_i
  std::vector<double> mean_in_station;         // L_i = λ_i W_i
  double mean_sojourn_total = 0;               // E[T] = Σ L_i / Σ γ_i (Little's law)
};

// Open Jackson network ([GH] ch. 4; J. R. Jackson, "Networks of waiting lines",
// Oper. Res. 5(4), 1957): in steady state each station behaves as an
// independent M/M/c_i queue at the total arrival rate λ_i solving
//     λ = γ + Pᵀλ,  i.e.  (I − Pᵀ) λ = γ,
// solved by LU with partial pivoting (Eigen). routing[i][j] is the probability
// of going from station i to station j after service; 1 − Σ_j routing[i][j]
// is the probability of leaving the network from i.
// Returns an error (never aborts), collecting every problem found, when:
//  - routing is not n × n for n stations, or there are no stations;
//  - a station has servers < 1, service_rate ≤ 0, external rate < 0, or a
//    non-finite value; the external rates sum to 0 (E[T] is undefined);
//  - a probability is outside [0, 1] or a row sums to more than 1 + 1e-12;
//  - some stations can never reach an exit (a row with 1 − Σ_j routing[i][j]
//    > 1e-12): a closed subnetwork that traps customers and makes I − Pᵀ
//    singular; the message lists those stations;
//  - a station is unstable: "station i: λ=… ≥ c·μ=…".
kernel::Result<JacksonResult> JacksonTheory(const std::vector<JacksonStation>& stations,
                                            const std::vector<std::vector<double>>& routing);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_QUEUEING_THEORY_H_
