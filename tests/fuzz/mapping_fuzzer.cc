// libFuzzer target: the trace mapping loader (scenarios/TRACES.md). The input
// is a mapping file named by the valid trace scenario of tests/bad_input/base
// (two communities, two categories, one department); the scenario is loaded
// with it. When it loads, the base trace is replayed through the mapping, so
// that odd but valid mappings (drop rules on the time column, constants,
// otherwise names, both orders) reach the replay too.
//
// Contract checked: never crash, throw, hang or exhaust memory; a refused
// mapping has diagnostics, at least one of them in the mapping file; replay
// errors name the trace or the mapping.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "sim/io/yaml_reader.h"
#include "sim/model/demand.h"
#include "sim/scenario/demand_streams.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_replay.h"
#include "tests/fuzz/fuzz_support.h"

namespace escalade::fuzz {
namespace {

// Rows replayed at most per input (the base trace has four).
constexpr int kMaxDemands = 64;

struct Files {
  std::string scenario_path;
  std::string scenario_text;
  std::string mapping_path;
};

const Files& Setup() {
  static const Files files = [] {
    Files f;
    WriteScratch("trace.csv", ReadBase("trace.csv"));
    f.mapping_path = (ScratchDir() / "fuzz.mapping.yaml").string();
    f.scenario_path = (ScratchDir() / "trace.yaml").string();
    f.scenario_text = ReadBase("trace.yaml");
    const std::string from = "trace: trace.mapping.yaml";
    const std::size_t at = f.scenario_text.find(from);
    Require(at != std::string::npos, "the base trace scenario names no trace.mapping.yaml");
    f.scenario_text.replace(at, from.size(), "trace: fuzz.mapping.yaml");
    return f;
  }();
  return files;
}

void Replay(const scenario::Scenario& s) {
  for (const bool skip : {false, true}) {
    trace::TraceReplay::Options options;
    options.skip_bad_rows = skip;
    options.sort_run_demands = 2;  // spill runs to temporary files even for four rows
    auto replay = trace::TraceReplay::Open(*s.trace, scenario::ReplayFrameOf(s), options);
    if (!replay.ok()) {
      Require(!replay.status().message().empty(), "Open failed without a message");
      return;
    }
    model::Demand demand;
    for (int i = 0; i < kMaxDemands; ++i) {
      kernel::Result<bool> got = (*replay)->Next(&demand);
      if (!got.ok()) {
        Require(!skip, "an error with skip_bad_rows", got.status().message());
        break;
      }
      if (!*got) break;
      Require(demand.created < s.experiment.horizon, "a demand after the horizon");
      Require(demand.id == static_cast<std::uint64_t>(i), "demand ids are not 0, 1, 2, ...");
    }
    (void)(*replay)->Summary();
  }
}

}  // namespace
}  // namespace escalade::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace escalade;
  const fuzz::Files& files = fuzz::Setup();
  fuzz::WriteScratch("fuzz.mapping.yaml",
                     std::string_view(reinterpret_cast<const char*>(data), size));
  scenario::Diagnostics diags(files.scenario_path);
  try {
    kernel::Result<scenario::Scenario> loaded =
        scenario::LoadScenarioFromString(files.scenario_text, files.scenario_path, diags);
    if (loaded.ok()) {
      fuzz::Require(diags.ok(), "loaded with diagnostics", diags.ToString());
      fuzz::Require(loaded->trace.has_value(), "a trace scenario loaded without its mapping");
      fuzz::Replay(*loaded);
    } else {
      bool in_mapping = false;
      for (const io::Diagnostic& d : diags.items()) {
        fuzz::Require(!d.message.empty(), "a diagnostic without a message", d.ToString());
        fuzz::Require(d.line >= 0 && d.column >= 0, "a negative line or column", d.ToString());
        in_mapping = in_mapping || d.file == files.mapping_path;
      }
      fuzz::Require(in_mapping, "a bad mapping refused without a diagnostic in it",
                    diags.ToString());
    }
  } catch (const std::exception& e) {
    fuzz::Require(false, "loading or replaying threw", e.what());
  }
  return 0;
}
