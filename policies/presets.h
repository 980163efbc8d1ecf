// The named reforms that ship with escalade, as a catalogue: a stable name, a
// title and the source of its rules (docs/domain.md). The scenario loader
// checks `policies[].preset` against this list. The rules themselves — the
// parameters a preset sets and a scenario may override — join this catalogue
// with the policy layer (docs: README, "Policies").
//
// Thread safety: immutable data.
#ifndef ESCALADE_POLICIES_PRESETS_H_
#define ESCALADE_POLICIES_PRESETS_H_

#include <optional>
#include <span>
#include <string_view>

namespace escalade::policies {

struct PresetInfo {
  std::string_view name;     // stable identifier used in scenario files
  std::string_view title;    // e.g. "street whistle, departments report (街乡吹哨、部门报到)"
  std::string_view summary;  // the mechanism in one sentence
  std::string_view source;   // where the rules come from
};

// Every shipped preset, in documentation order; layered_reporting (the baseline) first.
std::span<const PresetInfo> Presets();
std::optional<PresetInfo> FindPreset(std::string_view name);

}  // namespace escalade::policies

#endif  // ESCALADE_POLICIES_PRESETS_H_
