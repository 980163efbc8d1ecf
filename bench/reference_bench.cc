// Reference escalation network benchmark (issue 8): runs a scenario through the
// full lifecycle (model::Lifecycle with the scenario's registered policy and its
// synthetic demand stream, as `escalade run` does, without the metrics and the
// output files) and reports model events per second.
//
// Usage: reference_bench SCENARIO.yaml [--demands N] [--replications R]
//                        [--exact HOURS] [--repeat K]
//
// N demands in all (default 10^6), split over R replications (default 10) by
// setting each replication's horizon to N / R / λ, where λ is the scenario's
// arrival rate (residents × per_capita_per_year / 8,760 h; the profiles must
// be flat). A model event is an arrival or a service completion
// (Lifecycle::Counters::created + services): the lifecycle's zero-time
// routing, receipt and midnight events are done but not counted.
//
// It prints the simulated mean resolution time (demands created after the
// scenario's warm-up and closed by the horizon; one mean per replication,
// Student-t 95% interval over replications) beside --exact when given, then
// the rate. With --repeat K the whole measurement is repeated K times and the
// median rate is printed last (the simulation is deterministic: every repeat
// gives the same mean). Rates are given per wall-clock second and per CPU
// second of the thread: on a shared machine the first also counts the time
// other processes held the core.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/confidence.h"
#include "sim/model/lifecycle.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace {

using escalade::kernel::SimTime;

// CPU time of this thread: on a shared machine the wall clock also counts the time other
// processes hold the core, so both are reported.
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Measurement {
  double seconds = 0;             // inside Lifecycle::Run, summed over replications (wall)
  double cpu_seconds = 0;         // the same, CPU time of the thread
  std::uint64_t arrivals = 0;
  std::uint64_t services = 0;
  std::uint64_t engine_events = 0;  // everything the engine fired
  std::vector<double> means;      // mean resolution hours per replication
};

double ArrivalsPerHour(const escalade::scenario::Scenario& s) {
  double residents = 0;
  for (escalade::model::UnitId id : s.city.OfKind(escalade::model::UnitKind::kCommunity)) {
    residents += static_cast<double>(s.city.unit(id).population);
  }
  return residents * s.demand.per_capita_per_year / 8760.0;
}

int Measure(escalade::scenario::Scenario& s, std::uint64_t demands, int replications,
            Measurement* out) {
  const escalade::scenario::PolicyChoice& arm = s.policies.front();
  const double hours = static_cast<double>(demands) / replications / ArrivalsPerHour(s);
  const SimTime horizon = escalade::kernel::FromHours(hours);
  const SimTime warmup = s.experiment.warmup;
  s.experiment.horizon = horizon;  // the demand stream stops at the scenario's horizon
  for (int r = 0; r < replications; ++r) {
    auto policy = escalade::scenario::MakeArmPolicy(arm);
    if (!policy.ok()) {
      std::fprintf(stderr, "%s\n", policy.status().message().c_str());
      return 2;
    }
    escalade::scenario::DemandStreamOptions stream_options;
    stream_options.replication = static_cast<std::uint64_t>(r);
    auto stream = escalade::scenario::OpenDemandStream(s, stream_options);
    if (!stream.ok()) {
      std::fprintf(stderr, "%s\n", stream.status().message().c_str());
      return 2;
    }
    escalade::model::Lifecycle::Options options;
    options.seed = s.experiment.seed;
    options.replication = static_cast<std::uint64_t>(r);
    options.horizon = horizon;
    escalade::model::Lifecycle lifecycle(s.city, s.calendar, **policy, **stream, options);
    double sum_hours = 0;
    std::uint64_t n = 0;
    const double cpu_start = ThreadCpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    escalade::model::DemandFunctionSink sink([&](const escalade::model::DemandRecord& record) {
      if (record.open || record.created < warmup) return;
      sum_hours += escalade::kernel::ToHours(record.closed - record.created);
      ++n;
    });
    escalade::kernel::Status status = lifecycle.Run(sink);
    out->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out->cpu_seconds += ThreadCpuSeconds() - cpu_start;
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      return 1;
    }
    out->arrivals += lifecycle.counters().created;
    out->services += lifecycle.counters().services;
    out->engine_events += lifecycle.engine().events_fired();
    out->means.push_back(n > 0 ? sum_hours / static_cast<double>(n) : 0.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: reference_bench SCENARIO.yaml [--demands N] [--replications R] "
                 "[--exact HOURS] [--repeat K]\n");
    return 2;
  }
  const std::string path = argv[1];
  std::uint64_t demands = 1000000;
  int replications = 10;
  int repeat = 1;
  double exact = -1;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--demands") {
      demands = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--replications") {
      replications = std::atoi(argv[i + 1]);
    } else if (flag == "--exact") {
      exact = std::atof(argv[i + 1]);
    } else if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (replications < 2 || repeat < 1 || demands == 0) {
    std::fprintf(stderr, "need --replications >= 2, --repeat >= 1, --demands > 0\n");
    return 2;
  }
  escalade::scenario::Diagnostics diags(path);
  auto scenario = escalade::scenario::LoadScenario(path, diags);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    return 2;
  }
  std::vector<double> rates;
  std::vector<double> cpu_rates;
  for (int k = 0; k < repeat; ++k) {
    Measurement m;
    if (int rc = Measure(*scenario, demands, replications, &m); rc != 0) return rc;
    const std::uint64_t events = m.arrivals + m.services;
    const double rate = static_cast<double>(events) / m.seconds;
    rates.push_back(rate);
    const double cpu_rate = static_cast<double>(events) / m.cpu_seconds;
    cpu_rates.push_back(cpu_rate);
    if (k == 0) {
      const escalade::analysis::Interval ci = escalade::analysis::MeanInterval(m.means);
      std::printf("%s: %llu demands in %d replications (arrival rate %.3f/h)\n",
                  scenario->meta.name.c_str(), static_cast<unsigned long long>(m.arrivals),
                  replications, ArrivalsPerHour(*scenario));
      std::printf("  mean resolution time %.6f h, 95%% CI [%.6f, %.6f] (half-width %.6f)",
                  ci.mean, ci.low, ci.high, ci.high - ci.mean);
      if (exact > 0) {
        std::printf("; exact %.6f h: %s", exact,
                    ci.low <= exact && exact <= ci.high ? "inside" : "OUTSIDE");
      }
      std::printf("\n  model events %llu (arrivals %llu + service completions %llu); "
                  "engine events %llu\n",
                  static_cast<unsigned long long>(events),
                  static_cast<unsigned long long>(m.arrivals),
                  static_cast<unsigned long long>(m.services),
                  static_cast<unsigned long long>(m.engine_events));
    }
    std::printf("  run %d: %.3f s in Lifecycle::Run (%.3f s CPU): %.2f M model events/s "
                "(%.2f M per CPU second)\n",
                k + 1, m.seconds, m.cpu_seconds, rate / 1e6, cpu_rate / 1e6);
    std::fflush(stdout);
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  std::printf("median of %d: %.2f M model events/s (%.2f M per CPU second)\n", repeat,
              rates[rates.size() / 2] / 1e6, cpu_rates[cpu_rates.size() / 2] / 1e6);
  return 0;
}
