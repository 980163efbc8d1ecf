// StationNetwork: an open network of multi-server stations with probabilistic
// routing — the plain queueing system inside every governance scenario.
//
// It exists for three reasons: (1) to validate the kernel against queueing
// theory (M/M/c, M/G/1, Jackson networks), (2) to serve as the teaching
// example of a community service desk, and (3) as the hand-written reference
// against which the full model's speed is measured (bench/).
//
// Customers arrive at each station from outside by a Poisson process (or any
// inter-arrival distribution), wait FIFO for one of the station's servers, are
// served for a time drawn from the station's distribution, then move to
// station j with probability routing[i][j] or leave with the remainder.
//
// Randomness: arrivals, service times and routing draw from named streams
// ("net.arrival", "net.service", "net.routing") keyed by station, so a
// station's draws do not shift when another station changes.
//
// Thread safety: a StationNetwork is a value holding a validated spec; Run()
// is const and may be called concurrently for different replications.
#ifndef ESCALADE_SIM_MODEL_STATION_NETWORK_H_
#define ESCALADE_SIM_MODEL_STATION_NETWORK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/distributions.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/statistics.h"
#include "sim/kernel/status.h"
#include "sim/kernel/time.h"

namespace escalade::model {

struct StationSpec {
  std::string name;
  int servers = 1;                       // >= 1
  kernel::Distribution service_hours;    // service time, hours
  double external_rate_per_hour = 0.0;   // Poisson arrivals from outside; 0 = none
};

struct NetworkSpec {
  std::vector<StationSpec> stations;
  // routing[i][j]: probability that a customer finishing at i goes to j.
  // Empty means "everyone leaves after one service" (independent stations).
  std::vector<std::vector<double>> routing;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  kernel::SimTime warmup = 0;    // statistics cover [warmup, horizon]
  kernel::SimTime horizon = 1000 * kernel::kHour;
  // Stop after this many external arrivals (0 = no limit); the run then drains.
  std::uint64_t max_arrivals = 0;
  // Called for every fired event (event logs); empty by default.
  kernel::Engine::Observer observer;
};

struct StationResult {
  std::string name;
  double utilization = 0;        // busy / staffed server-time in the window
  double mean_queue_length = 0;  // time average, waiting only
  double mean_busy = 0;          // time average of busy servers
  kernel::Tally wait_hours;      // waiting time of services started in the window
  std::uint64_t services = 0;    // services started in the window
};

struct NetworkResult {
  std::vector<StationResult> stations;
  // Customers who entered in the window and left by the horizon.
  kernel::Tally sojourn_hours;
  std::uint64_t arrivals = 0;      // external arrivals in the window
  std::uint64_t departures = 0;    // customers who left in the window
  std::uint64_t in_system_end = 0; // still inside at the horizon
  double window_hours = 0;
  double arrival_rate_per_hour = 0;  // arrivals / window_hours
  double mean_in_system = 0;         // time-average number of customers inside
  // Sample-path Little identity, both sides in customer-hours over the window:
  // ∫N(t)dt must equal Σ over customers of their time inside the window.
  double little_area = 0;
  double little_sum = 0;
  std::uint64_t events = 0;          // events fired by the engine
};

class StationNetwork {
 public:
  // Validates sizes, servers, rates, routing probabilities (each in [0,1], rows
  // summing to at most 1). Stability is not required here: an overloaded
  // network is a legitimate thing to simulate (analysis warns about it).
  static kernel::Result<StationNetwork> Create(NetworkSpec spec);

  const NetworkSpec& spec() const { return spec_; }
  NetworkResult Run(const RunOptions& options) const;

 private:
  explicit StationNetwork(NetworkSpec spec) : spec_(std::move(spec)) {}
  NetworkSpec spec_;
};

}  // namespace escalade::model

#endif  // ESCALADE_SIM_MODEL_STATION_NETWORK_H_
