#include "sim/cli/policies_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "policies/parameters.h"
#include "policies/presets.h"
#include "policies/rules.h"
#include "sim/cli/exit_codes.h"

namespace escalade::cli {
namespace {

void PrintSettings(std::string_view preset) {
  for (const policies::Setting& setting : policies::PresetSettings(preset)) {
    std::printf("      %s: %s\n", setting.name.c_str(), setting.value.c_str());
  }
}

int PrintPolicies(const std::string& only) {
  bool found = only.empty();
  if (only.empty()) std::printf("Presets (policies/README.md documents each):\n");
  for (const policies::PresetInfo& p : policies::Presets()) {
    if (!only.empty() && p.name != only) continue;
    found = true;
    std::printf("  %.*s — %.*s\n    %.*s\n    source: %.*s\n    sets:\n",
                static_cast<int>(p.name.size()), p.name.data(), static_cast<int>(p.title.size()),
                p.title.data(), static_cast<int>(p.summary.size()), p.summary.data(),
                static_cast<int>(p.source.size()), p.source.data());
    PrintSettings(p.name);
  }
  if (only.empty()) std::printf("\nRules written in C++ (policies/rules.cc):\n");
  for (const policies::RuleInfo& r : policies::Rules()) {
    if (!only.empty() && r.name != only) continue;
    found = true;
    std::printf("  %.*s — %.*s\n    starts from: %.*s\n", static_cast<int>(r.name.size()),
                r.name.data(), static_cast<int>(r.summary.size()), r.summary.data(),
                static_cast<int>(r.base_preset.size()), r.base_preset.data());
  }
  if (!found) {
    return Report(kernel::Status::BadInput("no preset or rule named '" + only + "'"));
  }
  if (!only.empty()) return 0;
  std::printf("\nParameters (override them in a scenario with `set: {name: value}`):\n");
  for (const policies::Parameter& q : policies::Parameters()) {
    std::printf("  %.*s (%.*s%s%.*s, default %.*s)\n    %.*s\n", static_cast<int>(q.name.size()),
                q.name.data(), static_cast<int>(q.type.size()), q.type.data(),
                q.unit.empty() ? "" : ", ", static_cast<int>(q.unit.size()), q.unit.data(),
                static_cast<int>(q.default_text.size()), q.default_text.data(),
                static_cast<int>(q.help.size()), q.help.data());
  }
  return 0;
}

}  // namespace

void AddPoliciesCommand(CLI::App& app, int& exit_code) {
  auto only = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "policies", "List the policy presets, the C++ rules and every rule parameter");
  cmd->add_option("name", *only, "show only this preset or rule");
  cmd->callback([only, &exit_code] { exit_code = PrintPolicies(*only); });
}

}  // namespace escalade::cli
