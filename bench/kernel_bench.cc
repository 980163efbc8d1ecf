// Kernel microbenchmarks. Reproduce with: bash bench/run.sh (see bench/RESULTS.md).
//
// BM_EventQueueHold: the classic "hold" model of event-list benchmarks — n events
//   pending; each fired event schedules one more at now + Exp(1) ms-scale delay.
//   items/s = events fired per second.
// BM_MmcRun: a full M/M/c replication (StationNetwork, c servers, load 0.9)
//   with 10^6 customers; items/s = engine events (arrivals + completions) per second.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sim/kernel/distributions.h"
#include "sim/kernel/engine.h"
#include "sim/kernel/random.h"
#include "sim/model/station_network.h"

namespace escalade {
namespace {

class Hold : public kernel::EventTarget {
 public:
  explicit Hold(std::uint64_t seed) : stream_(seed, 0, "bench.hold") {}
  void OnEvent(kernel::Engine& engine, std::uint64_t tag) override {
    // Mean delay 1000 ms from the top bits of one draw; cheap and well mixed.
    const kernel::SimTime delay = static_cast<kernel::SimTime>(stream_.NextU64() >> 53);
    engine.Schedule(engine.now() + delay, this, tag);
  }

 private:
  kernel::RandomStream stream_;
};

void BM_EventQueueHold(benchmark::State& state) {
  const auto pending = static_cast<std::uint64_t>(state.range(0));
  constexpr std::uint64_t kEventsPerIteration = 1'000'000;
  std::uint64_t fired = 0;
  for (auto _ : state) {
    kernel::Engine engine;
    Hold hold(1);
    for (std::uint64_t i = 0; i < pending; ++i) engine.Schedule(static_cast<kernel::SimTime>(i), &hold, i);
    std::uint64_t n = 0;
    while (n < kEventsPerIteration) n += engine.RunUntil(engine.now() + 1000);
    fired += n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(fired));
}
BENCHMARK(BM_EventQueueHold)->Arg(16)->Arg(1024)->Arg(65536)->Unit(benchmark::kMillisecond);

void BM_MmcRun(benchmark::State& state) {
  const int servers = static_cast<int>(state.range(0));
  const double mu = 1.0, load = 0.9;
  auto net = model::StationNetwork::Create(
      {{{"desk", servers, *kernel::Distribution::Exponential(1.0 / mu), load * servers * mu}}, {}});
  std::uint64_t events = 0;
  std::uint64_t replication = 0;
  for (auto _ : state) {
    model::RunOptions o;
    o.replication = replication++;
    o.max_arrivals = 1'000'000;
    o.horizon = kernel::kTimeMax;
    const model::NetworkResult r = net->Run(o);
    events += r.events;
    benchmark::DoNotOptimize(r.sojourn_hours.mean());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
BENCHMARK(BM_MmcRun)->Arg(1)->Arg(5)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace escalade

BENCHMARK_MAIN();
