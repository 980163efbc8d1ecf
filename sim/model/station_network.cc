#include "sim/model/station_network.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "sim/kernel/random.h"
#include "sim/kernel/staff_pool.h"

namespace escalade::model {

using kernel::Distribution;
using kernel::Engine;
using kernel::RandomStream;
using kernel::Result;
using kernel::SimTime;
using kernel::StaffPool;
using kernel::Status;

Result<StationNetwork> StationNetwork::Create(NetworkSpec spec) {
  const std::size_t n = spec.stations.size();
  if (n == 0) return Status::Error("network: at least one station is required");
  bool any_arrivals = false;
  for (std::size_t i = 0; i < n; ++i) {
    const StationSpec& s = spec.stations[i];
    const std::string where = "station " + std::to_string(i) + " ('" + s.name + "')";
    if (s.servers < 1) return Status::Error(where + ": servers must be >= 1");
    if (!std::isfinite(s.external_rate_per_hour) || s.external_rate_per_hour < 0) {
      return Status::Error(where + ": external arrival rate must be a finite number >= 0");
    }
    any_arrivals = any_arrivals || s.external_rate_per_hour > 0;
  }
  if (!any_arrivals) return Status::Error("network: no station has external arrivals");
  if (!spec.routing.empty()) {
    if (spec.routing.size() != n) {
      return Status::Error("network: routing has " + std::to_string(spec.routing.size()) +
                           " rows for " + std::to_string(n) + " stations");
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (spec.routing[i].size() != n) {
        return Status::Error("network: routing row " + std::to_string(i) + " has " +
                             std::to_string(spec.routing[i].size()) + " entries, expected " +
                             std::to_string(n));
      }
      double sum = 0;
      for (double p : spec.routing[i]) {
        if (!(p >= 0 && p <= 1)) {
          return Status::Error("network: routing row " + std::to_string(i) +
                               " has a probability outside [0, 1]");
        }
        sum += p;
      }
      if (sum > 1 + 1e-9) {
        return Status::Error("network: routing row " + std::to_string(i) + " sums to " +
                             std::to_string(sum) + " > 1");
      }
    }
  }
  return StationNetwork(std::move(spec));
}

namespace {

// One replication: the engine, the pools, the customers.
class NetworkRun final : public kernel::EventTarget, public kernel::StaffListener {
 public:
  NetworkRun(const NetworkSpec& spec, const RunOptions& options)
      : spec_(spec), options_(options), in_system_(0, 0.0) {
    const std::size_t n = spec.stations.size();
    pools_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const StationSpec& s = spec.stations[i];
      StaffPool::Options po;
      po.name = s.name;
      po.servers = s.servers;
      pools_.push_back(std::make_unique<StaffPool>(engine_, po));
      service_streams_.emplace_back(options.seed, options.replication, "net.service", i);
      arrival_streams_.emplace_back(options.seed, options.replication, "net.arrival", i);
      routing_streams_.emplace_back(options.seed, options.replication, "net.routing", i);
      interarrival_.push_back(s.external_rate_per_hour > 0
                                  ? *Distribution::Exponential(1.0 / s.external_rate_per_hour)
                                  : Distribution());
      // Cumulative routing probabilities for one uniform draw per move.
      std::vector<double> cum(n, 0.0);
      double acc = 0;
      for (std::size_t j = 0; j < n; ++j) {
        acc += spec.routing.empty() ? 0.0 : spec.routing[i][j];
        cum[j] = acc;
      }
      routing_cumulative_.push_back(std::move(cum));
    }
    if (options.observer) engine_.SetObserver(options.observer);
  }

  NetworkResult Run() {
    for (std::size_t i = 0; i < spec_.stations.size(); ++i) {
      if (spec_.stations[i].external_rate_per_hour > 0) ScheduleArrival(i);
    }
    if (options_.warmup > 0) engine_.Schedule(options_.warmup, this, kWarmup, 0);
    engine_.RunUntil(options_.horizon);
    return Collect();
  }

  void OnEvent(Engine& engine, std::uint64_t tag) override {
    const std::uint64_t kind = tag & 3;
    const std::uint64_t index = tag >> 2;
    if (kind == kArrival) {
      const std::uint32_t c = NewCustomer(engine.now());
      if (engine.now() >= options_.warmup) ++arrivals_;
      ScheduleArrival(index);
      Arrive(c, index);
    } else if (kind == kDeparture) {
      Complete(static_cast<std::uint32_t>(index));
    } else {
      StartWindow();
    }
  }

  void OnStaffGranted(StaffPool&, std::uint64_t job) override {
    const std::size_t station = customers_[job].station;
    const double hours = spec_.stations[station].service_hours.Sample(service_streams_[station]);
    engine_.Schedule(engine_.now() + kernel::FromHours(hours), this, (job << 2) | kDeparture,
                     kDeparturePriority);
  }

 private:
  static constexpr std::uint64_t kArrival = 0, kDeparture = 1, kWarmup = 2;
  // At equal times, completions go before arrivals (a server freed at t can serve an arrival at t).
  static constexpr int kDeparturePriority = 10, kArrivalPriority = 20;

  struct Customer {
    SimTime entered = 0;
    std::uint32_t station = 0;
    bool live = false;
  };

  void ScheduleArrival(std::size_t station) {
    if (options_.max_arrivals != 0 && scheduled_arrivals_ >= options_.max_arrivals) return;
    ++scheduled_arrivals_;
    const double gap = interarrival_[station].Sample(arrival_streams_[station]);
    engine_.Schedule(engine_.now() + kernel::FromHours(gap), this, (station << 2) | kArrival,
                     kArrivalPriority);
  }

  std::uint32_t NewCustomer(SimTime now) {
    std::uint32_t c;
    if (!free_customers_.empty()) {
      c = free_customers_.back();
      free_customers_.pop_back();
    } else {
      c = static_cast<std::uint32_t>(customers_.size());
      customers_.emplace_back();
    }
    customers_[c] = Customer{now, 0, true};
    in_system_.Add(now, 1.0);
    return c;
  }

  void Arrive(std::uint32_t c, std::size_t station) {
    customers_[c].station = static_cast<std::uint32_t>(station);
    pools_[station]->Request(kernel::WaitingJob{c}, this);
  }

  void Complete(std::uint32_t c) {
    const std::size_t station = customers_[c].station;
    pools_[station]->Release();
    const std::vector<double>& cum = routing_cumulative_[station];
    if (cum.back() > 0) {
      const double u = routing_streams_[station].NextUniform();
      const auto it = std::upper_bound(cum.begin(), cum.end(), u);
      if (it != cum.end()) {
        Arrive(c, static_cast<std::size_t>(it - cum.begin()));
        return;
      }
    }
    Leave(c);
  }

  void Leave(std::uint32_t c) {
    const SimTime now = engine_.now();
    Customer& cu = customers_[c];
    in_system_.Add(now, -1.0);
    if (now >= options_.warmup) {
      ++departures_;
      little_sum_ += kernel::ToHours(now - std::max(cu.entered, options_.warmup));
      if (cu.entered >= options_.warmup) sojourn_.Add(kernel::ToHours(now - cu.entered));
    }
    cu.live = false;
    free_customers_.push_back(c);
  }

  void StartWindow() {
    const SimTime now = engine_.now();
    for (auto& pool : pools_) pool->ResetStatistics(now);
    in_system_.Reset(now);
    arrivals_ = 0;  // arrivals at exactly `warmup` fire after this event (priority 0)
  }

  NetworkResult Collect() {
    const SimTime end = engine_.now();
    NetworkResult r;
    for (std::size_t i = 0; i < pools_.size(); ++i) {
      const StaffPool& p = *pools_[i];
      StationResult s;
      s.name = p.name();
      s.utilization = p.Utilization(end);
      s.mean_queue_length = p.MeanQueueLength(end);
      s.mean_busy = p.MeanBusy(end);
      s.wait_hours = p.wait_hours();
      s.services = p.jobs_granted();
      r.stations.push_back(std::move(s));
    }
    double still_inside = 0;
    for (const Customer& cu : customers_) {
      if (!cu.live) continue;
      ++r.in_system_end;
      still_inside += kernel::ToHours(end - std::max(cu.entered, options_.warmup));
    }
    r.sojourn_hours = sojourn_;
    r.arrivals = arrivals_;
    r.departures = departures_;
    r.window_hours = kernel::ToHours(end - options_.warmup);
    r.arrival_rate_per_hour = r.window_hours > 0 ? arrivals_ / r.window_hours : 0.0;
    r.mean_in_system = in_system_.Mean(end);
    r.little_area = in_system_.Integral(end);
    r.little_sum = little_sum_ + still_inside;
    r.events = engine_.events_fired();
    return r;
  }

  const NetworkSpec& spec_;
  const RunOptions& options_;
  Engine engine_;
  std::vector<std::unique_ptr<StaffPool>> pools_;
  std::vector<RandomStream> service_streams_, arrival_streams_, routing_streams_;
  std::vector<Distribution> interarrival_;
  std::vector<std::vector<double>> routing_cumulative_;
  std::vector<Customer> customers_;
  std::vector<std::uint32_t> free_customers_;
  kernel::TimeWeighted in_system_;
  kernel::Tally sojourn_;
  std::uint64_t scheduled_arrivals_ = 0, arrivals_ = 0, departures_ = 0;
  double little_sum_ = 0;
};

}  // namespace

NetworkResult StationNetwork::Run(const RunOptions& options) const {
  NetworkRun run(spec_, options);
  return run.Run();
}

}  // namespace escalade::model
