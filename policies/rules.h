// Rules written in C++: policies the rule primitives cannot express. Each is
// one file in policies/ defining a model::Policy subclass and a factory, plus
// one line in the list in rules.cc. A rule starts from a preset's parameters
// (its base), so a scenario names it like a preset and may override any
// parameter:
//
//   policies:
//     - preset: red_to_district
//       set: {paperwork_per_hop: 30m}
//
// The walk-through is in policies/README.md ("Writing a rule in C++").
//
// Thread safety: immutable data.
#ifndef ESCALADE_POLICIES_RULES_H_
#define ESCALADE_POLICIES_RULES_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "policies/rule_policy.h"
#include "sim/model/policy.h"

namespace escalade::policies {

// Makes the rule's policy for one replication from its parameters (the base
// preset's, with the scenario's overrides applied).
using RuleFactory = std::unique_ptr<model::Policy> (*)(std::string name,
                                                       PolicyParams params);

struct RuleInfo {
  std::string_view name;         // as written in `preset:`
  std::string_view base_preset;  // whose parameters it starts from
  std::string_view summary;      // what it changes, in one sentence
  RuleFactory make;
};

// Every rule, in registration order (the explicit list in rules.cc).
std::span<const RuleInfo> Rules();
std::optional<RuleInfo> FindRule(std::string_view name);

// The factories of the rules shipped with escalade (one per file).
std::unique_ptr<model::Policy> MakeRedToDistrict(std::string name, PolicyParams params);
std::unique_ptr<model::Policy> MakeAutoDispatch(std::string name, PolicyParams params);

}  // namespace escalade::policies

#endif  // ESCALADE_POLICIES_RULES_H_
