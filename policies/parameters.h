// The rule primitives as parameters: one registry, read by the scenario loader
// (to check `policies[].set` overrides) and by `escalade policies` (to list
// them), and used to build every preset. Each parameter is declared once with
// its name, type, unit, default and help text; its value lands in one field of
// PolicyParams (rule_policy.h).
//
// Making a policy: defaults, then the preset's settings (presets.cc, each with
// its source), then the scenario's overrides, each checked here; then the
// factory of the preset (RulePolicy, or a C++ rule registered in
// rules.cc — see policies/README.md).
//
// Thread safety: immutable data and pure functions.
#ifndef ESCALADE_POLICIES_PARAMETERS_H_
#define ESCALADE_POLICIES_PARAMETERS_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/kernel/status.h"
#include "policies/rule_policy.h"
#include "sim/model/policy.h"

namespace escalade::policies {

struct Parameter {
  std::string_view name;          // as written in `set:` and by `escalade policies`
  std::string_view type;          // "duration", "probability", "number", "integer", "bool", or "a|b|c"
  std::string_view unit;          // "yuan", "people", ... or "" (durations carry their own)
  std::string_view default_text;  // as it would be written in a scenario
  std::string_view help;
  // Parses `value` into its field of *params; the error says what was expected.
  kernel::Status (*apply)(std::string_view value, PolicyParams* params);
};

// Every parameter, in documentation order.
std::span<const Parameter> Parameters();
const Parameter* FindParameter(std::string_view name);

// One `name: value` setting (a preset's or a scenario's override).
struct Setting {
  std::string name;
  std::string value;
};

// The parameters with every default of the registry (the one place defaults are stated).
PolicyParams DefaultParams();
// The parameters of a preset: defaults, then its settings.
kernel::Result<PolicyParams> PresetParams(std::string_view preset);
// The settings a preset makes over the defaults, in order (for docs and `escalade policies`).
std::span<const Setting> PresetSettings(std::string_view preset);

// A fresh policy for one replication: the preset's parameters with `overrides`
// applied in order; `preset` may also name a C++ rule (rules.h), which starts
// from its base preset's parameters. Errors name the parameter and what was
// expected.
kernel::Result<std::unique_ptr<model::Policy>> MakePolicy(std::string name,
                                                          std::string_view preset,
                                                          const std::vector<Setting>& overrides);

}  // namespace escalade::policies

#endif  // ESCALADE_POLICIES_PARAMETERS_H_
