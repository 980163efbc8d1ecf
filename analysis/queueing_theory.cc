#include "analysis/queueing_theory.h"

#include <Eigen/Core>
#include <Eigen/LU>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "sim/kernel/text.h"

namespace escalade::analysis {
namespace {

using kernel::FormatNumber;

using kernel::Result;
using kernel::Status;

// Probabilities are trusted to this much rounding: a row may sum to 1 + 1e-12,
// and a station leaves the network only if its exit probability exceeds it.
constexpr double kProbabilitySlack = 1e-12;

std::string Join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += "; ";
    joined += part;
  }
  return joined;
}

// "λ=3 ≥ c·μ=2 (c=1, μ=2)"
std::string OverloadMessage(double arrival_rate, int servers, double service_rate) {
  return "λ=" + FormatNumber(arrival_rate) + " ≥ c·μ=" + FormatNumber(servers * service_rate) +
         " (c=" + std::to_string(servers) + ", μ=" + FormatNumber(service_rate) + ")";
}

// Every problem with one M/M/c station's inputs, each phrased with `prefix`.
void ValidateStation(const std::string& prefix, double arrival_rate, double service_rate,
                     int servers, std::vector<std::string>* errors) {
  if (servers < 1) {
    errors->push_back(prefix + "servers=" + std::to_string(servers) + " must be >= 1");
  }
  if (!(service_rate > 0) || !std::isfinite(service_rate)) {
    errors->push_back(prefix + "service_rate=" + FormatNumber(service_rate) +
                      " must be finite and > 0");
  }
  if (!(arrival_rate >= 0) || !std::isfinite(arrival_rate)) {
    errors->push_back(prefix + "arrival rate=" + FormatNumber(arrival_rate) +
                      " must be finite and >= 0");
  }
}

// Stations from which no sequence of positive-probability routes reaches a
// station with an exit probability above kProbabilitySlack. Such a set is
// closed: customers who enter never leave, and (I − Pᵀ) is singular
// (a substochastic P has spectral radius 1 exactly when it has a closed class).
std::vector<int> TrappedStations(const std::vector<std::vector<double>>& routing) {
  const std::size_t n = routing.size();
  std::vector<bool> can_leave(n, false);
  std::vector<std::size_t> frontier;
  for (std::size_t i = 0; i < n; ++i) {
    double row_sum = 0;
    for (double p : routing[i]) row_sum += p;
    if (1 - row_sum > kProbabilitySlack) {
      can_leave[i] = true;
      frontier.push_back(i);
    }
  }
  // Walk routes backwards from the exits.
  while (!frontier.empty()) {
    const std::size_t j = frontier.back();
    frontier.pop_back();
    for (std::size_t i = 0; i < n; ++i) {
      if (!can_leave[i] && routing[i][j] > 0) {
        can_leave[i] = true;
        frontier.push_back(i);
      }
    }
  }
  std::vector<int> trapped;
  for (std::size_t i = 0; i < n; ++i) {
    if (!can_leave[i]) trapped.push_back(static_cast<int>(i));
  }
  return trapped;
}

}  // namespace

double ErlangC(int servers, double offered_load) {
  ESCALADE_CHECK(servers >= 1, "ErlangC: servers=" + std::to_string(servers) + " must be >= 1");
  ESCALADE_CHECK(offered_load >= 0 && offered_load < servers,
                 "ErlangC: offered_load=" + FormatNumber(offered_load) + " not in [0, " +
                     std::to_string(servers) + ")");
  double erlang_b = 1;
  for (int k = 1; k <= servers; ++k) {
    erlang_b = offered_load * erlang_b / (k + offered_load * erlang_b);
  }
  const double c = servers;
  return c * erlang_b / (c - offered_load * (1 - erlang_b));
}

Result<MmcMetrics> MmcTheory(double arrival_rate, double service_rate, int servers) {
  std::vector<std::string> errors;
  ValidateStation("M/M/c: ", arrival_rate, service_rate, servers, &errors);
  if (!errors.empty()) return Status::Error(Join(errors));
  const double capacity = servers * service_rate;
  const double offered_load = arrival_rate / service_rate;
  // Both tests: λ < cμ can hold while λ/μ rounds up to c.
  if (!(arrival_rate < capacity) || !(offered_load < servers)) {
    return Status::Error("M/M/c is unstable: " +
                         OverloadMessage(arrival_rate, servers, service_rate));
  }
  MmcMetrics metrics;
  metrics.utilization = arrival_rate / capacity;
  metrics.wait_probability = ErlangC(servers, offered_load);
  metrics.mean_wait = metrics.wait_probability / (capacity - arrival_rate);
  metrics.mean_sojourn = metrics.mean_wait + 1 / service_rate;
  metrics.mean_queue_length = arrival_rate * metrics.mean_wait;
  metrics.mean_in_system = arrival_rate * metrics.mean_sojourn;
  return metrics;
}

Result<double> MG1MeanWait(double arrival_rate, double service_mean, double service_second_moment) {
  std::vector<std::string> errors;
  if (!(arrival_rate >= 0) || !std::isfinite(arrival_rate)) {
    errors.push_back("λ=" + FormatNumber(arrival_rate) + " must be finite and >= 0");
  }
  if (!(service_mean > 0) || !std::isfinite(service_mean)) {
    errors.push_back("E[S]=" + FormatNumber(service_mean) + " must be finite and > 0");
  } else if (!(service_second_moment >= service_mean * service_mean * (1 - kProbabilitySlack)) ||
             !std::isfinite(service_second_moment)) {
    errors.push_back("E[S²]=" + FormatNumber(service_second_moment) +
                     " must be finite and >= E[S]²=" + FormatNumber(service_mean * service_mean) +
                     " (a variance cannot be negative)");
  }
  if (!errors.empty()) return Status::Error("M/G/1: " + Join(errors));
  const double rho = arrival_rate * service_mean;
  if (!(rho < 1)) {
    return Status::Error("M/G/1 is unstable: ρ=λ·E[S]=" + FormatNumber(rho) + " ≥ 1 (λ=" +
                         FormatNumber(arrival_rate) + ", E[S]=" + FormatNumber(service_mean) + ")");
  }
  return arrival_rate * service_second_moment / (2 * (1 - rho));
}

Result<JacksonResult> JacksonTheory(const std::vector<JacksonStation>& stations,
                                    const std::vector<std::vector<double>>& routing) {
  const std::size_t n = stations.size();
  const std::string prefix = "Jackson network: ";
  if (n == 0) return Status::Error(prefix + "no stations");

  // Shapes first: nothing else can be read without them.
  std::vector<std::string> errors;
  if (routing.size() != n) {
    errors.push_back("routing has " + std::to_string(routing.size()) + " rows for " +
                     std::to_string(n) + " stations");
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if (routing[i].size() != n) {
        errors.push_back("routing row " + std::to_string(i) + " has " +
                         std::to_string(routing[i].size()) + " entries, expected " +
                         std::to_string(n));
      }
    }
  }
  if (!errors.empty()) return Status::Error(prefix + Join(errors));

  // Then every value, all problems collected.
  double total_external = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const JacksonStation& s = stations[i];
    ValidateStation("station " + std::to_string(i) + ": ", s.external_arrival_rate, s.service_rate,
                    s.servers, &errors);
    total_external += s.external_arrival_rate;
    double row_sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double p = routing[i][j];
      if (!(p >= 0 && p <= 1)) {
        errors.push_back("routing[" + std::to_string(i) + "][" + std::to_string(j) +
                         "]=" + FormatNumber(p) + " is not a probability in [0, 1]");
      }
      row_sum += p;
    }
    if (row_sum > 1 + kProbabilitySlack) {
      errors.push_back("routing row " + std::to_string(i) + " sums to " + FormatNumber(row_sum) +
                       " > 1");
    }
  }
  if (errors.empty() && !(total_external > 0)) {
    errors.push_back("every external_arrival_rate is 0, so nothing enters and E[T] is undefined");
  }
  if (!errors.empty()) return Status::Error(prefix + Join(errors));

  const std::vector<int> trapped = TrappedStations(routing);
  if (!trapped.empty()) {
    std::string list;
    for (int i : trapped) list += (list.empty() ? "" : ", ") + std::to_string(i);
    return Status::Error(prefix + "station(s) " + list +
                         " never route to an exit: a closed subnetwork traps customers "
                         "(I − Pᵀ is singular)");
  }

  // Traffic equations (I − Pᵀ) λ = γ. Nonsingular here, and its inverse
  // Σ_k (Pᵀ)^k is nonnegative, so λ ≥ 0 up to rounding.
  Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n);
  Eigen::VectorXd external(n);
  for (std::size_t i = 0; i < n; ++i) {
    external(i) = stations[i].external_arrival_rate;
    for (std::size_t j = 0; j < n; ++j) system(j, i) -= routing[i][j];
  }
  const Eigen::VectorXd lambda = system.partialPivLu().solve(external);

  JacksonResult result;
  result.arrival_rate.resize(n);
  result.utilization.resize(n);
  result.mean_sojourn_per_visit.resize(n);
  result.mean_in_station.resize(n);
  double total_in_system = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const JacksonStation& s = stations[i];
    const double rate = std::max(0.0, lambda(i));
    if (!std::isfinite(rate)) {
      errors.push_back("station " + std::to_string(i) + ": traffic equations gave λ=" +
                       FormatNumber(rate) + " (routing is numerically singular)");
      continue;
    }
    const Result<MmcMetrics> station = MmcTheory(rate, s.service_rate, s.servers);
    if (!station.ok()) {
      errors.push_back("station " + std::to_string(i) +
                       " is unstable: " + OverloadMessage(rate, s.servers, s.service_rate));
      continue;
    }
    result.arrival_rate[i] = rate;
    result.utilization[i] = station->utilization;
    result.mean_sojourn_per_visit[i] = station->mean_sojourn;
    result.mean_in_station[i] = station->mean_in_system;
    total_in_system += station->mean_in_system;
  }
  if (!errors.empty()) return Status::Error(prefix + Join(errors));
  result.mean_sojourn_total = total_in_system / total_external;
  return result;
}

}  // namespace escalade::analysis
