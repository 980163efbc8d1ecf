// Common random numbers: a replication's demand list — arrivals, attributes
// and the reserved draws of every later stage — is the same whatever the
// policy. For every shipped scenario, the file is loaded as shipped and again
// with a different policy list (other presets, another baseline); both must
// give byte-identical demand lists (analysis/demand_list.h, which includes the
// first reserved draw of each stage) for two replications.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "analysis/demand_list.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"

namespace escalade::scenario {
namespace {

constexpr std::size_t kMaxDemands = 40'000;  // per replication (the megacity has 20 M)

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The scenario's demand list (its first kMaxDemands rows) for one replication.
std::string DemandList(const std::string& yaml, const std::string& path, std::uint64_t replication,
                       const std::string& trace_file) {
  Diagnostics diags(path);
  kernel::Result<Scenario> s = LoadScenarioFromString(yaml, path, diags);
  EXPECT_TRUE(s.ok()) << diags.ToString();
  if (!s.ok()) return "";
  DemandStreamOptions options;
  options.replication = replication;
  options.trace_file = trace_file;
  auto stream = OpenDemandStream(*s, options);
  EXPECT_TRUE(stream.ok()) << stream.status().ToString();
  if (!stream.ok()) return "";
  std::string out = analysis::DemandListHeader();
  model::Demand demand;
  for (std::size_t n = 0; n < kMaxDemands; ++n) {
    kernel::Result<bool> got = (*stream)->Next(&demand);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    if (!got.ok() || !*got) break;
    analysis::AppendDemandRow(s->city, s->calendar.start_date(), s->experiment.seed, replication,
                              demand, &out);
  }
  return out;
}

TEST(CommonRandomNumbers, TheDemandListDoesNotDependOnThePolicies) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ESCALADE_SCENARIOS_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    const std::string shipped = ReadText(path);
    // Another policy list, and a baseline among it.
    std::string other = std::regex_replace(
        shipped, std::regex("\npolicies:\n(  [^\n]*\n|\n|#[^\n]*\n)*"),
        "\npolicies:\n  - preset: one_window\n  - preset: tiered_sla\n    name: red_first\n\n");
    other = std::regex_replace(other, std::regex("\n  baseline: [a-z_0-9]+"),
                               "\n  baseline: red_first");
    ASSERT_NE(other, shipped) << path;
    // A trace that is not here (a clone without ../shared/data) is replaced by the excerpt.
    std::string trace_file;
    if (shipped.find("\n  trace:") != std::string::npos) {
      Diagnostics diags(path);
      kernel::Result<Scenario> s = LoadScenario(path, diags);
      ASSERT_TRUE(s.ok()) << diags.ToString();
      if (!std::filesystem::exists(s->trace->file)) {
        if (path.find("nyc311") == std::string::npos) continue;
        trace_file = ESCALADE_FIXTURES_DIR "/nyc311_excerpt.csv";
      }
    }
    for (std::uint64_t replication : {0, 2}) {
      const std::string a = DemandList(shipped, path, replication, trace_file);
      const std::string b = DemandList(other, path, replication, trace_file);
      ASSERT_GT(a.size(), analysis::DemandListHeader().size()) << path;
      EXPECT_TRUE(a == b) << path << " replication " << replication
                          << ": the demand list changed with the policies";
    }
    ++checked;
  }
  EXPECT_GE(checked, 9);
}

TEST(CommonRandomNumbers, ReplicationsDiffer) {
  const std::string path = std::string(ESCALADE_SCENARIOS_DIR) + "/teaching_community.yaml";
  const std::string yaml = ReadText(path);
  EXPECT_NE(DemandList(yaml, path, 0, ""), DemandList(yaml, path, 1, ""));
}

}  // namespace
}  // namespace escalade::scenario
