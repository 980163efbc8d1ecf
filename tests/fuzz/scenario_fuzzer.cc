// libFuzzer target: the scenario loader on arbitrary text (LoadScenarioFromString).
//
// Contract checked (sim/scenario/loader.h, yaml_reader.h): never crash, throw,
// hang or exhaust memory; a refused input has at least one diagnostic, each
// with a message and a place that is either unknown (0) or 1-based; an
// accepted input has none.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "sim/io/yaml_reader.h"
#include "sim/scenario/loader.h"
#include "tests/fuzz/fuzz_support.h"

namespace escalade::fuzz {
namespace {

void CheckDiagnostics(const scenario::Diagnostics& diags) {
  for (const io::Diagnostic& d : diags.items()) {
    Require(!d.message.empty(), "a diagnostic without a message", d.ToString());
    Require(d.line >= 0 && d.column >= 0, "a negative line or column", d.ToString());
    Require(d.line > 0 || d.column == 0, "a column without a line", d.ToString());
  }
  (void)diags.ToString();
}

}  // namespace
}  // namespace escalade::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace escalade;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Relative paths in the input (demand.trace) resolve against the scratch
  // directory, which holds nothing they could name.
  const std::string display_path = (fuzz::ScratchDir() / "fuzz.yaml").string();
  scenario::Diagnostics diags(display_path);
  try {
    kernel::Result<scenario::Scenario> loaded =
        scenario::LoadScenarioFromString(text, display_path, diags);
    if (loaded.ok()) {
      fuzz::Require(diags.ok(), "loaded with diagnostics", diags.ToString());
      (void)scenario::SizeSummary(*loaded);
    } else {
      fuzz::Require(!diags.ok(), "refused without a diagnostic", loaded.status().ToString());
    }
  } catch (const std::exception& e) {
    fuzz::Require(false, "LoadScenarioFromString threw", e.what());
  }
  fuzz::CheckDiagnostics(diags);
  return 0;
}
