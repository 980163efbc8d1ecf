// Demand streaming benchmark: generates (or replays) the whole demand of one
// replication of a scenario and reports the count, the time, the rate and
// the memory the stream itself needs.
//
// Usage: demand_stream_bench SCENARIO.yaml [--trace FILE]
// Memory: peak resident set size (getrusage ru_maxrss) measured after the
// scenario is loaded and again at the end; the stream's own peak is bounded by
// the difference (the loader's transient peak may hide part of it, so the
// loaded baseline is also printed — the target is on the difference).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace {

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Current resident set size from /proc (the loader's peak is freed by now).
long CurrentRssKb() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (!status) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, status)) {
    if (std::strncmp(line, "VmRSS:", 6) == 0) std::sscanf(line + 6, "%ld", &kb);
  }
  std::fclose(status);
  return kb;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: demand_stream_bench SCENARIO.yaml [--trace FILE]\n");
    return 2;
  }
  const std::string path = argv[1];
  escalade::scenario::DemandStreamOptions options;
  if (argc >= 4 && std::string(argv[2]) == "--trace") options.trace_file = argv[3];
  escalade::scenario::Diagnostics diags(path);
  auto scenario = escalade::scenario::LoadScenario(path, diags);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    return 2;
  }
  const long loaded_rss_kb = CurrentRssKb();
  const long loaded_peak_kb = PeakRssKb();
  const auto start = std::chrono::steady_clock::now();
  auto stream = escalade::scenario::OpenDemandStream(*scenario, options);
  if (!stream.ok()) {
    std::fprintf(stderr, "%s\n", stream.status().message().c_str());
    return 2;
  }
  escalade::model::Demand demand;
  std::uint64_t count = 0;
  std::uint64_t checksum = 0;  // keeps the work observable
  while (true) {
    auto got = (*stream)->Next(&demand);
    if (!got.ok()) {
      std::fprintf(stderr, "%s\n", got.status().message().c_str());
      return 2;
    }
    if (!*got) break;
    ++count;
    checksum += static_cast<std::uint64_t>(demand.created) ^ demand.origin;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long end_rss_kb = CurrentRssKb();
  std::printf("%s: %llu demands in %.2f s (%.2f M demands/s); RSS after loading %ld KB "
              "(loader peak %ld KB), at the end %ld KB: the stream holds %ld KB; checksum %llu\n",
              path.c_str(), static_cast<unsigned long long>(count), seconds,
              static_cast<double>(count) / seconds / 1e6, loaded_rss_kb, loaded_peak_kb,
              end_rss_kb, end_rss_kb - loaded_rss_kb, static_cast<unsigned long long>(checksum));
  std::printf("summary: %s\n", (*stream)->Summary().c_str());
  return 0;
}
